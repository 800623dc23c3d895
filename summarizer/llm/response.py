"""The response model the LLM fills, and the reference checks run on it.

The model answers with references, not copies, and names each actor once: every
actor carries the ids of the quote candidates it says (``Q3``) and its stances,
whose evidence is sentence ids (``S4``). So a speaker or a stance can never name
an actor that is not listed, and no name is written twice. The model is
strict-mode compatible (every field required, no defaults, no dicts, shallow
nesting) and every field is described, because the descriptions are the JSON
schema the model reads.

The contract's counts are in that schema too (``minItems``/``maxItems`` of the key
points, ``maxLength`` of the title and of each key point, at least one evidence id),
as schema keywords only, not as pydantic constraints: a server that turns the schema
into a grammar (llama.cpp, vLLM, Ollama in ``json_schema`` mode) cannot then repeat
key points until its context is full, while an answer from a server that ignores them
is still checked by the validators below, re-asked, and finally kept with a warning.
OpenAI's strict mode accepts these keywords (not for fine-tuned models; the engine never
asks for strict mode, so there they are hints).

The checks need the Document: the engine passes it as instructor's validation
``context`` (``{"document": ...}``; ``"lenient": True`` for the last answer, whose
broken items are dropped instead). A broken reference
raises ``ValueError`` with one line per problem, and instructor sends exactly
that text back to the model in its re-ask. After the last attempt,
``find_problems`` names the items the engine drops.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from summarizer.contract import KEY_POINTS, SUMMARY_SENTENCES, sentence_count
from summarizer.document import Document
from summarizer.limits import MAX_KEY_POINT_CHARS, MAX_TITLE_CHARS
from summarizer.llm.extra_quotes import place_extra_quotes, strip_quote_marks
from summarizer.schema import ActorKind, Position

__all__ = [
    "KEY_POINT_BOUNDS",
    "TITLE_BOUNDS",
    "ActorItem",
    "ExtraQuote",
    "NewsSummary",
    "StanceItem",
    "find_problems",
    "mentions",
    "quote_speakers",
    "shape_problems",
    "strip_quote_marks",
    "unaccounted_quotes",
]


TITLE_BOUNDS: dict[str, Any] = {"maxLength": MAX_TITLE_CHARS}
"""The title's bound as JSON-schema keywords (for a grammar; not a pydantic constraint)."""
KEY_POINT_BOUNDS: dict[str, Any] = {
    "minItems": KEY_POINTS[0],
    "maxItems": KEY_POINTS[1],
    "items": {"type": "string", "maxLength": MAX_KEY_POINT_CHARS},
}
"""The key points' counts and length as JSON-schema keywords (likewise)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StanceItem(_Strict):
    target: str = Field(description="What the stance is about, as a short noun phrase.")
    position: Position = Field(
        description="support, oppose, neutral or mixed (see the definitions)."
    )
    evidence: list[str] = Field(
        description="Ids of the sentences that show this stance, e.g. ['S4', 'S9']; at least one.",
        json_schema_extra={"minItems": 1},
    )


class ActorItem(_Strict):
    name: str = Field(
        description="The actor's fullest name exactly as written in the article, e.g. "
        "'Hossein Amirabdollahian' or 'the Foreign Ministry'."
    )
    kind: ActorKind = Field(
        description="person; organization (company, party, ministry, agency, armed group, "
        "court); government (a state acting as a whole: 'Iran'); group (a collective that is "
        "not one organisation: 'residents'); other."
    )
    role: str | None = Field(
        description="The role or title the article gives this actor, or null if none."
    )
    aliases: list[str] = Field(
        description="Other surface forms in the article that name this actor "
        "('Raisi', 'the Iranian leader'), each exactly as written; [] if none."
    )
    quotes: list[str] = Field(
        description="Ids of the quote candidates whose words this actor says or writes, e.g. "
        "['Q2', 'Q5']; [] if none. Each candidate belongs to one actor only."
    )
    stances: list[StanceItem] = Field(
        description="The positions the article gives this actor, by quote or by report; [] if none."
    )


class ExtraQuote(_Strict):
    text: str = Field(
        description="A direct quotation the candidate list missed: the words inside the "
        "quotation marks, copied character for character as whole words, without the marks; "
        "at least three words or 15 characters."
    )
    speaker: str | None = Field(description="Exactly one actors[].name, or null if unknown.")


class NewsSummary(_Strict):
    """A structured summary of one news article that refers to its numbered sentences
    (S#) and quote candidates (Q#) instead of copying them."""

    title: str = Field(
        description="A neutral headline for the article.", json_schema_extra=TITLE_BOUNDS
    )
    summary: str = Field(description="Two to four sentences summarising the article.")
    key_points: list[str] = Field(
        description="Three to seven key points, one sentence each.",
        json_schema_extra=KEY_POINT_BOUNDS,
    )
    actors: list[ActorItem] = Field(
        description="Every person, organisation, government or group that acts, speaks or "
        "takes a position in the article, each once, with the quotes it says and its stances."
    )
    unattributed_quotes: list[str] = Field(
        description="Ids of the quote candidates whose speaker the article does not give; "
        "usually []."
    )
    extra_quotes: list[ExtraQuote] = Field(
        description="Direct quotations that are NOT in the candidate list; usually []."
    )

    @model_validator(mode="after")
    def _check_references(self, info: ValidationInfo) -> NewsSummary:
        context: Any = info.context
        document = context.get("document") if isinstance(context, dict) else None
        if not isinstance(document, Document):
            return self  # no Document to check against (schema export, unit use)
        use_canonical_names(self)
        if context.get("lenient"):
            return self
        problems = shape_problems(self, document.language) + find_problems(self, document)
        missing = unaccounted_quotes(self, document)
        if missing:
            problems.append(
                f"the quote candidate{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} in no actor's quotes and not in "
                "unattributed_quotes; give each candidate to its speaker, or to "
                "unattributed_quotes when the article does not say who said it"
            )
        if problems:
            raise ValueError(
                "the answer has problems, fix each one and answer again:\n"
                + "\n".join(f"- {problem}" for problem in problems)
            )
        return self


def use_canonical_names(answer: NewsSummary) -> None:
    """Map an extra quote's speaker given as a listed alias to that actor's name.

    An alias names a listed actor unambiguously, so this is a fix, not a guess.
    """
    canonical: dict[str, str] = {}
    for actor in answer.actors:
        for alias in actor.aliases:
            canonical.setdefault(alias.strip(), actor.name)
    for actor in answer.actors:
        canonical[actor.name.strip()] = actor.name
    for item in answer.extra_quotes:
        if item.speaker is not None:
            item.speaker = canonical.get(item.speaker.strip(), item.speaker)


class Shaped(Protocol):
    """What the contract's counts apply to: a summary and key points."""

    summary: str
    key_points: list[str]


def shape_problems(answer: Shaped, language: str | None = None) -> list[str]:
    """Counts the contract fixes: three to seven key points, a two-to-four-sentence summary
    (split as an article in ``language`` is).

    After the last attempt these are kept as they are (with a warning), not dropped.
    """
    problems: list[str] = []
    points = sum(1 for point in answer.key_points if point.strip())
    fewest, most = KEY_POINTS
    if not fewest <= points <= most:
        problems.append(
            f"key_points: give {fewest} to {most} points, one sentence each (you gave {points})"
        )
    sentences = sentence_count(answer.summary, language)
    fewest, most = SUMMARY_SENTENCES
    if not fewest <= sentences <= most:
        problems.append(f"summary: write {fewest} to {most} sentences (you wrote {sentences})")
    return problems


def quote_speakers(answer: NewsSummary, document: Document) -> dict[str, int | None]:
    """Each quote candidate the answer places: the index of its actor, or None when the
    answer says the article gives no speaker. The first placement of an id wins."""
    placed: dict[str, int | None] = {}
    for i, actor in enumerate(answer.actors):
        for quote_id in actor.quotes:
            candidate = document.quote(quote_id)
            if candidate is not None:
                placed.setdefault(candidate.id, i)
    for quote_id in answer.unattributed_quotes:
        candidate = document.quote(quote_id)
        if candidate is not None:
            placed.setdefault(candidate.id, None)
    return placed


def unaccounted_quotes(answer: NewsSummary, document: Document) -> list[str]:
    """Candidates the answer places nowhere (a later paragraph of a quotation that
    continues an earlier candidate needs no place: it has the same speaker)."""
    placed = quote_speakers(answer, document)
    return [
        candidate.id
        for candidate in document.quotes
        if candidate.id not in placed and candidate.continues is None
    ]


def find_problems(answer: NewsSummary, document: Document) -> list[str]:
    """Every reference in ``answer`` that the Document cannot back, with a message that
    says what to fix (the message is sent to the model verbatim)."""
    problems: list[str] = []
    names = {actor.name for actor in answer.actors}
    first_listed: dict[str, int] = {}
    placed: dict[str, str] = {}  # quote id -> where it was first placed

    for i, actor in enumerate(answer.actors):
        where = f"actors[{i}]"
        if not actor.name.strip():
            problems.append(f"{where}: the name is empty")
        elif not mentions(document, actor.name):
            problems.append(
                f"{where}: the name {actor.name!r} does not appear in the article; "
                "write the name exactly as the article does"
            )
        else:
            if actor.name in first_listed:
                problems.append(
                    f"{where}: {actor.name!r} is already actors[{first_listed[actor.name]}]; "
                    "list each actor once, with all its quotes and stances"
                )
            first_listed.setdefault(actor.name, i)
            for alias in actor.aliases:
                if not mentions(document, alias):
                    problems.append(
                        f"{where} ({actor.name}): the alias {alias!r} does not appear in "
                        "the article; list only aliases written in the article"
                    )
        problems.extend(_placement_problems(f"{where}.quotes", actor.quotes, document, placed))
        for j, stance in enumerate(actor.stances):
            problems.extend(_stance_problems(f"{where}.stances[{j}]", stance, document))

    problems.extend(
        _placement_problems("unattributed_quotes", answer.unattributed_quotes, document, placed)
    )

    listed = _listing(sorted(names))
    for i, (extra, placed_at) in enumerate(
        zip(answer.extra_quotes, place_extra_quotes(_texts(answer), document), strict=True)
    ):
        where = f"extra_quotes[{i}]"
        if isinstance(placed_at, str):
            problems.append(f"{where}: {placed_at}")
        elif extra.speaker is not None and extra.speaker not in names:
            problems.append(
                f"{where}: the speaker {extra.speaker!r} is not a listed actor; use one of "
                f"{listed}, add the speaker to actors, or use null"
            )
    return problems


def _placement_problems(
    where: str, quote_ids: list[str], document: Document, placed: dict[str, str]
) -> list[str]:
    """Unknown ids, and ids already placed under another actor or as unattributed."""
    problems: list[str] = []
    for quote_id in quote_ids:
        candidate = document.quote(quote_id)
        if candidate is None:
            problems.append(
                f"{where}: there is no quote candidate {quote_id!r}; use an id from the list "
                f"({_id_range('Q', [quote.id for quote in document.quotes])})"
            )
        elif candidate.id in placed:
            if placed[candidate.id] != where:
                problems.append(
                    f"{where}: {candidate.id} is already in {placed[candidate.id]}; each quote "
                    "has one speaker, so give it to one actor only"
                )
        else:
            placed[candidate.id] = where
    return problems


def _stance_problems(where: str, stance: StanceItem, document: Document) -> list[str]:
    unknown = [sid for sid in stance.evidence if document.sentence(sid) is None]
    if unknown:
        return [
            f"{where}: no sentence {', '.join(map(repr, unknown))}; use ids from the "
            f"article ({_id_range('S', [sentence.id for sentence in document.sentences])})"
        ]
    if not stance.evidence:
        return [f"{where}: no evidence; cite at least one sentence id that shows the stance"]
    return []


def mentions(document: Document, name: str) -> bool:
    """Whether the article writes ``name`` (``Document.writes``: case and spacing aside)."""
    return document.writes(name)


def _listing(names: list[str]) -> str:
    if not names:
        return "the actors you list (actors is empty)"
    shown = ", ".join(repr(name) for name in names[:12])
    return f"[{shown}{', ...' if len(names) > 12 else ''}]"


def _id_range(prefix: str, ids: list[str]) -> str:
    """The ids the model may use: ``Q1..Q9``, or ``S120..S245`` in a part of a long article."""
    return f"{ids[0]}..{ids[-1]}" if ids else f"there are no {prefix}# ids"


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _texts(answer: NewsSummary) -> list[str]:
    return [extra.text for extra in answer.extra_quotes]
