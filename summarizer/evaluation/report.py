"""The eval report: report.json (everything), report.md (for people), the terminal table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich import box
from rich.table import Table

from summarizer.evaluation.aggregate import (
    BOOTSTRAP_SAMPLES,
    BOOTSTRAP_SEED,
    METRICS,
    FixtureResult,
    aggregate,
)

__all__ = ["REPORT_FORMAT", "RunInfo", "build_report", "terminal_table", "to_markdown"]

REPORT_FORMAT = "summarizer-eval/1"
REASONS_SHOWN = 25
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("actors.f1", "actors F1"),
    ("quotes.f1", "quotes F1"),
    ("attribution.accuracy", "attrib."),
    ("grounding", "grounded"),
    ("stances.f1", "stances F1"),
    ("stances.position_accuracy", "position"),
    ("key_facts.coverage", "facts"),
    ("numbers.grounded", "numbers"),
)

TERMINAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("actors.f1", "act"),
    ("quotes.f1", "quo"),
    ("attribution.accuracy", "attr"),
    ("grounding", "grnd"),
    ("stances.f1", "stan"),
    ("stances.position_accuracy", "pos"),
    ("key_facts.coverage", "fact"),
    ("numbers.grounded", "num"),
)


@dataclass
class RunInfo:
    """What produced the predictions, and what it cost."""

    engine: str | None
    model: str | None
    prompt_version: str | None
    fixtures: str
    source: str = "engine"
    """``engine`` (this run made the predictions) or ``predictions`` (scored from files)."""
    wall_s: float = 0.0
    notes: list[str] = field(default_factory=list)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def build_report(results: Sequence[FixtureResult], info: RunInfo) -> dict[str, Any]:
    """The full report as JSON-ready data. Only ``timing`` varies between identical runs."""
    metrics = aggregate(results)
    ordered = sorted(results, key=lambda r: (r.headline, r.id))
    return {
        "format": REPORT_FORMAT,
        "engine": info.engine,
        "model": info.model,
        "prompt_version": info.prompt_version,
        "source": info.source,
        "fixtures": info.fixtures,
        "fixture_count": len(results),
        "metrics": {
            name: {
                "value": m.value,
                "low": m.low,
                "high": m.high,
                "numerator": m.numerator,
                "denominator": m.denominator,
            }
            for name, m in metrics.items()
        },
        "bootstrap": {"samples": BOOTSTRAP_SAMPLES, "seed": BOOTSTRAP_SEED, "confidence": 0.95},
        "usage": {
            "prompt_tokens": sum(r.prompt_tokens for r in results),
            "completion_tokens": sum(r.completion_tokens for r in results),
        },
        "errors": {r.id: r.error for r in results if r.error},
        "notes": list(info.notes),
        "per_fixture": [
            {
                "id": r.id,
                "headline": round(r.headline, 4),
                "metrics": {m: None if (v := r.value(m)) is None else round(v, 4) for m in METRICS},
                "counts": {m: list(r.ratios.get(m, (0, 0))) for m in METRICS},
                "reasons": list(r.reasons),
                "warnings": list(r.warnings),
                "error": r.error,
            }
            for r in ordered
        ],
        "timing": {
            "wall_s": round(info.wall_s, 3),
            "engine_latency_s": {r.id: r.latency_s for r in results},
        },
    }


def to_markdown(report: dict[str, Any]) -> str:
    """A readable report: metrics with intervals, fixtures worst first and what they missed."""
    lines = [
        "# Eval report",
        "",
        f"- engine: `{report['engine']}`, model: `{report['model'] or 'none'}`, "
        f"prompt_version: `{report['prompt_version'] or 'none'}`",
        f"- fixtures: `{report['fixtures']}` ({report['fixture_count']}), "
        f"predictions from: {report['source']}, wall time: {report['timing']['wall_s']} s, "
        f"tokens: {report['usage']['prompt_tokens']} prompt + "
        f"{report['usage']['completion_tokens']} completion",
        f"- micro-averaged over fixtures; 95% intervals: percentile bootstrap over fixtures "
        f"({report['bootstrap']['samples']} resamples, seed {report['bootstrap']['seed']}); "
        "n/a = nothing to measure",
        "",
        "| metric | value | 95% interval | counted |",
        "|---|---:|---:|---:|",
    ]
    for name, m in report["metrics"].items():
        interval = "n/a" if m["low"] is None else f"{m['low']:.3f} – {m['high']:.3f}"
        lines.append(
            f"| `{name}` | {_fmt(m['value'])} | {interval} | {m['numerator']}/{m['denominator']} |"
        )
    lines += [
        "",
        "## Fixtures, worst first",
        "",
        "| fixture | " + " | ".join(label for _, label in TABLE_COLUMNS) + " |",
        "|---|" + "---:|" * len(TABLE_COLUMNS),
    ]
    for row in report["per_fixture"]:
        cells = " | ".join(_fmt(row["metrics"][key]) for key, _ in TABLE_COLUMNS)
        lines.append(f"| {row['id']} | {cells} |")
    lines += ["", "## What each fixture missed", ""]
    for row in report["per_fixture"]:
        lines.append(f"### {row['id']} (mean of main metrics {row['headline']:.3f})")
        lines.append("")
        if row["error"]:
            lines.append(f"- **error**: {row['error']} (scored as an empty prediction)")
        reasons = row["reasons"]
        for reason in reasons[:REASONS_SHOWN]:
            lines.append(f"- {reason}")
        if len(reasons) > REASONS_SHOWN:
            lines.append(f"- … and {len(reasons) - REASONS_SHOWN} more (see report.json)")
        if not reasons and not row["error"]:
            lines.append("- nothing")
        lines.append("")
    for note in report["notes"]:
        lines.append(f"> {note}")
    return "\n".join(lines).rstrip() + "\n"


def _short(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def terminal_table(report: dict[str, Any]) -> Table:
    """One screen (80 columns): fixtures worst first, the micro average and its interval."""
    table = Table(
        title=f"eval: {report['engine']}{' ' + report['model'] if report['model'] else ''} on "
        f"{report['fixture_count']} "
        f"fixtures ({report['timing']['wall_s']} s)",
        title_justify="left",
        caption="  ".join(f"{short}={key}" for key, short in TERMINAL_COLUMNS),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("fixture", no_wrap=True, overflow="ellipsis", max_width=27)
    for _, short in TERMINAL_COLUMNS:
        table.add_column(short, justify="right", no_wrap=True, min_width=5)
    for row in report["per_fixture"]:
        name = row["id"] + (" [red](error)[/red]" if row["error"] else "")
        table.add_row(name, *(_short(row["metrics"][key]) for key, _ in TERMINAL_COLUMNS))
    metrics = report["metrics"]
    table.add_section()
    table.add_row(
        "[bold]all (micro)[/bold]",
        *(f"[bold]{_short(metrics[key]['value'])}[/bold]" for key, _ in TERMINAL_COLUMNS),
    )
    table.add_row("95% low", *(_short(metrics[key]["low"]) for key, _ in TERMINAL_COLUMNS))
    table.add_row("95% high", *(_short(metrics[key]["high"]) for key, _ in TERMINAL_COLUMNS))
    return table
