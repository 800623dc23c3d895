"""The LLM batch runner over several processes (``--workers N`` with the LLM engine).

With a fast server the client's own CPU (prompt, openai client, instructor's
parsing and validation, grounding) becomes the limit of one event loop. This
splits ``--concurrency`` over N processes, each running the asyncio runner's
per-article code. The 429 back-off stays shared (one float in shared memory
that every process's transport honours); ``--rpm``/``--tpm`` are divided
evenly, so the total never exceeds them; the sqlite cache is safe across
processes. Results come back to this process, the only writer of the output.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from summarizer.batch.aiohttp_transport import AiohttpTransport
from summarizer.batch.inputs import Item
from summarizer.batch.llm_runner import (
    articles_in_progress,
    freeze_heap,
    summarise_item,
    until_done_or_refused,
)
from summarizer.batch.network import NetworkThread
from summarizer.batch.orphans import exit_with_parent
from summarizer.batch.output import ResultLog
from summarizer.batch.progress import BatchProgress
from summarizer.batch.records import Tally
from summarizer.batch.refusals import RefusalWatch
from summarizer.batch.transport import ArticleTraffic, BatchTransport
from summarizer.cache import ResponseCache
from summarizer.config import Settings
from summarizer.errors import ConfigError, ProviderError, SummarizerError
from summarizer.pricing import PriceTable
from summarizer.ratelimit import RateLimiter, SharedBackoff, SharedFloat
from summarizer.schema import Usage

__all__ = ["Limits", "run_llm_processes"]


class Limits:
    """What each worker process gets: its share of concurrency, rpm and tpm, and the cache."""

    def __init__(
        self,
        concurrency: int,
        rpm: int | None,
        tpm: int | None,
        cache_dir: Path | None,
        use_cache: bool,
    ) -> None:
        self.concurrency = concurrency
        self.rpm = rpm
        self.tpm = tpm
        self.cache_dir = cache_dir
        self.use_cache = use_cache

    def split(self, workers: int) -> list[Limits]:
        shares = [
            self.concurrency // workers + (i < self.concurrency % workers) for i in range(workers)
        ]
        return [
            Limits(
                share,
                max(1, self.rpm // workers) if self.rpm else None,
                max(1, self.tpm // workers) if self.tpm else None,
                self.cache_dir,
                self.use_cache,
            )
            for share in shares
        ]


async def _child_loop(
    settings: Settings,
    prices: PriceTable,
    limits: Limits,
    shared: SharedFloat,
    tasks: Any,
    results: Any,
) -> None:
    transport = BatchTransport(
        AiohttpTransport(),
        cache=ResponseCache(limits.cache_dir) if limits.use_cache else None,
        backoff=SharedBackoff(shared=shared),
        limiter=RateLimiter(limits.rpm, limits.tpm),
        in_flight=limits.concurrency,
        network=NetworkThread(),
    )
    settings = settings.with_(async_transport=transport)
    freeze_heap()
    loop = asyncio.get_running_loop()
    articles = articles_in_progress(limits.concurrency)
    getters = ThreadPoolExecutor(max_workers=articles)

    async def worker() -> None:
        while (item := await loop.run_in_executor(getters, tasks.get)) is not None:
            try:
                record, traffic = await summarise_item(item, settings, prices)
            except SummarizerError as error:
                status = getattr(error, "status_code", None)
                results.put(("fatal", type(error).__name__, error.message, status))
                return
            spent = traffic.spent
            results.put(
                ("record", record, traffic.sent, traffic.cache_hits, spent.prompt_tokens,
                 spent.completion_tokens, traffic.refused)
            )  # fmt: skip

    running = [asyncio.create_task(worker()) for _ in range(articles)]
    try:
        await until_done_or_refused(running, transport, settings.base_url)
    except ProviderError as error:  # nothing listening: the parent stops every process
        results.put(("fatal", type(error).__name__, error.message, None))
    finally:
        for task in running:
            task.cancel()
        results.put(("done", transport.backoff.pauses))
        await transport.close_inner()
        getters.shutdown(wait=False, cancel_futures=True)


def _child(
    settings: Settings,
    prices: PriceTable,
    limits: Limits,
    shared: SharedFloat,
    tasks: Any,
    results: Any,
    batch_pid: int,
) -> None:
    """A worker process: leaves Ctrl-C to the parent, which stops it; ends if it dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent(batch_pid)
    asyncio.run(_child_loop(settings, prices, limits, shared, tasks, results))


def _feed(items: Iterator[Item], tasks: Any, sentinels: int, stop: threading.Event) -> None:
    """Put every item, then one end marker per worker coroutine, giving up when stopped."""
    for item in _with_ends(items, sentinels):
        while not stop.is_set():
            try:
                tasks.put(item, timeout=0.2)
                break
            except queue.Full:
                continue
        if stop.is_set():
            return


def _with_ends(items: Iterator[Item], sentinels: int) -> Iterator[Item | None]:
    yield from items
    yield from [None] * sentinels


def _error(kind: str, message: str, status: int | None) -> SummarizerError:
    if kind == "ConfigError":
        return ConfigError(message)
    return ProviderError(message, status_code=status)


def run_llm_processes(
    items: Iterator[Item],
    settings: Settings,
    *,
    log: ResultLog,
    tally: Tally,
    progress: BatchProgress,
    prices: PriceTable,
    limits: Limits,
    workers: int,
) -> int:
    """Summarise every item in ``workers`` processes; return how many 429 pauses there were."""
    workers = max(1, min(workers, limits.concurrency))
    context = multiprocessing.get_context("spawn")
    shares = limits.split(workers)
    ends = sum(articles_in_progress(share.concurrency) for share in shares)  # one a coroutine
    tasks = context.Queue(maxsize=ends)
    results = context.Queue()
    shared = context.Value("d", 0.0, lock=False)
    processes = [
        context.Process(
            target=_child,
            args=(settings, prices, share, shared, tasks, results, os.getpid()),
            daemon=True,
        )
        for share in shares
    ]
    for process in processes:
        process.start()
    stop = threading.Event()
    feeder = threading.Thread(target=_feed, args=(items, tasks, ends, stop), daemon=True)
    feeder.start()
    finished = pauses = 0
    refusals = RefusalWatch(settings.base_url)
    try:
        while finished < len(processes):
            try:
                message = results.get(timeout=0.5)
            except queue.Empty:
                dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(
                        f"a batch worker process died (exit code {dead[0]}); finished articles "
                        "are saved: run the same command again to resume"
                    ) from None
                continue
            if message[0] == "record":
                _, record, sent, hits, prompt_tokens, completion_tokens, refused = message
                traffic = ArticleTraffic(
                    sent,
                    hits,
                    Usage(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens),
                )
                for line in refusals.take(record, refused):
                    log.append(line)
                    tally.add(line)
                tally.add_traffic(traffic, prices.cost(settings.model, traffic.spent))
                progress.update()
            elif message[0] == "fatal":
                raise _error(*message[1:])
            else:
                finished += 1
                pauses += message[1]
        for line in refusals.flush():
            log.append(line)
            tally.add(line)
    finally:
        stop.set()
        for process in processes:
            if finished == len(processes):
                process.join(timeout=5)  # they are exiting on their own
            if process.is_alive():
                process.terminate()
                process.join()
    return pauses
