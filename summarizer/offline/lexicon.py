"""The word lists the rules use, read once from the JSON files in ``summarizer/data``.

Keeping them as data lets a reader extend a lexicon without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Country", "Lexicon", "lexicon"]


@dataclass(frozen=True)
class Country:
    name: str
    capitals: tuple[str, ...]
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Lexicon:
    countries: tuple[Country, ...]
    country_by_form: dict[str, Country]  # name, alias or capital -> country
    country_by_demonym: dict[str, Country]
    reporting_verbs: frozenset[str]
    according_to: tuple[str, ...]
    statement_nouns: frozenset[str]
    anonymous_heads: frozenset[str]
    honorifics: frozenset[str]
    title_words: frozenset[str]
    title_heads: frozenset[str]
    role_nouns: tuple[str, ...]
    role_synonyms: dict[str, tuple[str, ...]]
    government_words: frozenset[str]
    org_cues: frozenset[str]
    named_organisations: frozenset[str]
    place_words: frozenset[str]
    org_heads_with_of: frozenset[str]
    org_nouns: tuple[str, ...]
    group_nouns: frozenset[str]
    group_actors: dict[str, str]  # plural -> singular
    government_heads: tuple[str, ...]
    person_pronouns: frozenset[str]
    collective_pronouns: frozenset[str]
    not_names: frozenset[str]
    support: tuple[str, ...]
    oppose: tuple[str, ...]
    neutral: tuple[str, ...]
    contrast: frozenset[str]
    negators: frozenset[str]
    target_stop: tuple[str, ...]
    issue_nominals: dict[str, str]
    generic_targets: frozenset[str]
    weak_issues: frozenset[str]
    clause_targets: frozenset[str]
    agent_nouns: frozenset[str]
    light_verbs: frozenset[str]
    temporal_openers: frozenset[str]
    target_breaks: tuple[str, ...]
    target_dangling: frozenset[str]
    bad_target_openers: frozenset[str]
    background_markers: tuple[str, ...]
    reversal_complements: tuple[str, ...]
    reversal_verbs: tuple[str, ...]
    object_issue_verbs: tuple[str, ...]
    complement_heads: frozenset[str]
    noun_cues: frozenset[str]
    objector_phrases: tuple[str, ...]
    aspect_nouns: frozenset[str]


_DATA = Path(__file__).resolve().parent.parent / "data"


def _load(name: str) -> dict[str, Any]:
    text = (_DATA / name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def lexicon() -> Lexicon:
    """Every word list, loaded once per process."""
    gazetteer = _load("gazetteer.json")
    reporting = _load("reporting.json")
    titles = _load("titles.json")
    organisations = _load("organisations.json")
    pronouns = _load("pronouns.json")
    words = _load("words.json")
    stances = _load("stances.json")
    countries = tuple(
        Country(
            name=item["name"],
            capitals=tuple(item["capitals"]),
            demonyms=tuple(item["demonyms"]),
            aliases=tuple(item["aliases"]),
        )
        for item in gazetteer["countries"]
    )
    by_form: dict[str, Country] = {}
    by_demonym: dict[str, Country] = {}
    for country in countries:
        for form in (country.name, *country.aliases, *country.capitals):
            by_form.setdefault(form, country)
        for demonym in country.demonyms:
            by_demonym.setdefault(demonym, country)
    return Lexicon(
        countries=countries,
        country_by_form=by_form,
        country_by_demonym=by_demonym,
        reporting_verbs=frozenset(reporting["verbs"]),
        according_to=tuple(reporting["according_to"]),
        statement_nouns=frozenset(reporting["statement_nouns"]),
        anonymous_heads=frozenset(reporting["anonymous_heads"]),
        honorifics=frozenset(titles["honorifics"]),
        title_words=frozenset(titles["title_words"]),
        title_heads=frozenset(titles["title_heads"]),
        role_nouns=tuple(sorted(titles["role_nouns"], key=len, reverse=True)),
        role_synonyms={k: tuple(v) for k, v in titles["role_synonyms"].items()},
        government_words=frozenset(titles["government_words"]),
        org_cues=frozenset(organisations["org_cues"]),
        named_organisations=frozenset(organisations["named_organisations"]),
        place_words=frozenset(words["place_words"]),
        org_heads_with_of=frozenset(organisations["org_heads_with_of"]),
        org_nouns=tuple(sorted(organisations["org_nouns"], key=len, reverse=True)),
        group_nouns=frozenset(organisations["group_nouns"]),
        group_actors={
            k: v for k, v in organisations["group_actors"].items() if not k.startswith("_")
        },
        government_heads=tuple(organisations["government_heads"]),
        person_pronouns=frozenset(pronouns["subject_person"]),
        collective_pronouns=frozenset(pronouns["subject_collective"]),
        not_names=frozenset(words["not_names"]),
        support=tuple(stances["support"]),
        oppose=tuple(stances["oppose"]),
        neutral=tuple(stances["neutral"]),
        contrast=frozenset(stances["contrast"]),
        negators=frozenset(stances["negators"]),
        target_stop=tuple(stances["target_stop"]),
        issue_nominals=dict(stances["issue_nominals"]),
        generic_targets=frozenset(stances["generic_targets"]),
        weak_issues=frozenset(stances["weak_issues"]),
        clause_targets=frozenset(stances["clause_targets"]),
        agent_nouns=frozenset(stances["agent_nouns"]),
        light_verbs=frozenset(stances["light_verbs"]),
        temporal_openers=frozenset(stances["temporal_openers"]),
        target_breaks=tuple(stances["target_breaks"]),
        target_dangling=frozenset(stances["target_dangling"]),
        bad_target_openers=frozenset(stances["bad_target_openers"]),
        background_markers=tuple(stances["background_markers"]),
        reversal_complements=tuple(stances["reversal_complements"]),
        reversal_verbs=tuple(stances["reversal_verbs"]),
        object_issue_verbs=tuple(stances["object_issue_verbs"]),
        complement_heads=frozenset(stances["complement_heads"]),
        noun_cues=frozenset(stances["noun_cues"]),
        objector_phrases=tuple(stances["objector_phrases"]),
        aspect_nouns=frozenset(stances["aspect_nouns"]),
    )
