"""The HTML views in a real Chromium, driven by Playwright with the system's browser.

Skipped, with the reason, only when no Chromium is installed (CI installs the
distribution's package: .ci/run). One browser for the whole module; each test opens
fresh pages. Screenshots go to runs/screenshots/.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from typer.testing import CliRunner

from summarizer import summarise
from summarizer.cli import app
from summarizer.schema import Summary
from summarizer.views.html import to_html
from tests.conftest import FIXTURES, ROOT, SEED
from tests.xss_cases import XSS_ARTICLE, xss_summary

SCREENSHOTS = ROOT / "runs" / "screenshots"
DEV = ("dev-01-port-strike", "dev-05-climate-summit", "dev-12-adriatic-fishing-row")


def find_chromium() -> str | None:
    """$CHROMIUM_PATH (CI sets it: then it must exist), else a Chromium or Chrome on PATH."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@dataclass
class Opened:
    """A page and what it did: requests made, console errors, dialogs opened."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_file(browser: Browser, path: Path, *, javascript: bool = True) -> Opened:
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    opened = Opened(page)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return opened


def assert_quiet(opened: Opened, path: Path) -> None:
    """No console errors, no dialogs, and no request but the page's own file."""
    assert opened.errors == []
    assert opened.dialogs == []
    assert opened.requests == [path.as_uri()]


def _fixture_text(name: str) -> str:
    return str(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))["text"])


ARTICLES = {"seed": SEED.read_text(encoding="utf-8"), **{n: _fixture_text(n) for n in DEV}}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str, Summary]]:
    """The seed and three dev fixtures through the offline engine, written as pages."""
    folder = tmp_path_factory.mktemp("pages")
    written = {}
    for name, text in ARTICLES.items():
        summary = summarise(text, engine="offline")
        path = folder / f"{name}.html"
        path.write_text(to_html(summary, text), encoding="utf-8")
        written[name] = (path, text, summary)
    return written


SPANS_JS = """() => {
  const texts = (selector, attr) => {
    const out = {};
    for (const el of document.querySelectorAll('#article-text ' + selector)) {
      const key = el.getAttribute(attr);
      out[key] = (out[key] || '') + el.textContent;
    }
    return out;
  };
  return {
    article: document.getElementById('article-text').textContent,
    quotes: texts('mark[data-quote]', 'data-quote'),
    evidence: texts('span[data-ev]', 'data-ev'),
  };
}"""


@pytest.mark.parametrize("name", list(ARTICLES))
def test_every_highlight_is_its_span_of_the_article(
    browser: Browser, pages: dict[str, tuple[Path, str, Summary]], name: str
) -> None:
    path, text, summary = pages[name]
    opened = open_file(browser, path)
    found = opened.page.evaluate(SPANS_JS)
    assert found["article"] == text
    expected_quotes = {f"q-{q.start}-{q.end}": text[q.start : q.end] for q in summary.quotes}
    expected_evidence = {
        f"ev-{e.start}-{e.end}": text[e.start : e.end] for s in summary.stances for e in s.evidence
    }
    assert expected_quotes and expected_evidence
    assert found["quotes"] == expected_quotes
    assert found["evidence"] == expected_evidence
    # hovering a quote shows its speaker and offsets (the title of its first fragment)
    for quote in summary.quotes[:5]:
        title = opened.page.get_attribute(f"#q-{quote.start}-{quote.end}", "title") or ""
        assert f"characters {quote.start}\u2013{quote.end}" in title
        assert (quote.speaker or "Unattributed quote") in title
    if name == "seed":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        opened.page.screenshot(path=str(SCREENSHOTS / "seed-article.png"))
    assert_quiet(opened, path)
    opened.page.context.close()


QUOTE_STATE_JS = """() => Array.from(document.querySelectorAll('#article-text mark.q.first')).map(el => ({
  actor: el.getAttribute('data-actor'),
  dim: el.classList.contains('dim'),
  background: getComputedStyle(el).backgroundColor,
  marker: getComputedStyle(el, '::before').display,
}))"""


def test_clicking_an_actor_hides_the_other_speakers_quotes(
    browser: Browser, pages: dict[str, tuple[Path, str, Summary]]
) -> None:
    path, _, summary = pages["dev-12-adriatic-fishing-row"]
    opened = open_file(browser, path)
    page = opened.page
    speakers = {q.speaker for q in summary.quotes if q.speaker}
    assert len(speakers) > 2
    before = page.evaluate(QUOTE_STATE_JS)
    assert all(not q["dim"] and q["background"] != "rgba(0, 0, 0, 0)" for q in before)
    button = page.locator("button.actor-filter", has_text="Mojca Žagar")
    key = button.get_attribute("data-actor")
    button.click()
    after = page.evaluate(QUOTE_STATE_JS)
    own = [q for q in after if q["actor"] == key]
    others = [q for q in after if q["actor"] != key]
    assert own and others
    assert all(not q["dim"] and q["background"] != "rgba(0, 0, 0, 0)" for q in own)
    assert all(q["dim"] and q["background"] == "rgba(0, 0, 0, 0)" for q in others)
    assert all(q["marker"] == "none" for q in others)
    rows = page.locator("tr.stance")
    for i in range(rows.count()):
        assert rows.nth(i).is_visible() == (rows.nth(i).get_attribute("data-actor") == key)
    assert page.locator("#filter-status").is_visible()
    page.locator("button.show-all").click()
    assert not any(q["dim"] for q in page.evaluate(QUOTE_STATE_JS))
    assert_quiet(opened, path)
    page.context.close()


