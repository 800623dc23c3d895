"""Offline rules that generalise to unseen articles (issue 16): titled speakers,
group speakers, and stance targets read from the cue's object."""

from __future__ import annotations

import pytest

from summarizer import summarise
from summarizer.schema import Summary


def _run(text: str) -> Summary:
    return summarise(text, engine="offline")


def _speaker(summary: Summary, fragment: str) -> str | None:
    return next(q.speaker for q in summary.quotes if fragment in q.text)


@pytest.mark.parametrize(
    ("attribution", "speaker"),
    [
        ("said Mayor Tom Reed.", "Tom Reed"),
        ("said council member Ana Ruiz, who chairs the panel.", "Ana Ruiz"),
        ("said Dr. Helen Marsh, a surgeon at the Lindale clinic.", "Helen Marsh"),
        ("says Harbour Minister Olga Brandt.", "Olga Brandt"),
    ],
)
def test_said_title_name(attribution: str, speaker: str) -> None:
    text = (
        "The Lindale bridge will close for repairs in May, officials said on Monday.\n\n"
        f'"We have waited long enough for this work to start," {attribution}\n'
    )
    assert _speaker(_run(text), "waited long enough") == speaker


def test_a_clause_after_said_is_no_titled_speaker() -> None:
    text = (
        "Tom Reed opened the meeting. Ana Ruiz spoke next.\n\n"
        '"The bridge is safe," Ana Ruiz said.\n\n'
        '"We will see," said the engineer that Tom Reed hired.\n'
    )
    assert _speaker(_run(text), "We will see") != "Tom Reed"


def test_one_parent_said_is_the_parents_group() -> None:
    text = (
        "The Dunmere school board voted to close Ash Lane Primary on Monday.\n\n"
        "Parents of Ash Lane pupils packed the hall for the vote.\n\n"
        '"We were never asked what we wanted for our children," one parent said.\n'
    )
    summary = _run(text)
    speaker = _speaker(summary, "never asked")
    assert speaker is not None
    group = next(a for a in summary.actors if a.name == speaker)
    assert group.kind == "group"
    assert "parents" in speaker.lower()


def test_residents_of_a_place_holding_a_stance_are_a_group() -> None:
    text = (
        "The Dunmere council approved a waste incinerator on Monday.\n\n"
        "Residents of Holm Valley opposed the incinerator at a packed meeting.\n"
    )
    summary = _run(text)
    groups = {a.name: a.kind for a in summary.actors}
    assert groups.get("Residents of Holm Valley") == "group"
    assert any(s.actor == "Residents of Holm Valley" for s in summary.stances)


def test_a_collective_noun_inside_a_name_is_no_group() -> None:
    text = (
        "The Dunmere council approved a waste incinerator on Monday.\n\n"
        '"This is a disgrace," said the Dunmere Tenants Union, which opposed the plan.\n'
    )
    assert all(a.kind != "group" for a in _run(text).actors)


_LEAD = "The Arlen council voted to close the Vey library.\n\n"


@pytest.mark.parametrize(
    ("sentence", "position", "target"),
    [
        (
            "The Vey Readers Guild condemned the attacks on library staff.",
            "oppose",
            "attacks on library staff",
        ),
        (
            "The Vey Readers Guild cited atrocities against library staff.",
            "oppose",
            "atrocities against library staff",
        ),
        (
            "The Vey Readers Guild did not oppose the closure but wanted a guarantee.",
            "mixed",
            "closure",
        ),
        ("The Vey Readers Guild did not oppose the closure.", "neutral", "closure"),
        (
            "The Vey Readers Guild would not rule out a legal challenge.",
            "neutral",
            "legal challenge",
        ),
        ("The Vey Readers Guild is lobbying against the closure.", "oppose", "closure"),
        (
            "The Vey Readers Guild urged the council not to approve the closure.",
            "oppose",
            "closure",
        ),
        (
            "The Vey Readers Guild called on ministers to order an independent review.",
            "support",
            "independent review",
        ),
        ("The Vey Readers Guild has real doubts about the closure.", "oppose", "closure"),
        ("The Vey Readers Guild spoke against the closure.", "oppose", "closure"),
        ("The Vey Readers Guild was disappointed by the closure.", "oppose", "closure"),
    ],
)
def test_stance_cue_object_polarity_and_hedges(sentence: str, position: str, target: str) -> None:
    stances = {s.actor: (s.position, s.target) for s in _run(_LEAD + sentence + "\n").stances}
    assert stances["Vey Readers Guild"] == (position, target)


