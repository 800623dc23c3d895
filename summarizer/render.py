"""Turning a Summary into JSON, Markdown or a rich terminal view.

The text and Markdown views show untrusted strings (article text, model output):
both build from :func:`summarizer.terminal_safe.visible_summary`, so no control
character reaches a terminal raw, and the text view builds rich ``Text`` objects,
never markup strings, so brackets in the article are printed as written.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Literal, get_args

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarizer.schema import Summary
from summarizer.terminal_safe import visible_summary

__all__ = [
    "EXTENSION_FORMATS",
    "FORMATS",
    "Format",
    "format_for",
    "print_text",
    "render",
    "to_json",
    "to_markdown",
    "to_rich",
]

Format = Literal["text", "json", "markdown", "html"]
FORMATS: tuple[str, ...] = get_args(Format)

EXTENSION_FORMATS: dict[str, str] = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
"""The format an ``--output`` file's extension implies (used only if that format exists)."""


def format_for(output: Path | None, fmt: str | None) -> str:
    """The format to write: ``fmt`` if given, else the one ``output``'s extension implies,
    else text."""
    if fmt is not None:
        return fmt
    if output is not None:
        implied = EXTENSION_FORMATS.get(output.suffix.lower())
        if implied in FORMATS:
            return implied
    return "text"


def to_json(summary: Summary) -> str:
    """The output contract as indented JSON."""
    return json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def to_markdown(summary: Summary) -> str:
    """A Markdown report: summary, key points, actors, quotes, stances.

    Control characters are made visible here too: the report is read in a terminal
    as often as in an editor, whether printed or saved with ``-o``.
    """
    summary = visible_summary(summary)
    lines = [f"# {summary.title}", ""]
    if summary.published:
        lines += [f"*Published {summary.published}*", ""]
    lines += [summary.summary, "", "## Key points", ""]
    lines += [f"- {point}" for point in summary.key_points]
    if summary.actors:
        lines += ["", "## Actors", "", "| Name | Kind | Role |", "|---|---|---|"]
        for actor in summary.actors:
            lines.append(f"| {_cell(actor.name)} | {actor.kind} | {_cell(actor.role or '')} |")
    if summary.quotes:
        lines += ["", "## Quotes", ""]
        for quote in summary.quotes:
            who = quote.speaker or "unknown speaker"
            lines.append(f"- “{quote.text}” — {who} (chars {quote.start}–{quote.end})")
    if summary.stances:
        lines += ["", "## Stances", "", "| Actor | Position | Target |", "|---|---|---|"]
        for stance in summary.stances:
            lines.append(f"| {_cell(stance.actor)} | {stance.position} | {_cell(stance.target)} |")
    lines += ["", "---", "", _meta_line(summary)]
    if summary.meta.warnings:
        lines += ["", "Warnings:", ""] + [f"- {w}" for w in summary.meta.warnings]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _meta_line(summary: Summary) -> str:
    meta = summary.meta
    parts = [f"engine {meta.engine}"]
    if meta.model:
        parts.append(f"model {meta.model}")
    if meta.attempts:  # a model was asked (the offline engine asks none)
        parts.append(f"{meta.attempts} attempt(s)")
        parts.append(f"{meta.usage.prompt_tokens}+{meta.usage.completion_tokens} tokens")
    parts.append(f"{meta.latency_s:.2f}s")
    return " · ".join(parts)


_POSITION_STYLE = {"support": "green", "oppose": "red", "neutral": "yellow", "mixed": "magenta"}


def to_rich(summary: Summary) -> Group:
    """A terminal view: title panel, key points, tables of actors, quotes and stances.

    Every cell is a ``Text`` (styles given as data), so nothing from the article or
    the model is parsed as rich markup.
    """
    summary = visible_summary(summary)
    parts: list[RenderableType] = []
    heading = Text()
    heading.append(summary.title, style="bold")
    if summary.published:
        heading.append("\n")
        heading.append(summary.published, style="dim")
    heading.append("\n\n")
    heading.append(summary.summary)
    parts.append(Panel(heading, expand=True))
    points = Table.grid(padding=(0, 1))
    for point in summary.key_points:
        points.add_row("•", Text(point))
    parts.append(Panel(points, title="Key points", title_align="left"))
    if summary.actors:
        table = Table(title="Actors", title_justify="left", expand=True)
        table.add_column("Name", style="bold")
        table.add_column("Kind")
        table.add_column("Role")
        for actor in summary.actors:
            table.add_row(Text(actor.name), Text(actor.kind), Text(actor.role or ""))
        parts.append(table)
    if summary.quotes:
        table = Table(title="Quotes", title_justify="left", expand=True)
        table.add_column("Speaker", style="bold", ratio=1)
        table.add_column("Quote", ratio=4)
        for quote in summary.quotes:
            table.add_row(Text(quote.speaker or "?"), Text(f"“{quote.text}”"))
        parts.append(table)
    if summary.stances:
        table = Table(title="Stances", title_justify="left", expand=True)
        table.add_column("Actor", style="bold")
        table.add_column("Position")
        table.add_column("Target")
        for stance in summary.stances:
            style = _POSITION_STYLE.get(stance.position, "")
            table.add_row(
                Text(stance.actor), Text(stance.position, style=style), Text(stance.target)
            )
        parts.append(table)
    footer = Text(_meta_line(summary), style="dim")
    for warning in summary.meta.warnings:
        footer.append("\n")
        footer.append("warning:", style="yellow")
        footer.append(f" {warning}")
    parts.append(footer)
    return Group(*parts)


def print_text(summary: Summary, console: Console | None = None) -> None:
    """Print the text view on ``console`` (default: standard output).

    A default ``Console`` follows the terminal: its width (``COLUMNS`` when set),
    whether it is a terminal at all, ``NO_COLOR`` and ``FORCE_COLOR``.
    """
    (console or Console()).print(to_rich(summary))


def render(
    summary: Summary,
    fmt: Format,
    *,
    color: bool = False,
    width: int | None = None,
    text: str = "",
) -> str:
    """Render ``summary`` in ``fmt`` as a string (text keeps colour only if asked).

    The text view is as wide as ``width``, or as the terminal (``COLUMNS``, else 80).
    The html view (``summarizer.views``) needs the article ``text`` the offsets index.
    """
    if fmt == "html":
        from summarizer.views.html import to_html

        return to_html(summary, text)
    if fmt == "json":
        return to_json(summary)
    if fmt == "markdown":
        return to_markdown(summary)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, width=width, no_color=not color)
    console.print(to_rich(summary))
    return buffer.getvalue()
