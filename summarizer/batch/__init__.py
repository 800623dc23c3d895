"""Batch summarisation at scale: resumable JSONL output, concurrency, cache, cost, progress."""

from summarizer.batch.run import BatchOptions, run_batch

__all__ = ["BatchOptions", "run_batch"]
