"""Shared clients: one openai client per settings and transport, each call still counted
apart, and requests byte for byte what instructor's own message templating sent."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import httpx
import instructor
import openai
import pytest
from instructor.v2.core.templating import apply_template

from summarizer import asummarise, summarise
from summarizer.config import resolve_settings
from summarizer.document import parse_document
from summarizer.llm.client import (
    INSTRUCTOR_MODES,
    async_structured_create,
    clients_built,
    structured_create,
)
from summarizer.llm.engine import _request
from summarizer.llm.prompt import as_instructor_sent, build_messages
from summarizer.llm.response import checking_against
from tests.openai_server import (
    FakeOpenAI,
    RecordedRequest,
    Scripted,
    chat_completion,
    tool_call_completion,
)

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


def _answers(mode: str, answer: dict[str, Any]) -> dict[str, Any]:
    if mode == "tools":
        return tool_call_completion("NewsSummary", answer)
    text = json.dumps(answer)
    return chat_completion(f"Here it is:\n```json\n{text}\n```" if mode == "md_json" else text)


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
@pytest.mark.parametrize("is_async", [False, True])
def test_requests_are_byte_for_byte_what_instructor_patch_sends(
    openai_server: FakeOpenAI, mode: str, is_async: bool
) -> None:
    """The client prepares the response model once instead of on every call; the
    requests, re-ask included, and the answer must be what ``instructor.patch`` gives."""
    settings = settings_for(openai_server, mode=mode)
    document = parse_document(ARTICLE)
    request = _request(build_messages(document), settings)
    answers = (_answers(mode, BROKEN), _answers(mode, VALID))

    def patched() -> Any:
        instructor_mode = INSTRUCTOR_MODES[mode]
        if is_async:
            client = openai.AsyncOpenAI(base_url=settings.base_url, api_key="k", max_retries=0)
            create = instructor.patch(create=client.chat.completions.create, mode=instructor_mode)
            return asyncio.run(create(**request))
        with openai.OpenAI(base_url=settings.base_url, api_key="k", max_retries=0) as client:
            create = instructor.patch(create=client.chat.completions.create, mode=instructor_mode)
            return create(**request)

    def ours() -> Any:
        if is_async:

            async def call() -> Any:
                async with async_structured_create(settings) as create:
                    return await create(**request)

            return asyncio.run(call())
        with structured_create(settings) as create:
            return create(**request)

    results = []
    for run in (patched, ours, ours):  # the second call of ours uses the prepared model
        openai_server.requests.clear()
        openai_server.push(*answers)
        with checking_against(document):
            results.append(run())
        results.append([r.raw for r in openai_server.chat_requests])
    expected_answer, expected_requests = results[0], results[1]
    assert len(expected_requests) == 2  # a re-ask
    assert results[2] == results[4] == expected_answer
    assert results[3] == results[5] == expected_requests
