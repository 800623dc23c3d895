"""A stance cue's object as a target: the noun phrase the cue acts on.

The window after the cue is cut at the first clause boundary or stop word, but a
head noun keeps its "on" complement ("the attacks on X"); a cue that names the
opposed thing itself starts the target ("atrocities against X"); a duration or a
bare number is no target; an object that only refers back is the article's issue.
"""

from __future__ import annotations

import re

from summarizer.offline.lexicon import Lexicon
from summarizer.offline.phrases import Hit, PhrasePattern
from summarizer.offline.targets import tidy_target

__all__ = ["noun_cue_start", "object_target"]

_DETERMINERS = re.compile(
    r"^(?:(?:the|a|an|its|his|her|their|our|this|that|these|those|any|to|for|of|on|with|"
    r"both|all|by|in|at|from|about|over|against|into|toward|towards)\s+)+",
    re.I,
)
_OBJECT_END = re.compile(r"[,.;:!?\"“”()]|\s[-–—]\s")
_MAX_TARGET_WORDS = 7
_DURATION = re.compile(
    r"^(?:\w+\s+)?(?:years?|months?|weeks?|days?|decades?|hours?)$|^[\d.,%]+$", re.IGNORECASE
)


_TRAILING_TIME = re.compile(
    r"(?:\s+(?:\w+\s+){1,2}ago|\s+(?:last|this|next)\s+\w+|\s+(?:yesterday|today|tomorrow))$",
    re.IGNORECASE,
)
_NAMED_OBJECT = re.compile(r"^(?:[A-Z][\w\-’']+\s+){1,3}(?:of|to)\s+")


_ARTICLE_BEFORE = re.compile(
    r"\b(?:the|a|an|its|his|her|their|our|this|that|these|those)\s+$", re.I
)


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


def noun_cue_start(text: str, lower: int, cue_end: int, lex: Lexicon) -> int:
    """ "cited atrocities against civilians": a cue that names the opposed thing is
    part of the target; any other cue's target starts after it."""
    last = re.search(r"(\w+)$", text[max(lower, cue_end - 30) : cue_end])
    if last is not None and last.group(1).lower() in lex.noun_cues:
        return cue_end - len(last.group(1))
    return cue_end


def _keeps_complement(window: str, stop: Hit, lex: Lexicon) -> bool:
    """ "the attacks on worshippers": "on" opens the head noun's complement, not a
    new phrase (the cue acts on the attacks, not on the worshippers)."""
    if stop.phrase.lower() != "on":
        return False
    head = window[: stop.start].split()
    return bool(head) and head[-1].lower() in lex.complement_heads


def object_target(window: str, stops: PhrasePattern, lex: Lexicon, issue: str | None) -> str:
    window = _NAMED_OBJECT.sub("", window.strip())  # "accused Zagreb of ...": what follows
    cut = _OBJECT_END.search(window)
    if cut:
        window = window[: cut.start()]
    window = window.strip()
    stop = stops.search(window)
    while stop and _keeps_complement(window, stop, lex):
        stop = stops.search(window, stop.end)
    if stop and stop.start > 0:
        window = window[: stop.start]
    phrase = _DETERMINERS.sub("", " ".join(window.split()[:_MAX_TARGET_WORDS])).strip(" '’")
    if not _ARTICLE_BEFORE.search(window[: max(0, window.find(phrase))]):
        phrase = _drop_leading_verb(phrase, lex)  # "the pay freeze": "pay" is no verb there
    phrase = tidy_target(_TRAILING_TIME.sub("", phrase), lex)
    words = phrase.lower().split()
    if (words and words[0] in lex.temporal_openers) or _DURATION.match(phrase):
        return ""  # "argued for three years that ...": a duration, not an object
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
