"""The OpenAI clients and the structured ``create`` that instructor drives.

The openai client never retries by itself (``max_retries=0``): every HTTP call
goes through the one transient-error policy in ``retry.py``, and every call is
counted, with its token usage, in a ``Tally``. Instructor is given that
counted, retried create function (``instructor.patch(create=...)``, the same
registry path ``instructor.from_openai`` uses) so its re-ask loop sits on top:
transient errors never look like invalid output, and re-asks are counted too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import instructor
import openai

from summarizer.config import Settings
from summarizer.llm.retry import call_async, call_sync, not_a_completion
from summarizer.schema import Usage

__all__ = [
    "INSTRUCTOR_MODES",
    "Tally",
    "async_openai_client",
    "openai_client",
    "structured_acreate",
    "structured_create",
]

INSTRUCTOR_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}
LOCAL_KEY = "not-needed"
"""What local servers (Ollama, vLLM, llama.cpp) get as a key when none is configured."""

# instructor logs every failed call at ERROR; with no logging configured Python would
# print those lines on stderr next to our one-line error. Our errors say it all.
logging.getLogger("instructor").addHandler(logging.NullHandler())


@dataclass
class Tally:
    """HTTP calls made to the model and the tokens they used, re-asks and retries included."""

    attempts: int = 0
    usage: Usage = field(default_factory=Usage)

    def count_attempt(self) -> None:
        self.attempts += 1

    def add_usage(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        if usage is None:
            return
        self.usage = self.usage + Usage(
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        )


def _client_options(settings: Settings) -> dict[str, Any]:
    return {
        "api_key": settings.api_key or LOCAL_KEY,
        "base_url": settings.base_url,
        "timeout": settings.timeout,
        "max_retries": 0,
    }


def openai_client(settings: Settings) -> openai.OpenAI:
    """A sync client; ``settings.transport`` (record/replay, cache, rate limits) if set."""
    options = _client_options(settings)
    if settings.transport is not None:
        options["http_client"] = httpx.Client(
            transport=settings.transport, timeout=settings.timeout
        )
    return openai.OpenAI(**options)


def async_openai_client(settings: Settings) -> openai.AsyncOpenAI:
    """An async client; ``settings.async_transport`` if set."""
    options = _client_options(settings)
    if settings.async_transport is not None:
        options["http_client"] = httpx.AsyncClient(
            transport=settings.async_transport, timeout=settings.timeout
        )
    return openai.AsyncOpenAI(**options)


def _checked(response: Any, settings: Settings, tally: Tally) -> Any:
    """Count the tokens; refuse an answer with no choices before instructor sees it
    (it would take it for invalid output and re-ask)."""
    tally.add_usage(response)
    if not getattr(response, "choices", None):
        raise not_a_completion(None, settings)
    return response


def structured_create(
    client: openai.OpenAI, settings: Settings, tally: Tally
) -> Callable[..., Any]:
    """Instructor's create (response_model, context, max_retries, messages, ...) over
    one counted, transient-retried HTTP call per attempt."""
    raw_create = client.chat.completions.create

    def create(**kwargs: Any) -> Any:
        response = call_sync(lambda: raw_create(**kwargs), settings, tally.count_attempt)
        return _checked(response, settings, tally)

    return instructor.patch(create=create, mode=INSTRUCTOR_MODES[settings.mode])


def structured_acreate(
    client: openai.AsyncOpenAI, settings: Settings, tally: Tally
) -> Callable[..., Awaitable[Any]]:
    """The async twin of ``structured_create``."""
    raw_create = client.chat.completions.create

    async def create(**kwargs: Any) -> Any:
        response = await call_async(lambda: raw_create(**kwargs), settings, tally.count_attempt)
        return _checked(response, settings, tally)

    return instructor.patch(create=create, mode=INSTRUCTOR_MODES[settings.mode])
