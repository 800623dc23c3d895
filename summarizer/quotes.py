"""The quote-candidate detector: where the direct quotations of an article are.

It reads quotation marks paragraph by paragraph, in the conventions of the main
written languages (``quote_marks``: English “ ”, German „ “, French « », reversed
» «, Swedish ” ”, CJK 「 」...; each quotation's convention is decided by its
opening mark) and dialogue dashes (``dialogue``). Marks of another kind inside a
quotation (“ ” inside « », ‚ ‘ inside „ “) are part of it (nested quotes),
apostrophes are never mistaken for marks, a quotation that runs over paragraphs
(an opening mark at each paragraph start, a closing mark only at the end) gives one
segment per paragraph, and a quotation split by its attribution
(``"X," she said, "Y."``) is two candidates. Titles and names in quotation marks
(``known as "Smart Quay"``) are not quotations and are left out. British
articles that quote with single marks (no double marks, or double marks only nested
inside single ones) are read with single marks instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.dialogue import dialogue_spans
from summarizer.quote_marks import ANY_DOUBLE, CLOSERS, classify_marks, nests, opens_at

__all__ = ["QuoteSpan", "find_quotes"]

_SINGLE_OPEN = "\u2018\u201a"
_SINGLE_CLOSE = "\u2019"
_SINGLE_STRAIGHT = "'"
_SINGLE_MARK = re.compile("[" + re.escape(_SINGLE_OPEN + _SINGLE_CLOSE + _SINGLE_STRAIGHT) + "]")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """The inner text of one quotation: ``text[start:end]``, marks excluded."""

    start: int
    end: int
    paragraph: int
    continues: bool = False


def find_quotes(
    text: str, paragraphs: list[tuple[int, int]], *, cased_titles: bool = True
) -> list[QuoteSpan]:
    """All candidate direct quotes of ``text``, in order. ``cased_titles``: a short run of
    capitalised words in marks is a title, not a quote (not so in German, which
    capitalises every noun)."""
    single = _quotes_with_single_marks(text, paragraphs)
    finder = _Finder(text, cased_titles)
    carried: str | None = None  # the previous paragraph ended inside a quotation opened so
    for index, (p_start, p_end) in enumerate(paragraphs):
        finder.paragraph = index
        dialogue = dialogue_spans(text, p_start, p_end)
        if dialogue:
            for start, end in dialogue:  # speech, by its reporting verb: never a title
                _emit(finder.spans, text, start, end, index, False, cased_titles=False)
            carried = None
        elif single:
            carried = finder.single_quotes(p_start, p_end, carried)
        else:
            carried = finder.double_quotes(p_start, p_end, carried)
    return finder.spans


def _quotes_with_single_marks(text: str, paragraphs: list[tuple[int, int]]) -> bool:
    """British style: no double marks at all, or more paragraphs open with a single
    mark than with a double one (double marks then nest inside single quotes)."""
    if not any(char in text for char in ANY_DOUBLE):
        return True
    firsts = [text[start] for start, end in paragraphs if end > start]
    single = sum(1 for char in firsts if char in _SINGLE_OPEN + _SINGLE_STRAIGHT)
    double = sum(1 for char in firsts if char in ANY_DOUBLE)
    return single > double


# Quotations inside quotations deeper than this are text of the innermost one (a run
# of unclosed marks would otherwise make every later mark scan them all).
_MAX_NESTING = 8


class _Finder:
    """The quotations of one text, paragraph by paragraph. Each reader returns the
    opening mark of a quotation still open at the paragraph end (None when all are
    closed): the next paragraph continues it when it opens with a mark."""

    def __init__(self, text: str, cased_titles: bool) -> None:
        self.text = text
        self.cased_titles = cased_titles
        self.spans: list[QuoteSpan] = []
        self.paragraph = 0

    def emit(self, start: int, end: int, continues: bool) -> None:
        _emit(self.spans, self.text, start, end, self.paragraph, continues, self.cased_titles)

    def double_quotes(self, p_start: int, p_end: int, carried: str | None) -> str | None:
        """Quotations in double marks (and guillemets, CJK brackets) in one paragraph."""
        # Open quotations, outermost first: (opening mark, offset after it); the
        # outermost one is the candidate.
        stack: list[tuple[str, int]] = []
        continuation = False
        for offset, char, can_open, can_close in classify_marks(self.text, p_start, p_end):
            if stack and can_close:
                level = _closed_level(stack, char)
                if level is not None:
                    if level == 0:
                        self.emit(stack[0][1], offset, continuation)
                        continuation = False
                    del stack[level:]
                    continue
            if not can_open:
                continue
            if not stack:
                stack.append((char, offset + 1))
                continuation = carried is not None and offset == p_start
            elif len(stack) < _MAX_NESTING and nests(char, stack[-1][0]):
                stack.append((char, offset + 1))
        if stack:
            # An unclosed quotation: a multi-paragraph quote when the next paragraph
            # reopens it, otherwise a quote that runs to the paragraph end.
            self.emit(stack[0][1], p_end, continuation)
            return stack[0][0]
        return None

    def single_quotes(self, p_start: int, p_end: int, carried: str | None) -> str | None:
        """Quotations in single marks (British style) in one paragraph."""
        open_at: int | None = None
        weak_at: int | None = None  # a mark that closes only if no real close follows
        continuation = False
        for offset, kind in _single_marks(self.text, p_start, p_end):
            if open_at is None:
                if kind == "open":
                    open_at = offset + 1
                    continuation = carried is not None and offset == p_start
            elif kind == "close":
                self.emit(open_at, offset, continuation)
                open_at = weak_at = None
                continuation = False
            elif kind == "weak" and weak_at is None:
                weak_at = offset
            elif kind == "open" and weak_at is not None:
                self.emit(open_at, weak_at, continuation)
                open_at, weak_at, continuation = offset + 1, None, False
        if open_at is not None and weak_at is not None:
            self.emit(open_at, weak_at, continuation)
        elif open_at is not None:
            self.emit(open_at, p_end, continuation)
            return "\u2018"
        return None


def _closed_level(stack: list[tuple[str, int]], char: str) -> int | None:
    """The innermost open quotation that ``char`` closes, if any."""
    for level in range(len(stack) - 1, -1, -1):
        if char in CLOSERS[stack[level][0]]:
            return level
    return None


def _single_marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Single quotation marks used as primary quotes, telling them from apostrophes:
    an opening mark starts a word; a closing mark ends one and is next to punctuation
    or the paragraph end (so "isn't" and "the players' union" are not marks); a curly
    closing mark between a letter and a space is a weak close, used only when no
    real closing mark follows before the next opening mark or the paragraph end."""
    found: list[tuple[int, str]] = []
    for match in _SINGLE_MARK.finditer(text, start, end):
        offset = match.start()
        char = text[offset]
        before = text[offset - 1] if offset > start else " "
        after = text[offset + 1] if offset + 1 < end else " "
        if (
            char != _SINGLE_CLOSE
            and opens_at(before, after)
            and (after.isalnum() or after == "\u2026")
        ):
            found.append((offset, "open"))
        elif (
            char not in _SINGLE_OPEN
            and not before.isspace()
            and (
                before in ".,!?;:\u2026"
                or (not after.isalnum() and not after.isspace())
                or offset + 1 == end
            )
        ):
            found.append((offset, "close"))
        elif char == _SINGLE_CLOSE and before.isalpha() and after.isspace():
            # 'patch and pray' after: a closing mark, or the players' union's apostrophe
            found.append((offset, "weak"))
    return found


