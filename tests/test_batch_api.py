"""``summarise batch --via openai-batch`` against the local server's Batch API: the
uploaded lines are the interactive requests byte for byte, ids round-trip, invalid
answers alone are re-asked, cost at the batch rate, every failure a line and a code,
and a CLI killed (SIGKILL) at each stage resumes with every article exactly once."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from summarizer.cli import app
from summarizer.errors import EXIT_BATCH_INCOMPLETE, EXIT_BATCH_PENDING
from summarizer.pricing import load_prices
from summarizer.schema import Usage
from tests.conftest import start_cli
from tests.openai_batches import Hold
from tests.openai_server import FakeOpenAI, RecordedRequest, Scripted, tool_call_completion
from tests.test_batch_llm import ANSWER, articles

MODEL = "gpt-4o-mini"
BROKEN = {
    **ANSWER,
    "actors": [
        {
            "name": "Zebediah Quux",
            "kind": "person",
            "role": "",
            "aliases": [],
            "quotes": [],
            "stances": [],
        }
    ],
}
FAST = ["--via", "openai-batch", "--wait", "--poll-interval", "0", "--no-cache"]


def good(_body: Any = None) -> Scripted:
    return Scripted(body=tool_call_completion("NewsSummary", ANSWER, prompt_tokens=1000))


def run(server: FakeOpenAI, *args: str) -> Result:
    return CliRunner().invoke(
        app,
        ["batch", *args, "--base-url", server.base_url, "--model", MODEL],
        catch_exceptions=False,
    )


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def body_of(line: bytes) -> bytes:
    marker = b', "body": '
    return line[line.index(marker) + len(marker) : -1]


def test_uploaded_lines_are_the_interactive_requests(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    folder = articles(tmp_path / "in", 3)
    openai_server.responder = lambda request: good()
    interactive = run(openai_server, str(folder), "-o", str(tmp_path / "i.jsonl"), "--no-cache")
    assert interactive.exit_code == 0, interactive.output
    sent = {
        json.dumps(r.body["messages"][-1]["content"]): r.raw for r in openai_server.chat_requests
    }

    openai_server.batch_api.responder = good
    result = run(openai_server, str(folder), "-o", str(tmp_path / "b.jsonl"), *FAST)
    assert result.exit_code == 0, result.output
    (upload,) = openai_server.batch_api.uploads
    uploaded = upload.splitlines(keepends=True)
    assert len(uploaded) == 3
    for line in uploaded:
        body = body_of(line.rstrip(b"\n"))
        key = json.dumps(json.loads(body)["messages"][-1]["content"])
        assert body == sent[key]  # byte-identical
        assert json.loads(line)["url"] == "/v1/chat/completions"
    by_id = {r["id"]: r for r in lines(tmp_path / "i.jsonl")}
    for record in lines(tmp_path / "b.jsonl"):
        assert record["summary"]["title"] == by_id[record["id"]]["summary"]["title"]
        assert record["summary"]["quotes"] == by_id[record["id"]]["summary"]["quotes"]
    assert len(openai_server.chat_requests) == 3  # the batch sent none interactively


def test_ids_keep_their_json_type(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    ids: list[Any] = [17, "17", "a/b \u00e9", 3]
    source.write_text(
        "".join(
            json.dumps({"id": i, "text": f"Item {n}. The council met."}) + "\n"
            for n, i in enumerate(ids)
        )
    )
    openai_server.batch_api.responder = good
    out = tmp_path / "out.jsonl"
    result = run(openai_server, str(source), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.output
    assert sorted(map(json.dumps, (r["id"] for r in lines(out)))) == sorted(map(json.dumps, ids))
    custom = [
        json.loads(line)["custom_id"] for line in openai_server.batch_api.uploads[0].splitlines()
    ]
    assert custom == [json.dumps(i, ensure_ascii=False) for i in ids]


def _reask_server(server: FakeOpenAI) -> None:
    def batch_answer(body: dict[str, Any]) -> Scripted:
        broken = "Article number 1." in body["messages"][-1]["content"]
        payload = BROKEN if broken else ANSWER
        return Scripted(body=tool_call_completion("NewsSummary", payload, prompt_tokens=1000))

    server.batch_api.responder = batch_answer
    server.responder = lambda request: good()


def test_only_invalid_answers_are_reasked_at_their_own_price(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    _reask_server(openai_server)
    out = tmp_path / "out.jsonl"
    result = run(openai_server, str(articles(tmp_path / "in", 4)), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.output
    assert len(openai_server.chat_requests) == 1
    assert "Article number 1." in openai_server.chat_requests[0].raw.decode()
    records = {Path(r["id"]).name: r for r in lines(out)}
    assert all("summary" in r for r in records.values())
    prices = load_prices()
    one = prices.cost(MODEL, Usage(prompt_tokens=1000, completion_tokens=50))
    assert one is not None
    assert records["a000.txt"]["summary"]["meta"]["cost_usd"] == pytest.approx(one * 0.5)
    assert records["a001.txt"]["summary"]["meta"]["cost_usd"] == pytest.approx(one * 0.5 + one)
    assert "1 answer(s) failing validation re-asked interactively" in result.stderr


def test_no_reask_writes_error_lines(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    _reask_server(openai_server)
    out = tmp_path / "out.jsonl"
    folder = articles(tmp_path / "in", 3)
    result = run(openai_server, str(folder), "-o", str(out), *FAST, "--no-reask")
    assert result.exit_code == EXIT_BATCH_INCOMPLETE
    assert openai_server.chat_requests == []
    errors = [r for r in lines(out) if "error" in r]
    assert [Path(r["id"]).name for r in errors] == ["a001.txt"]
    assert "--no-reask" in errors[0]["error"]["message"]


def test_a_later_interactive_run_is_answered_by_the_cache(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    folder = articles(tmp_path / "in", 2)
    openai_server.batch_api.responder = good
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = run(openai_server, str(folder), "-o", str(tmp_path / "b.jsonl"), *FAST[:5], *cache)
    assert first.exit_code == 0, first.output
    again = run(openai_server, str(folder), "-o", str(tmp_path / "i.jsonl"), *cache)
    assert again.exit_code == 0, again.output
    assert openai_server.chat_requests == []


def test_pending_then_status_collects(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    openai_server.batch_api.responder = good
    out = tmp_path / "out.jsonl"
    first = run(
        openai_server, str(articles(tmp_path / "in", 2)), "-o", str(out), *FAST[:2], "--no-cache"
    )
    assert first.exit_code == EXIT_BATCH_PENDING
    assert "in_progress, 0/0/2 completed/failed/total" in first.stderr
    assert "2 article(s) are still with the provider" in first.stderr
    assert not out.read_text()
    statuses = [run(openai_server, "status", str(out), "--no-cache") for _ in range(2)]
    assert [s.exit_code for s in statuses] == [EXIT_BATCH_PENDING, 0], statuses[-1].output
    assert len(lines(out)) == 2
    again = run(openai_server, str(tmp_path / "in"), "-o", str(out), *FAST[:2], "--no-cache")
    assert again.exit_code == 0 and len(openai_server.batch_api.uploads) == 1


def test_split_at_the_request_limit(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    openai_server.batch_api.responder = good
    out = tmp_path / "out.jsonl"
    folder = articles(tmp_path / "in", 5)
    result = run(openai_server, str(folder), "-o", str(out), *FAST, "--batch-max-requests", "2")
    assert result.exit_code == 0, result.output
    assert [len(u.splitlines()) for u in openai_server.batch_api.uploads] == [2, 2, 1]
    assert len(lines(out)) == 5


@pytest.mark.parametrize(
    ("schedule", "answered", "why"),
    [
        (("validating", "failed"), None, "failed: the input file is invalid"),
        (("validating", "in_progress", "expired"), lambda i, n: i < 2, "expired"),
        (("validating", "in_progress", "cancelled"), lambda i, n: i < 2, "cancelled"),
    ],
)
def test_unfinished_batches_keep_partial_results(
    openai_server: FakeOpenAI, tmp_path: Path, schedule: Any, answered: Any, why: str
) -> None:
    api = openai_server.batch_api
    api.responder, api.schedule = good, schedule
    if answered is not None:
        api.answered = answered
    out = tmp_path / "out.jsonl"
    result = run(openai_server, str(articles(tmp_path / "in", 3)), "-o", str(out), *FAST)
    assert result.exit_code == EXIT_BATCH_INCOMPLETE
    records = lines(out)
    assert len(records) == 3
    errors = [r["error"]["message"] for r in records if "error" in r]
    assert len(errors) == (3 if answered is None else 1)
    assert all(why in message for message in errors)


def test_request_errors_and_unreadable_output_lines(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    def answer(body: dict[str, Any]) -> Scripted:
        if "Article number 0." in body["messages"][-1]["content"]:
            return Scripted(status=400, body={"error": {"message": "context too long"}})
        return good()

    api = openai_server.batch_api
    api.responder, api.garbage_lines = answer, 1
    out = tmp_path / "out.jsonl"
    result = run(openai_server, str(articles(tmp_path / "in", 2)), "-o", str(out), *FAST)
    assert result.exit_code == EXIT_BATCH_INCOMPLETE
    assert "1 line(s)" in result.stderr and "could not be read" in result.stderr
    (error,) = [r for r in lines(out) if "error" in r]
    assert "HTTP 400: context too long" in error["error"]["message"]


def test_401_on_upload_is_exit_3_and_nothing_is_lost(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    api = openai_server.batch_api
    api.responder, api.upload_status = good, 401
    out = tmp_path / "out.jsonl"
    folder = articles(tmp_path / "in", 2)
    result = run(openai_server, str(folder), "-o", str(out), *FAST)
    assert result.exit_code == 3
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: Batch API upload: the endpoint rejected the API key")
    assert "Traceback" not in result.stderr
    api.upload_status = 200
    again = run(openai_server, str(folder), "-o", str(out), *FAST)
    assert again.exit_code == 0, again.output
    assert len(lines(out)) == 2


STAGES = [
    ("before upload", Hold("POST", "/v1/files")),
    ("after upload, before create", Hold("POST", "/v1/batches")),
    ("while polling", Hold("GET", "/v1/batches/")),
    ("mid-download", Hold("GET", "/v1/files/", midway=True)),
    ("mid-append", Hold("POST", "/v1/chat/completions")),
]


@pytest.mark.parametrize(("stage", "hold"), STAGES, ids=[s for s, _ in STAGES])
def test_killed_at_each_stage_every_article_ends_once(
    openai_server: FakeOpenAI, tmp_path: Path, stage: str, hold: Hold
) -> None:
    _reask_server(openai_server)
    api = openai_server.batch_api
    if stage == "mid-append":
        reached = hold

        def responder(request: RecordedRequest) -> Scripted:
            reached.reached.set()
            reached.release.wait(30)
            return good()

        openai_server.responder = responder
    else:
        api.hold = hold
    folder = articles(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(folder), "-o", str(out), "--base-url", openai_server.base_url]
    process = start_cli([*args, "--model", MODEL, *FAST, "--quiet"], stderr=subprocess.PIPE)
    assert hold.reached.wait(60), process.communicate(timeout=5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    api.hold = None
    hold.release.set()
    openai_server.responder = lambda request: good()
    result = run(openai_server, str(folder), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.output
    ids = sorted(Path(r["id"]).name for r in lines(out))
    assert ids == [f"a{n:03d}.txt" for n in range(4)]
    submitted = [
        json.loads(line)["custom_id"]
        for batch in api.batches.values()
        for line in api.files[batch["input_file_id"]].splitlines()
    ]
    assert len(submitted) == len(set(submitted)) == 4  # no article in two batches


def test_retry_failed_resubmits_only_the_error_lines(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    _reask_server(openai_server)
    out = tmp_path / "out.jsonl"
    folder = articles(tmp_path / "in", 3)
    first = run(openai_server, str(folder), "-o", str(out), *FAST, "--no-reask")
    assert first.exit_code == EXIT_BATCH_INCOMPLETE
    again = run(openai_server, str(folder), "-o", str(out), *FAST, "--retry-failed")
    assert again.exit_code == 0, again.output
    assert [len(u.splitlines()) for u in openai_server.batch_api.uploads] == [3, 1]
    assert b"Article number 1." in openai_server.batch_api.uploads[1]
    assert sorted(Path(r["id"]).name for r in lines(out)) == ["a000.txt", "a001.txt", "a002.txt"]
    assert all("summary" in r for r in lines(out))


def test_status_uses_the_options_given_at_submission(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.batch_api.responder = good
    out = tmp_path / "out.jsonl"
    folder = articles(tmp_path / "in", 2)
    options = ["--temperature", "0.7", "--max-tokens", "3000", "--no-cache"]
    first = run(openai_server, str(folder), "-o", str(out), "--via", "openai-batch", *options)
    assert first.exit_code == EXIT_BATCH_PENDING
    status = run(openai_server, "status", str(out), "--wait", "--poll-interval", "0")
    assert status.exit_code == 0, status.output
    assert all("summary" in r for r in lines(out))
    body = json.loads(body_of(openai_server.batch_api.uploads[0].splitlines()[0]))
    assert (body["temperature"], body["max_tokens"]) == (0.7, 3000)


def test_an_article_drafted_in_parts_is_not_a_batch_request(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.batch_api.responder = good
    folder = articles(tmp_path / "in", 1)
    (folder / "long.txt").write_text(
        " ".join(f"Sentence number {n} says the council met again." for n in range(400))
    )
    out = tmp_path / "out.jsonl"
    result = run(openai_server, str(folder), "-o", str(out), *FAST, "--max-input-tokens", "500")
    assert result.exit_code == EXIT_BATCH_INCOMPLETE
    (error,) = [r for r in lines(out) if "error" in r]
    assert Path(error["id"]).name == "long.txt" and "parts" in error["error"]["message"]
    assert len(openai_server.batch_api.uploads[0].splitlines()) == 1


def test_cancel_then_status_collects_what_was_answered(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    api = openai_server.batch_api
    api.responder, api.answered = good, lambda index, total: index == 0
    out = tmp_path / "out.jsonl"
    submitted = run(openai_server, str(articles(tmp_path / "in", 2)), "-o", str(out), *FAST[:2])
    assert submitted.exit_code == EXIT_BATCH_PENDING
    cancelled = run(openai_server, "cancel", str(out))
    assert cancelled.exit_code == 0 and "cancel 1 batch(es)" in cancelled.stderr
    (batch,) = api.batches.values()
    assert batch["status"] == "cancelling"
    status = run(openai_server, "status", str(out), "--wait", "--poll-interval", "0")
    assert status.exit_code == EXIT_BATCH_INCOMPLETE
    records = lines(out)
    assert ["summary" in r for r in records].count(True) == 1
    assert "cancelled" in next(r for r in records if "error" in r)["error"]["message"]


def test_usage_mistakes_are_one_line_and_exit_2(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    folder = str(articles(tmp_path / "in", 1))
    no_output = run(openai_server, folder, "--via", "openai-batch")
    no_state = run(openai_server, "status", str(tmp_path / "none.jsonl"))
    bad_via = run(openai_server, folder, "-o", str(tmp_path / "o.jsonl"), "--via", "carrier-pigeon")
    for result in (no_output, no_state, bad_via):
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "no Batch API state" in no_state.stderr
