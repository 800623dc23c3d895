"""``summarise eval``: run an engine over the fixtures (or score given predictions) and gate."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer.commands.options import (
    BaseUrlOpt,
    CacheDirOpt,
    CacheOpt,
    DebugOpt,
    EngineOpt,
    MaxCharsOpt,
    MaxInputTokensOpt,
    MaxRetriesOpt,
    MaxTokensOpt,
    ModelOpt,
    ModeOpt,
    TemperatureOpt,
    TimeoutOpt,
    fail,
    model_options,
    resolve_cache_dir,
    with_cache,
)
from summarizer.engines import engine_for
from summarizer.errors import EXIT_GATES_FAILED, SummarizerError

__all__ = ["register"]


def _default_out() -> Path:
    return Path("runs") / f"eval-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}"


def eval_command(
    fixture_dir: Annotated[
        Path | None,
        typer.Argument(
            help="Directory of fixtures (*.json) [default: evals/fixtures in the current "
            "directory or the nearest parent that has one, else in the checkout summarizer "
            "is installed from].",
            metavar="FIXTURE_DIR",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Where to write predictions/, report.json, report.md and junit.xml "
            "[default: runs/eval-<UTC time>].",
            show_default=False,
        ),
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            metavar="DIR",
            help="Score existing predictions (<fixture id>.json in our output contract) "
            "instead of running an engine.",
            show_default=False,
        ),
    ] = None,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            metavar="METRIC=VALUE",
            help="Repeatable, e.g. quotes.f1=0.8: exit 6 if this metric of "
            "report.json is under VALUE.",
            show_default=False,
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="REPORT",
            help="An earlier report.json: print deltas, exit 6 if a metric fell below its "
            "95% interval there.",
            show_default=False,
        ),
    ] = None,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency", "-j", metavar="N", help="Articles in flight at once (LLM engine)."
        ),
    ] = 4,
    record: Annotated[
        Path | None,
        typer.Option(
            "--record",
            metavar="DIR",
            help="Store every model exchange as cassettes in this folder.",
        ),
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option(
            "--replay",
            metavar="DIR",
            help="Serve model exchanges from cassettes in this folder; no network; a miss fails.",
        ),
    ] = None,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    max_retries: MaxRetriesOpt = None,
    timeout: TimeoutOpt = None,
    temperature: TemperatureOpt = None,
    max_chars: MaxCharsOpt = None,
    max_tokens: MaxTokensOpt = None,
    max_input_tokens: MaxInputTokensOpt = None,
    cache: CacheOpt = True,
    cache_dir: CacheDirOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Score the summariser against hand-labelled fixtures; gate on metrics."""
    from rich.console import Console

    from summarizer.config import CONCURRENCY, check_number
    from summarizer.errors import ConfigError
    from summarizer.evaluation.aggregate import METRICS
    from summarizer.evaluation.fixtures import find_fixture_dir, load_fixtures
    from summarizer.evaluation.gates import (
        check_baseline,
        check_thresholds,
        load_baseline,
        parse_threshold,
    )
    from summarizer.evaluation.report import RunInfo, terminal_table
    from summarizer.evaluation.runner import (
        describe,
        load_predictions,
        score_predictions,
        write_outputs,
    )

    try:
        specs = list(fail_under or [])
        for spec in specs:
            parse_threshold(spec, METRICS)
        old = load_baseline(baseline) if baseline is not None else None
        check_number("--concurrency", concurrency, CONCURRENCY)
        fixture_dir = fixture_dir or find_fixture_dir()
        fixtures = load_fixtures(fixture_dir)
        if predictions is not None:
            if record or replay:
                raise ConfigError(
                    "--predictions scores files; it cannot be combined with --record or --replay"
                )
            run = load_predictions(fixtures, predictions)
            info = RunInfo(
                engine=describe(run.predictions, "engine"),
                model=describe(run.predictions, "model"),
                prompt_version=describe(run.predictions, "prompt_version"),
                fixtures=str(fixture_dir),
                source=f"predictions in {predictions}",
            )
        else:
            options = model_options(
                engine,
                model,
                base_url,
                mode,
                max_retries,
                timeout,
                temperature,
                max_chars,
                max_tokens,
                max_input_tokens=max_input_tokens,
            )
            cached_in = resolve_cache_dir(cache_dir) if cache else None
            run, info = _run_engine(
                fixtures, fixture_dir, options, concurrency, record, replay, cache, cached_in
            )
        report = score_predictions(run, info)
        gates = check_thresholds(report, specs)
        deltas = check_baseline(report, old) if old is not None else []
        out = out or _default_out()
        write_outputs(out, report, run.predictions, [*gates, *deltas])
        console = Console()
        if not console.is_terminal:
            console = Console(width=100)  # logs: wide enough for the table, no wrapping
        console.print(terminal_table(report))
        for note in report["notes"]:
            typer.echo(f"note: {note}", err=True)
        changed = [delta for delta in deltas if delta.changed]
        for delta in changed:
            typer.echo(f"{'ok  ' if delta.passed else 'FAIL'} baseline {delta.message}")
        if deltas:
            typer.echo(f"baseline: {len(deltas) - len(changed)} metrics unchanged")
        typer.echo(f"wrote {out}/report.md, report.json, junit.xml and predictions/")
        failing = [gate for gate in [*gates, *deltas] if not gate.passed]
        for gate in failing:
            typer.echo(f"FAIL {gate.message}", err=True)
        if failing:
            raise typer.Exit(EXIT_GATES_FAILED)
        if gates:
            typer.echo(f"gates: all {len(gates)} --fail-under thresholds met")
    except SummarizerError as error:
        fail(error, debug=debug)
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception as error:
        fail(error, debug=debug)


