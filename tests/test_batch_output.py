"""The JSONL results file: append whole lines, resume, repair a half-written tail."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.batch.output import ResultLog


def _line(item_id: str, error: bool = False) -> str:
    record: dict[str, object] = {"id": item_id, "source": {}}
    if error:
        record["error"] = {"type": "InputError", "message": "empty"}
    else:
        record["summary"] = {"title": item_id}
    return json.dumps(record) + "\n"


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


def test_new_file_appends_whole_lines(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "out.jsonl"
    log = ResultLog(out)
    resume = log.open()
    assert resume.done == set()
    log.append({"id": "a", "summary": {"text": "ü \n 🙂"}})
    log.append({"id": "b", "error": {"type": "X", "message": "y"}})
    log.close()
    assert _ids(out) == ["a", "b"]
    assert json.loads(out.read_text().splitlines()[0])["summary"]["text"] == "ü \n 🙂"


def test_resume_skips_done_and_failed_ids(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + _line("b", error=True))
    resume = ResultLog(out).open()
    assert resume.done == {'"a"', '"b"'}
    assert (resume.ok, resume.failed, resume.repaired) == (1, 1, 0)


def test_half_written_last_line_is_cut_and_redone(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + _line("b") + _line("c")[:17])
    log = ResultLog(out)
    resume = log.open()
    assert resume.done == {'"a"', '"b"'} and resume.repaired == 1
    log.append(json.loads(_line("c")))
    log.close()
    assert _ids(out) == ["a", "b", "c"]  # no fragment left glued to the new line


def test_complete_but_unreadable_line_is_dropped(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + '{"id": "b", "summ\n' + _line("c"))
    resume = ResultLog(out).open()
    assert resume.done == {'"a"', '"c"'} and resume.repaired == 1
    assert _ids(out) == ["a", "c"]


def test_retry_failed_removes_error_lines_so_nothing_is_duplicated(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + _line("b", error=True) + _line("c") + _line("d", error=True))
    log = ResultLog(out)
    resume = log.open(retry_failed=True)
    assert resume.done == {'"a"', '"c"'} and resume.retried == 2
    log.append(json.loads(_line("b")))
    log.close()
    assert _ids(out) == ["a", "c", "b"]
    assert not list(tmp_path.glob(".*.tmp"))
