"""Hypothesis strategies for articles: the eval fixtures, mutated the ways real input is.

Each article is a fixture text with a few edits applied in order: its sentences
shuffled, quotation marks of every kind inserted, the text truncated, its spacing
changed (double spaces, tabs, non-breaking spaces, hard wraps), or random
Unicode inserted (emoji, right-to-left text and marks, combining marks, control
characters, lone surrogates). The library replaces a lone surrogate by U+FFFD at
its input boundary (``check_text``), one code point for one, so a test compares
spans with the decoded text. Texts stay under ``MAX_CHARS`` (very long texts are
the scaling benchmark's job).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

from hypothesis import strategies as st

from summarizer.document import parse_document
from tests.conftest import FIXTURES

__all__ = ["MAX_CHARS", "articles", "fixture_texts"]

MAX_CHARS = 20_000

QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u201a\u201b\u201e\u201f\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f\u301d\u301e\uff02\u2032\u2033`"
SPACES = [
    *("  ", "\t", "\u00a0", "\n", "\r\n", " \n ", "\n\n", "\r", "\x0b", "\x0c"),
    *("\x85", "\u2028", "\u2029", "\u3000", "\u202f"),
]
ODD_CHARACTERS = (
    "\U0001f600\U0001f44d\U0001f3fd\u2764\ufe0f\U0001f1fa\U0001f1e6"  # emoji, a flag
    "\u200f\u200e\u202e\u202c\u2067\u2069\u05e9\u05dc\u05d5\u05dd\u0645\u0631\u062d\u0628\u0627"
    "\u0301\u0308\u0327\u20dd"  # combining marks
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u200b\u200d\ufeff\u00ad\ufffd"
    ".!?,;:\u2026-\u2013\u2014()[]"
)


@cache
def fixture_texts() -> tuple[str, ...]:
    """The article text of every eval fixture, in file order."""
    return tuple(
        json.loads(path.read_text(encoding="utf-8"))["text"]
        for path in sorted(FIXTURES.glob("*.json"))
    )


_Edit = Callable[[str], str]


_UNICODE = st.characters()  # every code point, lone surrogates included


@st.composite
def _shuffle(draw: st.DrawFn) -> _Edit:
    seed = draw(st.randoms(use_true_random=False))
    separator = draw(st.sampled_from([" ", "\n", "\n\n"]))

    def edit(text: str) -> str:
        sentences = [s.text for s in parse_document(text).sentences]
        seed.shuffle(sentences)
        return separator.join(sentences)

    return edit


@st.composite
def _insert(draw: st.DrawFn, pieces: st.SearchStrategy[str]) -> _Edit:
    places = draw(st.lists(st.tuples(st.floats(0, 1), pieces), min_size=1, max_size=12))

    def edit(text: str) -> str:
        for where, piece in places:
            at = int(where * len(text))
            text = text[:at] + piece + text[at:]
        return text

    return edit


@st.composite
def _respace(draw: st.DrawFn) -> _Edit:
    every = draw(st.integers(1, 12))
    spaces = draw(st.lists(st.sampled_from(SPACES), min_size=1, max_size=4))

    def edit(text: str) -> str:
        parts = text.split(" ")
        out = [parts[0]]
        for index, part in enumerate(parts[1:]):
            out.append(spaces[index % len(spaces)] if index % every == 0 else " ")
            out.append(part)
        return "".join(out)

    return edit


@st.composite
def _truncate(draw: st.DrawFn) -> _Edit:
    start = draw(st.floats(0, 0.5))
    end = draw(st.floats(0, 1))

    def edit(text: str) -> str:
        first = int(start * len(text)) if start > 0.4 else 0
        last = max(first + 1, int(end * len(text)))
        return text[first:last]

    return edit


@st.composite
def _metadata(draw: st.DrawFn) -> _Edit:
    key = draw(st.sampled_from(["date", "published", "Published", "title", "source", "byline"]))
    value = draw(
        st.one_of(
            st.sampled_from(["2023-10-09", "2023-02-30", "2023-10-09T10:00Z", "last week"]),
            st.text(_UNICODE, max_size=30),
        )
    )
    separator = draw(st.sampled_from([": ", ":", " ", "="]))

    def edit(text: str) -> str:
        return f"{key}{separator}{value}\n{text}"

    return edit


_ODD = st.text(st.sampled_from(ODD_CHARACTERS), min_size=1, max_size=6)
_QUOTES = st.text(st.sampled_from(QUOTE_MARKS), min_size=1, max_size=2)

EDITS: st.SearchStrategy[_Edit] = st.one_of(
    _shuffle(),
    _insert(_QUOTES),
    _respace(),
    _truncate(),
    _insert(_ODD),
    _insert(st.text(_UNICODE, min_size=1, max_size=4)),
    _metadata(),
)


@st.composite
def articles(draw: st.DrawFn, texts: tuple[str, ...] | None = None) -> str:
    """A fixture text after one to four random edits, at most ``MAX_CHARS`` long."""
    text = draw(st.sampled_from(texts or fixture_texts()))
    for edit in draw(st.lists(EDITS, min_size=1, max_size=4)):
        text = edit(text)[:MAX_CHARS]
    return text
