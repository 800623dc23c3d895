"""Collectives as actors: "parents", "Northgate residents", "one resident said".

Every mention of a collective noun (organisations.json ``group_actors``) and of
its singular after "one"/"a"/"another" joins one ``group`` member per noun,
named by its first place-qualified form ("Northgate residents", "residents of
Maple Hollow") when the article has one. The member is listed only when it is
quoted or holds a stance (the engine lists inactive groups nowhere).
"""

from __future__ import annotations

import re

from summarizer.document import Document
from summarizer.offline.lexicon import Lexicon
from summarizer.offline.registry import Cast
from summarizer.spans import Coverage

__all__ = ["add_groups"]

_PLACE_BEFORE = re.compile(r"(?:[A-Z][\w\-’']+\s+){1,3}$")
_PLACE_AFTER = re.compile(r"\s+(?:of|in|at|on)\s+(?:[A-Z][\w\-’']+\s?){1,3}")
_NOT_PLACES = frozenset(
    "The A An Many Some Several Most Dozens Hundreds Thousands Other Local Angry Our "
    "Their His Her Its One Two Three Four Five Both All Few Older Younger".split()
)


_DETERMINER_BEFORE = re.compile(r"(?:^|\W)(?:one|another|a)\s+$")


def _occurrences(text: str, lowered: str, start: int, lex: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, plural) of every collective noun as a whole word, and of its singular
    after "one"/"another"/"a"; one ``str.find`` sweep per noun keeps this linear."""
    found: list[tuple[int, int, str]] = []
    forms = [(plural, plural, False) for plural in lex.group_actors]
    forms += [(single, plural, True) for plural, single in lex.group_actors.items()]
    for form, plural, single in forms:
        at = lowered.find(form, start)
        while at >= 0:
            end = at + len(form)
            whole = (at == 0 or not lowered[at - 1].isalnum()) and (
                end == len(lowered) or not lowered[end].isalnum()
            )
            if whole and (not single or _DETERMINER_BEFORE.search(lowered, max(0, at - 10), at)):
                found.append((at, end, plural))
            at = lowered.find(form, end)
    return sorted(found)


def add_groups(cast: Cast, document: Document, quoted: Coverage, lex: Lexicon) -> None:
    """Register every collective mention outside quotes and names with the cast."""
    text = document.text
    found: dict[str, list[tuple[int, int]]] = {}
    names: dict[str, str] = {}
    lowered = text.lower()
    if len(lowered) != len(text):
        return  # a character whose lower case is longer: offsets would not line up
    for start, end, plural in _occurrences(text, lowered, document.body_start, lex):
        if quoted.covers(start):
            continue  # inside a quotation
        if cast.at(start, end) is not None or _in_name(text, start):
            continue  # part of a name: "Kessington Riders Alliance"
        found.setdefault(plural, []).append((start, end))
        if plural not in names and lowered[start:end] == plural:
            names[plural] = _qualified(text, start, end) or ""
    for plural, spans in found.items():
        name = names.get(plural) or plural
        member = cast.add(name, "group")
        if member.kind != "group":
            continue
        for start, end in spans:
            cast.mention(member, start, end, text[start:end])


def _in_name(text: str, start: int) -> bool:
    """A capitalised noun inside a sentence belongs to a name."""
    if not text[start].isupper():
        return False
    before = text[max(0, start - 2) : start]
    return start > 0 and not (before.endswith("\n") or before in (". ", "! ", "? "))


def _qualified(text: str, start: int, end: int) -> str | None:
    """ "Northgate residents" or "residents of Maple Hollow", else None."""
    before = _PLACE_BEFORE.search(text, max(0, start - 40), start)
    if before is not None:
        words = [w for w in before.group(0).split() if w not in _NOT_PLACES]
        if words and before.start() > 0 and text[before.start() - 1] not in ".\n":
            return " ".join([*words, text[start:end]])
    after = _PLACE_AFTER.match(text, end)
    if after is not None:
        return (text[start:end] + after.group(0)).strip()
    return None
