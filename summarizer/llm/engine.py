"""The LLM engine: one article in, a Draft that refers to the Document out.

Flow: render the prompt, call the model through instructor's public ``create``
while its validators check references against the Document (instructor's
validation ``context``), let instructor re-ask with the exact error while a
reference is broken, re-ask for a shorter answer when one is cut off at
``max_tokens`` (the request's cap, ``answer_cap``), then convert the answer into a
Draft. Both kinds of re-ask draw on one budget per article: ``settings.max_retries``
re-asks in all (``client.answer_budget``).

After the last attempt, an answer whose only faults are broken references is
kept: the broken items (an unknown id, an actor whose name is not in the article,
an "extra quote" not in the article) are dropped and each is named in
``meta.warnings``, as the design asks; a quote left without a speaker keeps a
null speaker and a warning. An answer that is not even well-formed
(bad JSON, missing fields) raises ``OutputError`` (exit 4), and so does an
answer cut off at the token limit (``finish_reason == "length"``), which is
never parsed as complete.
"""

from __future__ import annotations

from typing import Any, cast

import instructor
import openai
from pydantic import ValidationError

from summarizer.config import Settings
from summarizer.contract import KEY_POINTS, SUMMARY_SENTENCES, sentence_count
from summarizer.document import Document
from summarizer.draft import Draft, DraftActor, DraftQuote, DraftStance
from summarizer.errors import OutputError, SummarizerError, redact
from summarizer.llm.client import (
    INSTRUCTOR_MODES,
    Tally,
    answer_budget,
    async_instructed,
    instructed,
    reasking,
    server_options,
)
from summarizer.llm.errors import cause_of, not_a_completion, provider_error
from summarizer.llm.extra_quotes import place_extra_quotes
from summarizer.llm.output_cap import default_max_tokens
from summarizer.llm.prompt import build_messages, prompt_version, truncation_note
from summarizer.llm.response import (
    NewsSummary,
    find_problems,
    mentions,
    quote_speakers,
)
from summarizer.schema import Meta

__all__ = ["adraft_with_llm", "answer_cap", "draft_with_llm", "to_draft"]


def draft_with_llm(document: Document, settings: Settings) -> tuple[Draft, Meta]:
    """Ask the model for a Draft of ``document`` (sync, ``openai.OpenAI``)."""
    messages = build_messages(document, settings.summary_language)
    tally = Tally()
    with instructed(settings, tally) as client:
        for _ in range(answer_budget(settings)):  # each turn uses up at least one answer
            request = _request(messages, document, settings, tally, is_async=False)
            try:
                answer = client.chat.completions.create(**request)
                break
            except Exception as error:
                step = _after_failure(error, document, settings, messages, tally)
                if isinstance(step, NewsSummary):
                    answer = step
                    break
                messages = step
    return _finish(answer, document, settings, tally)


async def adraft_with_llm(document: Document, settings: Settings) -> tuple[Draft, Meta]:
    """The async twin of ``draft_with_llm`` (``openai.AsyncOpenAI``)."""
    messages = build_messages(document, settings.summary_language)
    tally = Tally()
    async with async_instructed(settings, tally) as client:
        for _ in range(answer_budget(settings)):
            request = _request(messages, document, settings, tally, is_async=True)
            try:
                answer = await client.chat.completions.create(**request)
                break
            except Exception as error:
                step = _after_failure(error, document, settings, messages, tally)
                if isinstance(step, NewsSummary):
                    answer = step
                    break
                messages = step
    return _finish(answer, document, settings, tally)


STRUCTURED_SUMMARY: type[NewsSummary] = instructor.openai_schema(NewsSummary)
"""``NewsSummary`` wrapped for instructor once: given the bare model, instructor builds a
new wrapper class per call, and with it a new JSON schema, every time."""


