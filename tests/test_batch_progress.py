"""Progress reporting: a rich bar, plain periodic lines, the summary line, --quiet."""

from __future__ import annotations

import io

import pytest

from summarizer.batch.progress import BatchProgress, format_duration, summary_line
from summarizer.batch.records import Tally


def _tally() -> Tally:
    return Tally(
        total=10,
        ok=4,
        failed=1,
        skipped=2,
        tokens=12_345,
        cost_usd=0.0123,
        cache_hits=3,
        requests=5,
    )


def test_plain_lines_carry_counts_rate_eta_tokens_and_cost() -> None:
    stream = io.StringIO()
    progress = BatchProgress(_tally(), stream=stream, interval=0.0, rich=False)
    progress.update()
    line = stream.getvalue().strip()
    assert line.startswith("batch: 7/10, 1 failed, ")
    assert "articles/s" in line and "ETA" in line
    assert "12,345 tokens" in line and "$0.0123" in line


def test_plain_lines_are_periodic_not_per_article() -> None:
    stream = io.StringIO()
    progress = BatchProgress(_tally(), stream=stream, interval=3600.0, rich=False)
    for _ in range(50):
        progress.update()
    assert stream.getvalue() == ""


def test_rich_bar_then_summary_line() -> None:
    stream = io.StringIO()
    progress = BatchProgress(_tally(), stream=stream, rich=True)
    progress.update()
    line = progress.finish("out.jsonl")
    assert stream.getvalue().rstrip().endswith(line)
    assert "4 ok, 1 failed, 2 already done" in line
    assert "5 model requests, 3 answered by the cache" in line and line.endswith("-> out.jsonl")


def test_quiet_prints_nothing() -> None:
    stream = io.StringIO()
    progress = BatchProgress(_tally(), stream=stream, quiet=True, interval=0.0)
    progress.update()
    progress.say("resume: ...")
    progress.finish("out.jsonl")
    assert stream.getvalue() == ""


def test_unknown_prices_are_counted_not_guessed() -> None:
    tally = Tally(total=3, ok=3, tokens=100, unpriced=2, priced=1, cost_usd=0.01)
    assert "$0.0100 (+2 articles on a model with no known price)" in summary_line(tally, 1.0, "o")
    unknown = summary_line(Tally(total=2, ok=2, tokens=100, unpriced=2), 1.0, "o")
    assert "cost unknown" in unknown and "$" not in unknown


def test_format_duration() -> None:
    assert [format_duration(s) for s in (4.4, 65, 3725)] == ["4s", "1m05s", "1h02m"]


def _bar_text(tally: Tally, width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    """The bar's line as a terminal ``width`` columns wide shows it."""
    from rich.console import Console

    monkeypatch.setenv("COLUMNS", str(width))
    progress = BatchProgress(tally, stream=io.StringIO(), rich=True)
    progress.update()
    screen = Console(file=io.StringIO(), width=width, record=True)
    screen.print(progress._bar.get_renderable())
    progress.finish("out.jsonl")
    return screen.export_text()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_bar_shows_the_count_once_and_fits_narrow_terminals(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    tally = Tally(total=5000, ok=880, failed=16, tokens=12_345, cost_usd=0.5, priced=896)
    text = _bar_text(tally, width, monkeypatch)
    lines = text.rstrip("\n").splitlines()
    assert len(lines) == 1 and len(lines[0]) <= width, text
    assert text.count("896/5000") == 1
    assert "━" in text and "…" not in text  # the bar and the count are never squeezed out
    assert "16 failed" in text


def test_no_cost_column_for_an_engine_without_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    offline = Tally(total=5000, ok=896)
    assert "$" not in _bar_text(offline, 120, monkeypatch)
    assert "$" not in summary_line(offline, 1.0, "o") and "tokens" not in summary_line(
        offline, 1.0, "o"
    )
    plain = io.StringIO()
    BatchProgress(offline, stream=plain, interval=0.0, rich=False).update()
    assert "$" not in plain.getvalue() and plain.getvalue().count("896/5000") == 1
