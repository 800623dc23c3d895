"""A real local HTTP server that speaks the OpenAI chat-completions protocol.

Tests script it: queue responses (JSON bodies, raw bodies, status codes,
headers, delays, dropped connections) and read back every request it got.
Nothing is mocked inside the ``openai`` client: the HTTP path, instructor's
parsing and our retries all run for real against it.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = [
    "FakeOpenAI",
    "RecordedRequest",
    "Scripted",
    "chat_completion",
    "serve",
    "tool_call_completion",
]


@dataclass
class Scripted:
    """One scripted answer. ``body`` may be a dict (sent as JSON) or raw text."""

    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    """Close the connection without answering (a dropped connection)."""


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    raw: bytes


Responder = Callable[[RecordedRequest], Scripted]


class FakeOpenAI:
    """The server's state: a queue of scripted answers and the requests received."""

    def __init__(self) -> None:
        self.queue: deque[Scripted] = deque()
        self.requests: list[RecordedRequest] = []
        self.responder: Responder | None = None
        """Answers requests when the queue is empty (e.g. for batches)."""
        self.lock = threading.Lock()
        self.base_url = ""
        self.active = 0
        self.most_at_once = 0
        """The most requests the server was handling at the same time."""

    def push(self, *answers: Scripted | dict[str, Any]) -> None:
        for answer in answers:
            self.queue.append(answer if isinstance(answer, Scripted) else Scripted(body=answer))

    def next_answer(self, request: RecordedRequest) -> Scripted:
        with self.lock:
            self.requests.append(request)
            if self.queue:
                return self.queue.popleft()
        if self.responder is not None:
            return self.responder(request)
        return Scripted(
            status=500,
            body={"error": {"message": "test server: no scripted response left", "type": "test"}},
        )

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]


def _handler(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _serve(self) -> None:
            with state.lock:
                state.active += 1
                state.most_at_once = max(state.most_at_once, state.active)
            try:
                self._answer()
            finally:
                with state.lock:
                    state.active -= 1

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            request = RecordedRequest(
                method=self.command,
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
                raw=raw,
            )
            answer = state.next_answer(request)
            if answer.delay:
                time.sleep(answer.delay)
            if answer.drop:
                self.close_connection = True
                self.connection.close()
                return
            payload = (
                answer.body.encode("utf-8")
                if isinstance(answer.body, str)
                else json.dumps(answer.body).encode("utf-8")
            )
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in answer.headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        do_POST = _serve
        do_GET = _serve

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a CLI that stopped on a fatal error, a timeout test) is
        normal here; anything else is printed as usual. The default prints a traceback on
        stderr, which a CLI test captures as if the CLI had written it."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def serve() -> Iterator[FakeOpenAI]:
    """Run a server on 127.0.0.1 (a free port) for the duration of the generator."""
    state = FakeOpenAI()
    server = _Server(("127.0.0.1", 0), _handler(state))
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=lambda: server.serve_forever(poll_interval=0.05), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
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
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": _usage(prompt_tokens, completion_tokens),
    }


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
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_test",
                            "type": "function",
                            "function": {"name": name, "arguments": args},
                        }
                    ],
                },
                "finish_reason": finish_reason,
            }
        ],
        "usage": _usage(prompt_tokens, completion_tokens),
    }
