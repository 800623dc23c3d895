"""Benchmark: reading news where it lives, over loopback.

For each of the five test news pages (``tests/news/pages.py``: navigation, ads, cookie
banners, comments, related links, scripts with quotes, JSON-LD), served by the tests'
news site on 127.0.0.1: characters of boilerplate left in the extracted text (in the
extraction, not in the article body written for the page) and characters of article
text lost (in the body, not in the extraction), both from a character diff; and the
median time to fetch + decode + extract the page (``summarizer.sources.load``), and of
the extraction alone (``extract_article``), over ``--rounds`` rounds.

    python benchmarks/ingest.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.sources.article import extract_article  # noqa: E402
from summarizer.sources.fetch import FetchOptions, client  # noqa: E402
from summarizer.sources.load import load_listed  # noqa: E402
from tests.news.pages import PAGES  # noqa: E402
from tests.news.site import serve  # noqa: E402


def left_and_lost(extracted: str, body: str) -> tuple[int, int]:
    """(characters only in ``extracted``, characters only in ``body``)."""
    matcher = difflib.SequenceMatcher(None, body, extracted, autojunk=False)
    left = lost = 0
    for tag, b1, b2, e1, e2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            lost += b2 - b1
        if tag in ("replace", "insert"):
            left += e2 - e1
    return left, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    site_runner = serve()
    site = next(site_runner)
    options = FetchOptions()
    print(f"{'page':<10}{'bytes':>8}{'left in':>9}{'lost':>6}{'median ms':>11}{'extract ms':>12}")
    medians = []
    totals = [0, 0]
    with client(options) as using:
        for slug, page in PAGES.items():
            url = f"{site.base_url}/news/{slug}.html"
            times = []
            text = ""
            for _ in range(args.rounds):
                started = time.perf_counter()
                text = load_listed(url, fetch_options=options, using=using).text
                times.append(time.perf_counter() - started)
            extracting = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                extract_article(page.html, url)
                extracting.append(time.perf_counter() - started)
            extract_ms = statistics.median(extracting) * 1000
            left, lost = left_and_lost(text, page.body)
            totals[0] += left
            totals[1] += lost
            median = statistics.median(times) * 1000
            medians.append(median)
            print(
                f"{slug:<10}{len(page.html.encode()):>8}{left:>9}{lost:>6}{median:>11.1f}"
                f"{extract_ms:>12.1f}"
            )
    print(
        f"all five: {totals[0]} characters of boilerplate left in, {totals[1]} of article "
        f"text lost; median fetch + extract {statistics.median(medians):.1f} ms per page "
        f"({args.rounds} rounds, loopback)"
    )
    site_runner.close()


if __name__ == "__main__":
    main()
