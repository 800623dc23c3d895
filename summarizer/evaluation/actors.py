"""The actor rule: three tiers of name matching, and the actor scorer built on it.

Tier 1: a predicted name or alias equals a gold name or alias. Tier 2: a single
word equal to the last word of a gold person whose last word no other gold actor
shares. Tier 3: ``token_sort_ratio`` >= 90. Names are normalised and lose titles.
The rule itself is ``summarizer.names`` (the merge of long articles uses it too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.evaluation.fixtures import GoldActor
from summarizer.evaluation.score import Score, assign_one_to_one, detection_ratios, missed
from summarizer.names import forms, match_tier, sort_ratio, unique_surnames
from summarizer.schema import Actor

__all__ = ["ActorMatch", "GoldCast", "forms", "score_actors", "sort_ratio"]


@dataclass(frozen=True)
class ActorMatch:
    tier: int
    score: float

    @property
    def sort_key(self) -> tuple[float, float]:
        return (self.tier, -self.score)


class GoldCast:
    """The gold actors of one fixture, prepared for the actor rule."""

    def __init__(self, actors: Sequence[GoldActor]) -> None:
        self.actors = list(actors)
        self.forms = [forms(actor.name, actor.aliases) for actor in self.actors]
        self.index = {actor.name: i for i, actor in enumerate(self.actors)}
        self._unique_surnames = unique_surnames(
            [(mine, actor.kind) for mine, actor in zip(self.forms, self.actors, strict=True)]
        )

    def match(self, predicted: Sequence[str], gold_index: int) -> ActorMatch | None:
        """The best tier at which predicted forms match one gold actor, or None."""
        found = match_tier(predicted, self.forms[gold_index], self._unique_surnames.get(gold_index))
        return None if found is None else ActorMatch(*found)

    def matches_any(self, predicted: Sequence[str], names: Sequence[str]) -> bool:
        """Whether predicted forms match any of the named gold actors (attribution, stances)."""
        return any(
            self.match(predicted, self.index[name]) is not None
            for name in names
            if name in self.index
        )


def predicted_forms(actors: Sequence[Actor], name: str) -> tuple[str, ...]:
    """Forms of a predicted actor referred to by name (its aliases when it is listed)."""
    for actor in actors:
        if actor.name == name:
            return forms(actor.name, actor.aliases)
    return forms(name)


def assign_actors(predicted: Sequence[Actor], cast: GoldCast) -> dict[int, tuple[int, ActorMatch]]:
    """Predicted actors assigned one-to-one to gold actors, best tier and score first."""
    candidates = []
    for p, actor in enumerate(predicted):
        mine = forms(actor.name, actor.aliases)
        for g in range(len(cast.actors)):
            found = cast.match(mine, g)
            if found is not None:
                candidates.append((found.sort_key, p, g, found))
    return assign_one_to_one(candidates)


def score_actors(predicted: Sequence[Actor], gold: Sequence[GoldActor]) -> Score:
    """Precision, recall and F1 over required gold actors; kind accuracy over matched pairs."""
    cast = GoldCast(gold)
    pairs = assign_actors(predicted, cast)
    matched_gold = {g for g, _ in pairs.values()}
    score = Score()
    hits = kind_right = false_alarms = 0
    for p, actor in enumerate(predicted):
        if p not in pairs:
            false_alarms += 1
            score.reasons.append(f"false alarm actor: {actor.name}")
            continue
        g, _ = pairs[p]
        if not cast.actors[g].required:
            continue
        hits += 1
        if actor.kind == cast.actors[g].kind:
            kind_right += 1
        else:
            score.reasons.append(
                f"wrong kind: {cast.actors[g].name} is {cast.actors[g].kind}, "
                f"predicted {actor.kind} ({actor.name})"
            )
    required, reasons = missed(cast.actors, matched_gold, lambda a: f"missed actor: {a.name}")
    score.reasons.extend(reasons)
    score.ratios = detection_ratios("actors", hits, hits + false_alarms, required)
    score.ratios["actors.kind_accuracy"] = (kind_right, hits)
    return score
