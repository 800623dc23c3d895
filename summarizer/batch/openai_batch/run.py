"""``summarise batch --via openai-batch``: submit, poll, download, ingest; resumable.

One run (or ``summarise batch status OUT``) does every step that is due, in order:
articles neither in the output nor already submitted are written as request files
(``submit.py``) and uploaded, batches are created (or found again by their input file),
the unfinished ones are polled, the finished ones' result files are downloaded
(``answers.py``) and their answers ingested into the output (``ingest.py``). With
``wait`` it polls until every batch is finished.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.batch.inputs import Item, count_items, iter_items
from summarizer.batch.openai_batch.answers import AnswerStore, parse_result_line, store_path
from summarizer.batch.openai_batch.ingest import ingest_answer, reask_transport
from summarizer.batch.openai_batch.provider import BatchProvider
from summarizer.batch.openai_batch.state import BatchState, Job, state_path
from summarizer.batch.openai_batch.submit import Limits, build_jobs
from summarizer.batch.output import ResultLog
from summarizer.batch.progress import BatchProgress
from summarizer.batch.records import Tally
from summarizer.batch.run import BatchOptions
from summarizer.batch.transport import ArticleTraffic
from summarizer.cache import ResponseCache
from summarizer.config import Settings
from summarizer.errors import ConfigError, NothingToDoError
from summarizer.llm.prompt import prompt_version
from summarizer.pricing import load_prices
from summarizer.sources.urls import is_url

__all__ = ["ProviderBatch", "ProviderOutcome", "cancel_provider_batch", "run_provider_batch"]


@dataclass
class ProviderBatch:
    """The Batch API options (``--wait``, ``--poll-interval``, ``--wait-timeout``,
    ``--no-reask``, ``--batch-max-requests``, ``--batch-max-bytes``)."""

    wait: bool = False
    poll_interval: float = 30.0
    wait_timeout: float = 86_400.0
    reask: bool = True
    limits: Limits = field(default_factory=Limits)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


@dataclass
class ProviderOutcome:
    tally: Tally
    pending: int = 0
    """Articles still with the provider when the run stopped."""
    reasked: int = 0
    """Articles whose batch answer was re-asked interactively."""


def _pending(items: Iterator[Item], skip: set[str], tally: Tally) -> Iterator[Item]:
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            tally.add_duplicate(item.key)
            continue
        seen.add(item.key)
        if item.key in skip:
            tally.skipped += 1
        else:
            yield item


def _state(options: BatchOptions, settings: Settings, status_only: bool) -> BatchState:
    path = state_path(options.output)
    state = BatchState.load(path)
    if state is None:
        if status_only:
            raise ConfigError(
                f"{path}: no Batch API state beside {options.output}; submit first with "
                "summarise batch INPUT... -o OUT --via openai-batch"
            )
        return BatchState(
            model=settings.model,
            prompt_version=prompt_version(),
            inputs=[str(Path(raw).resolve()) for raw in options.inputs],
            glob=options.glob,
            created=time.time(),
        )
    if state.model != settings.model:
        raise ConfigError(
            f"{options.output} was submitted for model {state.model!r}, not "
            f"{settings.model!r}; pass --model {state.model} (or choose another -o)"
        )
    return state


class _Run:
    def __init__(
        self,
        options: BatchOptions,
        via: ProviderBatch,
        settings: Settings,
        state: BatchState,
        log: ResultLog,
        progress: BatchProgress,
        tally: Tally,
    ) -> None:
        self.options = options
        self.via = via
        self.settings = settings
        self.state = state
        self.log = log
        self.progress = progress
        self.tally = tally
        self.prices = load_prices(options.prices)
        self.provider = BatchProvider(settings)
        self.path = state_path(options.output)
        self.reasked = 0

    def write(self, record: dict[str, Any]) -> None:
        self.log.append(record)
        self.tally.add(record)
        self.progress.update()

    def save(self) -> None:
        self.state.save(self.path)

    def send(self, job: Job) -> None:
        """Upload and create, each at most once per job (see ``state.py``)."""
        upload = self.options.output.with_name(job.upload)
        if job.file_id is None:
            job.file_id = self.provider.upload(upload)
            self.save()
        if job.batch_id is None:
            found = self.provider.find(job.file_id, job.created - 3600)
            if found is None:
                found = self.provider.create(
                    job.file_id,
                    {"summarizer_output": self.options.output.name, "job": str(job.number)},
                )
            self._update(job, found)
            self.save()
        with contextlib.suppress(OSError):
            upload.unlink()

    def _update(self, job: Job, batch: Any) -> None:
        job.batch_id = batch.id
        job.status = batch.status
        counts = getattr(batch, "request_counts", None)
        if counts is not None:
            job.counts = {
                "completed": counts.completed,
                "failed": counts.failed,
                "total": counts.total,
            }
        job.output_file_id = batch.output_file_id
        job.error_file_id = batch.error_file_id
        errors = getattr(batch, "errors", None)
        data = getattr(errors, "data", None) or []
        message = getattr(data[0], "message", None) if data else None
        job.why = f"batch {batch.id} {batch.status}" + (f": {message}" if message else "")

    def poll(self, job: Job) -> None:
        assert job.batch_id is not None
        self._update(job, self.provider.retrieve(job.batch_id))
        self.save()

    def download(self, job: Job, store: AnswerStore) -> None:
        unreadable = 0
        store.begin()
        try:
            for file_id in (job.output_file_id, job.error_file_id):
                if file_id is None:
                    continue
                with self.provider.lines(file_id) as lines:
                    for line in lines:
                        parsed = parse_result_line(line)
                        if parsed is None:
                            unreadable += 1
                        else:
                            store.put(*parsed)
        except BaseException:
            with contextlib.suppress(Exception):
                store.commit()
            raise
        store.commit()
        if unreadable:
            self.progress.say(
                f"warning: {unreadable} line(s) of batch {job.batch_id}'s result files could "
                "not be read; their articles get error lines"
            )
        job.downloaded = True
        self.save()

    def ingest(self, jobs: list[Job], store: AnswerStore, done: set[str]) -> None:
        """One pass over the inputs: every article of ``jobs`` not yet in the output."""
        wanted: dict[str, tuple[Job, str]] = {}
        for job in jobs:
            for key, digest in zip(job.articles, job.digests, strict=True):
                wanted[key] = (job, digest)
        cache = ResponseCache(self.options.cache_dir) if self.options.cache else None
        settings = self.settings
        forward = reask_transport(settings, cache) if self.via.reask else None
        try:
            for item in iter_items(self.state.inputs, self.state.glob):
                entry = wanted.pop(item.key, None)
                if entry is None or item.key in done:
                    continue
                job, digest = entry
                why = getattr(job, "why", None) or f"batch {job.batch_id} {job.status}"
                result = ingest_answer(
                    item,
                    store.get(item.key),
                    digest,
                    settings,
                    prices=self.prices,
                    forward=forward,
                    cache=cache,
                    why_missing=why,
                )
                self.reasked += result.reasks > 0
                self.write(result.record)
                done.add(item.key)
                traffic = ArticleTraffic(sent=result.reasks, spent=result.usage)
                self.tally.add_traffic(traffic, result.cost)
        finally:
            if forward is not None and forward is not settings.transport:
                forward.close()
            if cache is not None:
                cache.close()
        if wanted:
            self.progress.say(
                f"warning: {len(wanted)} submitted article(s) are no longer in the inputs; "
                "their answers stay in the cache"
            )
        for job in jobs:
            job.ingested = True
        self.save()

    def report(self) -> int:
        pending = 0
        for job in self.state.jobs:
            if job.ingested:
                continue
            pending += len(job.articles)
            counts = job.counts or {}
            self.progress.say(
                f"batch {job.number}/{len(self.state.jobs)} {job.batch_id or '(not created)'}: "
                f"{job.status or 'not submitted'}, {counts.get('completed', 0)}/"
                f"{counts.get('failed', 0)}/{counts.get('total', len(job.articles))} "
                "completed/failed/total"
            )
        return pending

    def step(self, store: AnswerStore, done: set[str]) -> int:
        """Advance every job one step; return how many articles are still with the provider."""
        for job in self.state.jobs:
            if job.ingested:
                continue
            if job.batch_id is None:
                self.send(job)
            if not job.terminal:
                self.poll(job)
            if job.terminal and not job.downloaded:
                self.download(job, store)
        ready = [job for job in self.state.jobs if job.downloaded and not job.ingested]
        if ready:
            self.ingest(ready, store, done)
        return self.report()


def recorded_options(output: Path, given: dict[str, Any]) -> dict[str, Any]:
    """The engine options recorded at submission, with those ``given`` now on top."""
    state = BatchState.load(state_path(output))
    recorded = dict(state.options) if state is not None else {}
    recorded.update({name: value for name, value in given.items() if value is not None})
    return recorded


def run_provider_batch(
    options: BatchOptions,
    via: ProviderBatch,
    settings: Settings,
    *,
    status_only: bool = False,
    recorded: dict[str, Any] | None = None,
) -> ProviderOutcome:
    """Submit what is new, then poll, download and ingest what is due (until done with
    ``via.wait``)."""
    if settings.engine != "llm":
        raise ConfigError(
            "--via openai-batch needs the LLM engine: pass --model (and --engine llm)"
        )
    if any(is_url(str(raw)) for raw in options.inputs):
        raise ConfigError(
            "--via openai-batch takes files, directories and JSONL only (a URL's page could "
            "change before the answer comes back); fetch pages into a JSONL first"
        )
    state = _state(options, settings, status_only)  # a status with no state: no file made
    log = ResultLog(options.output)
    resume = log.open(retry_failed=options.retry_failed)
    tally = Tally()
    tally.failed_before = resume.failed
    progress = BatchProgress(
        tally, quiet=options.quiet, interval=options.progress_interval, rich=options.rich
    )
    store: AnswerStore | None = None
    run: _Run | None = None
    try:
        inputs = (
            state.inputs if status_only else [str(Path(raw).resolve()) for raw in options.inputs]
        )
        # Answers are looked for in every input ever given for this output.
        state.inputs += [raw for raw in inputs if raw not in state.inputs]
        state.glob = state.glob if status_only else options.glob
        if recorded is not None:
            state.options = {k: v for k, v in recorded.items() if k != "api_key"}
        tally.total = count_items(inputs, state.glob)
        if tally.total == 0:
            raise NothingToDoError(f"no article in {', '.join(inputs)}; check the paths")
        run = _Run(options, via, settings, state, log, progress, tally)
        waiting = {key for job in state.jobs if not job.ingested for key in job.articles}
        if not status_only:
            items = _pending(iter_items(inputs, state.glob), resume.done | waiting, tally)
            made = build_jobs(items, settings, state, options.output, via.limits, run.write)
            if made:
                progress.say(f"batch api: {made} request(s) in {len(state.jobs)} file(s) to send")
        store = AnswerStore(store_path(options.output))
        started = via.clock()
        pending = run.step(store, resume.done)
        while pending and via.wait and via.clock() - started < via.wait_timeout:
            via.sleep(via.poll_interval)
            pending = run.step(store, resume.done)
        if status_only:
            tally.skipped = len(resume.done) - tally.finished
        return ProviderOutcome(tally, pending=pending, reasked=run.reasked)
    finally:
        if store is not None:
            store.close()
        if run is not None:
            run.provider.close()
        log.close()
        progress.finish(str(options.output))


def cancel_provider_batch(output: Path, settings: Settings) -> list[str]:
    """Ask the provider to cancel every unfinished batch of ``output``; their answers so
    far are ingested by the next ``status``. Returns the batch ids cancelled."""
    path = state_path(output)
    state = BatchState.load(path)
    if state is None:
        raise ConfigError(f"{path}: no Batch API state beside {output}; nothing to cancel")
    provider = BatchProvider(settings)
    cancelled = []
    try:
        for job in state.jobs:
            if job.batch_id is not None and not job.terminal:
                provider.cancel(job.batch_id)
                cancelled.append(job.batch_id)
    finally:
        provider.close()
    return cancelled
