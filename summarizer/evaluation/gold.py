"""A prediction built from a fixture's gold: the perfect answer, for tests and self-checks."""

from __future__ import annotations

from summarizer.evaluation.facts import numbers_in
from summarizer.evaluation.fixtures import Fixture
from summarizer.schema import Actor, Meta, Quote, Stance, Summary

__all__ = ["prediction_from_gold"]


def _phrase(group: list[str], article_numbers: set[str]) -> str:
    """The first keyword variant that invents no number (the first one otherwise)."""
    for variant in group:
        if set(numbers_in(variant)) <= article_numbers:
            return variant
    return group[0]


def prediction_from_gold(fixture: Fixture) -> Summary:
    """Everything the gold lists, in our output contract; it should score 1.0 everywhere."""
    gold, text = fixture.gold, fixture.text
    known = set(numbers_in(text))
    points = [
        " ".join(_phrase(group, known) for group in fact.keywords) + "." for fact in gold.key_facts
    ]
    quotes = []
    for quote in gold.quotes:
        start = text.find(quote.text)
        quotes.append(
            Quote(text=quote.text, speaker=quote.speaker, start=start, end=start + len(quote.text))
        )
    return Summary(
        title=fixture.source.title or fixture.id,
        summary=" ".join(points),
        key_points=points,
        published=fixture.source.published,
        actors=[
            Actor(name=a.name, kind=a.kind, role=a.role, aliases=list(a.aliases))
            for a in gold.actors
        ],
        quotes=quotes,
        stances=[Stance(actor=s.actor, target=s.target, position=s.position) for s in gold.stances],
        meta=Meta(engine="offline", attempts=0),
    )
