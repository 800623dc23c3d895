"""Stance targets as well-formed noun phrases, and sentences that only report history.

A cue's object window often runs into the next clause ("losses from wildfires
had risen", "Zagreb implement it"): a target stops at the first verb, pronoun
or clause opener, never ends on a dangling function word, and a window that
opens with a conjunction or modal is no noun phrase at all.
"""

from __future__ import annotations

import re

from summarizer.offline.lexicon import Lexicon
from summarizer.offline.phrases import phrase_pattern

__all__ = ["is_background", "object_issue", "reversal_object", "reverses", "tidy_target"]

_YEAR = re.compile(r"\b(?:in|since|by|during|until)\s+(1[89]\d\d|20\d\d)\b", re.IGNORECASE)
_BACKGROUND_GAP_YEARS = 2
_VERB_TO = re.compile(r"^[a-z]\w*\s+to\s+(?=(?:a|an|the|its|their|his|her|any)\s)")


def tidy_target(phrase: str, lex: Lexicon) -> str:
    """The noun phrase a target window starts with, or "" when it starts with none."""
    phrase = _VERB_TO.sub("", phrase)  # "commit to a formal review": the review
    words = phrase.split()
    if not words or words[0].lower() in lex.bad_target_openers:
        return ""
    cut = phrase_pattern(lex.target_breaks).search(phrase)
    if cut is not None and cut.start > 0:
        words = phrase[: cut.start].split()
    for index, word in enumerate(words[1:], start=1):
        if word.lower() in lex.light_verbs and words[index - 1][:1].isupper():
            words = words[:index]  # "Zagreb implement": a name, then its verb
            break
    while words and words[-1].lower().strip(",.;:") in lex.target_dangling:
        words.pop()
    if len(words) == 1 and words[0][:1].isupper():
        return ""  # a bare name ("accused Zagreb of ..."): an actor, not an issue
    return " ".join(words)


def is_background(sentence: str, published: str | None, lex: Lexicon) -> bool:
    """History told for context ("had previously", "in 2009"), not a current position."""
    if phrase_pattern(lex.background_markers).search(sentence):
        return True
    if published is None or not published[:4].isdigit():
        return False
    year = int(published[:4])
    return any(int(m.group(1)) <= year - _BACKGROUND_GAP_YEARS for m in _YEAR.finditer(sentence))


def reverses(window: str, lex: Lexicon) -> bool:
    """ "called for the freeze to be lifted": backing the reversal opposes the thing."""
    clause = re.split(r"[,.;:!?]", window, maxsplit=1)[0]
    return phrase_pattern(lex.reversal_complements).search(clause) is not None


def reversal_object(window: str, lex: Lexicon) -> str | None:
    """ "urged the trust to scrap the plan": what the backed reversal undoes ("the plan")."""
    clause = re.split(r"[,.;:!?]", window, maxsplit=1)[0]
    verbs = phrase_pattern(tuple(f"to {verb}" for verb in lex.reversal_verbs))
    found = verbs.search(clause)
    return clause[found.end :] if found is not None else None


_OBJECT_ISSUE_WORDS = 4
_ARTICLE = re.compile(r"^(?:a|an|the|its|their|new)\s+", re.IGNORECASE)


def object_issue(lead: str, lex: Lexicon) -> str:
    """ "Inspectors approved a second runway at ...": the issue is "second runway".

    Only for verbs whose nominal says nothing ("approval"); "" when the lead has none.
    """
    found = phrase_pattern(lex.object_issue_verbs).search(lead)
    if found is None:
        return ""
    window = re.split(r"[,.;:!?\"“”()]|\s[-–—]\s", lead[found.end :].strip(), maxsplit=1)[0]
    while _ARTICLE.match(window):
        window = _ARTICLE.sub("", window, count=1)
    phrase = re.split(r"\s(?:at|on|in|for|from|to|by|with|after|that|which)\s", window, maxsplit=1)[
        0
    ]
    words = tidy_target(phrase, lex).split()
    if not words or re.search(r"\d", " ".join(words)):
        return ""  # "a 25% tariff": numbers make a poor issue name; fall back to nominals
    return " ".join(words[:_OBJECT_ISSUE_WORDS]).lower() if words[0].islower() else ""
