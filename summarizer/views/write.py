"""Writing the views' files: each whole or not at all (temp file, then rename)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from summarizer.errors import StorageError

__all__ = ["write_files"]


def write_files(files: Mapping[Path, str]) -> None:
    """Write every file atomically; a failure says which path and why (exit code 7)."""
    for path, content in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(content, encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            raise StorageError(
                f"{path}: cannot write ({exc.strerror}); choose another -o or free some space"
            ) from None
