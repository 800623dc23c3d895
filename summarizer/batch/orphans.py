"""Worker processes end when the batch process that started them dies.

A ``kill -9`` of the batch gives its workers no chance to be told: they would wait on
their task queue for ever (adopted by init, PPID 1). So every worker watches the batch:
a daemon thread checks, every ``PARENT_POLL_S``, that the batch's pid still exists and
that the worker's own parent has not changed (it changes the moment the parent dies),
and ends the process otherwise. The pid is passed in by the batch rather than read in
the worker, because a parent killed while the worker is still starting would otherwise
never be noticed. POSIX only (``os.kill(pid, 0)`` would terminate the process on
Windows); elsewhere this does nothing.
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["PARENT_POLL_S", "exit_with_parent"]

PARENT_POLL_S = 0.2
"""How often a worker checks on the batch: it outlives a killed batch by about this long."""


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def exit_with_parent(batch_pid: int, interval: float = PARENT_POLL_S) -> None:
    """Call in a worker process: end it (exit code 1) as soon as ``batch_pid`` is gone."""
    if os.name != "posix":
        return
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent and _exists(batch_pid):
            time.sleep(interval)
        os._exit(1)  # no cleanup: the batch that would read our results is gone

    threading.Thread(target=watch, name="summarizer-parent-watch", daemon=True).start()
