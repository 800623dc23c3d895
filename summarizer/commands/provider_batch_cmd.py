"""The ``--via openai-batch`` part of ``summarise batch``: its options, and the
``summarise batch status OUT`` / ``summarise batch cancel OUT`` forms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.commands.options import fail, resolve_cache_dir
from summarizer.config import NumberRange, check_number
from summarizer.errors import EXIT_BATCH_INCOMPLETE, EXIT_BATCH_PENDING, ConfigError

if TYPE_CHECKING:
    from summarizer.batch.openai_batch.run import ProviderBatch, ProviderOutcome

__all__ = [
    "VIAS",
    "MaxBytesOpt",
    "MaxRequestsOpt",
    "PollIntervalOpt",
    "ReaskOpt",
    "ViaOpt",
    "WaitOpt",
    "WaitTimeoutOpt",
    "finish_provider_batch",
    "provider_batch_command",
    "provider_options",
]

VIAS = ("interactive", "openai-batch")

ViaOpt = Annotated[
    str,
    typer.Option(
        "--via",
        help="interactive: one request per article now. openai-batch: the provider's Batch "
        "API (/v1/files + /v1/batches): the same requests, answered within 24 hours at the "
        "batch price; run the command again (or 'summarise batch status OUT') to collect.",
    ),
]
WaitOpt = Annotated[
    bool, typer.Option("--wait", help="openai-batch: poll until every batch is finished.")
]
PollIntervalOpt = Annotated[
    float, typer.Option("--poll-interval", help="openai-batch: seconds between two polls.")
]
WaitTimeoutOpt = Annotated[
    float, typer.Option("--wait-timeout", help="openai-batch: stop --wait after this many seconds.")
]
ReaskOpt = Annotated[
    bool,
    typer.Option(
        "--reask/--no-reask",
        help="openai-batch: a batch answer whose references fail validation is re-asked "
        "interactively (at most --max-retries times), or with --no-reask is an error line.",
    ),
]
MaxRequestsOpt = Annotated[
    int,
    typer.Option("--batch-max-requests", help="openai-batch: most requests per uploaded file."),
]
MaxBytesOpt = Annotated[
    int, typer.Option("--batch-max-bytes", help="openai-batch: most bytes per uploaded file.")
]


def provider_options(
    wait: bool,
    poll_interval: float,
    wait_timeout: float,
    reask: bool,
    max_requests: int,
    max_bytes: int,
) -> ProviderBatch:
    """The Batch API options, checked."""
    from summarizer.batch.openai_batch.run import ProviderBatch
    from summarizer.batch.openai_batch.submit import Limits

    check_number("--poll-interval", poll_interval, NumberRange(float, 0.0, 86_400.0))
    check_number("--wait-timeout", wait_timeout, NumberRange(float, 0.0, 7 * 86_400.0))
    check_number("--batch-max-requests", max_requests, NumberRange(int, 1, 50_000))
    check_number("--batch-max-bytes", max_bytes, NumberRange(int, 1_000, 200_000_000))
    return ProviderBatch(
        wait=wait,
        poll_interval=poll_interval,
        wait_timeout=wait_timeout,
        reask=reask,
        limits=Limits(requests=max_requests, bytes=max_bytes),
    )


def finish_provider_batch(
    outcome: ProviderOutcome, output: Path, *, quiet: bool, reask: bool
) -> None:
    """The Batch API's own summary line, then the exit code (11: some articles still with
    the provider; 5: all back, some with an error line)."""
    tally = outcome.tally
    if not quiet:
        how = "re-asked interactively" if reask else "left as error lines (--no-reask)"
        typer.echo(
            f"batch api: {outcome.reasked} answer(s) failing validation {how}; "
            f"{outcome.pending} article(s) still with the provider; "
            f"cost ${tally.cost_usd:.4f} at the batch price",
            err=True,
        )
    if outcome.pending:
        typer.echo(
            f"pending: {outcome.pending} article(s) are still with the provider; run "
            f"'summarise batch status {output}' later, or add --wait",
            err=True,
        )
        raise typer.Exit(EXIT_BATCH_PENDING)
    if not tally.complete:
        raise typer.Exit(EXIT_BATCH_INCOMPLETE)


def provider_batch_command(
    inputs: list[str],
    *,
    engine_options: dict[str, Any],
    settings_quiet: bool,
    cache: tuple[bool, Path | None],
    prices: Path | None,
    provider: ProviderBatch | None = None,
    debug: bool,
) -> None:
    """``summarise batch status OUT`` and ``summarise batch cancel OUT``."""
    from summarizer.batch import BatchOptions
    from summarizer.batch.openai_batch.run import (
        cancel_provider_batch,
        recorded_options,
        run_provider_batch,
    )
    from summarizer.config import resolve_settings

    action = inputs[0]
    try:
        if len(inputs) != 2:
            raise ConfigError(f"usage: summarise batch {action} OUT.jsonl (one output file)")
        output = Path(inputs[1])
        settings = resolve_settings(**recorded_options(output, engine_options))
        if action == "cancel":
            cancelled = cancel_provider_batch(output, settings)
            typer.echo(
                f"cancel: asked the provider to cancel {len(cancelled)} batch(es); run "
                f"'summarise batch status {output}' to collect what they answered",
                err=True,
            )
            return
        options = BatchOptions(
            inputs=[],
            output=output,
            cache=cache[0],
            cache_dir=resolve_cache_dir(cache[1]),
            prices=prices,
            quiet=settings_quiet,
        )
        assert provider is not None
        outcome = run_provider_batch(options, provider, settings, status_only=True)
    except typer.Exit:
        raise
    except Exception as error:
        fail(error, debug=debug)
        return
    finish_provider_batch(outcome, output, quiet=settings_quiet, reask=provider.reask)
