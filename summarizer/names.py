"""Name normalisation and the actor matching rule, in one place for every user.

The scorer (``evaluation/actors.py``) matches predicted actors to gold ones with it,
and the merge of a long article's parts (``merge.py``) matches the actors of one part
to those of another with it, so both agree on when two names are one actor.

The rule has three tiers: (1) a form equals a form (names and aliases, normalised and
without leading titles); (2) a single word equals the last word of a person's name
when no other actor's forms end in that word; (3) ``token_sort_ratio`` >= 90.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, utils

__all__ = [
    "FUZZY_NAME_THRESHOLD",
    "fold",
    "forms",
    "match_tier",
    "name_key",
    "normalise",
    "sort_ratio",
    "unique_surnames",
]

FUZZY_NAME_THRESHOLD = 90.0

_ASCII = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFKC, casefold, curly quotes and dashes to ASCII, no diacritics, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_ASCII)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def normalise(text: str) -> str:
    """``fold`` plus: strip a leading "the " and surrounding punctuation (until stable)."""
    text = fold(text)
    while True:
        before = text
        start, end = 0, len(text)
        while start < end and (_is_punctuation(text[start]) or text[start].isspace()):
            start += 1
        while end > start and (_is_punctuation(text[end - 1]) or text[end - 1].isspace()):
            end -= 1
        text = text[start:end]
        if text.startswith("the "):
            text = text[4:]
        if text == before:
            return text


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    raw = resources.files("summarizer").joinpath("data/name_titles.json").read_text("utf-8")
    titles = json.loads(raw)["titles"]
    # longest first, so "prime minister" is tried before any one-word title
    return tuple(sorted((tuple(t.split()) for t in titles), key=len, reverse=True))


def name_key(name: str) -> str:
    """A name normalised and without leading honorifics and titles ("Dr", "Prime Minister")."""
    words = [word.strip(".") for word in normalise(name).split()]
    removed = True
    while removed and len(words) > 1:
        removed = False
        for title in _titles():
            if len(words) > len(title) and tuple(words[: len(title)]) == title:
                words = words[len(title) :]
                removed = True
                break
    return " ".join(word for word in words if word)


def sort_ratio(a: str, b: str) -> float:
    return float(fuzz.token_sort_ratio(a, b, processor=utils.default_process))


def forms(name: str, aliases: Sequence[str] = ()) -> tuple[str, ...]:
    """The normalised, title-free forms of a name and its aliases (no empties, no repeats)."""
    out: list[str] = []
    for raw in (name, *aliases):
        key = name_key(raw)
        if key and key not in out:
            out.append(key)
    return tuple(out)


def unique_surnames(cast: Sequence[tuple[Sequence[str], str]]) -> dict[int, str]:
    """For each person of ``cast`` (its forms, its kind), the last word of its first form
    when no other actor has a form ending in that word: tier 2 may match it alone."""
    found: dict[int, str] = {}
    for i, (mine, kind) in enumerate(cast):
        if kind != "person" or not mine:
            continue
        surname = mine[0].split()[-1]
        shared = any(
            surname == form.split()[-1]
            for j, (others, _) in enumerate(cast)
            if j != i
            for form in others
        )
        if not shared:
            found[i] = surname
    return found


def match_tier(
    given: Sequence[str], known: Sequence[str], surname: str | None = None
) -> tuple[int, float] | None:
    """The best tier at which the ``given`` forms name the actor whose forms are ``known``
    (``surname``: its unique surname, if any), with the best fuzzy score; None if none."""
    if not given or not known:
        return None
    best = max(sort_ratio(g, k) for g in given for k in known)
    if any(g in known for g in given):
        return 1, best
    if surname is not None and any(g == surname for g in given if " " not in g):
        return 2, best
    if best >= FUZZY_NAME_THRESHOLD:
        return 3, best
    return None
