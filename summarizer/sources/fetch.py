"""Fetching a web page or feed over http(s), politely and within bounds.

A real User-Agent (``summarizer/VERSION``), at most ``max_redirects`` redirects, a
connect/read timeout, a size cap checked while the body streams in, and the
``Content-Type`` checked before the body is read (HTML, XHTML, plain text, and feeds
where a feed is welcome; a PDF or an image is refused). Transient failures (429 with
its ``Retry-After``, 408, 409, 5xx, timeouts, dropped connections) are retried by the
project's one policy (``summarizer.retry.send_with_retries``, the same rules and
backoff as the model endpoint's, within the fetch options' budget); another 4xx is not,
nor is a refused connection to this machine (nothing is listening). Every failure is one
``FetchError`` line that says what happened and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from summarizer.config import NumberRange
from summarizer.errors import FetchError
from summarizer.retry import RequestLog, RetryBudget, send_with_retries, transient_status
from summarizer.sources.urls import check_url

__all__ = [
    "FEED_TYPES",
    "FETCH_TIMEOUT",
    "PAGE_TYPES",
    "FetchOptions",
    "Fetched",
    "client",
    "fetch",
    "user_agent",
]

FETCH_TIMEOUT = NumberRange(float, 0, 3600, low_inclusive=False, unit="seconds")
"""What ``--fetch-timeout`` accepts."""
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_ACCEPT = (
    "text/html,application/xhtml+xml,text/plain;q=0.9,application/rss+xml,"
    "application/atom+xml,application/xml;q=0.8"
)


def user_agent() -> str:
    """What the project tells every site it fetches from."""
    from summarizer import __version__

    return f"summarizer/{__version__} (news summariser; +https://pypi.org/project/summarizer/)"


@dataclass(frozen=True)
class FetchOptions:
    """How pages are fetched. The defaults suit one article; a batch sets ``respect_robots``."""

    timeout: float = 20.0
    """Seconds to connect, and seconds between two pieces of the answer."""
    max_bytes: int = 10_000_000
    """Refuse a page larger than this (checked while it streams in)."""
    max_redirects: int = 5
    attempts: int = 3
    """Tries for a transient failure (429, 5xx, timeout, dropped connection)."""
    max_wait: float = 60.0
    """Seconds for all tries and the waits between them."""
    respect_robots: bool = False
    """Ask the site's robots.txt first and refuse what it disallows for our User-Agent."""
    feeds: bool = False
    """Accept a feed (RSS, Atom) as well as a page."""


@dataclass(frozen=True)
class Fetched:
    """A page's bytes and what the server said about them."""

    url: str
    final_url: str
    content_type: str
    """The media type alone, lower case (``text/html``); empty if the server gave none."""
    charset: str | None
    body: bytes
    fetched_at: str
    """ISO 8601 UTC, to the second."""


def client(options: FetchOptions) -> httpx.Client:
    """An httpx client with the project's User-Agent, redirects and timeouts."""
    return httpx.Client(
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=httpx.Timeout(options.timeout),
        headers={"User-Agent": user_agent(), "Accept": _ACCEPT},
        trust_env=True,
    )


def fetch(
    url: str, options: FetchOptions | None = None, *, using: httpx.Client | None = None
) -> Fetched:
    """GET ``url`` (http or https only) under ``options``; a FetchError for every failure."""
    options = options or FetchOptions()
    check_url(url)
    if using is None:
        with client(options) as own:
            return fetch(url, options, using=own)
    if options.respect_robots:
        from summarizer.sources.robots import check_robots

        check_robots(url, using)
    log = RequestLog()
    try:
        return _get(url, options, using, log)
    except httpx.TimeoutException:
        raise FetchError(
            f"{url}: no answer within {options.timeout:g} s after {_tries(log.last_attempts)}; "
            "the site is slow or down: try again later"
        ) from None
    except httpx.TooManyRedirects:
        raise FetchError(
            f"{url}: more than {options.max_redirects} redirects; check the URL in a browser"
        ) from None
    except httpx.UnsupportedProtocol:
        raise FetchError(f"{url}: redirected to a URL that is not http(s); not followed") from None
    except httpx.HTTPError as error:
        raise FetchError(
            f"{url}: cannot fetch it ({type(error).__name__}) after "
            f"{_tries(log.last_attempts)}; check the URL and your network"
        ) from None


def _tries(attempts: int) -> str:
    return f"{attempts} attempt{'s' if attempts != 1 else ''}"


def _get(url: str, options: FetchOptions, using: httpx.Client, log: RequestLog) -> Fetched:
    """The page, its transient failures retried by the project's one policy."""
    request = using.build_request("GET", url)
    response = send_with_retries(
        lambda: using.send(request, stream=True),
        url=request.url,
        budget=RetryBudget(options.attempts, options.max_wait),
        log=log,
    )
    try:
        status = response.status_code
        if transient_status(status):
            what = f"HTTP {status} {response.reason_phrase}".strip()
            raise FetchError(
                f"{url}: the site kept failing ({what}) after {_tries(log.last_attempts)}; "
                "try again later",
                status_code=status,
            )
        if status >= 400:
            raise FetchError(_refusal(url, status, response.reason_phrase), status_code=status)
        media, charset = _content_type(response.headers.get("content-type", ""))
        _check_type(url, media, options)
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > options.max_bytes:
            raise _too_big(url, options)
        body = _read_capped(response, url, options)
        return Fetched(
            url=url,
            final_url=str(response.url),
            content_type=media,
            charset=charset,
            body=body,
            fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        )
    finally:
        response.close()


def _read_capped(response: httpx.Response, url: str, options: FetchOptions) -> bytes:
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > options.max_bytes:
            raise _too_big(url, options)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(url: str, options: FetchOptions) -> FetchError:
    return FetchError(
        f"{url}: the page is larger than {options.max_bytes:,} bytes; not read (save the "
        "article's text to a file and give that)"
    )


def _refusal(url: str, status: int, reason: str) -> str:
    what = f"HTTP {status} {reason}".strip()
    if status == 404 or status == 410:
        return f"{url}: {what}: no such page; check the URL"
    if status in (401, 403):
        return (
            f"{url}: {what}: the site refused access; save the page from a browser and give "
            "the file"
        )
    return f"{url}: {what}: the site refused the request; check the URL"


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _check_type(url: str, media: str, options: FetchOptions) -> None:
    if not media or media in PAGE_TYPES or (options.feeds and media in FEED_TYPES):
        return
    if media in FEED_TYPES or media.endswith("+xml"):
        raise FetchError(
            f"{url}: is a feed ({media}), not an article; give it to 'summarise batch URL -o "
            "out.jsonl' to summarise its entries"
        )
    if media == "application/pdf":
        kind = "a PDF"
    elif media.startswith("image/"):
        kind = "an image"
    elif media.startswith(("audio/", "video/")):
        kind = "audio or video"
    else:
        kind = "not a web page"
    raise FetchError(
        f"{url}: is {kind} ({media}); only HTML and plain-text pages are read: save the "
        "article's text to a file and give that"
    )
