"""The splitter of long Documents: paragraph boundaries, overlap, the article's own ids
in every part, a paragraph larger than the budget cut between sentences, the budget."""

from __future__ import annotations

from itertools import pairwise

from summarizer.chunking import OVERLAP, DocumentPart, part_document, split_document
from summarizer.config import resolve_settings
from summarizer.document import parse_document
from summarizer.llm.prompt import build_messages
from summarizer.tokens import DEFAULT_INPUT_TOKENS, estimate_tokens, input_budget
from tests.long_article import long_article


def test_parts_start_and_end_at_paragraph_boundaries_and_overlap() -> None:
    document = long_article().document
    chunks = split_document(document, 1000, estimate_tokens)
    starts = {p.start for p in document.paragraphs}
    ends = {p.end for p in document.paragraphs}
    assert len(chunks) >= 4
    assert chunks[0].start == document.body_start and chunks[-1].end == len(document.text)
    for chunk in chunks:
        assert chunk.start in starts and chunk.end in ends and chunk.own_start in starts
        assert chunk.tokens <= 1000
    overlapping = 0
    for previous, chunk in pairwise(chunks):
        assert chunk.own_start > previous.end  # its own text follows on
        if chunk.start == chunk.own_start:  # no lead-in: the last paragraph is too long
            last = next(p for p in document.paragraphs if p.end == previous.end)
            markers = 4 * sum(last.start <= x.start < last.end for x in document.sentences)
            markers += 18 * sum(last.start <= q.start < last.end for q in document.quotes)
            assert estimate_tokens(document.text[last.start : last.end]) + markers > OVERLAP * 1000
            continue
        overlapping += 1
        assert chunk.start < previous.end  # it repeats the end of the previous part
        assert previous.own_start < chunk.start  # never all of it
        repeated = estimate_tokens(document.text[chunk.start : chunk.own_start])
        assert repeated <= OVERLAP * 1000 + 10
    assert overlapping >= len(chunks) // 2


def test_own_texts_cover_every_sentence_and_quote_once_with_the_article_ids() -> None:
    document = long_article().document
    chunks = split_document(document, 900, estimate_tokens)
    owned_sentences: list[str] = []
    owned_quotes: list[str] = []
    for chunk in chunks:
        part = part_document(document, chunk, len(chunks))
        assert isinstance(part, DocumentPart)
        for sentence in part.sentences:
            assert document.sentence(sentence.id) == sentence  # the article's id, same span
            assert document.text[sentence.start : sentence.end] == sentence.text
            if chunk.owns(sentence.start):
                owned_sentences.append(sentence.id)
        for quote in part.quotes:
            assert document.quote(quote.id) == quote
            assert part.quote(quote.id) == quote
            if chunk.owns(quote.start):
                owned_quotes.append(quote.id)
        assert part.body == document.text[chunk.start : chunk.end]
        assert part.find(document.sentences[0].text) is None or chunk.number == 1  # part only
    assert owned_sentences == [s.id for s in document.sentences]
    assert owned_quotes == [q.id for q in document.quotes]


def test_a_part_prompt_shows_its_own_sentences_under_the_article_ids() -> None:
    document = parse_document("date 2024-05-01\n\n" + long_article(copies=2).text)
    chunks = split_document(document, 1000, estimate_tokens)
    part = part_document(document, chunks[1], len(chunks))
    user = build_messages(part)[1]["content"]
    assert user.count("[S") == len(part.sentences) and f"[{part.sentences[0].id}]" in user
    assert f"from {part.sentences[0].id} to {part.sentences[-1].id}" in user
    assert "date 2024-05-01" in user  # the article's metadata lines, once
    assert document.sentences[0].text not in user


def test_one_paragraph_over_the_budget_is_cut_between_sentences_never_in_a_quote() -> None:
    sentences = [
        f'Speaker {i} said "this is quote number {i}. It runs on. And on." at the hall.'
        if i % 3 == 0
        else f"Sentence number {i} tells what happened at the meeting on day {i}."
        for i in range(120)
    ]
    text = "A short lead paragraph.\n\n" + " ".join(sentences) + "\n\nA closing paragraph."
    document = parse_document(text)
    assert len(document.paragraphs) == 3
    chunks = split_document(document, 300, estimate_tokens)
    assert len(chunks) > 5
    sentence_starts = {s.start for s in document.sentences}
    sentence_ends = {s.end for s in document.sentences}
    for chunk in chunks:
        assert chunk.start in sentence_starts and chunk.end in sentence_ends
        for quote in document.quotes:  # no quote crosses a part's edge
            assert not quote.start < chunk.start < quote.end
            assert not quote.start < chunk.end < quote.end
    assert max(chunk.tokens for chunk in chunks) <= 300


def test_a_document_within_the_budget_is_one_part() -> None:
    document = long_article(copies=1).document
    chunks = split_document(document, 100_000, estimate_tokens)
    assert len(chunks) == 1
    assert (chunks[0].start, chunks[0].end) == (document.paragraphs[0].start, len(document.text))


def test_the_budget_comes_from_the_option_the_model_table_or_the_default() -> None:
    assert input_budget(resolve_settings(engine="offline", max_input_tokens=5000)) == 5000
    known = resolve_settings(api_key="sk-x", model="gpt-4o-mini", env={})
    assert input_budget(known) == 100_000  # 128k less 16k of output, at most 100k
    small = resolve_settings(api_key="sk-x", model="gpt-3.5-turbo", env={})
    assert input_budget(small) == 16385 - 4096 - 3000
    unknown = resolve_settings(api_key="sk-x", model="llama3.1:8b", env={})
    assert input_budget(unknown) == DEFAULT_INPUT_TOKENS == 12_000


def test_the_fast_estimate_counts_other_scripts_per_character() -> None:
    assert estimate_tokens("abcd" * 100) == 100
    assert estimate_tokens("東京都" * 10) == 30
    assert estimate_tokens("") == 0
