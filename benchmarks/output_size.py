"""Benchmark 3: how much JSON the model must write, reference-based vs re-typed.

Builds, from each fixture's gold labels, the answer a careful model would give
(``summarizer.evaluation.gold_answers``: what the scripted test server also answers) and
compares its size with two answers that re-type instead of referring:

- ours (``summarizer.llm.response.NewsSummary``): each actor once, with the ids of
  the quote candidates it says (``"quotes": ["Q2", "Q5"]``) and its stances, whose
  evidence is sentence ids (``["S4"]``);
- same shape, re-typed: the same answer with every quote id and evidence id
  replaced by the words it stands for (what references alone save);
- flat, re-typed: the usual design, a list of ``{text, speaker}`` quotes and of
  ``{actor, target, position, evidence: [sentence text]}`` stances next to the
  actors (what our response model saves against that design).

Title, summary, key points, actors (names, kinds, roles, the gold aliases the
article writes) and stance targets are the same words in all three. Tokens are
estimated as characters / 4; sizes are compact-free ``json.dumps`` output.

    python benchmarks/output_size.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.document import Document, parse_document  # noqa: E402
from summarizer.evaluation.fixtures import load_fixtures  # noqa: E402
from summarizer.evaluation.gold_answers import answer_for  # noqa: E402
from summarizer.llm.response import NewsSummary  # noqa: E402

FIXTURES = ROOT / "evals" / "fixtures"


def _quote_text(document: Document, quote_id: str) -> str:
    candidate = document.quote(quote_id)
    return candidate.text if candidate else ""


def _sentence_text(document: Document, sentence_id: str) -> str:
    sentence = document.sentence(sentence_id)
    return sentence.text if sentence else ""


def retyped_same_shape(ours: dict[str, Any], document: Document) -> dict[str, Any]:
    """``ours`` with every reference replaced by the words it refers to."""
    actors = [
        {
            **actor,
            "quotes": [_quote_text(document, q) for q in actor["quotes"]],
            "stances": [
                {**s, "evidence": [_sentence_text(document, e) for e in s["evidence"]]}
                for s in actor["stances"]
            ],
        }
        for actor in ours["actors"]
    ]
    return {
        **ours,
        "actors": actors,
        "unattributed_quotes": [_quote_text(document, q) for q in ours["unattributed_quotes"]],
    }


def retyped_flat(ours: dict[str, Any], document: Document) -> dict[str, Any]:
    """The usual re-typing design: flat lists of quotes and stances, names repeated."""
    quotes = [
        {"text": _quote_text(document, q), "speaker": actor["name"]}
        for actor in ours["actors"]
        for q in actor["quotes"]
    ] + [{"text": _quote_text(document, q), "speaker": None} for q in ours["unattributed_quotes"]]
    stances = [
        {
            "actor": actor["name"],
            "target": s["target"],
            "position": s["position"],
            "evidence": [_sentence_text(document, e) for e in s["evidence"]],
        }
        for actor in ours["actors"]
        for s in actor["stances"]
    ]
    actors = [
        {k: actor[k] for k in ("name", "kind", "role", "aliases")} for actor in ours["actors"]
    ]
    return {
        **{k: ours[k] for k in ("title", "summary", "key_points")},
        "actors": actors,
        "quotes": quotes,
        "extra_quotes": [],
        "stances": stances,
    }


def flat_references(ours: dict[str, Any]) -> dict[str, Any]:
    """The shape before nesting: flat attributions and stances, each naming its actor."""
    attributions = [
        {"quote_id": q, "speaker": actor["name"]}
        for actor in ours["actors"]
        for q in actor["quotes"]
    ] + [{"quote_id": q, "speaker": None} for q in ours["unattributed_quotes"]]
    stances = [{"actor": actor["name"], **s} for actor in ours["actors"] for s in actor["stances"]]
    actors = [
        {k: actor[k] for k in ("name", "kind", "role", "aliases")} for actor in ours["actors"]
    ]
    return {
        **{k: ours[k] for k in ("title", "summary", "key_points")},
        "actors": actors,
        "attributions": attributions,
        "extra_quotes": [],
        "stances": stances,
    }


def _size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False))


def _words_only(ours: dict[str, Any]) -> int:
    """What no reference can save: the answer with every reference list emptied."""
    bare = {
        **ours,
        "actors": [
            {
                **a,
                "quotes": [],
                "stances": [{**s, "evidence": []} for s in a["stances"]],
            }
            for a in ours["actors"]
        ],
        "unattributed_quotes": [],
    }
    return _size(bare)


def main() -> None:
    totals = {"ours": 0, "same": 0, "flat": 0, "words": 0, "flat_refs": 0}
    print(f"{'fixture':30} {'ours':>7} {'same-shape':>10} {'ratio':>6} {'flat':>8} {'ratio':>6}")
    for fixture in load_fixtures(FIXTURES):
        document = parse_document(fixture.text)
        ours = answer_for(fixture, document)
        NewsSummary.model_validate(ours, context={"document": document})  # a valid answer
        same, flat = retyped_same_shape(ours, document), retyped_flat(ours, document)
        sizes = {
            "ours": _size(ours),
            "same": _size(same),
            "flat": _size(flat),
            "words": _words_only(ours),
            "flat_refs": _size(flat_references(ours)),
        }
        for key, value in sizes.items():
            totals[key] += value
        print(
            f"{fixture.id:30} {sizes['ours']:7,} {sizes['same']:10,} "
            f"{sizes['ours'] / sizes['same']:6.2f} {sizes['flat']:8,} "
            f"{sizes['ours'] / sizes['flat']:6.2f}"
        )
    all_ours, all_same, all_flat, all_words = (totals[k] for k in ("ours", "same", "flat", "words"))
    print(
        f"ours: {all_ours:,} chars (~{all_ours // 4:,} tokens); re-typed, same shape: "
        f"{all_same:,} (~{all_same // 4:,}); re-typed, flat: {all_flat:,} (~{all_flat // 4:,})"
    )
    print(
        f"ours / re-typed flat = {100 * all_ours / all_flat:.0f}%, ours / re-typed same "
        f"shape = {100 * all_ours / all_same:.0f}% (target <= 40%)"
    )
    print(
        f"the earlier flat reference shape (attributions and stances naming their actor): "
        f"{totals['flat_refs']:,} chars, {100 * totals['flat_refs'] / all_flat:.0f}% of flat "
        "re-typed"
    )
    print(
        f"floor: the words no reference can replace (title, summary, key points, actors, "
        f"stance targets and positions) are {all_words:,} chars, "
        f"{100 * all_words / all_flat:.0f}% of the flat re-typed answer; references add {all_ours - all_words:,} chars"
    )


if __name__ == "__main__":
    main()
