"""Record/replay: exchanges stored without keys, served with no network, misses fail clearly,
and a replayed eval reproduces the recorded report exactly."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from summarizer.cassettes import (
    AsyncRecordingTransport,
    AsyncReplayTransport,
    CassetteStore,
    RecordingTransport,
    ReplayTransport,
)
from summarizer.cli import app
from summarizer.document import parse_document
from summarizer.evaluation.fixtures import Fixture, load_fixtures
from summarizer.evaluation.gold_answers import answer_for
from tests.conftest import FIXTURES
from tests.openai_server import FakeOpenAI, RecordedRequest, Scripted, tool_call_completion

KEY = "sk-cassette-secret-0123456789abcdef"
CHOSEN = ("dev-04-manager-sacked", "seed-iran-iraq-oic")
runner = CliRunner()


def chat_body(article: str) -> dict[str, Any]:
    return {"model": "test-model", "messages": [{"role": "user", "content": article}]}


def test_recording_stores_the_exchange_without_headers_and_replay_serves_it(
    tmp_path: Path, openai_server: FakeOpenAI
) -> None:
    openai_server.push({"id": "one", "choices": []})
    url = f"{openai_server.base_url}/chat/completions"
    headers = {"Authorization": f"Bearer {KEY}", "api-key": KEY}
    with httpx.Client(transport=RecordingTransport(tmp_path)) as client:
        answer = client.post(url, json=chat_body("an article"), headers=headers)
    assert answer.json() == {"id": "one", "choices": []}
    [path] = tmp_path.glob("*.json")
    stored = path.read_text()
    assert KEY not in stored and "uthorization" not in stored and "Bearer" not in stored
    record = json.loads(stored)
    assert record["model"] == "test-model"
    assert record["request"]["body"] == chat_body("an article")

    replay = ReplayTransport(tmp_path)
    elsewhere = "http://cassette-host.invalid/v1/chat/completions"  # never contacted
    with httpx.Client(transport=replay) as client:
        again = client.post(elsewhere, json=chat_body("an article"))
        missed = client.post(elsewhere, json=chat_body("another article"))
    assert again.json() == {"id": "one", "choices": []}
    assert missed.status_code == 400 and "no cassette" in missed.json()["error"]["message"]
    assert len(replay.misses) == 1 and replay.miss_error().exit_code == 3
    assert len(openai_server.requests) == 1


def test_async_twins_record_and_replay(tmp_path: Path, openai_server: FakeOpenAI) -> None:
    openai_server.push({"id": "async"})
    url = f"{openai_server.base_url}/chat/completions"

    async def exchange(transport: httpx.AsyncBaseTransport) -> Any:
        async with httpx.AsyncClient(transport=transport) as client:
            response = await client.post(url, json=chat_body("x"), headers={"Authorization": KEY})
            return response.json()

    assert asyncio.run(exchange(AsyncRecordingTransport(tmp_path))) == {"id": "async"}
    assert asyncio.run(exchange(AsyncReplayTransport(tmp_path))) == {"id": "async"}
    assert len(openai_server.requests) == 1
    assert all(KEY not in p.read_text() for p in tmp_path.iterdir())


def serve_gold_answers(server: FakeOpenAI, fixtures: list[Fixture]) -> None:
    openings = {f.id: parse_document(f.text).marked_text[:80] for f in fixtures}
    answers = {f.id: answer_for(f) for f in fixtures}

    def respond(request: RecordedRequest) -> Scripted:
        prompt = json.dumps(request.body, ensure_ascii=False)
        for fixture_id, opening in openings.items():
            if json.dumps(opening, ensure_ascii=False)[1:-1] in prompt:
                return Scripted(body=tool_call_completion("NewsSummary", answers[fixture_id]))
        return Scripted(status=500, body={"error": {"message": "unknown article"}})

    server.responder = respond


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    for fixture_id in CHOSEN:
        shutil.copy(FIXTURES / f"{fixture_id}.json", folder)
    return folder


def without_timing(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if key != "timing"}


def test_replay_of_a_recorded_eval_reproduces_the_report_without_network(
    tmp_path: Path,
    fixture_dir: Path,
    openai_server: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    serve_gold_answers(openai_server, load_fixtures(fixture_dir))
    cassettes, first, second = tmp_path / "cassettes", tmp_path / "run1", tmp_path / "run2"
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    recorded = runner.invoke(
        app,
        [
            "eval",
            str(fixture_dir),
            "--engine",
            "llm",
            "--base-url",
            openai_server.base_url,
            "--model",
            "test-model",
            "--record",
            str(cassettes),
            "--out",
            str(first),
            "--concurrency",
            "2",
        ],
    )
    assert recorded.exit_code == 0, recorded.output
    assert len(openai_server.chat_requests) == len(CHOSEN)
    assert openai_server.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"
    files = list(cassettes.iterdir())
    assert len(files) == len(CHOSEN)
    for path in files:
        text = path.read_text()
        assert KEY not in text and "authorization" not in text.lower() and "Bearer" not in text

    monkeypatch.delenv("OPENAI_API_KEY")
    seen = len(openai_server.requests)
    replayed = runner.invoke(
        app, ["eval", str(fixture_dir), "--replay", str(cassettes), "--out", str(second)]
    )
    assert replayed.exit_code == 0, replayed.output
    assert len(openai_server.requests) == seen  # nothing reached the server

    before = json.loads((first / "report.json").read_text())
    after = json.loads((second / "report.json").read_text())
    assert before["engine"] == "llm" and before["model"] == "test-model"
    assert before["usage"]["prompt_tokens"] > 0
    assert before["metrics"]["quotes.f1"]["value"] is not None
    assert without_timing(after) == without_timing(before)


def test_replay_miss_fails_with_one_line(
    tmp_path: Path, fixture_dir: Path, openai_server: FakeOpenAI
) -> None:
    serve_gold_answers(openai_server, load_fixtures(fixture_dir))
    cassettes = tmp_path / "cassettes"
    recorded = runner.invoke(
        app,
        [
            "eval",
            str(fixture_dir),
            "--engine",
            "llm",
            "--base-url",
            openai_server.base_url,
            "--model",
            "test-model",
            "--record",
            str(cassettes),
            "--out",
            str(tmp_path / "r1"),
        ],
    )
    assert recorded.exit_code == 0, recorded.output
    path = fixture_dir / f"{CHOSEN[0]}.json"
    data = json.loads(path.read_text())
    data["text"] += "\n\nA sentence added after recording."
    path.write_text(json.dumps(data))
    result = runner.invoke(
        app, ["eval", str(fixture_dir), "--replay", str(cassettes), "--out", str(tmp_path / "r2")]
    )
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("error: replay: 1 request(s) had no cassette in ")
    assert "record again with --record" in lines[0]


def test_replay_of_a_missing_folder_is_a_usage_error(tmp_path: Path, fixture_dir: Path) -> None:
    result = runner.invoke(
        app, ["eval", str(fixture_dir), "--replay", str(tmp_path / "none"), "--model", "m"]
    )
    assert result.exit_code == 2
    assert "no such directory of cassettes" in result.stderr


def test_store_lists_models(tmp_path: Path, openai_server: FakeOpenAI) -> None:
    openai_server.push({"id": "a"})
    with httpx.Client(transport=RecordingTransport(tmp_path)) as client:
        client.post(f"{openai_server.base_url}/chat/completions", json=chat_body("z"))
    assert CassetteStore(tmp_path).models() == {"test-model"}
