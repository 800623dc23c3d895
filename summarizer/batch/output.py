"""The batch output: one JSON line per finished article, appended and flushed at once.

Because every line is written whole and flushed before the next article is
counted, a batch killed at any point leaves at most one half-written last
line. ``ResultLog.open`` detects it (no newline, or not JSON) and cuts it off,
so that article is redone; every complete line is kept and its id skipped.

Before anything is changed, the whole file is read: every line must be a result
line (``id`` and ``summary`` or ``error``) or a fragment of one. Anything else
(an input JSONL, an article, another program's file) is refused, untouched. The
output's lock (``lock.py``) is held from before that read to the end of the run.
A full or read-only disk is a ``StorageError``: finished lines are kept, and the
same command resumes.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from summarizer.batch.inputs import id_key, is_valid_id
from summarizer.batch.lock import OutputLock
from summarizer.errors import ConfigError
from summarizer.storage import storage_error

__all__ = ["RESUMES", "ResultLog", "Resume"]

RESUMES = "finished articles are kept: run the same command again to resume"

_OUR_LINE_START = b'{"id": '
"""How every line this module writes begins (``json.dumps`` of a dict whose first key is
id): a broken line that begins otherwise is not a fragment of ours."""


@dataclass
class Resume:
    """What an existing output file already holds."""

    done: set[str] = field(default_factory=set)
    """Resume keys (``id_key``) to skip: finished (and, without --retry-failed, failed)."""
    ok: int = 0
    failed: int = 0
    retried: int = 0
    """Error lines removed to be redone (--retry-failed)."""
    repaired: int = 0
    """Half-written or unreadable lines removed to be redone."""


def _parse(line: bytes) -> dict[str, Any] | None:
    """A result line's record; None when the line is not JSON at all."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else {}


def _is_result(record: dict[str, Any]) -> bool:
    return is_valid_id(record.get("id")) and ("summary" in record or "error" in record)


def _open_append(path: Path) -> BinaryIO:
    """The one place the output is opened for writing (tests point it at /dev/full)."""
    return open(path, "ab", buffering=0)


class ResultLog:
    """Append-only JSONL results with resume; one writer (the batch's main process)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._handle: BinaryIO | None = None
        self._lock = OutputLock(self.path)

    def open(self, *, retry_failed: bool = False) -> Resume:
        """Lock, read what is there, repair the tail, and open for appending."""
        if self.path.exists() and not self.path.is_file():
            raise ConfigError(f"-o {self.path}: not a regular file; give a file path")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(self.path, exc, "then run the same command again") from None
        fresh_lock = not self._lock.path.exists()
        self._lock.acquire()
        try:
            resume = Resume()
            if self.path.exists():
                self._scan(resume, retry_failed)
            self._handle = _open_append(self.path)
        except ConfigError:
            self._lock.release()
            if fresh_lock:  # refused before anything was written: leave no trace
                with contextlib.suppress(OSError):
                    self._lock.path.unlink()
            raise
        except BaseException as exc:
            self._lock.release()
            if isinstance(exc, OSError):
                raise storage_error(self.path, exc, f"then {RESUMES}") from None
            raise
        return resume

    def _scan(self, resume: Resume, retry_failed: bool) -> None:
        """Count what is there and refuse a file that is not ours; then repair it."""
        keep_end = 0
        rewrite = False
        with open(self.path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                record = _parse(line) if line.endswith(b"\n") else None
                if record is not None and not _is_result(record):
                    self._refuse(number)
                if record is None:
                    if line.strip() and not line.startswith(_OUR_LINE_START):
                        self._refuse(number)
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
                resume.done.add(id_key(record["id"]))
                if not rewrite:
                    keep_end = handle.tell()
        if rewrite:
            self._rewrite(retry_failed)
        elif resume.repaired:
            os.truncate(self.path, keep_end)

    def _refuse(self, number: int) -> None:
        raise ConfigError(
            f"-o {self.path}: line {number} is not a batch result line (an id and a "
            '"summary" or "error"); -o must be a new file or the output of an earlier batch'
        )

    def _rewrite(self, retry_failed: bool) -> None:
        """Copy the lines to keep into a new file and swap it in (atomic on POSIX)."""
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        try:
            with open(self.path, "rb") as source, open(tmp, "wb") as target:
                for line in source:
                    record = _parse(line) if line.endswith(b"\n") else None
                    if not record or (retry_failed and "error" in record):
                        continue
                    target.write(line)
                target.flush()
                os.fsync(target.fileno())
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    def append(self, record: dict[str, Any]) -> None:
        """Write one whole line and flush it to the OS before returning."""
        assert self._handle is not None, "open() first"
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        view = memoryview(data)
        try:
            while view:
                written = self._handle.write(view)
                view = view[written or 0 :]
        except OSError as exc:
            raise storage_error(self.path, exc, f"then {RESUMES}") from None

    def close(self) -> None:
        try:
            if self._handle is not None:
                self._handle.close()
        except OSError as exc:
            raise storage_error(self.path, exc, f"then {RESUMES}") from None
        finally:
            self._handle = None
            self._lock.release()
