"""Record and replay model exchanges as httpx transports (sync and async).

A cassette is one JSON file per exchange, named by a key that hashes the request
body (model, messages with the article, the response schema or tools, so the mode
too) with the prompt version and response schema hash. Requests are stored without
headers, so no key can leak; every stored text also goes through ``redact``.
Replay serves the files and never touches the network; a request with no cassette
is answered with an HTTP 400 naming the miss and remembered in ``misses`` so that
the caller can fail with one clear line.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx

from summarizer.config import Settings
from summarizer.errors import CassetteMiss, ConfigError, redact

__all__ = [
    "CASSETTE_FORMAT",
    "AsyncRecordingTransport",
    "AsyncReplayTransport",
    "CassetteMiss",
    "CassetteStore",
    "RecordingTransport",
    "ReplayTransport",
    "cassette_key",
    "recording",
    "replaying",
]

CASSETTE_FORMAT = "summarizer-cassette/1"
REPLAY_BASE_URL = "http://cassette-replay.invalid/v1"
_KEPT_RESPONSE_HEADERS = ("content-type",)


def _llm_versions() -> tuple[str, str]:
    try:
        from summarizer.llm.prompt import prompt_version, response_schema_hash
    except ImportError:  # the LLM engine is optional for scoring
        return "", ""
    return prompt_version(), response_schema_hash()


def _body(request: httpx.Request) -> Any:
    raw = request.read()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", errors="replace")


def _endpoint(request: httpx.Request) -> str:
    """The last two path segments (``chat/completions``), so the base URL does not matter."""
    return "/".join(request.url.path.rstrip("/").split("/")[-2:])


def cassette_key(request: httpx.Request) -> str:
    """A hash of what determines the answer: endpoint, body, prompt version, schema hash."""
    prompt_version, schema_hash = _llm_versions()
    identity = {
        "method": request.method,
        "endpoint": _endpoint(request),
        "body": _body(request),
        "prompt_version": prompt_version,
        "response_schema": schema_hash,
    }
    canonical = json.dumps(identity, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class CassetteStore:
    """A directory of cassettes, one ``<key>.json`` file per exchange."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def keys(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(path.stem for path in self.directory.glob("*.json"))

    def load(self, key: str) -> dict[str, Any] | None:
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ConfigError(
                f"{path}: not a readable cassette; delete it and record again"
            ) from None
        if not isinstance(data, dict) or data.get("format") != CASSETTE_FORMAT:
            raise ConfigError(f"{path}: not a {CASSETTE_FORMAT} cassette")
        return data

    def models(self) -> set[str]:
        """The models the cassettes were recorded with (to default --model on replay)."""
        out = set()
        for key in self.keys():
            data = self.load(key)
            if data and isinstance(data.get("model"), str):
                out.add(data["model"])
        return out

    def save(self, key: str, request: httpx.Request, response: httpx.Response) -> None:
        prompt_version, schema_hash = _llm_versions()
        body = _body(request)
        try:
            answer: Any = json.loads(response.content) if response.content else None
        except ValueError:
            answer = response.text
        record = {
            "format": CASSETTE_FORMAT,
            "key": key,
            "model": body.get("model") if isinstance(body, dict) else None,
            "prompt_version": prompt_version,
            "response_schema": schema_hash,
            "request": {"method": request.method, "endpoint": _endpoint(request), "body": body},
            "response": {
                "status": response.status_code,
                "headers": {
                    name: response.headers[name]
                    for name in _KEPT_RESPONSE_HEADERS
                    if name in response.headers
                },
                "body": answer,
            },
        }
        text = redact(json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True))
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.path(key).with_suffix(".json.tmp")
        temporary.write_text(text + "\n", encoding="utf-8")
        temporary.replace(self.path(key))

    def response(self, key: str, request: httpx.Request) -> httpx.Response | None:
        data = self.load(key)
        if data is None:
            return None
        stored = data["response"]
        body = stored.get("body")
        content = body if isinstance(body, str) else json.dumps(body)
        return httpx.Response(
            stored.get("status", 200),
            headers=stored.get("headers") or {"content-type": "application/json"},
            content=content.encode("utf-8"),
            request=request,
        )


def _copy(response: httpx.Response, content: bytes, request: httpx.Request) -> httpx.Response:
    headers = {
        k: v
        for k, v in response.headers.items()
        if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    }
    return httpx.Response(response.status_code, headers=headers, content=content, request=request)


class RecordingTransport(httpx.BaseTransport):
    """Pass requests to the real endpoint and store every exchange."""

    def __init__(self, directory: Path, inner: httpx.BaseTransport | None = None) -> None:
        self.store = CassetteStore(directory)
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = cassette_key(request)
        response = self.inner.handle_request(request)
        content = response.read()
        response.close()
        copy = _copy(response, content, request)
        self.store.save(key, request, copy)
        return copy

    def close(self) -> None:
        self.inner.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    """The async twin of ``RecordingTransport``."""

    def __init__(self, directory: Path, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.store = CassetteStore(directory)
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = cassette_key(request)
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        await response.aclose()
        copy = _copy(response, content, request)
        self.store.save(key, request, copy)
        return copy

    async def aclose(self) -> None:
        await self.inner.aclose()


class _Replayer:
    def __init__(self, directory: Path) -> None:
        self.store = CassetteStore(directory)
        self.misses: list[str] = []

    def answer(self, request: httpx.Request) -> httpx.Response:
        key = cassette_key(request)
        response = self.store.response(key, request)
        if response is not None:
            return response
        self.misses.append(key)
        message = (
            f"replay: no cassette {key[:12]} in {self.store.directory} for this request "
            "(the article, model, mode, prompt or schema changed); record it with --record"
        )
        return httpx.Response(
            400,
            json={"error": {"message": message, "type": "cassette_miss", "code": "cassette_miss"}},
            request=request,
        )

    def miss_error(self) -> CassetteMiss:
        return CassetteMiss(
            f"replay: {len(self.misses)} request(s) had no cassette in {self.store.directory} "
            f"(first key {self.misses[0][:12]}); the article, model, mode, prompt or schema "
            "changed since recording: record again with --record"
        )


class ReplayTransport(_Replayer, httpx.BaseTransport):
    """Serve recorded exchanges; never opens a connection."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.answer(request)


class AsyncReplayTransport(_Replayer, httpx.AsyncBaseTransport):
    """The async twin of ``ReplayTransport``."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.answer(request)


def recording(settings: Settings, directory: Path) -> Settings:
    """Settings whose sync and async clients record every exchange into ``directory``."""
    return settings.with_(
        transport=RecordingTransport(directory, settings.transport),
        async_transport=AsyncRecordingTransport(directory, settings.async_transport),
    )


def replaying(settings: Settings, directory: Path) -> tuple[Settings, _Replayer, _Replayer]:
    """Settings that serve ``directory``'s cassettes, and the two replayers (for misses)."""
    if not directory.is_dir():
        raise ConfigError(f"--replay {directory}: no such directory of cassettes")
    sync, asynchronous = ReplayTransport(directory), AsyncReplayTransport(directory)
    changed = settings.with_(transport=sync, async_transport=asynchronous)
    return changed, sync, asynchronous
