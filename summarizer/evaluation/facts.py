"""Key-fact coverage and invented numbers, both over the summary and the key points."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.evaluation.fixtures import KeyFact
from summarizer.evaluation.normalise import fold
from summarizer.evaluation.score import Score
from summarizer.schema import Summary

__all__ = ["covers", "numbers_in", "score_key_facts", "score_numbers", "summary_text"]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def summary_text(summary: Summary) -> str:
    """The text a reader gets: the summary and the key points together."""
    return "\n".join([summary.summary, *summary.key_points])


def covers(text: str, variant: str) -> bool:
    """A keyword variant is present, case-insensitively, starting at a word boundary.

    The boundary keeps "Tate" from matching "estate"; the end is open so plurals count.
    """
    needle = fold(variant)
    if not needle:
        return False
    pattern = (r"(?<!\w)" if needle[0].isalnum() else "") + re.escape(needle)
    return re.search(pattern, text) is not None


def score_key_facts(summary: Summary, facts: Sequence[KeyFact]) -> Score:
    """Coverage: a fact is covered when every keyword group has a variant in the summary."""
    text = fold(summary_text(summary))
    score = Score()
    required = [fact for fact in facts if fact.required]
    covered = 0
    for fact in facts:
        hit = all(any(covers(text, variant) for variant in group) for group in fact.keywords)
        if not fact.required:
            continue
        if hit:
            covered += 1
        else:
            score.reasons.append(f"missed fact: {fact.fact}")
    score.ratios = {"key_facts.coverage": (covered, len(required))}
    return score


def numbers_in(text: str) -> list[str]:
    """Numbers written in digits, thousands separators removed ("1,400" -> "1400")."""
    out = []
    for raw in _NUMBER.findall(text):
        number = re.sub(r"(?<=\d),(?=\d{3}\b)", "", raw)
        out.append(number)
    return out


def score_numbers(summary: Summary, article: str) -> Score:
    """Share of numbers in the summary and key points that the article also writes."""
    known = set(numbers_in(article))
    written = numbers_in(summary_text(summary))
    score = Score()
    grounded = 0
    for number in written:
        if number in known:
            grounded += 1
        else:
            score.reasons.append(f"invented number: {number}")
    score.ratios = {"numbers.grounded": (grounded, len(written))}
    return score
