"""Bytes to text: which encoding an article file is in, and its decoded text.

``auto`` reads a byte-order mark (UTF-8, UTF-16, UTF-32), then UTF-8, then UTF-16/32
without a mark (told from binary data by where the NUL bytes fall), then asks
charset-normalizer about legacy code pages. A byte-order mark is kept as the character
U+FEFF at offset 0, in every encoding, so offsets count the file's characters exactly
as a program that decodes the file (without stripping the mark) sees them.
"""

from __future__ import annotations

import codecs
import contextlib
from dataclasses import dataclass

from summarizer.errors import ConfigError, InputError

__all__ = ["AUTO", "Decoded", "check_encoding", "decode_bytes"]

AUTO = "auto"

_BOMS = (
    # UTF-32 LE first: its mark starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WITHOUT_BOM = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
_MARK_STRIPPING = {"utf-8-sig": "utf-8", "utf-16": "utf-16", "utf-32": "utf-32"}
"""Codecs that drop a byte-order mark, and the family whose mark they drop."""
_SPACE = frozenset("\t\n\r\f\v")
_SNIFF_BYTES = 8192
"""NUL bytes this early mean UTF-16/32 or binary data; a stray NUL later is UTF-8's."""


@dataclass(frozen=True)
class Decoded:
    """An article's text and how it was read."""

    text: str
    encoding: str
    """The Python codec used, e.g. ``utf-8``, ``utf-16-le``, ``cp1252``."""
    detected: bool
    """True when ``auto`` found an encoding other than UTF-8 (worth telling the user)."""


def check_encoding(name: str) -> str:
    """``auto`` or the canonical name of a text codec; anything else is a usage error."""
    if name.strip().lower() == AUTO:
        return AUTO
    try:
        canonical = codecs.lookup(name).name
        _probe(canonical)
    except LookupError:
        raise ConfigError(
            f"unknown encoding {name!r}: use auto, or a text encoding such as utf-8, utf-16, "
            "cp1252 or iso-8859-15"
        ) from None
    return canonical


def _probe(codec: str) -> None:
    """LookupError for a codec that is not a text encoding (base64, zlib, rot13)."""
    # not b"": decoding nothing is never checked; a text codec may reject these bytes
    with contextlib.suppress(ValueError):
        b"\x00\x00\x00\x00".decode(codec)


def decode_bytes(data: bytes, *, where: str, encoding: str = AUTO) -> Decoded:
    """Decode an article file's bytes; an undecodable file is a one-line InputError."""
    encoding = check_encoding(encoding)
    if encoding != AUTO:
        codec = _explicit_codec(data, encoding)
        return Decoded(_strict(data, codec, where), codec, detected=False)
    marked = _bom_codec(data)
    if marked is not None:
        return Decoded(_strict(data, marked, where), marked, detected=marked != "utf-8")
    if b"\x00" in data[:_SNIFF_BYTES]:
        return _without_bom(data, where)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", detected=False)
    except UnicodeDecodeError as exc:
        return _legacy(data, where, bad_byte=exc.start)


def _strict(data: bytes, codec: str, where: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: is not valid {codec} text (bad byte at position {exc.start}); name "
            "its encoding with --encoding, or convert the file to UTF-8"
        ) from None


def _bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _explicit_codec(data: bytes, encoding: str) -> str:
    """The codec for an explicit ``--encoding``: a mark-dropping codec (utf-16, utf-8-sig)
    is swapped for its mark-keeping twin when the file has the mark, so offsets do not
    depend on how the encoding was named."""
    family = _MARK_STRIPPING.get(encoding)
    bom_codec = _bom_codec(data)
    if family is not None and bom_codec is not None and bom_codec.startswith(family):
        return bom_codec
    return encoding


def _without_bom(data: bytes, where: str) -> Decoded:
    """UTF-16 or UTF-32 text without a mark, or binary data: text decodes with no NUL
    character and little else that is not printable."""
    for codec in _WITHOUT_BOM:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _mostly_printable(text):
            return Decoded(text, codec, detected=True)
    raise InputError(
        f"{where}: looks like a binary file; give a plain-text article (or name its "
        "encoding with --encoding)"
    )


def _mostly_printable(text: str) -> bool:
    sample = text[:4096]
    odd = sum(1 for char in sample if not (char.isprintable() or char in _SPACE))
    return odd <= len(sample) // 50


def _legacy(data: bytes, where: str, *, bad_byte: int) -> Decoded:
    """A legacy code page, as charset-normalizer judges it. Where Windows-1252 (the usual
    encoding of Western text saved on Windows: curly quotes in 0x91-0x94) reads the bytes
    at least as well as its first choice (no more chaos, no less coherence), take
    Windows-1252: the Latin code pages often tie on short texts."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            f"{where}: is not UTF-8 (bad byte at position {bad_byte}) and its encoding could "
            "not be detected; name it with --encoding (e.g. --encoding cp1252) or convert "
            "the file to UTF-8"
        )
    codec = codecs.lookup(best.encoding).name
    if codec != "cp1252":
        western = from_bytes(data, cp_isolation=["cp1252"]).best()
        if (
            western is not None
            and western.chaos <= best.chaos
            and western.coherence >= best.coherence
        ):
            codec = "cp1252"
    return Decoded(_strict(data, codec, where), codec, detected=True)
