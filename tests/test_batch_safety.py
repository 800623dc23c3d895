"""Batch data safety: the output is never an input, one run at a time, a full disk is an
environment error, ids keep their JSON type, nothing listening stops the batch, an empty
input is nothing to do; the exit code says whether every article has a summary."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from typer.testing import CliRunner, Result

from summarizer import retry
from summarizer.batch import output as batch_output
from summarizer.batch.lock import OutputLock, lock_path
from summarizer.batch.refusals import RefusalWatch
from summarizer.cli import app
from summarizer.errors import (
    EXIT_BATCH_INCOMPLETE,
    BusyError,
    NothingToDoError,
    ProviderError,
    StorageError,
)

TEXT = "The mayor said the bridge would open in May. The council agreed on Monday."
DEV_FULL = Path("/dev/full")


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, ["batch", *args, "-e", "offline", "-w", "1"])


def _feed(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_output_that_is_an_input_is_refused_untouched(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "same.jsonl", [{"id": "a", "text": TEXT}])
    with feed.open("a") as handle:
        handle.write("not json\n")
    before = feed.read_bytes()
    result = _run(str(feed), "-o", str(feed))
    assert result.exit_code == 2, result.output
    assert "is one of the inputs" in result.stderr
    assert feed.read_bytes() == before and not lock_path(feed).exists()

    # The same file by another path (a symlink) is the same file.
    link = tmp_path / "link.jsonl"
    link.symlink_to(feed)
    assert _run(str(feed), "-o", str(link)).exit_code == 2
    assert feed.read_bytes() == before


def test_output_that_is_not_a_batch_output_is_refused_untouched(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "feed.jsonl", [{"id": "a", "text": TEXT}])
    other = _feed(tmp_path / "other.jsonl", [{"id": "x", "text": "an input, not results"}])
    with other.open("a") as handle:
        handle.write("not json\n")
    before = other.read_bytes()
    result = _run(str(feed), "-o", str(other))
    assert result.exit_code == 2, result.output
    assert "line 1 is not a batch result line" in result.stderr
    assert other.read_bytes() == before and not lock_path(other).exists()

    article = tmp_path / "article.txt"
    article.write_text(TEXT)  # no newline: not a half-written line of ours either
    assert _run(str(feed), "-o", str(article)).exit_code == 2
    assert article.read_text() == TEXT


def test_second_run_on_the_same_output_is_busy(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "feed.jsonl", [{"id": "a", "text": TEXT}])
    out = tmp_path / "out.jsonl"
    holder = OutputLock(out)
    holder.acquire()  # another run (its own lock file handle) is writing
    try:
        result = _run(str(feed), "-o", str(out))
        assert result.exit_code == BusyError.exit_code, result.output
        assert f"another run is writing {out} (lock {out}.lock)" in result.stderr
        assert not out.exists()
    finally:
        holder.release()
    assert _run(str(feed), "-o", str(out)).exit_code == 0  # released: free again
    assert [r["id"] for r in _lines(out)] == ["a"]
    assert lock_path(out).exists()  # left behind, harmless: it is an OS lock, not the file
    assert _run(str(feed), "-o", str(out)).exit_code == 0


@pytest.mark.skipif(not DEV_FULL.exists(), reason="needs /dev/full")
def test_full_disk_is_a_storage_error_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = _feed(tmp_path / "feed.jsonl", [{"id": n, "text": TEXT} for n in range(3)])
    out = tmp_path / "out.jsonl"

    def full(path: Path) -> BinaryIO:
        return DEV_FULL.open("ab", buffering=0)  # every write: ENOSPC, from the kernel

    monkeypatch.setattr(batch_output, "_open_append", full)
    result = _run(str(feed), "-o", str(out))
    assert result.exit_code == StorageError.exit_code, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: cannot write {out}: the disk is full; free some space")
    assert "run the same command again to resume" in last and "internal" not in last

    monkeypatch.undo()
    assert _run(str(feed), "-o", str(out)).exit_code == 0
    assert [r["id"] for r in _lines(out)] == [0, 1, 2]


@pytest.mark.skipif(not DEV_FULL.exists(), reason="needs /dev/full")
def test_full_disk_on_single_run_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer import storage

    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    out = tmp_path / "out.json"
    monkeypatch.setattr(storage, "_open_for_write", lambda path: DEV_FULL.open("w"))
    result = CliRunner().invoke(app, [str(article), "-f", "json", "-o", str(out), "-q"])
    assert result.exit_code == StorageError.exit_code, result.output
    assert result.stderr.startswith(f"error: cannot write {out}: the disk is full")
    assert len(result.stderr.strip().splitlines()) == 1
    assert json.loads(result.stdout)["title"]  # nothing lost: printed instead
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_ids_keep_their_json_type_and_bad_ids_are_error_lines(tmp_path: Path) -> None:
    records: list[dict[str, Any]] = [
        {"id": 17, "text": TEXT},
        {"id": "17", "text": TEXT},
        {"id": {"nested": 1}, "text": TEXT},
        {"id": True, "text": TEXT},
        {"id": 1.5, "text": TEXT},
        {"id": [1], "text": TEXT},
        {"id": None, "text": TEXT},
    ]
    feed = _feed(tmp_path / "feed.jsonl", records)
    out = tmp_path / "out.jsonl"
    result = _run(str(feed), "-o", str(out))
    assert result.exit_code == EXIT_BATCH_INCOMPLETE, result.output
    lines = _lines(out)
    assert [line["id"] for line in lines[:2]] == [17, "17"]  # both done, types kept
    assert all("summary" in line for line in lines[:2])
    bad = lines[2:]
    assert len(bad) == 5 and all(line["error"]["type"] == "InputError" for line in bad)
    assert [line["id"] for line in bad] == [f"{feed.as_posix()}:{n}" for n in range(3, 8)]
    assert bad[0]["source"]["id"] == {"nested": 1}  # what the user gave is kept
    assert "an object" in bad[0]["error"]["message"]
    assert "a boolean" in bad[1]["error"]["message"]

    again = _run(str(feed), "-o", str(out))  # resume tells 17 from "17"
    assert "7 already done" in again.stderr and len(_lines(out)) == 7


def test_duplicates_are_named_and_counts_agree_from_run_to_run(tmp_path: Path) -> None:
    records: list[dict[str, Any]] = [
        {"id": "a", "text": TEXT},
        {"id": "b", "text": ""},
        {"id": "a", "text": "a second record with the same id"},
        {"id": 7, "text": TEXT},
        {"id": 7, "text": TEXT},
    ]
    feed = _feed(tmp_path / "feed.jsonl", records)
    out = tmp_path / "out.jsonl"
    first = _run(str(feed), "-o", str(out))
    assert first.exit_code == EXIT_BATCH_INCOMPLETE
    assert '2 duplicate ids ignored ("a", 7)' in first.stderr
    assert "2 ok, 1 failed, 0 already done" in first.stderr

    for _ in range(2):  # the same counts every time, --retry-failed or not
        again = _run(str(feed), "-o", str(out), "--retry-failed")
        assert "resume: 2 done and 0 failed already in the output; 1 failed" in again.stderr
        assert "0 ok, 1 failed, 2 already done" in again.stderr
        assert '2 duplicate ids ignored ("a", 7)' in again.stderr
        assert again.exit_code == EXIT_BATCH_INCOMPLETE
    assert sorted(json.dumps(r["id"]) for r in _lines(out)) == ['"a"', '"b"', "7"]


def test_exit_0_only_when_every_article_has_a_summary(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "feed.jsonl", [{"id": "a", "text": TEXT}, {"id": "b", "text": ""}])
    out = tmp_path / "out.jsonl"
    assert _run(str(feed), "-o", str(out)).exit_code == EXIT_BATCH_INCOMPLETE
    assert _run(str(feed), "-o", str(out)).exit_code == EXIT_BATCH_INCOMPLETE  # still failed
    _feed(feed, [{"id": "a", "text": TEXT}, {"id": "b", "text": TEXT}])
    fixed = _run(str(feed), "-o", str(out), "--retry-failed")
    assert fixed.exit_code == 0, fixed.output


def test_empty_directory_or_glob_matching_nothing_is_nothing_to_do(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "notes.md").write_text(TEXT)
    out = tmp_path / "out.jsonl"
    for args in ([str(empty)], [str(tmp_path), "--glob", "*.none"]):
        result = _run(*args, "-o", str(out))
        assert result.exit_code == NothingToDoError.exit_code, result.output
        assert result.stderr.strip().splitlines()[-1].startswith("error: nothing to do: ")
        assert not out.exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again: nothing listens there


@pytest.mark.parametrize("workers", ["1", "2"])
def test_nothing_listening_stops_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setattr(retry.BACKOFF, "initial", 0.001)
    monkeypatch.setattr(retry.BACKOFF, "maximum", 0.005)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"a{n:02d}.txt").write_text(TEXT)
    out = tmp_path / "out.jsonl"
    url = f"http://127.0.0.1:{_free_port()}/v1"
    args = ["batch", str(folder), "-o", str(out), "--base-url", url, "-m", "gpt-4o-mini"]
    args += ["--no-cache", "-c", "2", "--workers", workers]  # 2: in worker processes
    result = CliRunner().invoke(app, args)
    assert result.exit_code == ProviderError.exit_code, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: nothing is listening at {url}: is the server running?")
    assert out.read_text() == ""  # no error line: the same command redoes them all later


def test_refusals_in_a_row_stop_but_an_answer_in_between_releases_the_lines() -> None:
    watch = RefusalWatch("http://127.0.0.1:9/v1", limit=3)
    failed = [{"id": n, "error": {"type": "ProviderError", "message": "refused"}} for n in range(4)]
    assert watch.take(failed[0], refused=2) == [] and watch.take(failed[1], refused=1) == []
    done = {"id": "ok", "summary": {}}
    assert watch.take(done, refused=0) == [failed[0], failed[1], done]  # the server is back
    assert watch.take(failed[2], refused=1) == []
    assert watch.flush() == [failed[2]]  # the batch ended: written as the error it is
    other = {"id": "x", "error": {"type": "InputError", "message": "empty"}}
    assert watch.take(other, refused=0) == [other]
    for record in failed[:2]:
        watch.take(record, refused=1)
    with pytest.raises(ProviderError, match=r"nothing is listening at http://127\.0\.0\.1:9/v1"):
        watch.take(failed[3], refused=1)


def test_an_empty_directory_among_other_inputs_is_a_warning(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    feed = _feed(tmp_path / "feed.jsonl", [{"id": "a", "text": TEXT}])
    result = _run(str(empty), str(feed), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    assert f"warning: {empty}: no article (no file matches --glob '*.txt')" in result.stderr


def test_output_inside_an_input_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    result = _run(str(tmp_path), "--glob", "*", "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2 and "is one of the inputs" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
