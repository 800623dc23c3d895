"""Benchmark 3: how much JSON the model must write, reference-based vs re-typed.

Builds, from each fixture's gold labels, the answer a perfect model would give in
two response models and compares their sizes:

- ours (``summarizer.llm.response.NewsSummary``): quotes by candidate id
  (``{"quote_id": "Q3", "speaker": ...}``), stance evidence by sentence id;
- re-typed: the same answer, but every quote's words and every evidence sentence
  copied out in full (what a response model without references asks for).

Title, summary, key points and actors are identical in both (from the gold key
facts and actors), so the difference is only what references save. Tokens are
estimated as characters / 4.

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
from summarizer.llm.response import NewsSummary  # noqa: E402

FIXTURES = ROOT / "evals" / "fixtures"


def _candidate(document: Document, text: str) -> str | None:
    """The id of the detected quote candidate whose words are this gold quote."""
    found = document.find(text)
    if found is None:
        return None
    start, end = found
    for candidate in document.quotes:
        if candidate.start < end and start < candidate.end:
            return candidate.id
    return None


def _evidence(document: Document, actor: dict[str, Any], quotes: list[dict[str, Any]]) -> str:
    """A sentence id showing the actor's stance: one of their quotes, else a mention."""
    for quote in quotes:
        if quote["speaker"] == actor["name"] and (found := document.find(quote["text"])):
            sentence = document.sentence_at(found[0])
            if sentence is not None:
                return sentence.id
    for name in [actor["name"], *actor.get("aliases", [])]:
        if (found := document.find(name)) and (sentence := document.sentence_at(found[0])):
            return sentence.id
    return document.sentences[0].id


def answers(fixture: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(ours, re-typed) for one fixture's gold labels."""
    document = parse_document(fixture["text"])
    gold = fixture["gold"]
    facts = [fact["fact"] for fact in gold.get("key_facts", [])] or ["(no key facts)"]
    common = {
        "title": facts[0],
        "summary": " ".join(facts[:3]),
        "key_points": facts[:7],
        "actors": [
            {
                "name": actor["name"],
                "kind": actor["kind"],
                "role": actor.get("role"),
                "aliases": actor.get("aliases", []),
            }
            for actor in gold["actors"]
        ],
    }
    actors = {actor["name"]: actor for actor in gold["actors"]}
    attributions, extra = [], []
    for quote in gold["quotes"]:
        quote_id = _candidate(document, quote["text"])
        if quote_id is None:
            extra.append({"text": quote["text"], "speaker": quote["speaker"]})
        else:
            attributions.append({"quote_id": quote_id, "speaker": quote["speaker"]})
    ours_stances, typed_stances = [], []
    for stance in gold["stances"]:
        actor = actors.get(stance["actor"], {"name": stance["actor"]})
        sentence_id = _evidence(document, actor, gold["quotes"])
        base = {
            "actor": stance["actor"],
            "target": stance["target"],
            "position": stance["position"],
        }
        ours_stances.append({**base, "evidence": [sentence_id]})
        sentence = document.sentence(sentence_id)
        typed_stances.append({**base, "evidence": [sentence.text if sentence else ""]})
    ours = {
        **common,
        "attributions": attributions,
        "extra_quotes": extra,
        "stances": ours_stances,
    }
    NewsSummary.model_validate(ours)  # the shape of our response model (gold names are not
    # always verbatim in the text, so the reference checks are not run here)
    typed = {
        **common,
        "quotes": [{"text": q["text"], "speaker": q["speaker"]} for q in gold["quotes"]],
        "stances": typed_stances,
    }
    return ours, typed


def _size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False))


def main() -> None:
    totals = {"ours": 0, "typed": 0, "ours_refs": 0, "typed_refs": 0}
    print(
        f"{'fixture':30} {'ours':>7} {'retyped':>8} {'ratio':>6}  {'refs':>6} {'copies':>7} {'ratio':>6}"
    )
    for path in sorted(FIXTURES.glob("*.json")):
        ours, typed = answers(json.loads(path.read_text("utf-8")))
        size_ours, size_typed = _size(ours), _size(typed)
        refs = _size({k: ours[k] for k in ("attributions", "extra_quotes", "stances")})
        copies = _size({k: typed[k] for k in ("quotes", "stances")})
        for key, value in zip(totals, (size_ours, size_typed, refs, copies), strict=True):
            totals[key] += value
        print(
            f"{path.stem:30} {size_ours:7,} {size_typed:8,} {size_ours / size_typed:6.2f}  "
            f"{refs:6,} {copies:7,} {refs / copies:6.2f}"
        )
    print(
        f"whole answer: ours {totals['ours']:,} chars (~{totals['ours'] // 4:,} tokens), "
        f"re-typed {totals['typed']:,} chars (~{totals['typed'] // 4:,} tokens): ours = "
        f"{100 * totals['ours'] / totals['typed']:.0f}% (target <= 40%)"
    )
    print(
        f"quotes + stance evidence only: ours {totals['ours_refs']:,} chars "
        f"(~{totals['ours_refs'] // 4:,} tokens), re-typed {totals['typed_refs']:,} chars "
        f"(~{totals['typed_refs'] // 4:,} tokens): ours = "
        f"{100 * totals['ours_refs'] / totals['typed_refs']:.0f}%"
    )
    print(
        "note: title, summary, key points and actors (with every gold alias) are the same "
        "text in both answers"
    )


if __name__ == "__main__":
    main()
