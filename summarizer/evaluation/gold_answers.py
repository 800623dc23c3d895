"""The answer a careful model would give, built from a fixture's gold labels.

What a scripted endpoint (``summarizer.testing``) answers in the suite's evals over
the LLM engine, record/replay tests and the benchmarks, so that what they parse and
ground is the size and shape of a real answer: every actor the article names, its
quotes by candidate id, its stances with evidence sentence ids.
"""

from __future__ import annotations

from typing import Any

from summarizer.document import Document, parse_document
from summarizer.evaluation.fixtures import Fixture
from summarizer.evaluation.gold import prediction_from_gold
from summarizer.llm.response import mentions

__all__ = ["answer_for", "candidate_for"]


def candidate_for(document: Document, text: str) -> str | None:
    """The id of the detected quote candidate that holds these quoted words."""
    found = document.find(text)
    if found is None:
        return None
    start, end = found
    return next((q.id for q in document.quotes if q.start < end and start < q.end), None)


def _evidence(document: Document, fixture: Fixture, actor: str) -> str:
    """A sentence showing the actor's stance: one of its quotes, else a mention of it."""
    for quote in fixture.gold.quotes:
        found = document.find(quote.text) if quote.speaker == actor else None
        if found is not None and (sentence := document.sentence_at(found[0])) is not None:
            return sentence.id
    gold = next((a for a in fixture.gold.actors if a.name == actor), None)
    for name in [actor, *(gold.aliases if gold else [])]:
        found = document.find(name)
        if found is not None and (sentence := document.sentence_at(found[0])) is not None:
            return sentence.id
    return document.sentences[0].id


def answer_for(fixture: Fixture, document: Document | None = None) -> dict[str, Any]:
    """A valid NewsSummary answer for this fixture (references only)."""
    document = document or parse_document(fixture.text)
    perfect = prediction_from_gold(fixture)
    actors: dict[str, dict[str, Any]] = {
        a.name: {
            "name": a.name,
            "kind": a.kind,
            "role": a.role,
            "aliases": [alias for alias in a.aliases if mentions(document, alias)],
            "quotes": [],
            "stances": [],
        }
        for a in fixture.gold.actors
        if mentions(document, a.name)
    }
    unattributed: list[str] = []
    placed_ids: set[str] = set()
    # required quotes first: an optional one nested inside a required one (a phrase the
    # speaker quotes from someone else) shares its candidate and cannot take it over
    for quote in sorted(fixture.gold.quotes, key=lambda q: not q.required):
        quote_id = candidate_for(document, quote.text)
        if quote_id is None or quote_id in placed_ids:
            continue
        speaker = actors.get(quote.speaker or "")
        (speaker["quotes"] if speaker is not None else unattributed).append(quote_id)
        placed_ids.add(quote_id)
    unattributed += [
        q.id for q in document.quotes if q.id not in placed_ids and q.continues is None
    ]
    for stance in fixture.gold.stances:
        if stance.actor in actors:
            actors[stance.actor]["stances"].append(
                {
                    "target": stance.target,
                    "position": stance.position,
                    "evidence": [_evidence(document, fixture, stance.actor)],
                }
            )
    return {
        "title": perfect.title,
        # the contract's 2-4 sentences, each starting as a sentence does
        "summary": " ".join(point[:1].upper() + point[1:] for point in perfect.key_points[:3]),
        "key_points": perfect.key_points,
        "actors": list(actors.values()),
        "unattributed_quotes": unattributed,
        "extra_quotes": [],
    }
