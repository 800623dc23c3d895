"""The test news site: a real HTTP server on 127.0.0.1 (a thread), serving the pages of
``tests.news.pages``, feeds, and every way a fetch goes wrong.

Routes: ``/news/SLUG.html`` (the five pages), ``/r1`` -> ``/r2`` -> ``/news/bugle.html``
(a redirect chain), ``/loop`` (redirects to itself), ``/missing`` (404), ``/flaky``
(503 with ``Retry-After: 0`` the first time, then the bugle page), ``/slow`` (answers
after ``slow_seconds``), ``/huge`` (an endless HTML body, no Content-Length),
``/report.pdf``, ``/photo.jpg``, ``/cp1252.html`` (Windows-1252, charset only in a
``<meta>``), ``/index.html`` (a section front: headlines, no article), ``/plain.txt``,
``/feed.rss`` (RSS 2.0), ``/feed.atom`` (Atom), ``/rdf.xml`` (RSS 1.0), ``/empty.rss``,
``/robots.txt`` (disallows ``/private/``), ``/private/story.html``.
Every request is logged with its User-Agent, start time and the requests in flight.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.news.pages import PAGES

__all__ = ["CP1252_BODY", "NewsSite", "serve"]

CP1252_BODY = (
    "The mayor of Saint-Rémy said on Friday that the town\u2019s market hall would reopen "
    "in March after a two-year renovation.",
    "\u201cIt was worth the wait,\u201d said Mayor Hélène Dupré. \u201cThe hall is the heart "
    "of the town and now it will be warm in winter.\u201d",
    "Traders who moved to tents on the square during the works will get their old stalls "
    "back at the same rent.",
)
_CP1252_HTML = (
    "<!DOCTYPE html><html><head>"
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    "<title>Market hall to reopen in March</title>"
    '<meta property="og:site_name" content="Rémy Courier"></head><body>'
    "<nav><a href='/'>Accueil</a></nav><article><h1>Market hall to reopen in March</h1>"
    + "".join(f"<p>{p}</p>" for p in CP1252_BODY)
    + "</article><footer>Rémy Courier</footer></body></html>"
)

_INDEX = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>News | Daily Bugle</title>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><h1>Latest news</h1>
<ul class="teasers">
<li><a href="/news/bugle.html">Council votes to close Old Mill bridge</a></li>
<li><a href="/news/harbour.html">Fishing crews end strike</a></li>
<li><a href="/news/metro.html">Signal failures halt northern line</a></li>
<li><a href="/news/valley.html">Drought halves hay harvest</a></li>
</ul><footer>Daily Bugle</footer></body></html>"""

_PLAIN = (
    "The library board approved longer opening hours on Wednesday. Branches will stay open "
    "until nine in the evening from next month, a change readers had asked for in a survey "
    "last spring.\n\n\u201cPeople work late,\u201d said librarian Ruth Cole.\n"
)


def _rss(base: str) -> str:
    items = "".join(
        f"<item><title>{page.title}</title><link>{base}/news/{page.slug}.html</link>"
        f"<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate><guid>{page.slug}</guid></item>"
        for page in list(PAGES.values())[:3]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Daily Bugle</title><link>{base}/</link><description>News</description>"
        f"{items}</channel></rss>"
    )


def _atom(base: str) -> str:
    entries = "".join(
        f'<entry><title>{page.title}</title><link href="{base}/news/{page.slug}.html"/>'
        f"<id>urn:{page.slug}</id><updated>2024-06-17T06:45:00Z</updated></entry>"
        for page in list(PAGES.values())[3:]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Valley and River</title><id>urn:feed</id><updated>2024-06-17T06:45:00Z"
        f"</updated>{entries}</feed>"
    )


def _rdf(base: str) -> str:
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{base}/"><title>Harbour</title><link>{base}/</link>'
        "<description>d</description></channel>"
        f'<item rdf:about="{base}/news/harbour.html"><title>Fishing crews end strike after '
        f"fuel deal</title><link>{base}/news/harbour.html</link>"
        "<dc:date>2024-06-17</dc:date></item></rdf:RDF>"
    )


