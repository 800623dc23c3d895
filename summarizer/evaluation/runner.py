"""The runner: predictions from an engine (or from files), scored into a report on disk."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.config import Settings
from summarizer.errors import InputError, OutputError, ProviderError, SummarizerError
from summarizer.evaluation.aggregate import FixtureResult, score_fixture
from summarizer.evaluation.fixtures import Fixture
from summarizer.evaluation.gates import GateResult
from summarizer.evaluation.junit import to_junit
from summarizer.evaluation.report import RunInfo, build_report, to_markdown
from summarizer.schema import Meta, Summary
from summarizer.storage import storage_error

__all__ = [
    "Prediction",
    "empty_summary",
    "load_predictions",
    "run_engine",
    "score_predictions",
    "write_outputs",
]

DEFAULT_CONCURRENCY = 4


@dataclass
class Prediction:
    """An engine's answer for one fixture, or the one-line error it ended with."""

    fixture: Fixture
    summary: Summary | None
    error: str | None = None


@dataclass
class EngineRun:
    predictions: list[Prediction]
    wall_s: float
    notes: list[str] = field(default_factory=list)


def empty_summary(engine: str = "offline") -> Summary:
    """What a failed fixture is scored as: nothing predicted."""
    return Summary(title="", summary="", key_points=[], meta=Meta(engine=engine, attempts=0))


def _per_fixture_error(error: SummarizerError) -> bool:
    """Errors that concern one article; anything else (config, auth) stops the run."""
    return isinstance(error, OutputError | InputError) or (
        isinstance(error, ProviderError) and not error.fatal
    )


def run_engine(
    fixtures: Sequence[Fixture],
    settings: Settings,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    replayers: Sequence[Any] = (),
) -> EngineRun:
    """Summarise every fixture; an engine that needs the network runs up to
    ``concurrency`` at once, one that does not runs them one after another."""
    from summarizer.api import asummarise, summarise
    from summarizer.engines import engine_for

    started = time.perf_counter()
    predictions: list[Prediction] = []
    if not engine_for(settings.engine).needs_network:
        for fixture in fixtures:
            try:
                predictions.append(Prediction(fixture, summarise(fixture.text, settings=settings)))
            except SummarizerError as error:
                if not _per_fixture_error(error):
                    raise
                predictions.append(Prediction(fixture, None, error.message))
    else:
        limit = asyncio.Semaphore(max(1, concurrency))

        async def one(fixture: Fixture) -> Prediction:
            async with limit:
                try:
                    return Prediction(fixture, await asummarise(fixture.text, settings=settings))
                except SummarizerError as error:
                    for replayer in replayers:
                        if replayer.misses:
                            raise replayer.miss_error() from None
                    if not _per_fixture_error(error):
                        raise
                    return Prediction(fixture, None, error.message)

        async def every() -> list[Prediction]:
            return list(await asyncio.gather(*(one(f) for f in fixtures)))

        predictions = asyncio.run(every())
    for replayer in replayers:
        if replayer.misses:
            raise replayer.miss_error()
    failed = [p for p in predictions if p.error]
    if fixtures and len(failed) == len(predictions):
        raise ProviderError(
            f"every fixture failed; the first: {failed[0].fixture.id}: {failed[0].error}"
        )
    return EngineRun(predictions, time.perf_counter() - started)


def load_predictions(fixtures: Sequence[Fixture], directory: Path) -> EngineRun:
    """Predictions written in our contract, ``<fixture id>.json`` in ``directory``.

    A run directory (holding ``predictions/``) works too. A missing file is scored as
    an empty prediction and noted; a broken one is an error naming the file and field.
    """
    if (directory / "predictions").is_dir():
        directory = directory / "predictions"
    if not directory.is_dir():
        raise InputError(f"--predictions {directory}: no such directory")
    started = time.perf_counter()
    predictions, notes = [], []
    for fixture in fixtures:
        path = directory / f"{fixture.id}.json"
        if not path.is_file():
            notes.append(f"no prediction {path.name} for fixture {fixture.id}: scored as empty")
            predictions.append(Prediction(fixture, None, None))
            continue
        try:
            summary = Summary.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "(top level)"
            raise InputError(f"{path}: {where}: {first['msg']}") from None
        predictions.append(Prediction(fixture, summary))
    return EngineRun(predictions, time.perf_counter() - started, notes)


def score_predictions(run: EngineRun, info: RunInfo) -> dict[str, Any]:
    """Score every prediction and build the report (pure apart from the clock)."""
    results: list[FixtureResult] = []
    for prediction in run.predictions:
        summary = prediction.summary or empty_summary(info.engine or "offline")
        result = score_fixture(prediction.fixture, summary)
        result.error = prediction.error
        results.append(result)
    info.wall_s = run.wall_s
    info.notes = [*info.notes, *run.notes]
    return build_report(results, info)


def describe(predictions: Sequence[Prediction], field_name: str) -> str | None:
    """The one value of a meta field over the predictions ("mixed" when they differ)."""
    values = {getattr(p.summary.meta, field_name) for p in predictions if p.summary is not None}
    if len(values) > 1:
        return "mixed"
    only = values.pop() if values else None
    return None if only is None else str(only)


def write_outputs(
    directory: Path,
    report: dict[str, Any],
    predictions: Sequence[Prediction],
    gates: Sequence[GateResult] = (),
) -> None:
    """``predictions/<id>.json``, ``report.json``, ``report.md`` and ``junit.xml``."""
    try:
        folder = directory / "predictions"
        folder.mkdir(parents=True, exist_ok=True)
        for prediction in predictions:
            path = folder / f"{prediction.fixture.id}.json"
            if prediction.summary is None:
                path.unlink(missing_ok=True)  # never leave an older run's answer behind
            else:
                path.write_text(prediction.summary.model_dump_json(indent=2) + "\n", "utf-8")
        (directory / "report.json").write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
        (directory / "report.md").write_text(to_markdown(report), "utf-8")
        (directory / "junit.xml").write_text(to_junit(report, gates), "utf-8")
    except OSError as exc:
        raise storage_error(directory, exc, "then run the eval again") from None
