"""A sqlite cache of model responses, so re-running a batch or an eval costs nothing.

The key is a hash of everything that decides the answer: the endpoint path and
the canonical request body, which holds the model, the mode's tools or response
format (so the response-schema hash), the rendered prompt (so the prompt
version) and the article itself. Only successful answers are stored; request
headers (and so the API key) never are.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import platformdirs

from summarizer.errors import ConfigError

__all__ = [
    "CACHE_HEADER",
    "CacheInfo",
    "CachingTransport",
    "ResponseCache",
    "default_cache_dir",
    "hit_response",
    "rebuilt_response",
    "request_key",
]

FILENAME = "responses.sqlite3"
CACHE_HEADER = "x-summarizer-cache"
"""Set to "hit" on a response the cache answered."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT,
    created REAL NOT NULL,
    body BLOB NOT NULL
)
"""


def default_cache_dir() -> Path:
    """The user cache directory for this program (e.g. ~/.cache/summarizer on Linux)."""
    return Path(platformdirs.user_cache_dir("summarizer", appauthor=False))


def request_key(path: str, body: bytes) -> tuple[str, str | None]:
    """(key, model) for a JSON request body; the key ignores key order and white space."""
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        parsed = body.decode("utf-8", "replace")
    canonical = json.dumps(
        {"path": path, "body": parsed}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    model = parsed.get("model") if isinstance(parsed, dict) else None
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest(), (
        str(model) if model is not None else None
    )


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int
    size_bytes: int
    models: dict[str, int]


class ResponseCache:
    """Response bodies by request key, in one sqlite file (WAL: safe across processes)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / FILENAME
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                raise ConfigError(
                    f"{self.path}: cannot open the response cache ({exc}); pass --cache-dir DIR "
                    "or --no-cache"
                ) from None
            self._db = db
        return self._db

    def get(self, key: str) -> bytes | None:
        row = self._connect().execute("SELECT body FROM responses WHERE key = ?", (key,)).fetchone()
        return None if row is None else zlib.decompress(row[0])

    def put(self, key: str, model: str | None, body: bytes) -> None:
        self._connect().execute(
            "INSERT OR REPLACE INTO responses (key, model, created, body) VALUES (?, ?, ?, ?)",
            (key, model, time.time(), zlib.compress(body)),
        )

    def info(self) -> CacheInfo:
        if not self.path.exists():
            return CacheInfo(self.path, 0, 0, {})
        db = self._connect()
        models = dict(
            db.execute(
                "SELECT COALESCE(model, '?'), COUNT(*) FROM responses GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
        )
        size = sum(p.stat().st_size for p in self.directory.glob(FILENAME + "*") if p.is_file())
        return CacheInfo(self.path, sum(models.values()), size, models)

    def clear(self, model: str | None = None) -> int:
        """Delete every entry (or only ``model``'s); return how many were deleted."""
        if not self.path.exists():
            return 0
        db = self._connect()
        if model is None:
            deleted = db.execute("DELETE FROM responses").rowcount
        else:
            deleted = db.execute("DELETE FROM responses WHERE model = ?", (model,)).rowcount
        db.execute("VACUUM")
        return int(deleted)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def hit_response(request: httpx.Request, content: bytes) -> httpx.Response:
    """The response a cache hit returns in place of the server's."""
    headers = {"content-type": "application/json", CACHE_HEADER: "hit"}
    return httpx.Response(200, headers=headers, content=content, request=request)


def rebuilt_response(
    response: httpx.Response, raw: bytes, request: httpx.Request
) -> tuple[httpx.Response, bytes]:
    """(a fresh response carrying the raw, still encoded body; the decoded body to store)."""
    decoded = httpx.Response(200, headers=response.headers, content=raw).read()
    fresh = httpx.Response(
        response.status_code,
        headers=response.headers,
        content=raw,
        extensions=response.extensions,
        request=request,
    )
    return fresh, decoded


class CachingTransport(httpx.BaseTransport):
    """The cache for the sync client (``summarise``, evals): pass it as
    ``settings.with_(transport=CachingTransport(ResponseCache()))``."""

    def __init__(self, cache: ResponseCache, inner: httpx.BaseTransport | None = None) -> None:
        self.cache = cache
        self.inner = inner or httpx.HTTPTransport()
        self.hits = 0
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = model = None
        if request.method == "POST":
            key, model = request_key(request.url.path, request.read())
            cached = self.cache.get(key)
            if cached is not None:
                self.hits += 1
                return hit_response(request, cached)
        response = self.inner.handle_request(request)
        self.sent += 1
        if key is None or response.status_code != 200:
            return response
        raw = b"".join(response.iter_raw())
        response.close()
        fresh, decoded = rebuilt_response(response, raw, request)
        self.cache.put(key, model, decoded)
        return fresh

    def close(self) -> None:
        self.inner.close()
        self.cache.close()