_EMPTY_RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>'
    "<link>http://x/</link><description>none</description></channel></rss>"
)


@dataclass
class Hit:
    path: str
    user_agent: str
    started: float
    in_flight: int


@dataclass
class NewsSite:
    base_url: str = ""
    slow_seconds: float = 2.0
    page_delay: float = 0.0
    """Seconds each /news/ page takes (to see concurrency in the politeness test)."""
    hits: list[Hit] = field(default_factory=list)
    flaky_failures: int = 1
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _in_flight: int = 0
    max_in_flight: int = 0

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]

    def enter(self, path: str, agent: str) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            self.hits.append(Hit(path, agent, time.monotonic(), self._in_flight))

    def leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


def _handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stall

        def log_message(self, *args: object) -> None:
            pass

        def send(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def redirect(self, status: int, to: str) -> None:
            self.send_response(status)
            self.send_header("Location", to)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            site.enter(self.path, self.headers.get("User-Agent", ""))
            try:
                self.route(self.path.split("?")[0])
            finally:
                site.leave()

        def route(self, path: str) -> None:
            html = "text/html; charset=utf-8"
            base = site.base_url
            if path.startswith("/news/") and path.endswith(".html"):
                page = PAGES.get(path[len("/news/") : -len(".html")])
                if page is None:
                    self.send(404, b"<h1>Not found</h1>", html)
                    return
                time.sleep(site.page_delay)
                self.send(200, page.html.encode("utf-8"), html)
            elif path == "/r1":
                self.redirect(301, "/r2")
            elif path == "/r2":
                self.redirect(302, f"{base}/news/bugle.html")
            elif path == "/loop":
                self.redirect(302, "/loop")
            elif path == "/to-file":
                self.redirect(302, "file:///etc/passwd")
            elif path == "/flaky":
                with site._lock:
                    site.flaky_failures -= 1
                    failing = site.flaky_failures >= 0
                if failing:
                    self.send(503, b"busy", "text/plain", Retry_After="0")
                else:
                    self.send(200, PAGES["bugle"].html.encode("utf-8"), html)
            elif path == "/slow":
                time.sleep(site.slow_seconds)
                self.send(200, PAGES["bugle"].html.encode("utf-8"), html)
            elif path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", html)
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
                try:
                    self.wfile.write(b"<!DOCTYPE html><html><body>")
                    for _ in range(400):  # 24 MB, unless the client hangs up first
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
            elif path == "/report.pdf":
                self.send(200, b"%PDF-1.7\n%fake\n", "application/pdf")
            elif path == "/photo.jpg":
                self.send(200, b"\xff\xd8\xff\xe0fake", "image/jpeg")
            elif path == "/cp1252.html":
                self.send(200, _CP1252_HTML.encode("cp1252"), "text/html")
            elif path == "/index.html":
                self.send(200, _INDEX.encode("utf-8"), html)
            elif path == "/plain.txt":
                self.send(200, _PLAIN.encode("utf-8"), "text/plain; charset=utf-8")
            elif path == "/feed.rss":
                self.send(200, _rss(base).encode("utf-8"), "application/rss+xml")
            elif path == "/feed.atom":
                self.send(200, _atom(base).encode("utf-8"), "application/atom+xml")
            elif path == "/rdf.xml":
                self.send(200, _rdf(base).encode("utf-8"), "application/rdf+xml")
            elif path == "/empty.rss":
                self.send(200, _EMPTY_RSS.encode("utf-8"), "application/rss+xml")
            elif path == "/robots.txt":
                self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/private/story.html":
                self.send(200, PAGES["river"].html.encode("utf-8"), html)
            else:
                self.send(404, b"<h1>Not found</h1>", html)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (a refused huge page, a timeout) is not news."""


def serve() -> Generator[NewsSite, None, None]:
    """Run the site on a free port of 127.0.0.1 until the generator is closed."""
    from summarizer.sources import robots

    site = NewsSite()
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    robots.forget()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        robots.forget()
