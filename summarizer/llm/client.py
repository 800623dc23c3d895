"""The model call's client stack, on public openai and instructor APIs only.

For each engine call::

    instructor.from_openai(client, mode=...)        re-asks on invalid output; hooks
      openai.OpenAI(max_retries=0,                  builds the request, raises its errors
          http_client=httpx.Client(
              transport=RetryingTransport(...)))    the one transient-error policy
                inner transport                     settings.transport (batch, cache,
                                                    record/replay) or a fresh one

The stack is built per call (cheap next to the call itself): the transport under it
counts that call's requests, and instructor's hooks (``completion:kwargs``,
``completion:response``, ``parse:error``, ``completion:last_attempt``) record that
call's answers and tokens in its ``Tally``; nothing is shared between concurrent calls
but the inner transport, whose connection pool is what sharing is for.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import instructor
import openai
from tenacity import AsyncRetrying, RetryCallState, Retrying, retry_if_exception

from summarizer.config import Settings
from summarizer.retry import AsyncRetryingTransport, RequestLog, RetryingTransport
from summarizer.schema import Usage

__all__ = [
    "INSTRUCTOR_MODES",
    "LOCAL_KEY",
    "Tally",
    "answer_budget",
    "async_instructed",
    "instructed",
    "reasking",
    "server_options",
]

INSTRUCTOR_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}
instructor.from_openai  # noqa: B018  imports instructor's OpenAI handlers now, not in a run's first call
LOCAL_KEY = "not-needed"
"""What local servers (Ollama, vLLM, llama.cpp) get as a key when none is configured."""

# instructor logs every failed call at ERROR; with no logging configured Python would
# print those lines on stderr next to our one-line error. Our errors say it all.
logging.getLogger("instructor").addHandler(logging.NullHandler())


@dataclass
class Tally:
    """One engine call: its HTTP requests (counted by the transport), and the model's
    answers and tokens (recorded by instructor's hooks), re-asks and retries included."""

    requests: RequestLog = field(default_factory=RequestLog)
    usage: Usage = field(default_factory=Usage)
    answers: int = 0
    """Completions received (one per instructor attempt that got an answer)."""
    last_completion: Any = None
    """The completion of the current attempt (None until it arrives)."""
    last_parse_error: BaseException | None = None
    """Why the current attempt's completion was not accepted, if it was not."""
    final_error: BaseException | None = None
    """What instructor gave up on (``completion:last_attempt``)."""

    @property
    def attempts(self) -> int:
        """HTTP calls made to the model: re-asks and transient retries included."""
        return self.requests.sent

    def on_request(self, *_args: Any, **_kwargs: Any) -> None:
        self.last_completion = None
        self.last_parse_error = None

    def on_response(self, response: Any, *_args: Any, **_kwargs: Any) -> None:
        self.answers += 1
        self.last_completion = response
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage = self.usage + Usage(
                prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            )

    def on_parse_error(self, error: BaseException, *_args: Any, **_kwargs: Any) -> None:
        self.last_parse_error = error

    def on_last_attempt(self, error: BaseException, *_args: Any, **_kwargs: Any) -> None:
        self.final_error = error

    def is_parse_error(self, error: BaseException) -> bool:
        """Instructor reported ``error`` as invalid output (``parse:error``) of a completion
        it received: worth a re-ask. Nothing else is: a provider error was already retried
        by the transport, and a body that is not a completion at all (some releases report
        openai's JSON error on it as a parse error) will not become one."""
        return error is self.last_parse_error and self.last_completion is not None


def _hooked(client: Any, tally: Tally) -> Any:
    client.on("completion:kwargs", tally.on_request)
    client.on("completion:response", tally.on_response)
    client.on("parse:error", tally.on_parse_error)
    client.on("completion:last_attempt", tally.on_last_attempt)
    return client


def answer_budget(settings: Settings) -> int:
    """Answers one article may cost: the first, then ``settings.max_retries`` re-asks of
    any kind (invalid output re-asked by instructor, or a cut-off answer re-asked by the
    engine), counted together. Transient HTTP retries (429, 5xx, dropped connections)
    are not answers: the transport retries them under its own bound."""
    return settings.max_retries + 1


def server_options(settings: Settings, max_tokens: int) -> dict[str, Any]:
    """What every request adds to instructor's arguments: the output cap, and in tools
    mode the one tool forced with ``tool_choice: "required"``.

    instructor names the tool in an object (``{"type": "function", ...}``); llama.cpp's
    server accepts only a string there, logs "Wrong type supplied for parameter
    'tool_choice'" and falls back to "auto" (free text). With one tool, "required" forces
    the same call on OpenAI, vLLM and llama.cpp. instructor sets ``tool_choice`` after
    reading our arguments, so it goes through openai's public ``extra_body``, which openai
    merges over the body it builds (instructor's re-asks keep it)."""
    options: dict[str, Any] = {"max_tokens": max_tokens}
    if settings.mode == "tools":
        options["extra_body"] = {"tool_choice": "required"}
    return options


def reasking(settings: Settings, tally: Tally, *, is_async: bool) -> Retrying | AsyncRetrying:
    """Instructor's ``max_retries``: re-asks after invalid output only, while the article's
    one budget (``answer_budget``, counted in ``tally.answers`` across every create call
    of the article) has answers left. (A bare int means "re-ask on any error" in some
    instructor releases, and the number of attempts or of re-asks depending on the
    release.)"""

    def spent(_state: RetryCallState) -> bool:
        return tally.answers >= answer_budget(settings)

    options: dict[str, Any] = {
        "stop": spent,
        "retry": retry_if_exception(tally.is_parse_error),
        "reraise": True,
    }
    return AsyncRetrying(**options) if is_async else Retrying(**options)


def _client_options(settings: Settings, http: httpx.Client | httpx.AsyncClient) -> dict[str, Any]:
    """The openai client's options (a dict: openai 3 types ``http_client`` as an httpx2
    client while it accepts httpx's, which openai 2 expects)."""
    return {
        "http_client": http,
        "api_key": settings.api_key or LOCAL_KEY,
        "base_url": settings.base_url,
        "timeout": settings.timeout,
        "max_retries": 0,  # the RetryingTransport retries, once, for everyone
    }


@contextmanager
def instructed(settings: Settings, tally: Tally) -> Iterator[Any]:
    """``instructor.Instructor`` for one call (sync), counting into ``tally``."""
    transport = RetryingTransport(settings, tally.requests, settings.transport)
    http = httpx.Client(transport=transport, timeout=settings.timeout, trust_env=False)
    client = openai.OpenAI(**_client_options(settings, http))
    try:
        yield _hooked(instructor.from_openai(client, mode=INSTRUCTOR_MODES[settings.mode]), tally)
    finally:
        client.close()


@asynccontextmanager
async def async_instructed(settings: Settings, tally: Tally) -> AsyncIterator[Any]:
    """The async twin of ``instructed`` (``instructor.AsyncInstructor``)."""
    transport = AsyncRetryingTransport(settings, tally.requests, settings.async_transport)
    http = httpx.AsyncClient(transport=transport, timeout=settings.timeout, trust_env=False)
    client = openai.AsyncOpenAI(**_client_options(settings, http))
    try:
        yield _hooked(instructor.from_openai(client, mode=INSTRUCTOR_MODES[settings.mode]), tally)
    finally:
        await client.close()
