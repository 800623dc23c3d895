"""The indexed lookups answer exactly what a scan of every item answers.

``SpanIndex``/``Coverage`` (sentences, quotes) and the Cast's indexes (names, roles,
nearby mentions) replaced scans that made the offline engine quadratic (issue 10,
item 20). Each is checked here against the scan it replaced, on seeded random data.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pytest

from summarizer.offline.registry import Cast, Member
from summarizer.schema import ActorKind
from summarizer.spans import Coverage, SpanIndex

_NAMES = ["Ann Lee", "Bob Lee", "Lee", "Port Union", "Dock Union", "Union", "HDWU", "Ann", "Ray"]
_ROLES = [None, "", "the mayor", "mayor", "deputy mayor", "the union's lawyer", "Union chair"]
_KINDS: list[ActorKind] = ["person", "organization", "government", "group"]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _random_spans(rng: random.Random) -> list[_Span]:
    spans, cursor = [], 0
    for _ in range(rng.randint(0, 12)):
        cursor += rng.randint(0, 5)
        length = rng.randint(1, 6)
        spans.append(_Span(cursor, cursor + length))
        cursor += length
    return spans


@pytest.mark.parametrize("seed", range(40))
def test_span_index_answers_like_a_scan(seed: int) -> None:
    rng = random.Random(seed)
    spans = _random_spans(rng)
    index = SpanIndex(spans)
    for offset in range(-1, (spans[-1].end if spans else 0) + 3):
        assert index.containing(offset) == next(
            (s for s in spans if s.start <= offset < s.end), None
        )
        end = offset + rng.randint(0, 8)
        assert index.overlapping(offset, end) == [
            s for s in spans if s.start < end and offset < s.end
        ]
        assert index.last_ending_by(offset) == max(
            [i for i, s in enumerate(spans) if s.end <= offset], default=-1
        )
        assert index.last_ending_before(offset) == max(
            [i for i, s in enumerate(spans) if s.end < offset], default=-1
        )


@pytest.mark.parametrize("seed", range(40))
def test_coverage_of_overlapping_spans_answers_like_a_scan(seed: int) -> None:
    rng = random.Random(seed)
    pairs = [(a, a + rng.randint(-1, 6)) for a in (rng.randint(0, 40) for _ in range(8))]
    coverage = Coverage(pairs)
    for offset in range(-1, 50):
        assert coverage.covers(offset) == any(s <= offset < e for s, e in pairs)


def _random_cast(rng: random.Random) -> Cast:
    cast = Cast()
    for _ in range(rng.randint(1, 14)):
        member = cast.add(rng.choice(_NAMES) + rng.choice(["", "", " Two"]), rng.choice(_KINDS))
        if rng.random() < 0.6:
            cast.set_role(member, rng.choice(_ROLES))
        for _ in range(rng.randint(0, 4)):
            start = rng.randint(0, 300)
            cast.mention(member, start, start + 3, member.name)
    return cast


def _last_before(member: Member, offset: int) -> int:
    return max([p for p in member.mentions if p < offset] or [-1])


def _scan_with_role(cast: Cast, noun: str, offset: int) -> Member | None:
    pattern = re.compile(r"\b" + re.escape(noun) + r"\b", re.IGNORECASE)
    best: tuple[int, Member] | None = None
    for member in cast.members:
        if member.role and pattern.search(member.role):
            key = _last_before(member, offset)
            if best is None or key > best[0]:
                best = (key, member)
    return best[1] if best else None


def _scan_org_named(cast: Cast, noun: str, offset: int) -> Member | None:
    pattern = re.compile(r"\b" + re.escape(noun) + r"\b", re.IGNORECASE)
    found = [m for m in cast.members if m.kind != "person" and pattern.search(m.name)]
    return max(found, key=lambda m: _last_before(m, offset)) if found else None


def _scan_same_role(cast: Cast, phrase: str) -> Member | None:
    def same(role: str) -> bool:
        role = re.sub(r"^(?:the|a|an)\s+", "", role.lower().replace("’", "'"))
        wanted = re.sub(r"^(?:the|a|an)\s+", "", phrase.replace("’", "'"))
        return role == wanted or (len(wanted.split()) >= 2 and role.startswith(wanted))

    return next((m for m in cast.members if m.role and same(m.role)), None)


def _scan_main_org(cast: Cast, offset: int) -> Member | None:
    orgs = [m for m in cast.members if m.kind == "organization"]
    counted = [(sum(1 for p in m.mentions if p < offset), m) for m in orgs]
    counted = [item for item in counted if item[0]]
    return max(counted, key=lambda item: item[0])[1] if counted else None


@pytest.mark.parametrize("seed", range(60))
def test_cast_lookups_answer_like_a_scan_of_every_actor(seed: int) -> None:
    rng = random.Random(seed)
    cast = _random_cast(rng)
    for offset in (0, 1, *(rng.randint(0, 320) for _ in range(10)), 400):
        for noun in ("mayor", "union", "Union", "lawyer", "chair", "lee", "deputy mayor"):
            assert cast.with_role(noun, offset) is _scan_with_role(cast, noun, offset)
            assert cast.org_named(noun, offset) is _scan_org_named(cast, noun, offset)
        assert cast.main_org(offset) is _scan_main_org(cast, offset)
    for phrase in ("mayor", "the mayor", "deputy", "deputy mayor", "union's lawyer", "union chair"):
        assert cast.with_same_role(phrase) is _scan_same_role(cast, phrase)


def test_a_role_moved_by_set_role_is_found_under_the_new_role_only() -> None:
    cast = Cast()
    member = cast.add("Ann Lee", "person", "mayor")
    cast.set_role(member, "union chair")
    assert cast.with_same_role("mayor") is None
    assert cast.with_same_role("union chair") is member
    assert cast.with_role("chair", 10) is member
    assert cast.with_role("mayor", 10) is None


def test_many_candidates_near_and_far_give_the_latest_mentioned_else_the_first() -> None:
    cast = Cast()
    unions = [cast.add(f"Union {number}", "organization") for number in range(30)]
    for number, union in enumerate(unions):  # Union 0 at 60, ..., Union 29 at 2
        cast.mention(union, 60 - 2 * number, 61 - 2 * number, union.name)
    crowd = cast.add("Ann Lee", "person")
    for start in range(100, 1100, 2):  # 500 other mentions, more than are read nearby
        cast.mention(crowd, start, start + 1, "Ann Lee")
    twin = cast.add("Dock Union", "organization")
    cast.mention(twin, 1200, 1201, "Dock Union")
    cast.mention(unions[5], 1200, 1201, "Union 5")  # same offset: the first listed wins
    assert cast.org_named("union", 5000) is unions[5]  # nearby
    assert cast.org_named("union", 1200) is unions[0]  # 500 mentions back
    assert cast.org_named("union", 59) is unions[1]
    assert cast.org_named("union", 0) is unions[0]  # none before: the first listed
    for offset in (0, 3, 59, 61, 150, 1200, 1201, 5000):
        assert cast.org_named("union", offset) is _scan_org_named(cast, "union", offset)


def test_two_fitting_mentions_at_one_offset_go_to_the_first_listed() -> None:
    cast = Cast()
    first = cast.add("Port Union", "organization")
    second = cast.add("Dock Union", "organization")
    cast.mention(second, 7, 9, "Dock Union")
    cast.mention(first, 7, 9, "Port Union")
    assert cast.org_named("union", 8) is first
