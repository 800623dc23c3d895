"""The response model's reference checks, run directly with a Document as context."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer import parse_document
from summarizer.llm.extra_quotes import place_extra_quotes
from summarizer.llm.response import NewsSummary, find_problems, unaccounted_quotes

TEXT = (
    "The port reopened on Monday.\n\n"
    '"We will rebuild," said Mayor Ana Ruiz. The Harbour Board disagreed.\n\n'
    "The board said costs were too high."
)
DOCUMENT = parse_document(TEXT)


def actor(name: str, kind: str = "person", **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kind,
        "role": None,
        "aliases": [],
        "quotes": [],
        "stances": [],
        **fields,
    }


def answer(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "Port reopens",
        "summary": "The port reopened. The board disagreed.",
        "key_points": ["The port reopened.", "The mayor will rebuild.", "Costs are high."],
        "actors": [
            actor("Ana Ruiz", role="Mayor", aliases=["Ruiz"], quotes=["Q1"]),
            actor(
                "The Harbour Board",
                "organization",
                aliases=["the board"],
                stances=[{"target": "costs", "position": "oppose", "evidence": ["S4"]}],
            ),
        ],
        "unattributed_quotes": [],
        "extra_quotes": [],
    }
    base.update(changes)
    return base


def validate(data: dict[str, Any]) -> NewsSummary:
    return NewsSummary.model_validate_json(json.dumps(data), context={"document": DOCUMENT})


def test_a_correct_answer_validates() -> None:
    parsed = validate(answer())

    assert parsed.actors[1].stances[0].position == "oppose"
    assert find_problems(parsed, DOCUMENT) == []
    assert unaccounted_quotes(parsed, DOCUMENT) == []


def test_an_extra_quotes_speaker_given_as_an_alias_becomes_the_name() -> None:
    parsed = validate(answer(extra_quotes=[{"text": "costs were too high", "speaker": "Ruiz"}]))

    assert parsed.extra_quotes[0].speaker == "Ana Ruiz"


def test_names_differing_only_in_case_are_in_the_article() -> None:
    actors = answer()["actors"]
    actors[1]["name"] = "the harbour board"

    parsed = validate(answer(actors=actors))

    assert parsed.actors[1].name == "the harbour board"


def test_every_broken_reference_is_listed_in_one_error() -> None:
    bad = answer(
        actors=[
            actor("Ana Ruiz", quotes=["Q1", "Q7"]),
            actor(
                "The Harbour Board",
                "organization",
                quotes=["Q1"],
                stances=[{"target": "the port", "position": "support", "evidence": []}],
            ),
            actor("Zed Corp", "organization"),
            actor("Ana Ruiz", stances=[{"target": "x", "position": "mixed", "evidence": ["S9"]}]),
        ],
        extra_quotes=[{"text": "\u201ccosts were too high\u201d", "speaker": "Governor Lee"}],
    )

    with pytest.raises(ValidationError) as caught:
        validate(bad)

    message = str(caught.value)
    assert (
        "actors[0].quotes: there is no quote candidate 'Q7'; use an id from the list (Q1..Q1)"
        in message
    )
    assert "actors[1].quotes: Q1 is already in actors[0].quotes" in message
    assert "actors[1].stances[0]: no evidence" in message
    assert "actors[2]: the name 'Zed Corp' does not appear in the article" in message
    assert "actors[3]: 'Ana Ruiz' is already actors[0]; list each actor once" in message
    assert "actors[3].stances[0]: no sentence 'S9'; use ids from the article (S1..S4)" in message
    # the curly marks around an extra quote are ignored; its speaker is not
    assert "extra_quotes[0]: the speaker 'Governor Lee' is not a listed actor" in message


def test_an_extra_quote_is_whole_words_long_enough_and_not_a_candidate() -> None:
    texts = [
        "the",  # a word, not a quotation (it is also inside "other" words)
        "said",
        "ort reopened on Monday",  # long enough, but starts inside "port"
        "We will rebuild",  # candidate Q1's words
        "costs were too high",  # fine
        "costs were too high",  # fine once
        "rebuild it all",  # not in the article
    ]
    bad = answer(extra_quotes=[{"text": text, "speaker": None} for text in texts])

    with pytest.raises(ValidationError) as caught:
        validate(bad)

    message = str(caught.value)
    for i in (0, 1):
        assert (
            f"extra_quotes[{i}]: {texts[i]!r} is too short to be a quotation; an extra quote "
            "has at least 3 words or 15 characters" in message
        )
    assert (
        "extra_quotes[2]: the text 'ort reopened on Monday' is in the article only inside "
        "longer words; copy whole words" in message
    )
    assert (
        "extra_quotes[3]: the text 'We will rebuild' is quote candidate Q1's words; refer to "
        "Q1 by its id" in message
    )
    assert "- extra_quotes[4]" not in message
    assert "extra_quotes[5]: the text 'costs were too high' is already extra_quotes[4]" in message
    assert "extra_quotes[6]: the text 'rebuild it all' is not in the article word for word" in (
        message
    )
    spans = place_extra_quotes(texts, DOCUMENT)
    assert TEXT[slice(*spans[4])] == "costs were too high"
    assert [isinstance(span, str) for span in spans] == [True] * 4 + [False] + [True] * 2


def test_an_extra_quote_said_twice_in_the_article_takes_each_place_once() -> None:
    text = "Officials met. He said no to the plan twice. Later he said no to the plan twice."
    document = parse_document(text)
    first, second = place_extra_quotes(
        ["no to the plan twice", "\u201cno to the plan twice"], document
    )

    assert first == (text.index("no to"), text.index("no to") + 20)
    assert second == (text.rindex("no to"), text.rindex("no to") + 20)


def test_a_candidate_placed_nowhere_is_a_problem() -> None:
    no_quotes = answer()
    no_quotes["actors"][0]["quotes"] = []

    with pytest.raises(ValidationError) as caught:
        validate(no_quotes)

    assert "the quote candidate Q1 is in no actor's quotes and not in unattributed_quotes" in (
        str(caught.value)
    )
    assert validate({**no_quotes, "unattributed_quotes": ["Q1"]}).unattributed_quotes == ["Q1"]


def test_without_a_document_nothing_is_checked() -> None:
    parsed = NewsSummary.model_validate(answer(unattributed_quotes=["Q9"]))

    assert parsed.unattributed_quotes == ["Q9"]


def test_the_schema_is_strict_mode_shaped() -> None:
    def walk(schema: dict[str, Any]) -> None:
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is False
            assert set(schema["required"]) == set(schema["properties"])
            for name, field in schema["properties"].items():
                assert field.get("description"), name
                assert "default" not in field, name
        for value in schema.get("$defs", {}).values():
            walk(value)

    walk(NewsSummary.model_json_schema())


def test_the_contracts_counts_are_checked() -> None:
    wordy = answer(
        summary="One sentence only.",
        key_points=[f"Point {n}." for n in range(9)],
    )

    with pytest.raises(ValidationError) as caught:
        validate(wordy)

    message = str(caught.value)
    assert "key_points: give 3 to 7 points, one sentence each (you gave 9)" in message
    assert "summary: write 2 to 4 sentences (you wrote 1)" in message
    # abbreviations do not end a summary sentence
    assert validate(answer(summary="The U.S. port reopened. Dr. Ruiz spoke.")).summary


def test_the_gold_built_answers_pass_every_check() -> None:
    """The scripted server and the benchmarks answer with these; a failing one would be
    re-asked and skew what they measure."""
    from summarizer.evaluation.fixtures import load_fixtures
    from summarizer.evaluation.gold_answers import answer_for
    from tests.conftest import FIXTURES

    for fixture in load_fixtures(FIXTURES):
        document = parse_document(fixture.text)
        validate_against = NewsSummary.model_validate(
            answer_for(fixture, document), context={"document": document}
        )
        assert validate_against.actors, fixture.id
