"""``summarizer.testing``: the in-process fake endpoint, used as a user would, through the
public library calls (``summarise``/``asummarise`` with ``fake.settings()``)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from summarizer import ProviderError, Summary, asummarise, resolve_settings, summarise
from summarizer.evaluation.fixtures import Fixture, load_fixture
from summarizer.evaluation.gold_answers import answer_for
from summarizer.testing import (
    FakeOpenAI,
    Scripted,
    UnexpectedRequest,
    chat_completion,
    summary_completion,
    tool_call_completion,
)

SEED = Path(__file__).resolve().parent.parent / "evals" / "fixtures" / "seed-iran-iraq-oic.json"


@pytest.fixture(scope="module")
def seed() -> Fixture:
    return load_fixture(SEED)


def error_body(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "test"}}


def assert_grounded(summary: Summary, text: str) -> None:
    assert summary.quotes
    for quote in summary.quotes:
        assert text[quote.start : quote.end] == quote.text
    for stance in summary.stances:
        for span in stance.evidence:
            assert text[span.start : span.end] == span.text


def test_happy_path_through_summarise(seed: Fixture) -> None:
    fake = FakeOpenAI()
    fake.push(summary_completion(answer_for(seed), prompt_tokens=1200, completion_tokens=300))

    summary = summarise(seed.text, settings=fake.settings())

    assert_grounded(summary, seed.text)
    assert {q.speaker for q in summary.quotes} >= {"Hossein Amirabdollahian", "Ebrahim Raisi"}
    assert summary.meta.engine == "llm" and summary.meta.attempts == 1
    assert summary.meta.usage.prompt_tokens == 1200
    (request,) = fake.chat_requests
    assert request.method == "POST" and request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.body["model"] == "test-model"
    assert request.body["tool_choice"] == "required"
    assert [tool["function"]["name"] for tool in request.body["tools"]] == ["NewsSummary"]
    assert fake.unexpected == []


@pytest.mark.parametrize("mode", ["json_schema", "md_json"])
def test_summary_completion_fits_the_json_modes(seed: Fixture, mode: str) -> None:
    fake = FakeOpenAI()
    fake.push(summary_completion(answer_for(seed), mode=mode))

    summary = summarise(seed.text, settings=fake.settings(mode=mode))

    assert_grounded(summary, seed.text)
    assert summary.meta.attempts == 1


def test_happy_path_through_asummarise(seed: Fixture) -> None:
    fake = FakeOpenAI()
    fake.push(summary_completion(answer_for(seed)))

    summary = asyncio.run(asummarise(seed.text, settings=fake.settings()))

    assert_grounded(summary, seed.text)
    assert len(fake.chat_requests) == 1


def test_plugs_in_through_resolve_settings_and_with_(seed: Fixture) -> None:
    """The long form the helper stands for: any Settings can be pointed at the fake."""
    fake = FakeOpenAI()
    fake.push(summary_completion(answer_for(seed)))
    settings = resolve_settings(base_url=fake.base_url, model="m", api_key="x").with_(
        transport=fake.transport, async_transport=fake.async_transport
    )

    summary = summarise(seed.text, settings=settings)

    assert summary.meta.model == "m"
    assert fake.chat_requests[0].body == json.loads(fake.chat_requests[0].raw)


def test_invalid_answer_is_reasked_with_the_validation_error(seed: Fixture) -> None:
    broken = answer_for(seed)
    broken["actors"][0]["quotes"] = ["Q99"]
    fake = FakeOpenAI()
    fake.push(summary_completion(broken), summary_completion(answer_for(seed)))

    summary = summarise(seed.text, settings=fake.settings())

    assert summary.meta.attempts == 2
    assert summary.meta.usage.prompt_tokens == 200  # both attempts counted
    first, second = fake.chat_requests
    assert "there is no quote candidate 'Q99'" in json.dumps(second.body)
    assert "Q99" not in json.dumps(first.body)
    assert_grounded(summary, seed.text)


def test_429_with_retry_after_then_success(seed: Fixture) -> None:
    fake = FakeOpenAI()
    fake.push(
        Scripted(status=429, body=error_body("slow down"), headers={"Retry-After": "0"}),
        summary_completion(answer_for(seed)),
    )

    summary = summarise(seed.text, settings=fake.settings())

    assert len(fake.chat_requests) == 2
    assert_grounded(summary, seed.text)


def test_a_retry_after_past_the_budget_reaches_the_retry_policy(seed: Fixture) -> None:
    """The scripted header is what the library reads: an hour's wait is not waited."""
    fake = FakeOpenAI()
    fake.push(Scripted(status=429, body=error_body("quota"), headers={"Retry-After": "3600"}))

    with pytest.raises(ProviderError) as caught:
        summarise(seed.text, settings=fake.settings())

    assert caught.value.status_code == 429
    assert len(fake.requests) == 1


