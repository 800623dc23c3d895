"""The eval runner with the LLM engine over real HTTP: bounded concurrency, one fixture's
failure scored as empty, a permanent provider error stops the run in one line."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation.fixtures import load_fixtures
from summarizer.evaluation.gold_answers import answer_for
from tests.conftest import FIXTURES
from tests.openai_server import FakeOpenAI, RecordedRequest, Scripted, tool_call_completion

runner = CliRunner()
CHOSEN = (
    "dev-02-rezoning-vote",
    "dev-03-drug-approval",
    "dev-04-manager-sacked",
    "dev-08-software-layoffs",
)


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    for fixture_id in CHOSEN:
        (folder / f"{fixture_id}.json").write_text((FIXTURES / f"{fixture_id}.json").read_text())
    return folder


def llm_eval(server: FakeOpenAI, folder: Path, out: Path, *extra: str) -> Any:
    return runner.invoke(
        app,
        [
            "eval",
            str(folder),
            "--engine",
            "llm",
            "--base-url",
            server.base_url,
            "--model",
            "test-model",
            "--out",
            str(out),
            "--max-retries",
            "0",
            *extra,
        ],
    )


def which_fixture(request: RecordedRequest, folder: Path) -> str:
    prompt = json.dumps(request.body, ensure_ascii=False)
    for fixture in load_fixtures(folder):
        first_words = json.dumps(fixture.text[:60], ensure_ascii=False)[1:-1]
        if first_words in prompt:
            return fixture.id
    raise AssertionError("request for an unknown article")


def test_llm_eval_runs_concurrently_up_to_the_bound(
    tmp_path: Path, fixture_dir: Path, openai_server: FakeOpenAI
) -> None:
    answers = {f.id: answer_for(f) for f in load_fixtures(fixture_dir)}
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most

    def respond(request: RecordedRequest) -> Scripted:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        time.sleep(0.3)  # long enough for the other requests to arrive
        with lock:
            in_flight[0] -= 1
        fixture_id = which_fixture(request, fixture_dir)
        return Scripted(body=tool_call_completion("NewsSummary", answers[fixture_id]))

    openai_server.responder = respond
    result = llm_eval(openai_server, fixture_dir, tmp_path / "run", "--concurrency", "2")
    assert result.exit_code == 0, result.output
    assert in_flight[1] == 2
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["errors"] == {}
    assert report["usage"]["prompt_tokens"] == 100 * len(CHOSEN)


def test_one_fixture_failing_is_scored_empty_and_reported(
    tmp_path: Path, fixture_dir: Path, openai_server: FakeOpenAI
) -> None:
    answers = {f.id: answer_for(f) for f in load_fixtures(fixture_dir)}

    def respond(request: RecordedRequest) -> Scripted:
        fixture_id = which_fixture(request, fixture_dir)
        if fixture_id == "dev-03-drug-approval":
            return Scripted(body=tool_call_completion("NewsSummary", "{not json"))
        return Scripted(body=tool_call_completion("NewsSummary", answers[fixture_id]))

    openai_server.responder = respond
    out = tmp_path / "run"
    result = llm_eval(openai_server, fixture_dir, out)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert list(report["errors"]) == ["dev-03-drug-approval"]
    assert report["per_fixture"][0]["id"] == "dev-03-drug-approval"  # worst first
    assert report["per_fixture"][0]["metrics"]["actors.recall"] == 0.0
    assert not (out / "predictions" / "dev-03-drug-approval.json").exists()
    suite = ET.parse(out / "junit.xml").getroot()
    assert suite.get("errors") == "1"
    assert "**error**" in (out / "report.md").read_text()


def test_permanent_provider_error_stops_the_eval_in_one_line(
    tmp_path: Path, fixture_dir: Path, openai_server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "sk-wrong-key-abcdef0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    openai_server.responder = lambda request: Scripted(
        status=401, body={"error": {"message": f"Incorrect API key provided: {key}"}}
    )
    result = llm_eval(openai_server, fixture_dir, tmp_path / "run")
    assert result.exit_code == 3
    lines = [
        line for line in result.stderr.splitlines() if line.strip() and not line.startswith("eval:")
    ]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert key not in result.output and "Traceback" not in result.output


def test_rerunning_an_llm_eval_is_answered_by_the_cache(
    tmp_path: Path, fixture_dir: Path, openai_server: FakeOpenAI
) -> None:
    answers = {f.id: answer_for(f) for f in load_fixtures(fixture_dir)}
    openai_server.responder = lambda request: Scripted(
        body=tool_call_completion("NewsSummary", answers[which_fixture(request, fixture_dir)])
    )
    first = llm_eval(openai_server, fixture_dir, tmp_path / "first")
    assert first.exit_code == 0, first.output
    sent = len(openai_server.chat_requests)
    assert sent == len(CHOSEN)

    second = llm_eval(openai_server, fixture_dir, tmp_path / "second")
    assert second.exit_code == 0, second.output
    assert len(openai_server.chat_requests) == sent  # nothing reached the server
    metrics = [
        json.loads((tmp_path / run / "report.json").read_text())["metrics"]
        for run in ("first", "second")
    ]
    assert metrics[0] == metrics[1]

    third = llm_eval(openai_server, fixture_dir, tmp_path / "third", "--no-cache")
    assert third.exit_code == 0, third.output
    assert len(openai_server.chat_requests) == sent + len(CHOSEN)
