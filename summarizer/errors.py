"""Every error summarizer raises on purpose, and the CLI exit code for each.

The hierarchy::

    SummarizerError          base class; catch this to catch them all
    ├── ConfigError          usage mistake: no model, bad option value       (exit 2)
    ├── InputError           the article cannot be read or is not usable     (exit 2)
    │   └── FixtureError     an eval fixture breaks the format               (exit 2)
    ├── ProviderError        the model endpoint failed or refused            (exit 3)
    │   └── CassetteMiss     replay found no recorded exchange for a request (exit 3)
    ├── OutputError          the model's output was still invalid after the
    │                        last re-ask                                     (exit 4)
    ├── StorageError         the output cannot be written: disk full, not
    │                        writable; re-running resumes                    (exit 7)
    ├── NothingToDoError     the inputs hold no article: an empty directory,
    │                        a glob that matches nothing, a feed with no
    │                        entries                                         (exit 8)
    ├── BusyError            another run holds the output's lock             (exit 9)
    └── FetchError           a web page or feed could not be fetched: the
                             site is down, refused, too slow, too big, not
                             HTML; a fetch failure is not a model-provider
                             failure                                         (exit 10)

Exit codes that are outcomes, not exceptions: ``EXIT_BATCH_INCOMPLETE`` (5, a batch
ran to the end but some articles have an error line), ``EXIT_GATES_FAILED`` (6, an
eval's ``--fail-under`` or ``--baseline`` gate failed) and ``EXIT_BATCH_PENDING`` (11,
articles still with the provider's Batch API). 130 is Ctrl-C.

Messages are one line and say what to do next. They never contain the API key:
``redact`` is applied to every message before it is shown.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.schema import Usage

__all__ = [
    "EXIT_BATCH_INCOMPLETE",
    "EXIT_BATCH_PENDING",
    "EXIT_GATES_FAILED",
    "FATAL_STATUS",
    "BusyError",
    "CassetteMiss",
    "ConfigError",
    "FetchError",
    "FixtureError",
    "InputError",
    "NothingToDoError",
    "OutputError",
    "ProviderError",
    "StorageError",
    "SummarizerError",
    "redact",
]


class SummarizerError(Exception):
    """Base class of every error summarizer raises on purpose."""

    exit_code: int = 1
    attempts: int | None = None
    """LLM engine: HTTP calls made to the model before it failed (re-asks, retries included)."""
    usage: Usage | None = None
    """LLM engine: the tokens those calls used."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class ConfigError(SummarizerError):
    """A usage mistake: no model configured, an invalid option value."""

    exit_code = 2


class InputError(SummarizerError):
    """The article cannot be read or is not usable (missing, empty, binary, too large)."""

    exit_code = 2


class FixtureError(InputError):
    """A fixture file is missing, not JSON, or breaks the format; the message names the field."""


FATAL_STATUS = frozenset({401, 403, 404})
"""Provider refusals about the configuration (key, permission, model), not the article:
a batch or an eval stops at the first one instead of repeating it for every article."""


class ProviderError(SummarizerError):
    """The model endpoint failed: transient errors exhausted, or a permanent refusal."""

    exit_code = 3

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code

    @property
    def fatal(self) -> bool:
        """A ``FATAL_STATUS``: no other article can fare better; batches and evals stop."""
        return self.status_code in FATAL_STATUS


class CassetteMiss(ProviderError):
    """Replay (``--replay``) found no recorded exchange for a request."""


class OutputError(SummarizerError):
    """The model's output was still invalid after the last re-ask."""

    exit_code = 4


class StorageError(SummarizerError):
    """The output cannot be written (disk full, read-only, no permission); re-run to resume."""

    exit_code = 7


class NothingToDoError(SummarizerError):
    """The inputs hold no article at all: an empty directory, a glob that matches nothing."""

    exit_code = 8


class BusyError(SummarizerError):
    """Another run holds the lock on the output file."""

    exit_code = 9


class FetchError(SummarizerError):
    """A web page or feed could not be fetched (HTTP error, timeout, too big, not a page).

    Not a ``ProviderError``: the model was never asked. ``status_code`` is the HTTP status
    when the server answered with one."""

    exit_code = 10

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


EXIT_BATCH_INCOMPLETE = 5
"""A batch ran to the end, but some articles have an error line instead of a summary."""

EXIT_GATES_FAILED = 6
"""An eval gate (``--fail-under``, ``--baseline``) failed."""

EXIT_BATCH_PENDING = 11
"""``--via openai-batch``: some articles are still with the provider (run ``summarise
batch status OUT`` later, or add ``--wait``); nothing failed for them yet."""


_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,}|Bearer\s+[A-Za-z0-9_\-\.]{8,})")


def redact(text: str) -> str:
    """Remove API keys (the configured one, and anything shaped like a key) from text."""
    for name in ("OPENAI_API_KEY", "SUMMARIZER_API_KEY"):
        secret = os.environ.get(name)
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    for secret in _extra_secrets:
        text = text.replace(secret, "***")
    return _KEY_PATTERN.sub("***", text)


_extra_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a key given explicitly (not through the environment) so it is redacted too."""
    if secret and len(secret) >= 4:
        _extra_secrets.add(secret)
