"""Provider failures over real HTTP: transient errors retried by the one tenacity policy,
permanent errors never retried, each a one-line error without the key, through the
library and the CLI."""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from summarizer import asummarise, retry, summarise
from summarizer.cli import app
from summarizer.config import resolve_settings
from summarizer.errors import FATAL_STATUS, ProviderError, SummarizerError
from tests import test_llm_engine
from tests.openai_server import FakeOpenAI, Scripted
from tests.test_llm_engine import KEY, assert_grounded, seed_answer, tool_answer

# One test server per module (see test_llm_engine.openai_server).
shared_server = test_llm_engine.shared_server
openai_server = test_llm_engine.openai_server

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_012b64248e7d0954.txt"


@pytest.fixture(autouse=True)
def _tiny_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep the exponential backoff real but short."""
    monkeypatch.setattr(retry.BACKOFF, "initial", 0.001)
    monkeypatch.setattr(retry.BACKOFF, "maximum", 0.005)
    yield


def settings_for(server: FakeOpenAI, **changes: Any) -> Any:
    settings = resolve_settings(base_url=server.base_url, model="test-model", api_key=KEY)
    return settings.with_(**changes) if changes else settings


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "test", "code": status}}


def fails(server: FakeOpenAI, seed_text: str, **changes: Any) -> SummarizerError:
    with pytest.raises(SummarizerError) as caught:
        summarise(seed_text, settings=settings_for(server, **changes))
    error = caught.value
    assert KEY not in str(error) and "\n" not in error.message
    return error


# --- transient errors ----------------------------------------------------------------


def test_429_honours_retry_after_then_succeeds(openai_server: FakeOpenAI, seed_text: str) -> None:
    openai_server.push(
        Scripted(status=429, body=error_body(429, "slow down"), headers={"Retry-After": "0"}),
        Scripted(status=429, body=error_body(429, "slow down"), headers={"retry-after-ms": "5"}),
        tool_answer(seed_answer()),
    )

    summary = summarise(seed_text, settings=settings_for(openai_server))

    assert summary.meta.attempts == 3  # every HTTP call counts
    assert summary.meta.usage.prompt_tokens == 100  # only the answer carried usage
    assert len(openai_server.chat_requests) == 3
    assert_grounded(summary, seed_text)


def test_retry_after_longer_than_the_budget_gives_up_at_once(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    openai_server.push(
        Scripted(status=429, body=error_body(429, "quota"), headers={"Retry-After": "3600"})
    )

    error = fails(openai_server, seed_text, transient_max_wait=5.0)

    assert isinstance(error, ProviderError) and error.exit_code == 3
    assert "asked to wait 3600 s" in error.message
    assert len(openai_server.chat_requests) == 1


def test_retry_after_as_an_http_date_is_honoured(openai_server: FakeOpenAI, seed_text: str) -> None:
    """The one Retry-After parser (``ratelimit.retry_after_seconds``) reads HTTP dates too."""
    later = email.utils.formatdate(time.time() + 3600, usegmt=True)
    openai_server.push(
        Scripted(status=429, body=error_body(429, "quota"), headers={"Retry-After": later})
    )

    error = fails(openai_server, seed_text, transient_max_wait=5.0)

    assert (
        "asked to wait 3" in error.message and "longer than the 5 s retry budget" in error.message
    )
    assert len(openai_server.chat_requests) == 1


def test_fatal_statuses_are_defined_once() -> None:
    assert {s for s in range(400, 600) if ProviderError("x", status_code=s).fatal} == FATAL_STATUS
    assert {401, 403, 404} == FATAL_STATUS
    assert not ProviderError("x").fatal


def test_500_until_exhausted_is_a_provider_error(openai_server: FakeOpenAI, seed_text: str) -> None:
    openai_server.responder = lambda request: Scripted(
        status=500, body=error_body(500, "upstream exploded")
    )

    error = fails(openai_server, seed_text, transient_attempts=3)

    assert isinstance(error, ProviderError)
    assert len(openai_server.chat_requests) == 3
    assert "gave up after 3 attempts" in error.message
    assert "HTTP 500: upstream exploded" in error.message


def test_total_time_bound_stops_retrying(openai_server: FakeOpenAI, seed_text: str) -> None:
    openai_server.responder = lambda request: Scripted(
        status=503, body=error_body(503, "busy"), delay=0.4
    )

    error = fails(openai_server, seed_text, transient_attempts=10, transient_max_wait=0.2)

    assert "HTTP 503: busy" in error.message
    # 10 attempts allowed, but the first answer alone took 0.4 s > 0.2 s: stop. (A loaded
    # machine only makes the first answer slower, so this cannot flake.)
    assert len(openai_server.chat_requests) == 1


def test_503_during_a_reask_is_retried_not_reasked(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    broken = seed_answer()
    broken["actors"][3]["quotes"] = ["Q99"]
    openai_server.push(
        tool_answer(broken),
        Scripted(status=503, body=error_body(503, "busy")),
        tool_answer(seed_answer()),
    )

    summary = summarise(seed_text, settings=settings_for(openai_server))

    assert summary.meta.attempts == 3
    first, retried, answered = openai_server.chat_requests
    assert "Q99" not in str(first.body["messages"])
    assert retried.body == answered.body  # the same re-ask, sent again
    assert "Q99" in str(answered.body["messages"])


def test_a_read_timeout_to_a_local_server_is_not_retried(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    """A local server is still generating the first answer: a second request would only
    queue behind it (issue 12: two generations were queued on llama.cpp)."""
    openai_server.push(Scripted(delay=0.6, body=tool_answer(seed_answer())))

    error = fails(openai_server, seed_text, timeout=0.2)

    assert len(openai_server.chat_requests) == 1 and error.attempts == 1
    assert error.message == (
        f"the server at {openai_server.base_url} gave no complete answer within 0.2 s "
        "(not retried: on one machine a second request queues behind the first); raise "
        "--timeout, or lower --max-tokens"
    )


class _TimesOutOnce(httpx.BaseTransport):
    """A remote endpoint (no remote host is reachable from the tests: the transport is
    the endpoint) whose first answer times out and whose second is the seed's."""

    def __init__(self) -> None:
        self.calls = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.calls == 1:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json=tool_answer(seed_answer()), request=request)


