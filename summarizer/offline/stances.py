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
from functools import cache

from summarizer.document import Document, Sentence
from summarizer.draft import DraftStance
from summarizer.offline.lexicon import Lexicon, phrase_pattern
from summarizer.offline.phrases import Hit, PhraseIndex, Words, phrase_index
from summarizer.offline.registry import Cast, Member
from summarizer.offline.speakers import Attributor
from summarizer.schema import Position

__all__ = ["find_stances", "issue_of"]

_DETERMINERS = re.compile(
    r"^(?:(?:the|a|an|its|his|her|their|our|this|that|these|those|any|to|for|of|on|with|"
    r"both|all|by|in|at|from|about|over|against|into|toward|towards)\s+)+",
    re.I,
)
_OBJECT_END = re.compile(r"[,.;:!?\"“”()]|\s[-–—]\s")
_MAX_TARGET_WORDS = 7
_WORDS = re.compile(r"\w+(?:[\-'’]\w+)*")


def issue_of(document: Document, lex: Lexicon) -> str | None:
    """The lead's main action as a noun phrase: what most stances are about."""
    if not document.sentences:
        return None
    lead = " ".join(s.text for s in document.sentences[:2])
    pattern = phrase_pattern(tuple(lex.issue_nominals))
    nominals = [lex.issue_nominals[m.group(0).lower()] for m in pattern.finditer(lead)]
    strong = [n for n in nominals if n not in lex.weak_issues]
    chosen = strong or nominals
    return chosen[0] if chosen else None


def find_stances(
    document: Document, cast: Cast, attributor: Attributor, lex: Lexicon, words: Words
) -> list[DraftStance]:
    cues = _cue_labels(lex)
    index = phrase_index(tuple(cues))
    stops = phrase_pattern(lex.target_stop)
    issue = issue_of(document, lex)
    found: list[DraftStance] = []
    seen: set[tuple[str, str]] = set()
    quoted = [(q.start, q.end) for q in document.quotes]
    lead_actor = _lead_action(document, cast, lex, issue)
    if lead_actor is not None and issue is not None:
        seen.add((lead_actor.name, issue))
        lead_actor.active = True
        found.append(DraftStance(lead_actor.name, issue, "support", [document.sentences[0].id]))
    for sentence in document.sentences:
        position, cue_end = _position(document.text, words, sentence, index, cues, lex)
        if position is None or cue_end is None:
            continue
        if lead_actor is not None and sentence is document.sentences[0]:
            continue
        in_quote = any(qs < cue_end <= qe for qs, qe in quoted)
        speaker = _speaker_at(document, attributor, cue_end) if in_quote else None
        actor = speaker or attributor.subject_of(sentence) or _opening_actor(cast, sentence)
        if actor is None:
            continue
        complement = _complement_subject(document.text, sentence.start, cue_end, cast, lex)
        if in_quote and issue is not None and complement is None:
            target = issue
        else:
            window = complement or document.text[cue_end : sentence.end]
            target = _target(window, stops, lex, issue)
        if not target:
            continue
        key = (actor.name, target.lower())
        if key in seen:
            continue
        seen.add(key)
        actor.active = True
        found.append(
            DraftStance(actor=actor.name, target=target, position=position, evidence=[sentence.id])
        )
    return found


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
    mention = cast.first_mention(lead.start, lead.start + 40)
    if mention is None or (mention[2].kind == "person" and mention[2].role is None):
        return None
    verbs = [verb for verb, nominal in lex.issue_nominals.items() if nominal == issue]
    window = document.text[mention[1] : mention[1] + 60].lower()
    return mention[2] if any(re.search(rf"\b{re.escape(v)}\b", window) for v in verbs) else None


def _speaker_at(document: Document, attributor: Attributor, offset: int) -> Member | None:
    """The speaker of the quote that contains ``offset``."""
    for quote in document.quotes:
        if quote.start < offset <= quote.end:
            return attributor.speakers.get(quote.id)
    return None


def _opening_actor(cast: Cast, sentence: Sentence) -> Member | None:
    mention = cast.first_mention(sentence.start, sentence.start + 40)
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
            labels[" ".join(_WORDS.findall(phrase.lower().replace("’", "'")))] = name
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
        return _negated(text, first, name, lex), first.end
    name = next(iter(hits))
    return _negated(text, hits[name], name, lex), hits[name].end


def _negated(text: str, hit: Hit, name: str, lex: Lexicon) -> Position:
    before = text[max(0, hit.start - 20) : hit.start].lower().split()
    if any(word in lex.negators or word.endswith("n't") for word in before[-3:]):
        return "oppose" if name == "support" else "support"
    return "support" if name == "support" else "oppose"


_NAMED_OBJECT = re.compile(r"^(?:[A-Z][\w\-’']+\s+){1,3}(?:of|to)\s+")


def _drop_leading_verb(phrase: str, lex: Lexicon) -> str:
    """ "both sides to accept independent arbitration" -> "independent arbitration"."""
    words = phrase.split()
    for index, word in enumerate(words[:4]):
        if word.lower() == "to" and index + 1 < len(words) and words[index + 1] in lex.light_verbs:
            words = words[index + 2 :]
            break
    if len(words) > 1 and words[0] in lex.light_verbs:
        words = words[1:]
    return _DETERMINERS.sub("", " ".join(words))


def _target(window: str, stops: re.Pattern[str], lex: Lexicon, issue: str | None) -> str:
    window = _NAMED_OBJECT.sub("", window.strip())  # "accused Zagreb of ...": what follows
    cut = _OBJECT_END.search(window)
    if cut:
        window = window[: cut.start()]
    window = window.strip()
    stop = stops.search(window)
    if stop and stop.start() > 0:
        window = window[: stop.start()]
    phrase = _DETERMINERS.sub("", " ".join(window.split()[:_MAX_TARGET_WORDS])).strip(" '’")
    phrase = _drop_leading_verb(phrase, lex)
    words = phrase.lower().split()
    if words and words[0] in lex.temporal_openers:
        return ""
    if words and words[0] in lex.clause_targets:
        return issue or ""
    if all(_DETERMINERS.fullmatch(w + " ") for w in words):
        return ""
    refers_back = not words or words[0] in lex.generic_targets
    refers_back = refers_back or (len(words) <= 2 and words[-1] in lex.generic_targets)
    if issue and (refers_back or issue in words):
        return issue
    if not words or all(len(w) < 3 for w in words):
        return ""
    return phrase
