"""A fake OpenAI-compatible endpoint for testing code that uses summarizer.

It runs in-process as an httpx transport (``httpx.MockTransport``): no socket, no
server thread, no network. Script its answers, plug it into the settings, call the
ordinary library functions, then read back every request it received::

    from summarizer import summarise
    from summarizer.testing import FakeOpenAI, Scripted, summary_completion

    fake = FakeOpenAI()
    fake.push(
        Scripted(status=429, headers={"Retry-After": "0"}),  # a rate limit first
        summary_completion(answer),  # then a valid answer (a NewsSummary dict)
    )
    summary = summarise(text, settings=fake.settings())
    assert len(fake.chat_requests) == 2

``fake.settings(**options)`` is ``resolve_settings(base_url=fake.base_url,
model="test-model", api_key="sk-test", engine="llm", env={}, **options)`` with
``transport=fake.transport`` and ``async_transport=fake.async_transport``; the
environment is ignored so a developer's own key or model never leaks into a test.
Both transports are ordinary httpx transports, so whatever the library wraps around
the configured transport (retries, the response cache, cassettes) runs for real.

The vocabulary is the one of the suite's real-HTTP server (``tests/openai_server.py``):
a ``Scripted`` answer is a status, a body (a dict sent as JSON, or raw text), headers
(``Retry-After``...), a delay, a dropped connection (``drop``, raised as
``httpx.RemoteProtocolError``) or a timeout (``timeout``, raised as
``httpx.ReadTimeout``; a ``delay`` longer than the client's read timeout times out
too). ``chat_completion`` and ``tool_call_completion`` build completion bodies;
``summary_completion`` wraps a summary answer in the shape the configured mode expects.

A request that finds no scripted answer left (and no ``responder``) is answered with
HTTP 400 and a message saying so, so the library fails at once with a ``ProviderError``
that names the cause; it is also kept in ``fake.unexpected``, and ``fake.check()``
(called on leaving ``with FakeOpenAI() as fake:``) raises ``UnexpectedRequest``.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

from summarizer.config import Settings, resolve_settings

__all__ = [
    "FakeOpenAI",
    "RecordedRequest",
    "Responder",
    "Scripted",
    "UnexpectedRequest",
    "chat_completion",
    "summary_completion",
    "tool_call_completion",
]

TOOL_NAME = "NewsSummary"
"""The tool (response model) name the LLM engine asks for in ``tools`` mode."""


@dataclass
class Scripted:
    """One scripted answer. ``body`` may be a dict (sent as JSON) or raw text."""

    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds before answering (past the client's read timeout: a timeout)."""
    drop: bool = False
    """Close the connection without answering (a dropped connection)."""
    timeout: bool = False
    """Never answer: the client's read timeout fires (raised at once, no waiting; the
    suite's real-HTTP server has no such switch: script a ``delay`` there)."""


