"""Shared clients: one openai client per settings and transport, each call still counted
apart, and requests byte for byte what instructor's own message templating sent."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import httpx
from instructor.v2.core.templating import apply_template

from summarizer import asummarise, summarise
from summarizer.config import resolve_settings
from summarizer.llm.client import clients_built
from summarizer.llm.prompt import as_instructor_sent
from tests.openai_server import FakeOpenAI, RecordedRequest, Scripted, tool_call_completion

ARTICLE = '"We will rebuild the port," said Mayor Ana Ruiz on Monday.'
VALID = {
    "title": "Mayor vows to rebuild port",
    "summary": "The mayor said the port would be rebuilt. She spoke on Monday.",
    "key_points": ["The port will be rebuilt.", "The mayor said so.", "She spoke on Monday."],
    "actors": [
        {
            "name": "Ana Ruiz",
            "kind": "person",
            "role": "Mayor",
            "aliases": [],
            "quotes": ["Q1"],
            "stances": [],
        }
    ],
    "unattributed_quotes": [],
    "extra_quotes": [],
}
BROKEN = {**VALID, "unattributed_quotes": ["Q9"]}


def settings_for(server: FakeOpenAI, **extra: Any) -> Any:
    return resolve_settings(base_url=server.base_url, model="test-model", api_key="k", **extra)


def test_calls_with_the_same_settings_and_transport_share_one_client(
    openai_server: FakeOpenAI,
) -> None:
    openai_server.responder = lambda _request: Scripted(
        body=tool_call_completion("NewsSummary", VALID)
    )
    transport = httpx.HTTPTransport()
    settings = settings_for(openai_server, transport=transport)
    before = clients_built()

    first = summarise(ARTICLE, settings=settings)
    second = summarise(ARTICLE, settings=settings)
    assert clients_built() - before == 1  # and the shared transport was not closed after use
    assert first.quotes[0].speaker == second.quotes[0].speaker == "Ana Ruiz"

    summarise(ARTICLE, settings=settings.with_(model="other-model"))
    summarise(ARTICLE, settings=settings.with_(transport=httpx.HTTPTransport()))
    assert clients_built() - before == 3
    assert len(openai_server.chat_requests) == 4


def test_concurrent_calls_on_a_shared_client_are_counted_apart(
    openai_server: FakeOpenAI,
) -> None:
    def responder(request: RecordedRequest) -> Scripted:
        body = request.body or {}
        messages = body["messages"]
        if "Alpha" in messages[1]["content"]:
            answer = BROKEN if len(messages) == 2 else VALID  # one re-ask, then valid
            return Scripted(body=tool_call_completion("NewsSummary", answer, prompt_tokens=100))
        return Scripted(body=tool_call_completion("NewsSummary", VALID, prompt_tokens=7))

    openai_server.responder = responder
    settings = settings_for(openai_server, async_transport=httpx.AsyncHTTPTransport())
    before = clients_built()

    async def both() -> list[Any]:
        return list(
            await asyncio.gather(
                asummarise(ARTICLE + " Alpha.", settings=settings),
                asummarise(ARTICLE + " Beta.", settings=settings),
            )
        )

    alpha, beta = asyncio.run(both())
    assert clients_built() - before == 1
    assert (alpha.meta.attempts, alpha.meta.usage.prompt_tokens) == (2, 200)
    assert (beta.meta.attempts, beta.meta.usage.prompt_tokens) == (1, 7)
    assert alpha.quotes[0].speaker == "Ana Ruiz"  # the re-ask was validated against Alpha's text


def test_messages_are_what_instructor_templating_sent() -> None:
    """The engine no longer has instructor render messages as templates; what it sends
    must be byte for byte what that render made of the escaped text."""
    pieces = ["{", "}", "{{", "{%", "{#", "%}", "#}", " ", "\t", "\n", "\r", "\r\n", "a", "é"]
    pieces += ["  indented", "'", '"', "\\", "\x0c", "\u2028", "raw", "endraw", "-"]
    rng = random.Random(20261124)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        rendered = apply_template(text.replace("{", "{{ '{' }}"), {"document": object()})
        assert as_instructor_sent(text) == rendered, repr(text)
