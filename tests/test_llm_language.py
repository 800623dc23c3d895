"""The LLM engine and the article's language: the model is told the language it reads
(our detector's code, never the article's bytes), writes in it by default or in
``--summary-language``, and its quotes stay verbatim spans of the original."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import ConfigError, summarise
from summarizer.cli import app
from summarizer.config import resolve_settings
from summarizer.evaluation.fixtures import Fixture, load_fixtures
from summarizer.evaluation.gold_answers import answer_for
from summarizer.testing import FakeOpenAI, summary_completion

MULTILINGUAL = Path(__file__).resolve().parent.parent / "evals" / "fixtures" / "multilingual"


def _french() -> Fixture:
    return next(f for f in load_fixtures(MULTILINGUAL) if f.id.startswith("ml-01"))


def _system(fake: FakeOpenAI) -> str:
    return str(fake.chat_requests[0].body["messages"][0]["content"])


def test_the_model_is_told_the_articles_language_and_writes_in_it() -> None:
    fixture = _french()
    fake = FakeOpenAI()
    fake.push(summary_completion(answer_for(fixture)))

    summary = summarise(fixture.text, settings=fake.settings())

    system = _system(fake)
    assert "The article is in French (fr)." in system
    assert "key points and stance targets in French (fr)." in system
    assert summary.meta.language == "fr"
    assert summary.quotes
    for quote in summary.quotes:
        assert fixture.text[quote.start : quote.end] == quote.text


def test_summary_language_asks_for_another_language_and_keeps_quotes_verbatim() -> None:
    fixture = _french()
    fake = FakeOpenAI()
    fake.push(summary_completion(answer_for(fixture)))

    summary = summarise(fixture.text, settings=fake.settings(summary_language="EN"))

    system = _system(fake)
    assert "The article is in French (fr)." in system
    assert "key points and stance targets in English (en)." in system
    for quote in summary.quotes:  # quotes are references: never translated
        assert fixture.text[quote.start : quote.end] == quote.text


def test_summary_language_from_the_environment_and_checked() -> None:
    env = {"OPENAI_API_KEY": "sk-test", "SUMMARIZER_SUMMARY_LANGUAGE": "de"}
    assert resolve_settings(env=env).summary_language == "de"
    assert resolve_settings(env=env, summary_language="fr").summary_language == "fr"
    for bad in ("english", "e1", "x"):
        with pytest.raises(ConfigError, match="two-letter ISO 639-1 code"):
            resolve_settings(env=env, summary_language=bad)


def test_cli_refuses_a_bad_summary_language_in_one_line(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The council met on Monday. It approved the budget.\n", "utf-8")
    result = CliRunner().invoke(
        app, [str(article), "--engine", "offline", "--summary-language", "English"]
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "ISO 639-1" in result.stderr
    assert json.dumps("English") in result.stderr or "'English'" in result.stderr
