"""Offline rules that generalise to unseen articles (issue 16): titled speakers,
group speakers, and stance targets read from the cue's object."""

from __future__ import annotations

import pytest

from summarizer import summarise
from summarizer.schema import Summary


def _run(text: str) -> Summary:
    return summarise(text, engine="offline")


def _speaker(summary: Summary, fragment: str) -> str | None:
    return next(q.speaker for q in summary.quotes if fragment in q.text)


@pytest.mark.parametrize(
    ("attribution", "speaker"),
    [
        ("said Mayor Tom Reed.", "Tom Reed"),
        ("said council member Ana Ruiz, who chairs the panel.", "Ana Ruiz"),
        ("said Dr. Helen Marsh, a surgeon at the Lindale clinic.", "Helen Marsh"),
        ("says Harbour Minister Olga Brandt.", "Olga Brandt"),
    ],
)
def test_said_title_name(attribution: str, speaker: str) -> None:
    text = (
        "The Lindale bridge will close for repairs in May, officials said on Monday.\n\n"
        f'"We have waited long enough for this work to start," {attribution}\n'
    )
    assert _speaker(_run(text), "waited long enough") == speaker


def test_a_clause_after_said_is_no_titled_speaker() -> None:
    text = (
        "Tom Reed opened the meeting. Ana Ruiz spoke next.\n\n"
        '"The bridge is safe," Ana Ruiz said.\n\n'
        '"We will see," said the engineer that Tom Reed hired.\n'
    )
    assert _speaker(_run(text), "We will see") != "Tom Reed"