def _run_engine(
    fixtures: list[Any],
    fixture_dir: Path,
    options: dict[str, Any],
    concurrency: int,
    record: Path | None,
    replay: Path | None,
    cache: bool = False,
    cache_dir: Path | None = None,
) -> tuple[Any, Any]:
    from summarizer.cassettes import REPLAY_BASE_URL, CassetteStore, recording, replaying
    from summarizer.config import resolve_settings
    from summarizer.errors import ConfigError
    from summarizer.evaluation.report import RunInfo
    from summarizer.evaluation.runner import describe, run_engine

    if record and replay:
        raise ConfigError("use --record or --replay, not both")
    if replay is not None:
        options["engine"] = options["engine"] or "llm"
        configured = os.environ.get("OPENAI_BASE_URL") or os.environ.get("OPENAI_API_KEY")
        if not (options["base_url"] or configured):
            options["base_url"] = REPLAY_BASE_URL
        if not (options["model"] or os.environ.get("SUMMARIZER_MODEL")):
            models = CassetteStore(replay).models()
            if len(models) == 1:
                options["model"] = models.pop()
    settings = resolve_settings(**options)
    replayers: list[Any] = []
    if (record or replay) and not engine_for(settings.engine).needs_network:
        raise ConfigError("--record and --replay need the LLM engine: add --engine llm")
    if record is not None:
        settings = recording(settings, record)
    if replay is not None:
        settings, sync, asynchronous = replaying(settings, replay)
        replayers = [sync, asynchronous]
    if record is None and replay is None:  # cassettes take the cache's place
        settings = with_cache(settings, cache, cache_dir)
    typer.echo(f"eval: {settings.engine_reason}, {len(fixtures)} fixtures", err=True)
    run = run_engine(fixtures, settings, concurrency=concurrency, replayers=replayers)
    info = RunInfo(
        engine=settings.engine,
        model=settings.model,
        prompt_version=describe(run.predictions, "prompt_version"),
        fixtures=str(fixture_dir),
    )
    return run, info


def register(app: typer.Typer) -> None:
    """Add ``eval`` to ``app``."""
    app.command(
        "eval",
        help="Score the summariser against hand-labelled fixtures (evals/fixtures/README.md): "
        "run an engine, or score --predictions; write a report; gate with --fail-under or "
        "--baseline (exit 6 when a gate fails).",
    )(eval_command)
