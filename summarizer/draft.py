"""The Draft: what an engine produces, referring to the Document instead of copying it.

Quotes are named by candidate id (``Q3``) or, for a quote the detector missed,
by the offsets an engine located; stance evidence is named by sentence id
(``S4``). Grounding turns a Draft into the public ``Summary``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.schema import ActorKind, Position

__all__ = ["Draft", "DraftActor", "DraftQuote", "DraftStance"]


@dataclass
class DraftActor:
    name: str
    kind: ActorKind
    role: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class DraftQuote:
    """A quote by candidate id, or by offsets for one the detector missed."""

    speaker: str | None
    quote_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class DraftStance:
    actor: str
    target: str
    position: Position
    evidence: list[str] = field(default_factory=list)  # sentence ids


@dataclass
class Draft:
    title: str
    summary: str
    key_points: list[str]
    actors: list[DraftActor] = field(default_factory=list)
    quotes: list[DraftQuote] = field(default_factory=list)
    stances: list[DraftStance] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
