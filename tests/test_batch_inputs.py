"""Batch inputs: files, directories with a glob, JSONL records; stable ids; bad records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.batch.inputs import count_items, iter_items
from summarizer.errors import ConfigError, InputError


def test_files_directories_and_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dir" / "nested").mkdir(parents=True)
    (tmp_path / "dir" / "b.txt").write_text("B")
    (tmp_path / "dir" / "a.txt").write_text("A")
    (tmp_path / "dir" / "notes.md").write_text("skip me")
    (tmp_path / "dir" / "nested" / "c.txt").write_text("C")
    (tmp_path / "one.txt").write_text("one")
    records = [
        {"id": "r1", "text": "first", "url": "https://example.org/1"},
        {"id": 2, "text": "second"},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n\n")
    inputs = ["./one.txt", "dir", "feed.jsonl"]
    items = list(iter_items(inputs))
    assert [item.id for item in items] == ["one.txt", "dir/a.txt", "dir/b.txt", "r1", 2]
    assert count_items(inputs) == len(items)
    assert items[1].source == {"path": "dir/a.txt"}
    assert items[3].source == {"url": "https://example.org/1"}
    assert [item.load(100) for item in items] == ["one", "A", "B", "first", "second"]
    recursive = [item.id for item in iter_items(["dir"], glob="**/*.txt")]
    assert "dir/nested/c.txt" in recursive
    assert [item.id for item in iter_items(["dir"])] == [i.id for i in iter_items(["dir"])]


def test_bad_records_become_items_that_fail_alone(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "ok", "text": "fine"}\nnot json\n[1]\n{"text": "no id"}\n{"id": "x"}\n')
    items = list(iter_items([feed]))
    assert len(items) == 5 == count_items([feed])
    assert items[0].load(100) == "fine"
    assert str(items[1].id).endswith("feed.jsonl:2")
    for item in items[1:]:
        with pytest.raises(InputError):
            item.load(100)


def test_bad_article_files_fail_at_load(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "long.txt").write_text("word " * 100)
    items = {str(item.id).rsplit("/", 1)[-1]: item for item in iter_items([tmp_path])}
    with pytest.raises(InputError, match="empty"):
        items["empty.txt"].load(100)
    with pytest.raises(InputError, match="binary"):
        items["image.txt"].load(100)
    with pytest.raises(InputError, match="over the limit of 100"):
        items["long.txt"].load(100)


def test_article_files_are_read_as_the_run_command_reads_them(tmp_path: Path) -> None:
    """Same decoding and offsets as ``summarise run``: Windows-1252 is detected, a UTF-16
    file with its mark keeps U+FEFF at 0, and --encoding reaches the loader."""
    text = "The caf\xe9\u2019s owner said \u201cwe stay open\u201d on Monday."
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    items = {str(item.id).rsplit("/", 1)[-1]: item for item in iter_items([tmp_path])}
    assert items["cp1252.txt"].load(100) == text
    assert items["cp1252.txt"].load(100, "latin-1") == text.encode("cp1252").decode("latin-1")
    assert items["utf16.txt"].load(100) == "\ufeff" + text


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        list(iter_items([tmp_path / "absent"]))
    with pytest.raises(ConfigError, match="no inputs"):
        count_items([])
