"""The one retry policy for transient provider errors, and what every provider error means.

Transient: 429 (honouring ``Retry-After`` / ``retry-after-ms``), 408, 409, 5xx,
timeouts, dropped or refused connections. They are retried with exponential
backoff and jitter, bounded per model call by ``settings.transient_attempts`` and
by ``settings.transient_max_wait`` seconds (requests and waits together).
Everything else (401, 403, 400, 404, 422, ...) is permanent: never retried,
turned at once into a one-line ``ProviderError`` that says what to fix.

This policy wraps the single HTTP call to the model, *under* instructor's
re-ask loop: a 503 on the second re-ask is retried here, and never reaches
instructor as if it were invalid output.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import openai
from tenacity import AsyncRetrying, RetryCallState, Retrying, retry_if_exception

from summarizer.config import Settings
from summarizer.errors import ProviderError, redact

__all__ = [
    "BACKOFF",
    "Backoff",
    "call_async",
    "call_sync",
    "is_transient",
    "not_a_completion",
    "provider_error",
]

T = TypeVar("T")

_TRANSIENT_STATUS = frozenset({408, 409, 429})


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


def is_transient(error: BaseException) -> bool:
    """Worth another try: rate limits, server errors, timeouts, lost connections."""
    if isinstance(error, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in _TRANSIENT_STATUS or error.status_code >= 500
    return False


def server_wait(error: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``Retry-After``)."""
    if not isinstance(error, openai.APIStatusError):
        return None
    headers = error.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            seconds = float(raw) * scale
        except ValueError:
            continue  # an HTTP date: fall back to our own backoff
        if seconds >= 0:
            return seconds
    return None


class _Policy:
    """Stop and wait rules shared by the sync and async retry loops."""

    def __init__(self, settings: Settings) -> None:
        self.attempts = max(1, settings.transient_attempts)
        self.max_wait = settings.transient_max_wait
        self.started = time.monotonic()

    def stop(self, state: RetryCallState) -> bool:
        if state.attempt_number >= self.attempts:
            return True
        elapsed = time.monotonic() - self.started
        hint = server_wait(_error_of(state))
        return elapsed >= self.max_wait or (hint is not None and elapsed + hint > self.max_wait)

    def wait(self, state: RetryCallState) -> float:
        hint = server_wait(_error_of(state))
        delay = hint if hint is not None else BACKOFF.delay(state.attempt_number)
        remaining = self.max_wait - (time.monotonic() - self.started)
        return max(0.0, min(delay, remaining))

    def retrying(self) -> dict[str, Any]:
        return {
            "stop": self.stop,
            "wait": self.wait,
            "retry": retry_if_exception(is_transient),
            "reraise": True,
        }

    def give_up(self, error: Exception, settings: Settings, attempts: int) -> ProviderError:
        if not is_transient(error):
            return provider_error(error, settings)
        elapsed = time.monotonic() - self.started
        hint = server_wait(error)
        if attempts < self.attempts and hint is not None:
            advice = (
                f"the endpoint asked to wait {hint:g} s, longer than the {self.max_wait:g} s "
                "retry budget: try again later"
            )
        else:
            advice = "try again later, or check that the server is up and not overloaded"
        return ProviderError(
            f"the model endpoint kept failing: gave up after {attempts} attempt"
            f"{'s' if attempts != 1 else ''} in {elapsed:.1f} s (last error: "
            f"{describe(error, settings)}); {advice}",
            status_code=getattr(error, "status_code", None),
        )


def _error_of(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome is not None else None


def call_sync(func: Callable[[], T], settings: Settings, on_attempt: Callable[[], None]) -> T:
    """Call ``func`` (one HTTP request) under the transient-error policy."""
    policy = _Policy(settings)
    attempts = 0
    try:
        for attempt in Retrying(**policy.retrying()):
            with attempt:
                attempts += 1
                on_attempt()
                return func()
    except openai.OpenAIError as error:
        raise policy.give_up(error, settings, attempts) from None
    except ValueError as error:  # a 200 whose body is not JSON
        raise not_a_completion(error, settings) from None
    raise AssertionError("unreachable: tenacity either returns or raises")


async def call_async(
    func: Callable[[], Awaitable[T]], settings: Settings, on_attempt: Callable[[], None]
) -> T:
    """The async twin of ``call_sync``."""
    policy = _Policy(settings)
    attempts = 0
    try:
        async for attempt in AsyncRetrying(**policy.retrying()):
            with attempt:
                attempts += 1
                on_attempt()
                return await func()
    except openai.OpenAIError as error:
        raise policy.give_up(error, settings, attempts) from None
    except ValueError as error:
        raise not_a_completion(error, settings) from None
    raise AssertionError("unreachable: tenacity either returns or raises")


def provider_error(error: Exception, settings: Settings) -> ProviderError:
    """A permanent provider error as one line that says what to fix."""
    status = getattr(error, "status_code", None)
    detail = describe(error, settings)
    model = settings.model or "the model"
    if status == 401:
        message = f"the endpoint rejected the API key ({detail}): check OPENAI_API_KEY"
    elif status == 403:
        message = f"the endpoint refused access ({detail}): check that your key may use {model!r}"
    elif status == 404:
        message = (
            f"model {model!r} or the endpoint was not found ({detail}): check --model/"
            "SUMMARIZER_MODEL and --base-url/OPENAI_BASE_URL (it usually ends in /v1)"
        )
    elif status in (400, 422):
        message = (
            f"the endpoint rejected the request ({detail}): check --model; if the server "
            "does not support tool calls, try --mode json_schema or --mode md_json"
        )
    elif isinstance(error, openai.APIResponseValidationError):
        return not_a_completion(error, settings)
    else:
        message = f"the model endpoint failed ({detail})"
    return ProviderError(message, status_code=status)


def not_a_completion(error: BaseException | None, settings: Settings) -> ProviderError:
    """The endpoint answered, but not with a chat completion (a proxy page, another API)."""
    detail = f" ({describe(error, settings)})" if error is not None else ""
    where = settings.base_url or "the OpenAI API"
    return ProviderError(
        f"the answer from {where} is not a chat completion{detail}: check that --base-url "
        "points at an OpenAI-compatible endpoint (it usually ends in /v1)"
    )


def describe(error: BaseException, settings: Settings) -> str:
    """A short, redacted, single-line description of a provider error."""
    if isinstance(error, openai.APITimeoutError):
        return f"no answer within {settings.timeout:g} s; raise --timeout if the model is slow"
    if isinstance(error, openai.APIConnectionError):
        where = settings.base_url or "the OpenAI API"
        cause = error.__cause__
        reason = f": {type(cause).__name__}" if cause is not None else ""
        return f"connection to {where} failed or was dropped{reason}"
    if isinstance(error, openai.APIStatusError):
        text = _server_message(error)
        return f"HTTP {error.status_code}" + (f": {text}" if text else "")
    return type(error).__name__ + (f": {error}" if str(error) else "")


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    message: Any = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
    text = str(message) if message else ""
    text = " ".join(redact(text).split())
    return text if len(text) <= 200 else text[:197] + "..."
