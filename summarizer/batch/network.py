"""The batch's network thread: a second event loop that only sends and receives.

Why: one event loop runs every article's CPU work (the prompt, openai's request
building, instructor's parsing, our checks and grounding: a few milliseconds an
article). When several answers arrive together, that loop runs each one's work
before it looks at its sockets again, so a request that could go out waits behind
tens of milliseconds of other articles' work while the server sits idle. With the
sockets on a loop of their own, the next request goes out as soon as an answer
frees its slot. The GIL still runs one thread at a time, but it hands over every
few milliseconds (``sys.getswitchinterval``), which is soon enough.

Benchmark 2 (``python benchmarks/batch_llm.py``) measures the effect; its figures are
in the README (Batches), not here.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["NetworkThread"]

T = TypeVar("T")


class NetworkThread:
    """Runs coroutines on a private event loop in a daemon thread, started on first use.

    Whatever runs there (the HTTP transport, the in-flight limit, the back-off and the
    rate limiter) must only ever be used there: asyncio objects belong to one loop.
    """

    def __init__(self, name: str = "summarizer-network") -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._starting:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name=self.name, daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    async def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Await ``coroutine`` on the network loop; cancelling the caller cancels it there."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self._running_loop())
        return await asyncio.wrap_future(future)

    async def aclose(self) -> None:
        """Cancel what is still running there, then stop the loop and its thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        await self.run(_cancel_the_rest())
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join)
        loop.close()
        self._loop = self._thread = None


async def _cancel_the_rest() -> None:
    current = asyncio.current_task()
    rest = [task for task in asyncio.all_tasks() if task is not current]
    for task in rest:
        task.cancel()
    await asyncio.gather(*rest, return_exceptions=True)
