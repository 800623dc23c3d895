"""Any article source to text + ``Source``: a file, standard input, a URL, a saved web
page (told by its content, not its name) or a feed entry.

Plain text is read exactly as before (``summarizer.inputs``): same bounds, same decoding,
same offsets. A web page is decoded (HTTP charset, ``<meta>`` charset, then detection),
its article extracted (``extract_article``), and the extracted text is what every offset
indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import httpx

from summarizer.config import DEFAULT_MAX_CHARS
from summarizer.encodings import AUTO, decode_bytes
from summarizer.errors import ConfigError, InputError
from summarizer.inputs import byte_limit, check_text, read_bytes, too_long_error
from summarizer.schema import Source
from summarizer.sources.article import extract_article, looks_like_html
from summarizer.sources.decode import decode_page
from summarizer.sources.fetch import Fetched, FetchOptions, fetch
from summarizer.sources.urls import check_url, is_url

__all__ = [
    "INPUT_KINDS",
    "InputKind",
    "Loaded",
    "check_kind",
    "from_bytes",
    "from_fetched",
    "from_html",
    "load",
    "load_listed",
]

PAGE_BYTES_PER_ARTICLE_BYTE = 10
"""A saved page (markup, scripts, styles) is read up to ten times ``byte_limit(max_chars)``."""

InputKind = Literal["auto", "text", "html"]
INPUT_KINDS: tuple[str, ...] = ("auto", "text", "html")


@dataclass(frozen=True)
class Loaded:
    """An article's text and where it came from (``source`` is None for plain text)."""

    text: str
    source: Source | None = None
    note: str | None = None
    """Worth telling the user on stderr (e.g. the encoding that was detected)."""


def check_kind(kind: str) -> InputKind:
    lowered = kind.strip().lower()
    if lowered not in INPUT_KINDS:
        raise ConfigError(f"--input must be auto, text or html, not {kind!r}")
    return lowered  # type: ignore[return-value]


def load(
    given: str,
    *,
    kind: str = "auto",
    max_chars: int = DEFAULT_MAX_CHARS,
    encoding: str = AUTO,
    fetch_options: FetchOptions | None = None,
) -> Loaded:
    """The article that ``given`` names: ``-`` (standard input), an http(s) URL, or a file."""
    kind = check_kind(kind)
    if given != "-" and is_url(given):
        fetched = fetch(check_url(given), fetch_options or FetchOptions())
        return from_fetched(fetched, kind=kind, max_chars=max_chars, encoding=encoding)
    where = "standard input" if given == "-" else given
    limit = byte_limit(max_chars)
    if kind != "text":  # a saved page may take ten times its article's bytes, up to the cap
        page_cap = (fetch_options or FetchOptions()).max_bytes
        limit = max(limit, min(page_cap, PAGE_BYTES_PER_ARTICLE_BYTE * limit))
    data = read_bytes(given, limit, lambda: too_long_error(where, max_chars))
    return from_bytes(data, where=where, kind=kind, max_chars=max_chars, encoding=encoding)


def from_bytes(
    data: bytes,
    *,
    where: str,
    kind: str = "auto",
    max_chars: int = DEFAULT_MAX_CHARS,
    encoding: str = AUTO,
    url: str | None = None,
) -> Loaded:
    """Bytes read from a file or stdin: a web page if ``kind`` is html, or auto and the
    content starts like HTML; else plain text, read as ``read_article`` reads it."""
    if kind == "html" or (kind == "auto" and looks_like_html(data)):
        html = decode_page(data, where=where, encoding=encoding)
        return from_html(html, where=where, url=url, max_chars=max_chars)
    if len(data) > byte_limit(max_chars):
        raise too_long_error(where, max_chars)
    decoded = decode_bytes(data, where=where, encoding=encoding)
    text = check_text(decoded.text, where=where, max_chars=max_chars)
    note = f"read {where} as {decoded.encoding}" if decoded.detected else None
    return Loaded(text, None, note)


def from_html(
    html: str,
    *,
    where: str | None = None,
    url: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    fetched: Fetched | None = None,
    listed: Source | None = None,
) -> Loaded:
    """A web page's article as text + Source. ``fetched`` is how it was fetched (None for
    a saved page); ``listed`` is what a feed said about the entry (title, date, feed)."""
    page = where or url or "the page"
    article = extract_article(html, url, where=page)
    text = check_text(article.text, where=page, max_chars=max_chars)
    source = Source(
        url=url or article.url,
        final_url=fetched.final_url if fetched else None,
        title=article.title or (listed.title if listed else None),
        site=article.site,
        author=article.author,
        published=article.published or (listed.published if listed else None),
        fetched_at=fetched.fetched_at if fetched else None,
        extractor=article.extractor,
        feed=listed.feed if listed else None,
    )
    return Loaded(text, source)


def from_fetched(
    fetched: Fetched,
    *,
    kind: str = "auto",
    max_chars: int = DEFAULT_MAX_CHARS,
    encoding: str = AUTO,
    listed: Source | None = None,
) -> Loaded:
    """A fetched page: HTML (or XHTML) is extracted; a text/plain page is the article."""
    where = fetched.url
    plain = kind == "text" or (
        kind == "auto"
        and fetched.content_type == "text/plain"
        and not looks_like_html(fetched.body)
    )
    if plain:
        if len(fetched.body) > byte_limit(max_chars):
            raise too_long_error(where, max_chars)
        if encoding == AUTO and fetched.charset:
            decoded_text = decode_page(fetched.body, where=where, header_charset=fetched.charset)
        else:
            decoded_text = decode_bytes(fetched.body, where=where, encoding=encoding).text
        text = check_text(decoded_text, where=where, max_chars=max_chars)
        source = Source(
            url=fetched.url,
            final_url=fetched.final_url,
            title=listed.title if listed else None,
            site=urlsplit(fetched.final_url).hostname,
            published=listed.published if listed else None,
            fetched_at=fetched.fetched_at,
            feed=listed.feed if listed else None,
        )
        return Loaded(text, source)
    html = decode_page(fetched.body, where=where, header_charset=fetched.charset, encoding=encoding)
    if not html.strip():
        raise InputError(f"{where}: the page is empty; check the URL")
    return from_html(
        html, where=where, url=fetched.url, max_chars=max_chars, fetched=fetched, listed=listed
    )


def load_listed(
    url: str,
    listed: Source | None = None,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    encoding: str = AUTO,
    fetch_options: FetchOptions | None = None,
    using: httpx.Client | None = None,
) -> Loaded:
    """A URL from a list, a JSONL record or a feed: fetched and extracted, with what the
    feed said about it (``listed``) kept in its Source."""
    fetched = fetch(check_url(url), fetch_options or FetchOptions(), using=using)
    return from_fetched(fetched, max_chars=max_chars, encoding=encoding, listed=listed)
