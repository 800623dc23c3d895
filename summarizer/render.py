"""Turning a Summary into JSON, Markdown or a rich terminal view."""

from __future__ import annotations

import io
import json
from typing import Literal

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from summarizer.schema import Summary

__all__ = ["FORMATS", "Format", "render", "to_json", "to_markdown"]

Format = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")


def to_json(summary: Summary) -> str:
    """The output contract as indented JSON."""
    return json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def to_markdown(summary: Summary) -> str:
    """A Markdown report: summary, key points, actors, quotes, stances."""
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
    if meta.engine == "llm":
        parts.append(f"{meta.attempts} attempt(s)")
        parts.append(f"{meta.usage.prompt_tokens}+{meta.usage.completion_tokens} tokens")
    parts.append(f"{meta.latency_s:.2f}s")
    return " · ".join(parts)


_POSITION_STYLE = {"support": "green", "oppose": "red", "neutral": "yellow", "mixed": "magenta"}


def to_rich(summary: Summary) -> Group:
    """A terminal view: title panel, key points, tables of actors, quotes and stances."""
    parts: list[object] = []
    heading = f"[bold]{escape(summary.title)}[/bold]"
    if summary.published:
        heading += f"\n[dim]{summary.published}[/dim]"
    parts.append(Panel(f"{heading}\n\n{escape(summary.summary)}", expand=True))
    points = Table.grid(padding=(0, 1))
    for point in summary.key_points:
        points.add_row("•", escape(point))
    parts.append(Panel(points, title="Key points", title_align="left"))
    if summary.actors:
        table = Table(title="Actors", title_justify="left", expand=True)
        table.add_column("Name", style="bold")
        table.add_column("Kind")
        table.add_column("Role")
        for actor in summary.actors:
            table.add_row(escape(actor.name), actor.kind, escape(actor.role or ""))
        parts.append(table)
    if summary.quotes:
        table = Table(title="Quotes", title_justify="left", expand=True)
        table.add_column("Speaker", style="bold", ratio=1)
        table.add_column("Quote", ratio=4)
        for quote in summary.quotes:
            table.add_row(escape(quote.speaker or "?"), escape(f"“{quote.text}”"))
        parts.append(table)
    if summary.stances:
        table = Table(title="Stances", title_justify="left", expand=True)
        table.add_column("Actor", style="bold")
        table.add_column("Position")
        table.add_column("Target")
        for stance in summary.stances:
            style = _POSITION_STYLE.get(stance.position, "")
            table.add_row(
                escape(stance.actor), f"[{style}]{stance.position}[/]", escape(stance.target)
            )
        parts.append(table)
    footer = escape(_meta_line(summary))
    for warning in summary.meta.warnings:
        footer += f"\n[yellow]warning:[/yellow] {escape(warning)}"
    parts.append(f"[dim]{footer}[/dim]")
    return Group(*parts)  # type: ignore[arg-type]


def render(summary: Summary, fmt: Format, *, color: bool = False, width: int = 100) -> str:
    """Render ``summary`` in ``fmt`` as a string (text keeps colour only if asked)."""
    if fmt == "json":
        return to_json(summary)
    if fmt == "markdown":
        return to_markdown(summary)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, width=width, no_color=not color)
    console.print(to_rich(summary))
    return buffer.getvalue()
