"""``summarise batch`` with the offline engine in a process pool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from summarizer import summarise
from summarizer.cli import app
from summarizer.errors import EXIT_BATCH_INCOMPLETE
from tests.conftest import FIXTURES


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _without_latency(summary: dict[str, Any]) -> dict[str, Any]:
    return {**summary, "meta": {**summary["meta"], "latency_s": None}}


def test_pool_matches_in_process_results_and_records_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {}
    for path in sorted(FIXTURES.glob("dev-0*.json"))[:5]:
        text = json.loads(path.read_text("utf-8"))["text"]
        (folder / f"{path.stem}.txt").write_text(text, encoding="utf-8")
        texts[f"{folder.as_posix()}/{path.stem}.txt"] = text
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    out = tmp_path / "out.jsonl"

    args = ["batch", str(folder), "-o", str(out), "--engine", "offline", "--workers", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == EXIT_BATCH_INCOMPLETE, result.output  # binary.txt failed
    records = {record["id"]: record for record in _lines(out)}
    assert len(records) == 6
    assert records[f"{folder.as_posix()}/binary.txt"]["error"]["type"] == "InputError"
    for item_id, text in texts.items():
        expected = summarise(text, engine="offline").model_dump(mode="json")
        assert _without_latency(records[item_id]["summary"]) == _without_latency(expected)
    assert "5 ok, 1 failed" in result.stderr

    (folder / "extra.txt").write_text("The minister said the plan would go ahead. It did.")
    again = CliRunner().invoke(app, args)
    assert again.exit_code == EXIT_BATCH_INCOMPLETE and "6 already done" in again.stderr
    ids = [record["id"] for record in _lines(out)]
    assert len(ids) == len(set(ids)) == 7


def test_jsonl_input_in_process(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps(
            {"id": "a", "text": "The mayor said the bridge would open in May.", "lang": "en"}
        )
        + "\n"
        + json.dumps({"id": "b", "text": ""})
        + "\n"
        + json.dumps({"id": "a", "text": "a duplicate id is done once"})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    args = ["batch", str(feed), "-o", str(out), "-e", "offline", "-w", "1", "--quiet"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == EXIT_BATCH_INCOMPLETE, result.output  # "b" failed, "a" twice
    assert result.stderr == ""
    records = _lines(out)
    assert [r["id"] for r in records] == ["a", "b"]
    assert (
        records[0]["source"] == {"lang": "en"}
        and records[0]["summary"]["meta"]["engine"] == "offline"
    )
    assert records[1]["error"]["type"] == "InputError"


def test_bad_options_are_one_line_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    out = str(tmp_path / "out.jsonl")
    for args, message in (
        ([str(tmp_path / "absent"), "-o", out], "no such file"),
        ([str(tmp_path), "-o", out, "-c", "0"], "--concurrency"),
        ([str(tmp_path), "-o", out, "--prices", str(tmp_path / "none.json")], "price file"),
    ):
        result = runner.invoke(app, ["batch", *args, "-e", "offline"])
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().splitlines()[-1].startswith("error:")
        assert message in result.stderr
