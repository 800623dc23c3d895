"""Stances from cue lexicons: who backs or opposes what, with the sentence as evidence.

A sentence with an identified actor (its reporting subject, or the actor that
opens it) and a cue from the support/oppose/neutral lexicons gives a stance;
a support and an oppose cue joined by a contrast ("welcomed ... but warned")
give "mixed". The target is the object phrase after the cue, or the article's
issue (the lead's main action as a noun: "rezoning", "seizure") when the
object only refers back to it ("the decision", "it").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from itertools import pairwise

from summarizer.document import Document, QuoteCandidate, Sentence
from summarizer.draft import DraftStance
from summarizer.offline.lexicon import Lexicon
from summarizer.offline.objectors import objector_stances
from summarizer.offline.objects import noun_cue_start, object_target
from summarizer.offline.phrases import (
    Hit,
    PhraseIndex,
    Words,
    phrase_index,
    phrase_key,
    phrase_pattern,
)
from summarizer.offline.registry import Cast, Member
from summarizer.offline.speakers import Attributor
from summarizer.offline.targets import (
    is_background,
    object_issue,
    reversal_object,
    reverses,
)
from summarizer.schema import Position

__all__ = ["find_stances", "issue_of"]


_WORDS = re.compile(r"\w+(?:[\-'’]\w+)*")


def issue_of(document: Document, lex: Lexicon) -> str | None:
    """The lead's main action as a noun phrase: what most stances are about."""
    if not document.sentences:
        return None
    lead = " ".join(s.text for s in document.sentences[:2])
    acted_on = object_issue(document.sentences[0].text, lex)
    if acted_on:
        return acted_on
    pattern = phrase_pattern(tuple(lex.issue_nominals))
    nominals = [lex.issue_nominals[hit.phrase] for hit in pattern.finditer(lead)]
    strong = [n for n in nominals if n not in lex.weak_issues]
    chosen = strong or nominals
    return chosen[0] if chosen else None


def find_stances(
    document: Document, cast: Cast, attributor: Attributor, lex: Lexicon, words: Words
) -> list[DraftStance]:
    """Every stance the cue lexicons find, one per actor and target."""
    issue = issue_of(document, lex)
    reader = _ClauseReader(document, cast, attributor, lex, words, issue)
    found: list[DraftStance] = []
    seen: set[tuple[str, str]] = set()
    lead_actor = _lead_action(document, cast, lex, issue)
    if lead_actor is not None and issue is not None:
        found.append(DraftStance(lead_actor.name, issue, "support", [document.sentences[0].id]))
    found.extend(objector_stances(document, cast, lex, issue))
    for sentence in document.sentences:
        if lead_actor is not None and sentence is document.sentences[0]:
            continue
        if is_background(sentence.text, document.published, lex):
            continue
        for number, (start, end) in enumerate(_clauses(document.text, sentence, cast)):
            found.extend(reader.read(sentence, start, end, first=number == 0))
    unique: list[DraftStance] = []
    for stance in found:
        key = (stance.actor, stance.target.lower())
        if key not in seen:
            seen.add(key)
            unique.append(stance)
            member = cast.get(stance.actor)
            if member is not None:
                member.active = True
    return unique


_CLAUSE_SPLIT = re.compile(r",\s+(?:while|whereas|but)\s+|;\s+")


def _clauses(text: str, sentence: Sentence, cast: Cast) -> list[tuple[int, int]]:
    """The sentence, split where a new actor takes over: "X welcomed it, while Y condemned it"."""
    cuts = [sentence.start]
    for match in _CLAUSE_SPLIT.finditer(text, sentence.start, sentence.end):
        opener = cast.first_mention(match.end(), match.end() + 12)
        pronoun = re.match(r"(?:he|she|they|it)\b", text[match.end() : match.end() + 5])
        if opener is not None or pronoun is not None:
            cuts.append(match.end())
    cuts.append(sentence.end)
    return list(pairwise(cuts))


