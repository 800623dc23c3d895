"""The LLM batch runner: N asyncio workers sharing one transport (cache, back-off, limits)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

from summarizer.batch.inputs import Item
from summarizer.batch.output import ResultLog
from summarizer.batch.progress import BatchProgress
from summarizer.batch.records import Tally, error_record, summary_record
from summarizer.batch.transport import ArticleTraffic, BatchTransport, article_traffic
from summarizer.config import Settings
from summarizer.errors import ConfigError, ProviderError
from summarizer.pricing import PriceTable, with_cost
from summarizer.schema import Summary

__all__ = ["FATAL_STATUS", "run_llm"]

FATAL_STATUS = (401, 403, 404)
"""Provider refusals about the configuration (key, permission, model), not the article:
they stop the batch instead of filling the output with identical error lines."""

Summarise = Callable[..., Awaitable[Summary]]


def _fatal(error: BaseException) -> bool:
    if isinstance(error, ConfigError):
        return True
    return isinstance(error, ProviderError) and error.status_code in FATAL_STATUS


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
    summarise: Summarise | None = None,
) -> None:
    """Summarise every item with ``concurrency`` workers; each result is appended at once."""
    if summarise is None:
        from summarizer.api import asummarise

        summarise = asummarise
    settings = settings.with_(async_transport=transport)

    async def one(item: Item) -> None:
        traffic = ArticleTraffic()
        article_traffic.set(traffic)
        try:
            text = item.load(settings.max_chars)
            summary = await summarise(text, settings=settings)
            summary = summary.model_copy(update={"meta": with_cost(summary.meta, prices)})
            record = summary_record(item, summary)
        except Exception as error:
            if _fatal(error):
                raise
            record = error_record(item, error)
        log.append(record)
        tally.add(record)
        tally.requests += traffic.sent
        tally.cache_hits += traffic.cache_hits
        if traffic.spent.total_tokens:
            tally.tokens += traffic.spent.total_tokens
            cost = prices.cost(settings.model, traffic.spent)
            if cost is None:
                tally.unpriced += 1
            else:
                tally.cost_usd += cost
        progress.update()

    async def worker() -> None:
        for item in items:  # one shared iterator: next() never awaits, so no item is taken twice
            await one(item)

    tasks = [asyncio.create_task(worker()) for _ in range(max(1, concurrency))]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
