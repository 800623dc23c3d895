"""The offline engine's rules on small hand-written articles, and the seed end to end."""

from __future__ import annotations

import re

import pytest

from summarizer import summarise
from summarizer.document import parse_document
from summarizer.offline import draft_offline
from summarizer.offline.digest import compress
from summarizer.offline.lexicon import lexicon
from summarizer.offline.targets import is_background, object_issue, tidy_target
from summarizer.schema import Summary
from tests.conftest import SEED


def _run(text: str) -> Summary:
    return summarise(text, engine="offline")


def _speaker(summary: Summary, fragment: str) -> str | None:
    return next(q.speaker for q in summary.quotes if fragment in q.text)


def _actor(summary: Summary, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in summary.actors if a.name == name)


def test_speaker_before_and_after_the_quote() -> None:
    text = (
        'Lena Brook, the mayor of Fallow, said the budget was "a disgrace to this town."\n\n'
        '"We will fix the roads first," said Omar Vance, the council leader.\n'
    )
    summary = _run(text)
    assert _speaker(summary, "a disgrace") == "Lena Brook"
    assert _speaker(summary, "fix the roads") == "Omar Vance"
    assert _actor(summary, "Lena Brook").role == "the mayor of Fallow"


def test_continuation_paragraph_inherits_the_speaker() -> None:
    text = (
        "Greta Lindahl spoke after the vote.\n\n"
        "“We lost tonight, but we will be back,” Lindahl said. “The work starts now.\n\n"
        "“Nobody should give up on this town.”\n"
    )
    document = parse_document(text)
    assert any(q.continues for q in document.quotes)
    summary = _run(text)
    assert _speaker(summary, "give up on this town") == "Greta Lindahl"


def test_two_people_sharing_a_surname_are_kept_apart() -> None:
    text = (
        'Councillor Tom Reyes said the plan was "reckless."\n\n'
        "Ana Reyes, who is not related to the councillor, runs a bakery nearby.\n\n"
        '"We need the parking," Ana Reyes said.\n'
    )
    summary = _run(text)
    names = {a.name for a in summary.actors}
    assert {"Tom Reyes", "Ana Reyes"} <= names
    assert _speaker(summary, "reckless") == "Tom Reyes"
    assert _speaker(summary, "need the parking") == "Ana Reyes"


def test_acronym_is_an_alias_of_its_expansion() -> None:
    text = (
        "The Northern Rail Workers Union (NRWU) called a strike on Monday.\n\n"
        "NRWU said the strike would last a week.\n"
    )
    union = _actor(_run(text), "Northern Rail Workers Union")
    assert union.kind == "organization"
    assert "NRWU" in union.aliases


def test_capital_used_as_metonym_is_the_government() -> None:
    text = (
        "Talks between the two countries stalled on Tuesday.\n\n"
        "Paris said it would not sign the treaty, and Berlin has called for more time.\n"
    )
    summary = _run(text)
    france = _actor(summary, "France")
    assert france.kind == "government"
    assert "Paris" in france.aliases
    assert _actor(summary, "Germany").kind == "government"


def test_each_stance_position() -> None:
    text = (
        "The Harlow Ports Authority proposed a new berth fee on Monday.\n\n"
        "The Freight Owners Association welcomed the fee.\n\n"
        "The Harbour Pilots Union rejected the fee.\n\n"
        "The Coastal Traders Federation declined to comment on the fee.\n\n"
        "The Shipping Chamber praised the berth plan but warned about the timing.\n"
    )
    positions = {s.actor: s.position for s in _run(text).stances}
    assert positions["Freight Owners Association"] == "support"
    assert positions["Harbour Pilots Union"] == "oppose"
    assert positions["Coastal Traders Federation"] == "neutral"
    assert positions["Shipping Chamber"] == "mixed"


def test_summary_is_whole_sentences_with_no_invented_numbers() -> None:
    text = (
        "The Dunmore Bank raised its rate to 4.5% on Thursday, its first rise in 12 months. "
        "Borrowers face higher repayments.\n\n"
        "Analysts had expected a hold. The bank will meet again in 6 weeks.\n\n"
        "Its governor, Alma Price, said inflation of 3.2% was too high.\n"
    )
    summary = _run(text)
    assert summary.summary.endswith(".")
    for sentence in re.split(r"(?<=\.)\s+", summary.summary):
        assert sentence in text
    produced = summary.summary + " " + " ".join(summary.key_points) + " " + summary.title
    for number in re.findall(r"\d[\d.,]*\d|\d", produced):
        assert number in text


