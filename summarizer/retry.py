"""The one retry policy for transient HTTP errors: as httpx transports under openai, and
as ``send_with_retries`` for a plain httpx client (fetching web pages).

Transient: 429 (honouring ``Retry-After`` / ``retry-after-ms``, seconds or an HTTP date,
parsed by ``summarizer.ratelimit.retry_after_seconds``), 408, 409, 5xx, timeouts,
dropped connections. They are retried with exponential backoff and jitter, bounded per
request by ``settings.transient_attempts`` and by ``settings.transient_max_wait`` seconds
(requests and waits together). Everything else (401, 403, 400, 404, 422, ...) goes back
to openai at once, which raises its status error; ``llm/errors.py`` says what to fix.

Timeouts to the model endpoint: ``settings.timeout`` bounds the wait for the first byte
of the answer (httpx's read timeout, which also bounds any stall between two pieces of
it) and, separately, the whole answer from the moment the request is sent
(``WholeAnswerDeadline``, checked as each piece of the body arrives). A read timeout from
a model server on this machine (loopback, ``localhost``) is not retried: it is one
machine still working on the first generation, and a second request would only queue
behind it; a remote one is retried like any transient error.

A refused connection is not a server that is busy: to a local address (loopback,
``localhost``) nothing is listening and no wait will change that, so it fails at the
first attempt; to a remote host (a load balancer restarting, a deploy) it is tried
``REMOTE_REFUSED_ATTEMPTS`` times in all.

The transports sit *under* openai (``http_client=httpx.Client(transport=...)``,
openai's own ``max_retries=0``) and so under instructor's re-ask loop: a 503 on the
second re-ask is retried here and never reaches instructor as if it were invalid output.
Each engine call builds its own transport over the shared real one, with the
``RequestLog`` it counts into. Fetching a page (``summarizer.sources.fetch``) runs the
same policy around its client's ``send``, with the fetch options' budget.
"""

from __future__ import annotations

import errno
import random
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from tenacity import AsyncRetrying, RetryCallState, Retrying

from summarizer.config import Settings
from summarizer.endpoint import is_local
from summarizer.ratelimit import retry_after_seconds

__all__ = [
    "BACKOFF",
    "REMOTE_REFUSED_ATTEMPTS",
    "AsyncRetryingTransport",
    "Backoff",
    "RequestLog",
    "RetryBudget",
    "RetryingTransport",
    "WholeAnswerDeadline",
    "is_local",
    "proxy_for",
    "refused",
    "send_with_retries",
    "transient_status",
]

REMOTE_REFUSED_ATTEMPTS = 2
"""Attempts for a connection refused by a remote host (one retry after a short backoff)."""

clock = time.monotonic
"""The whole-answer deadline's clock (module-level, so tests can give it a fake one)."""


@dataclass
class Backoff:
    """Exponential backoff with jitter: a delay between half and all of
    ``min(maximum, initial * 2**(n-1))`` before retry ``n``.

    Module-level so tests can shrink the waits (``BACKOFF.initial = 0.001``).
    """

    initial: float = 0.5
    maximum: float = 20.0

    def delay(self, retry_number: int) -> float:
        ceiling = min(self.maximum, self.initial * (2 ** (retry_number - 1)))
        return random.uniform(ceiling / 2, ceiling)


BACKOFF = Backoff()


@dataclass(frozen=True)
class RetryBudget:
    """How far one request is retried: at most ``attempts`` tries, and ``max_wait`` seconds
    for all of them and the waits between them."""

    attempts: int
    max_wait: float
    local_read_timeouts: bool = True
    """Whether a read timeout from a server on this machine is tried again (not for a
    model server: it is still generating the first answer)."""

    @classmethod
    def of(cls, settings: Settings) -> RetryBudget:
        """The model endpoint's budget (``transient_attempts``, ``transient_max_wait``)."""
        return cls(settings.transient_attempts, settings.transient_max_wait, False)


