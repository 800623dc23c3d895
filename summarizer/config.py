"""Settings: explicit argument > environment > default, resolved in one place."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

import httpx

from summarizer.encodings import AUTO, check_encoding
from summarizer.endpoint import is_local
from summarizer.engines import engine_for
from summarizer.errors import ConfigError, register_secret

__all__ = [
    "CONCURRENCY",
    "DEFAULT_MODEL",
    "DEFAULT_TIMEOUT",
    "LOCAL_TIMEOUT",
    "OPTION_RANGES",
    "EngineChoice",
    "Mode",
    "NumberRange",
    "Settings",
    "check_number",
    "resolve_settings",
]

EngineChoice = Literal["auto", "llm", "offline"]
"""The built-in choices (the CLI's ``--engine``); ``summarizer.engines.register`` adds
more for the library and ``SUMMARIZER_ENGINE`` (``Settings.engine``)."""
Mode = Literal["tools", "json_schema", "md_json"]
MODES: tuple[str, ...] = get_args(Mode)

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_MAX_CHARS = 2_000_000
"""About 500 pages of prose: a long report. The Document and the offline engine are
linear-time (``benchmarks/scaling.py``); the LLM engine splits what is over its token
budget (``max_input_tokens``)."""
DEFAULT_TIMEOUT = 60.0
"""Seconds for one request to a remote endpoint (first byte, and the whole answer)."""
LOCAL_TIMEOUT = 600.0
"""The default for a server on this machine: a CPU-bound model writes a few tokens a
second, and a timed-out request to it is not retried (it would queue behind itself)."""


@dataclass(frozen=True)
class NumberRange:
    """The values a numeric option accepts: finite, of ``kind``, from ``low`` to ``high``.

    ``nan`` and ``inf`` parse as floats, so a check that only compares (``timeout <= 0``)
    lets them through: every numeric option is checked here, whatever its source.
    """

    kind: type[int] | type[float]
    low: float
    high: float
    low_inclusive: bool = True
    unit: str = ""
    hint: str = ""
    """Said after the range in the error (how to get the default, for instance)."""

    def describe(self) -> str:
        what = "a whole number" if self.kind is int else "a number"
        unit = f" of {self.unit}" if self.unit else ""
        low, high = _plain(self.low), _plain(self.high)
        if self.low_inclusive:
            return f"{what}{unit} from {low} to {high}"
        return f"{what}{unit} greater than {low} and at most {high}"

    def accepts(self, value: float) -> bool:
        above = value >= self.low if self.low_inclusive else value > self.low
        return math.isfinite(value) and above and value <= self.high


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


OPTION_RANGES: dict[str, tuple[str, str, NumberRange]] = {
    "max_retries": ("--max-retries", "SUMMARIZER_MAX_RETRIES", NumberRange(int, 0, 20)),
    "timeout": (
        "--timeout",
        "SUMMARIZER_TIMEOUT",
        NumberRange(float, 0, 3600, low_inclusive=False, unit="seconds"),
    ),
    "temperature": ("--temperature", "SUMMARIZER_TEMPERATURE", NumberRange(float, 0, 2)),
    "max_tokens": (
        "--max-tokens",
        "SUMMARIZER_MAX_TOKENS",
        NumberRange(
            int,
            1,
            1_000_000,
            unit="tokens",
            hint="leave it out for the default sized to the article",
        ),
    ),
    "max_chars": (
        "--max-chars",
        "SUMMARIZER_MAX_CHARS",
        NumberRange(int, 1, 100_000_000, unit="characters"),
    ),
    "max_input_tokens": (
        "--max-input-tokens",
        "SUMMARIZER_MAX_INPUT_TOKENS",
        NumberRange(
            int,
            500,
            10_000_000,
            unit="tokens",
            hint="leave it out for the model's own budget (12000 for a model not in the table)",
        ),
    ),
}
"""Each numeric model option: its CLI name, its environment variable, its range."""
CONCURRENCY = NumberRange(int, 1, 1000)
"""``--concurrency`` of ``batch`` and ``eval``: requests (articles) in flight at once."""


def check_number(name: str, value: object, allowed: NumberRange) -> int | float:
    """``value`` if ``allowed`` accepts it, else a one-line ``ConfigError`` naming
    ``name`` (an option such as ``--timeout``, or an environment variable)."""
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    whole = allowed.kind is not int or (number is not None and float(number).is_integer())
    if number is None or not whole or not allowed.accepts(number):
        hint = f"; {allowed.hint}" if allowed.hint else ""
        raise ConfigError(f"{name} must be {allowed.describe()}, not {value!r}{hint}")
    return allowed.kind(number)


@dataclass(frozen=True)
class Settings:
    """Everything an engine needs to know; build it with ``resolve_settings``."""

    engine: str
    """A registered engine's name (``summarizer.engines``): ``llm``, ``offline``, or one
    added with ``register``; ``auto`` is resolved before it gets here."""
    engine_reason: str
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: Mode = "tools"
    max_retries: int = 2
    """Re-asks per article of any kind (invalid output, a cut-off answer), counted together:
    at most this + 1 answers (``llm.client.answer_budget``)."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds for one HTTP request to the model: for its first byte, and separately for
    the whole answer; ``LOCAL_TIMEOUT`` when resolved for a server on this machine."""
    temperature: float = 0.0
    max_tokens: int | None = None
    """Cap on the model's answer, in tokens (sent as ``max_tokens``); None: a default sized
    to the article (``summarizer.llm.output_cap``)."""
    max_chars: int = DEFAULT_MAX_CHARS
    max_input_tokens: int | None = None
    """The LLM engine's budget for one request's article, in tokens: a longer article is
    split into overlapping parts (``summarizer.chunking``). None: the model's, from
    ``data/models.json``, else 12,000."""
    encoding: str = AUTO
    """How article files are decoded: ``auto`` (detected) or a Python codec name."""
    summary_language: str | None = None
    """ISO 639-1 code of the language the LLM engine writes the title, summary, key points
    and stance targets in; None: the article's own. Quotes always stay verbatim."""
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

    def __post_init__(self) -> None:
        """Settings built directly or through ``with_`` are checked like resolved ones."""
        engine_for(self.engine)  # a ConfigError naming the choices
        for attribute, (option, _, allowed) in OPTION_RANGES.items():
            value = getattr(self, attribute)
            if value is not None:
                object.__setattr__(self, attribute, check_number(option, value, allowed))
        check_number("transient_attempts", self.transient_attempts, _TRANSIENT_ATTEMPTS)
        check_number("transient_max_wait", self.transient_max_wait, _TRANSIENT_MAX_WAIT)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def check_language(code: str | None) -> str | None:
    """A two-letter ISO 639-1 code in lower case (``--summary-language``), or None."""
    if code is None:
        return None
    cleaned = code.strip().lower()
    if len(cleaned) != 2 or not cleaned.isascii() or not cleaned.isalpha():
        raise ConfigError(
            f"--summary-language must be a two-letter ISO 639-1 code such as en, fr or de, "
            f"not {code!r}"
        )
    return cleaned


_TRANSIENT_ATTEMPTS = NumberRange(int, 1, 100)
_TRANSIENT_MAX_WAIT = NumberRange(float, 0, 86_400, unit="seconds")


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
    max_input_tokens: int | None = None,
    summary_language: str | None = None,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    env: dict[str, str] | None = None,
) -> Settings:
    """Resolve options: explicit argument > environment > default."""
    environ = os.environ if env is None else env
    engine = (engine or environ.get("SUMMARIZER_ENGINE") or "auto").lower()
    if engine != "auto":
        engine_for(engine)  # a ConfigError naming the choices
    base_url = base_url or environ.get("OPENAI_BASE_URL") or None
    api_key = api_key or environ.get("OPENAI_API_KEY") or None
    register_secret(api_key)
    model = model or environ.get("SUMMARIZER_MODEL") or None
    mode = (mode or environ.get("SUMMARIZER_MODE") or "tools").lower()
    if mode not in MODES:
        raise ConfigError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    numbers: dict[str, Any] = {}
    for name, explicit in (
        ("max_retries", max_retries),
        ("timeout", timeout),
        ("temperature", temperature),
        ("max_tokens", max_tokens),
        ("max_chars", max_chars),
        ("max_input_tokens", max_input_tokens),
    ):
        value = _resolve_number(name, explicit, environ)
        numbers[name] = _DEFAULT_NUMBERS[name] if value is None else value
    if _resolve_number("timeout", timeout, environ) is None and base_url and is_local(base_url):
        numbers["timeout"] = LOCAL_TIMEOUT
    encoding = check_encoding(encoding or environ.get("SUMMARIZER_ENCODING") or AUTO)
    summary_language = check_language(
        summary_language or environ.get("SUMMARIZER_SUMMARY_LANGUAGE") or None
    )

    configured = bool(base_url or api_key)
    if engine != "auto":
        chosen = engine
        reason = f"{'LLM' if engine == 'llm' else engine} engine (asked for)"
        if engine_for(engine).needs_network and not configured:
            what = "the LLM engine" if engine == "llm" else f"the {engine} engine"
            raise ConfigError(
                f"{what} needs a model endpoint: set OPENAI_API_KEY (OpenAI) or "
                "--base-url/OPENAI_BASE_URL (any OpenAI-compatible server), or use --engine offline"
            )
    elif configured:
        chosen, reason = "llm", "LLM engine: a model endpoint is configured"
    else:
        chosen = "offline"
        reason = "offline engine (no model: set OPENAI_API_KEY or --base-url)"
    networked = engine_for(chosen).needs_network
    if networked and model is None:
        if base_url and "openai.com" not in base_url:
            raise ConfigError(
                "no model name: pass --model or set SUMMARIZER_MODEL (the name your server "
                "serves, e.g. llama3.1:8b for Ollama)"
            )
        model = DEFAULT_MODEL
    return Settings(
        engine=chosen,
        engine_reason=reason,
        model=model if networked else None,
        base_url=base_url,
        api_key=api_key,
        mode=mode,  # type: ignore[arg-type]
        **numbers,
        encoding=encoding,
        summary_language=summary_language,
        transport=transport,
        async_transport=async_transport,
    )


_DEFAULT_NUMBERS: dict[str, Any] = {
    "max_retries": 2,
    "timeout": DEFAULT_TIMEOUT,
    "temperature": 0.0,
    "max_tokens": None,
    "max_chars": DEFAULT_MAX_CHARS,
    "max_input_tokens": None,
}


def _resolve_number(name: str, explicit: object, environ: Any) -> int | float | None:
    """The explicit value, else the environment's, checked against the option's range
    whichever of the two gave it; None when neither did."""
    option, variable, allowed = OPTION_RANGES[name]
    if explicit is not None:
        return check_number(option, explicit, allowed)
    raw = environ.get(variable)
    if raw is None or not raw.strip():
        return None
    try:
        value: int | float = allowed.kind(raw.strip())
    except ValueError:
        raise ConfigError(
            f"{variable}={raw!r} is not a valid number: it must be {allowed.describe()}"
        ) from None
    return check_number(variable, value, allowed)
