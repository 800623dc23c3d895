"""The seed article on a real model server: llama.cpp (xllamacpp) with SmolLM2-135M.

The model is far too small to summarise, so these tests assert what must hold for any
model: the server accepts every request (no 4xx, no "Wrong type supplied" warning in its
log, which is how llama.cpp says it ignored a parameter), and the run ends within its
bound with either a valid Summary, every span grounded at exact offsets and every
speaker a listed actor, or exit 4 with a one-line message; it never costs more answers
than the one budget, and nothing invented reaches the output. Tight ``max_tokens`` keep
the group short on a CPU (each answer is cut off, which is the exit-4 path).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from summarizer import summarise
from summarizer.cassettes import CassetteStore, recording
from summarizer.config import resolve_settings
from summarizer.errors import OutputError
from summarizer.llm.client import answer_budget
from summarizer.schema import Summary
from tests.live_llama import LiveServer
from tests.test_llm_engine import assert_grounded

pytestmark = pytest.mark.live

MAX_TOKENS = 16
"""Per answer: enough for the model to start its JSON, few enough to keep the group short."""
MAX_RETRIES = 1
TIMEOUT = 120.0


def _assert_nothing_invented(summary: Summary, text: str) -> None:
    assert_grounded(summary, text)  # every quote and evidence span at its exact offsets
    names = {actor.name for actor in summary.actors}
    assert {quote.speaker for quote in summary.quotes} - {None} <= names
    assert {stance.actor for stance in summary.stances} <= names
    flat = " ".join(text.split()).casefold()
    assert all(" ".join(name.split()).casefold() in flat for name in names)


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
def test_the_seed_on_llama_cpp_ends_valid_or_with_exit_4(
    llama_server: LiveServer, seed_text: str, tmp_path: Path, mode: str
) -> None:
    logged = len(llama_server.log())
    settings = resolve_settings(
        base_url=llama_server.base_url,
        model="smollm2-135m",
        mode=mode,
        max_tokens=MAX_TOKENS,
        max_retries=MAX_RETRIES,
        timeout=TIMEOUT,
        env={},
    )
    exchanges = tmp_path / "exchanges"
    started = time.monotonic()
    try:
        summary = summarise(seed_text, settings=recording(settings, exchanges))
    except OutputError as error:
        outcome: Summary | OutputError = error
        attempts = error.attempts or 0
        assert error.exit_code == 4 and "\n" not in error.message and error.message
    else:
        outcome = summary
        attempts = summary.meta.attempts
        _assert_nothing_invented(summary, seed_text)
    elapsed = time.monotonic() - started

    store = CassetteStore(exchanges)
    answers = list(map(store.load, store.keys()))
    statuses = [answer["response"]["status"] for answer in answers if answer]
    assert statuses and all(status == 200 for status in statuses), statuses
    assert "Wrong type supplied" not in llama_server.log()[logged:]
    sent = [answer["request"]["body"] for answer in answers if answer]
    assert all(body["max_tokens"] == MAX_TOKENS for body in sent)
    if mode == "tools":
        assert all(body["tool_choice"] == "required" for body in sent)
    assert 1 <= attempts <= answer_budget(settings)  # no transient errors on loopback
    assert elapsed <= TIMEOUT * answer_budget(settings)
    print(
        f"\nlive {mode}: {type(outcome).__name__}, attempts {attempts}, {elapsed:.1f} s, "
        f"statuses {statuses}: {json.dumps(str(outcome)[:160])}"
    )


def test_the_server_log_shows_an_ignored_tool_choice(llama_server: LiveServer) -> None:
    """The check above can fail: the object shape instructor sends by itself makes this
    server log the warning (and fall back to "auto")."""
    logged = len(llama_server.log())
    body = {
        "model": "smollm2-135m",
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 1,
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
        "tool_choice": {"type": "function", "function": {"name": "f"}},
    }
    with httpx.Client(timeout=TIMEOUT) as client:
        client.post(f"{llama_server.base_url}/chat/completions", json=body)

    assert "Wrong type supplied for parameter 'tool_choice'" in llama_server.log()[logged:]
