"""The library entry points: ``summarise`` and its async twin ``asummarise``, and their
web twins ``summarise_url``, ``asummarise_url`` and ``summarise_html``."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from summarizer.config import Settings, resolve_settings
from summarizer.document import Document, parse_document
from summarizer.engines import Engine, engine_for
from summarizer.errors import InputError
from summarizer.grounding import ground
from summarizer.inputs import check_text
from summarizer.pricing import with_cost
from summarizer.schema import Meta, Source, Summary

if TYPE_CHECKING:
    from summarizer.sources.fetch import FetchOptions

__all__ = [
    "asummarise",
    "asummarise_url",
    "summarise",
    "summarise_document",
    "summarise_html",
    "summarise_url",
    "with_source",
]


def summarise(text: str, *, settings: Settings | None = None, **options: Any) -> Summary:
    """Summarise one article.

        Options (all optional; explicit > environment > default): ``engine``
        (auto|llm|offline), ``model``, ``base_url``, ``api_key``, ``mode``
        (tools|json_schema|md_json), ``max_retries``, ``timeout``, ``temperature``,
        ``max_tokens``, ``max_chars``, ``max_input_tokens`` (an article over it is summarised
    in overlapping parts, see ``summarizer.llm.long``). Pass a ready ``settings`` instead
    to skip resolution.
        Offsets index ``text`` as given (a leading U+FEFF included); a lone surrogate is
        replaced by U+FFFD one for one (see ``check_text``). For a file, ``read_article``
        gives exactly the text the ``summarise`` command reads.
    """
    settings = settings or resolve_settings(**options)
    text = check_text(text, max_chars=settings.max_chars)
    return summarise_document(parse_document(text), settings)


async def asummarise(text: str, *, settings: Settings | None = None, **options: Any) -> Summary:
    """The async twin of ``summarise`` (uses AsyncOpenAI for the LLM engine)."""
    settings = settings or resolve_settings(**options)
    text = check_text(text, max_chars=settings.max_chars)
    document = _summarisable(parse_document(text))
    engine = engine_for(settings.engine)
    started = time.perf_counter()
    draft, meta = await engine.adraft(document, settings)
    return ground(draft, document, _finished(engine, meta, started))


def summarise_document(document: Document, settings: Settings) -> Summary:
    """Summarise an already parsed Document with resolved settings."""
    _summarisable(document)
    engine = engine_for(settings.engine)
    started = time.perf_counter()
    draft, meta = engine.draft(document, settings)
    return ground(draft, document, _finished(engine, meta, started))


def _summarisable(document: Document) -> Document:
    """``document``, or an InputError when it holds no sentence (metadata lines only) or
    no word at all (only punctuation, symbols, emoji or invisible characters)."""
    if not document.sentences:
        raise InputError(
            "the article has only metadata lines (date:, title:, source: ...) and no text "
            "to summarise; add the article's body after them"
        )
    if not any(char.isalnum() for sentence in document.sentences for char in sentence.text):
        raise InputError(
            "the article has no words to summarise (only punctuation, symbols or invisible "
            "characters); give the article's text"
        )
    return document


def _finished(engine: Engine, meta: Meta, started: float) -> Meta:
    """The engine's meta with its wall-clock latency and, if it has one, its estimated cost."""
    meta = meta.model_copy(update={"latency_s": round(time.perf_counter() - started, 4)})
    return with_cost(meta) if engine.has_cost else meta


def with_source(summary: Summary, source: Source | None) -> Summary:
    """``summary`` with where its text came from (no change for plain text); the page's
    date fills ``published`` when the text itself states none."""
    if source is None:
        return summary
    return summary.model_copy(
        update={"source": source, "published": summary.published or source.published}
    )


def summarise_url(
    url: str,
    *,
    settings: Settings | None = None,
    fetch_options: FetchOptions | None = None,
    **options: Any,
) -> Summary:
    """Fetch an http(s) page, extract its article and summarise it; ``summary.source``
    says where the text came from, and offsets index ``extract_article``'s text (the
    JSON view of the CLI adds it as ``"text"``). Raises FetchError (exit 10) when the
    page cannot be fetched, InputError when it holds no article."""
    from summarizer.sources.load import load

    settings = settings or resolve_settings(**options)
    loaded = load(
        url, max_chars=settings.max_chars, encoding=settings.encoding, fetch_options=fetch_options
    )
    summary = summarise_document(parse_document(loaded.text), settings)
    return with_source(summary, loaded.source)


async def asummarise_url(
    url: str,
    *,
    settings: Settings | None = None,
    fetch_options: FetchOptions | None = None,
    **options: Any,
) -> Summary:
    """The async twin of ``summarise_url`` (the fetch runs in a thread)."""
    from summarizer.sources.load import load

    settings = settings or resolve_settings(**options)
    loaded = await asyncio.to_thread(
        load,
        url,
        max_chars=settings.max_chars,
        encoding=settings.encoding,
        fetch_options=fetch_options,
    )
    summary = await asummarise(loaded.text, settings=settings)
    return with_source(summary, loaded.source)


def summarise_html(
    html: str, url: str | None = None, *, settings: Settings | None = None, **options: Any
) -> Summary:
    """Summarise the article in a web page's HTML (a saved page); ``url`` is where it came
    from, if known. Offsets index ``extract_article(html, url).text``."""
    from summarizer.sources.load import from_html

    settings = settings or resolve_settings(**options)
    loaded = from_html(html, url=url, max_chars=settings.max_chars)
    summary = summarise_document(parse_document(loaded.text), settings)
    return with_source(summary, loaded.source)
