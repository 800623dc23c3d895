"""Issue 10 item 15: the contract's counts and dates hold, or the departure is named.

Two to four summary sentences, three to seven key points, a title, and an ISO
``published`` or null; an article with no sentence at all is an InputError.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from summarizer import summarise
from summarizer.cli import app
from summarizer.contract import KEY_POINTS, SUMMARY_SENTENCES, fit_contract, sentence_count
from summarizer.document import iso_date, parse_document
from summarizer.draft import Draft
from summarizer.errors import InputError
from summarizer.grounding import ground
from summarizer.schema import Meta


def _prefixes(warnings: list[str]) -> list[str]:
    return [warning.split(":", 1)[0] for warning in warnings]


def test_a_one_sentence_article_names_both_short_counts() -> None:
    summary = summarise("The council met on Monday.\n", engine="offline")
    assert len(summary.key_points) == 1
    assert sentence_count(summary.summary) == 1
    warnings = summary.meta.warnings
    assert "key_points: 1 point (the contract asks for 3 to 7)" in warnings
    assert "summary: 1 sentence (the contract asks for 2 to 4)" in warnings


def test_a_short_article_is_topped_up_to_the_contract() -> None:
    text = "The council met on Monday.\n\nIt approved the budget.\n\nResidents were not told."
    summary = summarise(text, engine="offline")
    assert len(summary.key_points) >= KEY_POINTS[0]
    assert SUMMARY_SENTENCES[0] <= sentence_count(summary.summary) <= SUMMARY_SENTENCES[1]
    assert summary.meta.warnings == []


def test_a_quote_heavy_article_still_has_a_two_sentence_summary() -> None:
    text = (
        "The mayor spoke on Monday.\n\n"
        '"We will rebuild the bridge before winter, whatever it costs," the mayor said.\n\n'
        '"Nobody in this town will be cut off again," she said.\n'
    )
    summary = summarise(text, engine="offline")
    assert sentence_count(summary.summary) >= 2
    assert len(summary.key_points) == 3
    assert not [w for w in summary.meta.warnings if w.startswith(("summary:", "key_points:"))]


def test_a_headline_line_without_a_full_stop_stays_its_own_sentence() -> None:
    text = "Council approves budget\n\nThe council met on Monday. It approved the budget.\n"
    summary = summarise(text, engine="offline")
    assert sentence_count(summary.summary) == 3, summary.summary


@pytest.mark.parametrize(
    ("line", "published", "warned"),
    [
        ("published: sometime last week", None, True),
        ("date: 2023-02-30", None, True),
        ("published: 2023-13-01", None, True),
        ("published: 2023-10-09T10:00:00Z", "2023-10-09", False),
        ("date 2024-02-29", "2024-02-29", False),
    ],
)
def test_published_is_an_iso_date_or_null(line: str, published: str | None, warned: bool) -> None:
    summary = summarise(f"{line}\n\nThe council met on Monday. It rained.\n", engine="offline")
    assert summary.published == published
    assert ("published" in _prefixes(summary.meta.warnings)) is warned


def test_iso_date() -> None:
    assert iso_date("2023-10-09") == "2023-10-09"
    assert iso_date("2023-10-09 10:00") == "2023-10-09"
    assert iso_date("2023-10-091") is None
    assert iso_date("last week") is None
    assert iso_date(None) is None


def test_a_metadata_only_article_is_an_input_error() -> None:
    with pytest.raises(InputError, match="only metadata lines"):
        summarise("date: 2023-10-09\ntitle: Council meets\n", engine="offline")


def test_a_metadata_only_file_exits_2_with_one_line() -> None:
    result = CliRunner().invoke(
        app, ["-", "--engine", "offline"], input=b"date: 2023-10-09\ntitle: Council meets\n"
    )
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "only metadata lines" in errors[0]
    assert "Traceback" not in result.stderr


def _grounded(key_points: list[str], summary: str, warnings: list[str] | None = None) -> Draft:
    return Draft(title="T", summary=summary, key_points=key_points, warnings=warnings or [])


def test_grounding_cuts_surplus_key_points_with_a_warning() -> None:
    document = parse_document("The council met on Monday. It rained.")
    points = [f"Point {n}." for n in range(9)]
    summary = ground(_grounded(points, "One. Two."), document, Meta(engine="llm"))
    assert summary.key_points == points[:7]
    assert summary.meta.warnings == ["key_points: 9 points; kept the first 7"]


def test_a_departure_the_engine_named_is_not_named_twice() -> None:
    document = parse_document("The council met on Monday. It rained.")
    engine_warning = "key_points: the model gave 1 (the contract asks for 3 to 7)"
    draft = _grounded(["Only one."], "One. Two.", [engine_warning])
    summary = ground(draft, document, Meta(engine="llm"))
    assert summary.meta.warnings == [engine_warning]


def test_an_empty_title_is_named() -> None:
    document = parse_document("The council met on Monday. It rained.")
    summary = ground(
        Draft(title=" ", summary="One. Two.", key_points=["a", "b", "c"]),
        document,
        Meta(engine="llm"),
    )
    assert _prefixes(summary.meta.warnings) == ["title"]


def test_fitting_twice_changes_nothing() -> None:
    document = parse_document("published: soon\n\nThe council met on Monday.")
    summary = ground(_grounded(["Only one."], "One."), document, Meta(engine="llm"))
    assert _prefixes(summary.meta.warnings) == ["key_points", "summary", "published"]
    assert fit_contract(summary, document) == summary


@pytest.mark.parametrize(
    "text", [":::::::::: ", "\u00bb\u201f", "\u200d\u200b\u2067 ", "\U0001f600 \u2014."]
)
def test_an_article_with_no_word_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="no words to summarise"):
        summarise(text, engine="offline")


def test_parse_document_takes_a_lone_surrogate() -> None:
    """parse_document is public: a lone surrogate given to it directly (the library's
    entry points replace them first) is not a crash in language detection."""
    text = "\ud800Dockworkers at the Port of Calderhaven walked off the job on Monday in a strike."
    document = parse_document(text)
    assert document.text == text and document.sentences
