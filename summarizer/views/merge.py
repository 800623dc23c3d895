"""Who is who and what is what across a batch: actors merged by name and alias, targets
grouped by normalised text and fuzzy matching.

Actors: two actors from different articles are one when the name of either, folded
(case, accents, punctuation, a leading "the", and for people leading titles such as
"President" or "Finance Minister"), equals the other's folded name or one of its folded
aliases. Alias-to-alias matches do not merge ("the union" of two articles is not one
union).

Targets: folded the same way (determiners and possessives dropped, "per cent" read as
"percent"), equal texts are one variant; a variant then joins the group whose
representative (the most frequent variant) scores at least ``TARGET_THRESHOLD`` with
rapidfuzz's ``token_set_ratio`` (word order and extra words ignored: "arbitration" joins
"independent arbitration"), provided the shorter wording has at least half as many words
as the longer ("cut" does not join "central bank to cut interest rates") and not exactly
one of the two has a reversal word ("suspending the strike" never joins "the strike").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

__all__ = [
    "TARGET_THRESHOLD",
    "ActorRef",
    "MergedActor",
    "TargetGroup",
    "fold",
    "fold_target",
    "group_targets",
    "merge_actors",
    "person_key",
]

TARGET_THRESHOLD = 90.0
"""Minimum rapidfuzz ``token_set_ratio`` (0-100) for a target to join a group."""

_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady president vice prime minister
    secretary chancellor treasurer governor deputy mayor councillor councilor senator rep
    representative congressman congresswoman judge justice chief fire police captain capt
    general gen colonel col major lieutenant admiral ambassador commissioner foreign finance
    transport health interior defence defense home trade economy education justice
    environment state king queen prince princess sheikh ayatollah rev reverend father
    bishop cardinal pope chairman chairwoman chair ceo director spokesman spokeswoman
    spokesperson coach manager""".split()
)

_REVERSALS = frozenset(
    """suspend suspending suspension end ending halt halting stop stopping scrap scrapping
    cancel cancelling canceling cancellation withdraw withdrawing withdrawal repeal
    repealing reverse reversing reversal against anti no not oppose opposing delay
    delaying postpone postponing ban banning block blocking""".split()
)

_DETERMINERS = frozenset("the a an its their his her our your my this that these those".split())


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form; a leading "the" dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("\u2019", "'").replace("'s ", " ").replace("s' ", "s ")
    plain = re.sub(r"'s$", "", plain)
    plain = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", plain)  # keep "3.5", drop other dots
    words = re.sub(r"[^\w%.]+", " ", plain).split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def person_key(name: str) -> str:
    """A person's folded name without leading titles: "Finance Minister Helena Varga" and
    "Helena Varga" are the same key. A name that is all titles keeps its words."""
    words = fold(name).split()
    index = 0
    while index < len(words) - 1 and words[index] in _TITLES:
        index += 1
    return " ".join(words[index:])


@dataclass(frozen=True)
class ActorRef:
    """One actor as one article lists it."""

    article: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


def _keys(ref: ActorRef, surface: str) -> str:
    return person_key(surface) if ref.kind == "person" else fold(surface)


