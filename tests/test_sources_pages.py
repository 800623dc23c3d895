"""Web pages to article text: the five test pages over real HTTP, saved pages, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from summarizer.sources.article import looks_like_html
from tests.news.pages import PAGES, Page
from tests.news.site import CP1252_BODY, NewsSite

runner = CliRunner()


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_a_url_gives_the_article_body_and_its_metadata(news_site: NewsSite, page: Page) -> None:
    url = f"{news_site.base_url}/news/{page.slug}.html"
    result = runner.invoke(app, [url, "--engine", "offline", "--format", "json", "-q"])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["text"] == page.body
    for clutter in page.boilerplate:
        assert clutter not in out["text"]
    source = out["source"]
    assert source["url"] == url
    assert source["final_url"] == url
    assert source["title"] == page.title
    assert source["author"] == page.author
    assert source["published"] == page.published
    assert source["site"] == page.site
    assert source["extractor"] == f"trafilatura {__import__('trafilatura').__version__}"
    assert source["fetched_at"].endswith("+00:00")
    assert out["published"] == page.published
    found = {quote["text"] for quote in out["quotes"]}
    for quote in page.quotes:
        assert quote in found
    for quote in out["quotes"]:
        assert out["text"][quote["start"] : quote["end"]] == quote["text"]
    for stance in out["stances"]:
        for span in stance["evidence"]:
            assert out["text"][span["start"] : span["end"]] == span["text"]


def test_the_request_names_the_project_and_its_version(news_site: NewsSite) -> None:
    summarizer.summarise_url(f"{news_site.base_url}/news/bugle.html", engine="offline")
    assert news_site.hits[0].user_agent.startswith(f"summarizer/{summarizer.__version__} ")


def test_a_saved_page_is_told_by_its_content_not_its_name(tmp_path: Path) -> None:
    page = PAGES["harbour"]
    saved = tmp_path / "saved-article.txt"  # a page saved under a text name
    saved.write_text(page.html, encoding="utf-8")
    result = runner.invoke(app, [str(saved), "-e", "offline", "-f", "json", "-q"])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["text"] == page.body
    assert out["source"]["url"] == "https://harbourtimes.example/business/strike-ends"
    assert out["source"]["fetched_at"] is None
    assert out["source"]["final_url"] is None


def test_stdin_with_input_html(tmp_path: Path) -> None:
    page = PAGES["valley"]
    result = runner.invoke(
        app, ["-", "--input", "html", "-e", "offline", "-f", "json", "-q"], input=page.html
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["text"] == page.body


def test_input_text_keeps_a_page_as_plain_text() -> None:
    page = PAGES["valley"]
    result = runner.invoke(
        app, ["-", "--input", "text", "-e", "offline", "-f", "json", "-q"], input=page.html
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["source"] is None
    assert "text" not in out


def test_plain_text_output_has_no_text_field_and_a_null_source(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(PAGES["bugle"].body, encoding="utf-8")
    result = runner.invoke(app, [str(article), "-e", "offline", "-f", "json", "-q"])
    out = json.loads(result.stdout)
    assert out["source"] is None and "text" not in out


def test_html_sniffing() -> None:
    assert looks_like_html(b"\xef\xbb\xbf  <!doctype html><p>x")
    assert looks_like_html("<!-- saved from url=(0042) -->\n<html lang=en>")
    assert not looks_like_html(b"The mayor said <b> is a tag.\n<html>")
    assert not looks_like_html(PAGES["bugle"].body)


def test_a_windows_1252_page_keeps_its_curly_quotes(news_site: NewsSite) -> None:
    summary = summarizer.summarise_url(f"{news_site.base_url}/cp1252.html", engine="offline")
    text = "\n\n".join(CP1252_BODY)
    assert summary.source is not None and summary.source.site == "Rémy Courier"
    quotes = [quote.text for quote in summary.quotes]
    assert "It was worth the wait" in quotes
    for quote in summary.quotes:
        assert text[quote.start : quote.end] == quote.text


def test_a_plain_text_page_is_the_article(news_site: NewsSite) -> None:
    result = runner.invoke(
        app, [f"{news_site.base_url}/plain.txt", "-e", "offline", "-f", "json", "-q"]
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["text"].startswith("The library board approved")
    assert out["source"]["extractor"] is None
    assert out["source"]["site"] == "127.0.0.1"


def test_extract_article_alone_and_summarise_html() -> None:
    page = PAGES["river"]
    article = summarizer.extract_article(page.html, url="https://river.example/barriers")
    assert article.text == page.body
    assert (article.title, article.author, article.published, article.site) == (
        page.title,
        page.author,
        page.published,
        page.site,
    )
    summary = summarizer.summarise_html(
        page.html, "https://river.example/barriers", engine="offline"
    )
    assert summary.source is not None
    assert summary.source.url == "https://river.example/barriers"
    assert summary.source.fetched_at is None
    for quote in summary.quotes:
        assert article.text[quote.start : quote.end] == quote.text


def test_asummarise_url(news_site: NewsSite) -> None:
    import asyncio

    summary = asyncio.run(
        summarizer.asummarise_url(f"{news_site.base_url}/news/metro.html", engine="offline")
    )
    assert summary.source is not None and summary.source.author == "Priya Nair"


def test_a_redirect_chain_is_followed_and_the_final_url_kept(news_site: NewsSite) -> None:
    summary = summarizer.summarise_url(f"{news_site.base_url}/r1", engine="offline")
    assert summary.source is not None
    assert summary.source.url == f"{news_site.base_url}/r1"
    assert summary.source.final_url == f"{news_site.base_url}/news/bugle.html"
    assert news_site.paths() == ["/r1", "/r2", "/news/bugle.html"]


def test_a_503_is_retried_once_and_the_page_read(news_site: NewsSite) -> None:
    summary = summarizer.summarise_url(f"{news_site.base_url}/flaky", engine="offline")
    assert summary.source is not None and summary.source.title == PAGES["bugle"].title
    assert news_site.paths() == ["/flaky", "/flaky"]