class _ClauseReader:
    """Reads one clause: its cue, its actor and its target."""

    def __init__(
        self,
        document: Document,
        cast: Cast,
        attributor: Attributor,
        lex: Lexicon,
        words: Words,
        issue: str | None,
    ) -> None:
        self.document = document
        self.cast = cast
        self.attributor = attributor
        self.lex = lex
        self.words = words
        self.issue = issue
        self.cues = _cue_labels(lex)
        self.index = phrase_index(tuple(self.cues))
        self.stops = phrase_pattern(lex.target_stop)

    def read(self, sentence: Sentence, start: int, end: int, first: bool) -> list[DraftStance]:
        text = self.document.text
        clause = Sentence(sentence.id, start, end, text[start:end], sentence.paragraph)
        position, cue_end = _position(text, self.words, clause, self.index, self.cues, self.lex)
        if position is None or cue_end is None:
            return []
        quote = _quote_around(self.document, cue_end)
        speaker = self.attributor.speakers.get(quote.id) if quote is not None else None
        subject = self.attributor.subject_of(sentence) if first else None
        actor = speaker or subject or _opening_actor(self.cast, clause)
        if actor is None:
            return []
        if position == "mixed" and quote is None:
            pair = self._contrasted(sentence, start, end, cue_end)
            if pair:
                return [replace(stance, actor=actor.name) for stance in pair]
        stance = self._stance(sentence, start, end, position, cue_end, quote)
        return [replace(stance, actor=actor.name)] if stance is not None else []

    def _contrasted(
        self, sentence: Sentence, start: int, end: int, cue_end: int
    ) -> list[DraftStance]:
        """ "supports the bill but is campaigning against the exemption": two objects, two
        stances; "welcomed the ruling but warned that ...": one object, mixed."""
        text = self.document.text
        contrast = _CONTRAST.search(text, cue_end, end)
        if contrast is None:
            return []
        stances: list[DraftStance] = []
        for lower, upper in ((start, contrast.start()), (contrast.end(), end)):
            part = Sentence(sentence.id, lower, upper, text[lower:upper], sentence.paragraph)
            position, part_end = _position(text, self.words, part, self.index, self.cues, self.lex)
            if position is None or position == "mixed" or part_end is None:
                return []
            if _CLAUSAL_OBJECT.match(text, part_end, upper):
                return []  # "but warned that ...": a judgement of the same thing, mixed
            stance = self._stance(sentence, lower, upper, position, part_end, None)
            if stance is None or (lower > start and stance.target == self.issue):
                return []
            stances.append(stance)
        second = stances[1].target.lower()
        if stances[0].target.lower() == second or second.split()[0] in self.lex.aspect_nouns:
            return []  # "but warned about the timing": an aspect of the same thing
        return stances

    def _stance(
        self,
        sentence: Sentence,
        start: int,
        end: int,
        position: Position,
        cue_end: int,
        quote: QuoteCandidate | None,
    ) -> DraftStance | None:
        """The clause's stance (actor filled in by the caller) or None without a target."""
        text = self.document.text
        target = self._target(start, end, cue_end, quote)
        if not target and position == "neutral":
            target = self.issue or ""  # "declined to comment": on the article's issue
        if not target:
            return None
        undone = reversal_object(text[cue_end:end], self.lex) if position == "support" else None
        refused = _NOT_TO.match(text, cue_end, end) if position == "support" else None
        if refused is not None and (
            refused_target := object_target(
                text[refused.end() : end], self.stops, self.lex, self.issue
            )
        ):
            position, target = "oppose", refused_target  # "urged the union not to adopt X"
        elif undone is not None and (
            reversed_target := object_target(undone, self.stops, self.lex, self.issue)
        ):
            position, target = "oppose", reversed_target
        elif position == "support" and reverses(text[cue_end:end], self.lex):
            position = "oppose"
        return DraftStance(actor="", target=target, position=position, evidence=[sentence.id])

    def _target(self, start: int, end: int, cue_end: int, quote: QuoteCandidate | None) -> str:
        text = self.document.text
        complement = _complement_subject(text, start, cue_end, self.cast, self.lex)
        if quote is not None and complement is None:
            named = _NAMED_JUDGEMENT.search(text, max(start, quote.start - 80), quote.start)
            if named is not None:
                return object_target(named.group("np"), self.stops, self.lex, self.issue)
            return self.issue or ""
        window = complement or text[noun_cue_start(text, start, cue_end, self.lex) : end]
        return object_target(window, self.stops, self.lex, self.issue)


def _quote_around(document: Document, offset: int) -> QuoteCandidate | None:
    """The quote with ``start < offset <= end``: only the last one that opens before
    ``offset`` can hold it, as quotes never overlap."""
    index = document.quote_index.first_starting_from(offset) - 1
    if index >= 0 and offset <= document.quote_index.ends[index]:
        return document.quotes[index]
    return None


_CONTRAST = re.compile(r",?\s+but\s+")
_CLAUSAL_OBJECT = re.compile(r"\s*(?:that|it|they|he|she|this|there|to\s+[a-z]+)\b")
_NOT_TO = re.compile(r"\s+(?:[\w\-’']+\s+){0,4}?not\s+to\s+[a-z]+\s+")


_NAMED_JUDGEMENT = re.compile(
    r"(?:called|described|branded|labell?ed|termed|dubbed|deemed)\s+"
    r"(?P<np>(?:the|this|that|its|his|her|their|a|an)\s+[\w\-’' ]{2,60}?)\s+(?:as\s+)?[\"“‘']?$"
)


_COMPLEMENT = re.compile(
    r"(?:said|says|argued|warned|insisted|added|believed|thought)\s+(?:that\s+)?"
    r"(?P<np>(?:the|its|his|her|their|this|that)\s+[\w\-’' ]{2,60}?)\s+"
    r"(?:was|is|were|are|had\s+been|has\s+been|would\s+be|will\s+be|had|has|would|could)\b"
)


_APPOSITION = re.compile(
    r"[^,]{0,80}?,\s+(?:who|which|whose|a|an|the|[a-z][\w\-]*\s+(?:of|at|for))\b[^,]*,"
)


