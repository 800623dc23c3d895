"""Grounding: references become verbatim spans; what cannot be resolved is named."""

from __future__ import annotations

from summarizer.document import parse_document
from summarizer.draft import Draft, DraftActor, DraftQuote, DraftStance
from summarizer.grounding import ground
from summarizer.schema import Meta

TEXT = (
    'date 2024-05-01\n"We will win," said Ann Lee, the mayor. Bob Ray opposed the plan.\n\n'
    'Lee added: "The budget is fair."'
)


def _draft(**changes: object) -> Draft:
    draft = Draft(
        title="Mayor confident",
        summary="The mayor said she would win. Bob Ray opposed the plan.",
        key_points=["Lee spoke", "Ray opposed", "Budget called fair"],
        actors=[
            DraftActor("Ann Lee", "person", "mayor", ["Lee"]),
            DraftActor("Bob Ray", "person"),
        ],
        quotes=[DraftQuote("Ann Lee", "Q1"), DraftQuote("Ann Lee", "Q2")],
        stances=[DraftStance("Bob Ray", "the plan", "oppose", ["S2"])],
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def test_references_resolve_to_exact_offsets() -> None:
    document = parse_document(TEXT)
    summary = ground(_draft(), document, Meta(engine="offline"))
    assert summary.published == "2024-05-01"
    assert [q.text for q in summary.quotes] == ["We will win", "The budget is fair."]
    for quote in summary.quotes:
        assert TEXT[quote.start : quote.end] == quote.text
    evidence = summary.stances[0].evidence[0]
    assert TEXT[evidence.start : evidence.end] == evidence.text == "Bob Ray opposed the plan."
    assert summary.meta.warnings == []


def test_unknown_ids_and_unlisted_speakers_are_dropped_with_warnings() -> None:
    document = parse_document(TEXT)
    draft = _draft(
        quotes=[DraftQuote("Ann Lee", "Q99"), DraftQuote("Carl Nobody", "Q1")],
        stances=[
            DraftStance("Nobody", "the plan", "support", ["S1"]),
            DraftStance("Bob Ray", "the plan", "oppose", ["S99", "S2"]),
        ],
    )
    summary = ground(draft, document, Meta(engine="offline"))
    warnings = " | ".join(summary.meta.warnings)
    assert "Q99" in warnings
    assert "'Carl Nobody' is not a listed actor" in warnings
    assert "S99" in warnings
    assert "'Nobody'" in warnings
    assert [(q.text, q.speaker) for q in summary.quotes] == [("We will win", None)]
    assert len(summary.stances) == 1 and len(summary.stances[0].evidence) == 1


def test_extra_quote_by_offsets_must_lie_inside_the_article() -> None:
    document = parse_document(TEXT)
    start = TEXT.index("opposed the plan")
    draft = _draft(
        quotes=[
            DraftQuote("Bob Ray", start=start, end=start + len("opposed the plan")),
            DraftQuote("Bob Ray", start=5, end=10_000),
        ]
    )
    summary = ground(draft, document, Meta(engine="offline"))
    assert [q.text for q in summary.quotes] == ["opposed the plan"]
    assert any("outside the article" in w for w in summary.meta.warnings)
