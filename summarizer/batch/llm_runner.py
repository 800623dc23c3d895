"""The LLM batch runner: N asyncio workers sharing one transport (cache, back-off, limits)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from summarizer.batch.inputs import Item
from summarizer.batch.output import ResultLog
from summarizer.batch.progress import BatchProgress
from summarizer.batch.records import Tally, error_record, summary_record
from summarizer.batch.refusals import REFUSED_IN_A_ROW, RefusalWatch, nothing_listening
from summarizer.batch.transport import ArticleTraffic, BatchTransport, article_traffic
from summarizer.config import Settings
from summarizer.errors import ConfigError, ProviderError
from summarizer.pricing import PriceTable, with_cost

__all__ = [
    "articles_in_progress",
    "freeze_heap",
    "run_llm",
    "summarise_item",
    "until_done_or_refused",
]


def _fatal(error: BaseException) -> bool:
    """Errors about the configuration, not the article (``ProviderError.fatal``): they stop
    the batch instead of filling the output with identical error lines."""
    if isinstance(error, ConfigError):
        return True
    return isinstance(error, ProviderError) and error.fatal


def articles_in_progress(concurrency: int) -> int:
    """How many articles a loop works on for ``concurrency`` requests in flight: twice as
    many, so that when an answer frees a slot the next request is already built and goes
    out at once (the transport's ``in_flight`` keeps the requests sent at ``concurrency``).
    """
    return 2 * max(1, concurrency)


def freeze_heap() -> None:
    """Import the engine now, then move every object alive (modules, classes, schemas:
    hundreds of thousands) out of the garbage collector's sight. Otherwise each full
    collection during the batch walks them all again, a pause that
    stalls every worker at once, several times in a batch of a few hundred articles. Process-wide:
    what is frozen is never collected, so call it once the process is set up."""
    import summarizer.api
    import summarizer.llm.engine  # noqa: F401

    gc.freeze()


async def summarise_item(
    item: Item, settings: Settings, prices: PriceTable
) -> tuple[dict[str, Any], ArticleTraffic]:
    """One article's output line and what its requests did; fatal provider errors raise."""
    from summarizer.api import asummarise

    traffic = ArticleTraffic()
    article_traffic.set(traffic)  # this task's own context: its requests are counted here
    try:
        loaded = item.read(settings.max_chars, settings.encoding)
        summary = await asummarise(loaded.text, settings=settings)
        summary = summary.model_copy(update={"meta": with_cost(summary.meta, prices)})
        return summary_record(item, summary, loaded), traffic
    except Exception as error:
        if _fatal(error):
            raise
        return error_record(item, error), traffic


def _retrieve(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


async def until_done_or_refused(
    tasks: list[asyncio.Task[None]], transport: BatchTransport, base_url: str | None
) -> None:
    """Wait for ``tasks``; raise ``nothing_listening`` as soon as the transport has seen
    ``REFUSED_IN_A_ROW`` refused requests in a row (the caller cancels the tasks)."""
    work = asyncio.gather(*tasks)
    # Stopped early (refused, Ctrl-C), nobody awaits ``work``: retrieve its outcome here, or
    # asyncio prints "exception was never retrieved" with a traceback when it is collected.
    work.add_done_callback(_retrieve)
    refused = asyncio.create_task(transport.nothing_listening.wait())
    either: list[asyncio.Future[Any]] = [work, refused]
    try:
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    finally:
        refused.cancel()
    if not work.done():
        raise nothing_listening(base_url, f"{REFUSED_IN_A_ROW} connections in a row were refused")
    work.result()


async def run_llm(
    items: Iterator[Item],
    settings: Settings,
    *,
    log: ResultLog,
    tally: Tally,
    progress: BatchProgress,
    transport: BatchTransport,
    prices: PriceTable,
    concurrency: int,
) -> None:
    """Summarise every item with ``concurrency`` requests in flight (the transport's limit)
    and twice as many articles in progress; each result is appended at once."""
    settings = settings.with_(async_transport=transport)
    freeze_heap()
    refusals = RefusalWatch(settings.base_url)

    def write(lines: list[dict[str, Any]]) -> None:
        for line in lines:
            log.append(line)
            tally.add(line)

    # The next item is taken in one thread of its own: listing may block (a URL is fetched
    # under the per-host limits first), and the event loop must keep serving the requests
    # in flight meanwhile. One thread: next() is never called twice at once.
    taker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-items")
    loop = asyncio.get_running_loop()

    async def worker() -> None:
        while (item := await loop.run_in_executor(taker, next, items, None)) is not None:
            record, traffic = await summarise_item(item, settings, prices)
            write(refusals.take(record, traffic.refused))
            tally.add_traffic(traffic, prices.cost(settings.model, traffic.spent))
            progress.update()

    tasks = [asyncio.create_task(worker()) for _ in range(articles_in_progress(concurrency))]
    try:
        await until_done_or_refused(tasks, transport, settings.base_url)
        write(refusals.flush())
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        taker.shutdown(wait=False, cancel_futures=True)
