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
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from summarizer.config import DEFAULT_MAX_CHARS
from summarizer.encodings import AUTO, Decoded, decode_bytes
from summarizer.errors import InputError

__all__ = ["byte_limit", "check_text", "decode_article", "read_article", "read_source"]

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
        raise _too_long(where, max_chars)
    return _checked(decode_bytes(data, where=where, encoding=encoding), where, max_chars).text


def read_source(source: str | Path, *, max_chars: int, encoding: str = AUTO) -> Decoded:
    """Read and decode an article (see ``read_article``), with the encoding used."""
    given = str(source)
    if given == "-":
        where = "standard input"
        data = _read_bounded(sys.stdin.buffer, max_chars, where)
    else:
        where = given
        data = _read_file(given, max_chars)
    return _checked(decode_bytes(data, where=where, encoding=encoding), where, max_chars)


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


def _read_file(given: str, max_chars: int) -> bytes:
    if _URL.match(given):
        raise InputError(
            f"{given}: URLs are not supported yet; save the article's text to a file and give "
            "that file"
        )
    path = Path(given)
    if not path.exists():
        raise InputError(f"{given}: no such file; check the path (use - to read stdin)")
    if path.is_dir():
        raise InputError(f"{given}: is a directory; give an article file (or use 'batch')")
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > byte_limit(max_chars):
                raise _too_long(given, max_chars)
            return _read_bounded(handle, max_chars, given)
    except OSError as exc:
        raise InputError(
            f"{given}: cannot be read ({exc.strerror}); check its permissions"
        ) from None


def _read_bounded(handle: BinaryIO, max_chars: int, where: str) -> bytes:
    """At most ``byte_limit(max_chars)`` bytes, in chunks (a small input never costs the
    whole limit); one byte more means the article is too long."""
    limit = byte_limit(max_chars)
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = handle.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise _too_long(where, max_chars)


def _too_long(where: str, max_chars: int) -> InputError:
    return InputError(
        f"{where}: has more than {byte_limit(max_chars):,} bytes, over the limit of "
        f"{max_chars:,} characters; raise it with --max-chars or split the article"
    )
