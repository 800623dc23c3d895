"""A web page's bytes as text: the charset the server names, else the one the page
declares in a ``<meta>`` tag, else the project's detection (byte-order mark, UTF-8,
then charset-normalizer), as for an article file."""

from __future__ import annotations

import codecs
import re

from summarizer.encodings import AUTO, decode_bytes

__all__ = ["declared_charset", "decode_page"]

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_PRESCAN = 4096
"""Browsers look for the ``<meta>`` charset in the first 1024 bytes; we allow a longer head."""


def declared_charset(data: bytes) -> str | None:
    """The codec a ``<meta charset>`` or ``<meta http-equiv content="...; charset=">`` names."""
    found = _META.search(data[:_PRESCAN])
    return _codec(found.group(1).decode("ascii", "replace")) if found else None


def decode_page(
    data: bytes, *, where: str, header_charset: str | None = None, encoding: str = AUTO
) -> str:
    """The page's text. An explicit ``encoding`` (``--encoding``) wins over what the page
    says; a charset that Python does not know is ignored rather than fatal."""
    if encoding == AUTO:
        named = _codec(header_charset) if header_charset else None
        named = named or declared_charset(data)
        if named is not None:
            if named in ("utf-8", "ascii"):
                named = None  # let auto keep a byte-order mark and fall back when it lies
            else:
                # A Latin-1 label means Windows-1252 on the web (curly quotes in 0x91-0x94).
                encoding = "cp1252" if named in ("latin_1", "iso8859-1") else named
    return decode_bytes(data, where=where, encoding=encoding).text


def _codec(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
