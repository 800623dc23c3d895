"""The Document: the article as offsets, with no model involved.

It keeps the original text (every offset in the output points into it), reads
optional leading metadata (``date 2023-10-09``), splits paragraphs and
sentences, and finds the candidate direct quotes. Engines refer to sentences
as ``S1..Sn`` and to quotes as ``Q1..Qm`` instead of copying text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from summarizer.language import detect_language
from summarizer.quotes import QuoteSpan, find_quotes
from summarizer.sentences import (
    MAX_SENTENCE_CHARS,
    Sentence,
    abbreviations_for,
    split_sentences,
)
from summarizer.spans import SpanIndex

__all__ = [
    "MAX_SENTENCE_CHARS",
    "Document",
    "Paragraph",
    "QuoteCandidate",
    "Sentence",
    "defuse_markers",
    "iso_date",
    "parse_document",
]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text separated from its neighbours by a blank line."""

    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """A candidate direct quote ``Q{n}``: the words inside one pair of marks.

    ``continues`` is the id of the previous segment when this is a later
    paragraph of a quote that runs over paragraphs.
    """

    id: str
    start: int
    end: int
    text: str
    paragraph: int
    sentence_ids: tuple[str, ...]
    continues: str | None = None


@dataclass
class Document:
    """The article with offsets: the single source of truth for grounding."""

    text: str
    body_start: int
    metadata: dict[str, str]
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    quotes: list[QuoteCandidate]
    language: str | None = None
    """The body's language, an ISO 639-1 code (``fr``); None when unknown or too short."""
    _sentence_by_id: dict[str, Sentence] = field(default_factory=dict, repr=False)
    _quote_by_id: dict[str, QuoteCandidate] = field(default_factory=dict, repr=False)
    _written: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._sentence_by_id = {s.id: s for s in self.sentences}
        self._quote_by_id = {q.id: q for q in self.quotes}

    @property
    def stated_date(self) -> str | None:
        """The ``date``/``published`` metadata value as written, date or not."""
        return self.metadata.get("date") or self.metadata.get("published")

    @property
    def published(self) -> str | None:
        """The ISO date (YYYY-MM-DD) the metadata states; None when it states none or
        states something that is not a calendar date ("sometime last week", "2023-02-30")."""
        return iso_date(self.stated_date)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def sentence(self, sentence_id: str) -> Sentence | None:
        return self._sentence_by_id.get(_normalise_id(sentence_id, "S"))

    def quote(self, quote_id: str) -> QuoteCandidate | None:
        return self._quote_by_id.get(_normalise_id(quote_id, "Q"))

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains ``offset``."""
        return self.sentence_index.containing(offset)

    @cached_property
    def sentence_index(self) -> SpanIndex[Sentence]:
        """The sentences by offset (they are sorted and never overlap)."""
        return SpanIndex(self.sentences)

    @cached_property
    def quote_index(self) -> SpanIndex[QuoteCandidate]:
        """The quote candidates by offset (they are sorted and never overlap)."""
        return SpanIndex(self.quotes)

    def find(self, fragment: str) -> tuple[int, int] | None:
        """Locate a verbatim fragment in the text, tolerating curly/straight marks
        and runs of white space; returns offsets into the original text."""
        fragment = fragment.strip()
        if not fragment:
            return None
        exact = self.text.find(fragment, self.body_start)
        if exact >= 0:
            return exact, exact + len(fragment)
        match = _loose_pattern(fragment).search(self.text, self.body_start)
        if match is None:
            return None
        return match.start(), match.end()

    def find_words(self, fragment: str) -> list[tuple[int, int]]:
        """Every place the body writes ``fragment`` as whole words: like ``find``, but
        no end of a match is inside a longer word ("the" is not found in "other")."""
        fragment = fragment.strip()
        if not fragment:
            return []
        lead = r"(?<![\w\u0300-\u036f])" if _WORD_CHAR.match(fragment[0]) else ""
        trail = r"(?![\w\u0300-\u036f])" if _WORD_CHAR.match(fragment[-1]) else ""
        pattern = re.compile(lead + _loose_pattern(fragment).pattern + trail)
        return [m.span() for m in pattern.finditer(self.text, self.body_start)]

    def writes(self, name: str) -> bool:
        """Whether the article writes ``name``: verbatim, or differing only in case or
        spacing ("The Iranian leader" at a sentence start is "the Iranian leader").
        Remembered per name: validation and conversion ask about the same names."""
        known = self._written.get(name)
        if known is None:
            known = self._written[name] = bool(name.strip()) and (
                self.find(name) is not None
                or " ".join(name.split()).casefold() in self._folded_body
            )
        return known

    @cached_property
    def _folded_body(self) -> str:
        return " ".join(self.body.split()).casefold()

    @cached_property
    def marked_text(self) -> str:
        """The body with ``[S3]`` before each sentence and ``[Q2>``/``<Q2]``
        around each quote candidate: what the model sees. Look-alikes of those
        markers, or of the prompt's fence, written in the article itself are
        defused (``defuse_markers``), so every marker the model sees is ours."""
        text = defuse_markers(self.text)
        inserts: list[tuple[int, int, str]] = []
        for sentence in self.sentences:
            inserts.append((sentence.start, 1, f"[{sentence.id}] "))
        for quote in self.quotes:
            inserts.append((quote.start, 2, f"[{quote.id}>"))
            inserts.append((quote.end, 0, f"<{quote.id}]"))
        inserts.sort(key=lambda item: (item[0], item[1]))
        out: list[str] = []
        cursor = self.body_start
        for offset, _, marker in inserts:
            out.append(text[cursor:offset])
            out.append(marker)
            cursor = offset
        out.append(text[cursor:])
        return "".join(out).strip()


_MARKER_LIKE = re.compile(r"[\[<]\s*[SQ]\s*\d+\s*[\]>]|<{2,}|>{2,}", re.IGNORECASE)
_LOOK_ALIKES = str.maketrans("[]<>", "\uff3b\uff3d\uff1c\uff1e")


def defuse_markers(text: str) -> str:
    """``text`` with every sentence/quote marker look-alike (``[S1]``, ``[Q1>``, ``<Q1]``)
    and every run of ``<<``/``>>`` (the fence is ``<<<BEGIN ARTICLE>>>``) written with
    full-width brackets instead: the model can tell them from the real markers.

    One character for one, so offsets into ``text`` stay valid; only what the model is
    shown changes, never the Document's text.
    """
    return _MARKER_LIKE.sub(lambda match: match.group(0).translate(_LOOK_ALIKES), text)


@lru_cache(maxsize=1024)
def _loose_pattern(fragment: str) -> re.Pattern[str]:
    """A pattern for ``fragment`` that accepts any quotation mark or dash of the same
    kind and any run of white space where it has one."""
    parts: list[str] = []
    for char in fragment:
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif char in _EQUIVALENT:
            parts.append(_EQUIVALENT[char])
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts))


_WORD_CHAR = re.compile(r"[\w\u0300-\u036f]")
_SINGLE_MARKS = "'\u2018\u2019\u201a\u201b\u2032\u2039\u203a"
# CJK corner brackets too: a model may write 「 」 as “ ”
_DOUBLE_MARKS = '"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f'
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015"
_EQUIVALENT: dict[str, str] = {}
for _group in (_SINGLE_MARKS, _DOUBLE_MARKS, _DASHES):
    _class = "[" + re.escape(_group) + "]"
    for _char in _group:
        _EQUIVALENT[_char] = _class


def _normalise_id(raw: str, prefix: str) -> str:
    value = raw.strip().strip("[]<>").upper()
    if value.isdigit():
        value = prefix + value
    return value


# --- metadata -----------------------------------------------------------------

_META_KEYS = ("date", "published", "title", "source", "author", "byline", "url")
_DATE_META = re.compile(
    r"\A\s*(?P<key>date|published)\s*[:=]?\s*(?P<value>\d{4}-\d{2}-\d{2})"
    r"(?:[T ][0-9:+Z.\-]+)?\b\s*",
    re.IGNORECASE,
)
_LINE_META = re.compile(
    r"\A\s*(?P<key>" + "|".join(_META_KEYS) + r")\s*:\s*(?P<value>[^\n]+)\n", re.IGNORECASE
)


def iso_date(value: str | None) -> str | None:
    """``value``'s leading YYYY-MM-DD when it is a real calendar date, else None."""
    found = _ISO_DATE.match(value or "")
    if found is None:
        return None
    try:
        return date.fromisoformat(found.group(0)).isoformat()
    except ValueError:
        return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d])")


