"""Length caps on the free-text fields of a Summary: a title and key points stay
readable whatever the input (text with no full stops once gave a 200,000-character
title). A cut field ends at a word boundary with "…" and is named in ``meta.warnings``.
"""

from __future__ import annotations

__all__ = ["MAX_KEY_POINT_CHARS", "MAX_TITLE_CHARS", "cap_fields", "shorten"]

MAX_TITLE_CHARS = 200
MAX_KEY_POINT_CHARS = 400
_ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """``text`` when it fits in ``limit`` characters, else its words up to the last space
    that leaves room for "…" (a single word longer than the limit is cut inside)."""
    if len(text) <= limit:
        return text
    room = text[: limit - len(_ELLIPSIS) + 1]
    space = max(room.rfind(" "), room.rfind("\n"), room.rfind("\t"))
    head = room[:space] if space > 0 else room[: limit - len(_ELLIPSIS)]
    return head.rstrip(" \t\n,;:-–—") + _ELLIPSIS


def cap_fields(title: str, key_points: list[str], warnings: list[str]) -> tuple[str, list[str]]:
    """The title and key points within their caps; each cut adds a warning."""
    if len(title) > MAX_TITLE_CHARS:
        warnings.append(f"title cut to {MAX_TITLE_CHARS} characters (it had {len(title):,})")
        title = shorten(title, MAX_TITLE_CHARS)
    capped: list[str] = []
    for number, point in enumerate(key_points, start=1):
        if len(point) > MAX_KEY_POINT_CHARS:
            warnings.append(
                f"key point {number} cut to {MAX_KEY_POINT_CHARS} characters "
                f"(it had {len(point):,})"
            )
            point = shorten(point, MAX_KEY_POINT_CHARS)
        capped.append(point)
    return title, capped
