"""Capitalised name sequences in running text, with titles split off.

A sequence is a run of capitalised words joined by single spaces, which may
take in lower-case connectors ("Organisation of Islamic Cooperation",
"Harbour and Dock Workers' Union") when the words around them make an
organisation name; anything else is split at the connector ("Iran and Israel").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.offline.lexicon import Lexicon

__all__ = ["NameSpan", "find_names", "is_acronym", "strip_possessive"]

_TOKEN = re.compile(
    r"(?<![\w'’\-])(?![a-z])[^\W\d_](?:[\w\-]|['’](?=\w)|\.(?=[A-Z]\.))*\.?(?:['’](?!\w))?"
    r"|\b(?:of|for|the|and|de|van|von|der|den|da|di|al|bin|del)\b"
)  # capitalised words and connectors only: any other word breaks a name by leaving a gap
_CONNECTORS = frozenset(
    ("of", "for", "the", "and", "de", "van", "von", "der", "den", "da", "di", "al", "bin", "del")
)
_NAME_PARTICLES = frozenset(("de", "van", "von", "der", "den", "da", "di", "al", "bin", "del"))
_POSSESSIVE = re.compile(r"['’]s?$")
# Longer than any name ("International Union for Conservation of Nature and Natural
# Resources" is nine words, connectors and title included).
_MAX_NAME_WORDS = 12


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name as written: ``text`` is ``source[start:end]``; ``title`` the stripped title."""

    start: int
    end: int
    text: str
    title: str | None
    possessive: bool  # written "Iran's", "Workers'"
    sentence_start: bool


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def strip_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word) if word[-1:] in "'’" or word[-2:-1] in "'’" else word


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def find_names(text: str, start: int, end: int, lex: Lexicon) -> list[NameSpan]:
    """Name sequences in ``text[start:end]`` (one sentence)."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, start, end)]
    names: list[NameSpan] = []
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i][2]):
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            prev_end = run[-1][1]
            word = tokens[j][2]
            if text[prev_end : tokens[j][0]] != " ":
                break
            if _POSSESSIVE.search(run[-1][2]) and not (
                _capitalised(word) and strip_possessive(word).rstrip(".") in lex.org_cues
            ):
                break
            if _capitalised(word):
                run.append(tokens[j])
                j += 1
                continue
            if word in _CONNECTORS and j + 1 < len(tokens) and text[tokens[j][1]] == " ":
                nxt = tokens[j + 1][2]
                if _capitalised(nxt) or nxt == "the":
                    run.append(tokens[j])
                    j += 1
                    continue
            break
        for piece in _split_run(run, lex):
            span = _make_span(text, piece, start, lex)
            if span is not None:
                names.append(span)
        i = j
    return names


def _split_run(run: list[tuple[int, int, str]], lex: Lexicon) -> list[list[tuple[int, int, str]]]:
    """Split a run at connectors that do not belong to an organisation name."""
    pieces: list[list[tuple[int, int, str]]] = [[]]
    joined = False  # this piece already took a connector as an organisation name
    for index, token in enumerate(run):
        word = token[2]
        if word.endswith(("-based", "-born", "-led", "-backed")):
            pieces.append([])
            joined = False
            continue
        if word in _CONNECTORS and pieces[-1]:
            head = strip_possessive(pieces[-1][-1][2])
            rest = [t[2] for t in run[index + 1 :]]
            keep = False
            if joined:
                keep = True
            elif word == "and":
                keep = bool(rest) and _ends_org(rest, lex) and len(pieces[-1]) == 1
                keep = keep and not any(t[2] in lex.country_by_form for t in pieces[-1])
            elif word in _NAME_PARTICLES:
                keep = True
            else:
                first_word = pieces[-1][0][2]
                keep = head in lex.org_heads_with_of or first_word in lex.org_heads_with_of
            if keep:
                joined = True
                pieces[-1].append(token)
                continue
            pieces.append([])
            joined = False
            continue
        pieces[-1].append(token)
    cleaned = []
    for piece in pieces:
        while piece and (piece[-1][2] in _CONNECTORS):
            piece.pop()
        if piece:
            cleaned.append(piece)
    return cleaned


def _ends_org(words: list[str], lex: Lexicon) -> bool:
    capital = [w for w in words if _capitalised(w)]
    return bool(capital) and strip_possessive(capital[-1]).rstrip(".") in lex.org_cues


def _make_span(
    text: str, piece: list[tuple[int, int, str]], sentence_start: int, lex: Lexicon
) -> NameSpan | None:
    if len(piece) > _MAX_NAME_WORDS:
        return None  # a run of capitalised words this long is a heading or a list
    while piece and (
        strip_possessive(piece[0][2]) in lex.not_names or piece[0][2].lower() in _CONNECTORS
    ):
        piece = piece[1:]
    if not piece:
        return None
    title_end = 0
    for index, token in enumerate(piece[:-1]):
        word = token[2]
        if word in lex.honorifics or word in lex.title_heads:
            title_end = index + 1
    rest = piece[title_end:]
    if title_end and any(strip_possessive(t[2]) in lex.org_cues for t in rest):
        title_end = 0  # "Supreme Court": a name, not a title
        rest = piece
    title = " ".join(t[2] for t in piece[:title_end]) or None
    first = rest[0]
    last = rest[-1]
    words = text[first[0] : last[1]]
    possessive = bool(_POSSESSIVE.search(last[2])) and not last[2].endswith("s'")
    end = last[1]
    if _POSSESSIVE.search(last[2]):
        stripped = strip_possessive(last[2])
        end = last[0] + len(stripped)
        words = text[first[0] : end]
        possessive = True
    if words.endswith(".") and words.split()[-1] not in lex.org_cues and not is_acronym(words):
        words, end = words[:-1], end - 1
    if not words:
        return None
    return NameSpan(
        start=first[0],
        end=end,
        text=words,
        title=title,
        possessive=possessive,
        sentence_start=piece[0][0] == sentence_start,
    )
