"""Benchmarks 1b and 4: the offline engine through ``summarise batch``'s process pool.

- Throughput: articles/s for the same articles with one worker (in-process) and with
  one worker per core.
- Memory: peak RSS of a 1,000-article and a 10,000-article batch (the main
  process, and the largest worker process), each run in a fresh process. Flat
  means the 10,000 run peaks where the 1,000 run does: items are read lazily,
  a bounded number of chunks is in flight, and each result is written out at once.

Articles are the fixture texts, cycled (600-1,000 words each).

    python benchmarks/batch_offline.py [--sizes 1000 10000] [--throughput 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _articles(directory: Path, count: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    texts = [
        json.loads(path.read_text("utf-8"))["text"]
        for path in sorted((ROOT / "evals" / "fixtures").glob("*.json"))
    ]
    for n in range(count):
        (directory / f"{n:06d}.txt").write_text(texts[n % len(texts)], encoding="utf-8")


def _child(folder: str, output: str, workers: int) -> None:
    """Run one batch and print a JSON line of figures (run in a fresh process)."""
    from summarizer.batch import BatchOptions, run_batch
    from summarizer.config import resolve_settings

    settings = resolve_settings(engine="offline", env={})
    options = BatchOptions(inputs=[folder], output=Path(output), workers=workers, quiet=True)
    started = time.perf_counter()
    tally = run_batch(options, settings)
    elapsed = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "ok": tally.ok,
                "failed": tally.failed,
                "seconds": elapsed,
                "main_mb": own,
                "worker_mb": children,
            }
        )
    )


def _run(folder: Path, workers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable,
            __file__,
            "--child",
            str(folder),
            f"{tmp}/out.jsonl",
            str(workers),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--throughput", type=int, default=1000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]))
        return
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        _articles(folder / "t", args.throughput)
        print(f"throughput over {args.throughput} articles (offline engine, {cores} cores):")
        for workers in sorted({1, cores}):
            figures = _run(folder / "t", workers)
            print(
                f"  workers={workers}: {figures['ok'] / figures['seconds']:.1f} articles/s "
                f"({figures['seconds']:.1f} s, {figures['ok']:.0f} ok, {figures['failed']:.0f} failed)"
            )
        print(f"peak RSS (workers={cores}):")
        for size in args.sizes:
            _articles(folder / str(size), size)
            figures = _run(folder / str(size), cores)
            print(
                f"  {size:>6} articles: main process {figures['main_mb']:.1f} MB, largest worker "
                f"{figures['worker_mb']:.1f} MB ({figures['seconds']:.1f} s)"
            )


if __name__ == "__main__":
    main()
