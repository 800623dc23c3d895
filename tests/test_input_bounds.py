"""The input boundary: reading is bounded by --max-chars (never a whole unbounded stream),
and text that no encoding can write (lone surrogates) is made safe, offsets unchanged."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import InputError, asummarise, read_article, summarise
from summarizer.cli import app
from summarizer.inputs import byte_limit, check_text

runner = CliRunner()


class EndlessZeros(io.RawIOBase):
    """A stream that never ends; reading past ``budget`` bytes fails the test."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), 1 << 16)
        self.given += size
        if self.given > self.budget:
            raise AssertionError(f"read {self.given} bytes of an endless stream")
        buffer[:size] = b"a" * size
        return size


def test_stdin_is_read_up_to_the_limit_and_no_further(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = EndlessZeros(budget=10_000_000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(stream)))
    with pytest.raises(InputError, match="standard input: has more than 4,004 bytes, over the"):
        read_article("-", max_chars=1000)
    assert stream.given <= byte_limit(1000) + (1 << 16)


def test_a_large_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="over the limit of 1,000 characters"):
            read_article(path, max_chars=1000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


def test_an_article_at_the_byte_bound_is_judged_by_its_characters(tmp_path: Path) -> None:
    """1,000 four-byte characters is exactly 4,000 bytes: read, and within the limit."""
    path = tmp_path / "emoji.txt"
    path.write_text("\U0001f600" * 999 + ".", encoding="utf-8")
    assert len(read_article(path, max_chars=1000)) == 1000
    with pytest.raises(InputError, match="has 1,000 characters, over the limit of 999"):
        read_article(path, max_chars=999)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_the_cli_stops_reading_an_endless_pipe(tmp_path: Path) -> None:
    """A writer that would send 50 MB: the CLI refuses after about 4 bytes a character,
    and the writer sees the pipe close long before the end."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sent = 0

    def write() -> None:
        nonlocal sent
        chunk = b"word " * 13_107  # 64 KiB
        try:
            with fifo.open("wb") as handle:
                while sent < 50_000_000:
                    handle.write(chunk)
                    sent += len(chunk)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    bindir = Path(sys.executable).parent
    proc = subprocess.run(
        [str(bindir / "summarise"), str(fifo), "--engine", "offline", "--max-chars", "1000"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    writer.join(timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {fifo}: has more than 4,004 bytes")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert sent < 2_000_000


SURROGATE_ARTICLE = "The mayor spoke \udc80 on Monday. It rained."


def test_lone_surrogates_become_replacement_characters_one_for_one() -> None:
    checked = check_text(SURROGATE_ARTICLE + "\ud83d", max_chars=1000)
    assert len(checked) == len(SURROGATE_ARTICLE) + 1
    assert checked[16] == "\ufffd" and checked[-1] == "\ufffd"
    assert checked.replace("\ufffd", "") == SURROGATE_ARTICLE.replace("\udc80", "")


def test_a_summary_of_text_with_lone_surrogates_serialises() -> None:
    summary = summarise(SURROGATE_ARTICLE, engine="offline")
    data = json.loads(summary.model_dump_json())
    assert "\ufffd" in data["summary"]
    twin = asyncio.run(asummarise(SURROGATE_ARTICLE, engine="offline"))
    assert twin.model_dump(exclude={"meta"}) == summary.model_dump(exclude={"meta"})


def test_a_jsonl_record_with_a_surrogate_escape_gets_a_summary(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": SURROGATE_ARTICLE}) + "\n")
    assert "\\udc80" in feed.read_text()
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(feed), "-o", str(out), "--engine", "offline"])
    assert result.exit_code == 0, result.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert "error" not in record and "\ufffd" in record["summary"]["summary"]
