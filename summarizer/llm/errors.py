"""What a failed model call means, as one line that says what to do.

openai raises its own errors once the retrying transport (``retry.py``) has given up
or passed a permanent answer through; this turns them into ``ProviderError``, with the
transport's ``RequestLog`` for how long it tried.
"""

from __future__ import annotations

from typing import Any, TypeVar

import openai

from summarizer.config import Settings
from summarizer.errors import ProviderError, redact
from summarizer.retry import RequestLog, is_local, refused, transient_status

__all__ = ["cause_of", "describe", "not_a_completion", "provider_error"]

E = TypeVar("E", bound=BaseException)


def cause_of(error: BaseException, kind: type[E]) -> E | None:
    """The first ``kind`` in ``error``'s chain (instructor wraps what the client raised,
    and the client wraps what its transport raised)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, kind):
            return cause
        cause = cause.__cause__ or cause.__context__
    return None


def provider_error(error: openai.OpenAIError, settings: Settings, log: RequestLog) -> ProviderError:
    """An openai error as one line that says what to fix."""
    status = getattr(error, "status_code", None)
    where = settings.base_url or "the OpenAI API"
    if isinstance(error, openai.APIConnectionError) and refused(error) and is_local(where):
        return ProviderError(f"nothing is listening at {where}: is the server running?")
    if isinstance(error, openai.APIResponseValidationError):
        return not_a_completion(error, settings)
    if isinstance(error, openai.APITimeoutError) and is_local(where):
        return ProviderError(
            f"the server at {where} gave no complete answer within {settings.timeout:g} s "
            "(not retried: on one machine a second request queues behind the first); raise "
            "--timeout, or lower --max-tokens"
        )
    if isinstance(error, openai.APIConnectionError) or (
        isinstance(error, openai.APIStatusError) and transient_status(error.status_code)
    ):
        return _gave_up(error, settings, log)
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
    else:
        message = f"the model endpoint failed ({detail})"
    return ProviderError(message, status_code=status)


def _gave_up(error: openai.OpenAIError, settings: Settings, log: RequestLog) -> ProviderError:
    attempts = max(1, log.last_attempts)
    if log.asked_wait is not None:
        advice = (
            f"the endpoint asked to wait {log.asked_wait:g} s, longer than the "
            f"{settings.transient_max_wait:g} s retry budget: try again later"
        )
    else:
        advice = "try again later, or check that the server is up and not overloaded"
    return ProviderError(
        f"the model endpoint kept failing: gave up after {attempts} attempt"
        f"{'s' if attempts != 1 else ''} in {log.last_elapsed:.1f} s (last error: "
        f"{describe(error, settings)}); {advice}",
        status_code=getattr(error, "status_code", None),
    )


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
        if refused(error):
            return f"connection to {where} refused{reason}"
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
