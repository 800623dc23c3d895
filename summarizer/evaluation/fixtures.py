"""Fixtures: the hand-labelled gold (format in evals/fixtures/README.md), loaded and checked.

A broken fixture is an error that names the file and the field, so whoever edits
the set knows exactly what to fix.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.errors import FixtureError
from summarizer.schema import ActorKind, Position

__all__ = [
    "Fixture",
    "FixtureError",
    "Gold",
    "GoldActor",
    "GoldQuote",
    "GoldStance",
    "KeyFact",
    "check_fixture",
    "find_fixture_dir",
    "fixture_paths",
    "load_fixture",
    "load_fixtures",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldActor(_Strict):
    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    required: bool = True


class GoldQuote(_Strict):
    text: str = Field(min_length=1)
    speaker: str = Field(min_length=1)
    also_accept: list[str] = Field(default_factory=list)
    required: bool = True


class GoldStance(_Strict):
    actor: str = Field(min_length=1)
    target: str = Field(min_length=1)
    target_aliases: list[str] = Field(default_factory=list)
    position: Position
    required: bool = True


class KeyFact(_Strict):
    fact: str = Field(min_length=1)
    keywords: list[list[str]] = Field(min_length=1)
    required: bool = True


class Gold(_Strict):
    actors: list[GoldActor] = Field(default_factory=list)
    quotes: list[GoldQuote] = Field(default_factory=list)
    stances: list[GoldStance] = Field(default_factory=list)
    key_facts: list[KeyFact] = Field(default_factory=list)


class Source(_Strict):
    title: str | None = None
    published: str | None = None
    origin: str | None = None


class Fixture(_Strict):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    source: Source = Field(default_factory=Source)
    text: str = Field(min_length=1)
    gold: Gold


def _field(location: tuple[int | str, ...]) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


FIXTURES = Path("evals") / "fixtures"
_CHECKOUT = Path(__file__).resolve().parents[2]
"""The project folder of an editable install (``summarizer/evaluation/`` is two below)."""


def find_fixture_dir(start: Path | None = None, checkout: Path = _CHECKOUT) -> Path:
    """``evals/fixtures`` in ``start`` (the current directory) or its nearest parent that
    has one, else in the checkout the package runs from; an error says where it looked."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents, checkout):
        if (folder / FIXTURES).is_dir():
            return folder / FIXTURES
    raise FixtureError(
        f"no {FIXTURES.as_posix()} in {here} or any parent, nor in {checkout}; "
        "give the fixtures directory (summarise eval FIXTURE_DIR)"
    )


def fixture_paths(directory: Path) -> list[Path]:
    """The fixture files of a directory (``*.json``, sorted), or an error saying what is wrong."""
    if not directory.is_dir():
        raise FixtureError(f"{directory}: not a directory of fixtures (expected *.json files)")
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise FixtureError(f"{directory}: no fixture files (*.json) in this directory")
    return paths


def load_fixture(path: Path) -> Fixture:
    """Read and validate one fixture file; errors name the file and the first bad field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FixtureError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise FixtureError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FixtureError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    try:
        return Fixture.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise FixtureError(f"{path}: {_field(first['loc'])}: {first['msg']}{more}") from None


def check_fixture(fixture: Fixture, path: Path | None = None) -> list[str]:
    """Problems beyond the format: quotes not verbatim, speakers or stance actors not listed."""
    where = f"{path}: " if path is not None else f"{fixture.id}: "
    problems: list[str] = []
    if path is not None and path.stem != fixture.id:
        problems.append(f"{where}id: {fixture.id!r} differs from the file name {path.stem!r}")
    names = [actor.name for actor in fixture.gold.actors]
    for index, name in enumerate(names):
        if name in names[:index]:
            problems.append(f"{where}gold.actors[{index}].name: {name!r} is listed twice")
    for index, quote in enumerate(fixture.gold.quotes):
        field = f"gold.quotes[{index}]"
        if quote.text not in fixture.text:
            problems.append(f"{where}{field}.text: not found verbatim in the article")
        if quote.speaker not in names:
            problems.append(f"{where}{field}.speaker: {quote.speaker!r} is not a listed actor")
        for position, other in enumerate(quote.also_accept):
            if other not in names:
                problems.append(
                    f"{where}{field}.also_accept[{position}]: {other!r} is not a listed actor"
                )
    for index, stance in enumerate(fixture.gold.stances):
        if stance.actor not in names:
            problems.append(
                f"{where}gold.stances[{index}].actor: {stance.actor!r} is not a listed actor"
            )
    for index, fact in enumerate(fixture.gold.key_facts):
        for group, variants in enumerate(fact.keywords):
            if not any(variant.strip() for variant in variants):
                problems.append(f"{where}gold.key_facts[{index}].keywords[{group}]: empty group")
    return problems


def load_fixtures(directory: Path) -> list[Fixture]:
    """Load and check every fixture of a directory; the first problem is raised."""
    fixtures: list[Fixture] = []
    seen: dict[str, Path] = {}
    for path in fixture_paths(directory):
        fixture = load_fixture(path)
        problems = check_fixture(fixture, path)
        if problems:
            raise FixtureError(problems[0])
        if fixture.id in seen:
            raise FixtureError(f"{path}: id: {fixture.id!r} is also the id of {seen[fixture.id]}")
        seen[fixture.id] = path
        fixtures.append(fixture)
    return fixtures
