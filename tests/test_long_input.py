"""Text with no sentence punctuation (issue 10, item 16): no sentence, title or key
point runs to the whole article, and every offset stays exact."""

from __future__ import annotations

from summarizer import summarise
from summarizer.document import MAX_SENTENCE_CHARS, parse_document
from summarizer.draft import Draft
from summarizer.grounding import ground
from summarizer.limits import MAX_KEY_POINT_CHARS, MAX_TITLE_CHARS, shorten
from summarizer.schema import Meta

_WORDS = "the council met on monday and the mayor spoke about the budget for the year".split()


def _unpunctuated(words: int) -> str:
    return " ".join(_WORDS[i % len(_WORDS)] for i in range(words))


def test_text_without_full_stops_is_cut_into_bounded_sentences_at_white_space() -> None:
    text = _unpunctuated(20_000)  # about 100,000 characters, one paragraph
    document = parse_document(text)
    assert len(document.sentences) > 100
    for sentence in document.sentences:
        assert 0 < len(sentence.text) <= MAX_SENTENCE_CHARS
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.start == 0 or text[sentence.start - 1].isspace()  # whole words
        assert sentence.end == len(text) or text[sentence.end].isspace()
    # nothing is lost: the sentences and the single spaces between them are the whole text
    assert " ".join(s.text for s in document.sentences) == text


def test_an_over_long_sentence_is_cut_at_a_line_break_first() -> None:
    lines = [_unpunctuated(12) for _ in range(40)]  # a hard-wrapped text, no full stop
    text = "\n".join(lines)
    document = parse_document("Intro line.\n\n" + text)
    body = document.sentences[1:]
    assert len(body) > 1
    for sentence in body[:-1]:
        assert len(sentence.text) <= MAX_SENTENCE_CHARS
        assert document.text[sentence.end] == "\n"  # ends where a line ends


def test_one_word_longer_than_a_sentence_is_cut_inside_with_exact_offsets() -> None:
    text = "Start. " + "x" * (3 * MAX_SENTENCE_CHARS) + " end"
    document = parse_document(text)
    assert max(len(s.text) for s in document.sentences) <= MAX_SENTENCE_CHARS
    assert "".join(s.text for s in document.sentences[1:]) == "x" * (3 * MAX_SENTENCE_CHARS) + "end"
    for sentence in document.sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_summary_of_unpunctuated_text_has_bounded_fields_and_exact_evidence() -> None:
    text = "Budget " + " ".join(f"Word{i}" for i in range(30_000))
    summary = summarise(text, engine="offline", max_chars=len(text))
    assert len(summary.title) <= MAX_TITLE_CHARS
    assert all(len(point) <= MAX_KEY_POINT_CHARS for point in summary.key_points)
    assert len(summary.summary) <= 4 * (MAX_SENTENCE_CHARS + 1)
    assert all(len(actor.name) <= MAX_TITLE_CHARS for actor in summary.actors)
    assert len(summary.model_dump_json()) < 20_000  # 315 KB before the caps
    for stance in summary.stances:
        for span in stance.evidence:
            assert text[span.start : span.end] == span.text


def test_a_long_title_and_key_point_are_cut_at_a_word_with_a_warning() -> None:
    document = parse_document("The council met on Monday. It voted.")
    long_title = " ".join(["headline"] * 60)  # 539 characters
    long_point = " ".join(["point"] * 100)  # 599 characters
    draft = Draft(
        title=long_title,
        summary="The council met.",
        key_points=["short point", long_point],
        actors=[],
        quotes=[],
        stances=[],
    )
    summary = ground(draft, document, Meta(engine="offline"))
    assert len(summary.title) <= MAX_TITLE_CHARS
    assert summary.title.endswith("headline…")  # a whole word, then the ellipsis
    assert summary.key_points[0] == "short point"
    assert len(summary.key_points[1]) <= MAX_KEY_POINT_CHARS
    assert summary.key_points[1].endswith("point…")
    assert "title cut to 200 characters (it had 539)" in summary.meta.warnings
    assert "key point 2 cut to 400 characters (it had 599)" in summary.meta.warnings


def test_fields_within_their_caps_are_untouched_and_give_no_warning() -> None:
    document = parse_document("The council met on Monday. It voted.")
    title = "x " * 99 + "x"  # exactly 199 characters
    points = ["p" * 400, "second point", "third point"]  # the contract's 3 to 7
    draft = Draft(title=title, summary="It met. It voted.", key_points=points, actors=[], quotes=[])
    summary = ground(draft, document, Meta(engine="offline"))
    assert summary.title == title
    assert summary.key_points == points
    assert summary.meta.warnings == []


def test_shorten_keeps_within_the_limit() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("alpha beta gamma", 12) == "alpha beta…"
    assert shorten("abcdefghijkl", 5) == "abcd…"
