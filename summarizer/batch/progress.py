"""Batch progress: a rich bar on a terminal, plain periodic lines otherwise, a summary line."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from summarizer.batch.records import Tally

__all__ = ["BatchProgress", "format_duration", "summary_line"]

BAR_MIN = 10
"""The narrowest bar kept on a narrow terminal: the status text gives way first."""


def format_duration(seconds: float) -> str:
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _money(tally: Tally) -> list[str]:
    """Tokens, and dollars only when some article ran on a model with a known price: an
    engine or model with no price gets no cost column at all (not "$0.0000")."""
    parts = []
    if tally.tokens:
        parts.append(f"{tally.tokens:,} tokens")
    if tally.priced or tally.cost_usd:
        cost = f"${tally.cost_usd:.4f}"
        if tally.unpriced:
            cost += f" (+{tally.unpriced} articles on a model with no known price)"
        parts.append(cost)
    elif tally.unpriced:
        parts.append("cost unknown (no known price for the model)")
    return parts


def _rate_and_eta(tally: Tally, elapsed: float) -> tuple[float, str]:
    rate = tally.finished / elapsed if elapsed > 0 else 0.0
    return rate, format_duration(tally.remaining / rate) if rate > 0 else "?"


def _status(tally: Tally, elapsed: float) -> str:
    """The periodic plain line (no terminal): the count, then the rest."""
    rate, eta = _rate_and_eta(tally, elapsed)
    parts = [
        f"{tally.finished + tally.skipped + tally.duplicates}/{tally.total}",
        f"{tally.failed} failed",
        f"{rate:.1f} articles/s",
        f"ETA {eta}",
        *_money(tally),
    ]
    return ", ".join(parts)


def _bar_status(tally: Tally, elapsed: float, room: int) -> str:
    """The text beside the bar (which shows the count itself): as many of the parts,
    most useful first, as fit in ``room`` columns, so a narrow terminal keeps one line."""
    rate, eta = _rate_and_eta(tally, elapsed)
    money = _money(tally)
    parts = [f"{tally.failed} failed", f"ETA {eta}", f"{rate:.1f}/s", *money[:1]]
    shown: list[str] = []
    for part in parts:
        if len(" · ".join([*shown, part])) > room:
            break
        shown.append(part)
    return " · ".join(shown)


def _duplicates(tally: Tally) -> str:
    named = ", ".join(tally.duplicate_ids)
    more = tally.duplicates - len(tally.duplicate_ids)
    ids = "id" if tally.duplicates == 1 else "ids"
    if more > 0:
        named += f" and {more} more"
    return f", {tally.duplicates} duplicate {ids} ignored ({named})"


def summary_line(tally: Tally, elapsed: float, output: str) -> str:
    """The final line: what was done, how fast, what it cost, where it went."""
    rate = tally.finished / elapsed if elapsed > 0 else 0.0
    line = (
        f"batch: {tally.finished} articles in {elapsed:.1f}s ({rate:.1f}/s): {tally.ok} ok, "
        f"{tally.failed} failed, {tally.skipped} already done"
    )
    if tally.failed_before:
        line += f" ({tally.failed_before} of them failed: --retry-failed redoes them)"
    if tally.duplicates:
        line += _duplicates(tally)
    if tally.requests or tally.cache_hits:
        line += f"; {tally.requests} model requests, {tally.cache_hits} answered by the cache"
    if money := _money(tally):
        line += "; " + ", ".join(money)
    return f"{line} -> {output}"


class BatchProgress:
    """Reports a Tally while the batch runs. ``update()`` is cheap: call it after every article."""

    def __init__(
        self,
        tally: Tally,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
        interval: float = 10.0,
        rich: bool | None = None,
    ) -> None:
        self.tally = tally
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.interval = interval
        self.started = time.perf_counter()
        self._last = self.started
        use_rich = self.stream.isatty() if rich is None else rich
        self._bar: Any = None
        self._task: Any = None
        if use_rich and not quiet:
            self._start_rich()

    def _start_rich(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("batch"),
            BarColumn(bar_width=None),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            console=Console(file=self.stream),
            transient=True,
            expand=True,
        )
        self._task = self._bar.add_task("batch", total=self.tally.total or None, status="")
        self._bar.start()

    def _room(self) -> int:
        """Columns left for the status: the width, less "batch", a bar of at least 10 and
        the count (as wide as "total/total"), and the spaces between them."""
        count = 2 * len(str(self.tally.total)) + 1
        return int(self._bar.console.width) - len("batch") - BAR_MIN - count - 3

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def update(self) -> None:
        if self.quiet:
            return
        now = time.perf_counter()
        if self._bar is not None:
            self._bar.update(
                self._task,
                completed=self.tally.finished + self.tally.skipped + self.tally.duplicates,
                status=_bar_status(self.tally, now - self.started, self._room()),
            )
        elif now - self._last >= self.interval:
            self._last = now
            print(f"batch: {_status(self.tally, now - self.started)}", file=self.stream, flush=True)

    def say(self, message: str) -> None:
        if not self.quiet:
            if self._bar is not None:
                self._bar.console.print(message, markup=False, highlight=False)
            else:
                print(message, file=self.stream, flush=True)

    def finish(self, output: str) -> str:
        """Stop the bar and print (unless quiet) the summary line, which is returned."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        line = summary_line(self.tally, self.elapsed, output)
        if not self.quiet:
            print(line, file=self.stream, flush=True)
        return line