@dataclass
class MergedActor:
    """Actors of several articles that are one: their refs and why they were merged."""

    refs: list[ActorRef]
    reasons: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The name most articles use; ties go to the longest (fullest) name."""
        counts = Counter(r.name for r in self.refs)
        return max(counts, key=lambda n: (counts[n], len(n), n))

    @property
    def kind(self) -> str:
        counts = Counter(r.kind for r in self.refs)
        return max(counts, key=lambda k: (counts[k], k))

    @property
    def names(self) -> list[str]:
        """Every surface form merged here (names and aliases), first seen first."""
        seen: dict[str, None] = {}
        for ref in self.refs:
            seen.setdefault(ref.name, None)
            for alias in ref.aliases:
                seen.setdefault(alias, None)
        return list(seen)


def merge_actors(refs: Sequence[ActorRef]) -> tuple[list[MergedActor], dict[int, int]]:
    """Merge ``refs``; returns the merged actors and, per ref index, its actor's index."""
    parent = list(range(len(refs)))
    reasons: dict[int, list[str]] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        for surface in (ref.name, *ref.aliases):
            key = _keys(ref, surface)
            if key:
                by_key.setdefault(key, []).append(i)
    for i, ref in enumerate(refs):
        key = _keys(ref, ref.name)
        for j in by_key.get(key, []):
            a, b = find(i), find(j)
            if a == b:
                continue
            other = refs[j]
            via = "name" if _keys(other, other.name) == key else "alias"
            reason = (
                f"{ref.name!r} ({_label(ref)}) = {via} {_matched(other, key)!r} of "
                f"{other.name!r} ({_label(other)})"
            )
            parent[b] = a
            reasons.setdefault(a, []).extend([*reasons.pop(b, []), reason])
    groups: dict[int, int] = {}
    merged: list[MergedActor] = []
    index: dict[int, int] = {}
    for i, ref in enumerate(refs):
        root = find(i)
        if root not in groups:
            groups[root] = len(merged)
            merged.append(MergedActor([], reasons.get(root, [])))
        merged[groups[root]].refs.append(ref)
        index[i] = groups[root]
    return merged, index


def _label(ref: ActorRef) -> str:
    return f"article {ref.article}"


def _matched(ref: ActorRef, key: str) -> str:
    for surface in (ref.name, *ref.aliases):
        if _keys(ref, surface) == key:
            return surface
    return ref.name


def fold_target(text: str) -> str:
    """A target's comparable form: folded, determiners and possessives dropped, "per cent"
    and "%" read as "percent"."""
    folded = fold(text).replace("%", " percent ")
    folded = re.sub(r"\bper cent\b", "percent", folded)
    words = [w for w in folded.split() if w not in _DETERMINERS]
    return " ".join(words) or folded


@dataclass
class TargetVariant:
    """One folded target text, how it was written, how often, its score to the group."""

    folded: str
    written: list[str]
    count: int
    score: float = 100.0


@dataclass
class TargetGroup:
    """Targets taken to be one issue; ``variants[0]`` is the representative."""

    variants: list[TargetVariant]

    @property
    def label(self) -> str:
        written = Counter(w for v in self.variants[:1] for w in v.written)
        return max(written, key=lambda w: (written[w], -len(w), w))


def _reversed(text: str) -> bool:
    return any(word in _REVERSALS for word in text.split())


def _comparable(a: str, b: str) -> bool:
    """Fuzzy matching applies: similar length in words, and the same direction."""
    short, long = sorted((len(a.split()), len(b.split())))
    return 2 * short >= long and _reversed(a) == _reversed(b)


def group_targets(
    targets: Sequence[str], threshold: float = TARGET_THRESHOLD
) -> tuple[list[TargetGroup], dict[str, int]]:
    """Group target texts; returns the groups and, per written text, its group's index.

    Variants are served most frequent first (then shortest, then alphabetically), so a
    group's representative is its commonest wording and the result does not depend on
    the order of ``targets``.
    """
    written: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    for target in targets:
        folded = fold_target(target)
        written.setdefault(folded, [])
        if target not in written[folded]:
            written[folded].append(target)
        counts[folded] += 1
    groups: list[TargetGroup] = []
    index: dict[str, int] = {}
    for folded in sorted(counts, key=lambda f: (-counts[f], len(f), f)):
        variant = TargetVariant(folded, sorted(written[folded]), counts[folded])
        best, best_score = None, -1.0
        for g, group in enumerate(groups):
            head = group.variants[0].folded
            if not _comparable(head, folded):
                continue
            score = fuzz.token_set_ratio(head, folded)
            if score >= threshold and score > best_score:
                best, best_score = g, score
        if best is None:
            groups.append(TargetGroup([variant]))
            best = len(groups) - 1
        else:
            variant.score = round(best_score, 1)
            groups[best].variants.append(variant)
        for text in written[folded]:
            index[text] = best
    return groups, index
