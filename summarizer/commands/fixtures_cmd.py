"""``summarise fixtures check DIR``: validate hand-labelled fixtures before scoring on them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]

fixtures_app = typer.Typer(
    help="Work with evaluation fixtures (format: evals/fixtures/README.md).",
    no_args_is_help=True,
)


@fixtures_app.command("check")
def check(
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIRECTORY",
            help="Directory of fixture files (*.json) [default: evals/fixtures, found as "
            "'summarise eval' finds it].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check every fixture: the format, quotes verbatim in the article, speakers and stance
    actors listed among the actors, kinds and positions valid. Exit 2 if any is broken."""
    from summarizer.errors import InputError, SummarizerError
    from summarizer.evaluation.fixtures import (
        check_fixture,
        find_fixture_dir,
        fixture_paths,
        load_fixture,
    )

    try:
        paths = fixture_paths(directory or find_fixture_dir())
    except SummarizerError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(error.exit_code) from None
    broken = 0
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            fixture = load_fixture(path)
        except SummarizerError as error:
            problems = [error.message]
        else:
            problems = check_fixture(fixture, path)
            if fixture.id in seen:
                problems.append(f"{path}: id: {fixture.id!r} is also the id of {seen[fixture.id]}")
            seen.setdefault(fixture.id, path)
        if problems:
            broken += 1
            for problem in problems:
                typer.echo(f"error: {problem}", err=True)
        else:
            gold = fixture.gold
            typer.echo(
                f"ok    {path.name}: {len(gold.actors)} actors, {len(gold.quotes)} quotes, "
                f"{len(gold.stances)} stances, {len(gold.key_facts)} key facts"
            )
    if broken:
        typer.echo(f"{broken} of {len(paths)} fixtures are broken", err=True)
        raise typer.Exit(InputError.exit_code)
    typer.echo(f"{len(paths)} fixtures, all valid")


def register(app: typer.Typer) -> None:
    """Add ``fixtures`` (with ``check``) to ``app``."""
    app.add_typer(fixtures_app, name="fixtures")
