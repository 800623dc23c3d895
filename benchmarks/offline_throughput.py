"""Offline engine throughput on ~800-word articles, one thread (median of rounds).

CPU time is the figure for "one core": wall time also counts waiting for a
core that other processes hold.

Builds 800-word articles from the dev fixtures' paragraphs (deterministic),
runs the whole offline path (parse, draft, ground) over them repeatedly and
prints articles per second. Usage: python benchmarks/offline_throughput.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from summarizer import summarise

ROOT = Path(__file__).resolve().parent.parent
TARGET_WORDS = 800
ROUNDS = 15


def build_articles() -> list[str]:
    """Each fixture's text, padded with following fixtures' paragraphs to ~800 words."""
    texts = [
        json.loads(path.read_text(encoding="utf-8"))["text"]
        for path in sorted((ROOT / "evals" / "fixtures").glob("*.json"))
    ]
    paragraphs = [p for text in texts for p in text.split("\n\n") if p.strip()]
    articles = []
    for start in range(len(texts)):
        chosen: list[str] = []
        words = 0
        index = start * 7
        while words < TARGET_WORDS:
            paragraph = paragraphs[index % len(paragraphs)]
            chosen.append(paragraph)
            words += len(paragraph.split())
            index += 1
        articles.append("\n\n".join(chosen))
    return articles


def main() -> None:
    articles = build_articles()
    mean_words = sum(len(a.split()) for a in articles) / len(articles)
    summarise(articles[0], engine="offline")  # load the lexicons once
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(ROUNDS):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for article in articles:
            summarise(article, engine="offline")
        wall.append(len(articles) / (time.perf_counter() - wall_start))
        cpu.append(len(articles) / max(1e-9, time.process_time() - cpu_start))
    print(f"articles: {len(articles)} x {ROUNDS} rounds (mean {mean_words:.0f} words), one thread")
    print(f"throughput per CPU-second: median {_median(cpu):.1f} articles/s")
    print(f"throughput wall clock:     median {_median(wall):.1f} articles/s, best {max(wall):.1f}")


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


if __name__ == "__main__":
    main()
