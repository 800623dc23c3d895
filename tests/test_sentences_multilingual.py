"""Sentence splitting in other languages (issue 15): French spacing, ¿ ¡, CJK and
Arabic punctuation, abbreviations of the article's language, offsets exact."""

from __future__ import annotations

import pytest

from summarizer.document import parse_document
from summarizer.quotes import find_quotes
from summarizer.sentences import split_sentences
from summarizer.spans import SpanIndex


def sentences(text: str, language: str | None = None) -> list[str]:
    """One paragraph's sentences, quote-aware, as parse_document splits them."""
    index = SpanIndex(find_quotes(text, [(0, len(text))], cased_titles=language != "de"))
    found = split_sentences(text, 0, len(text), 0, index, 1, language=language)
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
    return [s.text for s in found]


CASES = [
    (
        "french-spacing",
        "fr",
        "Faut-il plafonner\u202f? Oui, répond la ministre\u00a0! Le texte arrive : enfin ; vite.",
        ["Faut-il plafonner\u202f?", "Oui, répond la ministre\u00a0!", "Le texte arrive : enfin ; vite."],
    ),
    (
        "guillemet-quotation-ends-after-its-mark",
        "fr",
        "« Il faut agir. » Le ministre est parti. « Vraiment ! » Oui.",
        ["« Il faut agir. »", "Le ministre est parti.", "« Vraiment ! »", "Oui."],
    ),
    (
        "german-quote-closes-with-english-opening-mark",
        "de",
        "Sie widersprach. „Es geht um Qualität.“ Dann ging sie.",
        ["Sie widersprach.", "„Es geht um Qualität.“", "Dann ging sie."],
    ),
    ("spanish-inverted-marks", "es", "¿Qué pasa? ¡Nada! Todo sigue igual.",
     ["¿Qué pasa?", "¡Nada!", "Todo sigue igual."]),
    ("japanese-no-spaces", "ja", "今日は晴れです。明日は雨です！本当？",
     ["今日は晴れです。", "明日は雨です！", "本当？"]),
    ("japanese-quote-then-quotative-particle", "ja", "彼は「行きます。すぐに。」と言った。会議は続いた。",
     ["彼は「行きます。すぐに。」と言った。", "会議は続いた。"]),
    ("chinese", "zh", "市议会周二投票。股价大幅下跌。", ["市议会周二投票。", "股价大幅下跌。"]),
    ("arabic-question-mark", "ar", "هل هذا صحيح؟ نعم هذا صحيح.", ["هل هذا صحيح؟", "نعم هذا صحيح."]),
    ("arabic-full-stop-caseless", "ar", "هذا صحيح. ثم غادر.", ["هذا صحيح.", "ثم غادر."]),
    ("urdu-full-stop", "ur", "یہ ٹھیک ہے۔ وہ کل آیا۔", ["یہ ٹھیک ہے۔", "وہ کل آیا۔"]),
    ("french-abbreviations", "fr", "M. Dupont est venu. Mme. Durand aussi.",
     ["M. Dupont est venu.", "Mme. Durand aussi."]),
    ("german-abbreviations", "de", "Das betrifft z.B. Berlin. Dann kam Dr. Weber.",
     ["Das betrifft z.B. Berlin.", "Dann kam Dr. Weber."]),
    # "Dott." is Italian, not Spanish
    ("spanish-abbreviations", "es", "La Sra. García llegó. Luego habló el Dott. Rossi.",
     ["La Sra. García llegó.", "Luego habló el Dott.", "Rossi."]),
    ("italian-abbreviations", "it", "Il Dott. Rossi è arrivato. Poi è partito.",
     ["Il Dott. Rossi è arrivato.", "Poi è partito."]),
    ("russian-initials-and-year", "ru", "В. В. Петров заявил об этом в 2024 г. Потом ушёл.",
     ["В. В. Петров заявил об этом в 2024 г. Потом ушёл."]),
    ("german-ordinal-day", "de",
     "Der Kreistag tagt am 19. März erneut. Die Zahl stieg auf 19. Dann kam der Bescheid.",
     ["Der Kreistag tagt am 19. März erneut.", "Die Zahl stieg auf 19.", "Dann kam der Bescheid."]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_sentences_in_other_languages(language: str, text: str, expected: list[str]) -> None:
    assert sentences(text, language) == expected


def test_another_languages_abbreviations_do_not_apply_to_english() -> None:
    text = "She studied modern art. The museum opened."
    assert sentences(text, "en") == ["She studied modern art.", "The museum opened."]
    assert sentences(text, "de") == [text]  # "Art." (Artikel) in German


def test_document_splits_the_german_fixture_quotes_as_sentences() -> None:
    text = "Die Ministerin verteidigte das Vorhaben. „Es geht um Qualität, nicht ums Sparen.“"
    document = parse_document(text)
    assert document.language == "de"
    assert [s.text for s in document.sentences] == [
        "Die Ministerin verteidigte das Vorhaben.",
        "„Es geht um Qualität, nicht ums Sparen.“",
    ]
