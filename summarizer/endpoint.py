"""Where the model endpoint is: on this machine or not (a local server is one machine
with one queue, which changes how long to wait for it and whether to retry it)."""

from __future__ import annotations

import ipaddress

import httpx

__all__ = ["is_local"]


def is_local(url: httpx.URL | str) -> bool:
    """A loopback address or a ``localhost`` name: the server would run on this machine."""
    host = (httpx.URL(url) if isinstance(url, str) else url).host
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