def _request(
    messages: list[dict[str, str]],
    document: Document,
    settings: Settings,
    tally: Tally,
    *,
    is_async: bool,
) -> dict[str, Any]:
    """Instructor's arguments. The Document reaches the validators as instructor's
    validation ``context``; instructor also renders every message as a Jinja template
    with that context, so each message is sent as a template that renders to exactly
    its text (``{{ message_N }}``, the text in the context), never as a template itself:
    an article with ``{{`` in it is data."""
    context: dict[str, Any] = {"document": document}
    templates = []
    for number, message in enumerate(messages):
        context[f"message_{number}"] = message["content"]
        templates.append({**message, "content": f"{{{{ message_{number} }}}}"})
    request: dict[str, Any] = {
        "response_model": STRUCTURED_SUMMARY,
        "max_retries": reasking(settings, tally, is_async=is_async),
        "context": context,
        "messages": templates,
        "model": settings.model,
        "temperature": settings.temperature,
        **server_options(settings, answer_cap(document, settings)),
    }
    return request


def answer_cap(document: Document, settings: Settings) -> int:
    """The ``max_tokens`` sent: ``settings.max_tokens``, else the article's default."""
    return settings.max_tokens or default_max_tokens(document)


def _after_failure(
    error: Exception,
    document: Document,
    settings: Settings,
    messages: list[dict[str, str]],
    tally: Tally,
) -> NewsSummary | list[dict[str, str]]:
    """What to do after a failed call: the messages for a shorter answer when the last
    one was cut off at the token limit and the article's budget has answers left
    (instructor never re-asks a truncated answer), else a kept answer or our error
    (``_recover``)."""
    try:
        if _cut_off(tally.last_completion) and tally.answers < answer_budget(settings):
            return [*messages, truncation_note(answer_cap(document, settings))]
        return _recover(error, document, settings, tally)
    except SummarizerError as failure:
        failure.attempts = tally.attempts
        failure.usage = tally.usage
        raise


def _cut_off(completion: Any) -> bool:
    """The answer stopped at the output token limit (``finish_reason == "length"``)."""
    choices: Any = getattr(completion, "choices", None)
    return bool(choices) and getattr(choices[0], "finish_reason", None) == "length"


def _finish(
    answer: NewsSummary, document: Document, settings: Settings, tally: Tally
) -> tuple[Draft, Meta]:
    draft = to_draft(answer, document)
    meta = Meta(
        engine="llm",
        model=settings.model,
        prompt_version=prompt_version(),
        attempts=tally.attempts,
        usage=tally.usage,
        warnings=[],
    )
    return draft, meta


def _recover(error: Exception, document: Document, settings: Settings, tally: Tally) -> NewsSummary:
    """Turn a failed call into our error, or keep a last answer whose only faults are
    broken references (they are dropped and reported by ``to_draft``)."""
    found = cause_of(error, SummarizerError)
    if found is not None:
        raise found
    provider = cause_of(error, openai.OpenAIError)
    if provider is not None:
        raise provider_error(provider, settings, tally.requests) from None
    completion = tally.last_completion
    if completion is not None and not getattr(completion, "choices", None):
        raise not_a_completion(None, settings) from None
    if _cut_off(completion):
        raise OutputError(
            "the model's answer was cut off at its output token limit (finish_reason "
            "'length') on every attempt; raise --max-tokens, or use a model with a larger "
            "output limit"
        ) from None
    if completion is None:
        undecoded = cause_of(error, ValueError)  # a 200 whose body is not JSON
        if undecoded is not None:
            raise not_a_completion(undecoded, settings) from None
        raise error
    problem = tally.last_parse_error or tally.final_error or error
    attempts = tally.answers
    try:
        answer = cast(Any, STRUCTURED_SUMMARY).from_response(  # instructor's public parser
            completion,
            validation_context={"document": document, "lenient": True},
            strict=True,
            mode=INSTRUCTOR_MODES[settings.mode],
        )
    except Exception:
        raise OutputError(
            f"the model's output was still invalid after {attempts} attempt"
            f"{'s' if attempts != 1 else ''} ({_first_line(problem)}); try a larger "
            "--max-retries, another --mode (json_schema or md_json suit small models), or a "
            "stronger model"
        ) from None
    if not isinstance(answer, NewsSummary):
        raise OutputError("the model's answer could not be parsed into a summary") from None
    return answer


def _first_line(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0] if error.errors() else None
        if first is not None:
            where = ".".join(str(part) for part in first["loc"]) or "answer"
            text = f"{error.error_count()} problem(s), first at {where}: {first['msg']}"
            return redact(" ".join(text.split()))[:300]
    lines = [line for line in str(error).splitlines() if line.strip()]
    return redact(lines[0].strip() if lines else type(error).__name__)[:300]


