"""Splitting a long Document into overlapping parts that keep the article's ids.

A Document over the input token budget is cut into parts at paragraph boundaries (a
single paragraph over the budget, at sentence boundaries that no quotation spans).
Each part after the first starts by repeating the end of the previous one (up to
``OVERLAP`` of the budget), so a quote whose speaker was named just before the cut
still has its context. Sentence and quote ids stay the article's own (a part may run
from S120 to S245), and every offset stays an offset into the whole text: a reference
from any part resolves to one span of the article.

A part reaches the engine as a ``DocumentPart``: a Document whose text is the article up
to the part's end and whose body starts where the part does, so its searches, lookups
and markers see the part only, while its offsets are the article's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Protocol, TypeVar

from summarizer.document import Document

__all__ = [
    "OVERLAP",
    "Chunk",
    "DocumentPart",
    "document_tokens",
    "part_document",
    "split_document",
]

OVERLAP = 0.1
"""The most of the budget a part repeats from the end of the previous one."""
SENTENCE_MARKER_TOKENS = 4
"""``[S123] `` in the marked text."""
QUOTE_MARKER_TOKENS = 18
"""``[Q12>``, ``<Q12]`` and the candidate's line in the prompt's list."""


@dataclass(frozen=True)
class Chunk:
    """One part: ``text[start:end]``; its own text (not repeated from the previous part)
    starts at ``own_start``. ``number`` counts from 1."""

    number: int
    start: int
    end: int
    own_start: int
    tokens: int

    def owns(self, offset: int) -> bool:
        """Whether ``offset`` is in this part's own text (not its repeated lead-in)."""
        return self.own_start <= offset < self.end


@dataclass
class DocumentPart(Document):
    """A Document for one part of a longer article (see the module docstring)."""

    number: int = 1
    parts: int = 1
    header_end: int = 0
    """The article's own ``body_start``: its metadata lines are ``text[:header_end]``."""
    own_start: int = 0


class _Starts(Protocol):
    @property
    def start(self) -> int: ...


_Span = TypeVar("_Span", bound=_Starts)


@dataclass(frozen=True)
class _Unit:
    """A piece that is never cut: a paragraph, or a run of sentences of a long one."""

    start: int
    end: int
    tokens: int


def document_tokens(document: Document, count: Callable[[str], int]) -> int:
    """The article's body with its markers, in tokens."""
    return (
        count(document.body)
        + SENTENCE_MARKER_TOKENS * len(document.sentences)
        + QUOTE_MARKER_TOKENS * len(document.quotes)
    )


def split_document(
    document: Document, budget: int, count: Callable[[str], int], overlap: float = OVERLAP
) -> list[Chunk]:
    """The parts of ``document`` for a budget of ``budget`` tokens each; one part (the
    whole body) when it fits. A unit larger than the budget alone is a part of its own."""
    units = _units(document, budget, count)
    if not units:
        return [Chunk(1, document.body_start, len(document.text), document.body_start, 0)]
    chunks: list[Chunk] = []
    first = own = 0  # the part's first unit; the first it does not repeat
    while own < len(units):
        total = sum(unit.tokens for unit in units[first : own + 1])
        while first < own and total > budget:  # a large new unit: repeat less
            total -= units[first].tokens
            first += 1
        last = own
        while last + 1 < len(units) and total + units[last + 1].tokens <= budget:
            last += 1
            total += units[last].tokens
        start, own_start = units[first].start, units[own].start
        chunks.append(Chunk(len(chunks) + 1, start, units[last].end, own_start, total))
        # the next part's lead-in: this part's last units, never all of its own text
        first = next_own = last + 1
        repeated = 0
        while first - 1 > own and repeated + units[first - 1].tokens <= overlap * budget:
            first -= 1
            repeated += units[first].tokens
        own = next_own
    return chunks


def _units(document: Document, budget: int, count: Callable[[str], int]) -> list[_Unit]:
    """The paragraphs, each with its tokens; one over the budget is cut between its
    sentences (never inside a quote candidate) into runs that fit."""
    units: list[_Unit] = []
    sentences = document.sentences
    quotes = document.quotes
    s = q = 0
    for paragraph in document.paragraphs:
        first_sentence = s
        while s < len(sentences) and sentences[s].start < paragraph.end:
            s += 1
        first_quote = q
        while q < len(quotes) and quotes[q].start < paragraph.end:
            q += 1
        tokens = (
            count(document.text[paragraph.start : paragraph.end])
            + SENTENCE_MARKER_TOKENS * (s - first_sentence)
            + QUOTE_MARKER_TOKENS * (q - first_quote)
        )
        if tokens <= budget or s - first_sentence < 2:
            units.append(_Unit(paragraph.start, paragraph.end, tokens))
            continue
        units.extend(_sentence_runs(document, first_sentence, s, first_quote, q, budget, count))
    return units


def _sentence_runs(
    document: Document,
    first: int,
    stop: int,
    first_quote: int,
    stop_quote: int,
    budget: int,
    count: Callable[[str], int],
) -> list[_Unit]:
    """Sentences ``first..stop-1`` (one paragraph) as runs of at most ``budget`` tokens,
    cut only where no quote candidate spans the cut (a run may exceed the budget when a
    quotation alone does)."""
    sentences, quotes = document.sentences, document.quotes
    starts = [sentence.start for sentence in sentences[first:stop]]
    markers = [SENTENCE_MARKER_TOKENS] * (stop - first)
    for quote in quotes[first_quote:stop_quote]:
        markers[max(0, bisect_right(starts, quote.start) - 1)] += QUOTE_MARKER_TOKENS
    runs: list[_Unit] = []
    start, tokens = starts[0], 0
    q = first_quote  # the first quote that has not ended before the sentence
    for i in range(first, stop):
        sentence = sentences[i]
        while q < stop_quote and quotes[q].end <= sentence.start:
            q += 1
        spanned = q < stop_quote and quotes[q].start < sentence.start
        cost = count(sentence.text) + markers[i - first]
        if sentence.start > start and not spanned and tokens + cost > budget:
            runs.append(_Unit(start, sentences[i - 1].end, tokens))
            start, tokens = sentence.start, 0
        tokens += cost
    runs.append(_Unit(start, sentences[stop - 1].end, tokens))
    return runs


def part_document(document: Document, chunk: Chunk, parts: int) -> DocumentPart:
    """The ``DocumentPart`` of ``chunk``: the article's ids and offsets, the part's text."""
    inherited = {
        f.name: getattr(document, f.name)
        for f in fields(Document)
        if f.init and not f.name.startswith("_")
    }
    inherited.update(
        text=document.text[: chunk.end],
        body_start=chunk.start,
        paragraphs=_within(document.paragraphs, chunk),
        sentences=_within(document.sentences, chunk),
        quotes=_within(document.quotes, chunk),
    )
    return DocumentPart(
        **inherited,
        number=chunk.number,
        parts=parts,
        header_end=document.body_start,
        own_start=chunk.own_start,
    )


def _within(spans: Sequence[_Span], chunk: Chunk) -> list[_Span]:
    """The spans (sorted by start) that start inside ``chunk``."""
    low = bisect_left(spans, chunk.start, key=lambda span: span.start)
    high = bisect_left(spans, chunk.end, key=lambda span: span.start)
    return list(spans[low:high])
