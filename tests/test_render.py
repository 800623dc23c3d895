"""The text and Markdown views: untrusted strings are shown as written, never obeyed."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len

from summarizer.render import FORMATS, format_for, render, to_json, to_markdown
from summarizer.schema import Actor, Meta, Quote, Span, Stance, Summary
from summarizer.terminal_safe import make_visible, visible_summary

HOSTILE = "\x1b[2J\x1b]0;PWNED\x07\x9b31m\r\x08\x00\x7f"
EVERY_LOW = "".join(chr(code) for code in range(0xA0))  # every C0 and C1 control, DEL, ASCII
MARKUP = "[/dim] [bold]x[/] [link=file:///etc]y[/link] :smile:"
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _summary(dirty: str) -> Summary:
    """A summary with ``dirty`` in every string field a view shows."""
    return Summary(
        title=f"Budget {dirty} vote",
        summary=f"The council met {dirty}. It voted.",
        key_points=[f"Point {dirty}", "A second point", "A third point"],
        published=f"2024-05-01 {dirty}",
        actors=[Actor(name=f"Ann {dirty} Lee", kind="person", role=f"mayor {dirty}")],
        quotes=[Quote(text=f"We {dirty} will", speaker=f"Ann {dirty} Lee", start=10, end=30)],
        stances=[
            Stance(
                actor=f"Ann {dirty} Lee",
                target=f"the {dirty} budget",
                position="oppose",
                evidence=[Span(text=f"no {dirty}", start=1, end=5)],
            )
        ],
        meta=Meta(engine="llm", model=f"m{dirty}", warnings=[f"dropped {dirty}"]),
    )


def _controls(text: str) -> set[str]:
    return {ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"}


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


def test_make_visible_replaces_every_control_character_one_for_one() -> None:
    text = "".join(chr(code) for code in range(0xA0))
    shown = make_visible(text)
    assert len(shown) == len(text)  # offsets shown by a view still index the article
    assert _controls(shown) == set()
    assert "\n" in shown and "\t" in shown
    assert make_visible("\x1b[2J") == "\u241b[2J"
    assert make_visible("a\x07b\x9bc\x7f") == "a\u2407b\ufffdc\u2421"
    assert make_visible("plain text, “quoted” — ok") == "plain text, “quoted” — ok"


def test_visible_summary_covers_every_string_field_and_leaves_the_original() -> None:
    summary = _summary(HOSTILE)
    shown = visible_summary(summary)
    assert _controls(shown.model_dump_json()) == set()
    assert _controls(json.dumps(shown.model_dump(), ensure_ascii=False)) == set()
    assert HOSTILE in summary.title  # the library's Summary itself is untouched


@pytest.mark.parametrize("dirty", [HOSTILE, EVERY_LOW])
@pytest.mark.parametrize("color", [False, True])
def test_text_view_never_writes_an_escape_from_the_article(color: bool, dirty: str) -> None:
    rendered = render(_summary(dirty), "text", color=color, width=400)
    # the only escapes left are rich's own colour codes
    assert _controls(_SGR.sub("", rendered)) == set()
    assert "\u241b" in rendered


def test_text_view_shows_the_stand_ins() -> None:
    rendered = render(_summary(HOSTILE), "text", width=400)
    assert "\u241b[2J\u241b]0;PWNED\u2407\ufffd31m\u240d\u2408\u2400\u2421" in rendered


@pytest.mark.parametrize("dirty", [HOSTILE, EVERY_LOW])
def test_markdown_view_never_writes_an_escape_from_the_article(dirty: str) -> None:
    assert _controls(to_markdown(_summary(dirty))) == set()


def test_markdown_view_shows_the_stand_ins() -> None:
    rendered = to_markdown(_summary(HOSTILE))
    assert "# Budget \u241b[2J\u241b]0;PWNED\u2407" in rendered


def test_json_keeps_the_exact_text() -> None:
    summary = _summary(HOSTILE)
    assert json.loads(to_json(summary))["title"] == summary.title


def test_text_view_prints_markup_as_written() -> None:
    rendered = render(_summary(MARKUP), "text", width=400)
    assert "[/dim] [bold]x[/] [link=file:///etc]y[/link] :smile:" in rendered
    for line in ("2024-05-01 [/dim]", "Point [/dim]", "dropped [/dim]", "mayor [/dim]"):
        assert line in rendered


def test_markup_in_published_alone_does_not_break_the_text_view() -> None:
    summary = _summary("").model_copy(update={"published": "[/dim] x"})
    assert "[/dim] x" in render(summary, "text")


def test_text_view_follows_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = render(_summary("long " * 30), "text").splitlines()
    assert max(cell_len(line) for line in lines) == 80
    monkeypatch.setenv("COLUMNS", "60")
    lines = render(_summary("long " * 30), "text").splitlines()
    assert max(cell_len(line) for line in lines) == 60


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.json", "json"),
        ("OUT.JSON", "json"),
        ("out.md", "markdown"),
        ("out.markdown", "markdown"),
        ("out.txt", "text"),
        ("out", "text"),
        ("out.log", "text"),
    ],
)
def test_format_follows_the_output_extension(name: str, expected: str) -> None:
    assert format_for(Path(name), None) == expected
    assert format_for(Path(name), "markdown") == "markdown"  # an explicit format wins
    assert format_for(None, None) == "text"


def test_html_extension_maps_only_to_a_format_that_exists() -> None:
    assert format_for(Path("out.html"), None) == ("html" if "html" in FORMATS else "text")
