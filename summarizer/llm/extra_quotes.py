"""Where the model's extra quotes are in the article, if anywhere.

An extra quote is a quotation the candidate detector missed, copied by the model. It is
kept only where the article writes it as whole words, long enough to be a quotation, and
clear of every quote candidate (the model refers to those by id) and of the other extra
quotes: "the" or "said", or a piece of a longer word, is never a quote.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.document import Document

__all__ = [
    "EXTRA_QUOTE_MIN_CHARS",
    "EXTRA_QUOTE_MIN_WORDS",
    "place_extra_quotes",
    "strip_quote_marks",
]

EXTRA_QUOTE_MIN_WORDS = 3
EXTRA_QUOTE_MIN_CHARS = 15
"""An extra quote is a plausible quotation: at least this many words, or at least this many
characters ("the", "said" or "no" are not quotations; "bitter archfoes" may be)."""

_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"

Placement = tuple[int, int] | str
"""Offsets into the article, or why the quote cannot be used (a message for the model)."""


def place_extra_quotes(texts: Sequence[str], document: Document) -> list[Placement]:
    """Where each extra quote (its text as the model wrote it) is in the article, or why
    it cannot be used there.

    A quote is used at the first place the article writes it as whole words that overlaps
    no quote candidate and no earlier extra quote; one too short to be a quotation is
    refused wherever it is. A refusal is sent to the model in the re-ask and, after the
    last attempt, names the dropped quote in the warnings.
    """
    placed: list[Placement] = []
    for text in texts:
        words = strip_quote_marks(text)
        shown = _clip(text)
        if len(words.split()) < EXTRA_QUOTE_MIN_WORDS and len(words) < EXTRA_QUOTE_MIN_CHARS:
            placed.append(
                f"{shown!r} is too short to be a quotation; an extra quote has at least "
                f"{EXTRA_QUOTE_MIN_WORDS} words or {EXTRA_QUOTE_MIN_CHARS} characters, so "
                "leave it out"
            )
            continue
        spans = document.find_words(words)
        if not spans:
            placed.append(
                f"the text {shown!r} is in the article only inside longer words; copy whole "
                "words, or leave the quote out"
                if document.find(words) is not None
                else f"the text {shown!r} is not in the article word for word; copy the "
                "quoted words exactly, or leave the quote out"
            )
            continue
        clashes = [_clash(span, shown, document, placed) for span in spans]
        free = next((span for span, clash in zip(spans, clashes, strict=True) if not clash), None)
        placed.append(free if free is not None else clashes[0])
    return placed


def strip_quote_marks(text: str) -> str:
    """The words of a quotation without surrounding marks or space."""
    return text.strip().strip(_QUOTE_MARKS).strip()


def _clash(span: tuple[int, int], shown: str, document: Document, placed: list[Placement]) -> str:
    """Why an extra quote cannot be at ``span``: it overlaps a quote candidate or an extra
    quote already placed; "" when it can."""
    start, end = span
    for candidate in document.quotes:
        if candidate.start < end and start < candidate.end:
            return (
                f"the text {shown!r} is quote candidate {candidate.id}'s words; refer to "
                f"{candidate.id} by its id (in an actor's quotes or in unattributed_quotes), "
                "not as an extra quote"
            )
    for j, earlier in enumerate(placed):
        if isinstance(earlier, tuple) and earlier[0] < end and start < earlier[1]:
            return f"the text {shown!r} is already extra_quotes[{j}]; give each quotation once"
    return ""


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
