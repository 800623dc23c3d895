"""The output contract's shape, checked in one place for every engine.

The schema promises a title, a two-to-four-sentence summary, three to seven key
points and an ISO ``published`` date or null. Engines aim for that; grounding
calls ``fit_contract`` on every Summary, so whatever still departs is fixed
(too many key points are cut) or named in ``meta.warnings``, never passed on
silently.
"""

from __future__ import annotations

from summarizer.document import Document, parse_document
from summarizer.schema import Summary

__all__ = ["KEY_POINTS", "SUMMARY_SENTENCES", "fit_contract", "sentence_count"]

KEY_POINTS = (3, 7)
SUMMARY_SENTENCES = (2, 4)


def sentence_count(text: str, language: str | None = None) -> int:
    """Sentences in ``text`` (a summary), split as an article in ``language`` is
    (abbreviations kept whole); no language detection: the caller knows it."""
    return len(parse_document(text, language=language).sentences) if text.strip() else 0


def fit_contract(summary: Summary, document: Document) -> Summary:
    """``summary`` with surplus key points cut and every other departure warned about.

    A field the engine has already warned about (a warning that starts with the
    field's name and a colon) is not warned about twice.
    """
    warnings = list(summary.meta.warnings)
    found: list[str] = []
    key_points = [point for point in summary.key_points if point.strip()]
    fewest, most = KEY_POINTS
    if len(key_points) > most:
        found.append(f"key_points: {len(key_points)} points; kept the first {most}")
        key_points = key_points[:most]
    elif len(key_points) < fewest:
        found.append(
            f"key_points: {_count(len(key_points), 'point')} "
            f"(the contract asks for {fewest} to {most})"
        )
    sentences = sentence_count(summary.summary, document.language)
    fewest, most = SUMMARY_SENTENCES
    if not fewest <= sentences <= most:
        found.append(
            f"summary: {_count(sentences, 'sentence')} (the contract asks for {fewest} to {most})"
        )
    if not summary.title.strip():
        found.append("title: empty; the article's first sentence gives no headline")
    stated = document.stated_date
    if stated is not None and summary.published is None:
        found.append(f"published: {stated[:40]!r} is not an ISO date (YYYY-MM-DD); set to null")
    warned = {warning.split(":", 1)[0] for warning in warnings if ":" in warning}
    warnings.extend(w for w in found if w.split(":", 1)[0] not in warned)
    meta = summary.meta.model_copy(update={"warnings": warnings})
    return summary.model_copy(update={"key_points": key_points, "meta": meta})


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