def test_a_read_timeout_to_a_remote_server_is_retried(seed_text: str) -> None:
    inner = _TimesOutOnce()
    settings = resolve_settings(
        base_url="https://models.example.com/v1", model="m", api_key=KEY, transport=inner
    )

    summary = summarise(seed_text, settings=settings)

    assert inner.calls == 2 and summary.meta.attempts == 2 and len(summary.quotes) == 7


class _FakeClock:
    """``retry.clock``: the request is sent at 0; every later reading is ``then``."""

    def __init__(self, then: float) -> None:
        self.readings = 0
        self.then = then

    def __call__(self) -> float:
        self.readings += 1
        return 0.0 if self.readings == 1 else self.then


@pytest.mark.parametrize("is_async", [False, True])
def test_the_whole_answer_has_its_own_deadline(
    openai_server: FakeOpenAI, seed_text: str, monkeypatch: pytest.MonkeyPatch, is_async: bool
) -> None:
    """The first byte came in time (httpx's read timeout), but the body's last piece
    arrived past --timeout after sending: a timeout, not an answer."""
    openai_server.push(tool_answer(seed_answer()))
    monkeypatch.setattr(retry, "clock", _FakeClock(then=30.5))
    settings = settings_for(openai_server, timeout=30.0)

    with pytest.raises(ProviderError) as caught:
        if is_async:
            asyncio.run(asummarise(seed_text, settings=settings))
        else:
            summarise(seed_text, settings=settings)

    assert "gave no complete answer within 30 s" in caught.value.message
    assert len(openai_server.chat_requests) == 1


