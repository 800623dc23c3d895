"""``summarise batch`` with the LLM engine, over real HTTP to the local test server:
error lines beside good ones, resume, --retry-failed, cache hits, the shared 429 back-off,
cost, and a batch killed with SIGKILL mid-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from summarizer.cli import app
from summarizer.errors import EXIT_BATCH_INCOMPLETE
from summarizer.pricing import load_prices
from summarizer.schema import Usage
from tests.conftest import ROOT
from tests.openai_server import FakeOpenAI, RecordedRequest, Scripted, tool_call_completion

ANSWER = {
    "title": "A headline",
    "summary": "Something happened. People reacted.",
    "key_points": ["One thing.", "Another thing.", "A third thing."],
    "actors": [],
    "unattributed_quotes": [],
    "extra_quotes": [],
}
PRICED_MODEL = "gpt-4o-mini"


def answer(request: RecordedRequest | None = None) -> Scripted:
    return Scripted(body=tool_call_completion("NewsSummary", ANSWER, prompt_tokens=1000))


def articles(directory: Path, count: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (directory / f"a{n:03d}.txt").write_text(
            f"Article number {n}. The council met on Tuesday.\n\nIt voted to build a bridge.\n"
        )
    return directory


def batch(server: FakeOpenAI, *args: str) -> Result:
    result = CliRunner().invoke(
        app,
        ["batch", *args, "--base-url", server.base_url, "--model", PRICED_MODEL],
        catch_exceptions=False,
    )
    return result


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def uncached_batch(
    server: FakeOpenAI, tmp_path: Path, count: int, *args: str
) -> tuple[Result, list[dict[str, Any]]]:
    """A successful uncached batch over ``count`` new articles: the CLI result, the lines."""
    folder, out = articles(tmp_path / "in", count), tmp_path / "out.jsonl"
    result = batch(server, str(folder), "-o", str(out), "--no-cache", *args)
    assert result.exit_code == 0, result.output
    return result, lines(out)


def test_bad_inputs_become_error_lines_and_the_rest_succeed(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.responder = answer
    folder = articles(tmp_path / "in", 3)
    (folder / "empty.txt").write_text("   \n")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "j1", "text": "Jobs rose in May.", "url": "u1"}\nnot json\n')
    out = tmp_path / "out.jsonl"

    result = batch(openai_server, str(folder), str(feed), "-o", str(out), "--no-cache")
    assert result.exit_code == EXIT_BATCH_INCOMPLETE, result.output  # error lines: exit 5
    records = {record["id"]: record for record in lines(out)}
    assert len(records) == len(lines(out)) == 7
    errors = {key: r["error"]["type"] for key, r in records.items() if "error" in r}
    assert sorted(errors) == sorted(
        [
            f"{folder.as_posix()}/empty.txt",
            f"{folder.as_posix()}/binary.txt",
            f"{feed.as_posix()}:2",
        ]
    )
    assert set(errors.values()) == {"InputError"}
    good = [r for r in records.values() if "summary" in r]
    assert len(good) == 4 == len(openai_server.chat_requests)
    assert records["j1"]["source"] == {"url": "u1"}
    assert good[0]["summary"]["title"] == "A headline"
    price = load_prices().cost(PRICED_MODEL, Usage(prompt_tokens=1000, completion_tokens=50))
    assert price is not None
    assert good[0]["summary"]["meta"]["cost_usd"] == price
    assert "4 ok, 3 failed" in result.stderr
    assert f"${4 * price:.4f}" in result.stderr  # the batch total


def test_rerun_skips_done_ids_and_retry_failed_redoes_errors(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.responder = answer
    folder = articles(tmp_path / "in", 2)
    (folder / "empty.txt").write_text("")
    out = tmp_path / "out.jsonl"
    first = batch(openai_server, str(folder), "-o", str(out), "--no-cache")
    assert first.exit_code == EXIT_BATCH_INCOMPLETE  # empty.txt has an error line
    assert len(openai_server.chat_requests) == 2

    again = batch(openai_server, str(folder), "-o", str(out), "--no-cache")
    # still incomplete: the error line kept from the first run counts
    assert again.exit_code == EXIT_BATCH_INCOMPLETE and "3 already done" in again.stderr
    assert "1 of them failed: --retry-failed redoes them" in again.stderr
    assert len(openai_server.chat_requests) == 2 and len(lines(out)) == 3

    (folder / "empty.txt").write_text("Now it has text. The mayor spoke.")
    retried = batch(openai_server, str(folder), "-o", str(out), "--no-cache", "--retry-failed")
    assert retried.exit_code == 0, retried.output
    assert len(openai_server.chat_requests) == 3
    ids = [record["id"] for record in lines(out)]
    assert len(ids) == len(set(ids)) == 3
    assert all("summary" in record for record in lines(out))


def test_cache_hit_makes_zero_requests(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    openai_server.responder = answer
    folder = articles(tmp_path / "in", 3)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = batch(openai_server, str(folder), "-o", str(tmp_path / "one.jsonl"), *cache)
    assert first.exit_code == 0 and len(openai_server.requests) == 3

    second = batch(openai_server, str(folder), "-o", str(tmp_path / "two.jsonl"), *cache)
    assert second.exit_code == 0, second.output
    assert len(openai_server.requests) == 3  # every answer came from the cache
    assert "0 model requests, 3 answered by the cache" in second.stderr
    one = {r["id"]: r["summary"]["title"] for r in lines(tmp_path / "one.jsonl")}
    two = {r["id"]: r["summary"]["title"] for r in lines(tmp_path / "two.jsonl")}
    assert one == two and len(two) == 3


def test_concurrency_caps_requests_in_flight_not_articles(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    """Twice as many articles as --concurrency are in progress (the next requests are built
    while answers are awaited), yet the server never has more than --concurrency at once."""

    def slow(request: RecordedRequest) -> Scripted:
        return Scripted(body=tool_call_completion("NewsSummary", ANSWER), delay=0.3)

    openai_server.responder = slow
    _, records = uncached_batch(openai_server, tmp_path, 8, "--concurrency", "3")
    assert len(records) == 8 and len(openai_server.chat_requests) == 8
    assert openai_server.most_at_once == 3


def test_one_429_pauses_every_worker(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    """Three workers; the first request gets a 429 asking for 0.6 s. The requests the
    other workers send after that must wait for the pause too, not just the one that hit it."""
    pause = 0.6
    lock = threading.Lock()
    arrivals: list[float] = []
    limited_at: list[float] = []

    def responder(request: RecordedRequest) -> Scripted:
        with lock:
            arrivals.append(time.monotonic())
            if not limited_at:
                limited_at.append(time.monotonic())
                return Scripted(
                    status=429,
                    headers={"Retry-After": str(pause)},
                    body={"error": {"message": "slow down"}},
                )
        return Scripted(body=tool_call_completion("NewsSummary", ANSWER), delay=0.1)

    openai_server.responder = responder
    result, records = uncached_batch(openai_server, tmp_path, 6, "--concurrency", "3")
    assert len(records) == 6 and all("summary" in r for r in records)
    hit = limited_at[0]
    in_flight = [t for t in arrivals if t <= hit + 0.05]
    later = [t for t in arrivals if t > hit + 0.05]
    assert len(in_flight) <= 3 and len(later) >= 4  # the retry and the other workers' next ones
    assert min(later) >= hit + pause - 0.05
    assert "slow down 1 times" in result.stderr


def test_killed_mid_run_resumes_without_loss_or_duplicates(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.responder = lambda request: Scripted(
        body=tool_call_completion("NewsSummary", ANSWER), delay=0.15
    )
    folder = articles(tmp_path / "in", 12)
    out = tmp_path / "out.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    command = [
        sys.executable,
        "-c",
        "from summarizer.cli import main; main()",
        "batch",
        str(folder),
        "-o",
        str(out),
        "--base-url",
        openai_server.base_url,
        "--model",
        PRICED_MODEL,
        "--no-cache",
        "--concurrency",
        "2",
        "--quiet",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_text().count("\n") >= 3:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished_before = lines(out)
    assert 3 <= len(finished_before) < 12
    # Simulate the worst moment: the kill landed in the middle of writing a line.
    with out.open("a") as handle:
        handle.write('{"id": "' + f"{folder.as_posix()}/a011.txt" + '", "source": {"pa')

    resumed = batch(openai_server, str(folder), "-o", str(out), "--no-cache")
    assert resumed.exit_code == 0, resumed.output
    assert "half-written" in resumed.stderr
    ids = [record["id"] for record in lines(out)]
    assert sorted(ids) == sorted(f"{folder.as_posix()}/a{n:03d}.txt" for n in range(12))
    assert lines(out)[: len(finished_before)] == finished_before  # nothing finished was lost


def test_permanent_auth_error_stops_the_batch(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    openai_server.responder = lambda request: Scripted(
        status=401, body={"error": {"message": "Incorrect API key provided"}}
    )
    folder = articles(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    result = batch(openai_server, str(folder), "-o", str(out), "--no-cache", "-c", "1")
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines()[-1].startswith("error:")
    assert out.read_text() == ""  # nothing recorded: fix the key and re-run


def test_ctrl_c_stops_cleanly_and_the_rerun_finishes(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.responder = lambda request: Scripted(
        body=tool_call_completion("NewsSummary", ANSWER), delay=0.1
    )
    folder = articles(tmp_path / "in", 8)
    out = tmp_path / "out.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    command = [
        sys.executable, "-c", "from summarizer.cli import main; main()", "batch", str(folder),
        "-o", str(out), "--base-url", openai_server.base_url, "--model", PRICED_MODEL,
        "--no-cache", "--concurrency", "2",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (out.exists() and out.read_text().count("\n") >= 2):
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert batch(openai_server, str(folder), "-o", str(out), "--no-cache").exit_code == 0
    ids = [record["id"] for record in lines(out)]
    assert len(ids) == len(set(ids)) == 8


def test_rpm_and_tpm_limits_pace_the_whole_batch(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    arrivals: list[float] = []

    def responder(request: RecordedRequest) -> Scripted:
        arrivals.append(time.monotonic())
        return answer()

    openai_server.responder = responder
    folder = articles(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    limits = ["--rpm", "600", "--tpm", "10000000", "-c", "4"]
    result = batch(openai_server, str(folder), "-o", str(out), "--no-cache", *limits)
    assert result.exit_code == 0, result.output
    arrivals.sort()
    # 600 a minute: slots 0.1 s apart even with 4 workers (unpaced, all 4 arrive within
    # milliseconds). A loaded machine can delay one arrival and so shorten the next gap
    # by as much; the span of three slots (0.3 s) only by the first arrival's delay. The
    # spacing itself is tested exactly on a fake clock in test_ratelimit.
    assert len(arrivals) == 4 and arrivals[-1] - arrivals[0] >= 0.25


def test_worker_processes_share_one_429_pause(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    """--workers 2 splits the LLM batch over two processes; a 429 seen by one pauses both."""
    pause = 0.8
    lock = threading.Lock()
    arrivals: list[float] = []
    limited_at: list[float] = []

    def responder(request: RecordedRequest) -> Scripted:
        with lock:
            arrivals.append(time.monotonic())
            if not limited_at:
                limited_at.append(time.monotonic())
                headers = {"Retry-After": str(pause)}
                return Scripted(status=429, headers=headers, body={"error": {"message": "wait"}})
        return Scripted(body=tool_call_completion("NewsSummary", ANSWER), delay=0.05)

    openai_server.responder = responder
    folder = articles(tmp_path / "in", 8)
    out = tmp_path / "out.jsonl"
    args = ["-o", str(out), "--no-cache", "--concurrency", "2", "--workers", "2"]
    result = batch(openai_server, str(folder), *args)
    assert result.exit_code == 0, result.output
    records = lines(out)
    assert sorted(r["id"] for r in records) == sorted(
        f"{folder.as_posix()}/a{n:03d}.txt" for n in range(8)
    )
    assert all("summary" in r for r in records)
    hit = limited_at[0]
    later = [t for t in arrivals if t > hit + 0.05]
    assert len(later) >= 7  # the retry, and every article of both processes after the 429
    assert min(later) >= hit + pause - 0.05
    assert "8 ok, 0 failed" in result.stderr
