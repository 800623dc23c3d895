"""A page's charset: the HTTP header, else its <meta>, else detection."""

from __future__ import annotations

from summarizer.sources.decode import declared_charset, decode_page

CURLY = "\u201cIt was worth the wait,\u201d she said \u2013 caf\u00e9."


def test_the_header_charset_wins_over_the_meta() -> None:
    page = f'<html><head><meta charset="utf-8"></head><body>{CURLY}</body></html>'
    data = page.encode("cp1252")
    assert CURLY in decode_page(data, where="p", header_charset="windows-1252")


def test_the_meta_charset_when_the_header_has_none() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        f"</head><body>{CURLY}</body></html>"
    )
    assert declared_charset(page.encode("cp1252")) == "cp1252"
    assert CURLY in decode_page(page.encode("cp1252"), where="p")


def test_a_latin_1_label_reads_as_windows_1252() -> None:
    page = f"<html><body>{CURLY}</body></html>".encode("cp1252")
    assert CURLY in decode_page(page, where="p", header_charset="ISO-8859-1")


def test_an_unknown_or_lying_label_falls_back_to_detection() -> None:
    page = f'<html><head><meta charset="x-klingon"></head><body>{CURLY}</body></html>'
    assert CURLY in decode_page(page.encode("utf-8"), where="p")
    lying = f'<html><head><meta charset="utf-8"></head><body>{CURLY}</body></html>'
    assert CURLY in decode_page(lying.encode("cp1252"), where="p")


def test_an_explicit_encoding_wins() -> None:
    page = f'<html><head><meta charset="utf-8"></head><body>{CURLY}</body></html>'
    assert CURLY in decode_page(page.encode("cp1252"), where="p", encoding="cp1252")
