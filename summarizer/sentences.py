"""Sentence splitting with exact offsets, in the main written languages.

A sentence ends at ``. ! ? …`` (and Arabic ``؟``, Urdu ``۔``), with any closing
marks after it, when white space and a sentence start follow: a capital, a digit,
an opening mark (``« „ “ ¿ ¡`` ...) or a letter of a script without case (Arabic,
Hebrew, Devanagari...). Chinese and Japanese ``。！？`` end a sentence with no
space after them. French spacing (``Vraiment ?``, ``métropole ! »``) keeps the mark
with its sentence, and ``: ;`` never end one. A full stop does not end a sentence
inside a quotation, after an abbreviation of the article's language (``Mr.``,
``M.``, ``z.B.``, ``Sr.``, ``Dott.``, ``г.``) or an initial, nor after a German or
Scandinavian ordinal day before a month (``am 19. März``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

__all__ = ["MAX_SENTENCE_CHARS", "Sentence", "abbreviations_for", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence, ``S{n}``; a sentence never splits a quotation, and is never longer
    than ``MAX_SENTENCE_CHARS``, a run of white space counted as one (text with no full
    stops is cut at line breaks or spaces)."""

    id: str
    start: int
    end: int
    text: str
    paragraph: int


class _Quotes(Protocol):
    """The quote spans by offset (``SpanIndex``): the ends, and where a start falls."""

    ends: list[int]

    def first_starting_from(self, offset: int) -> int: ...


# Words after which a full stop does not end a sentence: English, always.
_ENGLISH = (
    "mr mrs ms dr prof sr jr st gen sen rep gov lt col capt sgt maj adm cmdr supt insp det "
    "pres rev fr hon no nos vs etc inc ltd co corp plc bros dept univ est approx fig jan feb "
    "mar apr jun jul aug sep sept oct nov dec mt ft u.s u.k u.n e.g i.e a.m p.m"
)
# ... and those of the article's language (lower case; a one-letter capital is an initial).
_BY_LANGUAGE = {
    "fr": "mm mme mmes mlle mlles mgr me av apr env cf chap vol éd boul bd ste art p pp",
    "de": "z.b d.h u.a bzw ca nr hr fr frau str usw vgl evtl ggf inkl mio mrd jh abs art "
    "bspw sog dipl ing mag",
    "es": "sr sra srta dra ud uds ee.uu pág núm art aprox p.ej dña excmo gral",
    "it": "sig sig.ra dott dott.ssa avv ing on ecc pag art gen",
    "pt": "sr sra dra exmo exma pág art dir",
    "nl": "dhr mevr mr dr bijv o.a m.a.w enz blz ca",
    "pl": "ul np tzw m.in godz r ok prof dr tys św al ks gen",
    "cs": "tzv např atd mj č resp tj ul r ing mudr judr",
    "sv": "t.ex bl.a dvs m.m osv ca kl",
    "da": "f.eks bl.a dvs ca kr nr hr",
    "no": "f.eks bl.a dvs ca kr nr hr",
    "ru": "г гг т.е т.д т.п им ул д млн млрд руб тыс см проф акад",
    "uk": "р рр т.д ім вул млн млрд грн тис",
}
# Languages that write ordinal days with a full stop: "am 19. März", "den 3. marts".
_ORDINAL_DOT = frozenset("de da no sv fi cs sk pl hu sl hr is et lv lt".split())
_MONTHS = frozenset(
    "januar jänner februar feber märz april mai juni juli august september oktober "
    "november dezember".split()
)
# The longest sentence: text without sentence punctuation (a transcript, a list, a
# feed) is cut at line breaks or white space instead, so no sentence, title or key
# point runs to the whole article. News sentences are far shorter (under 350
# characters in the dev fixtures).
MAX_SENTENCE_CHARS = 600
_SENTENCE_END = re.compile(
    r"[.!?\u2026\u061f\u06d4]+"
    r"(?:[\"'\u201d\u2019\u201c)\]\u300d\u300f\u00ab\u2039]|[ \u00a0\u202f\u2009]?[\u00bb\u203a])*"
    r"(?=\s+\S)"
    r"|[\u3002\uff01\uff1f]+[\u300d\u300f\uff09\u201d\u2019]*(?=\s*\S)"
)
# What may stand before a sentence's first letter.
_OPENERS = (
    "\"'\u201c\u2018\u201e\u201a\u00ab\u00bb\u2039\u203a\u300c\u300e([\u00bf\u00a1\u2014\u2013"
)


def abbreviations_for(language: str | None) -> frozenset[str]:
    """English abbreviations and those of ``language``."""
    return frozenset((_ENGLISH + " " + _BY_LANGUAGE.get(language or "", "")).split())


