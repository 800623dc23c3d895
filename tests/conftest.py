"""Shared fixtures. The suite is offline by design: any attempt to connect to a
host that is not on this machine fails the test that made it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests import live_llama
from tests.news.site import NewsSite
from tests.news.site import serve as serve_news
from tests.openai_server import FakeOpenAI, serve

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_012b64248e7d0954.txt"
FIXTURES = ROOT / "evals" / "fixtures"


def start_cli(args: list[str], **popen: Any) -> subprocess.Popen[bytes]:
    """``summarise ARGS`` in a subprocess (to kill it), with no OPENAI_/SUMMARIZER_ setting
    of the developer's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    command = [sys.executable, "-c", "from summarizer.cli import main; main()", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, **popen)


# Property tests: the normal suite is deterministic and bounded ("ci"); a long
# search for new failures runs with `pytest --hypothesis-profile fuzz` (random
# seeds, 2,000 examples a test; HYPOTHESIS_FUZZ_EXAMPLES to change that).
settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, database=None)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    database=None,
    print_blob=True,
)
settings.load_profile("ci")

_LOCAL_PREFIXES = ("127.", "::1", "localhost", "0.0.0.0")
_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection


class NonLocalConnection(AssertionError):
    """A test tried to reach a host that is not on this machine."""


def _check(address: Any) -> None:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if not host.startswith(_LOCAL_PREFIXES):
            raise NonLocalConnection(f"test tried to reach non-local host {host!r}")


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    _check(address)
    return _real_connect(self, address)


def _guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    _check(address)
    return _real_create_connection(address, *args, **kwargs)


@pytest.fixture(autouse=True)
def _offline_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fail any test that tries to reach a non-local host; keep real keys out of tests;
    give each test its own response cache, never the user's."""
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "response-cache"))
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket, "create_connection", _guarded_create_connection)
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SUMMARIZER_MODEL",
        "SUMMARIZER_ENGINE",
        "SUMMARIZER_MODE",
        "SUMMARIZER_MAX_RETRIES",
        "SUMMARIZER_TIMEOUT",
        "SUMMARIZER_TEMPERATURE",
        "SUMMARIZER_MAX_CHARS",
        "SUMMARIZER_MAX_INPUT_TOKENS",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    """The test news site on 127.0.0.1 (pages, feeds, failures); ``.base_url``."""
    yield from serve_news()


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    """A scripted OpenAI-compatible server on 127.0.0.1; ``.base_url`` ends in /v1."""
    yield from serve()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[live_llama.LiveServer]:
    """llama.cpp's server with SmolLM2-135M on 127.0.0.1, started once for the session.
    Skipped (with the reason) when the `live` extra is not installed, except in CI, where
    a missing extra is a failure: CI must run these tests."""
    reason = live_llama.unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"live tests must run in CI, but {reason}")
        pytest.skip(f"live: {reason}")
    with live_llama.start(tmp_path_factory.mktemp("llama") / "server.log") as server:
        yield server
