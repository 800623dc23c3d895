"""Articles of any length through the LLM engine: one request when the article fits the
input token budget, else one per part and one final call.

A long article is split into overlapping parts (``summarizer.chunking``); each part is
drafted by the engine as an article of its own, with the article's ids and offsets;
the parts' Drafts are merged (``summarizer.merge``); a last, short call writes the
title, summary and key points from the parts' own (``llm/overview.py``). So a long
article costs ``parts + 1`` requests (re-asks and transient retries aside).

Each call keeps its own budget of re-asks (``--max-retries``) and of transient retries:
a part that needs re-asks does not take them from another. The sync path drafts the
parts one after the other; the async one ``PARTS_IN_FLIGHT`` at a time (in a batch, the
shared transport also keeps every request in flight within ``--concurrency``). The first
part that fails fails the article, as a failed call fails a short one.
"""

from __future__ import annotations

import asyncio

from summarizer.chunking import Chunk, document_tokens, part_document, split_document
from summarizer.config import Settings
from summarizer.document import Document
from summarizer.draft import Draft
from summarizer.llm.client import Tally
from summarizer.llm.engine import adraft_with_llm, draft_with_llm
from summarizer.llm.overview import aoverview, overview
from summarizer.merge import merge_drafts
from summarizer.schema import Meta, Usage
from summarizer.tokens import input_budget, token_counter

__all__ = ["PARTS_IN_FLIGHT", "adraft_article", "draft_article", "plan_parts"]

PARTS_IN_FLIGHT = 4
"""Parts of one article drafted at once on the async path."""


def plan_parts(document: Document, settings: Settings) -> list[Chunk]:
    """The parts ``document`` is drafted in: one when it fits ``input_budget``."""
    budget = input_budget(settings)
    count = token_counter(settings.model)
    if document_tokens(document, count) <= budget:
        return [Chunk(1, document.body_start, len(document.text), document.body_start, 0)]
    return split_document(document, budget, count)


def draft_article(document: Document, settings: Settings) -> tuple[Draft, Meta]:
    """``draft_with_llm`` for an article of any length (sync)."""
    chunks = plan_parts(document, settings)
    if len(chunks) == 1:
        return draft_with_llm(document, settings)
    drafted = [
        draft_with_llm(part_document(document, chunk, len(chunks)), settings) for chunk in chunks
    ]
    tally = Tally()
    whole, warnings = overview([draft for draft, _ in drafted], settings, tally)
    return _merged(document, chunks, drafted, whole, warnings, tally)


async def adraft_article(document: Document, settings: Settings) -> tuple[Draft, Meta]:
    """``adraft_with_llm`` for an article of any length (parts ``PARTS_IN_FLIGHT`` at once)."""
    chunks = plan_parts(document, settings)
    if len(chunks) == 1:
        return await adraft_with_llm(document, settings)
    gate = asyncio.Semaphore(PARTS_IN_FLIGHT)

    async def draft(chunk: Chunk) -> tuple[Draft, Meta]:
        async with gate:
            return await adraft_with_llm(part_document(document, chunk, len(chunks)), settings)

    async with asyncio.TaskGroup() as group:  # the first failure cancels the others
        tasks = [group.create_task(draft(chunk)) for chunk in chunks]
    drafted = [task.result() for task in tasks]
    tally = Tally()
    whole, warnings = await aoverview([d for d, _ in drafted], settings, tally)
    return _merged(document, chunks, drafted, whole, warnings, tally)


def _merged(
    document: Document,
    chunks: list[Chunk],
    drafted: list[tuple[Draft, Meta]],
    whole: Draft,
    warnings: list[str],
    tally: Tally,
) -> tuple[Draft, Meta]:
    """The merged Draft with the final call's title, summary and key points, and one Meta
    for every call (attempts and tokens summed)."""
    merged = merge_drafts(
        [(chunk, draft) for chunk, (draft, _) in zip(chunks, drafted, strict=True)], document
    )
    merged.title, merged.summary, merged.key_points = whole.title, whole.summary, whole.key_points
    merged.warnings.extend(warnings)
    metas = [meta for _, meta in drafted]
    usage = sum((meta.usage for meta in metas), Usage()) + tally.usage
    meta = metas[0].model_copy(
        update={
            "attempts": sum(meta.attempts for meta in metas) + tally.attempts,
            "usage": usage,
            "warnings": [w for meta in metas for w in meta.warnings],
            "chunks": len(chunks),
        }
    )
    return merged, meta
