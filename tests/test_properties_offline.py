"""Property tests of the library with the offline engine (issue 10).

For any text the library accepts, mutated from the eval fixtures: no exception
but a ``SummarizerError``; every quote and evidence span is ``text[start:end]``
of the decoded input (lone surrogates replaced); the Summary serialises; every speaker and stance actor is a
listed actor; every departure from the contract's counts is in
``meta.warnings``. The normal suite runs a fixed, bounded set of examples
(profile "ci" in conftest); ``pytest --hypothesis-profile fuzz`` searches longer.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summarizer import summarise
from summarizer.contract import KEY_POINTS, SUMMARY_SENTENCES, sentence_count
from summarizer.document import iso_date, parse_document
from summarizer.errors import InputError
from summarizer.inputs import check_text
from summarizer.schema import Summary
from tests.article_strategies import articles


def _summarise(text: str) -> Summary | None:
    """The summary, or None when the library refuses the text with an InputError, which
    it may only do for a text with nothing to summarise."""
    try:
        return summarise(text, engine="offline")
    except InputError:
        sentences = parse_document(decoded(text)).sentences if text.strip() else []
        assert not any(char.isalnum() for s in sentences for char in s.text)
        return None


def decoded(text: str) -> str:
    """The text the library summarises: ``text`` with lone surrogates replaced."""
    return check_text(text, max_chars=len(text) + 1)


def check_summary(text: str, summary: Summary) -> None:
    """Every property a Summary of ``text`` must have, whatever the engine."""
    for quote in summary.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
    for stance in summary.stances:
        for span in stance.evidence:
            assert text[span.start : span.end] == span.text
    assert Summary.model_validate_json(summary.model_dump_json()) == summary
    names = {actor.name for actor in summary.actors}
    assert len(names) == len(summary.actors)
    assert all(q.speaker is None or q.speaker in names for q in summary.quotes)
    assert all(s.actor in names for s in summary.stances)
    warned = {w.split(":", 1)[0] for w in summary.meta.warnings}
    fewest, most = KEY_POINTS
    assert fewest <= len(summary.key_points) <= most or "key_points" in warned
    assert len(summary.key_points) <= most
    fewest, most = SUMMARY_SENTENCES
    assert fewest <= sentence_count(summary.summary) <= most or "summary" in warned
    assert summary.title.strip() or "title" in warned
    assert summary.published is None or iso_date(summary.published) == summary.published


@given(articles())
def test_mutated_fixtures_keep_every_property(text: str) -> None:
    summary = _summarise(text)
    if summary is not None:
        check_summary(decoded(text), summary)


@given(st.text(st.characters(), min_size=1, max_size=400))
def test_any_short_text_keeps_every_property(text: str) -> None:
    summary = _summarise(text)
    if summary is not None:
        check_summary(decoded(text), summary)