def test_every_speaker_and_stance_actor_is_a_listed_actor() -> None:
    draft = draft_offline(parse_document(SEED.read_text(encoding="utf-8")))
    names = {a.name for a in draft.actors}
    assert all(q.speaker in names for q in draft.quotes if q.speaker is not None)
    assert all(s.actor in names for s in draft.stances)


def test_seed_end_to_end_spans_are_exact() -> None:
    text = SEED.read_text(encoding="utf-8")
    summary = _run(text)
    assert summary.meta.engine == "offline"
    assert summary.meta.model is None
    assert summary.title and summary.summary
    assert 3 <= len(summary.key_points) <= 7
    assert summary.published == "2023-10-09"
    assert summary.quotes and all(text[q.start : q.end] == q.text for q in summary.quotes)
    assert any(q.speaker == "Ebrahim Raisi" for q in summary.quotes)
    assert summary.stances
    for stance in summary.stances:
        assert stance.evidence
        assert all(text[e.start : e.end] == e.text for e in stance.evidence)
    kinds = {a.name: a.kind for a in summary.actors}
    assert kinds.get("Iran") == "government"
    assert kinds.get("Organisation of Islamic Cooperation") == "organization"
    assert not [w for w in summary.meta.warnings if "not a listed actor" in w]


SPEAKER_RULES = [
    pytest.param(
        "Costs at the Tarn Valley Water Agency rose sharply last year.\n\n"
        'The plant was "beyond repair", according to Piotr Halloran, an engineer.\n',
        "beyond repair",
        "Piotr Halloran",
        id="according-to",
    ),
    pytest.param(
        "Farid Osman, a fisherman, met officials in the harbour on Monday.\n\n"
        'Later he told reporters: "The quotas will ruin us."\n',
        "quotas will ruin",
        "Farid Osman",
        id="pronoun",
    ),
    pytest.param(
        "Judge Miriam Osei ruled against the hospital trust on Friday.\n\n"
        '"The trust ignored its own rules," the judge wrote.\n',
        "ignored its own rules",
        "Miriam Osei",
        id="title-phrase",
    ),
    pytest.param(
        "The Kessel River Authority closed the weir on Monday.\n\n"
        'A spokesperson for the authority said the closure was "a precaution, nothing more."\n',
        "a precaution",
        "Kessel River Authority",
        id="spokesperson-for",
    ),
    pytest.param(
        "The vote passed late on Tuesday.\n\n"
        '"This is the best night of my career." Nadia Pereira, the bill\'s sponsor, said she '
        "would celebrate with her staff.\n",
        "best night",
        "Nadia Pereira",
        id="named-in-next-sentence",
    ),
    pytest.param(
        "The plant closed on Friday.\n\n"
        'Okafor, 54, a welder there for 30 years, was blunt: "They threw us away."\n',
        "threw us away",
        "Okafor",
        id="sentence-opener-with-age",
    ),
    pytest.param(
        "Kenya's President Amani Odhiambo met Chief Joseph Mutua and Ruth Wambui on Friday.\n\n"
        'The Kenyan leader told Mutua that the "new road will reach every village."\n',
        "new road will reach",
        "Amani Odhiambo",
        id="national-title-phrase",
    ),
    pytest.param(
        "Drax Foods cut 300 jobs on Monday.\n\n"
        'The union\'s lawyer said Drax had "broken the law," adding that a claim would follow.\n',
        "broken the law",
        "the union's lawyer",
        id="unnamed-role-with-participle",
    ),
    pytest.param(
        "Google said the rules were unclear. Paris said it would wait.\n\n"
        '"We expect a full review," says Dr Amira Haddad of the Fiscal Studies Institute.\n',
        "full review",
        "Amira Haddad",
        id="inverted-with-affiliation",
    ),
    pytest.param(
        "In a statement, the Velden Transport Ministry said the bridge would reopen.\n\n"
        'The repairs, the statement noted, "will be finished within the month."\n',
        "finished within the month",
        "Velden Transport Ministry",
        id="statement-noted",
    ),
]