@dataclass
class RecordedRequest:
    """One request as the endpoint received it: ``body`` is its decoded JSON object, or
    ``{}`` when it had none (no body, not JSON, not an object: ``raw`` has the bytes), so
    a test can index it without a None check."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: bytes

    @classmethod
    def received(
        cls, method: str, path: str, headers: Iterable[tuple[str, str]], raw: bytes
    ) -> RecordedRequest:
        """The request, its header names lower-cased and its body decoded."""
        try:
            decoded = json.loads(raw) if raw else {}
        except ValueError:
            decoded = {}
        return cls(
            method=method,
            path=path,
            headers={name.lower(): value for name, value in headers},
            body=decoded if isinstance(decoded, dict) else {},
            raw=raw,
        )


Responder = Callable[[RecordedRequest], Scripted]
"""Answers requests once the queue is empty (e.g. one answer per article of a batch)."""


class UnexpectedRequest(AssertionError):
    """The fake endpoint received a request it had no scripted answer for."""


class FakeOpenAI:
    """A scripted OpenAI-compatible endpoint: a queue of answers, the requests received.

    ``sleep``/``async_sleep`` wait out a ``Scripted.delay``; pass no-op ones for a test
    that should not spend wall-clock time on delays.
    """

    def __init__(
        self,
        *,
        base_url: str = "http://fake-openai.test/v1",
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.queue: deque[Scripted] = deque()
        self.requests: list[RecordedRequest] = []
        self.unexpected: list[RecordedRequest] = []
        """Requests that found no scripted answer (see ``check``)."""
        self.responder: Responder | None = None
        """Answers requests when the queue is empty (e.g. for batches)."""
        self.lock = threading.Lock()
        self.base_url = base_url
        self._sleep = sleep
        self._async_sleep = async_sleep
        self.transport: httpx.BaseTransport = httpx.MockTransport(self._handle)
        """For ``Settings.transport`` (the sync client)."""
        self.async_transport: httpx.AsyncBaseTransport = httpx.MockTransport(self._ahandle)
        """For ``Settings.async_transport`` (``asummarise``, batches)."""

    def push(self, *answers: Scripted | dict[str, Any]) -> None:
        """Queue answers, in order; a dict is a 200 with that JSON body."""
        for answer in answers:
            self.queue.append(answer if isinstance(answer, Scripted) else Scripted(body=answer))

    def next_answer(self, request: RecordedRequest) -> Scripted:
        """Record ``request`` and take its answer: the queue's next, else the responder's."""
        with self.lock:
            self.requests.append(request)
            if self.queue:
                return self.queue.popleft()
            if self.responder is None:
                self.unexpected.append(request)
                return self._refusal(request)
        return self.responder(request)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def settings(self, **options: Any) -> Settings:
        """Settings that send the LLM engine here (options as for ``resolve_settings``)."""
        options.setdefault("model", "test-model")
        options.setdefault("api_key", "sk-test")
        options.setdefault("engine", "llm")
        options.setdefault("env", {})
        return resolve_settings(base_url=self.base_url, **options).with_(
            transport=self.transport, async_transport=self.async_transport
        )

    def check(self) -> None:
        """Raise ``UnexpectedRequest`` if any request found no scripted answer."""
        if self.unexpected:
            seen = ", ".join(f"{r.method} {r.path}" for r in self.unexpected)
            raise UnexpectedRequest(
                f"{len(self.unexpected)} request(s) found no scripted answer ({seen}): "
                "push more with fake.push(...) or set fake.responder"
            )

    def __enter__(self) -> FakeOpenAI:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.check()

    def _refusal(self, request: RecordedRequest) -> Scripted:
        answered = len(self.requests) - len(self.unexpected)
        message = (
            f"summarizer.testing: unexpected request {request.method} {request.path}: no "
            f"scripted answer left ({answered} answered); push one with fake.push(...) "
            "or set fake.responder"
        )
        return Scripted(status=400, body={"error": {"message": message, "type": "test"}})

    def _handle(self, request: httpx.Request) -> httpx.Response:
        answer = self.next_answer(_recorded(request))
        wait, timed_out = _wait(answer, request)
        if wait:
            self._sleep(wait)
        return _respond(answer, request, timed_out)

    async def _ahandle(self, request: httpx.Request) -> httpx.Response:
        answer = self.next_answer(_recorded(request))
        wait, timed_out = _wait(answer, request)
        if wait:
            await self._async_sleep(wait)
        return _respond(answer, request, timed_out)


def _recorded(request: httpx.Request) -> RecordedRequest:
    return RecordedRequest.received(
        request.method,
        request.url.raw_path.decode("ascii"),
        request.headers.items(),
        request.content,  # MockTransport has read the body already
    )


def _wait(answer: Scripted, request: httpx.Request) -> tuple[float, bool]:
    """How long to wait before answering, and whether the client times out first."""
    if answer.timeout:
        return 0.0, True
    read_timeout = request.extensions.get("timeout", {}).get("read")
    if read_timeout is not None and answer.delay > read_timeout:
        return float(read_timeout), True
    return answer.delay, False


def _respond(answer: Scripted, request: httpx.Request, timed_out: bool) -> httpx.Response:
    if timed_out:
        raise httpx.ReadTimeout("summarizer.testing: scripted timeout", request=request)
    if answer.drop:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    payload = (
        answer.body.encode("utf-8")
        if isinstance(answer.body, str)
        else json.dumps(answer.body).encode("utf-8")
    )
    headers = {"content-type": "application/json", **answer.headers}
    return httpx.Response(answer.status, headers=headers, content=payload, request=request)


def _usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def _completion(
    message: dict[str, Any],
    *,
    model: str,
    finish_reason: str,
    prompt_tokens: int,
    completion_tokens: int,
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", **message},
                "finish_reason": finish_reason,
            }
        ],
        "usage": _usage(prompt_tokens, completion_tokens),
    }


def chat_completion(
    content: str | None,
    *,
    model: str = "test-model",
    finish_reason: str = "stop",
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
) -> dict[str, Any]:
    """A chat-completion body whose message is plain ``content`` (json/md_json modes)."""
    return _completion(
        {"content": content},
        model=model,
        finish_reason=finish_reason,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )


def tool_call_completion(
    name: str,
    arguments: dict[str, Any] | str,
    *,
    model: str = "test-model",
    finish_reason: str = "tool_calls",
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
) -> dict[str, Any]:
    """A chat-completion body with one tool call (instructor's ``tools`` mode)."""
    args = arguments if isinstance(arguments, str) else json.dumps(arguments)
    call = {"id": "call_test", "type": "function", "function": {"name": name, "arguments": args}}
    return _completion(
        {"content": None, "tool_calls": [call]},
        model=model,
        finish_reason=finish_reason,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )


def summary_completion(
    answer: dict[str, Any] | str, *, mode: str = "tools", **usage: Any
) -> dict[str, Any]:
    """The model's summary ``answer`` (a NewsSummary dict, or raw JSON text) as the
    completion ``mode`` expects: a tool call, plain JSON, or JSON in a markdown fence.
    ``usage``: ``prompt_tokens``/``completion_tokens``/``model``/``finish_reason``."""
    if mode == "tools":
        return tool_call_completion(TOOL_NAME, answer, **usage)
    content = answer if isinstance(answer, str) else json.dumps(answer)
    if mode == "md_json":
        content = f"```json\n{content}\n```"
    return chat_completion(content, **usage)
