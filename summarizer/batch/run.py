"""``run_batch``: resume from the output file, pick the runner for the engine, report."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.batch.aiohttp_transport import AiohttpTransport
from summarizer.batch.fetching import fetch_items, remote_input
from summarizer.batch.inputs import (
    Input,
    Item,
    count_each,
    iter_items,
    output_among_inputs,
)
from summarizer.batch.llm_processes import Limits, run_llm_processes
from summarizer.batch.llm_runner import run_llm
from summarizer.batch.network import NetworkThread
from summarizer.batch.output import ResultLog, Resume
from summarizer.batch.pool_runner import run_pool
from summarizer.batch.progress import BatchProgress
from summarizer.batch.records import Tally
from summarizer.batch.transport import BatchTransport
from summarizer.cache import ResponseCache
from summarizer.config import CONCURRENCY, NumberRange, Settings, check_number
from summarizer.engines import engine_for
from summarizer.errors import ConfigError, NothingToDoError
from summarizer.pricing import PriceTable, load_prices
from summarizer.ratelimit import RateLimiter
from summarizer.sources.fetch import FETCH_TIMEOUT, FetchOptions
from summarizer.sources.politeness import HOST_DELAY, PER_HOST, HostGate, Politeness
from summarizer.sources.urls import is_url

__all__ = ["BatchOptions", "run_batch"]


@dataclass
class BatchOptions:
    """Everything ``summarise batch`` takes besides the engine settings."""

    inputs: list[str]
    output: Path
    glob: str = "*.txt"
    retry_failed: bool = False
    concurrency: int = 8
    workers: int | None = None
    """Processes: for the offline engine None means one per core; for the LLM engine None
    means one (a single event loop), more splits --concurrency over that many processes."""
    rpm: int | None = None
    tpm: int | None = None
    cache: bool = True
    cache_dir: Path | None = None
    prices: Path | None = None
    quiet: bool = False
    progress_interval: float = 10.0
    rich: bool | None = None
    """Force the rich bar on (True) or off (False); None: only on a terminal."""
    fetch: FetchOptions = field(default_factory=lambda: FetchOptions(respect_robots=True))
    """How URLs are fetched; a batch asks robots.txt by default (``--no-respect-robots``)."""
    politeness: Politeness = field(default_factory=Politeness)
    """Per-host fetch limits (``--per-host``, ``--host-delay``)."""
    transport_inner: object | None = field(default=None, repr=False)
    """The real transport under the batch's (tests and benchmarks); default AiohttpTransport."""

    def check(self) -> None:
        check_number("--concurrency", self.concurrency, CONCURRENCY)
        for name, value, allowed in (
            ("--workers", self.workers, NumberRange(int, 1, 256)),
            ("--rpm", self.rpm, NumberRange(int, 1, 1_000_000)),
            ("--tpm", self.tpm, NumberRange(int, 1, 1_000_000_000)),
            ("--per-host", self.politeness.per_host, PER_HOST),
            ("--host-delay", self.politeness.delay, HOST_DELAY),
            ("--fetch-timeout", self.fetch.timeout, FETCH_TIMEOUT),
        ):
            if value is not None:
                check_number(name, value, allowed)


def _pending(items: Iterator[Item], done: set[str], tally: Tally) -> Iterator[Item]:
    """Skip ids already in the output; an id met again in the inputs is a named duplicate
    (whether or not its first record was done in an earlier run: counts agree run to run)."""
    seen: set[str] = set()
    for item in items:
        key = item.key
        if key in seen:
            tally.add_duplicate(key)
            continue
        seen.add(key)
        if key in done:
            tally.skipped += 1
        else:
            yield item


def _resume_note(resume: Resume) -> str | None:
    if not (resume.ok or resume.failed or resume.retried or resume.repaired):
        return None
    note = f"resume: {resume.ok} done and {resume.failed} failed already in the output"
    if resume.retried:
        note += f"; {resume.retried} failed articles will be retried"
    if resume.repaired:
        note += f"; {resume.repaired} half-written line(s) removed and redone"
    return note


