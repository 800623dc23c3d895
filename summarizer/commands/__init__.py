"""The commands of ``summarise``; each module owns its commands and registers them on
the app it is given (``register(app)``). Nothing here imports ``summarizer.cli``: the CLI
imports the commands, never the reverse."""

from __future__ import annotations

import typer

from summarizer.commands import batch_cmd, eval_cmd, fixtures_cmd, report_cmd, run_cmd

__all__ = ["register_all"]


def register_all(app: typer.Typer) -> None:
    """Add every subcommand to the top-level app."""
    for module in (run_cmd, eval_cmd, fixtures_cmd, batch_cmd, report_cmd):
        module.register(app)
