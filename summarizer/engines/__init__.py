"""The engine seam: what an engine is (``Engine``) and which ones there are (the registry).

An engine turns a parsed ``Document`` into a ``Draft`` that refers to it, plus the
``Meta`` of how it did so (model, attempts, tokens); grounding and the views do the
rest, whatever the engine. Callers never branch on an engine's name: they look it up
here and ask its capabilities:

- ``needs_network``: it calls a model over HTTP through ``settings.transport`` /
  ``settings.async_transport``, so it needs a configured endpoint, runs concurrently
  in batches and evals, and the response cache and record/replay apply to it;
  otherwise it is CPU work (a batch runs it in a process pool).
- ``has_cost``: its ``Meta`` gets ``cost_usd`` from the price table.

The built-ins are ``offline`` (rules, ``summarizer.offline``) and ``llm`` (instructor
over openai, ``summarizer.llm``); each is imported on first use, so looking one up
costs nothing. Adding an engine is ``register(name, engine)``: ``--engine``,
``SUMMARIZER_ENGINE`` and ``summarise(text, engine=name)`` accept it from then on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.document import Document
    from summarizer.draft import Draft
    from summarizer.schema import Meta

__all__ = [
    "BUILTIN_ENGINES",
    "Engine",
    "LLMEngine",
    "OfflineEngine",
    "engine_for",
    "engine_names",
    "register",
    "unregister",
]


@runtime_checkable
class Engine(Protocol):
    """An engine: a Draft of a Document under Settings, sync and async."""

    name: str
    """What ``--engine`` and ``Meta.engine`` call it."""
    needs_network: bool
    has_cost: bool

    def draft(self, document: Document, settings: Settings) -> tuple[Draft, Meta]:
        """The Draft of ``document`` and how it was made (``Meta.engine`` is ``name``)."""
        ...

    async def adraft(self, document: Document, settings: Settings) -> tuple[Draft, Meta]:
        """The async twin of ``draft``."""
        ...


class OfflineEngine:
    """Rules alone: no model, no network, no cost (``summarizer.offline``)."""

    name = "offline"
    needs_network = False
    has_cost = False

    def draft(self, document: Document, settings: Settings) -> tuple[Draft, Meta]:
        from summarizer.offline import draft_offline
        from summarizer.schema import Meta

        meta = Meta(engine=self.name, model=None, prompt_version=None, attempts=0)
        return draft_offline(document), meta

    async def adraft(self, document: Document, settings: Settings) -> tuple[Draft, Meta]:
        """CPU work, done at once: there is nothing to wait for."""
        return self.draft(document, settings)


class LLMEngine:
    """A model behind an OpenAI-compatible endpoint, through instructor (``summarizer.llm``)."""

    name = "llm"
    needs_network = True
    has_cost = True

    def draft(self, document: Document, settings: Settings) -> tuple[Draft, Meta]:
        from summarizer.llm.long import draft_article  # long articles go in parts

        return draft_article(document, settings)

    async def adraft(self, document: Document, settings: Settings) -> tuple[Draft, Meta]:
        from summarizer.llm.long import adraft_article

        return await adraft_article(document, settings)


BUILTIN_ENGINES: tuple[str, ...] = ("llm", "offline")
"""The engines that ship with the package (the CLI's ``--engine`` choices, with auto)."""
_REGISTRY: dict[str, Engine] = {"offline": OfflineEngine(), "llm": LLMEngine()}


def register(name: str, engine: Engine) -> None:
    """Make ``engine`` selectable as ``name``; a built-in's name or ``auto`` is refused."""
    if name == "auto" or name in BUILTIN_ENGINES:
        raise ValueError(f"engine name {name!r} is taken: choose another")
    if not isinstance(engine, Engine):
        raise TypeError(
            f"{engine!r} is not an Engine (name, needs_network, has_cost, draft, adraft)"
        )
    _REGISTRY[name] = engine


def unregister(name: str) -> None:
    """Forget an engine added with ``register`` (the built-ins stay)."""
    if name in BUILTIN_ENGINES:
        raise ValueError(f"the built-in engine {name!r} cannot be unregistered")
    _REGISTRY.pop(name, None)


def engine_names() -> tuple[str, ...]:
    """Every selectable engine name, built-ins first."""
    return tuple(_REGISTRY)


def engine_for(name: str) -> Engine:
    """The engine called ``name``; a ConfigError that lists the choices otherwise."""
    try:
        return _REGISTRY[name]
    except KeyError:
        choices = ", ".join(("auto", *engine_names()))
        raise ConfigError(f"unknown engine {name!r}: use one of {choices}") from None
