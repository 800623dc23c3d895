"""Benchmark: ``summarise batch --via openai-batch`` for N articles against the local
server's Batch API (``tests/openai_batches.py``), answered with gold-built answers.

Two CLI runs, each a subprocess whose own CPU time and peak RSS are read with
``os.wait4`` (the server's work is not counted): the submit run (build every request
line through the engine, write and upload the files, create the batches) and the
collect run (``status --wait``: poll, download, validate and ground every answer,
append the lines). Printed: upload bytes and files, CPU seconds per 1,000 articles
for each run, and each run's peak RSS (flat: compare --articles 1000 with 10000).

    python benchmarks/batch_api.py [--articles 10000] [--max-requests 50000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.document import parse_document  # noqa: E402
from summarizer.evaluation.fixtures import load_fixtures  # noqa: E402
from summarizer.evaluation.gold_answers import answer_for  # noqa: E402
from summarizer.testing import Scripted, tool_call_completion  # noqa: E402
from tests.openai_server import serve  # noqa: E402

MODEL = "gpt-4o-mini"


def _answers() -> list[tuple[str, dict[str, Any]]]:
    """(the start of the article as the prompt shows it, its gold-built completion)."""
    return [
        (
            parse_document(fixture.text).body[:60],
            tool_call_completion("NewsSummary", answer_for(fixture), model=MODEL),
        )
        for fixture in load_fixtures(ROOT / "evals" / "fixtures")
    ]


def _articles(path: Path, count: int) -> None:
    texts = [f.text for f in load_fixtures(ROOT / "evals" / "fixtures")]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            record = {"id": n, "text": texts[n % len(texts)]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


PEAK = (
    "import atexit, os\n"
    "def peak():\n"
    "    status = open('/proc/self/status').read()\n"
    "    open(os.environ['PEAK_FILE'], 'w').write(status.split('VmHWM:')[1].split()[0])\n"
    "atexit.register(peak)\n"
    "from summarizer.cli import main\n"
    "main()\n"
)
"""The CLI, writing its own peak RSS (``VmHWM``, KiB) at exit: ``ru_maxrss`` of a child
would count the pages of this process (which holds the server's files) it was forked from."""


def _run(args: list[str], peak_file: Path) -> tuple[int, float, float, int]:
    """(exit code, wall seconds, CPU seconds, peak RSS KiB) of one CLI run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["PEAK_FILE"] = str(peak_file)
    command = [sys.executable, "-c", PEAK, "batch", *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return (
        process.returncode,
        time.perf_counter() - started,
        usage.ru_utime + usage.ru_stime,
        int(peak_file.read_text()),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--max-requests", type=int, default=50_000)
    args = parser.parse_args()
    answers = _answers()

    def respond(body: dict[str, Any]) -> Scripted:
        content = body["messages"][-1]["content"]
        return Scripted(body=next((a for m, a in answers if m in content), answers[0][1]))

    servers = serve()
    server = next(servers)
    server.batch_api.responder = respond
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        _articles(source, args.articles)
        common = ["--base-url", server.base_url, "--model", MODEL, "--no-cache", "-q"]
        submit = _run(
            [
                str(source),
                "-o",
                str(out),
                "--via",
                "openai-batch",
                *common,
                "--batch-max-requests",
                str(args.max_requests),
            ],
            Path(tmp) / "peak",
        )
        uploads = server.batch_api.uploads
        collect = _run(
            ["status", str(out), "--wait", "--poll-interval", "0", *common], Path(tmp) / "peak"
        )
        lines = sum(1 for _ in out.open("rb"))
        ok = sum(1 for line in out.open("rb") if b'"summary": {' in line)
    per = 1000 / args.articles
    print(f"articles: {args.articles:,}; output lines: {lines:,} ({ok:,} summaries)")
    print(f"upload: {sum(map(len, uploads)) / 1e6:.1f} MB in {len(uploads)} file(s)")
    print(
        f"submit (build + upload + create): exit {submit[0]}, {submit[1]:.1f} s wall, "
        f"{submit[2] * per:.2f} CPU s per 1,000 articles, peak RSS {submit[3] / 1024:.0f} MiB"
    )
    print(
        f"collect (poll + download + validate + ground + append): exit {collect[0]}, "
        f"{collect[1]:.1f} s wall, {collect[2] * per:.2f} CPU s per 1,000 answers, "
        f"peak RSS {collect[3] / 1024:.0f} MiB"
    )
    servers.close()  # type: ignore[attr-defined]  # serve() is a generator


if __name__ == "__main__":
    main()
