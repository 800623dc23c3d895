"""robots.txt, read with the standard library's ``urllib.robotparser``.

Asked once per site and remembered for the process. As ``RobotFileParser.read`` does:
401 or 403 for robots.txt disallows the whole site, any other 4xx (no robots.txt)
allows it; a site whose robots.txt cannot be fetched at all (down, timeout) is allowed,
and the page's own fetch then says what is wrong.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from summarizer.errors import FetchError

__all__ = ["check_robots", "forget", "robots_for"]

_ROBOTS_BYTES = 500_000
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]
_ALLOW_ALL: list[str] = []
_cache: dict[str, RobotFileParser] = {}
_lock = threading.Lock()


def robots_for(url: str, using: httpx.Client) -> RobotFileParser:
    """The parsed robots.txt of ``url``'s site (fetched once per site)."""
    parts = urlsplit(url)
    site = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    with _lock:
        known = _cache.get(site)
    if known is not None:
        return known
    parser = RobotFileParser(site + "/robots.txt")
    try:
        with using.stream("GET", site + "/robots.txt") as response:
            status = response.status_code
            if status in (401, 403):
                parser.parse(_DISALLOW_ALL)
            elif status >= 400:
                parser.parse(_ALLOW_ALL)
            else:
                parser.parse(_head(response).decode("utf-8", "replace").splitlines())
    except httpx.HTTPError:
        parser.parse(_ALLOW_ALL)
    with _lock:
        _cache[site] = parser
    return parser


def _head(response: httpx.Response) -> bytes:
    """The first ``_ROBOTS_BYTES`` of the body (Google reads 500 KiB; the rest is ignored)."""
    data = b""
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) >= _ROBOTS_BYTES:
            break
    return data[:_ROBOTS_BYTES]


def check_robots(url: str, using: httpx.Client) -> None:
    """A FetchError when the site's robots.txt disallows ``url`` for our User-Agent."""
    agent = str(using.headers.get("User-Agent", "*"))
    if not robots_for(url, using).can_fetch(agent, url):
        raise FetchError(
            f"{url}: the site's robots.txt disallows fetching it; give --no-respect-robots to "
            "fetch it anyway (only for pages you may read)"
        )


def forget() -> None:
    """Drop every remembered robots.txt (tests, long-running processes)."""
    with _lock:
        _cache.clear()
