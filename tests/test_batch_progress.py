"""Progress reporting: a rich bar, plain periodic lines, the summary line, --quiet."""

from __future__ import annotations

import io

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
