"""Quote-candidate detector recall and precision against the gold quotes of the fixtures.

Recall: required gold quotes found as a candidate with exact offsets. Precision: candidates
that are a gold quote (optional gold quotes, ``required: false``, count neither way).
White space just inside the marks is not part of a quote.

    python benchmarks/quote_detector.py [FIXTURE_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from summarizer.document import parse_document


def main(directory: Path) -> None:
    found = missed = extra = optional = 0
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = data["text"]
        candidates = {(q.start, q.end) for q in parse_document(text).quotes}
        gold: dict[tuple[int, int], bool] = {}
        for quote in data["gold"]["quotes"]:
            # French gold keeps the no-break spaces inside « »; candidates do not
            start = text.find(quote["text"])
            inner = quote["text"].strip()
            start += quote["text"].find(inner)
            gold[(start, start + len(inner))] = quote["required"]
        for span, required in gold.items():
            if not required:
                optional += span in candidates
            elif span in candidates:
                found += 1
            else:
                missed += 1
                print(f"missed  {path.stem}: {text[span[0] : span[1]][:80]!r}")
        for span in sorted(candidates - gold.keys()):
            extra += 1
            print(f"extra   {path.stem}: {text[span[0] : span[1]][:80]!r}")
    recall = found / (found + missed) if found + missed else 1.0
    precision = found / (found + extra) if found + extra else 1.0
    print(
        f"required gold quotes {found + missed}, found {found}, missed {missed}, "
        f"extra candidates {extra}, optional gold matched {optional}"
    )
    print(f"recall {recall:.3f}  precision {precision:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("evals/fixtures"))
