"""``summarise run ARTICLE`` (the default command): one article to one view."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from summarizer.commands.options import (
    BaseUrlOpt,
    CacheDirOpt,
    CacheOpt,
    DebugOpt,
    EncodingOpt,
    EngineOpt,
    FetchTimeoutOpt,
    InputKindOpt,
    MaxCharsOpt,
    MaxInputTokensOpt,
    MaxRetriesOpt,
    MaxTokensOpt,
    ModelOpt,
    ModeOpt,
    TemperatureOpt,
    TimeoutOpt,
    fail,
    model_options,
    resolve_cache_dir,
    with_cache,
)
from summarizer.errors import SummarizerError
from summarizer.render import Format

__all__ = ["RUN", "register"]

RUN = "run"
"""The default command's name: ``summarise ARTICLE`` is ``summarise run ARTICLE``."""


def run(
    article: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE",
            help="Article: a file (plain text, see --encoding, or a saved web page), an "
            "http(s) URL to fetch, or - to read standard input.",
        ),
    ],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="text (terminal view), json (the contract), markdown, or html (the article "
            "annotated, one self-contained page); any case [default: from the --output "
            "extension (.json, .md, .markdown, .txt, .html, .htm), else text].",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of standard output; its extension picks the "
            "format unless --format is given.",
        ),
    ] = None,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    max_retries: MaxRetriesOpt = None,
    timeout: TimeoutOpt = None,
    temperature: TemperatureOpt = None,
    max_chars: MaxCharsOpt = None,
    max_tokens: MaxTokensOpt = None,
    max_input_tokens: MaxInputTokensOpt = None,
    encoding: EncodingOpt = None,
    input_kind: InputKindOpt = "auto",
    respect_robots: Annotated[
        bool,
        typer.Option(
            "--respect-robots/--no-respect-robots",
            help="For a URL: ask the site's robots.txt first and refuse a page it disallows "
            "for summarizer's User-Agent.",
        ),
    ] = False,
    fetch_timeout: FetchTimeoutOpt = 20.0,
    cache: CacheOpt = True,
    cache_dir: CacheDirOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not say which engine was chosen.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    from summarizer.api import summarise_document, with_source
    from summarizer.config import check_number, resolve_settings
    from summarizer.document import parse_document
    from summarizer.render import format_for, print_text, render
    from summarizer.sources.fetch import FETCH_TIMEOUT, FetchOptions
    from summarizer.sources.load import load

    try:
        view = format_for(output, fmt)
        settings = resolve_settings(
            **model_options(
                engine,
                model,
                base_url,
                mode,
                max_retries,
                timeout,
                temperature,
                max_chars,
                max_tokens,
                encoding,
                max_input_tokens,
            )
        )
        settings = with_cache(settings, cache, resolve_cache_dir(cache_dir))
        check_number("--fetch-timeout", fetch_timeout, FETCH_TIMEOUT)
        loaded = load(
            article,
            kind=input_kind,
            max_chars=settings.max_chars,
            encoding=settings.encoding,
            fetch_options=FetchOptions(timeout=fetch_timeout, respect_robots=respect_robots),
        )
        if loaded.note:
            typer.echo(f"note: {loaded.note}", err=True)
        text = loaded.text
        chosen_by = (engine or os.environ.get("SUMMARIZER_ENGINE") or "auto").lower()
        if not quiet and chosen_by == "auto":
            typer.echo(f"summarise: {settings.engine_reason}", err=True)
        summary = with_source(summarise_document(parse_document(text), settings), loaded.source)
        if output is None and view == "text":
            print_text(summary)
            return
        rendered = render(summary, view, text=text)  # type: ignore[arg-type]
        if view == "json" and summary.source is not None:
            rendered = with_text(rendered, text)
        if output is None:
            sys.stdout.write(rendered)
        else:
            _write(output, rendered)
    except SummarizerError as error:
        fail(error, debug=debug)
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception as error:
        fail(error, debug=debug)


def with_text(rendered: str, text: str) -> str:
    """The JSON contract plus ``"text"``: the extracted article every offset indexes (only
    when the text came from a page, so the spans stay checkable without re-extracting)."""
    import json

    data = json.loads(rendered)
    data["text"] = text
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _write(path: Path, content: str) -> None:
    from summarizer.storage import storage_error, write_text_atomic

    try:
        write_text_atomic(path, content)
    except OSError as exc:
        sys.stdout.write(content)
        raise storage_error(
            path, exc, "then run again (the output was printed to standard output instead)"
        ) from None


def register(app: typer.Typer) -> None:
    """Add ``run``, the default command, to ``app``."""
    app.command(
        RUN,
        help="Summarise one article (the default command: 'summarise ARTICLE' is 'summarise "
        "run ARTICLE').",
        short_help="Summarise one article (the default: 'summarise ARTICLE').",
    )(run)
