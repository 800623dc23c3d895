"""Settings: explicit argument > environment > default, resolved in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

import httpx

from summarizer.encodings import AUTO, check_encoding
from summarizer.errors import ConfigError, register_secret
from summarizer.schema import EngineName

__all__ = ["DEFAULT_MODEL", "Engine", "Mode", "Settings", "resolve_settings"]

Engine = Literal["auto", "llm", "offline"]
Mode = Literal["tools", "json_schema", "md_json"]
ENGINES: tuple[str, ...] = get_args(Engine)
MODES: tuple[str, ...] = get_args(Mode)

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_MAX_CHARS = 200_000


@dataclass(frozen=True)
class Settings:
    """Everything an engine needs to know; build it with ``resolve_settings``."""

    engine: EngineName
    engine_reason: str
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: Mode = "tools"
    max_retries: int = 2
    """Re-asks after invalid output (instructor's max_retries is this + 1 attempts)."""
    timeout: float = 60.0
    """Seconds for one HTTP request to the model."""
    temperature: float = 0.0
    max_tokens: int | None = None
    """Cap on the model's answer, in tokens (sent as ``max_tokens``); None: the server's."""
    max_chars: int = DEFAULT_MAX_CHARS
    encoding: str = AUTO
    """How article files are decoded: ``auto`` (detected) or a Python codec name."""
    transient_attempts: int = 5
    """Attempts per request on transient provider errors (429, 5xx, timeouts)."""
    transient_max_wait: float = 120.0
    """Upper bound, in seconds, on the total time spent backing off."""
    transport: httpx.BaseTransport | None = field(default=None, repr=False, compare=False)
    """Optional httpx transport for the sync client (record/replay, cache, tests)."""
    async_transport: httpx.AsyncBaseTransport | None = field(
        default=None, repr=False, compare=False
    )
    """Optional httpx transport for the async client."""

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def resolve_settings(
    *,
    engine: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    max_retries: int | None = None,
    timeout: float | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    max_chars: int | None = None,
    encoding: str | None = None,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    env: dict[str, str] | None = None,
) -> Settings:
    """Resolve options: explicit argument > environment > default."""
    environ = os.environ if env is None else env
    engine = (engine or environ.get("SUMMARIZER_ENGINE") or "auto").lower()
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    base_url = base_url or environ.get("OPENAI_BASE_URL") or None
    api_key = api_key or environ.get("OPENAI_API_KEY") or None
    register_secret(api_key)
    model = model or environ.get("SUMMARIZER_MODEL") or None
    mode = (mode or environ.get("SUMMARIZER_MODE") or "tools").lower()
    if mode not in MODES:
        raise ConfigError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    if max_retries is None:
        max_retries = _env_number(environ, "SUMMARIZER_MAX_RETRIES", int, 2)
    if max_retries < 0:
        raise ConfigError("--max-retries must be 0 or more")
    if timeout is None:
        timeout = _env_number(environ, "SUMMARIZER_TIMEOUT", float, 60.0)
    if timeout <= 0:
        raise ConfigError("--timeout must be a positive number of seconds")
    if temperature is None:
        temperature = _env_number(environ, "SUMMARIZER_TEMPERATURE", float, 0.0)
    if not 0.0 <= temperature <= 2.0:
        raise ConfigError("--temperature must be between 0 and 2")
    if max_tokens is None:
        max_tokens = _env_number(environ, "SUMMARIZER_MAX_TOKENS", int, None)
    if max_tokens is not None and max_tokens <= 0:
        raise ConfigError(
            "--max-tokens must be a positive number of tokens (leave it out for the "
            "server's own limit)"
        )
    if max_chars is None:
        max_chars = _env_number(environ, "SUMMARIZER_MAX_CHARS", int, DEFAULT_MAX_CHARS)
    if max_chars <= 0:
        raise ConfigError("--max-chars must be a positive number")
    encoding = check_encoding(encoding or environ.get("SUMMARIZER_ENCODING") or AUTO)

    configured = bool(base_url or api_key)
    chosen: EngineName
    if engine == "offline":
        chosen, reason = "offline", "offline engine (asked for)"
    elif engine == "llm":
        if not configured:
            raise ConfigError(
                "the LLM engine needs a model endpoint: set OPENAI_API_KEY (OpenAI) or "
                "--base-url/OPENAI_BASE_URL (any OpenAI-compatible server), or use --engine offline"
            )
        chosen, reason = "llm", "LLM engine (asked for)"
    elif configured:
        chosen, reason = "llm", "LLM engine: a model endpoint is configured"
    else:
        chosen = "offline"
        reason = "offline engine (no model: set OPENAI_API_KEY or --base-url)"
    if chosen == "llm" and model is None:
        if base_url and "openai.com" not in base_url:
            raise ConfigError(
                "no model name: pass --model or set SUMMARIZER_MODEL (the name your server "
                "serves, e.g. llama3.1:8b for Ollama)"
            )
        model = DEFAULT_MODEL
    return Settings(
        engine=chosen,
        engine_reason=reason,
        model=model if chosen == "llm" else None,
        base_url=base_url,
        api_key=api_key,
        mode=mode,  # type: ignore[arg-type]
        max_retries=max_retries,
        timeout=timeout,
        temperature=temperature,
        max_tokens=max_tokens,
        max_chars=max_chars,
        encoding=encoding,
        transport=transport,
        async_transport=async_transport,
    )


def _env_number(environ: Any, name: str, kind: type[Any], default: Any) -> Any:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a valid number") from None
