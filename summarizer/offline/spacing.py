"""The article as the rules read it: one space wherever the writer put any white space.

Double spaces, tabs, non-breaking spaces and hard wraps inside a paragraph are
ordinary input (newsletters, e-mail, wire copy). Rather than teach every rule
to tolerate them, the offline engine reads a copy of the article whose
paragraphs are single-spaced and separated by one blank line. The copy keeps
the original's paragraphs, sentences and quote candidates, the same ids with
their offsets mapped into it, so a Draft that names ``S3`` or ``Q2`` means the
same words in the original article, which grounding resolves.
"""

from __future__ import annotations

import bisect
import re
from itertools import pairwise

from summarizer.document import Document, Paragraph, QuoteCandidate, Sentence

__all__ = ["plainly_spaced"]

_IRREGULAR = re.compile(r"\s{2,}|[^\S ]")  # any white space but one plain space
_PARAGRAPH_GAP = "\n\n"


def plainly_spaced(document: Document) -> Document:
    """``document`` with single spaces and the same paragraphs, sentences and quotes
    (``document`` itself when its spacing is already plain)."""
    text, body_start, paragraphs = document.text, document.body_start, document.paragraphs
    if all(text[a.end : b.start] == _PARAGRAPH_GAP for a, b in pairwise(paragraphs)) and not any(
        _IRREGULAR.search(text, p.start, p.end) for p in paragraphs
    ):
        return document
    pieces = [text[:body_start]]
    cursor = body_start
    run_starts: list[int] = []  # where each stretch copied as it is starts ...
    run_moved: list[int] = []  # ... and where it starts in the copy
    for paragraph in paragraphs:
        if run_starts:
            pieces.append(_PARAGRAPH_GAP)
            cursor += len(_PARAGRAPH_GAP)
        stretch = paragraph.start
        for gap in _IRREGULAR.finditer(text, paragraph.start, paragraph.end):
            run_starts.append(stretch)
            run_moved.append(cursor)
            pieces += [text[stretch : gap.start()], " "]
            cursor += gap.start() - stretch + 1
            stretch = gap.end()
        run_starts.append(stretch)
        run_moved.append(cursor)
        pieces.append(text[stretch : paragraph.end])
        cursor += paragraph.end - stretch
    plain = "".join(pieces)

    def moved(first: int, after: int) -> tuple[int, int]:
        """A span that starts at a non-space character and ends just past one."""
        return _moved(run_starts, run_moved, first), _moved(run_starts, run_moved, after - 1) + 1

    moved_paragraphs = [Paragraph(p.index, *moved(p.start, p.end)) for p in paragraphs]
    sentences: list[Sentence] = []
    for s in document.sentences:
        a, b = moved(s.start, s.end)
        sentences.append(Sentence(s.id, a, b, plain[a:b], s.paragraph))
    quotes: list[QuoteCandidate] = []
    for q in document.quotes:
        a, b = moved(q.start, q.end)
        quotes.append(
            QuoteCandidate(q.id, a, b, plain[a:b], q.paragraph, q.sentence_ids, q.continues)
        )
    metadata = dict(document.metadata)
    return Document(
        plain,
        body_start,
        metadata,
        moved_paragraphs,
        sentences,
        quotes,
        language=document.language,
    )


def _moved(run_starts: list[int], run_moved: list[int], offset: int) -> int:
    """Where the character at ``offset`` (never white space a copy replaced) is in the copy."""
    run = bisect.bisect_right(run_starts, offset) - 1
    return run_moved[run] + offset - run_starts[run]
