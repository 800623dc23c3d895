"""The article's language (issue 15): detection, ``Document.language`` and
``meta.language``, and the offline engine on articles it cannot read."""

from __future__ import annotations

import json

import pytest

from summarizer import summarise
from summarizer.document import parse_document
from summarizer.evaluation.fixtures import check_fixture, fixture_paths, load_fixture
from summarizer.language import detect_language, language_name
from summarizer.schema import Meta
from tests.conftest import FIXTURES

MULTILINGUAL = FIXTURES / "multilingual"

SAMPLES = {
    "en": "The council voted on Tuesday to close the old bridge to lorries after engineers "
    "found cracks in two of its supports.",
    "fr": "Le conseil municipal a voté mardi la fermeture du vieux pont aux poids lourds "
    "après la découverte de fissures.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke für Lastwagen zu "
    "sperren, nachdem Risse entdeckt wurden.",
    "es": "El ayuntamiento votó el martes cerrar el viejo puente a los camiones después de "
    "que los ingenieros encontraran grietas.",
    "pl": "Rada miejska zagłosowała we wtorek za zamknięciem starego mostu dla ciężarówek "
    "po tym, jak inżynierowie znaleźli pęknięcia.",
    "ru": "Городской совет во вторник проголосовал за закрытие старого моста для "
    "грузовиков после того, как инженеры обнаружили трещины.",
    "ja": "市議会は火曜日、技術者がひび割れを発見したことを受け、古い橋をトラックに対して"
    "閉鎖することを決定した。",
    "ar": "صوّت مجلس المدينة يوم الثلاثاء على إغلاق الجسر القديم أمام الشاحنات بعد أن اكتشف "
    "المهندسون تشققات.",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_detects_the_language_of_one_sentence(code: str) -> None:
    assert detect_language(SAMPLES[code]) == code


def test_too_short_or_no_words_is_unknown() -> None:
    assert detect_language("") is None
    assert detect_language("Oui.") is None
    assert detect_language("12 345 678 — 2026-03-14 ... 99%") is None


def test_detection_is_deterministic() -> None:
    assert {detect_language(SAMPLES["fr"]) for _ in range(5)} == {"fr"}


def test_language_name_names_known_codes_and_falls_back_to_the_code() -> None:
    assert language_name("fr") == "French (fr)"
    assert language_name("xx") == "xx"


def test_meta_language_is_a_described_contract_field() -> None:
    field = Meta.model_fields["language"]
    assert field.description and "ISO 639-1" in field.description
    assert Meta(engine="offline").language is None


def test_document_and_meta_carry_the_language(seed_text: str) -> None:
    assert parse_document(seed_text).language == "en"
    assert summarise(seed_text, engine="offline").meta.language == "en"


FRENCH = (
    "La Première ministre a présenté mardi un projet de loi sur les loyers étudiants. "
    "« Nous ne reculerons pas », a déclaré la Première ministre, Claire Vasseur.\n\n"
    "Die Bundesregierung lehnt das ab, selon la presse. La Fédération des bailleurs "
    "privés dénonce « une usine à gaz » et appelle les députés à rejeter le texte."
)


def test_offline_engine_on_french_gives_quotes_and_lead_but_no_guessed_readings() -> None:
    summary = summarise(FRENCH, engine="offline")
    assert summary.meta.language == "fr"
    assert [q.text for q in summary.quotes] == ["Nous ne reculerons pas", "une usine à gaz"]
    assert all(q.speaker is None for q in summary.quotes)
    assert summary.actors == [] and summary.stances == []  # not "La Première" as a person
    assert summary.summary.startswith("La Première ministre a présenté mardi")
    assert summary.title == (
        "La Première ministre a présenté mardi un projet de loi sur les loyers étudiants"
    )
    language_warnings = [w for w in summary.meta.warnings if "French (fr)" in w]
    assert len(language_warnings) == 1 and "English only" in language_warnings[0]


def test_offline_engine_on_english_has_no_language_warning(seed_text: str) -> None:
    summary = summarise(seed_text, engine="offline")
    assert summary.actors and not any("English only" in w for w in summary.meta.warnings)


# --- the multilingual fixtures ---------------------------------------------------


def test_multilingual_fixtures_are_valid_and_not_in_the_english_dev_set() -> None:
    paths = fixture_paths(MULTILINGUAL)
    assert [p.name[:5] for p in paths] == ["ml-01", "ml-02"]
    for path in paths:
        assert check_fixture(load_fixture(path), path) == []
    assert not any(p.parent == MULTILINGUAL for p in fixture_paths(FIXTURES))


@pytest.mark.parametrize("path", sorted(MULTILINGUAL.glob("*.json")), ids=lambda p: p.stem)
def test_multilingual_fixture_quotes_are_candidates_with_exact_offsets(path: object) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    document = parse_document(data["text"])
    assert document.language == {"ml-01": "fr", "ml-02": "de"}[data["id"][:5]]
    found = {(q.start, q.end) for q in document.quotes}
    for gold in data["gold"]["quotes"]:
        if not gold["required"]:
            continue
        inner = gold["text"].strip()  # the fixtures keep the inner no-break spaces
        start = data["text"].find(gold["text"]) + (len(gold["text"]) - len(gold["text"].lstrip()))
        assert (start, start + len(inner)) in found, inner