def test_an_answer_inside_the_deadline_is_kept(
    openai_server: FakeOpenAI, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    openai_server.push(tool_answer(seed_answer()))
    monkeypatch.setattr(retry, "clock", _FakeClock(then=29.5))

    summary = summarise(seed_text, settings=settings_for(openai_server, timeout=30.0))

    assert summary.meta.attempts == 1 and len(summary.quotes) == 7


def test_a_local_server_gets_a_longer_default_timeout() -> None:
    local = resolve_settings(base_url="http://127.0.0.1:8080/v1", model="m", env={})
    remote = resolve_settings(base_url="https://models.example.com/v1", model="m", env={})
    chosen = resolve_settings(base_url="http://localhost:8080/v1", model="m", timeout=5, env={})
    from_env = resolve_settings(
        base_url="http://localhost:8080/v1", model="m", env={"SUMMARIZER_TIMEOUT": "7"}
    )

    assert (local.timeout, remote.timeout, chosen.timeout, from_env.timeout) == (600, 60, 5, 7)


def test_dropped_connection_is_retried(openai_server: FakeOpenAI, seed_text: str) -> None:
    openai_server.push(Scripted(drop=True), tool_answer(seed_answer()))

    summary = summarise(seed_text, settings=settings_for(openai_server))

    assert summary.meta.attempts == 2 and len(summary.quotes) == 7


def closed_port() -> int:
    with socket.socket() as probe:  # bound, never listening, closed: connections are refused
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("is_async", [False, True])
def test_a_refused_local_connection_fails_at_once(seed_text: str, is_async: bool) -> None:
    port = closed_port()
    settings = resolve_settings(base_url=f"http://localhost:{port}/v1", model="m", api_key=KEY)

    with pytest.raises(ProviderError) as caught:
        if is_async:
            asyncio.run(asummarise(seed_text, settings=settings))
        else:
            summarise(seed_text, settings=settings)

    assert caught.value.message == (
        f"nothing is listening at http://localhost:{port}/v1: is the server running?"
    )
    assert caught.value.attempts == 1 and caught.value.exit_code == 3


def test_a_refused_remote_connection_is_tried_twice() -> None:
    """A remote host that refuses may be restarting: one more try, then the usual error.
    (No remote host is reachable from the tests: the refusal is the transport's.)"""

    class Refusing(httpx.BaseTransport):
        def __init__(self) -> None:
            self.calls = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            self.calls += 1
            try:
                raise ConnectionRefusedError(111, "Connection refused")
            except ConnectionRefusedError as refusal:
                raise httpx.ConnectError("refused", request=request) from refusal

    inner = Refusing()
    settings = resolve_settings(
        base_url="https://models.example.com/v1", model="m", api_key=KEY, transport=inner
    )

    with pytest.raises(ProviderError) as caught:
        summarise('Officials said "the port will reopen" on Monday.', settings=settings)

    assert inner.calls == retry.REMOTE_REFUSED_ATTEMPTS == 2
    assert caught.value.attempts == 2
    assert "gave up after 2 attempts" in caught.value.message
    assert "connection to https://models.example.com/v1 refused" in caught.value.message


def test_cli_refused_local_connection_is_one_line_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    url = f"http://127.0.0.1:{closed_port()}/v1"

    result = CliRunner().invoke(app, [str(SEED), "--base-url", url, "--model", "m", "--quiet"])

    assert result.exit_code == 3
    assert result.stderr == f"error: nothing is listening at {url}: is the server running?\n"


# --- permanent errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, "rejected the API key"),
        (403, "refused access"),
        (404, "'test-model' or the endpoint was not found"),
        (400, "try --mode json_schema or --mode md_json"),
    ],
)
def test_permanent_errors_are_never_retried(
    openai_server: FakeOpenAI, seed_text: str, status: int, expected: str
) -> None:
    openai_server.push(
        Scripted(status=status, body=error_body(status, f"Incorrect API key provided: {KEY}"))
    )

    error = fails(openai_server, seed_text)

    assert isinstance(error, ProviderError) and error.exit_code == 3
    assert error.status_code == status
    assert expected in error.message
    assert len(openai_server.chat_requests) == 1


@pytest.mark.parametrize("body", ["<html>proxy login</html>", {"object": "list", "data": []}])
def test_a_body_that_is_not_a_chat_completion_is_not_reasked(
    openai_server: FakeOpenAI, seed_text: str, body: Any
) -> None:
    openai_server.push(Scripted(body=body))

    error = fails(openai_server, seed_text)

    assert isinstance(error, ProviderError)
    assert "is not a chat completion" in error.message and "/v1" in error.message
    assert len(openai_server.chat_requests) == 1


