"""A real local HTTP server that speaks the OpenAI chat-completions protocol.

Tests script it: queue responses (JSON bodies, raw bodies, status codes,
headers, delays, dropped connections) and read back every request it got.
Nothing is mocked inside the ``openai`` client: the HTTP path, instructor's
parsing and our retries all run for real against it. Its scripting vocabulary
(``Scripted``, ``RecordedRequest``, the completion builders, the queue) is the
package's in-process double, ``summarizer.testing``; this module only puts it
behind a socket.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from summarizer import testing
from summarizer.testing import RecordedRequest, Scripted, chat_completion, tool_call_completion
from tests.openai_batches import BatchAPI, Reply

__all__ = [
    "FakeOpenAI",
    "RecordedRequest",
    "Scripted",
    "chat_completion",
    "serve",
    "tool_call_completion",
]


class FakeOpenAI(testing.FakeOpenAI):
    """The server's state: the package double's queue and requests, plus how many
    requests the server handled at once."""

    def __init__(self) -> None:
        super().__init__(base_url="")
        self.active = 0
        self.most_at_once = 0
        """The most requests the server was handling at the same time."""
        self.batch_api = BatchAPI()
        """``/v1/files`` and ``/v1/batches`` (``tests/openai_batches.py``)."""


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
            if state.batch_api.handles(self.path):
                headers = {k.lower(): v for k, v in self.headers.items()}
                self._reply(state.batch_api.handle(self.command, self.path, headers, raw))
                return
            request = RecordedRequest.received(self.command, self.path, self.headers.items(), raw)
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

        def _reply(self, reply: Reply) -> None:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.payload)))
            self.end_headers()
            try:
                if reply.hold_after is None:
                    self.wfile.write(reply.payload)
                    return
                self.wfile.write(reply.payload[: reply.hold_after])
                self.wfile.flush()
                hold = state.batch_api.hold
                assert hold is not None
                hold.reached.set()
                hold.release.wait(30)
                self.wfile.write(reply.payload[reply.hold_after :])
            except (BrokenPipeError, ConnectionResetError):
                pass

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
