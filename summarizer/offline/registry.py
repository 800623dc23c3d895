"""The registry of actors: each with its surface forms and every offset it is mentioned at.

Rules ask it who was mentioned last before an offset, who holds a role, or which
organisation a phrase like "the union" names. Every question is answered from
an index kept up to date as actors, mentions and roles are added, never by
scanning all actors: a long document has thousands of them (see
``benchmarks/scaling.py``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.draft import DraftActor
from summarizer.offline.phrases import phrase_source
from summarizer.offline.roles import RoleIndex, WordIndex
from summarizer.schema import ActorKind

__all__ = ["Cast", "Member"]


@dataclass
class Member(DraftActor):
    """A Draft actor plus every offset it is mentioned at (sorted). Its role changes only
    through ``Cast.set_role``, which keeps the role index right."""

    mentions: list[int] = field(default_factory=list)
    active: bool = False  # speaks, acts as a subject, or holds a stance
    order: int = -1  # its place in ``Cast.members``

    def add_alias(self, surface: str) -> None:
        if surface != self.name and surface not in self.aliases:
            self.aliases.append(surface)

    def surname(self) -> str:
        return self.name.split()[-1]

    def last_before(self, offset: int) -> int:
        """Its last mention before ``offset``, or -1 when it has none."""
        index = bisect.bisect_left(self.mentions, offset) - 1
        return self.mentions[index] if index >= 0 else -1


class Cast:
    """Actors and an index of mentions by offset."""

    def __init__(self) -> None:
        self.members: list[Member] = []
        self._by_form: dict[str, Member] = {}
        self._positions: list[int] = []
        self._at: list[tuple[int, int, Member]] = []
        self._roles = RoleIndex()
        self._name_words = WordIndex()  # \w+ runs of names, case-folded
        self._name_tokens: dict[str, list[int]] = {}  # white-space separated words of names
        self._by_suffix: dict[str, list[int]] = {}  # "Smith", "Jane Smith" -> people
        self._by_initials: dict[str, int] = {}  # "HDWU" -> the first non-person with them
        self._by_first_word: dict[str, list[int]] = {}  # "Harbour" -> non-persons
        self._org_version = 0
        self._leaders: tuple[int, list[int], list[Member | None]] | None = None

    def get(self, form: str) -> Member | None:
        return self._by_form.get(form.casefold())

    def add(self, name: str, kind: ActorKind, role: str | None = None) -> Member:
        member = self.get(name)
        if member is None:
            member = Member(name=name, kind=kind, order=len(self.members))
            self.members.append(member)
            self._by_form[name.casefold()] = member
            self._index_name(member)
            self.set_role(member, role)
        elif role and not member.role:
            self.set_role(member, role)
        return member

    def set_role(self, member: Member, role: str | None) -> None:
        """Give ``member`` a role (always through here: the role index follows)."""
        self._roles.move(member.order, member.role, role)
        member.role = role

    def mention(self, member: Member, start: int, end: int, surface: str) -> None:
        member.add_alias(surface)
        self._by_form.setdefault(surface.casefold(), member)
        bisect.insort(member.mentions, start)
        index = bisect.bisect(self._positions, start)
        self._positions.insert(index, start)
        self._at.insert(index, (start, end, member))
        if member.kind == "organization":
            self._org_version += 1

    def _index_name(self, member: Member) -> None:
        order, name = member.order, member.name
        self._name_words.add(order, name)
        for token in set(name.split()):
            self._name_tokens.setdefault(token, []).append(order)
        if member.kind == "person":
            for index, char in enumerate(name):
                if char == " ":
                    self._by_suffix.setdefault(name[index + 1 :], []).append(order)
            return
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        self._by_initials.setdefault(initials, order)
        if " " in name and name.split():
            self._by_first_word.setdefault(name.split()[0], []).append(order)
        if member.kind == "organization":
            self._org_version += 1

    # --- by name --------------------------------------------------------------------

    def org_with_initials(self, letters: str) -> Member | None:
        """The first non-person whose capitalised words' initials spell ``letters``."""
        order = self._by_initials.get(letters)
        return self.members[order] if order is not None else None

    def orgs_starting_with(self, word: str) -> list[Member]:
        """Non-persons with a name of several words whose first word is ``word``."""
        return [self.members[i] for i in self._by_first_word.get(word, ())]

    # --- by offset --------------------------------------------------------------------

    def at(self, start: int, end: int) -> Member | None:
        """The member mentioned in ``[start, end)``, the last one if several."""
        index = bisect.bisect_left(self._positions, end) - 1
        if index >= 0 and self._at[index][0] >= start:
            return self._at[index][2]
        return None

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

    # --- by role or noun --------------------------------------------------------------

    def anonymous(self, head: str, offset: int) -> Member | None:
        """The unnamed source last introduced before ``offset`` whose phrase ends in ``head``."""
        found = [
            m
            for m in (self.members[i] for i in self._name_tokens.get(head, ()))
            if m.role == m.name and min(m.mentions) < offset
        ]
        return max(found, key=lambda m: min(m.mentions)) if found else None

    def main_org(self, offset: int) -> Member | None:
        """The organisation mentioned most often before ``offset``: "the club", "the company".
        Ties go to the organisation listed first."""
        if self._leaders is None or self._leaders[0] != self._org_version:
            self._leaders = (self._org_version, *self._leader_sweep())
        _, positions, leaders = self._leaders
        index = bisect.bisect_left(positions, offset) - 1
        return leaders[index] if index >= 0 else None

    def _leader_sweep(self) -> tuple[list[int], list[Member | None]]:
        """After each organisation mention in text order, the one mentioned most so far."""
        counts: dict[int, int] = {}
        leader: Member | None = None
        positions: list[int] = []
        leaders: list[Member | None] = []
        for start, _, member in self._at:
            if member.kind != "organization":
                continue
            count = counts[member.order] = counts.get(member.order, 0) + 1
            if leader is None or (
                count > counts[leader.order]
                or (count == counts[leader.order] and member.order < leader.order)
            ):
                leader = member
            positions.append(start)
            leaders.append(leader)
        return positions, leaders

    def with_role(self, noun: str, offset: int) -> Member | None:
        """The person last mentioned before ``offset`` whose role names ``noun``."""
        pattern = _word_pattern(noun)
        return self.latest_before(
            offset,
            lambda m: bool(m.role and pattern.search(m.role)),
            self._roles.words.candidates(noun, len(self.members)),
        )

    def roles_naming(self, noun: str) -> list[Member]:
        """Members whose role contains the word(s) ``noun`` (any case), in order."""
        pattern = _word_pattern(noun)
        candidates = self._roles.words.candidates(noun, len(self.members))
        found = (self.members[i] for i in candidates)
        return [m for m in found if m.role and pattern.search(m.role)]

    def with_same_role(self, phrase: str) -> Member | None:
        """The first member whose role is ``phrase`` or, for two words or more, starts
        with it (articles and apostrophe forms aside)."""
        order = self._roles.first_same(phrase)
        return self.members[order] if order is not None else None

    def org_named(self, noun: str, offset: int) -> Member | None:
        """The organisation whose name contains ``noun`` ("the union"), last mentioned first."""
        pattern = _word_pattern(noun)
        return self.latest_before(
            offset,
            lambda m: m.kind != "person" and pattern.search(m.name) is not None,
            self._name_words.candidates(noun, len(self.members)),
        )

    def person_by_surname(self, words: str, offset: int) -> Member | None:
        """The person whose full name ends in `` words`` ("Jane Smith" for "Smith")
        mentioned last before ``offset``, else the first such person."""
        suffix = " " + words
        return self.latest_before(
            offset,
            lambda m: m.kind == "person" and m.name.endswith(suffix),
            self._by_suffix.get(words, ()),
        )

    def latest_before(
        self, offset: int, fits: Callable[[Member], bool], superset: Sequence[int]
    ) -> Member | None:
        """Of the members that fit (all in ``superset``, a list of places in ``members``),
        the one mentioned last before ``offset`` (ties go to the first listed), else the
        first listed. A few candidates are compared directly; for many, the mentions
        just before ``offset`` almost always hold the answer."""
        if len(superset) > _FEW_CANDIDATES:
            found = self._nearby(offset, fits)
            if found is not None:
                return found
        candidates = [m for m in (self.members[i] for i in superset) if fits(m)]
        return max(candidates, key=lambda m: m.last_before(offset)) if candidates else None

    def _nearby(self, offset: int, fits: Callable[[Member], bool]) -> Member | None:
        """The fitting member among the last ``_NEARBY_MENTIONS`` mentions before ``offset``
        that is mentioned last (ties: the first listed), or None when none fits."""
        last = bisect.bisect_left(self._positions, offset) - 1
        for index in range(last, max(-1, last - _NEARBY_MENTIONS), -1):
            position, _, member = self._at[index]
            if not fits(member):
                continue
            same = index - 1  # others mentioned at the same offset: the first listed wins
            while same >= 0 and self._at[same][0] == position:
                other = self._at[same][2]
                if other.order < member.order and fits(other):
                    member = other
                same -= 1
            return member
        return None


# Up to this many candidates are compared directly; with more, ``latest_before`` reads
# the last ``_NEARBY_MENTIONS`` mentions first, so a lookup costs about the same early
# and late in a long article whatever the number of actors.
_FEW_CANDIDATES = 16
_NEARBY_MENTIONS = 256


@lru_cache(maxsize=1024)
def _word_pattern(noun: str) -> re.Pattern[str]:
    """``noun`` as whole words, in any case and any spacing."""
    return re.compile(r"\b" + phrase_source(noun) + r"\b", re.IGNORECASE)
