"""What every command shares: the model options, the cache options, and the one-line
error exit. Commands import this module; nothing here imports ``summarizer.cli``."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from summarizer.config import EngineChoice, Mode
from summarizer.errors import SummarizerError, redact

__all__ = [
    "BaseUrlOpt",
    "CacheDirOpt",
    "CacheOpt",
    "DebugOpt",
    "EncodingOpt",
    "EngineOpt",
    "FetchTimeoutOpt",
    "InputKindOpt",
    "MaxCharsOpt",
    "MaxInputTokensOpt",
    "MaxRetriesOpt",
    "MaxTokensOpt",
    "ModeOpt",
    "ModelOpt",
    "SummaryLanguageOpt",
    "TemperatureOpt",
    "TimeoutOpt",
    "fail",
    "model_options",
    "resolve_cache_dir",
    "with_cache",
]


def fail(error: SummarizerError | Exception, *, debug: bool) -> None:
    """Print a one-line error and exit with its code; ``--debug`` adds the traceback
    before the line and changes nothing else (the exit code stays the error's).

    The message can quote the article, a file name or a server's answer: its control
    characters are shown as visible stand-ins, never sent to the terminal.
    """
    from summarizer.terminal_safe import make_visible

    if debug:  # the traceback as well, never another exit code
        sys.stderr.write(redact("".join(traceback.format_exception(error))))
    if isinstance(error, SummarizerError):
        typer.echo(f"error: {make_visible(error.message)}", err=True)
        raise typer.Exit(error.exit_code)
    message = make_visible(redact(str(error)) or type(error).__name__)
    typer.echo(f"internal error: {message} (run with --debug for the traceback)", err=True)
    raise typer.Exit(1)


ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", help="Model name. Env: SUMMARIZER_MODEL.", show_default=False),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1. Env: OPENAI_BASE_URL.",
        show_default=False,
    ),
]
EngineOpt = Annotated[
    EngineChoice | None,
    typer.Option(
        "--engine",
        "-e",
        help="auto (LLM if an endpoint or key is configured, else offline), llm or offline. "
        "Env: SUMMARIZER_ENGINE.",
        show_default=False,
        case_sensitive=False,
    ),
]
ModeOpt = Annotated[
    Mode | None,
    typer.Option(
        "--mode",
        help="How the model returns structure: tools (default), json_schema or md_json. "
        "Env: SUMMARIZER_MODE.",
        show_default=False,
        case_sensitive=False,
    ),
]
MaxRetriesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-retries",
        help="Re-asks per article, of any kind (invalid output, or an answer cut off at "
        "--max-tokens), counted together [default: 2]; transient HTTP retries are apart. "
        "Env: SUMMARIZER_MAX_RETRIES.",
        show_default=False,
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help="Seconds for one model request: for its first byte and, separately, for the "
        "whole answer [default: 60; 600 for a server on this machine, whose timeouts are "
        "not retried]. Env: SUMMARIZER_TIMEOUT.",
        show_default=False,
    ),
]
TemperatureOpt = Annotated[
    float | None,
    typer.Option(
        "--temperature",
        help="Sampling temperature [default: 0]. Env: SUMMARIZER_TEMPERATURE.",
        show_default=False,
    ),
]
MaxTokensOpt = Annotated[
    int | None,
    typer.Option(
        "--max-tokens",
        help="Cap on the model's answer in tokens (sent as max_tokens) [default: sized "
        "to the article, 600 + 40 per quote candidate + 8 per sentence, from 1000 to 4000]. "
        "A cut-off answer is re-asked shorter. Env: SUMMARIZER_MAX_TOKENS.",
        show_default=False,
    ),
]
MaxCharsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-chars",
        help="Refuse longer articles [default: 2000000]. Env: SUMMARIZER_MAX_CHARS.",
        show_default=False,
    ),
]
SummaryLanguageOpt = Annotated[
    str | None,
    typer.Option(
        "--summary-language",
        help="LLM engine: write the title, summary, key points and stance targets in this "
        "language (an ISO 639-1 code: en, fr, de...) [default: the article's own]; quotes "
        "stay verbatim. Env: SUMMARIZER_SUMMARY_LANGUAGE.",
        show_default=False,
    ),
]
MaxInputTokensOpt = Annotated[
    int | None,
    typer.Option(
        "--max-input-tokens",
        help="LLM engine: the most article tokens one request carries; a longer article is "
        "split at paragraphs into overlapping parts, one request each plus one to merge "
        "them [default: the model's context less its output limit, at most 100000; 12000 "
        "for a model it does not know]. Env: SUMMARIZER_MAX_INPUT_TOKENS.",
        show_default=False,
    ),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="How article files are decoded: auto (a byte-order mark, UTF-8, UTF-16/32, else "
        "detected, with a note on stderr) or a codec name such as cp1252 [default: auto]. "
        "Env: SUMMARIZER_ENCODING.",
        show_default=False,
    ),
]
InputKindOpt = Annotated[
    Literal["auto", "text", "html"],
    typer.Option(
        "--input",
        help="What the article is: auto (a file or stdin that starts like HTML is a web "
        "page, else plain text), text, or html (extract the article from the page).",
        case_sensitive=False,
    ),
]
FetchTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--fetch-timeout",
        help="For URLs: seconds to connect to a site, and between two pieces of its answer.",
    ),
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show tracebacks for errors.", show_default=False)
]


def model_options(
    engine: str | None,
    model: str | None,
    base_url: str | None,
    mode: str | None,
    max_retries: int | None,
    timeout: float | None,
    temperature: float | None,
    max_chars: int | None = None,
    max_tokens: int | None = None,
    encoding: str | None = None,
    max_input_tokens: int | None = None,
    summary_language: str | None = None,
) -> dict[str, Any]:
    """The library options shared by every command that runs an engine."""
    return {
        "engine": engine,
        "model": model,
        "base_url": base_url,
        "mode": mode,
        "max_retries": max_retries,
        "timeout": timeout,
        "temperature": temperature,
        "max_chars": max_chars,
        "max_tokens": max_tokens,
        "encoding": encoding,
        "max_input_tokens": max_input_tokens,
        "summary_language": summary_language,
    }


CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="Where the response cache lives [default: the user cache dir, e.g. "
        "~/.cache/summarizer]. Env: SUMMARIZER_CACHE_DIR.",
        show_default=False,
    ),
]


CacheOpt = Annotated[
    bool,
    typer.Option(
        "--cache/--no-cache", help="Answer repeated model requests from the response cache."
    ),
]


def resolve_cache_dir(option: Path | None) -> Path | None:
    """--cache-dir > SUMMARIZER_CACHE_DIR > None (the user cache directory)."""
    env = os.environ.get("SUMMARIZER_CACHE_DIR")
    return option or (Path(env) if env else None)


def with_cache(settings: Any, enabled: bool, cache_dir: Path | None) -> Any:
    """Answer repeated model requests from the response cache (``--cache``, the default),
    so re-running a command on the same article costs nothing. Only an engine that asks a
    model over the network has requests to cache; other settings are returned unchanged."""
    from summarizer.engines import engine_for

    if not enabled or not engine_for(settings.engine).needs_network:
        return settings
    from summarizer.batch.transport import BatchTransport
    from summarizer.cache import CachingTransport, ResponseCache

    return settings.with_(
        transport=CachingTransport(ResponseCache(cache_dir)),
        async_transport=BatchTransport(cache=ResponseCache(cache_dir)),
    )
