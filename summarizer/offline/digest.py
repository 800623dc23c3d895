"""Title, summary and key points from the article's own sentences.

Everything is built from whole sentences (or a leading clause of one for the
title), so no number can appear that the article does not contain and nothing
is cut mid-sentence. The summary is the lead; key points are the
highest-scoring later sentences: early, with numbers, with actors, reported.
"""

from __future__ import annotations

import re

from summarizer.document import Document, Sentence
from summarizer.offline.registry import Cast

__all__ = ["compress", "key_points", "narrative_sentences", "summary_sentences", "title"]

_NUMBER = re.compile(r"\d")
_CLAUSE_BREAK = re.compile(
    r",\s+(?:which|who|after|before|while|as|amid|leaving|halting|clearing|exposing|"
    r"a decision|but|and|in|despite|following|less than|more than|its|[a-z]+ing)\b"
)
_OPENER = re.compile(
    r"^(?:(?:In a statement|In retaliation|Meanwhile|However|Separately|Earlier \w+|"
    r"For (?:his|her|their|its) part|On \w+),\s+)"
)
_PURPOSE = re.compile(r"\s+(?:to(?=\s[a-z])|in order to|so that|after|before|amid|when)\s")
_APPOSITION_CUT = re.compile(r",\s+(?:a|an|the)\s")
_PHRASE_CUT = re.compile(r"\s+(?:over|with|in|for|at|from|by)\s")
_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Za-z .]{2,30})?\s*[—–-]+\s+")
_RELATIVE = re.compile(r",\s+(?:who|which|whose)\s[^,;:\"“”]{2,120},(?=\s)")
_PARENTHETICAL = re.compile(r"\s+\([^()]{1,40}\)")
_WHEN = re.compile(
    r"\s+(?:late\s+|early\s+)?on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
)
_SUBJECT_APPOSITION = re.compile(r"^(?P<subject>[^,]{2,60}),\s+(?:the|a|an)\s+[^,]{2,90},\s+")
_ENDS_SENTENCE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_MAX_TITLE_WORDS = 16
_LONG_TITLE_WORDS = 22
_MAX_SUMMARY_WORDS = 90
_MAX_POINT_WORDS = 45


def narrative_sentences(document: Document) -> list[Sentence]:
    """Sentences that are mostly narration, not quotation."""
    quotes = sorted((q.start, q.end) for q in document.quotes)
    out: list[Sentence] = []
    first = 0  # quotes before this one end before the current sentence starts
    for sentence in document.sentences:
        while first < len(quotes) and quotes[first][1] <= sentence.start:
            first += 1
        quoted = 0
        index = first
        while index < len(quotes) and quotes[index][0] < sentence.end:
            start, end = quotes[index]
            quoted += max(0, min(end, sentence.end) - max(start, sentence.start))
            index += 1
        if quoted < 0.5 * max(1, sentence.end - sentence.start):
            out.append(sentence)
    return out


def title(sentences: list[Sentence]) -> str:
    """The lead sentence's main clause: a headline, not a truncated sentence (the next
    sentence's when the lead has no words, such as a lone dateline or a dash)."""
    for sentence in sentences:
        headline = _headline(sentence.text)
        if any(char.isalnum() for char in headline):
            return headline
    return ""


def _headline(sentence: str) -> str:
    text = _OPENER.sub("", _DATELINE.sub("", " ".join(sentence.split()))).rstrip(".")
    text = _PARENTHETICAL.sub("", text)
    text = _WHEN.sub("", text)
    text = _SUBJECT_APPOSITION.sub(r"\g<subject> ", text, count=1)
    cut = _CLAUSE_BREAK.search(text)
    if cut and len(text[: cut.start()].split()) >= 5:
        text = text[: cut.start()]
    for boundary in (_APPOSITION_CUT, _PURPOSE, _PHRASE_CUT):
        if len(text.split()) <= (
            _LONG_TITLE_WORDS if boundary is _PHRASE_CUT else _MAX_TITLE_WORDS
        ):
            break
        limit = _MAX_TITLE_WORDS if boundary is _PHRASE_CUT else _LONG_TITLE_WORDS
        cuts = [
            m.start()
            for m in boundary.finditer(text)
            if 6 <= len(text[: m.start()].split()) <= limit
            and not (m.group(0).strip() == "to" and text[: m.start()].endswith("ed"))
        ]
        if cuts:
            text = text[: cuts[-1] if boundary is _PHRASE_CUT else cuts[0]]
    return text[:1].upper() + text[1:]


def summary_sentences(narrative: list[Sentence]) -> list[Sentence]:
    """Two to four lead sentences, whole, under a word budget."""
    chosen: list[Sentence] = []
    words = 0
    for sentence in narrative:
        count = len(sentence.text.split())
        if chosen and (words + count > _MAX_SUMMARY_WORDS and len(chosen) >= 2):
            break
        if len(chosen) >= 4:
            break
        chosen.append(sentence)
        words += count
    return chosen


def compress(sentence: str) -> str:
    """A sentence without its asides: openers, brackets, relative clauses. Words are only
    removed, never added, so no number can appear that the sentence lacks; a sentence
    that ends without a full stop (a headline line) gets one, so it stays a sentence, and
    a hard wrap, a tab or a run of spaces becomes one space."""
    text = _OPENER.sub("", _DATELINE.sub("", " ".join(sentence.split())))
    text = _PARENTHETICAL.sub("", text)
    text = _RELATIVE.sub(_drop_unless_paired, text).strip()
    if text and not _ENDS_SENTENCE.search(text):
        text += "."
    return text[:1].upper() + text[1:]


def _drop_unless_paired(match: re.Match[str]) -> str:
    """Keep a relative clause whose commas close an apposition ("The owner, X, who ...,")."""
    before = match.string[: match.start()]
    return match.group(0) if before.count(",") % 2 else ""


def key_points(
    narrative: list[Sentence],
    cast: Cast,
    skip: set[str],
    sentences: list[Sentence],
    limit: int = 5,
    fewest: int = 3,
) -> list[str]:
    """The best-scoring later sentences, in article order.

    When fewer than ``fewest`` qualify (a short article, a quote-heavy one), the
    rest are the article's other sentences in order, the lead and quotes included.
    """
    narrative = [s for s in narrative if s.id not in skip]
    total = max(1, len(sentences))
    scored: list[tuple[float, Sentence]] = []
    for rank, sentence in enumerate(narrative):
        words = len(sentence.text.split())
        if words < 6 or words > _MAX_POINT_WORDS or sentence.text.endswith(":"):
            continue
        position = 1.0 - rank / total
        numbers = 0.6 if _NUMBER.search(sentence.text) else 0.0
        actors = cast.at(sentence.start, sentence.end)
        score = position + numbers + (0.5 if actors is not None else 0.0)
        scored.append((score, sentence))
    best = [s for _, s in sorted(scored, key=lambda item: -item[0])[:limit]]
    if len(best) < fewest:
        chosen = {s.id for s in best}
        spare = [s for s in sentences if s.id not in chosen and len(s.text.split()) > 1]
        best.extend(sorted(spare, key=lambda s: (s.id in skip, s.start))[: fewest - len(best)])
    points = (compress(s.text) for s in sorted(best, key=lambda s: s.start))
    return [point for point in points if point.strip()]
