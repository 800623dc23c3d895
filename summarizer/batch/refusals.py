"""Stop a batch when nothing is listening at the model's URL.

A refused connection (``ECONNREFUSED``) means no server at that address: every article
would fail the same way, slowly (each one's retries), and end as an error line that a
plain re-run then skips. Two guards, both at ``REFUSED_IN_A_ROW``:

- the transport counts refused requests in a row (any answer resets the count) and,
  at the limit, the runner stops the batch at once (``nothing_listening``), without
  waiting for each article's retries;
- the runner holds back the lines of articles that failed on refused connections (a
  refusal the engine gave up on before the transport's count was reached); after that
  many such articles in a row it stops the batch too. An article that gets an answer
  in between ends the streak, and the lines held back are written as the errors they
  are.

Either way the batch stops with one line (exit 3) and writes no line for the refused
articles, so the same command, once the server is up, does them.
"""

from __future__ import annotations

from typing import Any

from summarizer.errors import ProviderError
from summarizer.retry import refused

__all__ = ["REFUSED_IN_A_ROW", "RefusalWatch", "is_refused", "nothing_listening"]

REFUSED_IN_A_ROW = 3
"""Refused requests (transport), or articles failed on refused connections (runner), one
after another, that stop the batch."""


def nothing_listening(base_url: str | None, what: str) -> ProviderError:
    """The one-line error that stops the batch; ``what`` says what was refused."""
    return ProviderError(
        f"nothing is listening at {base_url or 'the model URL'}: is the server running? "
        f"({what}; finished articles are saved: start it and run the same command again)"
    )


is_refused = refused
"""Whether an error (or what caused it) is a refused connection (``summarizer.retry.refused``)."""


class RefusalWatch:
    """Counts articles failed on refused connections in a row; holds back their lines."""

    def __init__(self, base_url: str | None, limit: int = REFUSED_IN_A_ROW) -> None:
        self.base_url = base_url
        self.limit = limit
        self.held: list[dict[str, Any]] = []

    def take(self, record: dict[str, Any], refused: int) -> list[dict[str, Any]]:
        """The lines to write now for ``record`` (whose requests met ``refused`` refused
        connections); raises ProviderError once ``limit`` articles in a row were refused."""
        if "error" in record and refused:
            self.held.append(record)
            if len(self.held) >= self.limit:
                raise nothing_listening(
                    self.base_url, f"{len(self.held)} articles in a row were refused"
                )
            return []
        lines, self.held = [*self.held, record], []
        return lines

    def flush(self) -> list[dict[str, Any]]:
        """The lines still held back when the batch ends normally."""
        lines, self.held = self.held, []
        return lines
