"""The public output contract, ``schema_version`` "1".

Fields may be added; none may be renamed or removed without a new schema version.
Every quote and every piece of evidence is a span of the input: ``text ==
input[start:end]``, so a reader or a program can check it against the article.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "POSITIONS",
    "SCHEMA_VERSION",
    "Actor",
    "ActorKind",
    "Meta",
    "Position",
    "Quote",
    "Source",
    "Span",
    "Stance",
    "Summary",
    "Usage",
]

SCHEMA_VERSION = "1"

ActorKind = Literal["person", "organization", "government", "group", "other"]
Position = Literal["support", "oppose", "neutral", "mixed"]
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
POSITIONS: tuple[str, ...] = get_args(Position)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A verbatim span of the input article."""

    text: str = Field(description="The exact characters of the input between start and end.")
    start: int = Field(ge=0, description="Offset of the first character in the input.")
    end: int = Field(ge=0, description="Offset just past the last character in the input.")


class Actor(_Model):
    """A person, organisation, government or group that acts or speaks in the article."""

    name: str = Field(description="The actor's fullest name as written in the article.")
    kind: ActorKind = Field(description="person, organization, government, group or other.")
    role: str | None = Field(default=None, description="Role or title given in the article.")
    aliases: list[str] = Field(
        default_factory=list, description="Other surface forms in the article naming this actor."
    )


class Quote(_Model):
    """A direct quotation: the words inside one pair of quotation marks."""

    text: str = Field(description="The quoted words, without the marks: input[start:end].")
    speaker: str | None = Field(description="An actors[].name, or null if the speaker is unknown.")
    start: int = Field(ge=0, description="Offset of the first quoted character in the input.")
    end: int = Field(ge=0, description="Offset just past the last quoted character.")


class Stance(_Model):
    """A position the article attributes to an actor on a target."""

    actor: str = Field(description="An actors[].name.")
    target: str = Field(description="What the stance is about, as a short noun phrase.")
    position: Position = Field(description="support, oppose, neutral or mixed.")
    evidence: list[Span] = Field(
        default_factory=list, description="Verbatim spans of the input that show the stance."
    )


class Usage(_Model):
    """Tokens spent over every attempt, re-asks included."""

    prompt_tokens: int = Field(default=0, description="Prompt tokens over all attempts.")
    completion_tokens: int = Field(default=0, description="Completion tokens over all attempts.")

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Meta(_Model):
    """How the summary was made."""

    engine: str = Field(
        description="Which engine produced the summary: llm or offline (the built-ins), or "
        "the name an engine registered with summarizer.engines was given."
    )
    model: str | None = Field(default=None, description="Model name, null for the offline engine.")
    prompt_version: str | None = Field(
        default=None, description="Short hash of the prompt templates (LLM engine)."
    )
    attempts: int = Field(default=1, ge=0, description="Model calls made, re-asks included.")
    usage: Usage = Field(default_factory=Usage, description="Token usage over all attempts.")
    latency_s: float = Field(default=0.0, ge=0, description="Wall-clock seconds spent.")
    cost_usd: float | None = Field(
        default=None, description="Estimated cost in US dollars, null when the price is unknown."
    )
    warnings: list[str] = Field(
        default_factory=list, description="What was dropped or could not be checked, and why."
    )
    language: str | None = Field(
        default=None,
        description=(
            "The article's language as an ISO 639-1 code (en, fr, de...), detected from "
            "its text; null when unknown or too short to tell."
        ),
    )
    chunks: int = Field(
        default=1,
        ge=1,
        description="How many parts the article was drafted in (an extra field of v1): 1, "
        "unless the LLM engine split an article longer than its input token budget into "
        "overlapping parts and merged them (the offline engine reads any length at once).",
    )


class Source(_Model):
    """Where the text came from when it was not plain text given directly (an extra field
    of contract v1): a web page, a saved page or a feed entry."""

    url: str | None = Field(
        default=None, description="The URL as given (or the saved page's own URL), if any."
    )
    final_url: str | None = Field(
        default=None, description="The URL after redirects (null when nothing was fetched)."
    )
    title: str | None = Field(default=None, description="The page's (or feed entry's) title.")
    site: str | None = Field(default=None, description="The site's name, or its host name.")
    author: str | None = Field(default=None, description="The author(s) the page names.")
    published: str | None = Field(
        default=None, description="ISO date (YYYY-MM-DD) the page or feed entry gives."
    )
    fetched_at: str | None = Field(
        default=None, description="ISO 8601 UTC time of the fetch (null for a saved page)."
    )
    extractor: str | None = Field(
        default=None, description="What extracted the text, with its version (trafilatura 2.3.1)."
    )
    feed: str | None = Field(
        default=None, description="The feed's URL when the page was listed in a feed."
    )


class Summary(_Model):
    """A structured, checkable summary of one news article."""

    schema_version: Literal["1"] = Field(default="1", description="Output contract version.")
    title: str = Field(description="A headline for the article.")
    summary: str = Field(description="Two to four sentences.")
    key_points: list[str] = Field(description="Three to seven key points.")
    published: str | None = Field(default=None, description="ISO date if the article states one.")
    actors: list[Actor] = Field(default_factory=list, description="Who acts or speaks.")
    quotes: list[Quote] = Field(default_factory=list, description="Direct quotes with speakers.")
    stances: list[Stance] = Field(default_factory=list, description="Who stands where on what.")
    source: Source | None = Field(
        default=None,
        description="Where the text came from (web page, saved page, feed entry); null for "
        "plain text given directly. Offsets index the extracted text.",
    )
    meta: Meta = Field(description="How this summary was made.")
