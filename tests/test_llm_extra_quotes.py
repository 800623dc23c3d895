"""Extra quotes over real HTTP (issue 10, item 14): a word, a piece of a word or a quote
candidate's words is re-asked with the exact error, then dropped with a warning."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from summarizer import summarise
from tests.openai_server import FakeOpenAI, serve
from tests.test_llm_engine import assert_grounded, llm_options, seed_answer, tool_answer


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    yield from serve()


BAD_EXTRAS = [
    {"text": "the", "speaker": None},
    {"text": "said", "speaker": "Ebrahim Raisi"},
    {"text": "ranian and Iraqi top diplomats", "speaker": None},  # starts inside "Iranian"
    {"text": "will not last.", "speaker": "Ebrahim Raisi"},  # candidate Q6's words
]


def test_bad_extra_quotes_are_reasked_then_dropped_with_a_warning(
    server: FakeOpenAI, seed_text: str
) -> None:
    broken = seed_answer()
    broken["extra_quotes"] = [*BAD_EXTRAS, {"text": "bitter archfoes", "speaker": None}]
    server.push(tool_answer(broken), tool_answer(broken))

    summary = summarise(seed_text, max_retries=1, **llm_options(server))

    reask = json.dumps(server.chat_requests[-1].body["messages"])
    assert "extra_quotes[0]: 'the' is too short to be a quotation" in reask
    assert "extra_quotes[1]: 'said' is too short to be a quotation" in reask
    assert "'ranian and Iraqi top diplomats' is in the article only inside longer words" in reask
    assert "extra_quotes[3]: the text 'will not last.' is quote candidate Q6's words" in reask
    assert "extra_quotes[4]" not in reask
    assert summary.meta.attempts == 2
    assert summary.meta.warnings == [
        "dropped: extra_quotes[0]: 'the' is too short to be a quotation",
        "dropped: extra_quotes[1]: 'said' is too short to be a quotation",
        "dropped: extra_quotes[2]: the text 'ranian and Iraqi top diplomats' is in the article "
        "only inside longer words",
        "dropped: extra_quotes[3]: the text 'will not last.' is quote candidate Q6's words",
    ]
    texts = [quote.text for quote in summary.quotes]
    assert len(texts) == 8 and texts[-1] == "bitter archfoes"
    assert "the" not in texts and "said" not in texts
    assert_grounded(summary, seed_text)


def test_a_fixed_answer_keeps_only_whole_quotations(server: FakeOpenAI, seed_text: str) -> None:
    broken = seed_answer()
    broken["extra_quotes"] = BAD_EXTRAS[:2]
    server.push(tool_answer(broken), tool_answer(seed_answer()))

    summary = summarise(seed_text, **llm_options(server))

    assert summary.meta.attempts == 2 and summary.meta.warnings == []
    assert len(summary.quotes) == 7
