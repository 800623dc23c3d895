"""Collectives as actors: "parents", "Northgate residents", "one resident said".

Every mention of a collective noun (organisations.json ``group_actors``) and of
its singular after "one"/"a"/"another" joins one ``group`` member per noun,
named by its first place-qualified form ("Northgate residents", "residents of
Maple Hollow") when the article has one. The member is listed only when it is
quoted or holds a stance (the engine lists inactive groups nowhere).
"""

from __future__ import annotations

import re
from functools import cache

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


@cache
def _pattern(lex: Lexicon) -> re.Pattern[str]:
    plurals = "|".join(sorted(lex.group_actors, key=len, reverse=True))
    singulars = "|".join(sorted(set(lex.group_actors.values()), key=len, reverse=True))
    return re.compile(
        rf"\b(?:(?P<plural>{plurals})|(?:[Oo]ne|[Aa]nother|[Aa])\s+(?P<single>{singulars}))\b",
        re.IGNORECASE,
    )


def add_groups(cast: Cast, document: Document, quoted: Coverage, lex: Lexicon) -> None:
    """Register every collective mention outside quotes and names with the cast."""
    text = document.text
    found: dict[str, list[tuple[int, int]]] = {}
    names: dict[str, str] = {}
    for match in _pattern(lex).finditer(text, document.body_start):
        if quoted.covers(match.start()):
            continue  # inside a quotation
        if cast.at(match.start(), match.end()) is not None or _in_name(text, match.start()):
            continue  # part of a name: "Kessington Riders Alliance"
        word = match.group("plural") or match.group("single")
        plural = word.lower() if match.group("plural") else _plural_of(word.lower(), lex)
        if plural is None:
            continue
        found.setdefault(plural, []).append((match.start(), match.end()))
        if plural not in names and match.group("plural"):
            names[plural] = _qualified(text, match.start(), match.end()) or ""
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


def _plural_of(singular: str, lex: Lexicon) -> str | None:
    return next((p for p, s in lex.group_actors.items() if s == singular), None)


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