async def _run_llm(
    items: Iterator[Item],
    settings: Settings,
    options: BatchOptions,
    log: ResultLog,
    tally: Tally,
    progress: BatchProgress,
    prices: PriceTable,
) -> None:
    transport = BatchTransport(
        options.transport_inner or AiohttpTransport(),  # type: ignore[arg-type]
        cache=ResponseCache(options.cache_dir) if options.cache else None,
        limiter=RateLimiter(options.rpm, options.tpm),
        in_flight=options.concurrency,
        network=NetworkThread(),
    )
    try:
        await run_llm(
            items,
            settings,
            log=log,
            tally=tally,
            progress=progress,
            transport=transport,
            prices=prices,
            concurrency=options.concurrency,
        )
    finally:
        _say_pauses(progress, transport.backoff.pauses)
        await transport.close_inner()


def _say_pauses(progress: BatchProgress, pauses: int) -> None:
    if pauses:
        progress.say(f"batch: the server asked us to slow down {pauses} times")


def _fetched_urls(options: BatchOptions, settings: Settings) -> list[Input]:
    """The inputs with every URL fetched once: a feed becomes its entries, a page itself."""
    inputs: list[Input] = []
    for raw in options.inputs:
        if is_url(str(raw)):
            inputs.append(
                remote_input(
                    str(raw),
                    options.fetch,
                    max_chars=settings.max_chars,
                    encoding=settings.encoding,
                )
            )
        else:
            inputs.append(raw)
    return inputs


def run_batch(options: BatchOptions, settings: Settings) -> Tally:
    """Summarise every input article into ``options.output``; return the counts
    (``Tally.complete`` says whether every article now has a summary line)."""
    options.check()
    prices = load_prices(options.prices)
    inputs = _fetched_urls(options, settings)
    counts = count_each(inputs, options.glob)
    total = sum(counts)
    if (source := output_among_inputs(inputs, options.glob, options.output)) is not None:
        raise ConfigError(
            f"-o {options.output} is one of the inputs ({source}); choose another output file"
        )
    if total == 0:
        where = ", ".join(str(raw) for raw in options.inputs)
        raise NothingToDoError(
            f"nothing to do: no article in {where} (no file matches --glob "
            f"{options.glob!r}, or the JSONL is empty); check the paths or --glob"
        )
    tally = Tally(total=total)
    log = ResultLog(options.output)
    resume = log.open(retry_failed=options.retry_failed)
    tally.failed_before = resume.failed
    progress = BatchProgress(
        tally, quiet=options.quiet, interval=options.progress_interval, rich=options.rich
    )
    for raw, count in zip(options.inputs, counts, strict=True):
        if count == 0 and not is_url(str(raw)):
            why = f"no file matches --glob {options.glob!r}" if Path(raw).is_dir() else "empty"
            progress.say(f"warning: {raw}: no article ({why}); the other inputs go on")
    if note := _resume_note(resume):
        progress.say(note)
    items = fetch_items(
        _pending(iter_items(inputs, options.glob), resume.done, tally),
        options.fetch,
        HostGate(options.politeness),
        max_chars=settings.max_chars,
        encoding=settings.encoding,
    )
    try:
        if not engine_for(settings.engine).needs_network:  # CPU work: a process pool
            workers = options.workers or os.cpu_count() or 1
            run_pool(items, settings, log=log, tally=tally, progress=progress, workers=workers)
        elif options.workers is not None and options.workers > 1:
            limits = Limits(
                options.concurrency, options.rpm, options.tpm, options.cache_dir, options.cache
            )
            pauses = run_llm_processes(
                items,
                settings,
                log=log,
                tally=tally,
                progress=progress,
                prices=prices,
                limits=limits,
                workers=options.workers,
            )
            _say_pauses(progress, pauses)
        else:
            asyncio.run(_run_llm(items, settings, options, log, tally, progress, prices))
    finally:
        log.close()
        progress.finish(str(options.output))
    return tally