def _read_metadata(text: str) -> tuple[dict[str, str], int]:
    """Leading ``key: value`` lines or an inline ``date YYYY-MM-DD`` prefix. A leading
    byte-order mark (U+FEFF) is not text: the body starts after it, offsets still count it."""
    metadata: dict[str, str] = {}
    cursor = 1 if text.startswith("\ufeff") else 0
    while True:
        rest = text[cursor:]
        match = _DATE_META.match(rest) or _LINE_META.match(rest)
        if match is None:
            break
        key = match.group("key").lower()
        if key in metadata:
            break
        metadata[key] = match.group("value").strip()
        cursor += match.end()
    if "published" in metadata and "date" not in metadata:
        found = re.match(r"\d{4}-\d{2}-\d{2}", metadata["published"])
        if found:
            metadata["date"] = found.group(0)
    while cursor < len(text) and text[cursor].isspace():
        cursor += 1
    return metadata, cursor


# --- paragraphs and sentences --------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line, "\r\n\r\n" included
_LINE_BREAK = re.compile(r"\n\s*")
_LINE_ENDS_SENTENCE = re.compile(r"[.!?\u2026:;\"'\u201d\u2019)\]]$")
_LIST_ITEM = re.compile(r"[-*\u2022\u2013\u2014]|\d+[.)]\s")
_NEXT_WORD = re.compile(r"\S+")
_WRAPPED_LINE_CHARS = 40  # hard-wrapped: lines this long or longer, most ending mid-sentence


