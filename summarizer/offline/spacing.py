"""The article as the rules read it: one space wherever the writer put any white space.

Double spaces, tabs, non-breaking spaces and hard wraps inside a paragraph are
ordinary input (newsletters, e-mail, wire copy). Rather than teach every rule
to tolerate them, the offline engine reads a copy of the article whose
paragraphs are single-spaced and separated by one blank line. The engine's
Draft refers to sentences and quotes by id only (``S3``, ``Q2``), so the ids
it gives resolve against the original article; the copy is used only when its
sentences and quotes are the original's one for one, so an id always means the
same words.
"""

from __future__ import annotations

from summarizer.document import Document, parse_document

__all__ = ["plainly_spaced"]


def plainly_spaced(document: Document) -> Document:
    """``document`` re-read with single spaces, or ``document`` itself when its spacing is
    already plain or the re-read would not give the same sentences and quotes."""
    text = document.text
    body = "\n\n".join(" ".join(text[p.start : p.end].split()) for p in document.paragraphs)
    if body == text[document.body_start :]:
        return document
    plain = parse_document(text[: document.body_start] + body)
    return plain if _same_shape(document, plain) else document


def _same_shape(original: Document, plain: Document) -> bool:
    if plain.body_start != original.body_start:
        return False
    if len(plain.sentences) != len(original.sentences) or len(plain.quotes) != len(original.quotes):
        return False
    for ours, theirs in zip(original.sentences, plain.sentences, strict=True):
        if _plain(ours.text) != theirs.text:
            return False
    for ours_q, theirs_q in zip(original.quotes, plain.quotes, strict=True):
        if _plain(ours_q.text) != _plain(theirs_q.text) or ours_q.continues != theirs_q.continues:
            return False
    return True


def _plain(text: str) -> str:
    return " ".join(text.split())
