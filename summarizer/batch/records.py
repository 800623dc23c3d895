"""The lines of a batch output, and the running tally the progress display reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarizer.batch.inputs import Item
from summarizer.batch.transport import ArticleTraffic
from summarizer.errors import SummarizerError, redact
from summarizer.schema import Summary

__all__ = ["Tally", "error_record", "summary_record"]


def summary_record(item: Item, summary: Summary) -> dict[str, Any]:
    return {"id": item.id, "source": item.source, "summary": summary.model_dump(mode="json")}


def error_record(item: Item, error: BaseException) -> dict[str, Any]:
    """An error line: the library's error class and one-line message, or InternalError."""
    if isinstance(error, SummarizerError):
        kind, message = type(error).__name__, error.message
    else:
        kind, message = "InternalError", redact(str(error)) or type(error).__name__
    return {"id": item.id, "source": item.source, "error": {"type": kind, "message": message}}


@dataclass
class Tally:
    """Counts for this run; ``skipped`` are ids already in the output file."""

    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    tokens: int = 0
    """Tokens billed by the server in this run (cache hits excluded)."""
    cost_usd: float = 0.0
    """Dollars for those tokens, over the articles whose model has a known price."""
    unpriced: int = 0
    """Articles that spent tokens on a model with no known price."""
    cache_hits: int = 0
    requests: int = 0

    @property
    def finished(self) -> int:
        return self.ok + self.failed

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.finished - self.skipped - self.duplicates)

    def add(self, record: dict[str, Any]) -> None:
        if "error" in record:
            self.failed += 1
        else:
            self.ok += 1

    def add_traffic(self, traffic: ArticleTraffic, cost_usd: float | None) -> None:
        """Count one article's requests, and the tokens and dollars it spent (``cost_usd``
        is the price of ``traffic.spent``, None when the model's price is unknown)."""
        self.requests += traffic.sent
        self.cache_hits += traffic.cache_hits
        if traffic.spent.total_tokens:
            self.tokens += traffic.spent.total_tokens
            if cost_usd is None:
                self.unpriced += 1
            else:
                self.cost_usd += cost_usd
