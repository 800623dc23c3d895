"""The batch report's data: articles, merged actors, grouped targets, the stance matrix
and the most-quoted speakers. ``Report.model_dump(mode="json")`` is what ``summarise
report --format json`` prints, and what the HTML and Markdown views draw.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.views.batch_file import BatchArticle, BatchFile
from summarizer.views.merge import (
    TARGET_THRESHOLD,
    ActorRef,
    group_targets,
    merge_actors,
)
from summarizer.views.palette import assign_colours

__all__ = ["REPORT_VERSION", "Report", "build_report"]

REPORT_VERSION = "1"

CellPosition = Literal["support", "oppose", "neutral", "mixed", "varies"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportArticle(_Model):
    """One line of the batch."""

    index: int = Field(description="1-based position in the batch file.")
    id: str = Field(description="The batch id of the article.")
    title: str | None = Field(description="The summary's title (source title if given).")
    source: dict[str, Any] = Field(description="The batch line's source fields.")
    status: Literal["ok", "error"] = Field(description="ok, or error (no summary).")
    error: str | None = Field(default=None, description="The batch's error, for status error.")
    actors: int = Field(default=0, description="Actors in the summary.")
    quotes: int = Field(default=0, description="Quotes in the summary.")
    unattributed_quotes: int = Field(default=0, description="Quotes with no known speaker.")
    stances: int = Field(default=0, description="Stances in the summary.")
    warnings: list[str] = Field(default_factory=list, description="The summary's warnings.")
    text_from: str | None = Field(
        default=None,
        description="Where the article text was found (line, --articles, a path), or null: "
        "then no annotated page is made.",
    )
    page: str | None = Field(
        default=None, description="The annotated page's path relative to the report, if written."
    )


class ReportActor(_Model):
    """An actor across articles: the same name or alias in several summaries."""

    key: str = Field(description="Stable key within this report, A1, A2, ...")
    name: str = Field(description="The name most summaries use.")
    kind: str = Field(description="The kind most summaries give.")
    names: list[str] = Field(description="Every name and alias merged into this actor.")
    merged_because: list[str] = Field(description="Why each merge was made.")
    articles: list[int] = Field(description="Indexes of the articles that list the actor.")
    quotes: int = Field(description="Quotes attributed to the actor over the batch.")
    stances: int = Field(description="Stances of the actor over the batch.")
    colour: int | None = Field(description="Palette slot, for actors with quotes or stances.")


class ReportTargetVariant(_Model):
    """One wording of a target after folding (case, determiners, possessives)."""

    folded: str = Field(description="The compared form.")
    written: list[str] = Field(description="How the summaries wrote it.")
    count: int = Field(description="Stances with this wording.")
    score: float = Field(
        description="rapidfuzz token_set_ratio to the group's first variant (100 for it)."
    )


class ReportTarget(_Model):
    """Targets taken to be one issue."""

    key: str = Field(description="Stable key within this report, T1, T2, ...")
    label: str = Field(description="The group's commonest wording.")
    variants: list[ReportTargetVariant] = Field(description="Wordings grouped, first = head.")
    actors: int = Field(description="Distinct actors with a stance on it.")
    articles: int = Field(description="Distinct articles with a stance on it.")


class ReportEvidence(_Model):
    """A verbatim span of one article."""

    text: str = Field(description="The article's characters between start and end.")
    start: int = Field(description="Offset of the first character.")
    end: int = Field(description="Offset just past the last character.")


class ReportStance(_Model):
    """One stance of one summary, placed in the matrix."""

    article: int = Field(description="Index of its article.")
    actor: str = Field(description="Key of the merged actor.")
    actor_as_written: str = Field(description="The actor's name in that summary.")
    target: str = Field(description="Key of the target group.")
    target_as_written: str = Field(description="The target as that summary wrote it.")
    position: str = Field(description="support, oppose, neutral or mixed.")
    evidence: list[ReportEvidence] = Field(description="Its evidence spans.")


class ReportCell(_Model):
    """One actor's stances on one target over the batch."""

    actor: str = Field(description="Key of the actor (row).")
    target: str = Field(description="Key of the target (column).")
    position: CellPosition = Field(
        description="The position every stance here takes, or varies when they differ."
    )
    positions: dict[str, int] = Field(description="Stances per position.")
    articles: int = Field(description="Distinct articles behind the cell.")
    stances: list[int] = Field(description="Indexes into the report's stances.")