def test_async_429_then_success(openai_server: FakeOpenAI, seed_text: str) -> None:
    openai_server.push(
        Scripted(status=429, body=error_body(429, "slow down"), headers={"Retry-After": "0"}),
        Scripted(status=502, body=error_body(502, "bad gateway")),
        tool_answer(seed_answer()),
    )

    summary = asyncio.run(asummarise(seed_text, settings=settings_for(openai_server)))

    assert summary.meta.attempts == 3 and len(summary.quotes) == 7


def test_async_401_is_not_retried(openai_server: FakeOpenAI, seed_text: str) -> None:
    openai_server.push(Scripted(status=401, body=error_body(401, "bad key")))

    with pytest.raises(ProviderError) as caught:
        asyncio.run(asummarise(seed_text, settings=settings_for(openai_server)))

    assert "check OPENAI_API_KEY" in caught.value.message
    assert len(openai_server.chat_requests) == 1


# --- the CLI -------------------------------------------------------------------------


def run_cli(server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    return CliRunner().invoke(
        app, [str(SEED), "--base-url", server.base_url, "--model", "test-model", *args]
    )


def assert_no_key(result: Any) -> None:
    assert KEY not in result.stdout and KEY not in result.stderr


def test_cli_happy_path_prints_the_contract(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, seed_text: str
) -> None:
    import json

    openai_server.push(tool_answer(seed_answer()))

    result = run_cli(openai_server, monkeypatch, "-f", "json")

    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["meta"]["engine"] == "llm" and data["meta"]["attempts"] == 1
    assert len(data["quotes"]) == 7
    for quote in data["quotes"]:
        assert seed_text[quote["start"] : quote["end"]] == quote["text"]
    assert_no_key(result)


def test_cli_500_until_exhausted_exits_3(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    openai_server.responder = lambda request: Scripted(
        status=500, body=error_body(500, f"internal error for key {KEY}")
    )

    result = run_cli(openai_server, monkeypatch, "--quiet")

    assert result.exit_code == 3
    assert result.stderr.startswith("error: the model endpoint kept failing: gave up after 5")
    assert result.stderr.count("\n") == 1  # one line, no traceback, no library log lines
    assert len(openai_server.chat_requests) == 5
    assert_no_key(result)


def test_cli_401_exits_3_after_exactly_one_request(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    openai_server.push(
        Scripted(status=401, body=error_body(401, f"Incorrect API key provided: {KEY}"))
    )

    result = run_cli(openai_server, monkeypatch, "--quiet")

    assert result.exit_code == 3
    assert "check OPENAI_API_KEY" in result.stderr
    assert len(openai_server.chat_requests) == 1
    assert_no_key(result)


def test_cli_invalid_output_exits_4(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    openai_server.responder = lambda request: Scripted(body=tool_answer('{"title": 1}'))

    result = run_cli(openai_server, monkeypatch, "--quiet", "--max-retries", "1")

    assert result.exit_code == 4
    assert "still invalid after 2 attempts" in result.stderr
    assert len(openai_server.chat_requests) == 2
    assert_no_key(result)


def test_cli_debug_adds_the_traceback_and_keeps_the_exit_code(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    openai_server.push(
        Scripted(status=401, body=error_body(401, f"Incorrect API key provided: {KEY}"))
    )

    result = run_cli(openai_server, monkeypatch, "--quiet", "--debug")

    assert result.exit_code == 3  # not 1: --debug only adds the traceback
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert_no_key(result)


def test_cli_run_answers_a_repeat_from_the_cache_unless_told_not_to(
    openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    openai_server.responder = lambda request: Scripted(body=tool_answer(seed_answer()))

    first = run_cli(openai_server, monkeypatch, "-q", "-f", "json")
    again = run_cli(openai_server, monkeypatch, "-q", "-f", "json")
    assert first.exit_code == again.exit_code == 0, first.stderr + again.stderr
    assert len(openai_server.chat_requests) == 1  # the repeat never reached the server
    assert first.stdout.split('"meta"')[0] == again.stdout.split('"meta"')[0]

    assert run_cli(openai_server, monkeypatch, "-q", "--no-cache").exit_code == 0
    assert len(openai_server.chat_requests) == 2
    elsewhere = tmp_path / "other-cache"
    assert run_cli(openai_server, monkeypatch, "-q", "--cache-dir", str(elsewhere)).exit_code == 0
    assert len(openai_server.chat_requests) == 3
    assert any(elsewhere.iterdir())
