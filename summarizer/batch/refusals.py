"""Stop a batch when nothing is listening at the model's URL.

A refused connection (``ECONNREFUSED``) means no server at that address: every article
would fail the same way, slowly (each one's retries), and end as an error line that a
plain re-run then skips. So the runner holds back the lines of articles that failed on
refused connections; after ``REFUSED_IN_A_ROW`` such articles in a row it stops the
batch with one line (exit 3) and writes none of them, so the same command, once the
server is up, does them. An article that gets an answer in between ends the streak,
and the lines held back are written as the errors they are.
"""

from __future__ import annotations

import errno
from typing import Any

from summarizer.errors import ProviderError

__all__ = ["REFUSED_IN_A_ROW", "RefusalWatch", "is_refused"]

REFUSED_IN_A_ROW = 3
"""Articles failed on refused connections, one after another, that stop the batch."""


def is_refused(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is a refused connection."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return True
        if isinstance(current, OSError) and current.errno == errno.ECONNREFUSED:
            return True
        current = current.__cause__ or current.__context__
    return False


class RefusalWatch:
    """Counts articles failed on refused connections in a row; holds back their lines."""

    def __init__(self, base_url: str | None, limit: int = REFUSED_IN_A_ROW) -> None:
        self.base_url = base_url or "the model's URL"
        self.limit = limit
        self.held: list[dict[str, Any]] = []

    def take(self, record: dict[str, Any], refused: int) -> list[dict[str, Any]]:
        """The lines to write now for ``record`` (whose requests met ``refused`` refused
        connections); raises ProviderError once ``limit`` articles in a row were refused."""
        if "error" in record and refused:
            self.held.append(record)
            if len(self.held) >= self.limit:
                raise ProviderError(
                    f"nothing is listening at {self.base_url}: is the server running? "
                    f"({len(self.held)} articles in a row found the connection refused; "
                    "finished articles are saved: start it and run the same command again)"
                )
            return []
        lines, self.held = [*self.held, record], []
        return lines

    def flush(self) -> list[dict[str, Any]]:
        """The lines still held back when the batch ends normally."""
        lines, self.held = self.held, []
        return lines
