"""The annotated article page: one self-contained HTML file for one Summary and its text.

Quotes are highlighted in their speaker's colour with the speaker's initials, evidence
is underlined, unattributed quotes are hatched and marked "?". A side panel holds the
summary, key points, actors, stances and ``meta``. Plain JS filters by actor and jumps to
evidence; without JS everything is shown. Everything from the article or the model is
escaped by Jinja2 (see ``page.py`` for the CSP that backs it up).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from summarizer.errors import InputError
from summarizer.schema import Summary
from summarizer.views.annotate import Mark, annotate
from summarizer.views.page import asset, render_page
from summarizer.views.palette import PALETTE, UNATTRIBUTED, assign_colours, initials

__all__ = ["ActorView", "check_spans", "evidence_id", "quote_id", "to_html"]


def quote_id(start: int, end: int) -> str:
    """The element id of a quote: its offsets, so other pages can link to it."""
    return f"q-{start}-{end}"


def evidence_id(start: int, end: int) -> str:
    """The element id of an evidence span (shared by every stance it supports)."""
    return f"ev-{start}-{end}"


@dataclass
class ActorView:
    """One actor as the panel shows it."""

    key: str
    name: str
    kind: str
    role: str | None
    aliases: list[str]
    quotes: int = 0
    stances: int = 0
    colour: int | None = None
    initials: str = ""


@dataclass
class StanceView:
    """One stance row: who, which way, on what, and the ids of its evidence."""

    actor: ActorView
    position: str
    target: str
    evidence: list[tuple[str, str]] = field(default_factory=list)
    """(element id, text) per evidence span."""


def check_spans(summary: Summary, text: str) -> list[str]:
    """Spans whose text is not ``text[start:end]`` (the text is not this summary's)."""
    spans = [(q.text, q.start, q.end, "quote") for q in summary.quotes]
    spans += [(e.text, e.start, e.end, "evidence") for s in summary.stances for e in s.evidence]
    return [
        f"{kind} at {start}-{end}"
        for span_text, start, end, kind in spans
        if text[start:end] != span_text
    ]


def _actors(summary: Summary) -> dict[str, ActorView]:
    views: dict[str, ActorView] = {}
    for actor in summary.actors:
        if actor.name not in views:
            key = f"a{len(views) + 1}"
            views[actor.name] = ActorView(key, actor.name, actor.kind, actor.role, actor.aliases)
    named = [q.speaker for q in summary.quotes if q.speaker] + [s.actor for s in summary.stances]
    for name in named:
        if name not in views:  # a speaker the actor list lacks: still shown, kind unknown
            views[name] = ActorView(f"a{len(views) + 1}", name, "other", None, [])
    counts = Counter(q.speaker for q in summary.quotes if q.speaker)
    stance_counts = Counter(s.actor for s in summary.stances)
    for view in views.values():
        view.quotes = counts[view.name]
        view.stances = stance_counts[view.name]
        view.initials = initials(view.name)
    colours = assign_colours(v.name for v in views.values() if v.quotes or v.stances)
    for name, slot in colours.items():
        views[name].colour = slot
    return views


def _marks(summary: Summary, actors: dict[str, ActorView]) -> list[Mark]:
    marks: list[Mark] = []
    seen: set[str] = set()
    for quote in summary.quotes:
        key = quote_id(quote.start, quote.end)
        if key in seen:
            continue
        seen.add(key)
        where = f"characters {quote.start}\u2013{quote.end}"
        if quote.speaker is None:
            attrs = {
                "class": "q unattributed",
                "data-actor": "",
                "data-initials": "?",
                "title": f"Unattributed quote \u00b7 {where}",
            }
        else:
            view = actors[quote.speaker]
            attrs = {
                "class": f"q c{view.colour}",
                "data-actor": view.key,
                "data-initials": view.initials,
                "title": f"{view.name} \u00b7 {where}",
            }
        attrs |= {"data-quote": key, "data-start": str(quote.start), "data-end": str(quote.end)}
        marks.append(Mark(key, quote.start, quote.end, "mark", attrs, order=1))
    supporters: dict[tuple[int, int], list[ActorView]] = {}
    for stance in summary.stances:
        for span in stance.evidence:
            supporters.setdefault((span.start, span.end), []).append(actors[stance.actor])
    for (start, end), views in supporters.items():
        key = evidence_id(start, end)
        names = sorted({v.name for v in views})
        colour = f" c{views[0].colour}" if len({v.colour for v in views}) == 1 else ""
        attrs = {
            "class": f"ev{colour}",
            "data-ev": key,
            "data-actors": " ".join(sorted({v.key for v in views})),
            "data-start": str(start),
            "data-end": str(end),
            "title": f"Evidence of a stance of {', '.join(names)} \u00b7 characters "
            f"{start}\u2013{end}",
        }
        marks.append(Mark(key, start, end, "span", attrs, order=0))
    return marks


def _meta_rows(summary: Summary) -> list[tuple[str, str]]:
    meta = summary.meta
    usage = meta.usage
    cost = "unknown" if meta.cost_usd is None else f"${meta.cost_usd:.4f}"
    rows = [("engine", meta.engine), ("model", meta.model or "none")]
    if meta.prompt_version:
        rows.append(("prompt", meta.prompt_version))
    rows += [
        ("attempts", str(meta.attempts)),
        ("tokens", f"{usage.prompt_tokens:,} in + {usage.completion_tokens:,} out"),
        ("cost", cost if meta.model is not None else f"none ({meta.engine})"),
        ("time", f"{meta.latency_s:.2f} s"),
    ]
    return rows


def to_html(
    summary: Summary,
    text: str,
    *,
    source: dict[str, Any] | None = None,
    back_link: tuple[str, str] | None = None,
) -> str:
    """The annotated article page for ``summary`` over its article ``text``.

    ``source`` (shown under the title) describes where the article came from; ``back_link``
    is an (href, label) pair, e.g. the report that links to this page. Raises InputError
    when a span does not match ``text`` (the text is not the one summarised).
    """
    mismatched = check_spans(summary, text)
    if mismatched:
        raise InputError(
            f"the article text does not match the summary ({len(mismatched)} spans differ, "
            f"first: {mismatched[0]}); give the text that was summarised"
        )
    actors = _actors(summary)
    stances = [
        StanceView(
            actors[s.actor],
            s.position,
            s.target,
            [(evidence_id(e.start, e.end), e.text) for e in s.evidence],
        )
        for s in summary.stances
    ]
    unattributed = sum(1 for q in summary.quotes if q.speaker is None)
    css = asset("article.css", palette=PALETTE, unattributed=UNATTRIBUTED)
    js = asset("article.js")
    return render_page(
        "article.html.j2",
        css=css,
        js=js,
        summary=summary,
        tokens=annotate(text, _marks(summary, actors)),
        actors=list(actors.values()),
        stances=stances,
        unattributed=unattributed,
        meta_rows=_meta_rows(summary),
        source=_source_rows(source),
        back_link=back_link,
        data={"summary": summary.model_dump(mode="json"), "source": source},
    )


def _source_rows(source: dict[str, Any] | None) -> list[tuple[str, str, str | None]]:
    """(label, value, safe href or None) per source field worth showing."""
    rows: list[tuple[str, str, str | None]] = []
    for key, value in (source or {}).items():
        if isinstance(value, (str, int, float)) and str(value):
            href = str(value) if key.endswith("url") and _is_web_url(str(value)) else None
            rows.append((key, str(value), href))
    return rows


def _is_web_url(value: str) -> bool:
    """Only http(s) links are made clickable: never javascript:, data: or file:."""
    return value.lower().startswith(("http://", "https://"))
