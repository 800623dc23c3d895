"""Indexes of the cast's names and roles by word, so a lookup reads only the actors
that can match ("the union" reads the organisations named "... Union"), not all.

Actors are kept as their place in ``Cast.members``; every list is in that order,
so "the first actor that matches" is the first one an index yields.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["RoleIndex", "WordIndex", "normalise_role"]

_WORD = re.compile(r"\w+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def normalise_role(role: str) -> str:
    """A role or role phrase as compared: lower case, straight apostrophes, no article."""
    return _ARTICLE.sub("", role.lower().replace("’", "'"))


class WordIndex:
    """Actors by the words (runs of word characters, case-folded) of one text each."""

    def __init__(self) -> None:
        self._orders: dict[str, list[int]] = {}

    def add(self, order: int, text: str) -> None:
        for word in {w.casefold() for w in _WORD.findall(text)}:
            bisect.insort(self._orders.setdefault(word, []), order)

    def remove(self, order: int, text: str) -> None:
        for word in {w.casefold() for w in _WORD.findall(text)}:
            orders = self._orders[word]
            del orders[bisect.bisect_left(orders, order)]

    def candidates(self, phrase: str, count: int) -> Sequence[int]:
        """Every actor whose text can contain ``phrase`` as whole words: those with its
        first word (a superset; callers check each one), or all ``count`` when the
        phrase has no word."""
        words = _WORD.findall(phrase)
        if not words:
            return range(count)
        return self._orders.get(words[0].casefold(), [])


class RoleIndex:
    """Actors by role: by the words of the role and by the whole role, normalised."""

    def __init__(self) -> None:
        self.words = WordIndex()
        self._keys: list[tuple[str, int]] = []  # (normalised role, order), sorted

    def move(self, order: int, old: str | None, new: str | None) -> None:
        """Actor ``order`` had role ``old`` and now has ``new`` (empty roles are not kept)."""
        if old:
            self.words.remove(order, old)
            del self._keys[bisect.bisect_left(self._keys, (normalise_role(old), order))]
        if new:
            self.words.add(order, new)
            bisect.insort(self._keys, (normalise_role(new), order))

    def first_same(self, phrase: str) -> int | None:
        """The first actor whose role is ``phrase`` or, when the phrase has two words or
        more, starts with it (both normalised)."""
        phrase = _ARTICLE.sub("", phrase.replace("’", "'"))
        prefix = len(phrase.split()) >= 2
        index = bisect.bisect_left(self._keys, (phrase, -1))
        best: int | None = None
        while index < len(self._keys):
            key, order = self._keys[index]
            if key != phrase and not (prefix and key.startswith(phrase)):
                break
            if not prefix:
                return order  # equal keys are sorted by order: the first is the first actor
            best = order if best is None else min(best, order)
            index += 1
        return best
