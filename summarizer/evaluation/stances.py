"""The stance scorer: actor by the actor rule, target exact or fuzzy, then the position."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, utils

from summarizer.evaluation.actors import GoldCast, predicted_forms, sort_ratio
from summarizer.evaluation.fixtures import GoldActor, GoldStance
from summarizer.evaluation.normalise import normalise
from summarizer.evaluation.score import Score, assign_one_to_one, detection_ratios, missed
from summarizer.schema import Actor, Stance

__all__ = ["score_stances", "target_match"]

FUZZY_TARGET_THRESHOLD = 80.0


def target_match(predicted: str, gold: GoldStance) -> tuple[bool, float, float] | None:
    """(exact, token_set score, token_sort tie-break) when the targets match, else None.

    Exact: equal to the target or an alias after normalisation. Fuzzy: token_set_ratio
    >= 80 with a target or alias of at least two words.
    """
    mine = normalise(predicted)
    variants = [v for v in (normalise(t) for t in (gold.target, *gold.target_aliases)) if v]
    if not mine or not variants:
        return None
    closeness = max(sort_ratio(mine, v) for v in variants)
    if mine in variants:
        return True, 100.0, closeness
    fuzzy = [
        float(fuzz.token_set_ratio(mine, v, processor=utils.default_process))
        for v in variants
        if len(v.split()) >= 2
    ]
    best = max(fuzzy, default=0.0)
    return (False, best, closeness) if best >= FUZZY_TARGET_THRESHOLD else None


def score_stances(
    predicted: Sequence[Stance],
    gold: Sequence[GoldStance],
    actors: Sequence[Actor],
    gold_actors: Sequence[GoldActor],
) -> Score:
    """Stance P/R/F1 (a hit needs the position too) and position accuracy over matched pairs."""
    cast = GoldCast(gold_actors)
    candidates = []
    for p, stance in enumerate(predicted):
        mine = predicted_forms(actors, stance.actor)
        for g, gold_stance in enumerate(gold):
            if not cast.matches_any(mine, [gold_stance.actor]):
                continue
            found = target_match(stance.target, gold_stance)
            if found is not None:
                exact, similarity, closeness = found
                candidates.append(((0 if exact else 1, -similarity, -closeness), p, g, found))
    pairs = assign_one_to_one(candidates)
    score = Score()
    hits = counted = matched = positioned = 0
    for p, stance in enumerate(predicted):
        if p not in pairs:
            counted += 1
            score.reasons.append(
                f"false alarm stance: {stance.actor} {stance.position} {stance.target!r}"
            )
            continue
        gold_stance = gold[pairs[p][0]]
        if not gold_stance.required:
            continue
        counted += 1
        matched += 1
        if stance.position == gold_stance.position:
            hits += 1
            positioned += 1
        else:
            score.reasons.append(
                f"wrong position: {gold_stance.actor} on {gold_stance.target!r} is "
                f"{gold_stance.position}, predicted {stance.position}"
            )
    required, reasons = missed(
        gold,
        {g for g, _ in pairs.values()},
        lambda s: f"missed stance: {s.actor} {s.position} {s.target!r}",
    )
    score.reasons.extend(reasons)
    score.ratios = detection_ratios("stances", hits, counted, required)
    score.ratios["stances.position_accuracy"] = (positioned, matched)
    return score
