"""The batch's network thread: requests keep going out while the event loop computes,
the in-flight limit holds there, and cancelling a caller cancels its exchange."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx

from summarizer.batch.aiohttp_transport import AiohttpTransport
from summarizer.batch.network import NetworkThread
from summarizer.batch.transport import BatchTransport
from tests.openai_server import FakeOpenAI, RecordedRequest, Scripted, chat_completion


def _timed_answers(server: FakeOpenAI, delay: float) -> list[float]:
    arrivals: list[float] = []

    def responder(request: RecordedRequest) -> Scripted:
        arrivals.append(time.monotonic())
        return Scripted(body=chat_completion("ok"), delay=delay)

    server.responder = responder
    return arrivals


def _post_twice_while_computing(server: FakeOpenAI, network: NetworkThread | None) -> float:
    """Two requests, one slot, a server that takes 0.2 s; right after handing both over,
    the event loop computes (blocks) for 0.8 s. Returns when that computing ended."""

    async def run() -> float:
        transport = BatchTransport(AiohttpTransport(), in_flight=1, network=network)
        client = httpx.AsyncClient(transport=transport)
        url = f"{server.base_url}/chat/completions"
        posts = [asyncio.create_task(client.post(url, json={"n": n})) for n in range(2)]
        await asyncio.sleep(0.05)  # both handed over; the first is at the server
        time.sleep(0.8)  # an article's CPU work, much exaggerated
        computed_until = time.monotonic()
        answers = await asyncio.gather(*posts)
        assert [a.status_code for a in answers] == [200, 200]
        await transport.close_inner()
        return computed_until

    return asyncio.run(run())


def test_the_next_request_goes_out_while_the_loop_computes(openai_server: FakeOpenAI) -> None:
    arrivals = _timed_answers(openai_server, delay=0.2)
    computed_until = _post_twice_while_computing(openai_server, NetworkThread())
    first, second = sorted(arrivals)
    assert second - first >= 0.19  # one slot: the second waited for the first answer
    assert second < computed_until - 0.3  # ...but not for the event loop to be free


def test_without_the_thread_the_request_waits_for_the_loop(openai_server: FakeOpenAI) -> None:
    """The same exchange on the caller's loop: what the thread is for."""
    arrivals = _timed_answers(openai_server, delay=0.2)
    computed_until = _post_twice_while_computing(openai_server, None)
    assert max(arrivals) >= computed_until


def test_cancelling_the_caller_cancels_the_exchange_and_close_stops_the_thread() -> None:
    network = NetworkThread()
    started, cancelled = threading.Event(), threading.Event()

    async def exchange() -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def run() -> None:
        call = asyncio.create_task(network.run(exchange()))
        await asyncio.to_thread(started.wait, 5)
        call.cancel()
        await asyncio.gather(call, return_exceptions=True)
        await asyncio.to_thread(cancelled.wait, 5)
        await network.aclose()

    asyncio.run(run())
    assert cancelled.is_set()
    assert not [t for t in threading.enumerate() if t.name == network.name]
