"""Stances from cue lexicons: who backs or opposes what, with the sentence as evidence.

A sentence with an identified actor (its reporting subject, or the actor that
opens it) and a cue from the support/oppose/neutral lexicons gives a stance;
both a support and an oppose cue give "mixed". The target is the object
phrase after the cue.
"""

from __future__ import annotations

import re

from summarizer.document import Document, Sentence
from summarizer.draft import DraftStance
from summarizer.offline.cast import Cast, Member
from summarizer.offline.lexicon import Lexicon, phrase_pattern
from summarizer.offline.speakers import Attributor
from summarizer.schema import Position

__all__ = ["find_stances"]

_DETERMINERS = re.compile(r"^(?:the|a|an|its|his|her|their|our|this|that|these|those)\s+", re.I)
_OBJECT_END = re.compile(r"[,.;:!?\"“”()]|\s[-–—]\s")
_MAX_TARGET_WORDS = 6


def find_stances(
    document: Document, cast: Cast, attributor: Attributor, lex: Lexicon
) -> list[DraftStance]:
    cues = {
        "support": phrase_pattern(lex.support),
        "oppose": phrase_pattern(lex.oppose),
        "neutral": phrase_pattern(lex.neutral),
    }
    stops = phrase_pattern(lex.target_stop)
    found: list[DraftStance] = []
    seen: set[tuple[str, str]] = set()
    for sentence in document.sentences:
        actor = attributor.subject_of(sentence) or _opening_actor(cast, sentence)
        if actor is None:
            continue
        position, cue_end = _position(sentence, cues, lex)
        if position is None or cue_end is None:
            continue
        target = _target(document.text, cue_end, sentence.end, stops, lex)
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


def _opening_actor(cast: Cast, sentence: Sentence) -> Member | None:
    mention = cast.first_mention(sentence.start, sentence.start + 40)
    return mention[2] if mention is not None else None


def _position(
    sentence: Sentence, cues: dict[str, re.Pattern[str]], lex: Lexicon
) -> tuple[Position | None, int | None]:
    text = sentence.text
    hits: dict[str, re.Match[str]] = {}
    for name, pattern in cues.items():
        match = pattern.search(text)
        if match is not None:
            hits[name] = match
    if not hits:
        return None, None
    if "neutral" in hits:
        return "neutral", sentence.start + hits["neutral"].end()
    if "support" in hits and "oppose" in hits:
        first = min(hits["support"].end(), hits["oppose"].end())
        between = text[first : max(hits["support"].start(), hits["oppose"].start()) + 1]
        if any(re.search(rf"\b{word}\b", between) for word in lex.contrast):
            return "mixed", sentence.start + hits["support"].end()
        earliest = min(hits.values(), key=lambda m: m.start())
        name = "support" if earliest is hits["support"] else "oppose"
        return _negated(text, earliest, name, lex), sentence.start + earliest.end()
    name = next(iter(hits))
    return _negated(text, hits[name], name, lex), sentence.start + hits[name].end()


def _negated(text: str, match: re.Match[str], name: str, lex: Lexicon) -> Position:
    before = text[max(0, match.start() - 20) : match.start()].lower().split()
    if any(word in lex.negators or word.endswith("n't") for word in before[-3:]):
        return "oppose" if name == "support" else "support"
    return "support" if name == "support" else "oppose"


def _target(text: str, start: int, end: int, stops: re.Pattern[str], lex: Lexicon) -> str:
    window = text[start:end]
    window = re.sub(r"^\s*(?:to|for|of|on|that|the\s+need\s+for)?\s*", "", window)
    cut = _OBJECT_END.search(window)
    if cut:
        window = window[: cut.start()]
    stop = stops.search(window)
    if stop and stop.start() > 0:
        window = window[: stop.start()]
    words = window.split()[:_MAX_TARGET_WORDS]
    phrase = _DETERMINERS.sub("", " ".join(words)).strip(" '’")
    return phrase
