"""Views over summaries that a person looks at: the annotated article page (HTML) and the
batch report (HTML, Markdown, JSON). Templates live in ``templates/`` beside this file."""

from __future__ import annotations

from summarizer.views.html import to_html

__all__ = ["to_html"]
