"""The batch's fetch stage: URLs become article texts before the engine sees them.

Runs in the batch's own process, in threads, under the per-host politeness limits
(``sources.politeness``), separate from the model's concurrency. Items keep their input
order; at most ``window`` fetches are in flight. A URL given on the command line is
fetched once up front (``remote_input``): a feed becomes its entries, a page one item.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

import httpx

from summarizer.batch.inputs import Item, RemoteInput
from summarizer.encodings import AUTO
from summarizer.errors import SummarizerError
from summarizer.schema import Source
from summarizer.sources.feeds import feed_entries, looks_like_feed
from summarizer.sources.fetch import FetchOptions, client, fetch
from summarizer.sources.load import from_fetched, load_listed
from summarizer.sources.politeness import HostGate
from summarizer.sources.urls import canonical_url, check_url

__all__ = ["fetch_items", "remote_input"]


def remote_input(
    url: str, options: FetchOptions, *, max_chars: int, encoding: str = AUTO
) -> RemoteInput:
    """A URL given to ``summarise batch``: a feed's entries, or the page itself (a
    FetchError here stops the batch: the input itself is unreadable)."""
    options = replace(options, feeds=True)
    fetched = fetch(check_url(url), options)
    if looks_like_feed(fetched.body):
        items = tuple(
            Item(
                canonical_url(entry.link),
                {"url": entry.link, "feed": url},
                url=entry.link,
                origin=Source(title=entry.title, published=entry.published, feed=url),
            )
            for entry in feed_entries(fetched.body, url)
        )
        return RemoteInput(url, items)
    key = canonical_url(url)
    try:
        loaded = from_fetched(fetched, max_chars=max_chars, encoding=encoding)
    except SummarizerError as error:
        return RemoteInput(url, (Item(key, {"url": url}, url=url, failure=error),))
    return RemoteInput(url, (Item(key, {"url": url}, text=loaded.text, origin=loaded.source),))


def _fetch_one(
    item: Item,
    gate: HostGate,
    options: FetchOptions,
    using: httpx.Client,
    max_chars: int,
    encoding: str,
) -> Item:
    assert item.url is not None
    try:
        with gate.turn(item.url):
            loaded = load_listed(
                item.url,
                item.origin,
                max_chars=max_chars,
                encoding=encoding,
                fetch_options=options,
                using=using,
            )
    except SummarizerError as error:
        return replace(item, failure=error)
    return replace(item, text=loaded.text, origin=loaded.source)


def fetch_items(
    items: Iterator[Item],
    options: FetchOptions,
    gate: HostGate,
    *,
    max_chars: int,
    encoding: str = AUTO,
    window: int = 8,
) -> Iterator[Item]:
    """``items`` with every URL item fetched (its text and Source, or its failure), in
    input order; other items pass through untouched."""
    pending: deque[Future[Item] | Item] = deque()
    with client(options) as using, ThreadPoolExecutor(max_workers=window) as pool:
        for item in items:
            if item.url is None or item.text is not None or item.failure is not None:
                pending.append(item)
            else:
                pending.append(
                    pool.submit(_fetch_one, item, gate, options, using, max_chars, encoding)
                )
            while len(pending) > window or (pending and not isinstance(pending[0], Future)):
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(entry: Future[Item] | Item) -> Item:
    return entry.result() if isinstance(entry, Future) else entry
