"""The registry of actors: each with its surface forms and every offset it is mentioned at.

Rules ask it who was mentioned last before an offset, who holds a role, or which
organisation a phrase like "the union" names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from summarizer.draft import DraftActor
from summarizer.schema import ActorKind

__all__ = ["Cast", "Member"]


@dataclass
class Member(DraftActor):
    """A Draft actor plus every offset it is mentioned at."""

    mentions: list[int] = field(default_factory=list)
    active: bool = False  # speaks, acts as a subject, or holds a stance

    def add_alias(self, surface: str) -> None:
        if surface != self.name and surface not in self.aliases:
            self.aliases.append(surface)

    def surname(self) -> str:
        return self.name.split()[-1]


class Cast:
    """Actors and an index of mentions by offset."""

    def __init__(self) -> None:
        self.members: list[Member] = []
        self._by_form: dict[str, Member] = {}
        self._positions: list[int] = []
        self._at: list[tuple[int, int, Member]] = []

    def get(self, form: str) -> Member | None:
        return self._by_form.get(form.casefold())

    def add(self, name: str, kind: ActorKind, role: str | None = None) -> Member:
        member = self.get(name)
        if member is None:
            member = Member(name=name, kind=kind, role=role)
            self.members.append(member)
            self._by_form[name.casefold()] = member
        elif role and not member.role:
            member.role = role
        return member

    def mention(self, member: Member, start: int, end: int, surface: str) -> None:
        member.add_alias(surface)
        self._by_form.setdefault(surface.casefold(), member)
        member.mentions.append(start)
        index = bisect.bisect(self._positions, start)
        self._positions.insert(index, start)
        self._at.insert(index, (start, end, member))

    def at(self, start: int, end: int) -> Member | None:
        """The member mentioned in ``[start, end)``, the last one if several."""
        found = None
        index = bisect.bisect_left(self._positions, start)
        while index < len(self._at) and self._at[index][0] < end:
            found = self._at[index][2]
            index += 1
        return found

    def before(self, offset: int, kinds: tuple[str, ...], lower: int = 0) -> Member | None:
        """The member of one of ``kinds`` mentioned last before ``offset``."""
        index = bisect.bisect_left(self._positions, offset) - 1
        while index >= 0 and self._at[index][0] >= lower:
            member = self._at[index][2]
            if member.kind in kinds:
                return member
            index -= 1
        return None

    def last_mention(self, lower: int, upper: int) -> tuple[int, int, Member] | None:
        """The last mention that starts in ``[lower, upper)``."""
        index = bisect.bisect_left(self._positions, upper) - 1
        if index >= 0 and self._at[index][0] >= lower:
            return self._at[index]
        return None

    def first_mention(self, lower: int, upper: int) -> tuple[int, int, Member] | None:
        """The first mention that starts in ``[lower, upper)``."""
        index = bisect.bisect_left(self._positions, lower)
        if index < len(self._at) and self._at[index][0] < upper:
            return self._at[index]
        return None

    def anonymous(self, head: str, offset: int) -> Member | None:
        """The unnamed source last introduced before ``offset`` whose phrase ends in ``head``."""
        found = [
            m
            for m in self.members
            if m.role == m.name and head in m.name.split() and min(m.mentions) < offset
        ]
        return max(found, key=lambda m: min(m.mentions)) if found else None

    def main_org(self, offset: int) -> Member | None:
        """The organisation mentioned most often before ``offset``: "the club", "the company"."""
        orgs = [m for m in self.members if m.kind == "organization"]
        counted = [(sum(1 for p in m.mentions if p < offset), m) for m in orgs]
        counted = [item for item in counted if item[0]]
        return max(counted, key=lambda item: item[0])[1] if counted else None

    def with_role(self, noun: str, offset: int) -> Member | None:
        """The person last mentioned before ``offset`` whose role names ``noun``."""
        pattern = re.compile(r"\b" + re.escape(noun) + r"\b", re.IGNORECASE)
        best: tuple[int, Member] | None = None
        for member in self.members:
            if member.role and pattern.search(member.role):
                earlier = [m for m in member.mentions if m < offset] or member.mentions
                key = max(earlier) if earlier and earlier[0] < offset else -1
                if best is None or key > best[0]:
                    best = (key, member)
        return best[1] if best else None

    def org_named(self, noun: str, offset: int) -> Member | None:
        """The organisation whose name contains ``noun`` ("the union"), last mentioned first."""
        pattern = re.compile(r"\b" + re.escape(noun) + r"\b", re.IGNORECASE)
        candidates = [m for m in self.members if m.kind != "person" and pattern.search(m.name)]
        if not candidates:
            return None
        return max(candidates, key=lambda m: max([p for p in m.mentions if p < offset] or [-1]))