def test_401_is_exactly_one_request_and_a_one_line_error(seed: Fixture) -> None:
    fake = FakeOpenAI()
    fake.push(Scripted(status=401, body=error_body("Incorrect API key provided")))

    with pytest.raises(ProviderError) as caught:
        summarise(seed.text, settings=fake.settings(api_key="sk-secret-123456"))

    assert len(fake.requests) == 1
    assert caught.value.exit_code == 3
    assert "OPENAI_API_KEY" in caught.value.message
    assert "sk-secret-123456" not in str(caught.value) and "\n" not in str(caught.value)


def test_dropped_connection_and_timeout_are_httpx_errors_the_library_retries(
    seed: Fixture,
) -> None:
    waits: list[float] = []
    fake = FakeOpenAI(sleep=waits.append)
    fake.push(
        Scripted(drop=True),
        Scripted(delay=30.0),  # past the 2 s read timeout below
        Scripted(delay=0.25, body=summary_completion(answer_for(seed))),
    )

    summary = summarise(seed.text, settings=fake.settings(timeout=2.0))

    assert len(fake.chat_requests) == 3
    assert waits == [2.0, 0.25]  # the client's timeout, then the scripted delay
    assert_grounded(summary, seed.text)


def test_transport_raises_the_httpx_exceptions_a_socket_would() -> None:
    fake = FakeOpenAI()
    fake.push(Scripted(drop=True), Scripted(timeout=True), Scripted(status=503, body="busy"))
    with httpx.Client(transport=fake.transport, base_url=fake.base_url) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/chat/completions", json={})
        with pytest.raises(httpx.ReadTimeout):
            client.post("/chat/completions", json={})
        answer = client.post("/chat/completions", content=b"not json")
    assert answer.status_code == 503 and answer.text == "busy"
    assert fake.requests[2].body == {} and fake.requests[2].raw == b"not json"


def test_an_unexpected_request_fails_at_once_with_a_clear_error(seed: Fixture) -> None:
    fake = FakeOpenAI()
    fake.push(summary_completion(answer_for(seed)))
    summarise(seed.text, settings=fake.settings())

    with pytest.raises(ProviderError) as caught:
        summarise(seed.text, settings=fake.settings())

    assert "no scripted answer left (1 answered)" in caught.value.message
    assert "fake.push" in caught.value.message
    assert len(fake.requests) == 2  # refused once, not retried
    assert [r.path for r in fake.unexpected] == ["/v1/chat/completions"]
    with pytest.raises(UnexpectedRequest, match=r"1 request\(s\) found no scripted answer"):
        fake.check()


def test_leaving_the_with_block_flags_unexpected_requests(seed: Fixture) -> None:
    with pytest.raises(UnexpectedRequest), FakeOpenAI() as fake, pytest.raises(ProviderError):
        summarise(seed.text, settings=fake.settings())
    with FakeOpenAI() as quiet:
        quiet.push(summary_completion(answer_for(seed)))
        summarise(seed.text, settings=quiet.settings())


def test_a_responder_answers_once_the_queue_is_empty(seed: Fixture) -> None:
    fake = FakeOpenAI()
    fake.responder = lambda request: Scripted(body=summary_completion(answer_for(seed)))

    for _ in range(3):
        summarise(seed.text, settings=fake.settings())

    assert len(fake.chat_requests) == 3 and fake.unexpected == []


def test_the_builders_are_the_suites_http_server_vocabulary() -> None:
    from tests import openai_server

    assert openai_server.Scripted is Scripted
    assert openai_server.chat_completion is chat_completion
    assert openai_server.tool_call_completion is tool_call_completion
    assert issubclass(openai_server.FakeOpenAI, FakeOpenAI)


def test_fake_settings_ignore_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-developer-own-key")
    monkeypatch.setenv("SUMMARIZER_ENGINE", "offline")
    settings = FakeOpenAI().settings()
    assert settings.engine == "llm" and settings.api_key == "sk-test"
    assert chat_completion("x")["choices"][0]["message"] == {"role": "assistant", "content": "x"}
