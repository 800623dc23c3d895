"""How the offline path scales with article length: seconds and peak memory per size.

Builds one long article per size from the dev fixtures (each copy of a fixture
gets its own people and organisations: the proper names of its gold actors take
a per-copy suffix, so the cast grows with the text as in a real long document),
then runs the public API ``summarise(text, engine="offline", max_chars=...)``
once per size, each size in a fresh process so that its peak resident memory
(``ru_maxrss``) is its own. "added MB" is the peak minus the process's resident
size just before the call (interpreter, lexicons, the text itself).

The target: 5M characters in under 10x the time of 500k (linear or n log n).

    python benchmarks/scaling.py              # 50k, 200k, 500k, 1M, 5M
    python benchmarks/scaling.py 100000 400000
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "evals" / "fixtures"
SIZES = (50_000, 200_000, 500_000, 1_000_000, 5_000_000)
_SYLLABLES = ("ba", "ko", "ri", "ned", "lu", "mar", "ti", "vos", "pe", "dun")
_NAME_TOKEN = re.compile(r"[A-Z][a-z]{3,}")


def _suffix(copy: int) -> str:
    """A pronounceable suffix unique to ``copy``: "ba", "ko", ..., "koba", ..."""
    out = ""
    while True:
        out = _SYLLABLES[copy % len(_SYLLABLES)] + out
        copy //= len(_SYLLABLES)
        if copy == 0:
            return out


def _fixtures() -> list[tuple[str, set[str]]]:
    """Each fixture's text and the proper-name tokens of its gold actors that are its own:
    a token in two fixtures' actor names ("Union") or written in lower case somewhere
    ("city", "authority") is a common word, not a name."""
    loaded = [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))
    ]
    lower_words = {w for fixture in loaded for w in re.findall(r"\b[a-z]+\b", fixture["text"])}
    tokens: list[set[str]] = []
    for fixture in loaded:
        names = [
            a["name"] for a in fixture["gold"]["actors"] if a["kind"] in ("person", "organization")
        ]
        tokens.append({t for name in names for t in _NAME_TOKEN.findall(name)})
    seen_in: dict[str, int] = {}
    for own in tokens:
        for token in own:
            seen_in[token] = seen_in.get(token, 0) + 1
    return [
        (fixture["text"], {t for t in own if seen_in[t] == 1 and t.lower() not in lower_words})
        for fixture, own in zip(loaded, tokens, strict=True)
    ]


def build_article(chars: int) -> str:
    """About ``chars`` characters of news text: fixture copies, names made distinct."""
    fixtures = _fixtures()
    parts: list[str] = []
    total = 0
    copy = 0
    while total < chars:
        text, own = fixtures[copy % len(fixtures)]
        if own:
            suffix = _suffix(copy)
            pattern = re.compile(r"\b(" + "|".join(sorted(own, key=len, reverse=True)) + r")\b")
            text = pattern.sub(r"\g<1>" + suffix, text)
        text = re.sub(
            r"\A(?:\s*(?:date|published|title|source|author|byline|url)\b[^\n]*\n)+", "", text
        )
        parts.append(text.strip())
        total += len(parts[-1]) + 2
        copy += 1
    return "\n\n".join(parts)[:chars]


def _rss_mb() -> float:
    """This process's current resident size (Linux /proc), in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def measure(chars: int) -> dict[str, float]:
    """One run at ``chars`` characters, in this process."""
    from summarizer import summarise

    summarise(build_article(2_000), engine="offline")  # load the lexicons first
    text = build_article(chars)
    before = _rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    summary = summarise(text, engine="offline", max_chars=len(text))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KB on Linux
    return {
        "chars": len(text),
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_mb": peak,
        "added_mb": max(0.0, peak - before),
        "actors": len(summary.actors),
        "quotes": len(summary.quotes),
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(int(argv[1]))))
        return
    sizes = [int(a) for a in argv] or list(SIZES)
    print(
        f"{'chars':>10} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'added MB':>9} "
        f"{'actors':>7} {'quotes':>7}"
    )
    rows: dict[int, dict[str, float]] = {}
    for size in sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = rows[size] = json.loads(done.stdout)
        print(
            f"{row['chars']:>10,.0f} {row['wall_s']:>8.2f} {row['cpu_s']:>8.2f} "
            f"{row['peak_mb']:>8.0f} {row['added_mb']:>9.0f} {row['actors']:>7.0f} "
            f"{row['quotes']:>7.0f}",
            flush=True,
        )
    if 500_000 in rows and 5_000_000 in rows:
        ratio = rows[5_000_000]["cpu_s"] / max(1e-9, rows[500_000]["cpu_s"])
        print(f"5M / 500k CPU time: {ratio:.1f}x (target < 10x; linear is 10x)")


if __name__ == "__main__":
    main(sys.argv[1:])
