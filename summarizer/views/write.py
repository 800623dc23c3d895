"""Writing the views' files (a report and its article pages), each whole or not at all."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from summarizer.errors import StorageError
from summarizer.files import write_atomically

__all__ = ["write_files"]


def write_files(files: Mapping[Path, str]) -> None:
    """Write every file atomically; a failure says which path and why (exit code 7)."""
    for path, content in files.items():
        try:
            write_atomically(path, content)
        except OSError as exc:
            raise StorageError(
                f"{path}: cannot write ({exc.strerror}); choose another -o or free some space"
            ) from None
