"""The engine seam: a third engine is a local change (register it, select it by name),
and every caller asks the registry instead of branching on a name."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

import summarizer
from summarizer.config import Settings, resolve_settings
from summarizer.document import Document
from summarizer.draft import Draft, DraftActor, DraftQuote, DraftStance
from summarizer.engines import (
    Engine,
    LLMEngine,
    OfflineEngine,
    engine_for,
    engine_names,
    register,
    unregister,
)
from summarizer.errors import ConfigError
from summarizer.evaluation.fixtures import Fixture, Gold
from summarizer.evaluation.runner import run_engine
from summarizer.schema import Meta

ARTICLE = (
    "The council voted on Tuesday to close the old bridge.\n\n"
    '"It is no longer safe," said Mayor Ana Ruiz.\n\n'
    "Residents opposed the plan at a packed meeting.\n"
)


@dataclass
class ScriptedEngine:
    """A test double: a Draft that refers to the Document by ids, plus one bad reference."""

    name: str = "fake"
    needs_network: bool = False
    has_cost: bool = False
    seen: list[str] = field(default_factory=list)

    def draft(self, document: Document, settings: Settings) -> tuple[Draft, Meta]:
        self.seen.append(f"draft:{settings.engine}")
        return self._draft(document), Meta(engine=self.name, model=None, attempts=0)

    async def adraft(self, document: Document, settings: Settings) -> tuple[Draft, Meta]:
        self.seen.append(f"adraft:{settings.engine}")
        return self._draft(document), Meta(engine=self.name, model=None, attempts=0)

    def _draft(self, document: Document) -> Draft:
        first, second = document.sentences[0], document.sentences[1]
        return Draft(
            title="Bridge to close",
            summary="The council will close the old bridge.",
            key_points=["The bridge closes.", "The mayor says it is unsafe.", "Residents object."],
            actors=[DraftActor("Ana Ruiz", "person", "Mayor")],
            quotes=[
                DraftQuote(speaker="Ana Ruiz", quote_id=document.quotes[0].id),
                DraftQuote(speaker=None, quote_id="Q99"),  # no such candidate: dropped
            ],
            stances=[DraftStance("Ana Ruiz", "the bridge", "support", [first.id, second.id])],
        )


@pytest.fixture
def fake() -> Iterator[ScriptedEngine]:
    engine = ScriptedEngine()
    register("fake", engine)
    try:
        yield engine
    finally:
        unregister("fake")


def test_the_built_ins_are_registered_with_their_capabilities() -> None:
    assert engine_names()[:2] == ("offline", "llm")
    assert isinstance(engine_for("offline"), OfflineEngine)
    assert isinstance(engine_for("llm"), LLMEngine)
    assert (engine_for("offline").needs_network, engine_for("offline").has_cost) == (False, False)
    assert (engine_for("llm").needs_network, engine_for("llm").has_cost) == (True, True)
    assert all(isinstance(engine_for(name), Engine) for name in engine_names())


def test_a_registered_engine_runs_end_to_end_through_grounding(fake: ScriptedEngine) -> None:
    summary = summarizer.summarise(ARTICLE, engine="fake")
    assert fake.seen == ["draft:fake"]
    assert summary.meta.engine == "fake"
    assert summary.meta.cost_usd is None
    [quote] = summary.quotes
    assert quote.text == ARTICLE[quote.start : quote.end] == "It is no longer safe"
    assert quote.speaker == "Ana Ruiz"
    [stance] = summary.stances
    assert [ARTICLE[span.start : span.end] for span in stance.evidence] == [
        span.text for span in stance.evidence
    ]
    assert stance.evidence[0].text.startswith("The council voted")
    assert any("Q99" in warning for warning in summary.meta.warnings)


def test_the_async_facade_and_the_eval_runner_use_the_registered_engine(
    fake: ScriptedEngine,
) -> None:
    summary = asyncio.run(summarizer.asummarise(ARTICLE, engine="fake"))
    assert summary.meta.engine == "fake"
    run = run_engine(
        [Fixture(id="bridge", text=ARTICLE, gold=Gold())], resolve_settings(engine="fake", env={})
    )
    assert [p.summary.meta.engine for p in run.predictions if p.summary] == ["fake"]
    assert fake.seen == ["adraft:fake", "draft:fake"]  # no network: run one by one


def test_selection_follows_the_registry(fake: ScriptedEngine) -> None:
    assert resolve_settings(engine="FAKE", env={}).engine == "fake"
    assert resolve_settings(env={"SUMMARIZER_ENGINE": "fake"}).engine == "fake"
    unregister("fake")
    with pytest.raises(ConfigError, match="unknown engine 'fake': use one of auto, offline, llm"):
        resolve_settings(engine="fake", env={})
    with pytest.raises(ConfigError, match="unknown engine 'fake'"):
        Settings(engine="fake", engine_reason="built by hand")
    register("fake", fake)  # for the fixture's unregister


def test_an_engine_that_needs_the_network_needs_an_endpoint(fake: ScriptedEngine) -> None:
    fake.needs_network = True
    with pytest.raises(ConfigError, match="the fake engine needs a model endpoint"):
        resolve_settings(engine="fake", env={})
    settings = resolve_settings(engine="fake", base_url="http://127.0.0.1:9/v1", model="m", env={})
    assert (settings.engine, settings.model) == ("fake", "m")


def test_register_refuses_taken_names_and_non_engines() -> None:
    with pytest.raises(ValueError, match="taken"):
        register("llm", ScriptedEngine(name="llm"))
    with pytest.raises(ValueError, match="taken"):
        register("auto", ScriptedEngine(name="auto"))
    with pytest.raises(TypeError, match="not an Engine"):
        register("broken", object())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="built-in"):
        unregister("offline")
    assert "broken" not in engine_names()
