"""Phrase lookup that ignores spacing and case by construction.

Every lexicon phrase is matched through this module, in one of two ways:

* ``PhraseIndex`` walks pre-split ``Words`` (a regular-expression alternation of
  hundreds of phrases tried at every character is several times slower);
* ``PhrasePattern`` searches any string (a clause, a window) with one compiled
  alternation.

Both compare phrases word by word, so a double space, a tab, a non-breaking space
or a hard wrap between the words of "called for" is still "called for", and both
report which listed phrase matched (never the text as written), so a caller's
lookup by phrase cannot miss.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

__all__ = [
    "Hit",
    "PhraseIndex",
    "PhrasePattern",
    "Words",
    "phrase_index",
    "phrase_key",
    "phrase_pattern",
    "phrase_source",
]

_WORD = re.compile(r"\w+(?:[\-'’]\w+)*")
_APOSTROPHE = re.compile(r"['’]")
_GAP = re.compile(
    r"[\s\"'\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb]*\s[\s\"'\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb]*"
)


@dataclass(frozen=True)
class Hit:
    """One phrase occurrence: ``text[start:end]``; ``phrase`` is the phrase as listed."""

    start: int
    end: int
    phrase: str


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The normal form lookups compare: lower-case words, a curly apostrophe as straight."""
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(phrase))


def phrase_key(phrase: str) -> str:
    """``phrase`` in normal form as one string: "Called\\u00a0 For" -> "called for"."""
    return " ".join(phrase_words(phrase))


def phrase_source(phrase: str) -> str:
    """Regular-expression source for ``phrase``: any run of white space where it has a
    space, either apostrophe where it has one; case is the caller's flag."""
    return r"\s+".join(
        _APOSTROPHE.sub("['’]", re.escape(part).replace("’", "'")) for part in phrase.split()
    )


class Words:
    """The words of a text with their offsets, lower-cased once."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in _WORD.finditer(text)]
        self.text = text
        self.starts: list[int] = [start for start, _ in spans]
        self.ends: list[int] = [end for _, end in spans]
        lowered = text.lower().replace("’", "'")
        if len(lowered) == len(text):
            self.words: list[str] = [lowered[start:end] for start, end in spans]
        else:  # a character whose lower case is longer: lower each word on its own
            self.words = [text[start:end].lower().replace("’", "'") for start, end in spans]

    def without(self, spans: list[tuple[int, int]]) -> Words:
        """A copy whose words inside ``spans`` (the quotes) match nothing."""
        copy = Words.__new__(Words)
        copy.text, copy.starts, copy.ends = self.text, self.starts, self.ends
        copy.words = list(self.words)
        for start, end in spans:
            index = bisect.bisect_left(self.starts, start)
            while index < len(self.starts) and self.starts[index] < end:
                copy.words[index] = ""
                index += 1
        return copy

    def first_at_or_after(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset)

    def spaced(self, first: int, last: int) -> bool:
        """Whether only white space (and quotation marks: 'has "real doubts" about')
        separates words ``first`` to ``last``: a phrase never runs over other punctuation
        ("called, for the third time")."""
        text, starts, ends = self.text, self.starts, self.ends
        return all(
            _GAP.fullmatch(text, ends[k], starts[k + 1]) is not None for k in range(first, last)
        )


class PhraseIndex:
    """Phrases indexed by first word, longest first."""

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in sorted(set(phrases)):
            words = phrase_words(phrase)
            if words:
                self._by_first.setdefault(words[0], []).append((words, phrase))
        for options in self._by_first.values():
            options.sort(key=lambda option: len(option[0]), reverse=True)

    def _at(self, words: Words, index: int, end: int) -> Hit | None:
        options = self._by_first.get(words.words[index])
        if not options:
            return None
        for option, phrase in options:
            last = index + len(option) - 1
            if last >= len(words.words) or words.ends[last] > end:
                continue
            if tuple(words.words[index : last + 1]) == option and words.spaced(index, last):
                return Hit(words.starts[index], words.ends[last], phrase)
        return None

    def finditer(self, words: Words, start: int, end: int) -> Iterator[Hit]:
        by_first, listed, starts = self._by_first, words.words, words.starts
        count = len(starts)
        index = words.first_at_or_after(start)
        while index < count and starts[index] < end:
            hit = self._at(words, index, end) if listed[index] in by_first else None
            if hit is not None:
                yield hit
                index = words.first_at_or_after(hit.end)
            else:
                index += 1

    def search(self, words: Words, start: int, end: int) -> Hit | None:
        return next(self.finditer(words, start, end), None)

    def match(self, words: Words, start: int, end: int) -> Hit | None:
        """A phrase that starts exactly at ``start``."""
        index = words.first_at_or_after(start)
        if index >= len(words.starts) or words.starts[index] != start:
            return None
        return self._at(words, index, end)


class PhrasePattern:
    """One case-insensitive alternation of phrases, on word boundaries, longest first.

    A match names the listed phrase it matched: the one with the same words, or (for
    the rare letter that matches case-insensitively but lower-cases to another, such
    as the Kelvin sign) the first whose own pattern matches the text.
    """

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self._phrases = sorted({p for p in phrases if p.split()}, key=len, reverse=True)
        self._by_key: dict[str, str] = {}
        for phrase in self._phrases:
            self._by_key.setdefault(_spaced_key(phrase), phrase)
        body = "|".join(phrase_source(p) for p in self._phrases)
        self._regex = re.compile(r"(?<![\w'’])(?:" + (body or "(?!)") + r")(?![\w'’])", re.I)

    def _hit(self, match: re.Match[str] | None) -> Hit | None:
        if match is None:
            return None
        written = match.group()
        phrase = self._by_key.get(_spaced_key(written)) or next(
            (p for p in self._phrases if _single(p).fullmatch(written)), None
        )
        return Hit(match.start(), match.end(), phrase) if phrase is not None else None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Hit | None:
        return self._hit(self._regex.search(text, pos, endpos))

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Hit | None:
        """A phrase that starts exactly at ``pos``."""
        return self._hit(self._regex.match(text, pos, endpos))

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Hit]:
        for match in self._regex.finditer(text, pos, endpos):
            hit = self._hit(match)
            if hit is not None:
                yield hit


def _spaced_key(text: str) -> str:
    """Lower case, one space between words, a straight apostrophe: what a match and the
    phrase it matched have in common (but for the rare letter that folds oddly)."""
    return " ".join(text.lower().replace("’", "'").split())


@cache
def _single(phrase: str) -> re.Pattern[str]:
    return re.compile(phrase_source(phrase), re.I)


@cache
def phrase_index(phrases: tuple[str, ...]) -> PhraseIndex:
    return PhraseIndex(phrases)


@cache
def phrase_pattern(phrases: tuple[str, ...]) -> PhrasePattern:
    """The cached ``PhrasePattern`` for ``phrases`` (a tuple, so it can be cached)."""
    return PhrasePattern(phrases)
