"""The article inside a web page: its main text and metadata, by trafilatura.

trafilatura keeps the article body (paragraphs, headings, block quotes) and drops
navigation, ads, cookie banners, related links, scripts and comments; its date finder
(htmldate) gives the publication date. Paragraphs are separated by a blank line, so the
Document splits them as it splits a plain-text article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.errors import InputError

__all__ = ["MIN_ARTICLE_CHARS", "Article", "extract_article", "extractor_name", "looks_like_html"]

MIN_ARTICLE_CHARS = 200
"""Less text than this is not an article (a paywall teaser, an index page, an error page)."""

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]"
    rb"|<body[\s>]|<meta[\s>]|<title[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_SNIFF = 2048
_CLUTTER_CLASSES = ("promo", "sponsored", "sponsor", "kicker", "advert", "advertisement", "ad")
"""Class names news sites give to clutter inside the article container, pruned before
extraction (trafilatura's own list covers navigation, comments, share and related links)."""
_PRUNE = [
    f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    for name in _CLUTTER_CLASSES
]


@dataclass(frozen=True)
class Article:
    """The text of an article found in a web page, and what the page says about it."""

    text: str
    """The article body, paragraphs separated by a blank line; every offset indexes it."""
    title: str | None = None
    author: str | None = None
    published: str | None = None
    """ISO date (YYYY-MM-DD), from the page's metadata or its date finder."""
    site: str | None = None
    url: str | None = None
    """The page's own URL (canonical link or og:url) or the one given."""
    extractor: str = ""
    """``trafilatura X.Y.Z``."""


def looks_like_html(data: bytes | str) -> bool:
    """True when the content starts like an HTML document (doctype, ``<html>``, ``<head>``...),
    whatever the file is called. A text article that mentions a tag later is still text."""
    head = data[:_SNIFF]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    return _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")) is not None


def extractor_name() -> str:
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def extract_article(html: str, url: str | None = None, *, where: str | None = None) -> Article:
    """The article in ``html``: main text (no navigation, ads, comments or boilerplate),
    title, author, publication date and site name.

    Too little text (a paywall, an index page, an empty template) is an InputError
    rather than a summary of navigation links. ``where`` names the page in that message
    (default: ``url``, else "the page").
    """
    import trafilatura

    page = where or url or "the page"
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        prune_xpath=_PRUNE,
    )
    body = getattr(document, "text", None) or ""
    text = _without_headline(_paragraphs(body), _field(document, "title"))
    if len(text) < MIN_ARTICLE_CHARS:
        raise InputError(
            f"no article text found in {page}: is it a paywall or an index page? "
            f"(only {len(text)} characters of article text)"
        )
    return Article(
        text=text,
        title=_field(document, "title"),
        author=_field(document, "author"),
        published=_field(document, "date"),
        site=_field(document, "sitename") or _field(document, "hostname"),
        url=_field(document, "url") or url,
        extractor=extractor_name(),
    )


def _paragraphs(body: str) -> str:
    """One paragraph per line from trafilatura, as paragraphs separated by a blank line."""
    lines = (" ".join(line.split()) for line in body.splitlines())
    return "\n\n".join(line for line in lines if line)


def _without_headline(text: str, title: str | None) -> str:
    """The body without a first paragraph that repeats the title (it is in ``title``), so
    every page's text starts where its article does."""
    first, _, rest = text.partition("\n\n")
    if title and rest and first.strip().casefold() == title.casefold():
        return rest
    return text


def _field(document: object, name: str) -> str | None:
    value = getattr(document, name, None)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
