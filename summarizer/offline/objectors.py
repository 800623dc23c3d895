"""Actors listed as objectors: "approved X over the objections of parents, teachers and
neighbours" - each listed actor opposes the action the clause reports (the issue)."""

from __future__ import annotations

import re

from summarizer.document import Document
from summarizer.draft import DraftStance
from summarizer.offline.lexicon import Lexicon
from summarizer.offline.phrases import phrase_pattern
from summarizer.offline.registry import Cast

__all__ = ["objector_stances"]

_LIST_END = re.compile(r"[.;:!?()\"“”]|\s(?:who|which|that|at|in|on|after|before|to)\s")
_ITEM_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s+or\s+")


def objector_stances(
    document: Document, cast: Cast, lex: Lexicon, issue: str | None
) -> list[DraftStance]:
    """One oppose stance on ``issue`` per cast member named in an objectors' list."""
    if issue is None:
        return []
    text = document.text
    found: list[DraftStance] = []
    for sentence in document.sentences:
        cues = phrase_pattern(lex.objector_phrases)
        for cue in cues.finditer(text, sentence.start, sentence.end):
            end = _LIST_END.search(text, cue.end, sentence.end)
            stop = end.start() if end is not None else sentence.end
            cursor = cue.end
            for item in _ITEM_SPLIT.split(text[cue.end : stop]):
                start = text.find(item, cursor, stop)
                if not item.strip() or start < 0:
                    continue
                cursor = start + len(item)
                mention = cast.first_mention(start, cursor)
                if mention is not None and mention[1] <= cursor:
                    found.append(DraftStance(mention[2].name, issue, "oppose", [sentence.id]))
    return found
