"""summarizer: news articles in, structured and checkable summaries out.

>>> from summarizer import summarise
>>> summary = summarise(open("seeds/000_012b64248e7d0954.txt").read(), engine="offline")
>>> summary.quotes[0].text in summary.model_dump()["quotes"][0]["text"]
True
"""

from summarizer.api import asummarise, asummarise_url, summarise, summarise_html, summarise_url
from summarizer.config import Settings, resolve_settings
from summarizer.document import Document, QuoteCandidate, Sentence, parse_document
from summarizer.errors import (
    BusyError,
    ConfigError,
    FetchError,
    InputError,
    NothingToDoError,
    OutputError,
    ProviderError,
    StorageError,
    SummarizerError,
)
from summarizer.inputs import decode_article, read_article
from summarizer.schema import (
    SCHEMA_VERSION,
    Actor,
    Meta,
    Quote,
    Source,
    Span,
    Stance,
    Summary,
    Usage,
)
from summarizer.sources import Article, FetchOptions, extract_article

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "BusyError",
    "ConfigError",
    "Document",
    "FetchError",
    "FetchOptions",
    "InputError",
    "Meta",
    "NothingToDoError",
    "OutputError",
    "ProviderError",
    "Quote",
    "QuoteCandidate",
    "Sentence",
    "Settings",
    "Source",
    "Span",
    "Stance",
    "StorageError",
    "SummarizerError",
    "Summary",
    "Usage",
    "__version__",
    "asummarise",
    "asummarise_url",
    "decode_article",
    "extract_article",
    "parse_document",
    "read_article",
    "resolve_settings",
    "summarise",
    "summarise_html",
    "summarise_url",
]
