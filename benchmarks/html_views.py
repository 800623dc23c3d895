"""Benchmark: page weight and render time of the HTML views in Chromium.

Builds the seed article's annotated page (``summarise SEED -f html``) and the report over
the 13 fixtures (an offline ``summarise batch`` of evals/fixtures/*.json as JSONL records,
then ``summarise report --articles``), prints their sizes in bytes (and gzipped, as they
would be mailed or served), and the time Chromium takes from navigation start to the end
of the load event, the median of ``--runs`` fresh pages. Needs a Chromium (apt-get
install -y chromium, or CHROMIUM_PATH).

    python benchmarks/html_views.py [--runs 20] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_012b64248e7d0954.txt"

from playwright.sync_api import sync_playwright  # noqa: E402

LOAD_MS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return nav.loadEventEnd - nav.startTime;
}"""


def _summarise(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "summarizer", *args], check=True, cwd=ROOT)


def build(folder: Path) -> tuple[Path, Path]:
    """The seed page and the 13-fixture report (with its article pages) in ``folder``."""
    seed_page = folder / "seed.html"
    _summarise(str(SEED), "--engine", "offline", "-q", "-f", "html", "-o", str(seed_page))
    records = folder / "fixtures.jsonl"
    with records.open("w", encoding="utf-8") as handle:
        for fixture in sorted((ROOT / "evals" / "fixtures").glob("*.json")):
            data = json.loads(fixture.read_text(encoding="utf-8"))
            title = data["source"].get("title")
            handle.write(
                json.dumps({"id": data["id"], "text": data["text"], "title": title}) + "\n"
            )
    out = folder / "out.jsonl"
    _summarise("batch", str(records), "-o", str(out), "--engine", "offline", "-q")
    report = folder / "report.html"
    _summarise("report", str(out), "--articles", str(records), "-o", str(report))
    return seed_page, report


def _chromium() -> str:
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not found:
        sys.exit("no Chromium: apt-get install -y chromium, or set CHROMIUM_PATH")
    return found


def render_ms(paths: list[Path], runs: int) -> dict[Path, list[float]]:
    times: dict[Path, list[float]] = {p: [] for p in paths}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium())
        for _ in range(runs):
            for path in paths:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                times[path].append(float(page.evaluate(LOAD_MS)))
                page.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="Build the pages here and keep them.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="html-views-"))
    folder.mkdir(parents=True, exist_ok=True)
    seed_page, report = build(folder)
    pages = sorted((folder / "report_articles").glob("*.html"))
    times = render_ms([seed_page, report], args.runs)
    print(f"chromium load time: median of {args.runs} fresh pages, navigation start -> load end")
    for label, path in (("seed page", seed_page), ("13-fixture report", report)):
        data = path.read_bytes()
        ms = times[path]
        print(
            f"{label:18} {len(data):>8,} bytes  {len(gzip.compress(data)):>7,} gzipped  "
            f"load {statistics.median(ms):6.1f} ms (min {min(ms):.1f}, max {max(ms):.1f})"
        )
    total = sum(p.stat().st_size for p in pages)
    print(f"{'article pages':18} {total:>8,} bytes in {len(pages)} files beside the report")
    if args.keep is None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
