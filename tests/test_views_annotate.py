"""Overlapping spans become nested fragments that give back each span's exact text."""

from __future__ import annotations

import random

from summarizer.views.annotate import Mark, annotate


def _replay(text: str, marks: list[Mark]) -> tuple[str, dict[str, str]]:
    """The text the tokens produce, and per key the text inside its fragments; checks
    that open/close tokens nest properly."""
    out: list[str] = []
    inside: dict[str, list[str]] = {}
    stack: list[str] = []
    for token in annotate(text, marks):
        if token.kind == "text":
            out.append(token.text)
            for key in set(stack):
                inside.setdefault(key, []).append(token.text)
        elif token.kind == "open":
            assert token.mark is not None
            stack.append(token.mark.key)
        else:
            assert token.mark is not None
            assert stack.pop() == token.mark.key  # properly nested
    assert not stack
    return "".join(out), {k: "".join(v) for k, v in inside.items()}


def test_crossing_spans_split_and_rejoin() -> None:
    text = "abcdefghij"
    marks = [Mark("x", 1, 6, "span"), Mark("y", 4, 9, "mark")]
    whole, parts = _replay(text, marks)
    assert whole == text
    assert parts == {"x": "bcdef", "y": "efghi"}
    opens = [t for t in annotate(text, marks) if t.kind == "open"]
    assert [(t.mark.key, t.first) for t in opens if t.mark] == [
        ("x", True),
        ("y", True),
        ("y", False),
    ]
    assert opens[0].attrs["id"] == "x" and "id" not in opens[2].attrs


def test_random_overlaps_round_trip() -> None:
    rng = random.Random(20261205)
    for _ in range(300):
        text = "".join(rng.choice("ab \n\r\u00e9\U0001f600") for _ in range(rng.randint(1, 40)))
        marks = []
        for n in range(rng.randint(0, 8)):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            marks.append(Mark(f"k{n}", start, end, rng.choice(["mark", "span"]), order=n % 2))
        whole, parts = _replay(text, marks)
        assert whole == text
        for mark in marks:
            if mark.end > mark.start:
                assert parts[mark.key] == text[mark.start : mark.end]
            else:
                assert mark.key not in parts
