"""Batches of URLs: URL lists, JSONL url records, feeds, saved pages, robots.txt, and
per-host politeness."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.sources.politeness import HostGate, Politeness
from summarizer.sources.urls import canonical_url, is_url_list
from tests.news.pages import PAGES
from tests.news.site import NewsSite
from tests.openai_server import FakeOpenAI

runner = CliRunner()


def _batch(*args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["batch", *args, "-e", "offline", "--workers", "1", "--host-delay", "0", "-q"]
    )
    return result.exit_code, result.stderr


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_url_list_is_fetched_with_ids_from_canonical_urls(
    news_site: NewsSite, tmp_path: Path
) -> None:
    base = news_site.base_url
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# morning reading\n{base}/news/bugle.html#comments\n\n"
        f"{base}/news/harbour.html?utm_source=x\n{base}/missing\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, stderr = _batch(str(urls), "-o", str(out))
    assert code == 5, stderr
    lines = {line["id"]: line for line in _lines(out)}
    bugle = lines[f"{base}/news/bugle.html"]
    assert bugle["text"] == PAGES["bugle"].body
    assert bugle["summary"]["source"]["author"] == "Jane Roe"
    assert bugle["source"] == {
        "url": f"{base}/news/bugle.html#comments",
        "list": str(urls.as_posix()),
        "line": 1,
    }
    assert lines[f"{base}/news/harbour.html"]["text"] == PAGES["harbour"].body
    error = lines[f"{base}/missing"]["error"]
    assert error["type"] == "FetchError"
    assert "HTTP 404" in error["message"]
    fetched = len(news_site.hits)
    code, _ = _batch(str(urls), "-o", str(out))  # resume: nothing fetched again
    assert code == 5
    assert len(news_site.hits) == fetched


def test_jsonl_url_records_keep_their_ids(news_site: NewsSite, tmp_path: Path) -> None:
    base = news_site.base_url
    records = tmp_path / "in.jsonl"
    records.write_text(
        json.dumps({"id": 17, "url": f"{base}/news/metro.html", "desk": "transport"})
        + "\n"
        + json.dumps({"url": f"{base}/news/valley.html"})
        + "\n"
        + json.dumps({"id": "t", "text": PAGES["river"].body})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, stderr = _batch(str(records), "-o", str(out))
    assert code == 0, stderr
    lines = {json.dumps(line["id"]): line for line in _lines(out)}
    assert lines["17"]["source"]["desk"] == "transport"
    assert lines["17"]["text"] == PAGES["metro"].body
    assert lines["17"]["summary"]["source"]["url"] == f"{base}/news/metro.html"
    assert lines[json.dumps(f"{base}/news/valley.html")]["text"] == PAGES["valley"].body
    assert "text" not in lines['"t"'] and lines['"t"']["summary"]["source"] is None


@pytest.mark.parametrize(
    ("feed", "slugs", "published"),
    [
        ("/feed.rss", ["bugle", "harbour", "metro"], "2024-03-05"),
        ("/feed.atom", ["valley", "river"], "2024-06-17"),
        ("/rdf.xml", ["harbour"], "2024-06-17"),
    ],
)
def test_a_feed_url_gives_its_entries(
    news_site: NewsSite, tmp_path: Path, feed: str, slugs: list[str], published: str
) -> None:
    base = news_site.base_url
    out = tmp_path / "out.jsonl"
    code, stderr = _batch(base + feed, "-o", str(out))
    assert code == 0, stderr
    lines = _lines(out)
    assert [line["id"] for line in lines] == [f"{base}/news/{slug}.html" for slug in slugs]
    for line, slug in zip(lines, slugs, strict=True):
        source = line["summary"]["source"]
        assert source["feed"] == base + feed
        assert source["title"] == PAGES[slug].title
        assert source["published"] == PAGES[slug].published  # the page's own date wins
        assert line["text"] == PAGES[slug].body
    assert published  # the entries' dates are checked in test_feed_entries


def test_feed_entries_keep_title_and_date(news_site: NewsSite) -> None:
    import httpx

    from summarizer.sources.feeds import feed_entries

    body = httpx.get(f"{news_site.base_url}/feed.atom").content
    entries = feed_entries(body, "http://feed")
    assert [(e.title, e.published, e.feed) for e in entries] == [
        (PAGES["valley"].title, "2024-06-17", "http://feed"),
        (PAGES["river"].title, "2024-06-17", "http://feed"),
    ]


def test_a_feed_with_no_entries_says_so(news_site: NewsSite, tmp_path: Path) -> None:
    url = f"{news_site.base_url}/empty.rss"
    code, stderr = _batch(url, "-o", str(tmp_path / "out.jsonl"))
    assert code == 8
    assert stderr == f"error: {url}: the feed has no entries with a link; nothing to do\n"


def test_a_feed_that_cannot_be_fetched_stops_the_batch(news_site: NewsSite, tmp_path: Path) -> None:
    url = f"{news_site.base_url}/missing"
    code, stderr = _batch(url, "-o", str(tmp_path / "out.jsonl"))
    assert code == 10
    assert stderr == f"error: {url}: HTTP 404 Not Found: no such page; check the URL\n"


def test_a_directory_of_saved_pages(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for slug in ("bugle", "river"):
        (pages / f"{slug}.html").write_text(PAGES[slug].html, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, stderr = _batch(str(pages), "--glob", "*.html", "-o", str(out))
    assert code == 0, stderr
    for line in _lines(out):
        slug = Path(line["id"]).stem
        assert line["text"] == PAGES[slug].body
        assert line["summary"]["source"]["extractor"].startswith("trafilatura ")


def test_robots_txt_is_respected_by_default_in_a_batch(news_site: NewsSite, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{news_site.base_url}/private/story.html\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _batch(str(urls), "-o", str(out))[0] == 5
    assert "robots.txt disallows" in _lines(out)[0]["error"]["message"]
    assert news_site.paths() == ["/robots.txt"]
    code, _ = _batch(str(urls), "-o", str(out), "--retry-failed", "--no-respect-robots")
    assert code == 0
    assert _lines(out)[-1]["text"] == PAGES["river"].body


def test_at_most_per_host_fetches_at_once(news_site: NewsSite, tmp_path: Path) -> None:
    news_site.page_delay = 0.2
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "".join(f"{news_site.base_url}/news/{slug}.html\n" for slug in PAGES), encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    code, stderr = _batch(str(urls), "-o", str(out), "--per-host", "2", "--no-respect-robots")
    assert code == 0, stderr
    assert news_site.max_in_flight == 2  # five pages, never more than two at once


def test_the_host_delay_spaces_the_starts() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    gate = HostGate(Politeness(per_host=2, delay=1.5), clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        with gate.turn("http://a.example/x"):
            pass
    with gate.turn("http://b.example/y"):  # another host does not wait
        pass
    assert slept == [1.5, 1.5]


def test_url_lists_and_canonical_urls() -> None:
    assert is_url_list("http://a.example/1\n\n# note\nhttps://b.example/2?x=1\n")
    assert not is_url_list("Read more at https://a.example/1\nhttps://b.example/2\n")
    assert not is_url_list("# only a comment\n")
    assert canonical_url("HTTPS://News.Example:443/a?utm_medium=rss&id=3#top") == (
        "https://news.example/a?id=3"
    )
    assert canonical_url("http://news.example:8080") == "http://news.example:8080/"


def test_a_text_article_that_quotes_a_url_is_still_an_article(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(PAGES["bugle"].body + "\n\nhttps://example.org/source\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _batch(str(article), "-o", str(out))[0] == 0
    assert _lines(out)[0]["id"] == article.as_posix()


def test_an_llm_batch_of_urls(
    news_site: NewsSite, openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    from tests.openai_server import RecordedRequest, Scripted, tool_call_completion
    from tests.test_batch_llm import ANSWER

    def answer(request: RecordedRequest | None) -> Scripted:
        """ANSWER, with every quote candidate the prompt numbers left unattributed."""
        messages = request.body.get("messages", []) if request and request.body else []
        prompt = json.dumps([m for m in messages if m.get("role") == "user"][:1])
        candidates = sorted(set(re.findall(r"\bQ\d+\b", prompt)), key=lambda q: int(q[1:]))
        body = {**ANSWER, "unattributed_quotes": candidates}
        return Scripted(body=tool_call_completion("NewsSummary", body, prompt_tokens=100))

    openai_server.responder = answer
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"{news_site.base_url}/news/harbour.html\n{news_site.base_url}/news/river.html\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app,
        [
            *("batch", str(urls), "-o", str(out), "--base-url", openai_server.base_url),
            *("-m", "m", "--host-delay", "0", "--no-cache", "-q"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    lines = sorted(_lines(out), key=lambda line: str(line["id"]))  # in order of completion
    assert [line["text"] for line in lines] == [PAGES["harbour"].body, PAGES["river"].body]
    assert all(line["summary"]["meta"]["engine"] == "llm" for line in lines)
    assert [line["summary"]["source"]["site"] for line in lines] == ["Harbour Times", "River Post"]
    prompts = [json.dumps(request.body) for request in openai_server.requests]
    assert any("Port Eliza" in prompt for prompt in prompts)  # the extracted text is sent
    assert not any("Most read" in prompt for prompt in prompts)  # the clutter is not


def test_a_page_url_given_to_batch_is_one_article(news_site: NewsSite, tmp_path: Path) -> None:
    base = news_site.base_url
    out = tmp_path / "out.jsonl"
    code, stderr = _batch(f"{base}/news/valley.html", f"{base}/index.html", "-o", str(out))
    assert code == 5, stderr
    valley, index = _lines(out)
    assert valley["id"] == f"{base}/news/valley.html"
    assert valley["text"] == PAGES["valley"].body
    assert index["error"]["type"] == "InputError"
    assert "is it a paywall or an index page?" in index["error"]["message"]
