"""Where articles come from: a file, standard input, a URL, a saved web page or a feed
entry, each turned into text + ``Source`` (see ``load``).

Modules: ``urls`` (telling and checking URLs), ``fetch`` (httpx, bounded and retried),
``robots`` (urllib.robotparser), ``decode`` (a page's charset), ``article``
(trafilatura), ``feeds`` (feedparser), ``load`` (any of these to text + Source),
``politeness`` (per-host limits for a batch).
"""

from summarizer.sources.article import Article, extract_article
from summarizer.sources.fetch import FetchOptions
from summarizer.sources.load import Loaded, load

__all__ = ["Article", "FetchOptions", "Loaded", "extract_article", "load"]