@pytest.mark.parametrize(("text", "fragment", "speaker"), SPEAKER_RULES)
def test_speaker_rules(text: str, fragment: str, speaker: str) -> None:
    assert _speaker(_run(text), fragment) == speaker


def test_clauses_with_their_own_actor_hold_their_own_stance() -> None:
    text = (
        "The Tarvo Energy Agency approved the pipeline on Monday.\n\n"
        "Officials in Berlin welcomed the decision, while Moscow condemned it.\n"
    )
    positions = {(s.actor, s.position) for s in _run(text).stances}
    assert ("Germany", "support") in positions
    assert ("Russia", "oppose") in positions


def test_compression_drops_asides_and_keeps_numbers() -> None:
    sentence = "In a statement, the Pell Trust (PT), which owns 40 sites, said 12 would close."
    assert compress(sentence) == "The Pell Trust said 12 would close."
    paired = "The owner, Ann Lo, who bought it in 2022, said no."
    assert compress(paired) == paired


@pytest.mark.parametrize(
    ("window", "target"),
    [
        ("insured losses from storms had doubled since then", "insured losses from storms"),
        ("the new levy could cost up to 300 jobs", "the new levy"),
        ("the merger in parliament on Tuesday", "the merger"),
        ("the cuts they had promised", "the cuts"),
        ("Vienna Council implement the treaty", "Vienna Council"),
        ("commit to a full inquiry into the crash", "a full inquiry into the crash"),
        ("and would wait for the report", ""),
        ("further", ""),
    ],
)
def test_targets_are_cut_to_a_noun_phrase(window: str, target: str) -> None:
    assert tidy_target(window, lexicon()) == target


def test_background_sentences_are_not_current_positions() -> None:
    lex = lexicon()
    assert is_background("In 2011 the union had backed a similar plan.", "2026-03-01", lex)
    assert is_background("The firm had previously opposed the merger.", None, lex)
    assert not is_background("The union backed the plan in 2026.", "2026-03-01", lex)
    assert not is_background("The union backed the plan on Monday.", "2026-03-01", lex)


def test_stance_on_the_lead_issue_when_the_cue_has_no_object() -> None:
    text = (
        "Date: 2026-04-02\n\n"
        "The Renfield city council banned cars from the old town on Tuesday.\n\n"
        "The Renfield Traders Guild declined to comment.\n\n"
        "In 2015 the Renfield Cyclists Club had backed a similar plan.\n"
    )
    stances = {s.actor: s for s in _run(text).stances}
    assert stances["Renfield Traders Guild"].position == "neutral"
    assert stances["Renfield Traders Guild"].target == "ban"
    assert "Renfield Cyclists Club" not in stances


@pytest.mark.parametrize(
    ("second_paragraph", "actor", "target"),
    [
        (
            "The Corland Nurses Federation called for the pay freeze to be lifted.",
            "Corland Nurses Federation",
            "pay freeze",
        ),
        (
            "The Corland Shopkeepers Guild urged the council to scrap the parking levy.",
            "Corland Shopkeepers Guild",
            "parking levy",
        ),
    ],
)
def test_backing_the_reversal_of_a_thing_opposes_it(
    second_paragraph: str, actor: str, target: str
) -> None:
    text = f"The Corland council approved a parking levy and a pay freeze.\n\n{second_paragraph}\n"
    stances = {s.actor: (s.position, s.target) for s in _run(text).stances}
    assert stances[actor] == ("oppose", target)


def test_a_bare_name_is_no_target() -> None:
    assert tidy_target("Vienna after the talks", lexicon()) == ""
    assert tidy_target("treaty", lexicon()) == "treaty"


def test_the_object_of_an_approval_is_the_issue() -> None:
    lex = lexicon()
    lead = "Regulators on Friday approved a new gas terminal at Brenmouth, officials said."
    assert object_issue(lead, lex) == "gas terminal"
    assert object_issue("Regulators approved Vextra for sale.", lex) == ""
    text = (
        "Regulators on Friday approved a new gas terminal at Brenmouth.\n\n"
        "The Brenmouth Fishermen's Cooperative condemned the decision.\n"
    )
    stances = {s.actor: (s.position, s.target) for s in _run(text).stances}
    assert stances["Brenmouth Fishermen's Cooperative"] == ("oppose", "gas terminal")
