"""Feeds (RSS 0.9x, 1.0, 2.0 and Atom), read with feedparser: each entry's link is an
article to fetch, with the entry's title and date kept for its ``source``."""

from __future__ import annotations

import time
from dataclasses import dataclass

from summarizer.errors import NothingToDoError

__all__ = ["FeedEntry", "feed_entries", "looks_like_feed"]

_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


@dataclass(frozen=True)
class FeedEntry:
    """One article a feed lists."""

    link: str
    title: str | None
    published: str | None
    """ISO date (YYYY-MM-DD) of the entry, if the feed gives one."""
    feed: str
    """The feed's URL."""


def looks_like_feed(data: bytes) -> bool:
    """The document's root element is ``<rss>``, Atom's ``<feed>`` or RSS 1.0's ``<rdf:RDF>``."""
    head = data[:2048].lower()
    start = head.find(b"<", head.find(b"?>") + 1 if head.lstrip().startswith(b"<?xml") else 0)
    while start != -1 and head[start : start + 4] in (b"<!--", b"<!do"):
        start = head.find(b"<", head.find(b">", start) + 1)
    return start != -1 and head[start:].startswith(_FEED_ROOTS)


def feed_entries(data: bytes, feed_url: str) -> list[FeedEntry]:
    """Every entry of the feed that has a link, in the feed's order; a feed without any
    is NothingToDoError."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": feed_url})
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            continue
        title = entry.get("title")
        entries.append(
            FeedEntry(
                link=link.strip(),
                title=" ".join(title.split()) if isinstance(title, str) and title.strip() else None,
                published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
                feed=feed_url,
            )
        )
    if not entries:
        raise NothingToDoError(f"{feed_url}: the feed has no entries with a link; nothing to do")
    return entries


def _date(value: object) -> str | None:
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    return None
