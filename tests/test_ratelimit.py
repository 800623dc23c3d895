"""Retry-After parsing, the shared back-off and the rpm/tpm limiter."""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import time

import pytest

from summarizer.ratelimit import DEFAULT_PAUSE, RateLimiter, SharedBackoff, retry_after_seconds


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "2"}, 2.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_seconds(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after_seconds(headers) == expected


def test_retry_after_http_date() -> None:
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert retry_after_seconds({"Retry-After": date}, now=now) == pytest.approx(30, abs=1)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_backoff_pauses_on_429_and_doubles_without_header() -> None:
    clock = FakeClock()
    backoff = SharedBackoff(clock)
    assert backoff.record(200, {}) == 0.0
    assert backoff.record(429, {"Retry-After": "3"}) == 3.0
    assert backoff.resume_at == 103.0
    assert backoff.record(429, {}) == DEFAULT_PAUSE * 2
    assert backoff.resume_at == 103.0  # a shorter pause never shortens the current one
    assert backoff.record(503, {}) == 0.0  # a 503 pauses only when the server says how long
    assert backoff.record(503, {"Retry-After": "5"}) == 5.0
    assert backoff.pauses == 3


def test_backoff_wait_holds_every_waiter() -> None:
    backoff = SharedBackoff()

    async def main() -> list[float]:
        backoff.record(429, {"Retry-After": "0.2"})
        started = time.monotonic()

        async def waiter() -> float:
            await backoff.wait()
            return time.monotonic() - started

        return await asyncio.gather(*(waiter() for _ in range(3)))

    assert all(waited >= 0.19 for waited in asyncio.run(main()))


def test_rpm_spaces_requests_evenly() -> None:
    clock = FakeClock()

    async def sleep(seconds: float) -> None:
        clock.now += seconds

    limiter = RateLimiter(rpm=1200, clock=clock, sleep=sleep)  # one every 50 ms

    async def main() -> list[float]:
        stamps = []
        for _ in range(4):
            await limiter.acquire()
            stamps.append(clock.now)
            clock.now += 0.01  # the request itself takes a little time
        return stamps

    stamps = asyncio.run(main())
    assert [round(b - a, 6) for a, b in itertools.pairwise(stamps)] == [0.05, 0.05, 0.05]


def test_tpm_waits_for_the_window_and_settles_to_actual_usage() -> None:
    clock = FakeClock()
    limiter = RateLimiter(tpm=1000, clock=clock)

    async def main() -> None:
        first = await limiter.acquire(900)
        RateLimiter.settle(first, 100)  # the server reported fewer tokens than estimated
        await asyncio.wait_for(limiter.acquire(800), timeout=1)  # fits: 100 + 800 <= 1000
        blocked = asyncio.ensure_future(limiter.acquire(500))
        await asyncio.sleep(0.05)
        assert not blocked.done()  # 900 used in the window, 500 more would exceed 1000
        clock.now += 61  # the window slides past both
        await asyncio.wait_for(blocked, timeout=1)

    asyncio.run(main())


def test_no_limits_means_no_waiting() -> None:
    assert asyncio.run(RateLimiter().acquire(10**9)) is None
