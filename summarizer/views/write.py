"""Writing the views' files (a report and its article pages), each whole or not at all."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from summarizer.storage import storage_error, write_text_atomic

__all__ = ["write_files"]


def write_files(files: Mapping[Path, str]) -> None:
    """Write every file atomically; a failure says which path and why (exit code 7)."""
    for path, content in files.items():
        try:
            write_text_atomic(path, content)
        except OSError as exc:
            raise storage_error(path, exc, "then run the same command again") from None
