"""The client stack on instructor's public API: a caller's transport shared and never
closed, each call counted apart, and requests byte for byte what instructor's public
``create`` sends for the same messages."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import httpx
import instructor
import openai
import pytest

from summarizer import asummarise, summarise
from summarizer.config import resolve_settings
from summarizer.document import parse_document
from summarizer.llm.client import INSTRUCTOR_MODES, Tally
from summarizer.llm.engine import STRUCTURED_SUMMARY, _request, adraft_with_llm, draft_with_llm
from summarizer.llm.output_cap import default_max_tokens
from summarizer.llm.prompt import as_instructor_sent, build_messages
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


class ClosingCounted(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.closed = 0

    def close(self) -> None:
        self.closed += 1
        super().close()


def test_a_callers_transport_carries_every_call_and_is_never_closed(
    openai_server: FakeOpenAI,
) -> None:
    openai_server.responder = lambda _request: Scripted(
        body=tool_call_completion("NewsSummary", VALID)
    )
    transport = ClosingCounted()
    settings = settings_for(openai_server, transport=transport)

    first = summarise(ARTICLE, settings=settings)
    second = summarise(ARTICLE, settings=settings.with_(model="other-model"))

    assert transport.closed == 0  # the batch, the cache, the cassettes own it
    assert first.quotes[0].speaker == second.quotes[0].speaker == "Ana Ruiz"
    assert [r.body["model"] for r in openai_server.chat_requests] == ["test-model", "other-model"]
    transport.close()


def test_concurrent_calls_on_a_shared_client_are_counted_apart(
    openai_server: FakeOpenAI,
) -> None:
    def responder(request: RecordedRequest) -> Scripted:
        body = request.body
        messages = body["messages"]
        if "Alpha" in messages[1]["content"]:
            answer = BROKEN if len(messages) == 2 else VALID  # one re-ask, then valid
            return Scripted(body=tool_call_completion("NewsSummary", answer, prompt_tokens=100))
        return Scripted(body=tool_call_completion("NewsSummary", VALID, prompt_tokens=7))

    openai_server.responder = responder
    settings = settings_for(openai_server, async_transport=httpx.AsyncHTTPTransport())

    async def both() -> list[Any]:
        return list(
            await asyncio.gather(
                asummarise(ARTICLE + " Alpha.", settings=settings),
                asummarise(ARTICLE + " Beta.", settings=settings),
            )
        )

    alpha, beta = asyncio.run(both())
    assert (alpha.meta.attempts, alpha.meta.usage.prompt_tokens) == (2, 200)
    assert (beta.meta.attempts, beta.meta.usage.prompt_tokens) == (1, 7)
    assert alpha.quotes[0].speaker == "Ana Ruiz"  # the re-ask was validated against Alpha's text


def test_messages_reach_the_model_as_given_through_instructors_templating(
    openai_server: FakeOpenAI,
) -> None:
    """The validation context makes instructor render every message as a Jinja template;
    the engine's requests must still carry each message exactly (``{{``, ``{%``, raw
    blocks and all), through instructor's public ``create``."""
    pieces = ["{", "}", "{{", "{%", "{#", "%}", "#}", " ", "\t", "\n", "\r", "\r\n", "a", "é"]
    pieces += ["  indented", "'", '"', "\\", "\x0c", "\u2028", "raw", "endraw", "-"]
    rng = random.Random(20261124)
    texts = [
        as_instructor_sent("".join(rng.choice(pieces) for _ in range(rng.randint(1, 24))))
        for _ in range(400)
    ]
    texts = [text for text in texts if text]
    openai_server.push(tool_call_completion("NewsSummary", VALID))
    settings = settings_for(openai_server)
    document = parse_document(ARTICLE)
    messages = [{"role": "user", "content": text} for text in texts]
    request = _request(messages, document, settings, Tally(), is_async=False)

    with openai.OpenAI(base_url=settings.base_url, api_key="k", max_retries=0) as client:
        instructor.from_openai(client, mode=instructor.Mode.TOOLS).create(**request)

    sent = openai_server.chat_requests[0].body["messages"]
    assert [message["content"] for message in sent] == texts


def _answers(mode: str, answer: dict[str, Any]) -> dict[str, Any]:
    if mode == "tools":
        return tool_call_completion("NewsSummary", answer)
    text = json.dumps(answer)
    return chat_completion(f"Here it is:\n```json\n{text}\n```" if mode == "md_json" else text)


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
@pytest.mark.parametrize("is_async", [False, True])
def test_requests_are_byte_for_byte_what_instructors_public_create_sends(
    openai_server: FakeOpenAI, mode: str, is_async: bool
) -> None:
    """The engine's requests, re-ask included, are what a plain
    ``instructor.from_openai(client, mode).create(response_model=..., messages=...,
    context=...)`` sends for the same messages."""
    settings = settings_for(openai_server, mode=mode)
    document = parse_document(ARTICLE)
    messages = build_messages(document)
    answers = (_answers(mode, BROKEN), _answers(mode, VALID))
    plain = {
        "response_model": STRUCTURED_SUMMARY,
        "messages": messages,
        "context": {"document": document},
        "max_retries": settings.max_retries,
        "model": settings.model,
        "temperature": settings.temperature,
        "max_tokens": default_max_tokens(document),  # the default cap, sized to the article
        # tools: openai's public extra_body replaces instructor's object tool_choice
        **({"extra_body": {"tool_choice": "required"}} if mode == "tools" else {}),
    }

    def public() -> Any:
        mode_ = INSTRUCTOR_MODES[mode]
        if is_async:

            async def call() -> Any:
                client = openai.AsyncOpenAI(base_url=settings.base_url, api_key="k", max_retries=0)
                async with client:
                    return await instructor.from_openai(client, mode=mode_).create(**plain)

            return asyncio.run(call())
        with openai.OpenAI(base_url=settings.base_url, api_key="k", max_retries=0) as client:
            return instructor.from_openai(client, mode=mode_).create(**plain)

    def ours() -> Any:
        if is_async:
            return asyncio.run(adraft_with_llm(document, settings))
        return draft_with_llm(document, settings)

    sent = []
    for run in (public, ours):
        openai_server.requests.clear()
        openai_server.push(*answers)
        run()
        sent.append([r.raw for r in openai_server.chat_requests])
    assert len(sent[0]) == 2  # a re-ask
    assert sent[1] == sent[0]
