"""Merging the Drafts of a long article's parts into one Draft, deterministically.

- Actors: one part's actor is another's when a name of one names the other by the
  actor matching rule (``summarizer.names``): it equals one of the other's names or
  aliases, or is its unique surname, or is close to one of its names
  (``token_sort_ratio`` >= 90; never fuzzy against an alias: "transport minister" is
  not "transport ministry"). An alias shared by two actors is not enough: two parts
  may each have their own "the minister". When several merged actors match equally, the
  one a part listed last wins (the nearest mention). The merged actor takes the fullest name
  (most words once normalised: "the minister" is one; the first seen on a tie), the
  first kind and role given, and every other name and alias as aliases.
- Quotes: every candidate once. A candidate two parts attribute (it is in their
  overlap) keeps the speaker of the part whose own text holds it (not its repeated
  lead-in); a speaker from the other part fills in only when that one gave none. A
  later paragraph of a quotation without a speaker takes its first paragraph's.
  Extra quotes (found by the model) are kept once; one overlapping a kept one is not.
- Stances: one per actor and target (normalised): evidence sentences unioned in order;
  positions that differ become ``mixed``.
- Warnings: each part's, prefixed with the part, except those the merge settles (a
  quote that got its speaker from the other part) or that the final call replaces
  (the part's summary and key points).
- Title, summary and key points: the first part's (the LLM engine then asks for the
  whole article's from all the parts' summaries).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from summarizer.chunking import Chunk
from summarizer.document import Document
from summarizer.draft import Draft, DraftActor, DraftQuote, DraftStance
from summarizer.names import forms, match_tier, name_key, normalise, unique_surnames

__all__ = ["merge_drafts"]

_SpeakerOf = Callable[[int, str | None], str | None]
"""``speaker_of(part, name)``: the merged name of a part's actor (None if not listed)."""

_REPLACED = ("key_points:", "summary:")
"""Warnings about a part's own summary and key points: the final call writes the article's."""


@dataclass
class _Actor:
    """A merged actor: its names (every part's), its aliases, kind and role."""

    names: list[str]
    kind: str
    role: str | None
    aliases: list[str] = field(default_factory=list)
    seen: int = 0
    """The last part that listed it."""

    @property
    def name(self) -> str:
        """The fullest name: the most words once normalised ("the minister" is one), the
        first seen on a tie."""
        return max(
            self.names, key=lambda name: (len(name_key(name).split()), -self.names.index(name))
        )

    def all_forms(self) -> tuple[str, ...]:
        return forms(self.names[0], [*self.names[1:], *self.aliases])

    def name_forms(self) -> tuple[str, ...]:
        """The fullest name's forms: the shorter names other parts gave ("the port
        authority") count as aliases, so they never pull in another actor."""
        return forms(self.name)


def merge_drafts(parts: Sequence[tuple[Chunk, Draft]], document: Document) -> Draft:
    """One Draft for the article from its parts' Drafts (in the parts' order)."""
    actors: list[_Actor] = []
    renames: list[dict[str, int]] = []  # per part: its actor name -> merged actor
    for _, draft in parts:
        rename: dict[str, int] = {}
        own = unique_surnames([(forms(a.name, a.aliases), a.kind) for a in draft.actors])
        for number, actor in enumerate(draft.actors):
            index = _same_actor(actor, own.get(number), actors)
            if index is None:
                actors.append(_Actor([actor.name], actor.kind, actor.role, list(actor.aliases)))
                index = len(actors) - 1
            else:
                _fold_in(actors[index], actor)
            actors[index].seen = len(renames)
            rename[actor.name] = index
        renames.append(rename)
    names = [actor.name for actor in actors]

    def speaker_of(part: int, speaker: str | None) -> str | None:
        index = renames[part].get(speaker) if speaker is not None else None
        return None if index is None else names[index]

    quotes, attributed = _quotes(parts, document, speaker_of)
    stances = _stances(parts, speaker_of)
    warnings = _warnings(parts, attributed)
    lead = parts[0][1]
    return Draft(
        title=lead.title,
        summary=lead.summary,
        key_points=list(lead.key_points),
        actors=[
            DraftActor(
                name=actor.name,
                kind=actor.kind,  # type: ignore[arg-type]
                role=actor.role,
                aliases=[
                    a for a in dict.fromkeys([*actor.names, *actor.aliases]) if a != actor.name
                ],
            )
            for actor in actors
        ],
        quotes=quotes,
        stances=stances,
        warnings=warnings,
    )


