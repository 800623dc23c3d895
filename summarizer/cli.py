"""The ``summarise`` command line: a thin shell over the library.

``summarise ARTICLE`` runs the default command (``run``); the subcommands
(``eval``, ``batch``, ``cache``, ``fixtures``) live in ``summarizer.commands``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from summarizer.commands import register_all
from summarizer.commands.run_cmd import RUN

__all__ = ["app", "main"]

DEFAULT_COMMAND = RUN
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


register_all(app)


def main() -> None:
    """Console-script entry point (``summarise`` and ``summarize``)."""
    app()


if __name__ == "__main__":
    main()
