"""Lay possibly overlapping spans over a text as properly nested elements.

Quotes and evidence overlap (an evidence sentence holds a quote; a quote can run over
two evidence sentences). HTML needs nesting, so a span that crosses the end of an
enclosing one is closed there and reopened after it: it becomes several fragments that
share one ``key``. Concatenating a key's fragments in document order gives back exactly
``text[start:end]``, which is what the browser tests check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Mark", "Token", "annotate"]


@dataclass(frozen=True)
class Mark:
    """One span to draw: an element ``tag`` with ``attrs`` around ``text[start:end]``."""

    key: str
    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    order: int = 0
    """Among spans with the same extent, the lower order is the outer element."""


@dataclass(frozen=True)
class Token:
    """``open``/``close`` of a mark's fragment, or a run of ``text``."""

    kind: str
    text: str = ""
    mark: Mark | None = None
    first: bool = False
    """For ``open``: this is the mark's first fragment (it carries the id and marker)."""

    @property
    def attrs(self) -> dict[str, str]:
        """The element's attributes: the first fragment gets ``id=key`` and class "first"."""
        assert self.mark is not None, "text tokens have no attributes"
        attrs = dict(self.mark.attrs)
        if self.first:
            attrs["id"] = self.mark.key
            attrs["class"] = f"{attrs.get('class', '')} first".strip()
        return attrs


def annotate(text: str, marks: Sequence[Mark]) -> list[Token]:
    """Tokens that render ``text`` with every mark as nested element fragments.

    Empty or out-of-range marks are skipped (the caller checks offsets beforehand).
    """
    usable = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text)),
        key=lambda m: (m.start, -m.end, m.order),
    )
    cuts = sorted({0, len(text)} | {m.start for m in usable} | {m.end for m in usable})
    tokens: list[Token] = []
    stack: list[Mark] = []
    opened: set[str] = set()
    index = 0
    for pos, following in zip(cuts, [*cuts[1:], None], strict=True):
        if any(m.end == pos for m in stack):
            reopen: list[Mark] = []
            while any(m.end == pos for m in stack):
                mark = stack.pop()
                tokens.append(Token("close", mark=mark))
                if mark.end != pos:
                    reopen.append(mark)
            for mark in reversed(reopen):
                tokens.append(Token("open", mark=mark))
                stack.append(mark)
        while index < len(usable) and usable[index].start == pos:
            mark = usable[index]
            first = mark.key not in opened
            opened.add(mark.key)
            tokens.append(Token("open", mark=mark, first=first))
            stack.append(mark)
            index += 1
        if following is not None and following > pos:
            tokens.append(Token("text", text=text[pos:following]))
    return tokens
