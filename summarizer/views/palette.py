"""Actor colours: a fixed palette, a stable choice per name, and WCAG contrast checks.

Each colour has a strong shade (the quote's border and the initials marker, white text on
it) and a light tint (the quote's background, dark text on it). ``contrast`` computes the
WCAG 2 contrast ratio, so the tests can hold every pair to level AA.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "INK",
    "PALETTE",
    "UNATTRIBUTED",
    "Colour",
    "assign_colours",
    "contrast",
    "initials",
    "preferred_slot",
]

INK = "#1b1b1b"
"""Text colour of the article, also on a tint."""

PAGE = "#ffffff"
"""The page background."""


@dataclass(frozen=True)
class Colour:
    """One palette entry: ``strong`` for borders and markers, ``tint`` behind text."""

    name: str
    strong: str
    tint: str


PALETTE: tuple[Colour, ...] = (
    Colour("blue", "#1f5fa8", "#cedcec"),
    Colour("red", "#b23a1e", "#eed4ce"),
    Colour("green", "#2e7d32", "#d1e2d2"),
    Colour("purple", "#7b3fa0", "#e2d5ea"),
    Colour("teal", "#00796b", "#c7e2de"),
    Colour("pink", "#c2185b", "#f2ccdb"),
    Colour("olive", "#5d6b00", "#dbdec7"),
    Colour("amber", "#8d5a00", "#e6dbc7"),
    Colour("indigo", "#3949ab", "#d3d7ed"),
    Colour("maroon", "#7f1d3f", "#e0cdd4"),
)

UNATTRIBUTED = Colour("grey", "#5f6368", "#e4e5e6")
"""Quotes whose speaker is unknown: grey, hatched, marked "?"."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21; AA text needs 4.5)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def preferred_slot(name: str) -> int:
    """The palette index a name asks for: a hash of the folded name, the same every run."""
    digest = hashlib.sha256(_fold(name).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % len(PALETTE)


def assign_colours(names: Iterable[str]) -> dict[str, int]:
    """Palette index per name: its preferred slot, or the next free one when another name
    on the same page already took it (names are served in sorted order, so the result
    depends only on the set). Past ``len(PALETTE)`` names, colours repeat."""
    unique = sorted({n for n in names}, key=lambda n: (_fold(n), n))
    taken: dict[int, int] = {}
    result: dict[str, int] = {}
    for name in unique:
        slot = preferred_slot(name)
        if len(taken) < len(PALETTE):
            while slot in taken:
                slot = (slot + 1) % len(PALETTE)
        taken[slot] = taken.get(slot, 0) + 1
        result[name] = slot
    return result


def initials(name: str) -> str:
    """Up to three initials for the marker: "Ebrahim Raisi" -> "ER", "OIC" -> "OIC"."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        word = words[0]
        return word[:3] if word.isupper() else word[:2].capitalize()
    significant = [w for w in words if w[:1].isupper()] or words
    return "".join(w[0] for w in significant[:3]).upper()
