"""A long synthetic article for the long-document tests: a dev fixture repeated with
distinct names, and a scripted model that answers each part from the copies' gold."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.chunking import Chunk, part_document
from summarizer.document import Document, parse_document
from summarizer.evaluation.fixtures import Fixture
from summarizer.evaluation.gold_answers import answer_for
from summarizer.llm.response import mentions
from summarizer.testing import RecordedRequest, Scripted, summary_completion, tool_call_completion

FIXTURE = Path(__file__).resolve().parent.parent / "evals" / "fixtures" / "dev-01-port-strike.json"
# the names that make each copy a story of its own (the union and the ministry stay)
RENAMES = [
    {},
    {
        "Calderhaven": "Westerby",
        "Quayle": "Marlowe",
        "Bernadette": "Imogen",
        "Fenwick": "Hartley",
        "Douglas": "Ewan",
        "Tate": "Corrigan",
        "Rhiannon": "Niamh",
        "Norrland": "Skarholm",
    },
    {
        "Calderhaven": "Ashcombe",
        "Quayle": "Penhallow",
        "Bernadette": "Tamsin",
        "Fenwick": "Garrow",
        "Douglas": "Alasdair",
        "Tate": "Okafor",
        "Rhiannon": "Sinead",
        "Norrland": "Vestfjord",
    },
    {
        "Calderhaven": "Ravensmoor",
        "Quayle": "Delacroix",
        "Bernadette": "Margit",
        "Fenwick": "Huxtable",
        "Douglas": "Roland",
        "Tate": "Achterberg",
        "Rhiannon": "Ffion",
        "Norrland": "Nordkapp",
    },
]
OVERVIEW = {
    "title": "Dockworkers strike at four ports",
    "summary": "Dockworkers at four ports went on strike over pay. Ships queued offshore.",
    "key_points": ["Four ports are on strike.", "Talks broke down.", "Ships were diverted."],
}


@dataclass
class LongArticle:
    text: str
    copies: list[Fixture]
    ranges: list[tuple[int, int]]  # each copy's place in the text

    @property
    def document(self) -> Document:
        return parse_document(self.text)


def long_article(copies: int = 4) -> LongArticle:
    raw = FIXTURE.read_text("utf-8")
    fixtures = []
    for renames in RENAMES[:copies]:
        changed = raw
        for old, new in renames.items():
            changed = re.sub(rf"\b{old}\b", new, changed)
        fixtures.append(Fixture.model_validate(json.loads(changed)))
    texts = [fixture.text.strip() for fixture in fixtures]
    ranges, cursor = [], 0
    for text in texts:
        ranges.append((cursor, cursor + len(text)))
        cursor += len(text) + 2
    return LongArticle("\n\n".join(texts), fixtures, ranges)


class PartAnswers:
    """Answers each request: a part (found by its first sentence id) with what the copies'
    gold says about the sentences it shows, the final call with ``OVERVIEW``."""

    def __init__(self, article: LongArticle, chunks: list[Chunk]) -> None:
        self.article = article
        self.document = article.document
        self.chunks = chunks
        self.answers: list[dict[str, Any]] = []
        self.overviews = 0
        self.moved: dict[str, str] = {}
        self.by_part: dict[int, dict[str, Any]] = {}

    def __call__(self, request: RecordedRequest) -> Scripted:
        assert request.body is not None
        user = request.body["messages"][-1]["content"]
        if "ArticleOverview" in json.dumps(request.body.get("tools", "")):
            self.overviews += 1
            return Scripted(body=tool_call_completion("ArticleOverview", OVERVIEW))
        first = re.search(r"\[(S\d+)\]", user)
        assert first is not None
        start = self.document.sentence(first.group(1)).start  # type: ignore[union-attr]
        chunk = next(c for c in self.chunks if c.start == start)
        answer = self.answer(chunk)
        self.misattribute_lead_in(answer, chunk)
        self.answers.append(answer)
        self.by_part[chunk.number] = answer
        return Scripted(body=summary_completion(answer))

    def misattribute_lead_in(self, answer: dict[str, Any], chunk: Chunk) -> None:
        """Give each person's quote in the repeated lead-in to an organisation of the part:
        the part that owns the quote must win the merge. Recorded in ``self.moved``."""
        actors = answer["actors"]
        for actor in actors:
            if actor["kind"] != "person":
                continue
            for quote_id in list(actor["quotes"]):
                quote = self.document.quote(quote_id)
                other = next((a for a in actors if a["kind"] == "organization"), None)
                if quote is None or chunk.owns(quote.start) or other is None:
                    continue
                actor["quotes"].remove(quote_id)
                other["quotes"].append(quote_id)
                self.moved[quote_id] = other["name"]

    def answer(self, chunk: Chunk) -> dict[str, Any]:
        """The copies' gold answers over the part, each on its own stretch, as one."""
        actors: dict[str, dict[str, Any]] = {}
        combined: dict[str, Any] = {}
        unattributed: list[str] = []
        for fixture, (low, high) in zip(self.article.copies, self.article.ranges, strict=True):
            start, end = max(low, chunk.start), min(high, chunk.end)
            if start >= end:
                continue
            view = part_document(self.document, Chunk(1, start, end, start, 0), 1)
            if not view.sentences:
                continue
            answer = answer_for(as_seen(fixture, view), view)
            combined = combined or answer
            unattributed += answer["unattributed_quotes"]
            for actor in answer["actors"]:
                known = actors.setdefault(actor["name"], {**actor, "quotes": [], "stances": []})
                known["quotes"] += actor["quotes"]
                known["stances"] += actor["stances"]
                known["aliases"] = list(dict.fromkeys(known["aliases"] + actor["aliases"]))
        return {**combined, "actors": list(actors.values()), "unattributed_quotes": unattributed}


def as_seen(fixture: Fixture, view: Document) -> Fixture:
    """The fixture as a model reading only ``view`` would name its actors: by the first
    alias the view writes when it does not write the full name (a later part may know
    Bernadette Quayle only as "Quayle")."""
    names: dict[str, str] = {}
    actors = []
    for actor in fixture.gold.actors:
        name = actor.name
        if not mentions(view, name):
            name = next((alias for alias in actor.aliases if mentions(view, alias)), name)
        names[actor.name] = name
        actors.append(actor.model_copy(update={"name": name}))
    quotes = [
        q.model_copy(update={"speaker": names.get(q.speaker or "", q.speaker)})
        for q in fixture.gold.quotes
    ]
    stances = [
        s.model_copy(update={"actor": names.get(s.actor, s.actor)}) for s in fixture.gold.stances
    ]
    gold = fixture.gold.model_copy(update={"actors": actors, "quotes": quotes, "stances": stances})
    return fixture.model_copy(update={"gold": gold})