@dataclass
class RequestLog:
    """What the transport did for one engine call: every HTTP request sent (re-asks and
    retries included), and how the last request ended when it was given up."""

    sent: int = 0
    last_attempts: int = 0
    """Attempts made for the last request (1 when it was not retried)."""
    last_elapsed: float = 0.0
    """Seconds spent on the last request, its retries and waits included."""
    asked_wait: float | None = None
    """Set when retrying stopped because the server asked to wait longer than the budget."""


def transient_status(status: int) -> bool:
    """A status worth another try: rate limits, conflicts, timeouts, server errors."""
    return status in (408, 409, 429) or status >= 500


def refused(error: BaseException) -> bool:
    """The connection was refused (nothing listening), wherever in the chain it is said:
    httpx/httpcore chain the OS error, anyio groups one per address, aiohttp keeps it in
    ``os_error``."""
    return _refused(error, set())


def _refused(error: BaseException | None, seen: set[int]) -> bool:
    if error is None or id(error) in seen:
        return False
    seen.add(id(error))
    if isinstance(error, ConnectionRefusedError) or (
        isinstance(error, OSError) and error.errno == errno.ECONNREFUSED
    ):
        return True
    if isinstance(error, BaseExceptionGroup):
        return all(_refused(inner, seen) for inner in error.exceptions)
    os_error = getattr(error, "os_error", None)  # aiohttp.ClientConnectorError
    if isinstance(os_error, BaseException) and _refused(os_error, seen):
        return True
    return _refused(error.__cause__ or error.__context__, seen)


class _Policy:
    """Stop, wait and retry rules for one request (tenacity callbacks)."""

    def __init__(self, budget: RetryBudget, log: RequestLog, url: httpx.URL) -> None:
        self.attempts = max(1, budget.attempts)
        self.max_wait = budget.max_wait
        self.local = is_local(url)
        self.local_read_timeouts = budget.local_read_timeouts
        self.log = log
        self.log.asked_wait = None
        self.made = 0
        self.started = time.monotonic()

    def retry(self, state: RetryCallState) -> bool:
        outcome = state.outcome
        if outcome is None:
            return False
        if outcome.failed:
            error = outcome.exception()
            if not isinstance(error, httpx.TransportError):
                return False  # not the network: a bug or a caller's transport refusing
            if refused(error):
                return not self.local and state.attempt_number < REMOTE_REFUSED_ATTEMPTS
            if isinstance(error, httpx.ReadTimeout) and self.local:
                return self.local_read_timeouts
            return isinstance(
                error, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
            )
        response: httpx.Response = outcome.result()
        return transient_status(response.status_code)

    def stop(self, state: RetryCallState) -> bool:
        if state.attempt_number >= self.attempts:
            return True
        elapsed = time.monotonic() - self.started
        hint = _asked_wait(state)
        if hint is not None and elapsed + hint > self.max_wait:
            self.log.asked_wait = hint
            return True
        return elapsed >= self.max_wait

    def wait(self, state: RetryCallState) -> float:
        hint = _asked_wait(state)
        delay = hint if hint is not None else BACKOFF.delay(state.attempt_number)
        remaining = self.max_wait - (time.monotonic() - self.started)
        return max(0.0, min(delay, remaining))

    def give_back(self, state: RetryCallState) -> Any:
        """After the last attempt: the last response, or the last error raised again."""
        assert state.outcome is not None
        return state.outcome.result()

    def sent(self) -> None:
        self.made += 1
        self.log.sent += 1

    def note(self) -> None:
        """Log how the request ended (for the message if it was given up)."""
        self.log.last_attempts = self.made
        self.log.last_elapsed = time.monotonic() - self.started

    def options(self) -> dict[str, Any]:
        return {
            "stop": self.stop,
            "wait": self.wait,
            "retry": self.retry,
            "retry_error_callback": self.give_back,
        }


def _asked_wait(state: RetryCallState) -> float | None:
    outcome = state.outcome
    if outcome is None or outcome.failed:
        return None
    response: httpx.Response = outcome.result()
    return retry_after_seconds(response.headers)


