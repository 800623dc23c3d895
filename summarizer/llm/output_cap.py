"""The default cap on the model's answer (``max_tokens``), sized to the article.

Without a cap a small local model can generate until its context is full (6,584 tokens,
about ten minutes on a CPU, was seen) before the answer is even parsed. A full answer
costs a fixed part (title, summary, three to seven key points, the JSON keys) plus a part
that grows with the article: every quote candidate is placed under an actor (its id, and
often a new actor with stances), and stances cite sentence ids. ``--max-tokens`` (or
``Settings.max_tokens``) replaces this estimate.
"""

from __future__ import annotations

from summarizer.document import Document

__all__ = [
    "BASE_TOKENS",
    "CEILING_TOKENS",
    "FLOOR_TOKENS",
    "TOKENS_PER_QUOTE",
    "TOKENS_PER_SENTENCE",
    "default_max_tokens",
]

BASE_TOKENS = 600
"""Title, summary, key points and the JSON structure."""
TOKENS_PER_QUOTE = 40
"""A candidate's id under its actor, and a share of that actor's entry and stances."""
TOKENS_PER_SENTENCE = 8
"""Evidence ids and the actors a longer article brings."""
FLOOR_TOKENS = 1000
"""Room for the fixed part and a few actors, however short the article."""
CEILING_TOKENS = 4000
"""A long article still gets a bounded answer (larger than any fixture's needs)."""


def default_max_tokens(document: Document) -> int:
    """``BASE + 40 x quote candidates + 8 x sentences``, kept within 1,000 to 4,000."""
    estimate = (
        BASE_TOKENS
        + TOKENS_PER_QUOTE * len(document.quotes)
        + TOKENS_PER_SENTENCE * len(document.sentences)
    )
    return max(FLOOR_TOKENS, min(CEILING_TOKENS, estimate))