def to_draft(answer: NewsSummary, document: Document) -> Draft:
    """Convert a validated answer into a Draft.

    Every quote candidate becomes a quote (the detector is the source of truth for
    where quotes are); its speaker is the actor that lists it, or the speaker of the
    segment it continues. Anything that still does not resolve is dropped and named
    in ``Draft.warnings``.
    """
    warnings = [f"dropped: {message}" for message in _short(find_problems(answer, document))]
    key_points = [point.strip() for point in answer.key_points if point.strip()]
    if len(key_points) > KEY_POINTS[1]:
        warnings.append(
            f"key_points: the model gave {len(key_points)}; kept the first {KEY_POINTS[1]}"
        )
        key_points = key_points[: KEY_POINTS[1]]
    elif len(key_points) < KEY_POINTS[0]:
        warnings.append(
            f"key_points: the model gave {len(key_points)} (the contract asks for "
            f"{KEY_POINTS[0]} to {KEY_POINTS[1]})"
        )
    sentences = sentence_count(answer.summary, document.language)
    if not SUMMARY_SENTENCES[0] <= sentences <= SUMMARY_SENTENCES[1]:
        warnings.append(
            f"summary: the model wrote {sentences} sentence{'' if sentences == 1 else 's'} "
            f"(the contract asks for "
            f"{SUMMARY_SENTENCES[0]} to {SUMMARY_SENTENCES[1]})"
        )
    kept = [
        actor
        for actor in answer.actors
        if mentions(document, actor.name)
        and next(a for a in answer.actors if a.name == actor.name) is actor  # first listing
    ]
    actors = [
        DraftActor(
            name=actor.name.strip(),
            kind=actor.kind,
            role=actor.role,
            aliases=[a.strip() for a in actor.aliases if mentions(document, a)],
        )
        for actor in kept
    ]
    names = {actor.name for actor in kept}

    speakers: dict[str, str | None] = {}
    for quote_id, index in quote_speakers(answer, document).items():
        name = None if index is None else answer.actors[index].name
        if name is not None and name not in names:
            warnings.append(f"{quote_id}: its speaker {name!r} was dropped; speaker left null")
            name = None
        speakers[quote_id] = None if name is None else name.strip()

    extra: list[DraftQuote] = []
    texts = [item.text for item in answer.extra_quotes]
    for item, placed in zip(answer.extra_quotes, place_extra_quotes(texts, document), strict=True):
        if isinstance(placed, tuple):  # else dropped, and named by find_problems
            speaker = item.speaker.strip() if item.speaker in names and item.speaker else None
            extra.append(DraftQuote(speaker=speaker, start=placed[0], end=placed[1]))

    quotes: list[DraftQuote] = []
    for candidate in document.quotes:
        if candidate.id in speakers:
            speaker = speakers[candidate.id]
        elif candidate.continues is not None:
            speaker = speakers.get(candidate.continues)
            speakers[candidate.id] = speaker  # a later paragraph of the same quotation
        else:
            speaker = None
            warnings.append(f"{candidate.id}: the model gave no attribution; speaker left null")
        quotes.append(DraftQuote(speaker=speaker, quote_id=candidate.id))

    stances: list[DraftStance] = []
    for actor in answer.actors:
        if actor.name not in names:
            continue
        for stance in actor.stances:
            evidence = [
                sentence.id
                for sentence in (document.sentence(sid) for sid in stance.evidence)
                if sentence is not None
            ]
            if evidence:
                stances.append(
                    DraftStance(
                        actor=actor.name.strip(),
                        target=stance.target.strip(),
                        position=stance.position,
                        evidence=list(dict.fromkeys(evidence)),
                    )
                )

    return Draft(
        title=answer.title.strip(),
        summary=answer.summary.strip(),
        key_points=key_points,
        actors=actors,
        quotes=quotes + extra,
        stances=stances,
        warnings=warnings,
    )


def _short(messages: list[str]) -> list[str]:
    """A problem without the advice meant for the model."""
    return [message.split("; ")[0] for message in messages]
