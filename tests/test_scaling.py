"""The offline path is linear in article length (issue 10, item 20).

Counted, not timed: the number of Python trace events (calls and lines) that
``summarise`` runs for an article of four times the size is about four times as
many, whatever the machine. A rule that scans every sentence, quote or actor for
each one of them (the quadratic code this guards against gave 7.5x) fails here.
Wall-clock figures for 50k-5M characters: ``python benchmarks/scaling.py``.
"""

from __future__ import annotations

import json
import re
import sys
from types import FrameType
from typing import Any

from summarizer import summarise
from tests.conftest import FIXTURES


def _article(copies: int) -> str:
    """Four dev fixtures, ``copies`` times, each copy with its own names."""
    texts = [
        json.loads(path.read_text(encoding="utf-8"))["text"]
        for path in sorted(FIXTURES.glob("dev-0[1-4]*.json"))
    ]
    parts = []
    for copy in range(copies):
        suffix = "abcdefghijklmnop"[copy] + "x"
        parts += [re.sub(r"\b([A-Z][a-z]{4,})\b", r"\g<1>" + suffix, text) for text in texts]
    return "\n\n".join(parts)


def _trace_events(text: str) -> int:
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return tracer

    previous = sys.gettrace()  # a coverage tool's tracer, if one runs
    sys.settrace(tracer)
    try:
        summarise(text, engine="offline", max_chars=len(text))
    finally:
        sys.settrace(previous)
    return count


def test_four_times_the_text_costs_about_four_times_the_work() -> None:
    small, large = _article(1), _article(4)
    summarise(small, engine="offline")  # lexicons and compiled patterns are loaded once
    ratio = _trace_events(large) / _trace_events(small)
    assert 3.0 < ratio < 4.6, f"work grew {ratio:.2f}x for 4x the text (linear: 4x)"
