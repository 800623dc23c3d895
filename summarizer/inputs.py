"""Reading an article from a file or standard input, with one clear error per problem.

Reading is bounded: a character takes at most four bytes (UTF-8, UTF-16 and UTF-32
alike), so once more than ``4 * max_chars`` bytes (plus a byte-order mark) have come in,
the article is over ``max_chars`` whatever its encoding and is refused without reading
further. A 400 MB file, a pipe that never ends or ``/dev/zero`` costs at most that much
memory. Messages name the source exactly as it was given.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from summarizer.config import DEFAULT_MAX_CHARS
from summarizer.encodings import AUTO, Decoded, decode_bytes
from summarizer.errors import InputError

__all__ = [
    "byte_limit",
    "check_text",
    "decode_article",
    "read_article",
    "read_bytes",
    "read_source",
    "too_long_error",
]

MAX_BYTES_PER_CHAR = 4
MARK_BYTES = 4
"""Room for a byte-order mark (at most four bytes, UTF-32's)."""
_CHUNK = 1 << 16
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def byte_limit(max_chars: int) -> int:
    """The most bytes an article of ``max_chars`` characters can take in any encoding."""
    return max_chars * MAX_BYTES_PER_CHAR + MARK_BYTES


def read_article(
    source: str | Path, *, max_chars: int = DEFAULT_MAX_CHARS, encoding: str = AUTO
) -> str:
    """The text of an article file, or of standard input when ``source`` is ``-``:
    exactly the text the ``summarise`` command summarises, so offsets agree."""
    return read_source(source, max_chars=max_chars, encoding=encoding).text


def decode_article(
    data: bytes,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    encoding: str = AUTO,
    where: str = "the article",
) -> str:
    """The text of an article given as bytes, decoded and checked as ``read_article`` does."""
    if len(data) > byte_limit(max_chars):
        raise too_long_error(where, max_chars)
    return _checked(decode_bytes(data, where=where, encoding=encoding), where, max_chars).text


def read_source(source: str | Path, *, max_chars: int, encoding: str = AUTO) -> Decoded:
    """Read and decode an article (see ``read_article``), with the encoding used."""
    given = str(source)
    where = "standard input" if given == "-" else given
    data = read_bytes(given, byte_limit(max_chars), lambda: too_long_error(where, max_chars))
    return _checked(decode_bytes(data, where=where, encoding=encoding), where, max_chars)


def read_bytes(given: str, limit: int, too_long: Callable[[], Exception]) -> bytes:
    """The bytes of a file, or of standard input for ``-``: at most ``limit`` of them, in
    chunks; a file or stream with more raises ``too_long()`` without reading further."""
    if given == "-":
        return _read_bounded(sys.stdin.buffer, limit, too_long)
    return _read_file(given, limit, too_long)


def check_text(text: str, *, where: str = "the article", max_chars: int) -> str:
    """Reject empty and oversized articles; return the text to summarise.

    A lone surrogate (U+D800-U+DFFF on its own: not a character, so no encoding can
    write it; a JSON ``\\udc80`` escape or ``errors="surrogateescape"`` makes one) is
    replaced by U+FFFD, one code point for one, so every offset stays the same.
    """
    if not isinstance(text, str):
        hint = ""
        if isinstance(text, bytes | bytearray):
            hint = "; decode it first, e.g. with summarizer.decode_article(data)"
        raise InputError(f"{where}: expected text (str), got {type(text).__name__}{hint}")
    if not text.strip():
        raise InputError(f"{where}: is empty; give an article with some text")
    if len(text) > max_chars:
        raise InputError(
            f"{where}: has {len(text):,} characters, over the limit of {max_chars:,}; "
            "raise it with --max-chars or split the article"
        )
    return _LONE_SURROGATE.sub("\ufffd", text)


def _checked(decoded: Decoded, where: str, max_chars: int) -> Decoded:
    return replace(decoded, text=check_text(decoded.text, where=where, max_chars=max_chars))


def _read_file(given: str, limit: int, too_long: Callable[[], Exception]) -> bytes:
    if _URL.match(given):  # sources.load fetches http(s) URLs before it gets here
        raise InputError(
            f"{given}: only http:// and https:// URLs are fetched; for a local file give its path"
        )
    path = Path(given)
    if not path.exists():
        raise InputError(f"{given}: no such file; check the path (use - to read stdin)")
    if path.is_dir():
        raise InputError(f"{given}: is a directory; give an article file (or use 'batch')")
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise too_long()
            return _read_bounded(handle, limit, too_long)
    except OSError as exc:
        raise InputError(
            f"{given}: cannot be read ({exc.strerror}); check its permissions"
        ) from None


def _read_bounded(handle: BinaryIO, limit: int, too_long: Callable[[], Exception]) -> bytes:
    """At most ``limit`` bytes, in chunks (a small input never costs the whole limit); one
    byte more means the input is too long."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = handle.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise too_long()


def too_long_error(where: str, max_chars: int) -> InputError:
    """The one-line error for an article over ``max_chars`` (more bytes than it may take)."""
    return InputError(
        f"{where}: has more than {byte_limit(max_chars):,} bytes, over the limit of "
        f"{max_chars:,} characters; raise it with --max-chars or split the article"
    )
