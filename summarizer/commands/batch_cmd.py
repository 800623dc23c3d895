"""``summarise batch`` (many articles into one resumable JSONL file) and ``summarise cache``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.commands.options import (
    BaseUrlOpt,
    CacheDirOpt,
    CacheOpt,
    DebugOpt,
    EncodingOpt,
    EngineOpt,
    FetchTimeoutOpt,
    MaxCharsOpt,
    MaxInputTokensOpt,
    MaxRetriesOpt,
    MaxTokensOpt,
    ModelOpt,
    ModeOpt,
    SummaryLanguageOpt,
    TemperatureOpt,
    TimeoutOpt,
    fail,
    model_options,
    resolve_cache_dir,
)
from summarizer.commands.provider_batch_cmd import (
    VIAS,
    MaxBytesOpt,
    MaxRequestsOpt,
    PollIntervalOpt,
    ReaskOpt,
    ViaOpt,
    WaitOpt,
    WaitTimeoutOpt,
    finish_provider_batch,
    provider_batch_command,
    provider_options,
)
from summarizer.errors import EXIT_BATCH_INCOMPLETE, ConfigError, SummarizerError

__all__ = ["register"]

EXIT_INTERRUPTED = 130

BATCH_HELP = (
    "Summarise many articles into a JSONL file, one line per article, resumable.\n\n"
    "Exit codes: 0 every article has a summary line; 5 the batch ran to the end but some "
    "articles have an error line or a duplicate id (--retry-failed redoes the failed ones); "
    "2 usage error (e.g. an -o that is one of the inputs, or not a batch output); 3 the "
    "provider refused (401/403/404) or nothing is listening at --base-url; 7 the output "
    "cannot be written (disk full, not writable): re-run to resume; 8 no article in the "
    "inputs (or a feed with no entries); 9 another run is writing the same -o; 10 a URL "
    "given as an input (a feed) cannot be fetched; 11 (--via openai-batch) some articles "
    "are still with the provider; 130 Ctrl-C. A page that cannot be "
    "fetched is an error line (FetchError), like any failed article.\n\n"
    "--via openai-batch sends the articles through the provider's Batch API (about half "
    "the price, answers within 24 hours): the same command run again, or 'summarise batch "
    "status OUT', polls and appends the answers; 'summarise batch cancel OUT' cancels. "
    "Exit 5 also when articles are still with the provider (run status again later, or "
    "--wait)."
)


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Article files (plain text or saved web pages), directories (see --glob), "
            'JSONL files of {"id", "text", ...} or {"id", "url", ...} records (other fields '
            'are passed through as "source"), URL lists (a .txt file whose every non-empty '
            "line is an http(s) URL), and URLs (a feed's entries, or one page).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The JSONL results file (required). Re-running the same command resumes: "
            "ids already in it are skipped.",
            show_default=False,
        ),
    ] = None,
    glob: Annotated[
        str, typer.Option("--glob", help="Which files of a directory are articles.")
    ] = "*.txt",
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Redo the articles whose line is an error.")
    ] = False,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency",
            "-c",
            help="At most this many requests in flight (LLM engine); twice as many articles "
            "are prepared so the next request is ready when an answer comes.",
        ),
    ] = 8,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            help="Processes. Offline engine [default: one per core]. LLM engine [default: 1]: "
            "more splits --concurrency over N processes, for when the client's CPU is the limit.",
            show_default=False,
        ),
    ] = None,
    rpm: Annotated[
        int | None,
        typer.Option("--rpm", help="At most this many requests per minute.", show_default=False),
    ] = None,
    tpm: Annotated[
        int | None,
        typer.Option("--tpm", help="At most this many tokens per minute.", show_default=False),
    ] = None,
    cache: CacheOpt = True,
    cache_dir: CacheDirOpt = None,
    prices: Annotated[
        Path | None,
        typer.Option(
            "--prices",
            help='A JSON price table {"models": {"NAME": {"input": USD, "output": USD}}} '
            "(dollars per million tokens) replacing or adding to the shipped one.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary line.")
    ] = False,
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
    summary_language: SummaryLanguageOpt = None,
    encoding: EncodingOpt = None,
    respect_robots: Annotated[
        bool,
        typer.Option(
            "--respect-robots/--no-respect-robots",
            help="Ask each site's robots.txt first and skip (as an error line) the pages it "
            "disallows for summarizer's User-Agent.",
        ),
    ] = True,
    per_host: Annotated[
        int,
        typer.Option(
            "--per-host",
            help="At most this many pages fetched at once from one site (apart from the "
            "model's --concurrency).",
        ),
    ] = 2,
    host_delay: Annotated[
        float,
        typer.Option(
            "--host-delay", help="Seconds between the starts of two fetches from one site."
        ),
    ] = 1.0,
    fetch_timeout: FetchTimeoutOpt = 20.0,
    via: ViaOpt = "interactive",
    wait: WaitOpt = False,
    poll_interval: PollIntervalOpt = 30.0,
    wait_timeout: WaitTimeoutOpt = 86_400.0,
    reask: ReaskOpt = True,
    batch_max_requests: MaxRequestsOpt = 50_000,
    batch_max_bytes: MaxBytesOpt = 200_000_000,
    debug: DebugOpt = False,
) -> None:
    """Summarise many articles into a JSONL file, one line per article, resumable."""
    engine_options = model_options(
        engine,
        model,
        base_url,
        mode,
        max_retries,
        timeout,
        temperature,
        max_chars,
        max_tokens,
        encoding,
        max_input_tokens,
        summary_language=summary_language,
    )
    if inputs[0] in ("status", "cancel") and output is None and not Path(inputs[0]).exists():
        provider_batch_command(
            inputs,
            engine_options=engine_options,
            settings_quiet=quiet,
            cache=(cache, cache_dir),
            prices=prices,
            provider=provider_options(
                wait, poll_interval, wait_timeout, reask, batch_max_requests, batch_max_bytes
            ),
            debug=debug,
        )
        return
    if output is None:
        fail(ConfigError("-o/--output is required: the JSONL file to write"), debug=debug)
        return
    if via not in VIAS:
        fail(ConfigError(f"--via {via!r}: choose one of {', '.join(VIAS)}"), debug=debug)
        return
    from summarizer.batch import BatchOptions, run_batch
    from summarizer.batch.openai_batch.run import run_provider_batch
    from summarizer.config import resolve_settings
    from summarizer.sources.fetch import FetchOptions
    from summarizer.sources.politeness import Politeness

    written = None
    try:
        settings = resolve_settings(**engine_options)
        if not quiet:
            typer.echo(f"summarise batch: {settings.engine_reason}", err=True)
        options = BatchOptions(
            inputs=inputs,
            output=output,
            glob=glob,
            retry_failed=retry_failed,
            concurrency=concurrency,
            workers=workers,
            rpm=rpm,
            tpm=tpm,
            cache=cache,
            cache_dir=resolve_cache_dir(cache_dir),
            prices=prices,
            quiet=quiet,
            fetch=FetchOptions(timeout=fetch_timeout, respect_robots=respect_robots),
            politeness=Politeness(per_host=per_host, delay=host_delay),
        )
        written = output
        if via == "openai-batch":
            outcome = run_provider_batch(
                options,
                provider_options(
                    wait, poll_interval, wait_timeout, reask, batch_max_requests, batch_max_bytes
                ),
                settings,
                recorded=engine_options,
            )
            finish_provider_batch(outcome, output, quiet=quiet, reask=reask)
            return
        tally = run_batch(options, settings)
    except KeyboardInterrupt:
        typer.echo(
            f"\ninterrupted: every finished article is in {written}; run the same command "
            "again to resume",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except typer.Exit:
        raise
    except Exception as error:
        fail(error, debug=debug)
        return
    if not tally.complete:
        raise typer.Exit(EXIT_BATCH_INCOMPLETE)


cache_app = typer.Typer(help="The model response cache: where it is, how big, clear it.")


@cache_app.command("info")
def cache_info(cache_dir: CacheDirOpt = None, debug: DebugOpt = False) -> None:
    """Show where the response cache is, how many responses it holds, and its size."""
    from summarizer.cache import ResponseCache

    try:
        info = ResponseCache(resolve_cache_dir(cache_dir)).info()
    except SummarizerError as error:
        fail(error, debug=debug)
        return
    typer.echo(f"cache: {info.path}")
    typer.echo(f"responses: {info.entries:,}")
    typer.echo(f"size: {info.size_bytes / 1_000_000:.2f} MB")
    for name, count in info.models.items():
        typer.echo(f"  {name}: {count:,}")


@cache_app.command("clear")
def cache_clear(
    cache_dir: CacheDirOpt = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="Only this model's responses.", show_default=False),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Delete the cached responses (all, or one model's)."""
    from summarizer.cache import ResponseCache

    try:
        cache = ResponseCache(resolve_cache_dir(cache_dir))
        deleted = cache.clear(model)
        typer.echo(f"cache: deleted {deleted:,} responses from {cache.path}")
    except SummarizerError as error:
        fail(error, debug=debug)


def register(app: typer.Typer) -> None:
    """Add ``batch`` and ``cache info|clear`` to ``app``."""
    app.command("batch", help=BATCH_HELP)(batch)
    app.add_typer(cache_app, name="cache")
