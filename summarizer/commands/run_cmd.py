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
    MaxCharsOpt,
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
            help="Article file (plain text, see --encoding), or - to read standard input.",
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
    encoding: EncodingOpt = None,
    cache: CacheOpt = True,
    cache_dir: CacheDirOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not say which engine was chosen.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    from summarizer.api import summarise_document
    from summarizer.config import resolve_settings
    from summarizer.document import parse_document
    from summarizer.inputs import read_source
    from summarizer.render import format_for, print_text, render

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
            )
        )
        settings = with_cache(settings, cache, resolve_cache_dir(cache_dir))
        decoded = read_source(article, max_chars=settings.max_chars, encoding=settings.encoding)
        if decoded.detected:
            where = "standard input" if article == "-" else article
            typer.echo(f"note: read {where} as {decoded.encoding}", err=True)
        text = decoded.text
        chosen_by = (engine or os.environ.get("SUMMARIZER_ENGINE") or "auto").lower()
        if not quiet and chosen_by == "auto":
            typer.echo(f"summarise: {settings.engine_reason}", err=True)
        summary = summarise_document(parse_document(text), settings)
        if output is None and view == "text":
            print_text(summary)
            return
        rendered = render(summary, view, text=text)  # type: ignore[arg-type]
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