def _same_actor(actor: DraftActor, surname: str | None, merged: list[_Actor]) -> int | None:
    """The merged actor that ``actor`` is by the matching rule (best tier, then best
    score, then the one a part listed last: "the authority" in part 3 is the authority
    of part 2 rather than of part 1), or None. ``surname``: the actor's unique surname among its own
    part's actors, as the merged actors' are among themselves."""
    if not merged:
        return None
    mine_names = forms(actor.name)
    mine_all = forms(actor.name, actor.aliases)
    cast = [(m.all_forms(), m.kind) for m in merged]
    surnames = unique_surnames(cast)
    best: tuple[tuple[int, float, int], int] | None = None
    for i, other in enumerate(merged):
        other_names = other.name_forms()
        found = _names_one(mine_names, other_names, cast[i][0], surnames.get(i)) or _names_one(
            other_names, mine_names, mine_all, surname
        )
        rank = None if found is None else (found[0], -found[1], -other.seen)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, i)
    return None if best is None else best[1]


def _names_one(
    names: tuple[str, ...],
    other_names: tuple[str, ...],
    other_all: tuple[str, ...],
    surname: str | None,
) -> tuple[int, float] | None:
    """Whether ``names`` name the other actor: equal to one of its names or aliases, or
    its unique surname (tiers 1 and 2), or close to one of its names (tier 3: never an
    alias, "transport minister" is not "transport ministry")."""
    found = match_tier(names, other_all, surname)
    if found is not None and found[0] < 3:
        return found
    return match_tier(names, other_names)


def _fold_in(merged: _Actor, actor: DraftActor) -> None:
    if actor.name not in merged.names:
        merged.names.append(actor.name)
    merged.aliases.extend(a for a in actor.aliases if a not in merged.aliases)
    merged.role = merged.role or actor.role


def _quotes(
    parts: Sequence[tuple[Chunk, Draft]], document: Document, speaker_of: _SpeakerOf
) -> tuple[list[DraftQuote], set[str]]:
    """Every candidate once with its merged speaker, then the extra quotes; and the ids
    of the candidates that have a speaker."""
    claims: dict[str, list[tuple[bool, str | None]]] = {}  # id -> (owner?, speaker) by part
    extra: list[tuple[bool, int, int, str | None]] = []  # owner?, start, end, speaker
    for number, (chunk, draft) in enumerate(parts):
        for item in draft.quotes:
            speaker = speaker_of(number, item.speaker)
            if item.quote_id is not None:
                candidate = document.quote(item.quote_id)
                if candidate is not None:
                    claims.setdefault(candidate.id, []).append(
                        (chunk.owns(candidate.start), speaker)
                    )
            elif item.start is not None and item.end is not None:
                extra.append((chunk.owns(item.start), item.start, item.end, speaker))
    quotes: list[DraftQuote] = []
    speakers: dict[str, str | None] = {}
    for candidate in document.quotes:
        if candidate.id not in claims:
            continue
        ordered = sorted(claims[candidate.id], key=lambda claim: not claim[0])  # owner first
        speaker = next((s for _, s in ordered if s is not None), None)
        if speaker is None and candidate.continues is not None:
            speaker = speakers.get(candidate.continues)
        speakers[candidate.id] = speaker
        quotes.append(DraftQuote(speaker=speaker, quote_id=candidate.id))
    kept: list[tuple[int, int, str | None]] = []
    for _, start, end, speaker in sorted(extra, key=lambda found: not found[0]):  # owners' first
        if all(end <= k_start or k_end <= start for k_start, k_end, _ in kept):
            kept.append((start, end, speaker))
    kept.sort()
    attributed = {quote_id for quote_id, speaker in speakers.items() if speaker is not None}
    extras = [DraftQuote(speaker=speaker, start=start, end=end) for start, end, speaker in kept]
    return quotes + extras, attributed


def _stances(parts: Sequence[tuple[Chunk, Draft]], speaker_of: _SpeakerOf) -> list[DraftStance]:
    merged: dict[tuple[str, str], DraftStance] = {}
    for number, (_, draft) in enumerate(parts):
        for stance in draft.stances:
            actor = speaker_of(number, stance.actor)
            if actor is None:
                continue
            key = (actor, normalise(stance.target))
            known = merged.get(key)
            if known is None:
                merged[key] = DraftStance(
                    actor, stance.target, stance.position, list(stance.evidence)
                )
                continue
            if known.position != stance.position:
                known.position = "mixed"
            known.evidence.extend(e for e in stance.evidence if e not in known.evidence)
    return list(merged.values())


def _warnings(parts: Sequence[tuple[Chunk, Draft]], attributed: set[str]) -> list[str]:
    out: list[str] = []
    for chunk, draft in parts:
        for warning in draft.warnings:
            subject = warning.split(":", 1)[0]
            if warning.startswith(_REPLACED) or subject in attributed:
                continue
            out.append(f"part {chunk.number}/{len(parts)}: {warning}")
    return list(dict.fromkeys(out))
