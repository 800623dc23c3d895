"""Telling a URL from a file name, refusing schemes we do not fetch, and the canonical
form of a URL (the id of a URL in a batch)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from summarizer.errors import InputError

__all__ = ["canonical_url", "check_url", "is_url", "is_url_list"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:(//|[^\\/]*$)")
_HTTP = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_url(given: str) -> bool:
    """``scheme://...`` (or ``mailto:x``-like): something to fetch or refuse, not a path.
    A Windows drive (``C:\\x``) is a path."""
    return bool(_SCHEME.match(given)) and not re.match(r"^[A-Za-z]:[\\/]", given)


def check_url(given: str) -> str:
    """``given`` if it is an http(s) URL with a host; anything else is a one-line InputError."""
    scheme = given.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise InputError(
            f"{given}: only http:// and https:// URLs are fetched, not {scheme}:; for a "
            "local file give its path"
        )
    if not _HTTP.match(given):
        raise InputError(f"{given}: not a valid URL (no host); check it")
    return given


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters
    (``utm_*``, ``fbclid``, ``gclid``), a path of at least ``/``: two spellings of one
    page get one batch id."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def is_url_list(text: str) -> bool:
    """A list of URLs rather than an article: every non-empty line (``#`` comments aside)
    is one http(s) URL, and there is at least one."""
    lines = [line.strip() for line in text.splitlines()]
    urls = [line for line in lines if line and not line.startswith("#")]
    return bool(urls) and all(_HTTP.match(line) for line in urls)