class ReportSpeaker(_Model):
    """An actor ranked by quotes."""

    actor: str = Field(description="Key of the actor.")
    name: str = Field(description="Its name.")
    quotes: int = Field(description="Quotes attributed over the batch.")
    articles: int = Field(description="Articles in which it is quoted.")


class Report(_Model):
    """Who stands where across a batch; the data behind the HTML and Markdown report."""

    report_version: Literal["1"] = Field(default="1", description="Report format version.")
    batch: str = Field(description="The batch file read.")
    target_threshold: float = Field(description="The fuzzy grouping threshold used (0-100).")
    articles: list[ReportArticle] = Field(description="Every line of the batch, in order.")
    actors: list[ReportActor] = Field(description="Merged actors, most active first.")
    targets: list[ReportTarget] = Field(description="Target groups, most actors first.")
    stances: list[ReportStance] = Field(description="Every stance of every summary.")
    matrix: list[ReportCell] = Field(description="Non-empty cells of actors x targets.")
    speakers: list[ReportSpeaker] = Field(description="Actors by quotes, most first.")
    unattributed_quotes: int = Field(description="Quotes with no known speaker.")
    warnings: list[str] = Field(description="Lines skipped, texts not found or not matching.")


def _article(batch_article: BatchArticle) -> ReportArticle:
    summary = batch_article.summary
    title = batch_article.source.get("title")
    if summary is None:
        return ReportArticle(
            index=batch_article.index,
            id=batch_article.id,
            title=title if isinstance(title, str) else None,
            source=batch_article.source,
            status="error",
            error=batch_article.error,
        )
    return ReportArticle(
        index=batch_article.index,
        id=batch_article.id,
        title=title if isinstance(title, str) and title else summary.title,
        source=batch_article.source,
        status="ok",
        actors=len(summary.actors),
        quotes=len(summary.quotes),
        unattributed_quotes=sum(1 for q in summary.quotes if q.speaker is None),
        stances=len(summary.stances),
        warnings=list(summary.meta.warnings),
        text_from=batch_article.text_from,
    )


def _actor_refs(done: list[BatchArticle]) -> tuple[list[ActorRef], dict[tuple[int, str], int]]:
    """Every actor of every summary (speakers and stance holders the list lacks too), and
    per (article index, name) its position in the list."""
    refs: list[ActorRef] = []
    ref_of: dict[tuple[int, str], int] = {}
    for article in done:
        assert article.summary is not None
        named = {a.name: a for a in article.summary.actors}
        extra = [q.speaker for q in article.summary.quotes if q.speaker]
        extra += [s.actor for s in article.summary.stances]
        for name in [*named, *(n for n in extra if n not in named)]:
            if (article.index, name) in ref_of:
                continue
            actor = named.get(name)
            ref_of[(article.index, name)] = len(refs)
            kind = actor.kind if actor else "other"
            refs.append(ActorRef(article.index, name, kind, tuple(actor.aliases) if actor else ()))
    return refs, ref_of


def _matrix(stances: list[ReportStance]) -> list[ReportCell]:
    """One cell per (actor, target) pair that has stances, in row then column order."""
    cells: dict[tuple[str, str], list[int]] = {}
    for n, placed in enumerate(stances):
        cells.setdefault((placed.actor, placed.target), []).append(n)
    matrix = []
    for (row, column), members in cells.items():
        positions = Counter(stances[n].position for n in members)
        position = next(iter(positions)) if len(positions) == 1 else "varies"
        matrix.append(
            ReportCell(
                actor=row,
                target=column,
                position=position,
                positions=dict(sorted(positions.items())),
                articles=len({stances[n].article for n in members}),
                stances=members,
            )
        )
    matrix.sort(key=lambda c: (int(c.actor[1:]), int(c.target[1:])))
    return matrix


