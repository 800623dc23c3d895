"""The ``summarise`` command line: a thin shell over the library.

``summarise ARTICLE`` runs the default command (``run``); the subcommands
(``eval``, ``batch``, ``cache``, ``fixtures``) live in ``summarizer.commands``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from summarizer.config import Engine, Mode
from summarizer.errors import SummarizerError, redact
from summarizer.render import Format

__all__ = ["app", "main"]

DEFAULT_COMMAND = "run"
_ROOT_OPTIONS = ("--help", "-h", "--version", "-V")


class DefaultCommandGroup(TyperGroup):
    """Route ``summarise ARTICLE`` to the ``run`` command, like ``llm "prompt"``, and
    report usage errors on one line.

    Typer's ``Typer(cls=...)`` takes only a ``TyperGroup`` subclass, and typer (0.27+)
    no longer runs on click (it vendors its own copy, so a ``click.Group`` cannot stand
    in): this is the one place the CLI touches ``typer.core``, as no public class does
    routing or error formatting.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in _ROOT_OPTIONS:
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the CLI; a usage error is one line, ``error: ... (see CMD --help)``, exit 2."""
        if not standalone_mode:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        except typer.TyperException as error:  # the base of every usage error
            if type(error).__name__ == "NoArgsIsHelpError":  # typer's own test: not public
                error.show()  # type: ignore[attr-defined]  # the help, on stderr
            else:
                typer.echo(usage_error_line(error), err=True)
            sys.exit(error.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def usage_error_line(error: typer.TyperException) -> str:
    """``error: <what is wrong> (see <command> --help)``, on one line, control characters
    (from a value the user typed) shown as stand-ins."""
    from summarizer.terminal_safe import make_visible

    # typer checks values with pydantic, whose messages start "Value error, ": drop it
    message = " ".join(error.format_message().replace("Value error, ", "").split())
    ctx = getattr(error, "ctx", None)
    hint = f" (see {ctx.command_path} --help)" if ctx is not None else ""
    return f"error: {make_visible(message)}{hint}"


app = typer.Typer(
    cls=DefaultCommandGroup,
    help=(
        "Turn news articles into structured, checkable summaries: title, summary, key points, "
        "actors, stances and attributed quotes, every quote a span of the input.\n\n"
        "Usage: summarise ARTICLE [OPTIONS]  (ARTICLE is a file, or - for stdin); "
        "see 'summarise run --help' for the options."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from summarizer import __version__

        typer.echo(f"summarise {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Turn news articles into structured, checkable summaries."""


def fail(error: SummarizerError | Exception, *, debug: bool) -> None:
    """Print a one-line error (no traceback unless --debug) and exit with its code.

    The message can quote the article, a file name or a server's answer: its control
    characters are shown as visible stand-ins, never sent to the terminal.
    """
    from summarizer.terminal_safe import make_visible

    if debug:
        raise error
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
    Engine | None,
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
        help="Re-asks after invalid model output [default: 2]. Env: SUMMARIZER_MAX_RETRIES.",
        show_default=False,
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help="Seconds for one model request [default: 60]. Env: SUMMARIZER_TIMEOUT.",
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
        help="Cap on the model's answer in tokens (sent as max_tokens) [default: the "
        "server's]. A cut-off answer is re-asked shorter. Env: SUMMARIZER_MAX_TOKENS.",
        show_default=False,
    ),
]
MaxCharsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-chars",
        help="Refuse longer articles [default: 200000]. Env: SUMMARIZER_MAX_CHARS.",
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
    }


@app.command(
    DEFAULT_COMMAND,
    help="Summarise one article (the default command: 'summarise ARTICLE' is 'summarise run "
    "ARTICLE').",
    short_help="Summarise one article (the default: 'summarise ARTICLE').",
)
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
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not say which engine was chosen.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    from summarizer.api import summarise_document
    from summarizer.document import parse_document
    from summarizer.inputs import read_source
    from summarizer.render import format_for, print_text, render

    try:
        view = format_for(output, fmt)
        settings = _settings(
            model_options(
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


def _settings(options: dict[str, Any]) -> Any:
    from summarizer.config import resolve_settings

    return resolve_settings(**options)


def _write(path: Path, content: str) -> None:
    from summarizer.errors import InputError
    from summarizer.files import write_atomically

    try:
        write_atomically(path, content)
    except OSError as exc:
        sys.stdout.write(content)
        raise InputError(
            f"{path}: cannot write ({exc.strerror}); the output was printed to stdout instead"
        ) from None


def _register_subcommands() -> None:
    from summarizer.commands import register_all

    register_all(app)


_register_subcommands()


def main() -> None:
    """Console-script entry point (``summarise`` and ``summarize``)."""
    app()


if __name__ == "__main__":
    main()
