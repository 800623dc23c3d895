"""The OpenAI clients and the structured ``create`` that instructor drives.

The openai client never retries by itself (``max_retries=0``): every HTTP call
goes through the one transient-error policy in ``retry.py``, and every call is
counted, with its token usage, in the ``Tally`` of the call in progress
(``counting``). Instructor's re-ask loop sits on top of that counted, retried
create function, so transient errors never look like invalid output, and re-asks
are counted too.

Instructor's ``patch(create=...)`` redoes, on every call, work that depends only
on the response model and the mode: it checks the model for async validators six
times, wraps it, and builds the tool schema and request twice (about 1 ms of CPU a
call, more than the HTTP call). ``_Instructed`` does that once per response model
(``instructor.patch``'s own steps, from instructor's mode registry) and calls
instructor's public retry loop (``instructor.core.retry``), which parses,
validates and re-asks exactly as the patched create does.

Building a client and patching its create cost milliseconds, so with a
caller-provided transport (the batch runner's, record/replay, the cache) one
client per settings and transport is built and shared by every call: it holds no
connections of its own and is never closed (closing it would close the shared
transport). Without a transport each call builds its own client and closes it.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx
import instructor
import openai
import openai.resources.chat  # now, not on the first request (that imports every resource)
from instructor.core.retry import retry_async, retry_sync
from instructor.v2.core.providers import Provider
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from instructor.v2.core.templating import handle_templating  # type: ignore[attr-defined]

from summarizer.config import Settings
from summarizer.llm.retry import call_async, call_sync, not_a_completion
from summarizer.schema import Usage

__all__ = [
    "INSTRUCTOR_MODES",
    "Tally",
    "async_structured_create",
    "clients_built",
    "counting",
    "structured_create",
]

INSTRUCTOR_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}
for _mode in INSTRUCTOR_MODES.values():
    # instructor imports its provider handlers (some 80 modules, ~90 ms) on first use:
    # do it with the engine's own imports, not inside the first call of a run
    mode_registry.get_handlers(Provider.OPENAI, _mode)
LOCAL_KEY = "not-needed"
"""What local servers (Ollama, vLLM, llama.cpp) get as a key when none is configured."""
SHARED_CLIENTS = 32
"""Shared clients kept (least recently used dropped first; a dropped one is not closed)."""

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


_tally: ContextVar[Tally | None] = ContextVar("summarizer_llm_tally", default=None)
"""The Tally of the call in progress: a shared client counts into its caller's."""


@contextmanager
def counting(tally: Tally) -> Iterator[Tally]:
    """Count every HTTP call made in this block (this thread or task only) in ``tally``."""
    token = _tally.set(tally)
    try:
        yield tally
    finally:
        _tally.reset(token)


def _current_tally() -> Tally:
    tally = _tally.get()
    return tally if tally is not None else Tally()  # outside ``counting``: counted nowhere


Client = TypeVar("Client", openai.OpenAI, openai.AsyncOpenAI)


@dataclass(frozen=True)
class _Structured(Generic[Client]):
    """A client and instructor's create over it."""

    client: Client
    create: Callable[..., Any]


_shared: OrderedDict[tuple[Settings, object], _Structured[Any]] = OrderedDict()
_shared_lock = threading.Lock()
_built = 0


def clients_built() -> int:
    """How many openai clients this process has built (tests check that they are shared)."""
    return _built


def _client_options(
    settings: Settings, http_client: httpx.Client | httpx.AsyncClient | None
) -> dict[str, Any]:
    """The openai client's options; counts the client about to be built."""
    global _built
    _built += 1
    options: dict[str, Any] = {
        "api_key": settings.api_key or LOCAL_KEY,
        "base_url": settings.base_url,
        "timeout": settings.timeout,
        "max_retries": 0,
    }
    if http_client is not None:
        options["http_client"] = http_client
    return options


def _checked(response: Any, settings: Settings, tally: Tally) -> Any:
    """Count the tokens; refuse an answer with no choices before instructor sees it
    (it would take it for invalid output and re-ask)."""
    tally.add_usage(response)
    if not getattr(response, "choices", None):
        raise not_a_completion(None, settings)
    return response


_PROBE = [{"role": "user", "content": "probe"}]


