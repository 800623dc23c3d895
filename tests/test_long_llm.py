"""A long article through the LLM engine over real HTTP to the local test server: one
request per part and one final call, every span global, actors merged, no quote twice."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from summarizer import asummarise, summarise
from summarizer.config import resolve_settings
from summarizer.llm.long import plan_parts
from summarizer.schema import Summary
from tests.long_article import OVERVIEW, LongArticle, PartAnswers, long_article
from tests.openai_server import FakeOpenAI

BUDGET = 1300  # tokens: the four copies (about 4,400 with markers) take four parts,
# and three quote candidates are in the repeated lead-ins


def options(server: FakeOpenAI, **extra: Any) -> dict[str, Any]:
    return {
        "base_url": server.base_url,
        "model": "test-model",
        "api_key": "sk-test",
        "max_input_tokens": BUDGET,
        **extra,
    }


def check_long_summary(summary: Summary, article: LongArticle, answers: PartAnswers) -> None:
    text = article.text
    document = article.document
    chunks = answers.chunks
    assert summary.meta.chunks == len(chunks) >= 4
    # every quote candidate once, at its global offsets
    spans = [(quote.start, quote.end) for quote in summary.quotes]
    assert len(spans) == len(set(spans)) == len(document.quotes)
    for quote in summary.quotes:
        assert text[quote.start : quote.end] == quote.text
    for stance in summary.stances:
        for span in stance.evidence:
            assert text[span.start : span.end] == span.text
    # actors: every name a part gave is one merged actor's name or alias, once; no
    # merged actor holds two copies' people; the full names win
    given = {actor["name"] for answer in answers.answers for actor in answer["actors"]}
    names = [actor.name for actor in summary.actors]
    for name in given:
        assert any(name in (a.name, *a.aliases) for a in summary.actors), name
    assert given - set(names)  # some part named an actor by a surname or an alias only
    everywhere = set.intersection(*({a.name for a in f.gold.actors} for f in article.copies))
    own = [
        {a.name for a in f.gold.actors if a.kind in ("person", "organization")} - everywhere
        for f in article.copies
    ]
    for actor in summary.actors:  # never two copies' people or organisations in one
        forms = {actor.name, *actor.aliases}
        assert sum(bool(forms & mine) for mine in own) <= 1, actor
    for person in ("Bernadette Quayle", "Imogen Marlowe", "Tamsin Penhallow", "Margit Delacroix"):
        assert names.count(person) == 1
    # each copy's union leader says her own copy's words
    for fixture, (low, high) in zip(article.copies, article.ranges, strict=True):
        leader = fixture.gold.actors[0].name
        said = [q for q in summary.quotes if low <= q.start < high and q.speaker == leader]
        gold = [q for q in fixture.gold.quotes if q.speaker == leader and q.required]
        assert len(said) >= len(gold) > 0
    # a quote in a lead-in, given to another actor by the part that repeats it, keeps
    # the speaker the part that owns it gave
    checked = 0
    for quote_id, wrong in answers.moved.items():
        candidate = document.quote(quote_id)
        assert candidate is not None
        owner = next(c for c in chunks if c.owns(candidate.start))
        claimed = [
            a["name"] for a in answers.by_part[owner.number]["actors"] if quote_id in a["quotes"]
        ]
        merged = next(q for q in summary.quotes if q.start == candidate.start)
        if claimed:
            actor = next(a for a in summary.actors if merged.speaker == a.name)
            assert claimed[0] in (actor.name, *actor.aliases) and wrong not in (
                actor.name,
                *actor.aliases,
            )
            checked += 1
    assert checked >= 1
    # stances: one per actor and target
    keys = Counter((stance.actor, stance.target.lower()) for stance in summary.stances)
    assert max(keys.values()) == 1
    assert summary.title == OVERVIEW["title"]
    assert summary.key_points == OVERVIEW["key_points"]


def test_a_long_article_is_drafted_in_parts_and_merged(openai_server: FakeOpenAI) -> None:
    article = long_article()
    chunks = plan_parts(article.document, resolve_settings(engine="llm", **options(openai_server)))
    answers = PartAnswers(article, chunks)
    openai_server.responder = answers

    summary = summarise(article.text, **options(openai_server))

    assert len(openai_server.chat_requests) == len(chunks) + 1  # the parts, the final call
    assert answers.overviews == 1
    assert summary.meta.attempts == len(chunks) + 1
    assert summary.meta.usage.prompt_tokens == 100 * (len(chunks) + 1)
    check_long_summary(summary, article, answers)


def test_the_async_path_drafts_parts_at_once_and_merges_the_same(
    openai_server: FakeOpenAI,
) -> None:
    article = long_article()
    chunks = plan_parts(article.document, resolve_settings(engine="llm", **options(openai_server)))
    answers = PartAnswers(article, chunks)
    openai_server.responder = answers

    summary = asyncio.run(asummarise(article.text, **options(openai_server)))

    assert len(openai_server.chat_requests) == len(chunks) + 1
    check_long_summary(summary, article, answers)
    sync_answers = PartAnswers(article, chunks)
    openai_server.responder = sync_answers
    same = summarise(article.text, **options(openai_server))
    assert same.model_dump(exclude={"meta"}) == summary.model_dump(exclude={"meta"})


def test_an_article_within_the_budget_is_one_request(openai_server: FakeOpenAI) -> None:
    article = long_article(copies=1)
    chunks = plan_parts(
        article.document,
        resolve_settings(engine="llm", **options(openai_server, max_input_tokens=None)),
    )
    assert len(chunks) == 1
    answers = PartAnswers(article, chunks)
    openai_server.responder = answers
    summary = summarise(article.text, **options(openai_server, max_input_tokens=None))
    assert len(openai_server.chat_requests) == 1 and answers.overviews == 0
    assert summary.meta.chunks == 1


def test_a_part_prompt_names_its_part_and_the_article_ids(openai_server: FakeOpenAI) -> None:
    article = long_article()
    chunks = plan_parts(article.document, resolve_settings(engine="llm", **options(openai_server)))
    openai_server.responder = PartAnswers(article, chunks)
    summarise(article.text, **options(openai_server))
    users = [r.body["messages"][-1]["content"] for r in openai_server.chat_requests]
    second = users[1]
    assert f"This is part 2 of {len(chunks)}" in second
    assert "repeat the end of part 1" in second
    first_id = article.document.sentences[0].id
    assert f"[{first_id}]" not in second  # a later part does not restart the ids at S1
    assert "Part 1:" in users[-1] and f"Part {len(chunks)}:" in users[-1]  # the final call


def test_an_invalid_final_answer_leaves_the_first_parts_title_with_a_warning(
    openai_server: FakeOpenAI,
) -> None:
    article = long_article(copies=2)
    chunks = plan_parts(article.document, resolve_settings(engine="llm", **options(openai_server)))
    answers = PartAnswers(article, chunks)

    def respond(request: Any) -> Any:
        scripted = answers(request)
        if answers.overviews:
            from summarizer.testing import Scripted, tool_call_completion

            return Scripted(body=tool_call_completion("ArticleOverview", {"title": "x"}))
        return scripted

    openai_server.responder = respond
    summary = summarise(article.text, **options(openai_server, max_retries=1))
    assert summary.title == answers.answers[0]["title"]
    assert any("the final call" in warning for warning in summary.meta.warnings)
    assert len(openai_server.chat_requests) == len(chunks) + 2  # the final call re-asked once


@pytest.mark.parametrize("value", ["100", "abc"])
def test_max_input_tokens_is_checked(value: str) -> None:
    from summarizer.errors import ConfigError

    with pytest.raises(ConfigError, match="SUMMARIZER_MAX_INPUT_TOKENS"):
        resolve_settings(env={"SUMMARIZER_MAX_INPUT_TOKENS": value})


def test_the_command_takes_max_input_tokens(openai_server: FakeOpenAI, tmp_path: Any) -> None:
    import json

    from typer.testing import CliRunner

    from summarizer.cli import app

    article = long_article(copies=2)
    path = tmp_path / "long.txt"
    path.write_text(article.text, encoding="utf-8")
    chunks = plan_parts(article.document, resolve_settings(engine="llm", **options(openai_server)))
    openai_server.responder = PartAnswers(article, chunks)
    args = ["run", str(path), "--format", "json", "--no-cache", "--model", "test-model"]
    args += ["--base-url", openai_server.base_url, "--max-input-tokens", str(BUDGET)]
    result = CliRunner().invoke(app, args, env={"OPENAI_API_KEY": "sk-test"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meta"]["chunks"] == len(chunks) > 1
    assert len(openai_server.chat_requests) == len(chunks) + 1
    refused = CliRunner().invoke(app, [*args[:-1], "12"], env={"OPENAI_API_KEY": "sk-test"})
    assert refused.exit_code == 2 and "--max-input-tokens must be" in refused.output
