"""The batch output: one JSON line per finished article, appended and flushed at once.

Because every line is written whole and flushed before the next article is
counted, a batch killed at any point leaves at most one half-written last
line. ``ResultLog.open`` detects it (no newline, or not JSON) and cuts it off,
so that article is redone; every complete line is kept and its id skipped.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from summarizer.errors import ConfigError

__all__ = ["ResultLog", "Resume"]


@dataclass
class Resume:
    """What an existing output file already holds."""

    done: set[str] = field(default_factory=set)
    """Ids to skip: finished (and, without --retry-failed, failed) articles."""
    ok: int = 0
    failed: int = 0
    retried: int = 0
    """Error lines removed to be redone (--retry-failed)."""
    repaired: int = 0
    """Half-written or unreadable lines removed to be redone."""


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return record
    return None


class ResultLog:
    """Append-only JSONL results with resume; one writer (the batch's main process)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._handle: BinaryIO | None = None

    def open(self, *, retry_failed: bool = False) -> Resume:
        """Read what is there, repair the tail, and open for appending."""
        resume = Resume()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                self._scan(resume, retry_failed)
            self._handle = open(self.path, "ab", buffering=0)  # noqa: SIM115
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot write the output ({exc.strerror})") from None
        return resume

    def _scan(self, resume: Resume, retry_failed: bool) -> None:
        keep_end = 0
        rewrite = False
        with open(self.path, "rb") as handle:
            for line in handle:
                record = _parse(line) if line.endswith(b"\n") else None
                if record is None:
                    resume.repaired += 1
                    rewrite = rewrite or line.endswith(b"\n")
                    continue
                if "error" in record:
                    if retry_failed:
                        resume.retried += 1
                        rewrite = True
                        continue
                    resume.failed += 1
                else:
                    resume.ok += 1
                resume.done.add(record["id"])
                if not rewrite:
                    keep_end = handle.tell()
        if rewrite:
            self._rewrite(retry_failed)
        elif resume.repaired:
            os.truncate(self.path, keep_end)

    def _rewrite(self, retry_failed: bool) -> None:
        """Copy the lines to keep into a new file and swap it in (atomic on POSIX)."""
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        with open(self.path, "rb") as source, open(tmp, "wb") as target:
            for line in source:
                record = _parse(line) if line.endswith(b"\n") else None
                if record is None or (retry_failed and "error" in record):
                    continue
                target.write(line)
            target.flush()
            os.fsync(target.fileno())
        os.replace(tmp, self.path)

    def append(self, record: dict[str, Any]) -> None:
        """Write one whole line and flush it to the OS before returning."""
        assert self._handle is not None, "open() first"
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            written = self._handle.write(view)
            view = view[written or 0 :]

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