class _Instructed:
    """Instructor's structured create over ``create`` (the counted, retried HTTP call):
    the steps of ``instructor.patch``, with the response model prepared once."""

    def __init__(self, create: Callable[..., Any], mode: instructor.Mode) -> None:
        self.create = create
        self.mode = mode
        self.handlers = mode_registry.get_handlers(Provider.OPENAI, mode)
        self._prepared: dict[Any, tuple[Any, dict[str, Any] | None]] = {}
        self._lock = threading.Lock()

    def _prepare(self, response_model: Any) -> tuple[Any, dict[str, Any] | None]:
        """(instructor's model, the request keys it adds), the keys None when the mode
        rewrites the messages themselves (md_json adds the schema to them)."""
        with self._lock:
            prepared = self._prepared.get(response_model)
            if prepared is None:
                model = prepare_response_model(response_model)
                model, probe = self.handlers.request_handler(
                    response_model=model, kwargs={"messages": list(_PROBE)}
                )
                added = None if probe.pop("messages") != _PROBE else probe
                prepared = self._prepared[response_model] = (model, added)
            return prepared

    def retry_arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """instructor's retry loop's arguments for ``patch``'s create arguments
        (response_model, max_retries, context, strict and the request), the request
        built as ``instructor.patch`` builds it."""
        request = dict(kwargs)
        response_model = request.pop("response_model")
        max_retries = request.pop("max_retries", 1)
        context = request.pop("context", None)
        strict = request.pop("strict", True)
        model, added = self._prepare(response_model)
        if added is None or "stream" in request:  # streaming changes what a mode prepares
            model, request = self.handlers.request_handler(response_model=model, kwargs=request)
        else:
            request = {**request, "messages": list(request.get("messages", [])), **added}
        if self.handlers.message_converter and "messages" in request:
            request["messages"] = self.handlers.message_converter(request["messages"])
        request = handle_templating(
            request, mode=self.mode, provider=Provider.OPENAI, context=context
        )
        return {
            "func": self.create,
            "response_model": model,
            "args": (),
            "kwargs": request,
            "context": context,
            "max_retries": max_retries,
            "strict": strict,
            "mode": self.mode,
            "provider": Provider.OPENAI,
        }

    def __call__(self, **kwargs: Any) -> Any:
        return retry_sync(**self.retry_arguments(kwargs))


class _AsyncInstructed(_Instructed):
    """The async twin of ``_Instructed``."""

    async def __call__(self, **kwargs: Any) -> Any:
        return await retry_async(**self.retry_arguments(kwargs))


def _build_sync(settings: Settings) -> _Structured[openai.OpenAI]:
    transport = settings.transport
    http = (
        None if transport is None else httpx.Client(transport=transport, timeout=settings.timeout)
    )
    client = openai.OpenAI(**_client_options(settings, http))
    raw_create = client.chat.completions.create

    def create(**kwargs: Any) -> Any:
        tally = _current_tally()
        response = call_sync(lambda: raw_create(**kwargs), settings, tally.count_attempt)
        return _checked(response, settings, tally)

    return _Structured(client, _Instructed(create, INSTRUCTOR_MODES[settings.mode]))


def _build_async(settings: Settings) -> _Structured[openai.AsyncOpenAI]:
    transport = settings.async_transport
    http = (
        None
        if transport is None
        else httpx.AsyncClient(transport=transport, timeout=settings.timeout)
    )
    client = openai.AsyncOpenAI(**_client_options(settings, http))
    raw_create = client.chat.completions.create

    async def create(**kwargs: Any) -> Any:
        tally = _current_tally()
        response = await call_async(lambda: raw_create(**kwargs), settings, tally.count_attempt)
        return _checked(response, settings, tally)

    return _Structured(client, _AsyncInstructed(create, INSTRUCTOR_MODES[settings.mode]))


def _shared_structured(
    settings: Settings, transport: object, build: Callable[[Settings], _Structured[Client]]
) -> _Structured[Client]:
    """The one client for these settings and this transport (the transport by identity)."""
    key = (settings, transport)
    with _shared_lock:
        structured: _Structured[Client] | None = _shared.get(key)
        if structured is None:
            structured = _shared[key] = build(settings)
            while len(_shared) > SHARED_CLIENTS:
                _shared.popitem(last=False)
        else:
            _shared.move_to_end(key)
        return structured


@contextmanager
def structured_create(settings: Settings) -> Iterator[Callable[..., Any]]:
    """Instructor's create (response_model, max_retries, messages, ...) over
    one counted, transient-retried HTTP call per attempt (sync, ``openai.OpenAI``)."""
    if settings.transport is not None:
        yield _shared_structured(settings, settings.transport, _build_sync).create
        return
    structured = _build_sync(settings)
    try:
        yield structured.create
    finally:
        structured.client.close()


@asynccontextmanager
async def async_structured_create(
    settings: Settings,
) -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    """The async twin of ``structured_create`` (``openai.AsyncOpenAI``)."""
    if settings.async_transport is not None:
        yield _shared_structured(settings, settings.async_transport, _build_async).create
        return
    structured = _build_async(settings)
    try:
        yield structured.create
    finally:
        await structured.client.close()
