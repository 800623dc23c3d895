"""``OUT.batch.json``: what was submitted to the provider's Batch API, written atomically.

The state is written before each step that the provider cannot undo, so that a run
killed at any point finds on re-run exactly what it had sent: a job recorded with no
``file_id`` was not uploaded yet (upload again), one with a ``file_id`` and no
``batch_id`` may have been created without its id coming back (the batch is looked up
by its input file before anything is created), one with a ``batch_id`` is polled.
An article id recorded in a job is never submitted again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError
from summarizer.storage import storage_error, write_text_atomic

__all__ = ["TERMINAL", "BatchState", "Job", "state_path"]

TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
"""Provider batch statuses after which nothing more will be answered."""


def state_path(output: Path) -> Path:
    """``out.jsonl`` -> ``out.jsonl.batch.json``, beside it."""
    return output.with_name(f"{output.name}.batch.json")


@dataclass
class Job:
    """One uploaded file and the provider batch that answers it."""

    number: int
    upload: str
    """The local JSONL file uploaded (deleted once the batch exists)."""
    articles: list[str]
    """The articles' resume keys (their ids' JSON text), which are also the custom_ids."""
    digests: list[str]
    """Fingerprints of the request bodies, in ``articles`` order."""
    size: int
    created: float
    file_id: str | None = None
    batch_id: str | None = None
    status: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    output_file_id: str | None = None
    error_file_id: str | None = None
    downloaded: bool = False
    ingested: bool = False
    why: str | None = None
    """Why articles of a finished batch have no answer (its status, the first error)."""

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


@dataclass
class BatchState:
    """Every job of one output file, with what decides the requests."""

    model: str | None
    prompt_version: str
    inputs: list[str]
    glob: str
    created: float
    jobs: list[Job] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    """The engine options given at submission (model, mode, temperature, max_tokens...;
    never a key): ``status`` resolves the same settings, so the same requests."""

    def submitted(self) -> set[str]:
        return {key for job in self.jobs for key in job.articles}

    def save(self, path: Path) -> None:
        """Write the state whole or not at all (``storage.write_text_atomic``)."""
        try:
            write_text_atomic(path, json.dumps(asdict(self), ensure_ascii=False, indent=1))
        except OSError as exc:
            raise storage_error(path, exc, "then run the same command again") from None

    @classmethod
    def load(cls, path: Path) -> BatchState | None:
        """The state beside an output, or None when there is none."""
        try:
            raw: Any = json.loads(path.read_text("utf-8"))
            jobs = [Job(**job) for job in raw.pop("jobs")]
            return cls(**raw, jobs=jobs)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ConfigError(
                f"{path}: not a readable Batch API state file ({exc}); move it away only if "
                "no batch of this output is still running at the provider"
            ) from None
