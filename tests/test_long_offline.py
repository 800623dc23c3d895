"""Long articles without a model: the offline engine reads them in one pass (meta.chunks
is 1), and the default --max-chars (2,000,000) is what the bounded reader follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import summarise
from summarizer.config import DEFAULT_MAX_CHARS, resolve_settings
from summarizer.errors import InputError
from summarizer.inputs import byte_limit, read_article
from tests.long_article import long_article


def test_the_offline_engine_drafts_a_long_article_in_one_part() -> None:
    article = long_article()
    summary = summarise(article.text, engine="offline", max_input_tokens=500)
    assert summary.meta.chunks == 1
    for quote in summary.quotes:
        assert article.text[quote.start : quote.end] == quote.text


def test_the_default_limit_covers_a_long_report_and_the_reader_follows_it(
    tmp_path: Path,
) -> None:
    assert resolve_settings(env={}).max_chars == DEFAULT_MAX_CHARS == 2_000_000
    report = tmp_path / "report.txt"
    report.write_text("A long report.\n\n" + "word " * 399_000, encoding="utf-8")
    assert len(read_article(report)) > 1_900_000  # was over the old 200,000 default
    report.write_text("x" * (DEFAULT_MAX_CHARS + 1), encoding="utf-8")
    with pytest.raises(InputError, match="over the limit of 2,000,000"):
        read_article(report)
    assert byte_limit(DEFAULT_MAX_CHARS) == 8_000_004  # what a stream may send at most
