"""The offline batch runner: a process pool, a bounded number of chunks in flight."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any

from summarizer.batch.inputs import Item
from summarizer.batch.orphans import exit_with_parent
from summarizer.batch.output import ResultLog
from summarizer.batch.progress import BatchProgress
from summarizer.batch.records import Tally, error_record, summary_record
from summarizer.config import Settings

__all__ = ["run_pool", "summarise_chunk"]

CHUNK = 4
"""Articles per task: enough to amortise the inter-process hop, few enough to lose little
on a kill (unfinished chunks are simply redone on resume)."""


def summarise_chunk(chunk: list[Item], settings: Settings) -> list[dict[str, Any]]:
    """Summarise a few items (in a worker process); every outcome becomes a record."""
    from summarizer.api import summarise

    records = []
    for item in chunk:
        try:
            loaded = item.read(settings.max_chars, settings.encoding)
            summary = summarise(loaded.text, settings=settings)
            records.append(summary_record(item, summary, loaded))
        except Exception as error:
            records.append(error_record(item, error))
    return records


def _ready() -> None:
    """A no-op task: submitting one per worker starts the worker processes."""


def _start_worker(batch_pid: int) -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and says how to resume,
    and end when the parent dies (``kill -9``) instead of waiting for tasks for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent(batch_pid)


def run_pool(
    items: Iterator[Item],
    settings: Settings,
    *,
    log: ResultLog,
    tally: Tally,
    progress: BatchProgress,
    workers: int,
) -> None:
    """Summarise every item with the offline engine in ``workers`` processes (1: in-process)."""

    def take(records: list[dict[str, Any]]) -> None:
        for record in records:
            log.append(record)
            tally.add(record)
        progress.update()

    if workers <= 1:
        for item in items:
            take(summarise_chunk([item], settings))
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),)
    )
    pending: set[Future[list[dict[str, Any]]]] = set()
    try:
        # Start every worker before the inputs are listed, so no worker inherits the listing.
        wait([pool.submit(_ready) for _ in range(workers)])
        while chunk := list(islice(items, CHUNK)):
            pending.add(pool.submit(summarise_chunk, chunk, settings))
            if len(pending) >= workers * 2:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    take(future.result())
        for future in pending:
            take(future.result())
        pending = set()
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)