def split_sentences(
    text: str,
    start: int,
    end: int,
    paragraph: int,
    quotes: _Quotes,
    first_number: int,
    *,
    language: str | None = None,
    abbreviations: frozenset[str] | None = None,
) -> list[Sentence]:
    """The sentences of the paragraph ``text[start:end]``, numbered from ``first_number``."""
    if abbreviations is None:
        abbreviations = abbreviations_for(language)
    ordinal_dot = language in _ORDINAL_DOT
    sentences: list[Sentence] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        if not _starts_sentence(text, stop, end):
            continue
        if _inside_quote(quotes, match.start(), stop):
            continue  # a full stop inside a quotation does not end the sentence
        if text[match.start()] == "." and (
            _is_abbreviation(text, match.start(), abbreviations)
            or (ordinal_dot and _is_ordinal_day(text, match.start(), stop, end))
        ):
            continue
        _append_sentence(sentences, text, cursor, stop, paragraph, first_number)
        cursor = stop
    _append_sentence(sentences, text, cursor, end, paragraph, first_number)
    return sentences


def _starts_sentence(text: str, offset: int, end: int) -> bool:
    """Whether the text after ``offset`` (white space skipped) can start a sentence."""
    index = offset
    while index < end and text[index].isspace():
        index += 1
    if index >= end:
        return False
    if index == offset and text[offset - 1] not in "\u3002\uff01\uff1f\u300d\u300f\uff09":
        return False  # Latin punctuation needs a space after it
    if text[offset - 1] in "\u300d\u300f" and text[index] in "\u3068\u3001\uff0c":
        return False  # 「…。」と言った: the quotative particle goes on with the sentence
    while index < end and text[index] in _OPENERS:
        index += 1
        while index < end and text[index].isspace():
            index += 1
    if index >= end:
        return False
    char = text[index]
    return char.isdigit() or (char.isalpha() and not char.islower())


def _inside_quote(quotes: _Quotes, mark: int, end: int) -> bool:
    """Whether a quotation opens before ``mark`` and runs to ``end`` or beyond. Quotes do
    not overlap, so only the last one that opens before ``mark`` can."""
    index = quotes.first_starting_from(mark) - 1
    return index >= 0 and end <= quotes.ends[index]


_LONGEST_ABBREVIATION = 12


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
        if dot - word_start > _LONGEST_ABBREVIATION:
            return False  # longer than any abbreviation; stop before walking a long run
    word = text[word_start:dot].lower()
    if word in abbreviations:
        return True
    return len(word) == 1 and text[word_start].isupper()  # an initial: "J. Smith"


def _is_ordinal_day(text: str, dot: int, after: int, end: int) -> bool:
    """``19. März``: one or two digits, a full stop, a month name."""
    digits = dot
    while digits > 0 and text[digits - 1].isdigit():
        digits -= 1
    if not 1 <= dot - digits <= 2 or (digits > 0 and text[digits - 1].isalnum()):
        return False
    word = text[after : min(end, after + 20)].split(maxsplit=1)
    return bool(word) and word[0].strip(".,;:").casefold() in _MONTHS


def _append_sentence(
    out: list[Sentence], text: str, start: int, end: int, paragraph: int, first_number: int
) -> None:
    """Add ``text[start:end]``, trimmed, as one sentence, or as several when it is longer
    than ``MAX_SENTENCE_CHARS`` (text with no sentence punctuation)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        limit = _spaced_limit(text, start, end)
        if limit is None:
            break  # long only by its spacing: "a  b" is as long as "a b"
        cut = _fallback_end(text, start, limit)
        _append_sentence(out, text, start, cut, paragraph, first_number)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        number = first_number + len(out)
        out.append(Sentence(f"S{number}", start, end, text[start:end], paragraph))


def _spaced_limit(text: str, start: int, end: int) -> int | None:
    """The offset of the character past ``MAX_SENTENCE_CHARS`` in ``text[start:end]``,
    a run of white space counted as one character (so double spaces, tabs or a hard
    wrap never move a cut); None when the text is not that long."""
    count = 0
    for run in _RUN.finditer(text, start, end):
        length = 1 if text[run.start()].isspace() else run.end() - run.start()
        if count + length > MAX_SENTENCE_CHARS:
            return run.start() + (MAX_SENTENCE_CHARS - count)
        count += length
    return None


_RUN = re.compile(r"\s+|\S+")


def _fallback_end(text: str, start: int, limit: int) -> int:
    """Where to end an over-long sentence that starts at ``start``, at ``limit`` or
    before: the last line break in its second half, else the last white space, else
    ``limit`` itself (one word longer than a sentence)."""
    line = text.rfind("\n", start + (limit - start) // 2, limit + 1)
    if line > start:
        return line
    for index in range(limit, start, -1):
        if text[index].isspace():
            return index
    return limit
