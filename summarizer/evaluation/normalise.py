"""String normalisation shared by every scorer (evals/fixtures/README.md, Matching rules).

One function per rule so that each scorer compares strings the same way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

__all__ = ["fold", "name_key", "normalise", "tokens"]

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
_WORD = re.compile(r"\w+")


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
    raw = resources.files("summarizer.evaluation").joinpath("titles.json").read_text("utf-8")
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


def tokens(text: str) -> list[str]:
    """The word tokens of a normalised string (for token-level F1)."""
    return _WORD.findall(normalise(text))
