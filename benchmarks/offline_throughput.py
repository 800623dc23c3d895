"""Offline engine throughput on ~800-word articles, one core (median of rounds).

Builds 800-word articles from the dev fixtures' paragraphs (deterministic),
runs the whole offline path (parse, draft, ground) over them repeatedly and
prints articles per second. Usage: python benchmarks/offline_throughput.py
"""

from __future__ import annotations

import json
import os
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
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    articles = build_articles()
    mean_words = sum(len(a.split()) for a in articles) / len(articles)
    summarise(articles[0], engine="offline")  # load the lexicons once
    rates: list[float] = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for article in articles:
            summarise(article, engine="offline")
        rates.append(len(articles) / (time.perf_counter() - started))
    rates.sort()
    print(f"articles: {len(articles)} x {ROUNDS} rounds (mean {mean_words:.0f} words), one core")
    print(f"throughput: median {rates[len(rates) // 2]:.1f} articles/s, best {rates[-1]:.1f}")


if __name__ == "__main__":
    main()
