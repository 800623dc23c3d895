"""Politeness toward the sites a batch reads: at most ``per_host`` fetches in flight to
one host, and at least ``delay`` seconds between the starts of two fetches to it. This
is separate from the model's concurrency (``--concurrency``): a feed of 200 links to one
site is fetched two at a time however fast the model answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from summarizer.config import NumberRange

__all__ = ["HOST_DELAY", "PER_HOST", "HostGate", "Politeness"]

PER_HOST = NumberRange(int, 1, 64)
HOST_DELAY = NumberRange(float, 0, 3600, unit="seconds")


@dataclass(frozen=True)
class Politeness:
    """Per-host limits for fetching (``--per-host``, ``--host-delay``)."""

    per_host: int = 2
    delay: float = 1.0
    """Seconds between the starts of two fetches to the same host."""


@dataclass
class HostGate:
    """Hands out per-host turns; threads block until their host has room and its delay
    has passed. ``sleep`` and ``clock`` are injectable for tests."""

    politeness: Politeness = field(default_factory=Politeness)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _slots: dict[str, threading.BoundedSemaphore] = field(default_factory=dict, repr=False)
    _next: dict[str, float] = field(default_factory=dict, repr=False)

    @contextmanager
    def turn(self, url: str) -> Iterator[None]:
        """Hold one of the host's ``per_host`` slots, starting no sooner than its delay."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            slot = self._slots.setdefault(
                host, threading.BoundedSemaphore(max(1, self.politeness.per_host))
            )
        with slot:
            with self._lock:
                now = self.clock()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self.politeness.delay
            if start > now:
                self.sleep(start - now)
            yield