_NAMING_WINDOW = 40  # characters before a quotation, white space runs counted as one
_IRREGULAR_SPACE = re.compile(r"\s{2,}|[^\S ]")
_NAMING_CUE = re.compile(
    r"(?:known(?:\s+\w+)?\s+as|so-called|dubbed|nicknamed|named|titled|entitled|"
    r"call(?:s|ed|ing)?\s+(?:it|them|this|the\s+\w+)\s+the|(?:which|that)\s+means|meaning|"
    r"headline[sd]?|slogan|banner|hashtag|codenamed|branded)(?:\s+(?:the|a|an))?\s*$",
    re.IGNORECASE,
)


def _emit(
    spans: list[QuoteSpan],
    text: str,
    start: int,
    end: int,
    paragraph: int,
    continues: bool,
    cased_titles: bool,
) -> None:
    # White space inside the marks is not quoted, French no-break and thin spaces too.
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
    if _is_title_or_name(text, start, end, cased_titles):
        return
    spans.append(QuoteSpan(start, end, paragraph, continues))


def _is_title_or_name(text: str, start: int, end: int, cased_titles: bool) -> bool:
    """Scare-quoted names and titles: ``known as "Smart Quay"``, ``the "Blue Book"``."""
    inner = text[start:end]
    before = text[max(0, start - _NAMING_WINDOW) : start - 1]
    if _IRREGULAR_SPACE.search(before):  # count each run of white space as one space
        wide = text[max(0, start - 10 * _NAMING_WINDOW) : start - 1]
        before = " ".join(wide.split())[-_NAMING_WINDOW:]
    if _NAMING_CUE.search(before.rstrip(" ,:")):
        return True
    words = inner.split()
    if not cased_titles or not words or len(words) > 6 or inner[-1] in ".!?,;:":
        return False
    capitalised = [w for w in words if w[0].isupper() or not w[0].isalpha()]
    small = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "de"}
    return len(words) >= 2 and all(w in capitalised or w.lower() in small for w in words)
