"""The Document's sentence splitter against pysbd on the fixtures: where they agree,
where they differ, whether pysbd's offsets are exact, and how fast each one is.

pysbd is not a dependency (this comparison is why); install it to run this:

    pip install pysbd
    python benchmarks/sentence_splitters.py            # figures, then every disagreement
    python benchmarks/sentence_splitters.py --quiet    # figures only

Both split the same paragraphs (the Document's), in each fixture's language (en
for the dev set, fr and de for the multilingual one). A boundary is the offset where
a sentence ends, the paragraph's end excluded. pysbd is given ``char_span=True`` so
that it reports offsets; its offsets are "exact" when ``text[start:end]`` is the
sentence it returned.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.document import parse_document  # noqa: E402

try:
    import pysbd
except ImportError:  # pragma: no cover - a benchmark's own requirement
    sys.exit("this comparison needs pysbd: pip install pysbd")

FIXTURES = ROOT / "evals" / "fixtures"


def _articles() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(FIXTURES.glob("*.json")) + sorted(
        (FIXTURES / "multilingual").glob("*.json")
    ):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((path.stem, data["text"], "en"))
    return [(name, text, parse_document(text).language or "en") for name, text, _ in out]


def _pysbd_ends(
    segmenter: pysbd.Segmenter, text: str, start: int, end: int
) -> tuple[set[int], int, int]:
    """pysbd's sentence ends in ``text[start:end]`` (offsets into ``text``), and how many
    of its spans were exact / given."""
    paragraph = text[start:end]
    ends: set[int] = set()
    exact = 0
    spans = segmenter.segment(paragraph)
    for span in spans:
        if paragraph[span.start : span.end] == span.sent:
            exact += 1
        stop = span.start + len(span.sent.rstrip())
        if stop < len(paragraph.rstrip()):
            ends.add(start + stop)
    return ends, exact, len(spans)


def main(quiet: bool) -> None:
    articles = _articles()
    segmenters: dict[str, pysbd.Segmenter] = {}
    both = ours_only = theirs_only = exact = given = 0
    differences: list[str] = []
    ours_time = theirs_time = 0.0
    for name, text, language in articles:
        started = time.perf_counter()
        document = parse_document(text)
        ours_time += time.perf_counter() - started
        segmenter = segmenters.setdefault(
            language, pysbd.Segmenter(language=language, clean=False, char_span=True)
        )
        for paragraph in document.paragraphs:
            ours = {
                s.end
                for s in document.sentences
                if s.paragraph == paragraph.index and s.end < paragraph.end
            }
            started = time.perf_counter()
            theirs, ok, count = _pysbd_ends(segmenter, text, paragraph.start, paragraph.end)
            theirs_time += time.perf_counter() - started
            exact += ok
            given += count
            both += len(ours & theirs)
            ours_only += len(ours - theirs)
            theirs_only += len(theirs - ours)
            for offset in sorted(ours ^ theirs):
                who = "document only" if offset in ours else "pysbd only"
                context = text[max(paragraph.start, offset - 50) : offset + 30].replace("\n", " ")
                differences.append(f"{name} [{language}] {who}: …{context}…")
    union = both + ours_only + theirs_only
    print(
        f"{len(articles)} articles; boundaries: both {both}, document only {ours_only}, "
        f"pysbd only {theirs_only}; agreement {both / union:.3f} (shared / union)"
    )
    print(f"pysbd offsets exact: {exact}/{given}")
    print(
        f"time: document (whole parse, quotes and language included) {ours_time:.3f} s, "
        f"pysbd (sentences only) {theirs_time:.3f} s"
    )
    long_text = "\n\n".join(text for _, text, language in articles if language == "en")
    long_text = (long_text * (200_000 // len(long_text) + 1))[:200_000]
    started = time.perf_counter()
    parse_document(long_text)
    ours_long = time.perf_counter() - started
    started = time.perf_counter()
    pysbd.Segmenter(language="en", clean=False, char_span=True).segment(long_text)
    theirs_long = time.perf_counter() - started
    print(f"200,000 characters of English: document {ours_long:.2f} s, pysbd {theirs_long:.2f} s")
    if not quiet:
        print("\n".join(differences))


if __name__ == "__main__":
    main(quiet="--quiet" in sys.argv)
