"""The sqlite response cache, its key, the caching transport and ``summarise cache``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from typer.testing import CliRunner

from summarizer.batch.transport import ArticleTraffic, BatchTransport, article_traffic
from summarizer.cache import CACHE_HEADER, CachingTransport, ResponseCache, request_key
from summarizer.cli import app
from tests.openai_server import FakeOpenAI, Scripted, chat_completion


def test_key_ignores_key_order_and_whitespace_but_not_content() -> None:
    a = request_key("/v1/chat/completions", b'{"model": "m", "messages": [1]}')
    b = request_key("/v1/chat/completions", b'{"messages":[1],"model":"m"}')
    c = request_key("/v1/chat/completions", b'{"messages":[2],"model":"m"}')
    d = request_key("/v1/other", b'{"messages":[1],"model":"m"}')
    assert a == b and a[1] == "m"
    assert len({a[0], c[0], d[0]}) == 3


def test_put_get_info_clear(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    assert cache.info().entries == 0
    cache.put("k1", "model-a", b'{"x": 1}')
    cache.put("k2", "model-b", b'{"x": 2}')
    cache.put("k3", "model-b", b'{"x": 3}')
    assert cache.get("k1") == b'{"x": 1}'
    assert cache.get("nope") is None
    info = cache.info()
    assert (info.entries, info.models) == (3, {"model-b": 2, "model-a": 1})
    assert cache.clear("model-b") == 2
    assert cache.get("k1") is not None and cache.get("k2") is None
    assert cache.clear() == 1
    assert cache.info().entries == 0


def _post(transport: BatchTransport, base_url: str, body: dict[str, object]) -> httpx.Response:
    """One request through ``transport`` in its own event loop (a fresh inner transport each
    time: connection pools belong to one loop; the cache is what is shared)."""
    transport.inner = httpx.AsyncHTTPTransport()

    async def main() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport) as client:
            response = await client.post(f"{base_url}/chat/completions", json=body)
            await response.aread()
        await transport.inner.aclose()
        return response

    return asyncio.run(main())


def test_cache_hit_skips_the_server(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    openai_server.responder = lambda request: Scripted(body=chat_completion("hello"))
    body: dict[str, object] = {
        "model": "test-model",
        "messages": [{"role": "user", "content": "article"}],
    }
    transport = BatchTransport(cache=ResponseCache(tmp_path))
    first = _post(transport, openai_server.base_url, body)
    assert first.json()["choices"][0]["message"]["content"] == "hello"
    assert len(openai_server.requests) == 1

    traffic = ArticleTraffic()
    token = article_traffic.set(traffic)
    second = _post(transport, openai_server.base_url, body)
    article_traffic.reset(token)
    assert second.json() == first.json()
    assert second.headers[CACHE_HEADER] == "hit"
    assert len(openai_server.requests) == 1  # zero requests for the hit
    assert (traffic.sent, traffic.cache_hits, traffic.spent.total_tokens) == (0, 1, 0)

    _post(transport, openai_server.base_url, {**body, "model": "other"})
    assert len(openai_server.requests) == 2  # a different request is not a hit


def test_errors_are_not_cached_and_keys_are_not_stored(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.push(Scripted(status=500, body={"error": {"message": "boom"}}))
    openai_server.responder = lambda request: Scripted(body=chat_completion("ok"))
    transport = BatchTransport(cache=ResponseCache(tmp_path))
    body = {"model": "m", "messages": []}

    async def main() -> list[int]:
        headers = {"Authorization": "Bearer sk-secret-key-123456"}
        async with httpx.AsyncClient(transport=transport, headers=headers) as client:
            url = f"{openai_server.base_url}/chat/completions"
            return [(await client.post(url, json=body)).status_code for _ in range(3)]

    assert asyncio.run(main()) == [500, 200, 200]
    assert len(openai_server.requests) == 2
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"sk-secret-key-123456" not in stored


def test_traffic_counts_tokens_spent(openai_server: FakeOpenAI) -> None:
    openai_server.push(chat_completion("x", prompt_tokens=7, completion_tokens=3))
    traffic = ArticleTraffic()
    token = article_traffic.set(traffic)
    _post(BatchTransport(), openai_server.base_url, {"model": "m"})
    article_traffic.reset(token)
    assert (traffic.sent, traffic.spent.prompt_tokens, traffic.spent.completion_tokens) == (1, 7, 3)


def test_cache_info_and_clear_commands(tmp_path: Path) -> None:
    ResponseCache(tmp_path).put("k", "gpt-4o-mini", json.dumps({"a": 1}).encode())
    runner = CliRunner()
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(tmp_path)])
    assert info.exit_code == 0, info.output
    assert "responses: 1" in info.output and "gpt-4o-mini: 1" in info.output
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(tmp_path)])
    assert cleared.exit_code == 0 and "deleted 1 responses" in cleared.output
    assert (
        "responses: 0" in runner.invoke(app, ["cache", "info", "--cache-dir", str(tmp_path)]).output
    )


def test_sync_caching_transport_serves_summarise_from_the_cache(
    openai_server: FakeOpenAI, tmp_path: Path, seed_text: str
) -> None:
    """The sync client (``summarise``, evals) gets the same cache through ``transport``."""
    from summarizer import summarise
    from summarizer.config import resolve_settings
    from tests.openai_server import tool_call_completion

    answer = {
        "title": "A headline",
        "summary": "Something happened. People reacted.",
        "key_points": ["One.", "Two.", "Three."],
        "actors": [],
        "unattributed_quotes": [f"Q{n}" for n in range(1, 8)],  # the seed's 7 candidates
        "extra_quotes": [],
    }
    openai_server.responder = lambda request: Scripted(
        body=tool_call_completion("NewsSummary", answer)
    )
    transport = CachingTransport(ResponseCache(tmp_path))
    settings = resolve_settings(
        base_url=openai_server.base_url, model="gpt-4o-mini", transport=transport
    )
    first = summarise(seed_text, settings=settings)
    second = summarise(seed_text, settings=settings)
    assert len(openai_server.requests) == 1 and (transport.sent, transport.hits) == (1, 1)
    assert second.title == first.title == "A headline"
    assert second.meta.cost_usd == first.meta.cost_usd is not None
    transport.close()
