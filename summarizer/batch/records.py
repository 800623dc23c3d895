"""The lines of a batch output, and the running tally the progress display reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summarizer.api import with_source
from summarizer.batch.inputs import Item
from summarizer.batch.transport import ArticleTraffic
from summarizer.errors import SummarizerError, redact
from summarizer.schema import Summary
from summarizer.sources.load import Loaded

__all__ = ["NAMED_DUPLICATES", "Tally", "error_record", "summary_record"]


def summary_record(item: Item, summary: Summary, loaded: Loaded | None = None) -> dict[str, Any]:
    """A summary line. For a page (fetched or saved) the summary carries its ``source`` and
    the line its extracted ``text``, which every offset indexes."""
    if loaded is None or loaded.source is None:
        return {"id": item.id, "source": item.source, "summary": summary.model_dump(mode="json")}
    summary = with_source(summary, loaded.source)
    return {
        "id": item.id,
        "source": item.source,
        "summary": summary.model_dump(mode="json"),
        "text": loaded.text,
    }


def error_record(item: Item, error: BaseException) -> dict[str, Any]:
    """An error line: the library's error class and one-line message, or InternalError."""
    if isinstance(error, SummarizerError):
        kind, message = type(error).__name__, error.message
    else:
        kind, message = "InternalError", redact(str(error)) or type(error).__name__
    return {"id": item.id, "source": item.source, "error": {"type": kind, "message": message}}


NAMED_DUPLICATES = 5
"""How many duplicate ids the summary line names (the rest are counted)."""


@dataclass
class Tally:
    """Counts for this run; ``skipped`` are ids already in the output file."""

    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    duplicate_ids: list[str] = field(default_factory=list)
    """The first few duplicate ids, as JSON (so 17 and "17" read differently), to name them."""
    failed_before: int = 0
    """Error lines already in the output and kept (not --retry-failed)."""
    tokens: int = 0
    """Tokens billed by the server in this run (cache hits excluded)."""
    cost_usd: float = 0.0
    """Dollars for those tokens, over the articles whose model has a known price."""
    unpriced: int = 0
    """Articles that spent tokens on a model with no known price."""
    priced: int = 0
    """Articles that spent tokens on a model with a known price (in ``cost_usd``)."""
    cache_hits: int = 0
    requests: int = 0

    @property
    def finished(self) -> int:
        return self.ok + self.failed

    @property
    def complete(self) -> bool:
        """Every article has a summary line: nothing failed, now or before, no duplicate id."""
        return not (self.failed or self.failed_before or self.duplicates or self.remaining)

    def add_duplicate(self, key: str) -> None:
        self.duplicates += 1
        if len(self.duplicate_ids) < NAMED_DUPLICATES:
            self.duplicate_ids.append(key)

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
                self.priced += 1
                self.cost_usd += cost_usd
