"""One httpx transport shared by every worker of a batch: cache, in-flight limit,
shared back-off, rpm/tpm.

The LLM engine builds its client from ``Settings.async_transport``; the batch
passes one instance of this class to all workers, so the cache, the 429 pause
and the limits are shared. The engine's own retry policy still retries the
request that failed; this only makes everyone else wait as well.

The batch runs more articles than ``--concurrency`` so that the next requests are
built while answers are awaited; ``in_flight`` is what keeps the requests actually
sent at ``--concurrency``. With a ``NetworkThread``, the waiting for a slot, the
back-off, the limiter and the exchange itself run on that thread's loop (see
``summarizer/batch/network.py``); the cache (sqlite, one thread) and the per-article
counts stay on the caller's.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from contextlib import AbstractAsyncContextManager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from summarizer.batch.network import NetworkThread
from summarizer.batch.refusals import REFUSED_IN_A_ROW, is_refused
from summarizer.cache import ResponseCache, hit_response, rebuilt_response, request_key
from summarizer.ratelimit import RateLimiter, SharedBackoff
from summarizer.schema import Usage

__all__ = ["ArticleTraffic", "BatchTransport", "article_traffic", "usage_of"]

T = TypeVar("T")


@dataclass
class ArticleTraffic:
    """What one article's requests did: sent over the network, or answered by the cache."""

    sent: int = 0
    cache_hits: int = 0
    spent: Usage = field(default_factory=Usage)
    """Tokens billed by the server (cache hits excluded)."""
    refused: int = 0
    """Requests whose connection was refused (nothing listening): see ``refusals.py``."""


article_traffic: ContextVar[ArticleTraffic | None] = ContextVar("article_traffic", default=None)
"""Set by the batch runner around each article; each asyncio task sees its own."""


def usage_of(body: bytes) -> Usage | None:
    try:
        usage = json.loads(body).get("usage") or {}
        return Usage(
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
        )
    except (ValueError, AttributeError, TypeError):
        return None


def _estimate_tokens(body: bytes) -> int:
    """A pre-request guess for --tpm: about four bytes a token, plus any max_tokens asked for."""
    try:
        parsed: Any = json.loads(body)
        reply = int(parsed.get("max_tokens") or parsed.get("max_completion_tokens") or 0)
    except (ValueError, AttributeError, TypeError):
        reply = 0
    return len(body) // 4 + reply


class BatchTransport(httpx.AsyncBaseTransport):
    """Wrap a real transport with the response cache, the in-flight limit, the shared
    back-off and the rate limits."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        cache: ResponseCache | None = None,
        backoff: SharedBackoff | None = None,
        limiter: RateLimiter | None = None,
        in_flight: int | None = None,
        network: NetworkThread | None = None,
    ) -> None:
        self.inner = inner or httpx.AsyncHTTPTransport()
        self.cache = cache
        self.backoff = backoff or SharedBackoff()
        self.limiter = limiter or RateLimiter()
        self.slots = asyncio.Semaphore(in_flight) if in_flight else None
        """At most ``in_flight`` requests sent and not yet answered (None: no limit)."""
        self.network = network
        self.sent = 0
        self.cache_hits = 0
        self.refused_in_a_row = 0
        self.nothing_listening = asyncio.Event()
        """Set once ``REFUSED_IN_A_ROW`` requests in a row were refused: the runner stops."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        traffic = article_traffic.get()
        body = await request.aread()
        key = model = None
        if self.cache is not None and request.method == "POST":
            key, model = request_key(request.url.path, body)
            cached = self.cache.get(key)
            if cached is not None:
                self.cache_hits += 1
                if traffic is not None:
                    traffic.cache_hits += 1
                return hit_response(request, cached)
        try:
            response, answer = await self._on_network(self._exchange(request, body))
        except Exception as error:
            if is_refused(error):
                self._refused(traffic)
            raise
        self.refused_in_a_row = 0
        self.sent += 1
        if traffic is not None:
            traffic.sent += 1
        if answer is None:
            return response
        decoded, usage = answer
        if traffic is not None and usage is not None:
            traffic.spent = traffic.spent + usage
        if key is not None:
            self.cache.put(key, model, decoded)  # type: ignore[union-attr]
        return response

    def _refused(self, traffic: ArticleTraffic | None) -> None:
        if traffic is not None:
            traffic.refused += 1
        self.refused_in_a_row += 1
        if self.refused_in_a_row >= REFUSED_IN_A_ROW:
            self.nothing_listening.set()

    async def _on_network(self, exchange: Coroutine[Any, Any, T]) -> T:
        return await (self.network.run(exchange) if self.network is not None else exchange)

    def _slot(self) -> AbstractAsyncContextManager[Any]:
        return self.slots if self.slots is not None else nullcontext()

    async def _exchange(
        self, request: httpx.Request, body: bytes
    ) -> tuple[httpx.Response, tuple[bytes, Usage | None] | None]:
        """Send once a slot is free and no pause or limit holds it back; the answer read
        whole (so the slot is free again), with its decoded body and usage when it is a 200."""
        async with self._slot():
            await self.backoff.wait()
            reservation = await self.limiter.acquire(_estimate_tokens(body))
            response = await self.inner.handle_async_request(request)
            self.backoff.record(response.status_code, response.headers)
            if response.status_code != 200:
                RateLimiter.settle(reservation, 0)
                await response.aread()  # here: its connection belongs to this loop
                return response, None
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
            await response.aclose()
        fresh, decoded = rebuilt_response(response, raw, request)
        usage = usage_of(decoded)
        RateLimiter.settle(reservation, usage.total_tokens if usage else None)
        return fresh, (decoded, usage)

    async def aclose(self) -> None:
        """Clients close their transport; the batch owns this one, so closing waits for it."""

    async def close_inner(self) -> None:
        await self._on_network(self.inner.aclose())
        if self.network is not None:
            await self.network.aclose()
        if self.cache is not None:
            self.cache.close()
