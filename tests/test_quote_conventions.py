"""Quote candidates in other languages' conventions (issue 15): each convention on a
small hand-made case, nesting across conventions, and dialogue dashes."""

from __future__ import annotations

import pytest

from summarizer.document import parse_document
from summarizer.quotes import find_quotes


def quotes(text: str, *, cased_titles: bool = True) -> list[str]:
    """The candidate texts of ``text``, paragraphs split at blank lines."""
    paragraphs: list[tuple[int, int]] = []
    cursor = 0
    for block in text.split("\n\n"):
        paragraphs.append((cursor, cursor + len(block)))
        cursor += len(block) + 2
    return [text[q.start : q.end] for q in find_quotes(text, paragraphs, cased_titles=cased_titles)]


@pytest.mark.parametrize(
    "space",
    ["\u00a0", "\u202f", "\u2009", " ", ""],
    ids=["no-break", "narrow-no-break", "thin", "space", "swiss-none"],
)
def test_guillemets_with_or_without_inner_spaces_give_the_words_only(space: str) -> None:
    text = f"«{space}Nous ne céderons pas{space}», a déclaré la ministre."
    assert quotes(text) == ["Nous ne céderons pas"]


def test_french_exclamation_with_spaces_inside_guillemets_keeps_its_mark() -> None:
    text = "« Le loyer n’est pas le même\u202f! », a lancé le maire."
    assert quotes(text) == ["Le loyer n’est pas le même\u202f!"]


def test_single_guillemets_swiss_style() -> None:
    assert quotes("‹ Wir bleiben ›, sagte sie.") == ["Wir bleiben"]


def test_reversed_guillemets_german_and_danish() -> None:
    text = "»Wir bleiben hier«, sagte sie. »Das ist sicher.«"
    assert quotes(text) == ["Wir bleiben hier", "Das ist sicher."]
    assert quotes("›Vi bliver‹, sagde hun.") == ["Vi bliver"]


def test_finnish_guillemets_open_and_close_with_the_same_mark() -> None:
    assert quotes("»Emme lähde minnekään», hän sanoi.") == ["Emme lähde minnekään"]


def test_a_stray_closing_guillemet_before_a_space_opens_nothing() -> None:
    assert quotes("Le texte » est contesté. « Non », dit-il.") == ["Non"]


def test_german_low_high_marks_close_with_the_english_opening_mark() -> None:
    text = "„Es geht um Qualität“, sagte sie. „Nicht ums Sparen.“"
    assert quotes(text) == ["Es geht um Qualität", "Nicht ums Sparen."]


def test_polish_low_marks_close_with_the_right_double_mark() -> None:
    assert quotes("„Nie ustąpimy”, powiedział minister.") == ["Nie ustąpimy"]


def test_german_single_marks_inside_low_marks_are_part_of_the_quote() -> None:
    text = "„Die Ministerin spricht von ‚Qualität‘. Gemeint ist Sparen“, sagte er."
    assert quotes(text) == ["Die Ministerin spricht von ‚Qualität‘. Gemeint ist Sparen"]


def test_english_after_german_marks_is_unaffected() -> None:
    text = "„Ja“, sagte sie. Then “we will see,” he said."
    assert quotes(text) == ["Ja", "we will see"]


def test_swedish_right_marks_open_and_close() -> None:
    text = "”Vi ger oss inte”, sade ministern. Hon tillade: ”Det är klart.”"
    assert quotes(text) == ["Vi ger oss inte", "Det är klart."]


def test_cjk_corner_brackets_and_nested_white_brackets() -> None:
    assert quotes("大臣は「増税はしない」と述べた。") == ["増税はしない"]
    text = "彼は「首相が『撤回する』と言った」と話した。"
    assert quotes(text) == ["首相が『撤回する』と言った"]
    assert quotes("『撤回しない』と首相は述べた。") == ["撤回しない"]


def test_english_marks_inside_guillemets_are_one_quote() -> None:
    text = "« Il a parlé d’une “erreur historique”, rien de moins », a dit Duthil."
    assert quotes(text) == ["Il a parlé d’une “erreur historique”, rien de moins"]


def test_guillemets_nested_in_guillemets_french_style() -> None:
    text = "« Il m’a dit « jamais » hier soir », raconte-t-elle."
    assert quotes(text) == ["Il m’a dit « jamais » hier soir"]


def test_unclosed_inner_quote_does_not_swallow_the_outer_close() -> None:
    text = "« Il a parlé d’une “erreur », a dit Duthil. « Suite »"
    assert quotes(text) == ["Il a parlé d’une “erreur", "Suite"]


def test_german_quote_over_two_paragraphs_reopens_at_each_start() -> None:
    text = "„Erster Teil des Zitats.\n\n„Zweiter Teil“, sagte sie."
    paragraphs = [(0, 24), (26, len(text))]
    found = find_quotes(text, paragraphs, cased_titles=False)
    assert [text[q.start : q.end] for q in found] == ["Erster Teil des Zitats.", "Zweiter Teil"]
    assert [q.continues for q in found] == [False, True]


def test_capitalised_words_in_marks_are_a_quote_where_every_noun_is_capitalised() -> None:
    text = "Sie nannte das „Gute Schule“ und ging."
    assert quotes(text) == []  # English rule: a capitalised run is a title
    assert quotes(text, cased_titles=False) == ["Gute Schule"]


# --- dialogue dashes ------------------------------------------------------------


def test_spanish_dialogue_dash_with_reporting_verb_gives_both_parts() -> None:
    text = "—No vamos a ceder —dijo el ministro—. Hay que negociar."
    assert quotes(text) == ["No vamos a ceder", "Hay que negociar."]


def test_russian_dialogue_dash_with_spaces_and_comma() -> None:
    text = "— Мы не уступим, — сказал министр. — Надо договариваться."
    assert quotes(text) == ["Мы не уступим", "Надо договариваться."]


def test_italian_dialogue_dash_with_auxiliary_verb() -> None:
    text = "— Non molliamo — ha detto il sindaco."
    assert quotes(text) == ["Non molliamo"]


def test_dialogue_dash_without_reporting_verb_is_not_a_quote() -> None:
    assert quotes("— 143 escuelas afectadas — según el ministerio.") == []
    assert quotes("— No vamos a ceder.") == []


def test_a_dash_inside_a_paragraph_does_not_start_dialogue() -> None:
    assert quotes("El ministro —dijo la prensa— no cederá.") == []


def test_dialogue_paragraph_keeps_marks_inside_as_part_of_the_quote() -> None:
    text = "—Es «inaceptable» —afirmó la ministra."
    assert quotes(text) == ["Es «inaceptable»"]


def test_find_takes_any_convention_of_marks_for_another() -> None:
    document = parse_document("Il a parlé d’une ‹ erreur ›. 彼は「撤回しない」と述べた。")
    assert document.find("une ‘ erreur ’") is not None
    assert document.find("彼は“撤回しない”と") is not None
