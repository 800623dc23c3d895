"""The batch's aiohttp-backed transport, over real HTTP: answers, compressed bodies, and
every failure mapped so the engine's one retry policy and its messages stay as they are."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from summarizer import asummarise, retry
from summarizer.batch.aiohttp_transport import AiohttpTransport
from summarizer.batch.network import NetworkThread
from summarizer.batch.transport import BatchTransport
from summarizer.config import resolve_settings
from summarizer.errors import ProviderError
from tests import test_llm_engine
from tests.openai_server import FakeOpenAI, Scripted
from tests.test_llm_engine import KEY, seed_answer, tool_answer

shared_server = test_llm_engine.shared_server
openai_server = test_llm_engine.openai_server


@pytest.fixture(autouse=True)
def _tiny_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(retry.BACKOFF, "initial", 0.001)
    monkeypatch.setattr(retry.BACKOFF, "maximum", 0.005)
    yield


@pytest.fixture(params=[False, True], ids=["main-loop", "network-thread"])
def threaded(request: pytest.FixtureRequest) -> bool:
    """Each exchange on the caller's loop, and on the batch's network thread."""
    return bool(request.param)


def summarise_over_aiohttp(text: str, base_url: str, threaded: bool, **changes: Any) -> Any:
    """``asummarise`` through the batch's transport stack, closed afterwards."""

    async def run() -> Any:
        network = NetworkThread() if threaded else None
        transport = BatchTransport(AiohttpTransport(), in_flight=4, network=network)
        settings = resolve_settings(base_url=base_url, model="test-model", api_key=KEY)
        try:
            return await asummarise(
                text, settings=settings.with_(async_transport=transport, **changes)
            )
        finally:
            await transport.close_inner()

    return asyncio.run(run())


def test_answers_and_sends_what_the_client_built(
    openai_server: FakeOpenAI, seed_text: str, threaded: bool
) -> None:
    openai_server.push(tool_answer(seed_answer()))

    summary = summarise_over_aiohttp(seed_text, openai_server.base_url, threaded)

    assert summary.meta.attempts == 1 and len(summary.quotes) == 7
    request = openai_server.chat_requests[0]
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["content-type"] == "application/json"
    assert int(request.headers["content-length"]) == len(request.raw)
    assert request.body["model"] == "test-model"


def test_a_read_timeout_to_a_local_server_is_not_retried(
    openai_server: FakeOpenAI, seed_text: str, threaded: bool
) -> None:
    openai_server.responder = lambda request: Scripted(delay=0.4, body=tool_answer(seed_answer()))

    with pytest.raises(ProviderError) as caught:
        summarise_over_aiohttp(seed_text, openai_server.base_url, threaded, timeout=0.1)

    assert "gave no complete answer within 0.1 s (not retried" in caught.value.message
    assert len(openai_server.chat_requests) == 1


def test_dropped_connection_is_retried(
    openai_server: FakeOpenAI, seed_text: str, threaded: bool
) -> None:
    openai_server.push(Scripted(drop=True), tool_answer(seed_answer()))

    summary = summarise_over_aiohttp(seed_text, openai_server.base_url, threaded)

    assert summary.meta.attempts == 2 and len(summary.quotes) == 7


def test_a_refused_local_connection_fails_at_once(seed_text: str, threaded: bool) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(ProviderError) as caught:
        summarise_over_aiohttp(seed_text, f"http://127.0.0.1:{port}/v1", threaded)

    assert caught.value.message == (
        f"nothing is listening at http://127.0.0.1:{port}/v1: is the server running?"
    )
    assert caught.value.attempts == 1  # not retried: nothing will start listening by itself


def test_a_status_error_reaches_the_client_with_its_body(
    openai_server: FakeOpenAI, seed_text: str, threaded: bool
) -> None:
    openai_server.push(Scripted(status=401, body={"error": {"message": "bad key"}}))

    with pytest.raises(ProviderError) as caught:
        summarise_over_aiohttp(seed_text, openai_server.base_url, threaded)

    assert caught.value.status_code == 401 and "bad key" in caught.value.message
    assert len(openai_server.chat_requests) == 1


def test_a_compressed_body_is_decoded_once() -> None:
    """The raw body stays encoded for the batch transport to store decoded."""
    body = json.dumps({"usage": {"prompt_tokens": 3, "completion_tokens": 4}}).encode()

    async def serve_gzip() -> tuple[bytes, bytes, int]:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            packed = gzip.compress(body)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                + f"Content-Length: {len(packed)}\r\n\r\n".encode()
                + packed
            )
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        transport = AiohttpTransport()
        try:
            request = httpx.Request("GET", f"http://127.0.0.1:{port}/")
            response = await transport.handle_async_request(request)
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
            decoded = httpx.Response(200, headers=response.headers, content=raw).read()
            return raw, decoded, response.status_code
        finally:
            await transport.aclose()
            server.close()
            await server.wait_closed()

    raw, decoded, status = asyncio.run(serve_gzip())
    assert status == 200 and gzip.decompress(raw) == body and decoded == body
