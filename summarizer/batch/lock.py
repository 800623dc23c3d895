"""One run at a time per output file: an exclusive lock on ``OUT.lock`` for the whole run.

Two batches appending to the same output would each skip only the ids it saw at start,
and write every article twice. The lock is ``filelock``'s OS lock (``flock`` on POSIX,
``LockFileEx`` on Windows): the OS drops it when the holder exits, however it exits
(``kill -9`` included), so a leftover ``OUT.lock`` file never blocks a later run and
needs no cleaning. It is never waited for: a second run fails at once with
``BusyError`` (exit 9).
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from summarizer.errors import BusyError
from summarizer.storage import storage_error

__all__ = ["OutputLock", "lock_path"]


def lock_path(output: Path) -> Path:
    """``out.jsonl`` -> ``out.jsonl.lock``, beside it."""
    return output.with_name(f"{output.name}.lock")


class OutputLock:
    """The exclusive, non-waiting lock on one batch output."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = lock_path(output)
        self._lock = FileLock(self.path, timeout=0)

    def acquire(self) -> None:
        """Take the lock, or raise BusyError (held elsewhere) / StorageError (cannot create)."""
        try:
            self._lock.acquire()
        except Timeout:
            raise BusyError(
                f"another run is writing {self.output} (lock {self.path}); wait for it or "
                "choose another -o"
            ) from None
        except OSError as error:
            raise storage_error(self.path, error, "then run the same command again") from None

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()
