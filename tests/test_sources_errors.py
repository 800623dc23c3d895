"""Every way reading a web page fails: one line, its exit code, no traceback."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.retry import BACKOFF
from tests.news.site import NewsSite

runner = CliRunner()


@pytest.fixture(autouse=True)
def _short_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BACKOFF, "initial", 0.001)


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--engine", "offline", "-q"])
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return result.exit_code, lines[0]


FAILURES = [
    ("/missing", [], 10, "HTTP 404 Not Found: no such page; check the URL"),
    (
        "/huge",
        [],
        10,
        "the page is larger than 10,000,000 bytes; not read (save the article's text to a "
        "file and give that)",
    ),
    (
        "/report.pdf",
        [],
        10,
        "is a PDF (application/pdf); only HTML and plain-text pages are read: save the "
        "article's text to a file and give that",
    ),
    (
        "/photo.jpg",
        [],
        10,
        "is an image (image/jpeg); only HTML and plain-text pages are read: save the "
        "article's text to a file and give that",
    ),
    (
        "/feed.rss",
        [],
        10,
        "is a feed (application/rss+xml), not an article; give it to 'summarise batch URL "
        "-o out.jsonl' to summarise its entries",
    ),
    ("/loop", [], 10, "more than 5 redirects; check the URL in a browser"),
    ("/to-file", [], 10, "redirected to a URL that is not http(s); not followed"),
    (
        "/slow",
        ["--fetch-timeout", "0.2"],
        10,
        "no answer within 0.2 s after 3 attempts; the site is slow or down: try again later",
    ),
]


@pytest.mark.parametrize(
    ("path", "args", "code", "message"), FAILURES, ids=[case[0] for case in FAILURES]
)
def test_each_failure_is_one_line_and_its_code(
    news_site: NewsSite, path: str, args: list[str], code: int, message: str
) -> None:
    news_site.slow_seconds = 1.0
    url = news_site.base_url + path
    assert _run(url, *args) == (code, f"error: {url}: {message}")


def test_a_4xx_is_not_retried_and_a_redirect_loop_is_bounded(news_site: NewsSite) -> None:
    _run(f"{news_site.base_url}/missing")
    assert news_site.paths() == ["/missing"]
    _run(f"{news_site.base_url}/loop")
    assert news_site.paths() == ["/missing"] + ["/loop"] * 6


def test_a_503_that_lasts_is_given_up_after_the_attempts(news_site: NewsSite) -> None:
    news_site.flaky_failures = 10
    url = f"{news_site.base_url}/flaky"
    assert _run(url) == (
        10,
        f"error: {url}: the site kept failing (HTTP 503 Service Unavailable) after 3 "
        "attempts; try again later",
    )
    assert news_site.paths() == ["/flaky"] * 3


def test_an_index_page_has_no_article(news_site: NewsSite) -> None:
    url = f"{news_site.base_url}/index.html"
    code, line = _run(url)
    assert code == 2
    assert line.startswith(
        f"error: no article text found in {url}: is it a paywall or an index page?"
    )


def test_robots_txt_is_asked_when_told(news_site: NewsSite) -> None:
    url = f"{news_site.base_url}/private/story.html"
    assert _run(url, "--respect-robots") == (
        10,
        f"error: {url}: the site's robots.txt disallows fetching it; give "
        "--no-respect-robots to fetch it anyway (only for pages you may read)",
    )
    assert news_site.paths() == ["/robots.txt"]
    allowed = [f"{news_site.base_url}/news/bugle.html", "--respect-robots", "-e", "offline"]
    assert runner.invoke(app, allowed).exit_code == 0
    assert news_site.paths() == ["/robots.txt", "/news/bugle.html"]  # robots.txt asked once


def test_robots_txt_is_not_asked_by_default_for_one_article(news_site: NewsSite) -> None:
    result = runner.invoke(app, [f"{news_site.base_url}/private/story.html", "-e", "offline"])
    assert result.exit_code == 0
    assert news_site.paths() == ["/private/story.html"]


def test_nothing_listening(news_site: NewsSite) -> None:
    """The project's one retry policy (as for the model endpoint): a refused connection to
    this machine means nothing is listening, which no wait will change: one attempt."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story.html"
    assert _run(url) == (
        10,
        f"error: {url}: cannot fetch it (ConnectError) after 1 attempt; check the URL and "
        "your network",
    )


@pytest.mark.parametrize("url", ["http:///nohost", "https://"])
def test_a_url_without_a_host(url: str) -> None:
    code, line = _run(url)
    assert code == 2
    assert line == f"error: {url}: not a valid URL (no host); check it"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["x.html", "--fetch-timeout", "nan"],
            "--fetch-timeout must be a number of seconds greater than 0 and at most 3600, not nan",
        ),
        (
            ["batch", "x", "-o", "out.jsonl", "--per-host", "0"],
            "--per-host must be a whole number from 1 to 64, not 0",
        ),
        (
            ["batch", "x", "-o", "out.jsonl", "--host-delay", "-1"],
            "--host-delay must be a number of seconds from 0 to 3600, not -1.0",
        ),
    ],
)
def test_fetch_options_are_checked(args: list[str], message: str) -> None:
    assert _run(*args) == (2, f"error: {message}")