def proxy_for(settings: Settings) -> str | None:
    """The environment's proxy for the endpoint: the openai client's ``trust_env`` is off,
    so that no proxy transport of httpx's own bypasses the retrying one."""
    url = httpx.URL(settings.base_url or "https://api.openai.com/v1")
    if urllib.request.proxy_bypass(url.host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(url.scheme) or proxies.get("all")


class WholeAnswerDeadline(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that must be complete within ``seconds`` of sending the request:
    httpx's read timeout only bounds each wait for the next piece, so a server that
    trickles its answer could otherwise hold the call for many times ``--timeout``.
    Raises ``httpx.ReadTimeout`` (what openai reports as a timeout) when a piece arrives
    past the deadline. ``start`` before sending; ``around`` the response's stream."""

    def __init__(self, request: httpx.Request, seconds: float) -> None:
        self.request = request
        self.seconds = seconds
        self.started = clock()
        self.inner: Any = None

    def around(self, response: httpx.Response) -> httpx.Response:
        self.inner = response.stream
        response.stream = self
        return response

    def _check(self) -> None:
        if clock() - self.started > self.seconds:
            raise httpx.ReadTimeout(
                f"the whole answer took longer than {self.seconds:g} s", request=self.request
            )

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            self._check()
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            self._check()
            yield chunk

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner.aclose()


def send_with_retries(
    send: Callable[[], httpx.Response], *, url: httpx.URL, budget: RetryBudget, log: RequestLog
) -> httpx.Response:
    """``send()`` (one request to ``url``) under the policy: a transient status or network
    error is tried again within ``budget``; the last response comes back whatever its
    status, and the last error is raised again. ``log`` says how many tries it took."""
    policy = _Policy(budget, log, url)
    response: httpx.Response | None = None
    try:
        for attempt in Retrying(**policy.options()):
            if response is not None:  # a transient answer, retried: free its connection
                response.read()
                response.close()
                response = None
            with attempt:
                policy.sent()
                response = send()
            if response is not None:
                attempt.retry_state.set_result(response)
    finally:
        policy.note()
    assert response is not None
    return response


class _Retrying:
    """What both twins hold: the settings, the call's log, and whether ``inner`` is theirs
    to close (a caller's transport, shared by a batch, outlives the call)."""

    def __init__(self, settings: Settings, log: RequestLog, owns_inner: bool) -> None:
        self.settings = settings
        self.log = log
        self.owns_inner = owns_inner


class RetryingTransport(_Retrying, httpx.BaseTransport):
    """``inner`` (else a fresh httpx transport, closed with this one) with the
    transient-error policy; counts every request in ``log``."""

    def __init__(
        self, settings: Settings, log: RequestLog, inner: httpx.BaseTransport | None = None
    ) -> None:
        super().__init__(settings, log, owns_inner=inner is None)
        self.inner = inner or httpx.HTTPTransport(proxy=proxy_for(settings))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        def send() -> httpx.Response:
            deadline = WholeAnswerDeadline(request, self.settings.timeout)
            return deadline.around(self.inner.handle_request(request))

        return send_with_retries(
            send, url=request.url, budget=RetryBudget.of(self.settings), log=self.log
        )

    def close(self) -> None:
        if self.owns_inner:
            self.inner.close()


class AsyncRetryingTransport(_Retrying, httpx.AsyncBaseTransport):
    """The async twin of ``RetryingTransport``."""

    def __init__(
        self, settings: Settings, log: RequestLog, inner: httpx.AsyncBaseTransport | None = None
    ) -> None:
        super().__init__(settings, log, owns_inner=inner is None)
        self.inner = inner or httpx.AsyncHTTPTransport(proxy=proxy_for(settings))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = _Policy(RetryBudget.of(self.settings), self.log, request.url)
        response: httpx.Response | None = None
        try:
            async for attempt in AsyncRetrying(**policy.options()):
                if response is not None:
                    await response.aread()
                    await response.aclose()
                    response = None
                with attempt:
                    policy.sent()
                    deadline = WholeAnswerDeadline(request, self.settings.timeout)
                    response = deadline.around(await self.inner.handle_async_request(request))
                if response is not None:
                    attempt.retry_state.set_result(response)
        finally:
            policy.note()
        assert response is not None
        return response

    async def aclose(self) -> None:
        if self.owns_inner:
            await self.inner.aclose()
