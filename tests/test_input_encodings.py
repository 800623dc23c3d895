"""Article files in any encoding: the CLI and the library read the same text, so every
offset the CLI prints indexes ``read_article(path)`` (and, for UTF-8, the file as
``Path.read_text("utf-8")`` gives it, a byte-order mark included)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import InputError, decode_article, read_article, summarise
from summarizer.cli import app
from summarizer.errors import ConfigError

runner = CliRunner()

ARTICLE = (
    "The mayor of Ba\u00f1os said \u201cwe will build the bridge\u201d on Monday.\n\n"
    "The council\u2019s caf\u00e9 owners agreed. \u201cIt is overdue,\u201d said "
    "Ana Ruiz, who chairs the traders\u2019 group."
)


def _summarise_file(path: Path, *args: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(app, [str(path), "-f", "json", "--engine", "offline", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _spans(summary: dict) -> list[tuple[int, int, str]]:  # type: ignore[type-arg]
    return [(q["start"], q["end"], q["text"]) for q in summary["quotes"]]


@pytest.mark.parametrize(
    ("codec", "decoded_as", "note"),
    [
        ("utf-16", "utf-16-le", "utf-16-le"),  # Python writes a LE mark first
        ("utf-16-be-bom", "utf-16-be", "utf-16-be"),
        ("utf-16-le", "utf-16-le", "utf-16-le"),  # no mark
        ("utf-16-be", "utf-16-be", "utf-16-be"),  # no mark
        ("utf-32", "utf-32-le", "utf-32-le"),
        ("utf-32-be-bom", "utf-32-be", "utf-32-be"),
        ("utf-8-sig", "utf-8", None),
        ("cp1252", "cp1252", "cp1252"),
    ],
)
def test_each_encoding_is_read_and_offsets_index_the_decoded_text(
    tmp_path: Path, codec: str, decoded_as: str, note: str | None
) -> None:
    path = tmp_path / "article.txt"
    if codec.endswith("-bom"):
        family = codec.removesuffix("-bom")
        path.write_bytes(("\ufeff" + ARTICLE).encode(family))
    else:
        path.write_bytes(ARTICLE.encode(codec))
    summary, stderr = _summarise_file(path)
    decoded = path.read_bytes().decode(decoded_as)  # a mark, if any, stays as U+FEFF
    assert decoded.lstrip("\ufeff") == ARTICLE
    assert read_article(path) == decoded
    spans = _spans(summary)
    assert [text for _, _, text in spans] == ["we will build the bridge", "It is overdue"]
    for start, end, text in spans:
        assert decoded[start:end] == text
    assert not summary["title"].startswith("\ufeff")
    library = summarise(read_article(path), engine="offline")
    assert [(q.start, q.end, q.text) for q in library.quotes] == spans
    notes = [line for line in stderr.splitlines() if line.startswith("note:")]
    if note is None:
        assert notes == []
    else:
        assert notes == [f"note: read {path} as {note}"]


def test_utf8_mark_counts_as_offset_0_in_the_cli_and_the_library(tmp_path: Path) -> None:
    """The file as Python's default UTF-8 reading gives it (U+FEFF kept) is what the CLI
    indexes: the library on that string and the CLI agree to the character."""
    path = tmp_path / "bom.txt"
    path.write_bytes(("\ufeffdate: 2026-03-02\n" + ARTICLE).encode("utf-8"))
    summary, _ = _summarise_file(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    library = summarise(text, engine="offline")
    assert [(q.start, q.end, q.text) for q in library.quotes] == _spans(summary)
    assert summary["quotes"][0]["start"] == text.index("we will")
    assert summary["published"] == library.published == "2026-03-02"
    assert summary["title"] == library.title and not library.title.startswith("\ufeff")


def test_windows_1252_curly_quotes_are_quotes_not_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(ARTICLE.encode("cp1252"))
    summary, stderr = _summarise_file(path)
    assert "\x93" not in json.dumps(summary, ensure_ascii=False)
    assert summary["quotes"][0]["text"] == "we will build the bridge"
    assert f"note: read {path} as cp1252" in stderr


def test_explicit_encoding_wins_and_names_a_mark_dropping_codec_safely(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode("cp1252"))
    summary, stderr = _summarise_file(path, "--encoding", "latin-1")
    assert "note:" not in stderr  # the user named it
    assert summary["quotes"] == []  # 0x93/0x94 are C1 controls in Latin-1, not quote marks
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes(ARTICLE.encode("utf-16"))
    auto, _ = _summarise_file(utf16)
    named, _ = _summarise_file(utf16, "--encoding", "UTF-16")
    assert _spans(named) == _spans(auto)


def test_encoding_from_the_environment_and_bad_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode("cp1252"))
    monkeypatch.setenv("SUMMARIZER_ENCODING", "latin-1")
    summary, _ = _summarise_file(path)
    assert summary["quotes"] == []
    for bad in ("klingon", "base64"):
        result = runner.invoke(app, [str(path), "--engine", "offline", "--encoding", bad])
        assert result.exit_code == 2
        assert result.stderr.startswith("error: unknown encoding")
        assert len(result.stderr.strip().splitlines()) == 1


def test_wrong_explicit_encoding_is_one_line_that_points_at_the_option(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode("cp1252"))
    result = runner.invoke(app, [str(path), "--engine", "offline", "--encoding", "utf-8"])
    assert result.exit_code == 2
    assert "is not valid utf-8 text (bad byte at position" in result.stderr
    assert "--encoding" in result.stderr and "Traceback" not in result.stderr


def test_binary_and_undetectable_files_are_refused(tmp_path: Path) -> None:
    png = tmp_path / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read_article(png)
    noise = bytes((i * 7919) % 255 + 1 for i in range(3000))  # no NUL byte, no text either
    with pytest.raises(InputError, match="could not be detected; name it with --encoding"):
        decode_article(noise)


def test_decode_article_is_the_bytes_path_of_read_article(tmp_path: Path) -> None:
    data = ARTICLE.encode("utf-16")
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert decode_article(data) == read_article(path) == "\ufeff" + ARTICLE
    assert decode_article(data, encoding="utf-16-le") == "\ufeff" + ARTICLE
    with pytest.raises(ConfigError, match="unknown encoding"):
        decode_article(data, encoding="nope")
    with pytest.raises(InputError, match="decode it first"):
        summarise(data, engine="offline")  # type: ignore[arg-type]