def _split_paragraphs(text: str, start: int) -> list[Paragraph]:
    if _PARAGRAPH_BREAK.search(text, start):
        breaks = [m.span() for m in _PARAGRAPH_BREAK.finditer(text, start)]
    else:
        breaks = _line_breaks(text, start)
    paragraphs: list[Paragraph] = []
    cursor = start
    for break_start, break_end in breaks:
        _append_paragraph(paragraphs, text, cursor, break_start)
        cursor = break_end
    _append_paragraph(paragraphs, text, cursor, len(text))
    return paragraphs


def _line_breaks(text: str, start: int) -> list[tuple[int, int]]:
    """With no blank line, each line is a paragraph, except where the text is hard-wrapped.

    A line that ends mid-sentence continues on the next line when the next line
    starts in lower case ("walked\noff"), or always when most lines are long and end
    mid-sentence (an e-mail or wire story wrapped at a fixed width); in such a text a
    line that ends a sentence ends its paragraph only if the next word would have
    fitted on it. A list item always starts a paragraph. Lengths count a run of white
    space as one character, so double spaces or tabs change nothing.
    """
    breaks = [m.span() for m in _LINE_BREAK.finditer(text, start)]
    lines = [" ".join(line.split()) for line in text[start:].split("\n") if line.strip()]
    open_ends = [line for line in lines[:-1] if not _LINE_ENDS_SENTENCE.search(line)]
    lengths = sorted(len(line) for line in lines)
    wrapped = (
        len(lines) >= 3
        and 2 * len(open_ends) >= len(lines) - 1
        and lengths[len(lengths) // 2] >= _WRAPPED_LINE_CHARS
    )
    width = lengths[-1] if lengths else 0
    kept: list[tuple[int, int]] = []
    line_start = start
    for break_start, break_end in breaks:
        last = break_start - 1
        while last >= line_start and text[last].isspace():
            last -= 1
        after = text[break_end : break_end + 4]
        if last < line_start or _LIST_ITEM.match(after):
            continues = False
        elif _LINE_ENDS_SENTENCE.match(text[last]):
            next_word = _NEXT_WORD.match(text, break_end)
            room = width - len(" ".join(text[line_start : last + 1].split())) - 1
            continues = wrapped and next_word is not None and len(next_word.group(0)) > room
        else:
            continues = wrapped or after[:1].islower()
        if not continues:
            kept.append((break_start, break_end))
        line_start = break_end
    return kept


def _append_paragraph(out: list[Paragraph], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Paragraph(index=len(out), start=start, end=end))


# --- assembly ------------------------------------------------------------------

# Languages that capitalise every noun: a capitalised run in marks is no title there.
_ALL_NOUNS_CASED = frozenset(("de", "lb"))


DETECT = "detect"
"""``parse_document``'s default language: find it with the detector."""


def parse_document(text: str, *, language: str | None = DETECT) -> Document:
    """Build the Document for ``text``: deterministic, fast, no model.

    ``language`` is detected unless given (an ISO 639-1 code, or None for unknown):
    a short text of our own, such as a summary being counted, needs no detector."""
    metadata, body_start = _read_metadata(text)
    if language == DETECT:
        language = detect_language(text[body_start:])
    paragraphs = _split_paragraphs(text, body_start)
    spans = find_quotes(
        text, [(p.start, p.end) for p in paragraphs], cased_titles=language not in _ALL_NOUNS_CASED
    )
    quote_index: SpanIndex[QuoteSpan] = SpanIndex(spans)
    abbreviations = abbreviations_for(language)
    sentences: list[Sentence] = []
    for p in paragraphs:
        sentences.extend(
            split_sentences(
                text,
                p.start,
                p.end,
                p.index,
                quote_index,
                len(sentences) + 1,
                language=language,
                abbreviations=abbreviations,
            )
        )
    sentence_index = SpanIndex(sentences)
    candidates: list[QuoteCandidate] = []
    previous: QuoteCandidate | None = None
    for number, span in enumerate(spans, start=1):
        ids = tuple(s.id for s in sentence_index.overlapping(span.start, span.end))
        candidate = QuoteCandidate(
            id=f"Q{number}",
            start=span.start,
            end=span.end,
            text=text[span.start : span.end],
            paragraph=span.paragraph,
            sentence_ids=ids,
            continues=previous.id if span.continues and previous is not None else None,
        )
        candidates.append(candidate)
        previous = candidate
    return Document(
        text=text,
        body_start=body_start,
        metadata=metadata,
        paragraphs=paragraphs,
        sentences=sentences,
        quotes=candidates,
        language=language,
    )
