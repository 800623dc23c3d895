"""What every scorer returns: ratios (numerator, denominator) and the reasons behind them.

Keeping numerator and denominator, rather than a value, is what makes micro-averaging
over fixtures (sum, then divide) and the bootstrap exact.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

__all__ = [
    "Ratio",
    "Score",
    "assign_one_to_one",
    "detection_ratios",
    "f1_ratio",
    "missed",
    "ratio_value",
]

Ratio = tuple[int, int]
"""(numerator, denominator); the value is undefined (None) when the denominator is 0."""

T = TypeVar("T")


class GoldItem(Protocol):
    @property
    def required(self) -> bool: ...


G = TypeVar("G", bound=GoldItem)


@dataclass
class Score:
    """Metric ratios of one scorer on one fixture, and one reason line per item that cost points."""

    ratios: dict[str, Ratio] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def ratio_value(ratio: Ratio) -> float | None:
    numerator, denominator = ratio
    return numerator / denominator if denominator else None


def f1_ratio(hits: int, predicted: int, gold: int) -> Ratio:
    """F1 as one ratio, 2·hits / (predicted + gold), so that it micro-averages exactly."""
    return (2 * hits, predicted + gold)


def assign_one_to_one(
    candidates: Iterable[tuple[tuple[float, ...], int, int, T]],
) -> dict[int, tuple[int, T]]:
    """Greedy one-to-one assignment, best sort key first (lower key is better).

    ``candidates`` are (sort key, predicted index, gold index, payload); returns
    {predicted index: (gold index, payload)}. Ties fall back to the indices, so the
    result is deterministic.
    """
    taken_predicted: dict[int, tuple[int, T]] = {}
    taken_gold: set[int] = set()
    for _key, predicted, gold, payload in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if predicted in taken_predicted or gold in taken_gold:
            continue
        taken_predicted[predicted] = (gold, payload)
        taken_gold.add(gold)
    return taken_predicted


def detection_ratios(metric: str, hits: int, counted: int, required: int) -> dict[str, Ratio]:
    """Precision, recall and F1 of one kind of item (``quotes.precision`` ...)."""
    return {
        f"{metric}.precision": (hits, counted),
        f"{metric}.recall": (hits, required),
        f"{metric}.f1": f1_ratio(hits, counted, required),
    }


def missed(
    gold: Sequence[G], matched: Collection[int], describe: Callable[[G], str]
) -> tuple[int, list[str]]:
    """How many gold items are required, and a reason for each required one not matched."""
    required = [index for index, item in enumerate(gold) if item.required]
    return len(required), [describe(gold[i]) for i in required if i not in matched]
