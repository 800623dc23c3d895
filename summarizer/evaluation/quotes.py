"""Quote scorers: matching by token F1, attribution, grounding and exact offsets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from summarizer.evaluation.actors import GoldCast, predicted_forms
from summarizer.evaluation.fixtures import GoldActor, GoldQuote
from summarizer.evaluation.normalise import normalise, tokens
from summarizer.evaluation.score import Score, assign_one_to_one, detection_ratios, missed
from summarizer.schema import Actor, Quote, Summary

__all__ = ["score_grounding", "score_offsets", "score_quotes", "token_f1"]

QUOTE_MATCH_THRESHOLD = 0.6


def token_f1(a: str, b: str) -> float:
    """Token-level F1 of two normalised texts (bag of words)."""
    left, right = Counter(tokens(a)), Counter(tokens(b))
    common = sum((left & right).values())
    if not common:
        return 0.0
    precision = common / sum(left.values())
    recall = common / sum(right.values())
    return 2 * precision * recall / (precision + recall)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"


def score_quotes(
    predicted: Sequence[Quote],
    gold: Sequence[GoldQuote],
    actors: Sequence[Actor],
    gold_actors: Sequence[GoldActor],
) -> Score:
    """Quote precision, recall, F1 (token F1 >= 0.6, one-to-one) and attribution accuracy."""
    candidates = []
    for p, quote in enumerate(predicted):
        for g, gold_quote in enumerate(gold):
            overlap = token_f1(quote.text, gold_quote.text)
            if overlap >= QUOTE_MATCH_THRESHOLD:
                candidates.append(((-overlap,), p, g, overlap))
    pairs = assign_one_to_one(candidates)
    cast = GoldCast(gold_actors)
    score = Score()
    hits = false_alarms = attributed = 0
    for p, quote in enumerate(predicted):
        if p not in pairs:
            false_alarms += 1
            score.reasons.append(f"false alarm quote: {_short(quote.text)}")
            continue
        gold_quote = gold[pairs[p][0]]
        if not gold_quote.required:
            continue
        hits += 1
        accepted = [gold_quote.speaker, *gold_quote.also_accept]
        if quote.speaker is not None and cast.matches_any(
            predicted_forms(actors, quote.speaker), accepted
        ):
            attributed += 1
        else:
            score.reasons.append(
                f"wrong speaker: {_short(gold_quote.text)} is {gold_quote.speaker}, "
                f"predicted {quote.speaker or 'no speaker'}"
            )
    required, reasons = missed(
        gold,
        {g for g, _ in pairs.values()},
        lambda q: f"missed quote: {_short(q.text)} ({q.speaker})",
    )
    score.reasons.extend(reasons)
    score.ratios = detection_ratios("quotes", hits, hits + false_alarms, required)
    score.ratios["attribution.accuracy"] = (attributed, hits)
    return score


def score_grounding(predicted: Sequence[Quote], article: str) -> Score:
    """Share of predicted quotes whose normalised text occurs in the normalised article."""
    haystack = normalise(article)
    score = Score()
    grounded = 0
    for quote in predicted:
        if normalise(quote.text) in haystack:
            grounded += 1
        else:
            score.reasons.append(f"hallucinated quote: {_short(quote.text)}")
    score.ratios = {"grounding": (grounded, len(predicted))}
    return score


def score_offsets(summary: Summary, article: str) -> Score:
    """Share of predicted quotes and evidence spans whose text == article[start:end]."""
    spans = [(q.text, q.start, q.end) for q in summary.quotes] + [
        (span.text, span.start, span.end) for stance in summary.stances for span in stance.evidence
    ]
    score = Score()
    exact = 0
    for text, start, end in spans:
        if article[start:end] == text:
            exact += 1
        else:
            score.reasons.append(f"offsets {start}:{end} do not give {_short(text, 40)}")
    score.ratios = {"offsets_exact": (exact, len(spans))}
    return score