def _complement_subject(
    text: str, start: int, cue_end: int, cast: Cast, lex: Lexicon
) -> str | None:
    """ "X said the decision was defensible": the cue judges "the decision".

    Not when the clause has an agent of its own ("said her delegation had not
    decided"): then the cue's object is the target.
    """
    matches = list(_COMPLEMENT.finditer(text, start, cue_end))
    if not matches:
        return None
    found = matches[-1]
    phrase = found.group("np")
    head = phrase.split()[-1].lower().replace("’", "'")
    if head in lex.agent_nouns or cast.at(found.start("np"), found.end("np")) is not None:
        return None
    return phrase


def _lead_action(document: Document, cast: Cast, lex: Lexicon, issue: str | None) -> Member | None:
    """The actor whose action the lead reports ("X sacked Y") backs that action."""
    if issue is None or not document.sentences:
        return None
    lead = document.sentences[0]
    dateline = _DATELINE.match(document.text, lead.start, lead.end)
    opens = dateline.end() if dateline else lead.start  # "KESSINGTON, March 3 — ..."
    mention = cast.first_mention(opens, min(lead.end, opens + 40))
    if mention is None or (mention[2].kind == "person" and mention[2].role is None):
        return None
    window = document.text[mention[1] : mention[1] + 60]
    if window.lower().startswith(("'s", "’s")) or _PASSIVE.match(window.lower()):
        return None  # "X's council voted", "residents were ordered out": not X's action
    verbs = [verb for verb, nominal in lex.issue_nominals.items() if nominal == issue]
    acts = phrase_pattern((*verbs, issue)).search(window) is not None
    return mention[2] if acts else None


_DATELINE = re.compile(r"[A-Z][A-Z .'\-]+,[^—–\n]{0,30}?\s[—–-]\s+")
_PASSIVE = re.compile(
    r"\s+(?:[\w’'\-]+\s+){0,4}?(?:was|were|is|are|has been|have been|had been|been)\s+\w+ed\b"
)


def _opening_actor(cast: Cast, sentence: Sentence) -> Member | None:
    mention = cast.first_mention(sentence.start, min(sentence.end, sentence.start + 40))
    return mention[2] if mention is not None else None


@cache
def _cue_labels(lex: Lexicon) -> dict[str, str]:
    """Each cue phrase (as the index spells it) and its position; neutral wins ties."""
    labels: dict[str, str] = {}
    for name, phrases in (
        ("support", lex.support),
        ("oppose", lex.oppose),
        ("neutral", lex.neutral),
    ):
        for phrase in phrases:
            labels[phrase_key(phrase)] = name
    return labels


def _position(
    text: str,
    words: Words,
    sentence: Sentence,
    index: PhraseIndex,
    cues: dict[str, str],
    lex: Lexicon,
) -> tuple[Position | None, int | None]:
    """The sentence's position and where its deciding cue ends."""
    hits: dict[str, Hit] = {}
    aside = _APPOSITION.match(text, sentence.start, sentence.end)
    skip_to = aside.end() if aside else sentence.start
    for hit in index.finditer(words, skip_to, sentence.end):
        if text[hit.start].isupper() and hit.start > sentence.start:
            continue  # part of a name: "Fair Tax Now"
        if _is_passive(text, hit, sentence.start):
            continue  # "residents were ordered out": the subject undergoes it
        hits.setdefault(cues[hit.phrase], hit)
    if not hits:
        return None, None
    if "neutral" in hits:
        return "neutral", hits["neutral"].end
    if "support" in hits and "oppose" in hits:
        first, second = sorted((hits["support"], hits["oppose"]), key=lambda h: h.start)
        between = text[first.end : second.start].lower()
        if any(re.search(rf"\b{word}\b", between) for word in lex.contrast):
            return "mixed", first.end
        name = "support" if first is hits["support"] else "oppose"
        return _negated(text, first, name, lex, sentence.end), first.end
    name = next(iter(hits))
    return _negated(text, hits[name], name, lex, sentence.end), hits[name].end


_BE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+$", re.IGNORECASE)


def _is_passive(text: str, hit: Hit, lower: int) -> bool:
    """A participle cue after a form of "be" and not before "to" ("was opposed to" is a
    stance, "were ordered out" is not)."""
    if not hit.phrase.endswith("ed") or text.startswith(" to ", hit.end):
        return False
    return _BE_BEFORE.search(text, max(lower, hit.start - 12), hit.start) is not None


def _negated(text: str, hit: Hit, name: str, lex: Lexicon, clause_end: int) -> Position:
    """ "would not back": oppose. "did not oppose" is no support: neutral, or mixed when
    a contrast follows ("did not oppose the closure but wanted a guarantee")."""
    before = text[max(0, hit.start - 20) : hit.start].lower().split()
    if any(word in lex.negators or word.endswith("n't") for word in before[-3:]):
        if name == "support":
            return "oppose"
        after = text[hit.end : clause_end].lower()
        contrast = any(re.search(rf"\b{word}\b", after) for word in lex.contrast)
        return "mixed" if contrast else "neutral"
    return "support" if name == "support" else "oppose"
