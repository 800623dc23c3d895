"""The annotated article page, without a browser: escaping, CSP, spans, the CLI."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import summarise
from summarizer.cli import app
from summarizer.errors import InputError
from summarizer.views.html import to_html
from summarizer.views.page import sha256_source
from tests.conftest import SEED
from tests.xss_cases import PAYLOADS, XSS_ARTICLE, xss_summary

runner = CliRunner()


class _Elements(HTMLParser):
    """Every start tag and its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def test_hostile_strings_are_text_not_markup() -> None:
    page = to_html(xss_summary(), XSS_ARTICLE)
    parsed = _parse(page)
    tags = [tag for tag, _ in parsed.tags]
    # exactly our elements: no injected script, img, iframe, link or style
    assert tags.count("script") == 2
    assert tags.count("style") == 1
    for tag in ("img", "iframe", "link", "object", "embed"):
        assert tag not in tags
    for _, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            if name in ("href", "src"):
                assert value is not None and value.startswith("#"), value
    for payload in PAYLOADS:
        if any(c in payload for c in "<>\"'"):
            assert payload not in page  # escaped wherever it appears
    assert "{{ 7*7 }}" in page  # data is never rendered as a template
    assert "&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;" in page


def test_script_elements_hold_only_our_code_and_safe_json() -> None:
    page = to_html(xss_summary(), XSS_ARTICLE)
    data_script, code = _parse(page).scripts
    assert "</" not in data_script and "<" not in data_script  # tojson escapes < > & '
    data = json.loads(data_script)
    assert data["summary"]["title"] == "</title>" + PAYLOADS[0]
    assert "__pwned" not in code


def test_csp_allows_only_the_inline_style_and_script_by_hash() -> None:
    page = to_html(xss_summary(), XSS_ARTICLE)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    csp = policy.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in csp and "img-src 'none'" in csp
    assert "unsafe-inline" not in csp
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert style and script
    assert sha256_source(style.group(1)) in csp
    assert sha256_source(script.group(1)) in csp


def test_carriage_returns_survive_the_html_parser() -> None:
    page = to_html(xss_summary(), XSS_ARTICLE)
    body = page.split('id="article-text"', 1)[1]
    assert "&#13;\n" in body and "\r" not in body


def test_text_that_does_not_match_the_summary_is_refused() -> None:
    summary = summarise(SEED.read_text(encoding="utf-8"), engine="offline")
    with pytest.raises(InputError, match="does not match"):
        to_html(summary, "x" + SEED.read_text(encoding="utf-8"))


def test_unattributed_quotes_are_marked() -> None:
    page = to_html(xss_summary(), XSS_ARTICLE)
    assert page.count('class="q unattributed first"') == 2
    assert "2 unattributed quotes" in page


def test_warnings_are_shown_before_the_summary() -> None:
    page = to_html(xss_summary(), XSS_ARTICLE)
    assert page.index('id="warnings"') < page.index("<h2>Summary</h2>")


def test_cli_writes_an_html_page(tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    result = runner.invoke(app, [str(SEED), "--engine", "offline", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    summary = summarise(SEED.read_text(encoding="utf-8"), engine="offline")
    for quote in summary.quotes:
        assert f'id="q-{quote.start}-{quote.end}"' in page
    assert page.startswith("<!DOCTYPE html>")


def test_an_html_extension_picks_the_html_view(tmp_path: Path) -> None:
    out = tmp_path / "story.htm"
    result = runner.invoke(app, [str(SEED), "--engine", "offline", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
