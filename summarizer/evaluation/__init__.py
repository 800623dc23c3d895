"""The evals suite: score summaries against hand-labelled fixtures.

Fixtures (``evals/fixtures/README.md``) are loaded and checked by ``fixtures``;
each scorer is a small pure function returning ratios and per-item reasons;
``aggregate`` micro-averages them with bootstrap intervals; ``report`` and
``junit`` write them out; ``runner`` ties an engine (or saved predictions) to all that.
"""

from __future__ import annotations

from summarizer.evaluation.aggregate import METRICS, FixtureResult, aggregate, score_fixture
from summarizer.evaluation.fixtures import Fixture, FixtureError, check_fixture, load_fixtures
from summarizer.evaluation.gold import prediction_from_gold

__all__ = [
    "METRICS",
    "Fixture",
    "FixtureError",
    "FixtureResult",
    "aggregate",
    "check_fixture",
    "load_fixtures",
    "prediction_from_gold",
    "score_fixture",
]