def build_report(batch: BatchFile, threshold: float = TARGET_THRESHOLD) -> Report:
    """Merge actors, group targets and fill the stance matrix for ``batch``."""
    done = [a for a in batch.articles if a.summary is not None]
    refs, ref_of = _actor_refs(done)
    merged, actor_index = merge_actors(refs)
    targets = [s.target for a in done for s in a.summary.stances]  # type: ignore[union-attr]
    groups, group_of = group_targets(targets, threshold)

    quotes: Counter[int] = Counter()
    quoted_in: defaultdict[int, set[int]] = defaultdict(set)
    stance_rows: list[tuple[int, int, Any, int]] = []
    unattributed = 0
    for article in done:
        assert article.summary is not None
        for quote in article.summary.quotes:
            if quote.speaker is None:
                unattributed += 1
                continue
            who = actor_index[ref_of[(article.index, quote.speaker)]]
            quotes[who] += 1
            quoted_in[who].add(article.index)
        for stance in article.summary.stances:
            who = actor_index[ref_of[(article.index, stance.actor)]]
            stance_rows.append((article.index, who, stance, group_of[stance.target]))

    stance_counts = Counter(who for _, who, _, _ in stance_rows)
    actor_order = sorted(
        range(len(merged)),
        key=lambda i: (-(stance_counts[i] + quotes[i]), merged[i].name.casefold()),
    )
    actor_key = {i: f"A{n + 1}" for n, i in enumerate(actor_order)}
    active = [merged[i].name for i in actor_order if stance_counts[i] or quotes[i]]
    colours = assign_colours(active)

    target_actors: defaultdict[int, set[int]] = defaultdict(set)
    target_articles: defaultdict[int, set[int]] = defaultdict(set)
    for article_index, who, _, group in stance_rows:
        target_actors[group].add(who)
        target_articles[group].add(article_index)
    target_order = sorted(
        range(len(groups)),
        key=lambda g: (-len(target_actors[g]), -len(target_articles[g]), groups[g].label),
    )
    target_key = {g: f"T{n + 1}" for n, g in enumerate(target_order)}

    stances = [
        ReportStance(
            article=article_index,
            actor=actor_key[who],
            actor_as_written=stance.actor,
            target=target_key[group],
            target_as_written=stance.target,
            position=stance.position,
            evidence=[
                ReportEvidence(text=e.text, start=e.start, end=e.end) for e in stance.evidence
            ],
        )
        for article_index, who, stance, group in stance_rows
    ]
    matrix = _matrix(stances)

    actors = [
        ReportActor(
            key=actor_key[i],
            name=merged[i].name,
            kind=merged[i].kind,
            names=merged[i].names,
            merged_because=merged[i].reasons,
            articles=sorted({r.article for r in merged[i].refs}),
            quotes=quotes[i],
            stances=stance_counts[i],
            colour=colours.get(merged[i].name),
        )
        for i in actor_order
    ]
    report_targets = [
        ReportTarget(
            key=target_key[g],
            label=groups[g].label,
            variants=[
                ReportTargetVariant(
                    folded=v.folded, written=v.written, count=v.count, score=v.score
                )
                for v in groups[g].variants
            ],
            actors=len(target_actors[g]),
            articles=len(target_articles[g]),
        )
        for g in target_order
    ]
    speakers = [
        ReportSpeaker(
            actor=actor_key[i], name=merged[i].name, quotes=quotes[i], articles=len(quoted_in[i])
        )
        for i in sorted(quotes, key=lambda i: (-quotes[i], merged[i].name.casefold()))
    ]
    return Report(
        batch=str(batch.path),
        target_threshold=threshold,
        articles=[_article(a) for a in batch.articles],
        actors=actors,
        targets=report_targets,
        stances=stances,
        matrix=matrix,
        speakers=speakers,
        unattributed_quotes=unattributed,
        warnings=list(batch.warnings),
    )
