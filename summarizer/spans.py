"""Offset lookups by bisection, so rules cost O(log n) per question, not O(n).

An article of a few million characters has tens of thousands of sentences and
quotes; a rule that scans them all for every name or quote makes the engine
quadratic. ``SpanIndex`` answers "which sentence holds this offset", "which
quotes start in this range" over spans that are sorted and do not overlap (the
Document's sentences and quotes); ``Coverage`` answers "is this offset inside
any of these spans" for spans that may overlap.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Generic, Protocol, TypeVar

__all__ = ["Coverage", "SpanIndex"]


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


SpanT = TypeVar("SpanT", bound=_Span)


class SpanIndex(Generic[SpanT]):
    """Sorted, non-overlapping spans: their starts and their ends are both increasing."""

    def __init__(self, spans: Sequence[SpanT]) -> None:
        self.spans = spans
        self.starts = [span.start for span in spans]
        self.ends = [span.end for span in spans]

    def containing(self, offset: int) -> SpanT | None:
        """The span with ``start <= offset < end``."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.ends[index]:
            return self.spans[index]
        return None

    def overlapping(self, start: int, end: int) -> list[SpanT]:
        """The spans that share a character with ``[start, end)``, in order."""
        index = bisect.bisect_right(self.ends, start)
        found: list[SpanT] = []
        while index < len(self.spans) and self.starts[index] < end:
            found.append(self.spans[index])
            index += 1
        return found

    def first_starting_from(self, offset: int) -> int:
        """The index of the first span whose start is ``>= offset`` (len when none)."""
        return bisect.bisect_left(self.starts, offset)

    def first_starting_after(self, offset: int) -> int:
        """The index of the first span whose start is ``> offset`` (len when none)."""
        return bisect.bisect_right(self.starts, offset)

    def last_ending_by(self, offset: int) -> int:
        """The index of the last span whose end is ``<= offset`` (-1 when none)."""
        return bisect.bisect_right(self.ends, offset) - 1

    def last_ending_before(self, offset: int) -> int:
        """The index of the last span whose end is ``< offset`` (-1 when none)."""
        return bisect.bisect_left(self.ends, offset) - 1


class Coverage:
    """The union of half-open spans that may overlap: is an offset inside any of them?"""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(span for span in spans if span[0] < span[1]):
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def covers(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]
