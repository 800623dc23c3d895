"""Issue 10 item 1: spacing inside a lexicon phrase never changes (or crashes) a lookup.

Hard-wrapped newsletters, wire copy with double spaces, tabs and non-breaking
spaces are ordinary input; every phrase the offline engine looks up is compared
word by word, whatever separates the words.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from summarizer import summarise
from summarizer.cli import app
from summarizer.document import parse_document
from summarizer.offline.lexicon import lexicon
from summarizer.offline.phrases import Words, phrase_index, phrase_pattern
from summarizer.offline.stances import issue_of

SPACES = ["  ", "\t", "\u00a0", "\n", " \n\t "]
MULTI_WORD_ISSUES = sorted(p for p in lexicon().issue_nominals if " " in p)


def _lists() -> dict[str, tuple[str, ...]]:
    lex = lexicon()
    return {
        "issue_nominals": tuple(lex.issue_nominals),
        "support": lex.support,
        "oppose": lex.oppose,
        "neutral": lex.neutral,
        "according_to": lex.according_to,
        "target_stop": lex.target_stop,
        "target_breaks": lex.target_breaks,
        "background_markers": lex.background_markers,
        "reversal_complements": lex.reversal_complements,
        "government_heads": lex.government_heads,
        "role_nouns": lex.role_nouns,
        "org_nouns": lex.org_nouns,
    }


def test_the_issue_examples_are_multi_word_cues() -> None:
    for cue in ("called for", "walked off", "cut jobs", "lay off", "rate rise", "take over"):
        assert cue in MULTI_WORD_ISSUES


@pytest.mark.parametrize("space", SPACES, ids=repr)
@pytest.mark.parametrize("cue", MULTI_WORD_ISSUES)
def test_a_cue_spaced_any_way_gives_the_same_issue(cue: str, space: str) -> None:
    text = f"The union {cue} on Monday.\n\nThe port was quiet on Tuesday.\n"
    spaced = text.replace(cue, cue.replace(" ", space))
    expected = issue_of(parse_document(text), lexicon())
    assert expected is not None
    assert issue_of(parse_document(spaced), lexicon()) == expected
    summary = summarise(spaced, engine="offline")
    assert summary.title


@pytest.mark.parametrize("space", SPACES, ids=repr)
@pytest.mark.parametrize("name", sorted(_lists()))
def test_every_listed_phrase_matches_whatever_separates_its_words(name: str, space: str) -> None:
    phrases = _lists()[name]
    pattern, index = phrase_pattern(phrases), phrase_index(phrases)
    multi = [p for p in phrases if len(p.split()) > 1]
    assert multi, name
    for phrase in multi:
        written = "x " + space.join(phrase.upper().split()) + " y"
        hit = pattern.search(written)
        assert hit is not None, (name, phrase)
        assert (hit.start, hit.end) == (2, len(written) - 2)
        found = index.search(Words(written), 0, len(written))
        assert found is not None and (found.start, found.end) == (2, len(written) - 2)


def test_a_phrase_does_not_run_over_punctuation() -> None:
    index = phrase_index(("called for",))
    text = "The union called, for the third time, a strike."
    assert index.search(Words(text), 0, len(text)) is None


def test_the_issue_command_no_longer_crashes() -> None:
    result = CliRunner().invoke(
        app, ["-", "--engine", "offline"], input=b"The union called  for a strike on Monday.\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr
