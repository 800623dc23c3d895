"""Reading an article from a file or standard input, with one clear error per problem."""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.errors import InputError

__all__ = ["check_text", "read_article"]


def read_article(source: str | Path, *, max_chars: int) -> str:
    """Read an article from a path, or from standard input when ``source`` is ``-``."""
    if str(source) == "-":
        data = sys.stdin.buffer.read()
        where = "standard input"
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{path}: no such file; check the path (use - to read stdin)")
        if path.is_dir():
            raise InputError(f"{path}: is a directory; give an article file (or use 'batch')")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"{path}: cannot be read ({exc.strerror}); check its permissions"
            ) from None
        where = str(path)
    return decode_article(data, where=where, max_chars=max_chars)


def decode_article(data: bytes, *, where: str, max_chars: int) -> str:
    """Decode bytes as UTF-8 text and check it is a usable article."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: looks like a binary file; give a plain-text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: is not UTF-8 text (bad byte at position {exc.start}); convert it, e.g. "
            "iconv -f latin1 -t utf-8"
        ) from None
    return check_text(text, where=where, max_chars=max_chars)


def check_text(text: str, *, where: str = "the article", max_chars: int) -> str:
    """Reject empty and oversized articles; return the text unchanged."""
    if not isinstance(text, str):
        raise InputError(f"{where}: expected text (str), got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}: is empty; give an article with some text")
    if len(text) > max_chars:
        raise InputError(
            f"{where}: has {len(text):,} characters, over the limit of {max_chars:,}; "
            "raise it with --max-chars or split the article"
        )
    return text
