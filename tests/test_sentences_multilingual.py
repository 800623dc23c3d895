"""Sentence splitting in other languages (issue 15): French spacing, ¿ ¡, CJK and
Arabic punctuation, abbreviations of the article's language, offsets exact."""

from __future__ import annotations

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


def test_french_spacing_before_question_and_exclamation_marks_stays_in_the_sentence() -> None:
    text = "Faut-il plafonner\u202f? Oui, répond la ministre\u00a0! Le texte arrive : enfin ; vite."
    assert sentences(text, "fr") == [
        "Faut-il plafonner\u202f?",
        "Oui, répond la ministre\u00a0!",
        "Le texte arrive : enfin ; vite.",
    ]


def test_a_sentence_ending_in_a_guillemet_quotation_ends_after_the_closing_mark() -> None:
    text = "« Il faut agir. » Le ministre est parti. « Vraiment ! » Oui."
    assert sentences(text, "fr") == [
        "« Il faut agir. »",
        "Le ministre est parti.",
        "« Vraiment ! »",
        "Oui.",
    ]


def test_german_quote_closing_with_the_english_opening_mark_ends_the_sentence() -> None:
    text = "Sie widersprach. „Es geht um Qualität.“ Dann ging sie."
    assert sentences(text, "de") == [
        "Sie widersprach.",
        "„Es geht um Qualität.“",
        "Dann ging sie.",
    ]


def test_spanish_inverted_marks_start_sentences() -> None:
    assert sentences("¿Qué pasa? ¡Nada! Todo sigue igual.", "es") == [
        "¿Qué pasa?",
        "¡Nada!",
        "Todo sigue igual.",
    ]


def test_cjk_sentences_end_without_spaces_and_not_inside_brackets() -> None:
    assert sentences("今日は晴れです。明日は雨です！本当？", "ja") == [
        "今日は晴れです。",
        "明日は雨です！",
        "本当？",
    ]
    assert sentences("彼は「行きます。すぐに。」と言った。会議は続いた。", "ja") == [
        "彼は「行きます。すぐに。」と言った。",
        "会議は続いた。",
    ]
    assert sentences("市议会周二投票。股价大幅下跌。", "zh") == [
        "市议会周二投票。",
        "股价大幅下跌。",
    ]


def test_arabic_and_urdu_marks_end_sentences_before_caseless_letters() -> None:
    assert sentences("هل هذا صحيح؟ نعم هذا صحيح.", "ar") == ["هل هذا صحيح؟", "نعم هذا صحيح."]
    assert sentences("یہ ٹھیک ہے۔ وہ کل آیا۔", "ur") == ["یہ ٹھیک ہے۔", "وہ کل آیا۔"]
    assert sentences("هذا صحيح. ثم غادر.", "ar") == ["هذا صحيح.", "ثم غادر."]


def test_abbreviations_of_the_articles_language() -> None:
    assert sentences("M. Dupont est venu. Mme. Durand aussi.", "fr") == [
        "M. Dupont est venu.",
        "Mme. Durand aussi.",
    ]
    assert sentences("Das betrifft z.B. Berlin. Dann kam Dr. Weber.", "de") == [
        "Das betrifft z.B. Berlin.",
        "Dann kam Dr. Weber.",
    ]
    assert sentences("La Sra. García llegó. Luego habló el Dott. Rossi.", "es") == [
        "La Sra. García llegó.",
        "Luego habló el Dott.",
        "Rossi.",
    ]  # "Dott." is Italian, not Spanish
    assert sentences("Il Dott. Rossi è arrivato. Poi è partito.", "it") == [
        "Il Dott. Rossi è arrivato.",
        "Poi è partito.",
    ]
    assert sentences("В. В. Петров заявил об этом в 2024 г. Потом ушёл.", "ru") == [
        "В. В. Петров заявил об этом в 2024 г. Потом ушёл."
    ]


def test_another_languages_abbreviations_do_not_apply_to_english() -> None:
    text = "She studied modern art. The museum opened."
    assert sentences(text, "en") == ["She studied modern art.", "The museum opened."]
    assert sentences(text, "de") == [text]  # "Art." (Artikel) in German


def test_german_ordinal_day_before_a_month_does_not_end_a_sentence() -> None:
    text = "Der Kreistag tagt am 19. März erneut. Die Zahl stieg auf 19. Dann kam der Bescheid."
    assert sentences(text, "de") == [
        "Der Kreistag tagt am 19. März erneut.",
        "Die Zahl stieg auf 19.",
        "Dann kam der Bescheid.",
    ]


def test_document_splits_the_german_fixture_quotes_as_sentences() -> None:
    text = "Die Ministerin verteidigte das Vorhaben. „Es geht um Qualität, nicht ums Sparen.“"
    document = parse_document(text)
    assert document.language == "de"
    assert [s.text for s in document.sentences] == [
        "Die Ministerin verteidigte das Vorhaben.",
        "„Es geht um Qualität, nicht ums Sparen.“",
    ]
