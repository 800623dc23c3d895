"""Batch progress: a rich bar on a terminal, plain periodic lines otherwise, a summary line."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from summarizer.batch.records import Tally

__all__ = ["BatchProgress", "format_duration", "summary_line"]


def format_duration(seconds: float) -> str:
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _money(tally: Tally) -> str:
    parts = []
    if tally.tokens:
        parts.append(f"{tally.tokens:,} tokens")
    if tally.tokens or tally.cost_usd:
        cost = f"${tally.cost_usd:.4f}"
        if tally.unpriced:
            cost += f" (+{tally.unpriced} articles on a model with no known price)"
        parts.append(cost)
    return ", ".join(parts)


def _status(tally: Tally, elapsed: float) -> str:
    rate = tally.finished / elapsed if elapsed > 0 else 0.0
    eta = format_duration(tally.remaining / rate) if rate > 0 else "?"
    parts = [
        f"{tally.finished + tally.skipped}/{tally.total}",
        f"{tally.failed} failed",
        f"{rate:.1f} articles/s",
        f"ETA {eta}",
    ]
    if money := _money(tally):
        parts.append(money)
    return ", ".join(parts)


def summary_line(tally: Tally, elapsed: float, output: str) -> str:
    """The final line: what was done, how fast, what it cost, where it went."""
    rate = tally.finished / elapsed if elapsed > 0 else 0.0
    line = (
        f"batch: {tally.finished} articles in {elapsed:.1f}s ({rate:.1f}/s): {tally.ok} ok, "
        f"{tally.failed} failed, {tally.skipped} already done"
    )
    if tally.duplicates:
        line += f", {tally.duplicates} duplicate ids ignored"
    if tally.requests or tally.cache_hits:
        line += f"; {tally.requests} model requests, {tally.cache_hits} answered by the cache"
    if money := _money(tally):
        line += f"; {money}"
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
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            console=Console(file=self.stream),
            transient=True,
        )
        self._task = self._bar.add_task("batch", total=self.tally.total or None, status="")
        self._bar.start()

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
                status=_status(self.tally, now - self.started),
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
