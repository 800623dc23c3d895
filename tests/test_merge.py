"""The merge rules for a long article's parts: actors by name (the matching rule),
attributions with the owning part first, stances once per actor and target, warnings."""

from __future__ import annotations

from summarizer.chunking import Chunk
from summarizer.document import parse_document
from summarizer.draft import Draft, DraftActor, DraftQuote, DraftStance
from summarizer.merge import merge_drafts

TEXT = (
    'Mayor Ann Lee spoke first. "We will build it," Lee said.\n\n'
    'The minister disagreed. "Not this year," the minister said.\n\n'
    '"It is too costly," said Tom Hart, the finance minister.\n\n'
    "Lee and Hart met again on Friday."
)
DOC = parse_document(TEXT)
P = DOC.paragraphs
# part 1: paragraphs 0-1; part 2: repeats paragraph 1, owns 2-3
ONE = Chunk(1, P[0].start, P[1].end, P[0].start, 0)
TWO = Chunk(2, P[1].start, P[3].end, P[2].start, 0)


def draft(actors: list[DraftActor], quotes: list[DraftQuote], **extra: object) -> Draft:
    return Draft(title="t", summary="s", key_points=[], actors=actors, quotes=quotes, **extra)  # type: ignore[arg-type]


def test_actors_merge_by_name_surname_and_keep_the_fullest_name() -> None:
    first = draft(
        [
            DraftActor("Lee", "person", "mayor"),
            DraftActor("Tom Hart", "person", None, ["the minister"]),
        ],
        [],
    )
    second = draft(
        [
            DraftActor("Ann Lee", "person", None, ["Lee"]),
            DraftActor("Mary Cole", "person", None, ["the minister"]),
        ],
        [],
    )
    merged = merge_drafts([(ONE, first), (TWO, second)], DOC)
    assert [actor.name for actor in merged.actors] == ["Ann Lee", "Tom Hart", "Mary Cole"]
    lee = merged.actors[0]
    assert lee.aliases == ["Lee"] and lee.role == "mayor"  # first role given
    # an alias both have ("the minister") does not make Tom Hart and Mary Cole one actor


def test_a_name_that_is_the_other_parts_alias_merges_into_the_fuller_name() -> None:
    first = draft([DraftActor("the minister", "person")], [])
    second = draft([DraftActor("Tom Hart", "person", "finance minister", ["the minister"])], [])
    merged = merge_drafts([(ONE, first), (TWO, second)], DOC)
    assert [(a.name, a.aliases, a.role) for a in merged.actors] == [
        ("Tom Hart", ["the minister"], "finance minister")
    ]


def test_a_quote_in_the_overlap_keeps_the_owning_parts_speaker() -> None:
    q_minister = DOC.quotes[1]  # in paragraph 1: part 1 owns it, part 2 repeats it
    assert ONE.owns(q_minister.start) and not TWO.owns(q_minister.start)
    actors = [DraftActor("the minister", "person"), DraftActor("Tom Hart", "person")]
    first = draft(actors, [DraftQuote("the minister", q_minister.id)])
    second = draft(actors, [DraftQuote("Tom Hart", q_minister.id)])
    merged = merge_drafts([(ONE, first), (TWO, second)], DOC)
    by_id = {quote.quote_id: quote.speaker for quote in merged.quotes}
    assert by_id[q_minister.id] == "the minister"
    # the other order of parts changes nothing: ownership decides, not order
    merged = merge_drafts([(TWO, second), (ONE, first)], DOC)
    assert {q.quote_id: q.speaker for q in merged.quotes}[q_minister.id] == "the minister"


def test_a_speaker_from_the_other_part_fills_in_and_settles_its_warning() -> None:
    q_minister = DOC.quotes[1]
    first = draft(
        [],
        [DraftQuote(None, q_minister.id)],
        warnings=[f"{q_minister.id}: the model gave no attribution; speaker left null", "x: y"],
    )
    second = draft([DraftActor("Tom Hart", "person")], [DraftQuote("Tom Hart", q_minister.id)])
    merged = merge_drafts([(ONE, first), (TWO, second)], DOC)
    assert [q.speaker for q in merged.quotes if q.quote_id == q_minister.id] == ["Tom Hart"]
    assert merged.warnings == ["part 1/2: x: y"]


def test_every_candidate_once_and_extra_quotes_once() -> None:
    ids = [q.id for q in DOC.quotes]
    extra = TEXT.index("Lee and Hart")
    first = draft([], [DraftQuote(None, i) for i in ids[:2]])
    second = draft(
        [],
        [DraftQuote(None, i) for i in ids[1:]]
        + [
            DraftQuote(None, start=extra, end=extra + 12),
            DraftQuote(None, start=extra + 4, end=extra + 20),
        ],
    )
    merged = merge_drafts([(ONE, first), (TWO, second)], DOC)
    assert [q.quote_id for q in merged.quotes if q.quote_id] == ids
    assert [(q.start, q.end) for q in merged.quotes if q.quote_id is None] == [(extra, extra + 12)]


def test_stances_are_one_per_actor_and_target_with_evidence_unioned() -> None:
    actors = [DraftActor("Ann Lee", "person")]
    s1, s2, s3 = (s.id for s in DOC.sentences[:3])
    first = draft(actors, [], stances=[DraftStance("Ann Lee", "the bridge", "support", [s1])])
    second = draft(
        [DraftActor("Lee", "person")],
        [],
        stances=[
            DraftStance("Lee", "The bridge", "oppose", [s2, s1]),
            DraftStance("Lee", "taxes", "oppose", [s3]),
        ],
    )
    merged = merge_drafts([(ONE, first), (TWO, second)], DOC)
    assert [(s.actor, s.target, s.position, s.evidence) for s in merged.stances] == [
        ("Ann Lee", "the bridge", "mixed", [s1, s2]),
        ("Ann Lee", "taxes", "oppose", [s3]),
    ]
