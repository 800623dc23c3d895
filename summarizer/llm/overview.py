"""The last call for a long article: its title, summary and key points, written from
the parts' own (``prompts/overview.j2``).

It is short (the parts' summaries, not the article) and has its own re-asks. A provider
failure is the article's failure, as for any call; an answer still invalid after the
re-asks is not: the first part's title, summary and key points stand in, with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import instructor
import openai
from pydantic import BaseModel, ConfigDict, Field, model_validator

from summarizer.config import Settings
from summarizer.document import defuse_markers
from summarizer.draft import Draft
from summarizer.llm.client import Tally, async_instructed, instructed, reasking, server_options
from summarizer.llm.errors import cause_of, provider_error
from summarizer.llm.output_cap import FLOOR_TOKENS
from summarizer.llm.prompt import BEGIN_MARKER, END_MARKER, language_variables, render_template
from summarizer.llm.response import KEY_POINT_BOUNDS, TITLE_BOUNDS, shape_problems

__all__ = ["ArticleOverview", "aoverview", "overview", "overview_messages"]


class ArticleOverview(BaseModel):
    """The title, summary and key points of a whole article, from its parts' summaries."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(
        description="A neutral headline for the whole article.",
        json_schema_extra=TITLE_BOUNDS,
    )
    summary: str = Field(description="Two to four sentences summarising the whole article.")
    key_points: list[str] = Field(
        description="Three to seven key points, one sentence each.",
        json_schema_extra=KEY_POINT_BOUNDS,
    )

    @model_validator(mode="after")
    def _check_counts(self) -> ArticleOverview:
        problems = shape_problems(self)
        if problems:
            raise ValueError(
                "the answer has problems, fix each one and answer again:\n"
                + "\n".join(f"- {problem}" for problem in problems)
            )
        return self


OVERVIEW_TOKENS = FLOOR_TOKENS
"""The overview's default output cap: a title, a summary and key points only."""

STRUCTURED_OVERVIEW: type[ArticleOverview] = instructor.openai_schema(ArticleOverview)


def overview_messages(
    parts: Sequence[Draft], summary_language: str | None = None
) -> list[dict[str, str]]:
    """The one user message: the parts' titles, summaries and key points, fenced (they
    are the model's words about the article: data, never instructions)."""
    shown = [
        {
            "title": defuse_markers(part.title),
            "summary": defuse_markers(part.summary),
            "key_points": [defuse_markers(point) for point in part.key_points],
        }
        for part in parts
    ]
    text = render_template(
        "overview.j2",
        tool_name=ArticleOverview.__name__,
        begin_marker=BEGIN_MARKER,
        end_marker=END_MARKER,
        parts=shown,
        **language_variables(None, summary_language),
    )
    return [{"role": "user", "content": text}]


def overview(parts: Sequence[Draft], settings: Settings, tally: Tally) -> tuple[Draft, list[str]]:
    """The article's title, summary and key points (in a Draft with nothing else), and
    the warnings of a stand-in (sync)."""
    with instructed(settings, tally) as client:
        try:
            answer = client.chat.completions.create(**_request(parts, settings, tally, False))
        except Exception as error:
            return _stand_in(error, parts, settings, tally)
    return _as_draft(answer), []


async def aoverview(
    parts: Sequence[Draft], settings: Settings, tally: Tally
) -> tuple[Draft, list[str]]:
    """The async twin of ``overview``."""
    async with async_instructed(settings, tally) as client:
        try:
            answer = await client.chat.completions.create(**_request(parts, settings, tally, True))
        except Exception as error:
            return _stand_in(error, parts, settings, tally)
    return _as_draft(answer), []


def _request(
    parts: Sequence[Draft], settings: Settings, tally: Tally, is_async: bool
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "response_model": STRUCTURED_OVERVIEW,
        "max_retries": reasking(settings, tally, is_async=is_async),
        "messages": overview_messages(parts, settings.summary_language),
        "model": settings.model,
        "temperature": settings.temperature,
        **server_options(settings, settings.max_tokens or OVERVIEW_TOKENS),
    }
    return request


def _as_draft(answer: ArticleOverview) -> Draft:
    return Draft(
        title=answer.title.strip(),
        summary=answer.summary.strip(),
        key_points=[point.strip() for point in answer.key_points if point.strip()],
    )


def _stand_in(
    error: Exception, parts: Sequence[Draft], settings: Settings, tally: Tally
) -> tuple[Draft, list[str]]:
    """A provider failure raises (one line); invalid output gives the first part's."""
    provider = cause_of(error, openai.OpenAIError)
    if provider is not None and tally.last_completion is None:
        raise provider_error(provider, settings, tally.requests) from None
    lead = parts[0]
    warning = (
        "title, summary and key points are the first part's: the final call for the whole "
        f"article gave no valid answer ({type(error).__name__})"
    )
    return Draft(title=lead.title, summary=lead.summary, key_points=list(lead.key_points)), [
        warning
    ]
