"""The batch report as HTML (with an annotated page per article), Markdown or JSON.

HTML: one self-contained page (inline CSS, no script at all) and, when the article texts
were found, one annotated page per article in ``<report stem>_articles/`` beside it,
linked both ways; matrix cells link to the evidence listed under the matrix, and each
piece of evidence to its place in its article's page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from summarizer.views.batch_file import BatchFile
from summarizer.views.html import evidence_id, to_html
from summarizer.views.page import asset, render_page
from summarizer.views.palette import PALETTE
from summarizer.views.report import Report, ReportCell, ReportTarget

__all__ = ["MAX_TARGETS", "ReportFiles", "plan_pages", "report_html", "report_markdown"]

MAX_TARGETS = 20
"""Matrix columns by default: the targets most actors took a stance on."""

POSITION_LABEL = {"support": "S", "oppose": "O", "neutral": "N", "mixed": "M", "varies": "V"}


@dataclass
class ReportFiles:
    """The report and the article pages to write next to it (path -> HTML)."""

    pages: dict[Path, str]


def pages_dir(output: Path) -> Path:
    """Where the article pages of ``output`` go: ``<stem>_articles`` beside it."""
    return output.with_name(f"{output.stem}_articles")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:60].strip("-") or "article"


def plan_pages(report: Report, batch: BatchFile, output: Path) -> ReportFiles:
    """Render each article's annotated page and record its path in ``report``."""
    folder = pages_dir(output)
    files: dict[Path, str] = {}
    by_index = {a.index: a for a in batch.articles}
    for entry in report.articles:
        article = by_index[entry.index]
        if article.summary is None or article.text is None:
            continue
        name = f"{entry.index:03d}-{_slug(entry.id)}.html"
        source = {"id": entry.id, **article.source}
        files[folder / name] = to_html(
            article.summary,
            article.text,
            source=source,
            back_link=(f"../{output.name}", "the batch report"),
        )
        entry.page = f"{folder.name}/{name}"
    return ReportFiles(files)


def _columns(report: Report, max_targets: int) -> list[ReportTarget]:
    return report.targets[:max_targets]


def _evidence_href(report: Report) -> Callable[[int, int, int], str | None]:
    pages = {a.index: a.page for a in report.articles}

    def href(article: int, start: int, end: int) -> str | None:
        page = pages.get(article)
        return f"{page}#{evidence_id(start, end)}" if page else None

    return href


def report_html(report: Report, *, max_targets: int = MAX_TARGETS) -> str:
    """The report page (call ``plan_pages`` first to link the article pages)."""
    columns = _columns(report, max_targets)
    shown = {t.key for t in columns}
    cells = {(c.actor, c.target): c for c in report.matrix}
    order = {t.key: n for n, t in enumerate(columns)}
    rows = sorted(
        (a for a in report.actors if any((a.key, t) in cells for t in shown)),
        key=lambda a: min(order[t] for t in shown if (a.key, t) in cells),
    )
    css = asset("report.css", palette=PALETTE)
    return render_page(
        "report.html.j2",
        css=css,
        js=None,
        report=report,
        columns=columns,
        rows=rows,
        cells=cells,
        labels=POSITION_LABEL,
        articles={a.index: a for a in report.articles},
        actors={a.key: a for a in report.actors},
        targets={t.key: t for t in report.targets},
        evidence_href=_evidence_href(report),
        hidden_targets=len(report.targets) - len(columns),
        ok=sum(1 for a in report.articles if a.status == "ok"),
    )


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cell_md(cell: ReportCell | None) -> str:
    if cell is None:
        return ""
    return f"{POSITION_LABEL[cell.position]} {cell.articles}"


def report_markdown(report: Report, *, max_targets: int = MAX_TARGETS) -> str:
    """The report as Markdown: the same sections as the page, the matrix as a table."""
    articles = {a.index: a for a in report.articles}
    actors = {a.key: a for a in report.actors}
    targets = {t.key: t for t in report.targets}
    ok = sum(1 for a in report.articles if a.status == "ok")
    out = [
        f"# Who stands where: {ok} of {len(report.articles)} articles",
        "",
        f"Batch `{report.batch}`: {len(report.actors)} actors, {len(report.targets)} targets, "
        f"{len(report.stances)} stances.",
    ]
    if report.warnings:
        out += ["", "**Warnings**", ""] + [f"- {_md(w)}" for w in report.warnings]
    columns = _columns(report, max_targets)
    cells = {(c.actor, c.target): c for c in report.matrix}
    out += ["", "## Stance matrix", ""]
    out.append(
        "S support, O oppose, N neutral, M mixed, V varies between articles; the number is "
        "the count of articles."
    )
    if columns:
        out += ["", "| Actor | " + " | ".join(f"{t.key} {_md(t.label)}" for t in columns) + " |"]
        out.append("|---" * (len(columns) + 1) + "|")
    else:
        out += ["", "No stances in this batch."]
    for actor in report.actors:
        row = [cells.get((actor.key, t.key)) for t in columns]
        if any(row):
            out.append(f"| {_md(actor.name)} | " + " | ".join(_cell_md(c) for c in row) + " |")
    out += ["", "## Evidence", ""]
    for cell in report.matrix:
        actor, target = actors[cell.actor], targets[cell.target]
        out.append(f"### {_md(actor.name)} on {_md(target.label)}: {cell.position}")
        out.append("")
        for n in cell.stances:
            stance = report.stances[n]
            article = articles[stance.article]
            for ev in stance.evidence:
                out.append(
                    f"- {stance.position}, article {article.index} ({_md(article.id)}), "
                    f"chars {ev.start}-{ev.end}: \u201c{_md(ev.text)}\u201d"
                )
        out.append("")
    out += ["## Most quoted", "", "| Speaker | Quotes | Articles |", "|---|---|---|"]
    out += [f"| {_md(s.name)} | {s.quotes} | {s.articles} |" for s in report.speakers]
    out += ["", f"Unattributed quotes: {report.unattributed_quotes}", ""]
    out += ["## Actors merged across articles", ""]
    merged = [a for a in report.actors if a.merged_because]
    out += [f"- {_md(a.name)}: {'; '.join(map(_md, a.merged_because))}" for a in merged] or [
        "None."
    ]
    out += [
        "",
        f"## Target groups (rapidfuzz token_set_ratio >= {report.target_threshold:g})",
        "",
    ]
    for t in report.targets:
        variants = ", ".join(f"{_md(v.folded)} ({v.score:g})" for v in t.variants)
        out.append(f"- {t.key} {_md(t.label)}: {variants}")
    out += ["", "## Articles", "", "| # | Title | Id | Quotes | Stances | Page |"]
    out.append("|---|---|---|---|---|---|")
    for a in report.articles:
        title = _md(a.title or "") if a.status == "ok" else f"error: {_md(a.error or '')}"
        page = f"[page]({a.page})" if a.page else ""
        out.append(f"| {a.index} | {title} | {_md(a.id)} | {a.quotes} | {a.stances} | {page} |")
    return "\n".join(out) + "\n"
