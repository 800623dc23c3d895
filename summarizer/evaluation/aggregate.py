"""Scoring one fixture with every scorer, micro-averaging over fixtures, bootstrap intervals."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.evaluation.actors import score_actors
from summarizer.evaluation.facts import score_key_facts, score_numbers
from summarizer.evaluation.fixtures import Fixture
from summarizer.evaluation.quotes import score_grounding, score_offsets, score_quotes
from summarizer.evaluation.score import Ratio, ratio_value
from summarizer.evaluation.stances import score_stances
from summarizer.schema import Summary

__all__ = [
    "METRICS",
    "FixtureResult",
    "MetricValue",
    "aggregate",
    "score_fixture",
]

METRICS: tuple[str, ...] = (
    "actors.precision",
    "actors.recall",
    "actors.f1",
    "actors.kind_accuracy",
    "quotes.precision",
    "quotes.recall",
    "quotes.f1",
    "attribution.accuracy",
    "grounding",
    "offsets_exact",
    "stances.precision",
    "stances.recall",
    "stances.f1",
    "stances.position_accuracy",
    "key_facts.coverage",
    "numbers.grounded",
)
"""Every metric, in report order; each is a share in [0, 1], higher is better."""

BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20260101


@dataclass
class FixtureResult:
    """One fixture's ratios and reasons, plus what the engine reported for it."""

    id: str
    ratios: dict[str, Ratio]
    reasons: list[str] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    latency_s: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def value(self, metric: str) -> float | None:
        return ratio_value(self.ratios.get(metric, (0, 0)))

    @property
    def headline(self) -> float:
        """Mean of the main defined metrics: the order of "worst fixtures first"."""
        main = (
            "actors.f1",
            "quotes.f1",
            "attribution.accuracy",
            "stances.f1",
            "key_facts.coverage",
        )
        values = [v for v in (self.value(m) for m in main) if v is not None]
        return sum(values) / len(values) if values else 0.0


def score_fixture(fixture: Fixture, summary: Summary) -> FixtureResult:
    """Run every scorer on one prediction; pure, no I/O."""
    gold, text = fixture.gold, fixture.text
    scores = [
        score_actors(summary.actors, gold.actors),
        score_quotes(summary.quotes, gold.quotes, summary.actors, gold.actors),
        score_grounding(summary.quotes, text),
        score_offsets(summary, text),
        score_stances(summary.stances, gold.stances, summary.actors, gold.actors),
        score_key_facts(summary, gold.key_facts),
        score_numbers(summary, text),
    ]
    ratios: dict[str, Ratio] = {}
    reasons: list[str] = []
    for score in scores:
        ratios.update(score.ratios)
        reasons.extend(score.reasons)
    return FixtureResult(
        id=fixture.id,
        ratios=ratios,
        reasons=reasons,
        warnings=list(summary.meta.warnings),
        latency_s=summary.meta.latency_s,
        prompt_tokens=summary.meta.usage.prompt_tokens,
        completion_tokens=summary.meta.usage.completion_tokens,
    )


@dataclass(frozen=True)
class MetricValue:
    """A micro-averaged metric with its bootstrap 95% interval (None when undefined)."""

    value: float | None
    low: float | None
    high: float | None
    numerator: int
    denominator: int


def _micro(results: Sequence[FixtureResult], metric: str) -> Ratio:
    numerator = sum(r.ratios.get(metric, (0, 0))[0] for r in results)
    denominator = sum(r.ratios.get(metric, (0, 0))[1] for r in results)
    return numerator, denominator


def _percentile(ordered: Sequence[float], share: float) -> float:
    position = share * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def aggregate(
    results: Sequence[FixtureResult],
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, MetricValue]:
    """Micro-average every metric over fixtures, with a seeded percentile bootstrap 95% CI.

    The bootstrap resamples whole fixtures with replacement, so the interval reflects
    how much the score depends on which articles are in the set.
    """
    rng = random.Random(seed)
    draws = [[rng.randrange(len(results)) for _ in results] for _ in range(samples)]
    out: dict[str, MetricValue] = {}
    for metric in METRICS:
        numerator, denominator = _micro(results, metric)
        ratios = [r.ratios.get(metric, (0, 0)) for r in results]
        values: list[float] = []
        for draw in draws:
            num = sum(ratios[i][0] for i in draw)
            den = sum(ratios[i][1] for i in draw)
            if den:
                values.append(num / den)
        values.sort()
        low = round(_percentile(values, 0.025), 4) if values else None
        high = round(_percentile(values, 0.975), 4) if values else None
        value = ratio_value((numerator, denominator))
        out[metric] = MetricValue(
            value=None if value is None else round(value, 4),
            low=low,
            high=high,
            numerator=numerator,
            denominator=denominator,
        )
    return out
