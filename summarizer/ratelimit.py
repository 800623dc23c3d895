"""Pacing shared by every worker of a batch: one 429 back-off, optional rpm/tpm limits.

The engine's own retry policy retries the request that failed; these make the
*other* workers wait too, so a rate-limited server sees the whole batch slow
down instead of sixteen workers hammering it.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

__all__ = ["RateLimiter", "SharedBackoff", "SharedFloat", "retry_after_seconds"]


class SharedFloat(Protocol):
    """A float every process of a batch sees, e.g. ``multiprocessing.Value("d")``."""

    value: float


DEFAULT_PAUSE = 1.0
MAX_PAUSE = 120.0


def retry_after_seconds(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


class SharedBackoff:
    """A pause every worker honours: after a 429 nobody sends until ``resume_at``."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, shared: SharedFloat | None = None
    ) -> None:
        self.clock = clock
        self._shared = shared
        self._resume_at = 0.0
        self.consecutive = 0
        self.pauses = 0
        """How many 429s (or 503s with Retry-After) paused the batch."""

    @property
    def resume_at(self) -> float:
        """When sending may resume (``clock`` time); shared across processes if ``shared``."""
        return self._shared.value if self._shared is not None else self._resume_at

    @resume_at.setter
    def resume_at(self, value: float) -> None:
        if self._shared is not None:
            self._shared.value = value
        else:
            self._resume_at = value

    def record(self, status: int, headers: Mapping[str, str]) -> float:
        """Note a response; return the pause (seconds) it started, 0 if none."""
        delay = retry_after_seconds(headers)
        if status != 429 and not (status == 503 and delay is not None):
            self.consecutive = 0
            return 0.0
        self.consecutive += 1
        self.pauses += 1
        if delay is None:
            delay = DEFAULT_PAUSE * 2 ** min(self.consecutive - 1, 6)
        delay = min(delay, MAX_PAUSE)
        self.resume_at = max(self.resume_at, self.clock() + delay)
        return delay

    async def wait(self) -> None:
        """Sleep until the shared pause is over (loops: a new 429 may extend it)."""
        while (remaining := self.resume_at - self.clock()) > 0:
            await asyncio.sleep(remaining)


class RateLimiter:
    """Requests per minute (evenly spaced) and tokens per minute (a sliding window)."""

    def __init__(
        self,
        rpm: int | None = None,
        tpm: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval = 60.0 / rpm if rpm else 0.0
        self.tpm = tpm
        self.clock = clock
        self.sleep = sleep
        """How the limiter waits: ``asyncio.sleep``, or a test's clock that advances."""
        self._next_slot = 0.0
        self._window: deque[list[float]] = deque()  # [time, tokens]
        self._lock = asyncio.Lock()

    def _window_tokens(self, now: float) -> float:
        while self._window and self._window[0][0] <= now - 60.0:
            self._window.popleft()
        return sum(entry[1] for entry in self._window)

    async def acquire(self, estimated_tokens: int = 0) -> list[float] | None:
        """Wait for a request slot; return the token reservation to ``settle`` later."""
        if not self.interval and not self.tpm:
            return None
        async with self._lock:
            if self.interval:
                slot = max(self.clock(), self._next_slot)
                self._next_slot = slot + self.interval
                if (delay := slot - self.clock()) > 0:
                    await self.sleep(delay)
            if not self.tpm:
                return None
            wanted = min(estimated_tokens, self.tpm)
            while self._window and self._window_tokens(self.clock()) + wanted > self.tpm:
                wait = self._window[0][0] + 60.0 - self.clock()
                await self.sleep(min(max(0.01, wait), 0.25))  # re-check: estimates settle
            reservation = [self.clock(), float(wanted)]
            self._window.append(reservation)
            return reservation

    @staticmethod
    def settle(reservation: list[float] | None, actual_tokens: int | None) -> None:
        """Replace a reservation's estimate with the tokens the response reported."""
        if reservation is not None and actual_tokens is not None:
            reservation[1] = float(actual_tokens)
