"""A batch answer through the same validation and grounding as an interactive answer.

The article is summarised by the ordinary engine path (``summarise_document``), with a
transport that answers its first request with the answer the Batch API gave, after
checking that the request is still the one submitted (same article, prompt, options).
A request after that is a re-ask (a reference that failed validation, or an answer cut
off at the token limit): it is sent interactively (``--max-retries`` bounds it, as
always), or with ``--no-reask`` it ends the article as an error line. The answer is
stored in the response cache under the interactive request's key, so a later
interactive run or eval of the same article costs nothing.
"""

from __future__ import annotations

import httpx

from summarizer.batch.inputs import Item
from summarizer.batch.openai_batch.answers import Answer
from summarizer.batch.openai_batch.requests import body_digest
from summarizer.batch.records import error_record, summary_record
from summarizer.batch.transport import usage_of
from summarizer.cache import CachingTransport, ResponseCache, request_key
from summarizer.config import Settings
from summarizer.errors import ConfigError, InputError, OutputError, ProviderError
from summarizer.pricing import PriceTable
from summarizer.retry import proxy_for
from summarizer.schema import Usage

__all__ = ["Ingested", "ingest_answer", "reask_transport"]

NO_REASK = (
    "the Batch API answer failed validation and --no-reask is set; run again with "
    "--retry-failed (without --no-reask) to re-ask it interactively"
)


class _Replay(httpx.BaseTransport):
    """First request: the batch answer. Later ones: ``forward`` (or refused)."""

    def __init__(
        self,
        answer: bytes,
        digest: str,
        forward: httpx.BaseTransport | None,
        cache: ResponseCache | None,
    ) -> None:
        self.answer = answer
        self.digest = digest
        self.forward = forward
        self.cache = cache
        self.replayed = False
        self.reasks = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        if not self.replayed:
            self.replayed = True
            if body_digest(body) != self.digest:
                raise InputError(
                    "the article (or the model options, or the prompt) changed since it was "
                    "submitted to the Batch API; run again with --retry-failed to submit it anew"
                )
            if self.cache is not None:
                key, model = request_key(request.url.path, body)
                self.cache.put(key, model, self.answer)
            headers = {"content-type": "application/json"}
            return httpx.Response(200, headers=headers, content=self.answer, request=request)
        if self.forward is None:
            raise OutputError(NO_REASK)
        self.reasks += 1
        return self.forward.handle_request(request)


def reask_transport(settings: Settings, cache: ResponseCache | None) -> httpx.BaseTransport:
    """Where re-asks go, shared by every article of a run (through the cache, if on)."""
    inner = settings.transport or httpx.HTTPTransport(proxy=proxy_for(settings))
    return CachingTransport(cache, inner) if cache is not None else inner


class Ingested:
    """One article's output line, and what it cost."""

    def __init__(self, record: dict[str, object], cost: float | None, usage: Usage) -> None:
        self.record = record
        self.cost = cost
        self.usage = usage
        self.reasks = 0


def ingest_answer(
    item: Item,
    answer: Answer | None,
    digest: str,
    settings: Settings,
    *,
    prices: PriceTable,
    forward: httpx.BaseTransport | None,
    cache: ResponseCache | None,
    why_missing: str,
) -> Ingested:
    """The output line for ``item`` from its batch ``answer`` (None: the provider gave
    none, ``why_missing`` says why); re-asks go to ``forward`` (None: --no-reask)."""
    from summarizer.api import summarise_document
    from summarizer.document import parse_document
    from summarizer.inputs import check_text

    if answer is None or answer.body is None:
        why = answer.error if answer is not None and answer.error else why_missing
        error = ProviderError(f"the Batch API gave no answer for this article ({why})")
        return Ingested(error_record(item, error), None, Usage())
    replay = _Replay(answer.body, digest, forward, cache)
    batched = usage_of(answer.body) or Usage()
    try:
        loaded = item.read(settings.max_chars, settings.encoding)
        text = check_text(loaded.text, max_chars=settings.max_chars)
        summary = summarise_document(parse_document(text), settings.with_(transport=replay))
        cost = prices.batch_cost(settings.model, summary.meta.usage, batched)
        meta = summary.meta.model_copy(update={"cost_usd": cost})
        summary = summary.model_copy(update={"meta": meta})
        done = Ingested(summary_record(item, summary, loaded), cost, summary.meta.usage)
    except Exception as error:
        if isinstance(error, ConfigError) or (isinstance(error, ProviderError) and error.fatal):
            raise  # about the configuration, not the article: stop
        usage = getattr(error, "usage", None) or batched
        cost = prices.batch_cost(settings.model, usage, batched)
        done = Ingested(error_record(item, error), cost, usage)
    done.reasks = replay.reasks
    return done
