"""The response model's reference checks, run directly with a Document as context."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer import parse_document
from summarizer.llm.response import NewsSummary, find_problems

TEXT = (
    "The port reopened on Monday.\n\n"
    '"We will rebuild," said Mayor Ana Ruiz. The Harbour Board disagreed.\n\n'
    "The board said costs were too high."
)
DOCUMENT = parse_document(TEXT)


def answer(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "Port reopens",
        "summary": "The port reopened.",
        "key_points": ["The port reopened."],
        "actors": [
            {"name": "Ana Ruiz", "kind": "person", "role": "Mayor", "aliases": ["Ruiz"]},
            {
                "name": "The Harbour Board",
                "kind": "organization",
                "role": None,
                "aliases": ["the board"],
            },
        ],
        "attributions": [{"quote_id": "Q1", "speaker": "Ana Ruiz"}],
        "extra_quotes": [],
        "stances": [
            {"actor": "the board", "target": "costs", "position": "oppose", "evidence": ["S4"]}
        ],
    }
    base.update(changes)
    return base


def validate(data: dict[str, Any]) -> NewsSummary:
    return NewsSummary.model_validate_json(json.dumps(data), context={"document": DOCUMENT})


def test_a_correct_answer_validates_and_aliases_become_names() -> None:
    parsed = validate(answer())

    assert parsed.stances[0].actor == "The Harbour Board"  # "the board" is a listed alias
    assert find_problems(parsed, DOCUMENT) == []


def test_names_differing_only_in_case_are_in_the_article() -> None:
    actors = answer()["actors"]
    actors[1]["name"] = "the harbour board"

    parsed = validate(answer(actors=actors, stances=[]))

    assert parsed.actors[1].name == "the harbour board"


def test_every_broken_reference_is_listed_in_one_error() -> None:
    bad = answer(
        attributions=[
            {"quote_id": "Q1", "speaker": "Ana Ruiz"},
            {"quote_id": "Q1", "speaker": None},
            {"quote_id": "Q7", "speaker": None},
        ],
        extra_quotes=[{"text": "\u201cWe will rebuild\u201d", "speaker": "Governor Lee"}],
        stances=[
            {"actor": "Ana Ruiz", "target": "the port", "position": "support", "evidence": []}
        ],
    )
    bad["actors"].append({"name": "Zed Corp", "kind": "organization", "role": None, "aliases": []})

    with pytest.raises(ValidationError) as caught:
        validate(bad)

    message = str(caught.value)
    assert "attributions[1]: Q1 is already attributed in attributions[0]" in message
    assert (
        "attributions[2]: there is no quote candidate 'Q7'; use an id from the list (Q1..Q1)"
        in (message)
    )
    assert "actors[2]: the name 'Zed Corp' does not appear in the article" in message
    # the curly marks around an extra quote are ignored; its speaker is not
    assert "extra_quotes[0]: the speaker 'Governor Lee' is not a listed actor" in message
    assert "stances[0]: no evidence" in message


def test_without_a_document_nothing_is_checked() -> None:
    parsed = NewsSummary.model_validate(answer(attributions=[{"quote_id": "Q9", "speaker": "X"}]))

    assert parsed.attributions[0].quote_id == "Q9"


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
