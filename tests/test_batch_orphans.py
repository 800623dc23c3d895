"""``kill -9`` on a batch leaves no worker behind, and the next run is not blocked.

Linux: the processes are found through /proc.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from summarizer.batch.lock import OutputLock
from tests.conftest import ROOT
from tests.openai_server import FakeOpenAI, Scripted, tool_call_completion
from tests.test_batch_llm import ANSWER

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            table[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return table


def _descendants(root: int) -> set[int]:
    table = _parents()
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in table.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    command = [sys.executable, "-c", "from summarizer.cli import main; main()", "batch", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)


def _kill_and_expect_no_orphans(
    process: subprocess.Popen[bytes], workers: int, working: Callable[[], bool]
) -> None:
    """Once the workers are at work (``working()``), kill the batch; then wait (bounded)
    until every process it started is gone."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and not working():
        time.sleep(0.05)
    children = _descendants(process.pid)
    assert process.poll() is None, "the batch ended before the test could kill it"
    assert len(children) >= workers, children
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.05)
    left = [pid for pid in children if _alive(pid)]
    for pid in left:  # do not leave them running if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"worker processes outlived the killed batch: {left}"


def test_offline_pool_workers_end_with_a_killed_batch(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    text = "The council met on Tuesday. It voted to build a bridge, the mayor said. " * 40
    feed.write_text("".join(json.dumps({"id": n, "text": text}) + "\n" for n in range(20_000)))
    out = tmp_path / "out.jsonl"
    args = [str(feed), "-o", str(out), "-e", "offline", "-w", "2", "--quiet"]
    working = lambda: out.exists() and out.stat().st_size > 0  # noqa: E731
    _kill_and_expect_no_orphans(_start(args), 2, working)
    assert out.read_text().count("\n") < 20_000  # it was killed mid-run

    # The lock died with the batch (and its workers): the next run may take it at once.
    lock = OutputLock(out)
    lock.acquire()
    lock.release()


def test_llm_worker_processes_end_with_a_killed_batch(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.responder = lambda request: Scripted(
        body=tool_call_completion("NewsSummary", ANSWER), delay=10
    )  # no answer in time: the workers are waiting on the server when the kill lands
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(8):
        (folder / f"a{n}.txt").write_text(f"Article {n}. The council met on Tuesday.\n")
    args = [
        str(folder), "-o", str(tmp_path / "out.jsonl"), "--base-url", openai_server.base_url,
        "--model", "gpt-4o-mini", "--no-cache", "--workers", "2", "--concurrency", "2",
        "--quiet",
    ]  # fmt: skip
    # both workers have sent a request: they are running, waiting on the server
    _kill_and_expect_no_orphans(_start(args), 2, lambda: len(openai_server.chat_requests) >= 2)
