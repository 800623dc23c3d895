"""The quote-candidate detector: where the direct quotations of an article are.

It reads double quotation marks (straight and curly) paragraph by paragraph.
Single marks inside a quotation are part of it (nested quotes), apostrophes are
never mistaken for marks, a quotation that runs over paragraphs (an opening
mark at each paragraph start, a closing mark only at the end) gives one
segment per paragraph, and a quotation split by its attribution
(``"X," she said, "Y."``) is two candidates. Titles and names in quotation
marks (``known as "Smart Quay"``) are not quotations and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteSpan", "find_quotes"]

_OPEN_CURLY = "\u201c\u201e\u00ab"
_CLOSE_CURLY = "\u201d\u00bb"
_STRAIGHT = '"'
_SINGLE_OPEN = "\u2018"
_SINGLE_CLOSE = "\u2019"
_SINGLE_STRAIGHT = "'"
_DOUBLE_MARK = re.compile("[" + re.escape(_OPEN_CURLY + _CLOSE_CURLY + _STRAIGHT) + "]")
_SINGLE_MARK = re.compile("[" + re.escape(_SINGLE_OPEN + _SINGLE_CLOSE + _SINGLE_STRAIGHT) + "]")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """The inner text of one quotation: ``text[start:end]``, marks excluded."""

    start: int
    end: int
    paragraph: int
    continues: bool = False


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """All candidate direct quotes of ``text``, in order."""
    # British style: an article with no double marks at all quotes with single marks.
    single = not any(char in text for char in _OPEN_CURLY + _CLOSE_CURLY + _STRAIGHT)
    spans: list[QuoteSpan] = []
    carried = False  # the previous paragraph ended inside an open quotation
    for index, (p_start, p_end) in enumerate(paragraphs):
        marks = _single_marks(text, p_start, p_end) if single else _marks(text, p_start, p_end)
        opens_with_mark = bool(marks) and marks[0][0] == p_start and marks[0][1] == "open"
        if carried and not opens_with_mark:
            carried = False
        open_at: int | None = None
        continuation = False
        for offset, kind in marks:
            if open_at is None:
                if kind in ("open", "either"):
                    open_at = offset + 1
                    continuation = carried and offset == p_start
            elif kind in ("close", "either"):
                _emit(spans, text, open_at, offset, index, continuation)
                open_at = None
                continuation = False
        carried = False
        if open_at is not None:
            # An unclosed quotation: a multi-paragraph quote when the next
            # paragraph reopens it, otherwise a quote that runs to the paragraph end.
            _emit(spans, text, open_at, p_end, index, continuation)
            carried = True
    return spans


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Double quotation marks in ``text[start:end]`` as (offset, open|close|either)."""
    found: list[tuple[int, str]] = []
    for match in _DOUBLE_MARK.finditer(text, start, end):
        offset = match.start()
        char = text[offset]
        if char in _OPEN_CURLY:
            found.append((offset, "open"))
        elif char in _CLOSE_CURLY:
            found.append((offset, "close"))
        elif char == _STRAIGHT:
            before = text[offset - 1] if offset > start else " "
            after = text[offset + 1] if offset + 1 < end else " "
            if _opens(before, after):
                found.append((offset, "open"))
            elif _closes(before, after):
                found.append((offset, "close"))
            else:
                found.append((offset, "either"))
    return found


def _single_marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Single quotation marks used as primary quotes, telling them from apostrophes:
    an opening mark starts a word; a closing mark ends one and is next to punctuation
    or the paragraph end (so "isn't" and "the players' union" are not marks)."""
    found: list[tuple[int, str]] = []
    for match in _SINGLE_MARK.finditer(text, start, end):
        offset = match.start()
        char = text[offset]
        before = text[offset - 1] if offset > start else " "
        after = text[offset + 1] if offset + 1 < end else " "
        if (
            char != _SINGLE_CLOSE
            and _opens(before, after)
            and (after.isalnum() or after == "\u2026")
        ):
            found.append((offset, "open"))
        elif (
            char != _SINGLE_OPEN
            and not before.isspace()
            and (
                before in ".,!?;:\u2026"
                or (not after.isalnum() and not after.isspace())
                or offset + 1 == end
            )
        ):
            found.append((offset, "close"))
    return found


def _opens(before: str, after: str) -> bool:
    return (before.isspace() or before in "([{\u2014\u2013-/") and not after.isspace()


def _closes(before: str, after: str) -> bool:
    return not before.isspace() and (after.isspace() or not after.isalnum())


_NAMING_WINDOW = 40  # characters before a quotation, white space runs counted as one
_IRREGULAR_SPACE = re.compile(r"\s{2,}|[^\S ]")
_NAMING_CUE = re.compile(
    r"(?:known(?:\s+\w+)?\s+as|so-called|dubbed|nicknamed|named|titled|entitled|"
    r"call(?:s|ed|ing)?\s+(?:it|them|this|the\s+\w+)\s+the|(?:which|that)\s+means|meaning|"
    r"headline[sd]?|slogan|banner|hashtag|codenamed|branded)(?:\s+(?:the|a|an))?\s*$",
    re.IGNORECASE,
)


def _emit(
    spans: list[QuoteSpan], text: str, start: int, end: int, paragraph: int, continues: bool
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # "We are not going anywhere," said X: the comma before the closing mark
    # belongs to the sentence, not to the quotation.
    if end > start and text[end - 1] == ",":
        end -= 1
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        return
    if _is_title_or_name(text, start, end):
        return
    spans.append(QuoteSpan(start, end, paragraph, continues))


def _is_title_or_name(text: str, start: int, end: int) -> bool:
    """Scare-quoted names and titles: ``known as "Smart Quay"``, ``the "Blue Book"``."""
    inner = text[start:end]
    before = text[max(0, start - _NAMING_WINDOW) : start - 1]
    if _IRREGULAR_SPACE.search(before):  # count each run of white space as one space
        wide = text[max(0, start - 10 * _NAMING_WINDOW) : start - 1]
        before = " ".join(wide.split())[-_NAMING_WINDOW:]
    if _NAMING_CUE.search(before.rstrip(" ,:")):
        return True
    words = inner.split()
    if not words or len(words) > 6 or inner[-1] in ".!?,;:":
        return False
    capitalised = [w for w in words if w[0].isupper() or not w[0].isalpha()]
    small = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "de"}
    return len(words) >= 2 and all(w in capitalised or w.lower() in small for w in words)
