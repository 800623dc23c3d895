"""The batch's HTTP transport: httpx's interface over one aiohttp session.

httpx's own ``AsyncHTTPTransport`` (httpcore over anyio) spends more CPU a request
on connection-pool bookkeeping and stream wrappers than aiohttp's keep-alive pool
does for the same work, which a batch of many small requests feels
(``python benchmarks/batch_llm.py --floor`` prints both). The openai client still
speaks httpx: this transport turns an ``httpx.Request`` into an aiohttp request and the
answer back into an ``httpx.Response`` with the whole (still encoded) body read.

aiohttp's errors become the httpx errors the openai client maps, so the engine's
retry policy and messages stay as they are: a read timeout is ``httpx.ReadTimeout``
(retried, then "no answer within N s"), a refused or dropped connection is
``httpx.ConnectError`` / ``httpx.RemoteProtocolError`` (a dropped one retried, then
"connection ... failed or was dropped"; a refused one "nothing is listening at URL"
when the URL is local).

The session belongs to the event loop that first uses it; ``aclose`` closes it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import httpx

__all__ = ["AiohttpTransport"]


def _timeout(request: httpx.Request) -> aiohttp.ClientTimeout:
    """httpx's per-request timeouts (connect, read, pool) as aiohttp's."""
    timeout = request.extensions.get("timeout", {})
    return aiohttp.ClientTimeout(
        total=None,
        connect=timeout.get("pool"),
        sock_connect=timeout.get("connect"),
        sock_read=timeout.get("read"),
    )


def _httpx_error(error: Exception, request: httpx.Request) -> httpx.TransportError:
    """The httpx error for an aiohttp one (most specific first)."""
    message = str(error) or type(error).__name__
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message, request=request)
    if isinstance(error, (aiohttp.ServerTimeoutError, TimeoutError)):
        return httpx.ReadTimeout(message, request=request)
    if isinstance(error, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message, request=request)
    if isinstance(error, aiohttp.ClientPayloadError):
        return httpx.ReadError(message, request=request)
    if isinstance(error, (aiohttp.ServerDisconnectedError, aiohttp.ClientConnectionError)):
        return httpx.RemoteProtocolError(message, request=request)
    if isinstance(error, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol(message, request=request)
    return httpx.TransportError(message, request=request)


class _Body(httpx.AsyncByteStream):
    """A body already read, as a stream (a response built with ``content=`` would count
    as consumed, and the batch transport reads the raw body once more)."""

    def __init__(self, content: bytes) -> None:
        self.content = content

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.content


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an aiohttp keep-alive pool of up to ``max_connections``."""

    def __init__(self, *, max_connections: int = 100, keepalive_expiry: float = 5.0) -> None:
        self.max_connections = max_connections
        self.keepalive_expiry = keepalive_expiry
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self.max_connections, keepalive_timeout=self.keepalive_expiry
            )
            # No cookie jar: the openai client's requests carry all of their own headers.
            self._session = aiohttp.ClientSession(
                connector=connector, cookie_jar=aiohttp.DummyCookieJar()
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        try:
            async with self._client().request(
                request.method,
                str(request.url),
                headers=request.headers.multi_items(),
                data=body or None,
                allow_redirects=False,
                auto_decompress=False,
                timeout=_timeout(request),
            ) as answer:
                content = await answer.read()
        except (TimeoutError, aiohttp.ClientError) as error:
            raise _httpx_error(error, request) from error
        extensions: dict[str, object] = {"http_version": b"HTTP/1.1"}
        if answer.reason:
            extensions["reason_phrase"] = answer.reason.encode("ascii", "replace")
        return httpx.Response(
            answer.status,
            headers=answer.raw_headers,
            stream=_Body(content),
            extensions=extensions,
            request=request,
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