def test_a_duration_after_argued_for_is_no_target() -> None:
    text = _LEAD + "The Vey Readers Guild has argued for three years that the roof leaks.\n"
    assert [s.target for s in _run(text).stances if s.actor == "Vey Readers Guild"] == []


def test_each_listed_objector_opposes_the_issue() -> None:
    text = (
        _LEAD + "The council approved the closure over the objections of parents, teachers "
        "and the Arlen Library Trust.\n"
    )
    stances = {(s.actor, s.position, s.target) for s in _run(text).stances}
    assert {
        ("parents", "oppose", "closure"),
        ("teachers", "oppose", "closure"),
        ("Arlen Library Trust", "oppose", "closure"),
    } <= stances
    assert ("Arlen council", "oppose", "closure") not in stances


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param(
            "Graham Tilney runs Corvane Software.\n\n"
            'Nora Quill welcomed the plan. But she called the cuts "deeply worrying" and '
            'urged Tilney to "sit down with the union properly." She said more.\n',
            "sit down",
            id="but-she-opens-the-sentence-the-object-of-urged-is-no-speaker",
        ),
        pytest.param(
            "The Arlen council voted to close the Vey library.\n\n"
            "Nora Quill, who chairs the Arlen Readers Club, said the club had met Peter Almond, "
            'the council leader, on Monday. "We will see them in court," she said.\n',
            "see them in court",
            id="pronoun-is-the-previous-sentences-subject-in-the-paragraph",
        ),
    ],
)
def test_pronoun_speakers(text: str, fragment: str) -> None:
    assert _speaker(_run(text), fragment) == "Nora Quill"


def test_a_contrast_with_two_objects_is_two_stances_with_one_object_mixed() -> None:
    two = (
        _LEAD
        + "The Vey Readers Guild supports the closure but is campaigning against the parking levy.\n"
    )
    one = _LEAD + "The Vey Readers Guild welcomed the closure but warned that jobs would go.\n"
    assert {
        (s.position, s.target) for s in _run(two).stances if s.actor == "Vey Readers Guild"
    } == {
        ("support", "closure"),
        ("oppose", "parking levy"),
    }
    assert [
        (s.position, s.target) for s in _run(one).stances if s.actor == "Vey Readers Guild"
    ] == [("mixed", "closure")]


def test_a_passive_subject_holds_no_stance_but_was_opposed_to_is_one() -> None:
    text = (
        "About 900 residents of Holm Valley were ordered out of their homes on Monday.\n\n"
        "The Holm Valley Riding Club was ordered out of the showground.\n\n"
        "The Holm Valley Farmers Union was opposed to the evacuation order.\n"
    )
    stances = {(s.actor, s.position) for s in _run(text).stances}
    assert not any(actor.lower().startswith("residents") for actor, _ in stances)
    assert not any(actor == "Holm Valley Riding Club" for actor, _ in stances)
    assert ("Holm Valley Farmers Union", "oppose") in stances


def test_the_possessor_in_a_datelined_lead_is_not_the_actor() -> None:
    text = (
        "ARLEN, May 2 — Arlen's city council voted 7-2 on Tuesday to close the Vey library.\n\n"
        "The Arlen Readers Club, a lobby group, said it would appeal.\n"
    )
    assert all(
        s.actor != "Arlen Readers Club" or s.position != "support" for s in _run(text).stances
    )