IN_VIEW_JS = """(id) => {
  const r = document.getElementById(id).getBoundingClientRect();
  return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
}"""


def test_clicking_a_stance_scrolls_its_evidence_into_view(
    browser: Browser, pages: dict[str, tuple[Path, str, Summary]]
) -> None:
    path, text, summary = pages["dev-12-adriatic-fishing-row"]
    opened = open_file(browser, path)
    page = opened.page
    # the stance whose evidence is furthest down the article
    index, stance = max(
        enumerate(summary.stances), key=lambda item: max(e.start for e in item[1].evidence)
    )
    evidence = max(stance.evidence, key=lambda e: e.start)
    first = stance.evidence[0]
    target = f"ev-{first.start}-{first.end}"
    assert evidence.start > len(text) // 2
    page.evaluate("window.scrollTo(0, 0)")
    assert not page.evaluate(IN_VIEW_JS, target)
    page.locator("tr.stance").nth(index).locator("td").first.click()
    assert page.evaluate(IN_VIEW_JS, target)
    assert "flash" in (page.locator(f"#{target}").get_attribute("class") or "")
    assert_quiet(opened, path)
    page.context.close()


def test_without_javascript_everything_is_shown(
    browser: Browser, pages: dict[str, tuple[Path, str, Summary]]
) -> None:
    path, _, summary = pages["seed"]
    opened = open_file(browser, path, javascript=False)
    page = opened.page
    assert page.evaluate("document.documentElement.className") == "no-js"
    assert page.locator("#article-text mark.q.first").count() == len(summary.quotes)
    assert page.locator("#article-text mark.q.dim").count() == 0
    assert page.locator("tr.stance:visible").count() == len(summary.stances)
    assert not page.locator("p.js-only").first.is_visible()
    assert opened.requests == [path.as_uri()]
    page.context.close()


def test_the_hostile_article_runs_nothing_and_loads_nothing(
    browser: Browser, tmp_path: Path
) -> None:
    hostile = tmp_path / "xss.html"
    hostile.write_text(to_html(xss_summary(), XSS_ARTICLE), encoding="utf-8")
    offline = tmp_path / "xss-offline.html"
    offline.write_text(
        to_html(summarise(XSS_ARTICLE, engine="offline"), XSS_ARTICLE), encoding="utf-8"
    )
    for path in (hostile, offline):
        opened = open_file(browser, path)
        page = opened.page
        page.locator("#article-text").hover()
        for mark in page.locator("#article-text mark.q").all():
            mark.hover()
        page.locator("button.actor-filter").first.click()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert (
            page.evaluate("document.querySelectorAll('img, iframe, link, object, embed').length")
            == 0
        )
        assert page.evaluate("document.scripts.length") == 2
        assert page.evaluate("document.body.offsetHeight") > 0  # no injected style hid it
        found = page.evaluate(SPANS_JS)
        assert found["article"] == XSS_ARTICLE  # CR LF kept, markup shown as text
        assert_quiet(opened, path)
        page.context.close()


def test_report_over_the_dev_fixtures(browser: Browser, tmp_path: Path) -> None:
    runner = CliRunner()
    records = tmp_path / "dev.jsonl"
    lines = []
    for fixture in sorted(FIXTURES.glob("dev-*.json")):
        data = json.loads(fixture.read_text(encoding="utf-8"))
        lines.append(
            json.dumps({"id": data["id"], "text": data["text"], "title": data["source"]["title"]})
        )
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    runner.invoke(
        app, ["batch", str(records), "-o", str(out), "--engine", "offline", "--workers", "1", "-q"]
    )
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(out), "--articles", str(records), "-o", str(report)])
    assert result.exit_code == 0, result.output
    opened = open_file(browser, report)
    page = opened.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dev-report.png"))
    assert page.locator("table.matrix a.cell").count() > 10
    assert_quiet(opened, report)
    # a cell leads to its evidence, the evidence to its place in the article's page
    cell = page.locator("table.matrix a.cell").first
    cell_id = (cell.get_attribute("href") or "").lstrip("#")
    cell.click()
    assert page.evaluate(IN_VIEW_JS, cell_id)
    link = page.locator(f"#{cell_id} blockquote a").first
    href = link.get_attribute("href") or ""
    article_page, anchor = href.split("#")
    link.click()
    page.wait_for_load_state("load")
    assert page.url == (tmp_path / article_page).as_uri() + "#" + anchor
    assert page.evaluate(IN_VIEW_JS, anchor)
    assert opened.errors == [] and opened.dialogs == []
    assert opened.requests == [report.as_uri(), (tmp_path / article_page).as_uri()]
    page.context.close()
