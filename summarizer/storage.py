"""Writing our own output files: a full or read-only disk is a ``StorageError`` (exit 7),
an environment problem with a one-line fix, never an internal error."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import TextIO

from summarizer.errors import StorageError

__all__ = ["storage_error", "write_text_atomic"]

_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def _reason(error: OSError) -> str:
    if error.errno in _FULL:
        return "the disk is full"
    if error.errno in _NOT_WRITABLE:
        return "it is not writable"
    return error.strerror or type(error).__name__


def storage_error(path: str | os.PathLike[str], error: OSError, then: str) -> StorageError:
    """One line: which file, why (disk full, not writable, the system's words), what next."""
    fix = "free some space" if error.errno in _FULL else "fix that or choose another output"
    return StorageError(f"cannot write {os.fspath(path)}: {_reason(error)}; {fix}, {then}")


def _open_for_write(path: Path) -> TextIO:
    """The one place our output files are opened (tests point it at /dev/full)."""
    return open(path, "w", encoding="utf-8")


def write_text_atomic(path: Path, content: str) -> None:
    """Write ``content`` to a temporary file beside ``path``, flush it to disk and swap it
    in, so ``path`` is either the old file or the whole new one, even after a crash; an
    OSError leaves no temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with _open_for_write(tmp) as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
