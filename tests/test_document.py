"""The Document: metadata, sentences, and the quote-candidate detector."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.document import parse_document
from tests.conftest import FIXTURES

FIXTURE_FILES = sorted(FIXTURES.glob("*.json"))


def _fixture(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_every_required_gold_quote_is_a_candidate_with_exact_offsets(path: Path) -> None:
    data = _fixture(path)
    text = data["text"]
    document = parse_document(text)
    spans = {(q.start, q.end) for q in document.quotes}
    for gold in data["gold"]["quotes"]:
        if not gold["required"]:
            continue
        start = text.find(gold["text"])
        assert start >= 0, f"gold quote not in text: {gold['text']!r}"
        end = start + len(gold["text"].rstrip(","))  # the comma before a closing mark
        assert (start, end) in spans, f"missed: {gold['text']!r}"


def test_candidates_are_verbatim_spans_of_the_input() -> None:
    for path in FIXTURE_FILES:
        text = _fixture(path)["text"]
        for quote in parse_document(text).quotes:
            assert text[quote.start : quote.end] == quote.text


def test_seed_metadata_gives_the_date_and_offsets_stay_on_the_original(seed_text: str) -> None:
    document = parse_document(seed_text)
    assert document.published == "2023-10-09"
    first = document.sentences[0]
    assert first.text.startswith("The Iranian and Iraqi top diplomats")
    assert seed_text[first.start : first.end] == first.text


def test_split_quote_is_two_candidates_and_trailing_comma_is_outside() -> None:
    text = '"We are not going anywhere," said Ann Lee, "until the offer improves."'
    quotes = parse_document(text).quotes
    assert [q.text for q in quotes] == ["We are not going anywhere", "until the offer improves."]


def test_nested_single_quotes_and_apostrophes_stay_inside_one_quote() -> None:
    text = (
        "He said: \u201cThey call it \u2018a plan\u2019, but it isn\u2019t one.\u201d Then he left."
    )
    quotes = parse_document(text).quotes
    assert [q.text for q in quotes] == ["They call it \u2018a plan\u2019, but it isn\u2019t one."]


def test_multi_paragraph_quote_gives_one_candidate_per_paragraph() -> None:
    text = (
        "She said:\n\n\u201cThe first paragraph of the statement.\n\n"
        "\u201cThe second paragraph, which ends it.\u201d\n\nLater news."
    )
    quotes = parse_document(text).quotes
    assert [q.text for q in quotes] == [
        "The first paragraph of the statement.",
        "The second paragraph, which ends it.",
    ]
    assert quotes[1].continues == quotes[0].id


def test_names_and_titles_in_quotation_marks_are_not_quotes() -> None:
    text = (
        'The plan, known internally as "Smart Quay", was shelved. Critics called it the '
        '\u201cstarfish affair\u201d. "It will fail," said Tom Barr.'
    )
    assert [q.text for q in parse_document(text).quotes] == ["It will fail"]


def test_sentence_split_respects_abbreviations_and_quotes() -> None:
    text = (
        'Mr. Smith met Dr. Jones. "It went well. Very well," he said. They left at 6 p.m. Friday.'
    )
    sentences = [s.text for s in parse_document(text).sentences]
    assert sentences[0] == "Mr. Smith met Dr. Jones."
    assert sentences[1] == '"It went well. Very well," he said.'


def test_marked_text_numbers_sentences_and_quotes(seed_text: str) -> None:
    marked = parse_document(seed_text).marked_text
    assert marked.startswith("[S1] The Iranian")
    assert "[Q1>emphasized the need" in marked
    assert "date 2023-10-09" not in marked


def test_single_marks_are_quotes_only_in_an_article_without_double_marks() -> None:
    text = "\u2018We will fight,\u2019 said the leader. The players\u2019 union isn\u2019t happy."
    assert [q.text for q in parse_document(text).quotes] == ["We will fight"]
    mixed = "He said \"it's the players' fault\" and left, 'probably'."
    assert [q.text for q in parse_document(mixed).quotes] == ["it's the players' fault"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "\u2018We were promised \u201cno cuts\u201d last spring,\u2019 he said.\n\n"
            "\u2018That promise is gone,\u2019 said Ann Lee.",
            ["We were promised \u201cno cuts\u201d last spring", "That promise is gone"],
            id="double-marks-nested-in-british-single-quotes",
        ),
        pytest.param(
            "She said the town could not \u2018wait and hope\u2019 any longer.\n\n"
            "\u2018The farmers\u2019 union will not accept it,\u2019 he said.",
            ["wait and hope", "The farmers\u2019 union will not accept it"],
            id="mid-sentence-scare-quote-closes-plural-possessive-does-not",
        ),
    ],
)
def test_british_single_mark_quotes(text: str, expected: list[str]) -> None:
    assert [q.text for q in parse_document(text).quotes] == expected
