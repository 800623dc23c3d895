"""Grounding: resolve a Draft's references into verbatim spans and check them.

Every quote and every piece of evidence in the resulting ``Summary`` is a span
of the input with ``text == input[start:end]``. A reference that cannot be
resolved is dropped and named in ``meta.warnings``, never silently; so is any
departure from the contract's counts and dates (``contract.fit_contract``).
"""

from __future__ import annotations

from summarizer.contract import fit_contract
from summarizer.document import Document
from summarizer.draft import Draft
from summarizer.limits import cap_fields
from summarizer.schema import Actor, Meta, Quote, Span, Stance, Summary

__all__ = ["ground"]


def ground(draft: Draft, document: Document, meta: Meta) -> Summary:
    """Build the public Summary from a Draft; unresolvable references become warnings."""
    warnings = list(meta.warnings) + list(draft.warnings)
    actors = _unique_actors(draft, warnings)
    names = {actor.name for actor in actors}

    quotes: list[Quote] = []
    seen_spans: set[tuple[int, int]] = set()
    for item in draft.quotes:
        if item.quote_id is not None:
            candidate = document.quote(item.quote_id)
            if candidate is None:
                warnings.append(f"dropped quote {item.quote_id}: no such quote candidate")
                continue
            start, end = candidate.start, candidate.end
        elif item.start is not None and item.end is not None:
            start, end = item.start, item.end
            if not (document.body_start <= start < end <= len(document.text)):
                warnings.append(f"dropped quote at {start}:{end}: outside the article")
                continue
        else:
            warnings.append("dropped a quote with neither an id nor offsets")
            continue
        if (start, end) in seen_spans:
            continue
        seen_spans.add((start, end))
        speaker = item.speaker
        if speaker is not None and speaker not in names:
            warnings.append(
                f"quote {item.quote_id or f'{start}:{end}'}: speaker {speaker!r} is not a listed "
                "actor; speaker set to null"
            )
            speaker = None
        quotes.append(Quote(text=document.text[start:end], speaker=speaker, start=start, end=end))
    quotes.sort(key=lambda quote: quote.start)

    stances: list[Stance] = []
    for stance in draft.stances:
        if stance.actor not in names:
            warnings.append(
                f"dropped stance of {stance.actor!r} on {stance.target!r}: not a listed actor"
            )
            continue
        evidence: list[Span] = []
        for sentence_id in stance.evidence:
            sentence = document.sentence(sentence_id)
            if sentence is None:
                warnings.append(
                    f"stance of {stance.actor!r} on {stance.target!r}: no sentence {sentence_id}"
                )
                continue
            evidence.append(Span(text=sentence.text, start=sentence.start, end=sentence.end))
        stances.append(
            Stance(
                actor=stance.actor,
                target=stance.target,
                position=stance.position,
                evidence=evidence,
            )
        )

    title, key_points = cap_fields(draft.title, list(draft.key_points), warnings)
    summary = Summary(
        title=title,
        summary=draft.summary,
        key_points=key_points,
        published=document.published,
        actors=actors,
        quotes=quotes,
        stances=stances,
        meta=meta.model_copy(update={"warnings": warnings, "language": document.language}),
    )
    return fit_contract(summary, document)


def _unique_actors(draft: Draft, warnings: list[str]) -> list[Actor]:
    actors: list[Actor] = []
    seen: set[str] = set()
    for actor in draft.actors:
        name = actor.name.strip()
        if not name:
            warnings.append("dropped an actor with an empty name")
            continue
        if name in seen:
            continue
        seen.add(name)
        aliases = [a for a in dict.fromkeys(actor.aliases) if a and a != name]
        actors.append(Actor(name=name, kind=actor.kind, role=actor.role, aliases=aliases))
    return actors
