"""Quotation-mark conventions: which mark opens a quotation and which marks close it.

One table covers the conventions of the main written languages; the convention of
each quotation is decided by its OPENING mark, so the languages do not interfere:

- English “ ” (and straight ``"``), which also close each other as sloppy text does;
- German, Czech, Slovak... „ “ and Polish, Hungarian, Romanian „ ”: after „ the
  mark “ (an opening mark in English) closes;
- French, Spanish, Italian, Russian... « » (French inner spaces, no-break or thin,
  are trimmed), Swiss ‹ ›;
- German and Danish reversed » « and › ‹, Finnish and Swedish » »: » or › opens
  only when a word follows it at once (so a stray French closing » opens nothing);
- Swedish and Finnish ” ”: a ” opens only where an opening mark stands (after a
  space, before a word); elsewhere it closes;
- Chinese and Japanese 「 」 and 『 』.

Single marks (‘ ’ ' ‚) are apostrophes or nested quotes in all of these and are read
as primary marks only in British-style text that has no double marks at all.
"""

from __future__ import annotations

import re

__all__ = ["ANY_DOUBLE", "CLOSERS", "DOUBLE_MARK", "Mark", "classify_marks", "nests"]

# An opening mark and the marks that close a quotation it opened.
CLOSERS: dict[str, str] = {
    "\u201c": '\u201d"',  # “ ” English (a straight closing mark is tolerated)
    '"': '"\u201d',  # "  "
    "\u201e": "\u201c\u201d",  # „ “ German, Czech; „ ” Polish, Hungarian
    "\u00ab": "\u00bb",  # « » French, Spanish, Italian, Russian
    "\u00bb": "\u00ab\u00bb",  # » « German, Danish; » » Finnish, Swedish
    "\u2039": "\u203a",  # ‹ ›
    "\u203a": "\u2039\u203a",  # › ‹
    "\u201d": "\u201d",  # ” ” Swedish, Finnish
    "\u300c": "\u300d",  # 「 」
    "\u300e": "\u300f",  # 『 』
}
# Every double mark (and the single guillemets, which are never apostrophes).
ANY_DOUBLE = "".join(sorted(set(CLOSERS) | set("".join(CLOSERS.values()))))
DOUBLE_MARK = re.compile("[" + re.escape(ANY_DOUBLE) + "]")
# Marks that open wherever they stand (no other reading of them exists).
_ALWAYS_OPEN = "\u201c\u201e\u00ab\u2039\u300c\u300e"
# Marks that open only before a word (otherwise they are closing marks).
_OPEN_BEFORE_WORD = "\u00bb\u203a"

Mark = tuple[int, str, bool, bool]
"""(offset, mark, can open, can close)."""


def classify_marks(text: str, start: int, end: int) -> list[Mark]:
    """The double marks of ``text[start:end]`` and whether each one can open or close
    a quotation, from the characters beside it."""
    found: list[Mark] = []
    for match in DOUBLE_MARK.finditer(text, start, end):
        offset = match.start()
        char = text[offset]
        before = text[offset - 1] if offset > start else " "
        after = text[offset + 1] if offset + 1 < end else " "
        if char in _ALWAYS_OPEN:
            # “ closes „, « and ‹ close reversed » and ›
            found.append((offset, char, True, char in "\u201c\u00ab\u2039"))
        elif char in _OPEN_BEFORE_WORD:
            opens = after.isalnum() or after in "\u2026(\u00bf\u00a1\u201e\u201a\u2039"
            found.append((offset, char, opens, True))
        elif char == '"':
            opens, closes = opens_at(before, after), closes_at(before, after)
            if not opens and not closes:  # between two spaces or two words: either
                opens = closes = True
            found.append((offset, char, opens, closes))
        elif char == "\u201d":
            found.append((offset, char, opens_at(before, after) and after.isalnum(), True))
        else:
            found.append((offset, char, False, True))
    return found


def opens_at(before: str, after: str) -> bool:
    """Whether a mark between ``before`` and ``after`` stands where an opening mark does."""
    return (before.isspace() or before in "([{\u2014\u2013-/") and not after.isspace()


def closes_at(before: str, after: str) -> bool:
    """Whether a mark between ``before`` and ``after`` stands where a closing mark does."""
    return not before.isspace() and (after.isspace() or not after.isalnum())


_ENGLISH = '\u201c\u201d"'


def nests(inner: str, outer: str) -> bool:
    """Whether an opening mark ``inner`` inside a quotation opened by ``outer`` opens a
    nested quotation: a mark of another convention (“ ” inside « », 『 』 inside 「 」)
    or a French « inside « (``« Il a dit « non » hier »``). English marks inside English
    marks do not nest: English alternates double and single marks."""
    if inner in _ENGLISH:
        return outer not in _ENGLISH
    return inner != outer or inner == "\u00ab"
