"""Build the Batch API input files: one request line per pending article, split at the
provider's limits, each file recorded in the state before it is uploaded."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from summarizer.batch.inputs import Item
from summarizer.batch.openai_batch.provider import ENDPOINT
from summarizer.batch.openai_batch.requests import batch_line, body_digest, interactive_request
from summarizer.batch.openai_batch.state import BatchState, Job, state_path
from summarizer.batch.records import error_record
from summarizer.config import Settings
from summarizer.errors import InputError, SummarizerError
from summarizer.storage import storage_error

__all__ = ["Limits", "build_jobs"]


@dataclass(frozen=True)
class Limits:
    """Most requests and bytes per uploaded file (the provider's: 50,000 and 200 MB)."""

    requests: int = 50_000
    bytes: int = 200_000_000


class _Chunk:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: BinaryIO = open(path, "wb")  # noqa: SIM115 (closed by build_jobs)
        self.articles: list[str] = []
        self.digests: list[str] = []
        self.size = 0


def build_jobs(
    items: Iterator[Item],
    settings: Settings,
    state: BatchState,
    output: Path,
    limits: Limits,
    write_error: Callable[[dict[str, Any]], None],
) -> int:
    """Write the request files for ``items`` and record each as a job (not yet uploaded);
    an article that cannot be read or is too large gets its error line at once. Returns
    how many requests were written."""
    chunk: _Chunk | None = None
    written = 0

    def close(chunk: _Chunk) -> None:
        chunk.handle.flush()
        os.fsync(chunk.handle.fileno())
        chunk.handle.close()
        number = len(state.jobs) + 1
        state.jobs.append(
            Job(
                number=number,
                upload=chunk.path.name,
                articles=chunk.articles,
                digests=chunk.digests,
                size=chunk.size,
                created=time.time(),
            )
        )
        state.save(state_path(output))

    try:
        for item in items:
            try:
                text = item.read(settings.max_chars, settings.encoding).text
                _path, body = interactive_request(text, settings)
            except SummarizerError as error:
                write_error(error_record(item, error))
                continue
            line = batch_line(item.key, ENDPOINT, body)
            if len(line) > limits.bytes:
                problem = InputError(
                    f"its request is {len(line):,} bytes, over the {limits.bytes:,} bytes of "
                    "one Batch API file; raise --batch-max-bytes or summarise it interactively"
                )
                write_error(error_record(item, problem))
                continue
            if chunk is not None and (
                len(chunk.articles) >= limits.requests or chunk.size + len(line) > limits.bytes
            ):
                close(chunk)
                chunk = None
            if chunk is None:
                number = len(state.jobs) + 1
                chunk = _Chunk(output.with_name(f"{output.name}.batch.{number}.jsonl"))
            chunk.handle.write(line)
            chunk.articles.append(item.key)
            chunk.digests.append(body_digest(body))
            chunk.size += len(line)
            written += 1
        if chunk is not None:
            close(chunk)
            chunk = None
    except OSError as exc:
        raise storage_error(output, exc, "then run the same command again") from None
    finally:
        if chunk is not None:  # stopped mid-file: nothing of it was recorded or sent
            chunk.handle.close()
            with contextlib.suppress(OSError):
                chunk.path.unlink()
    return written
