"""String normalisation shared by every scorer (evals/fixtures/README.md, Matching rules).

One function per rule so that each scorer compares strings the same way; ``fold``,
``normalise`` and ``name_key`` live in ``summarizer.names`` (the merge of long articles
matches names with them too).
"""

from __future__ import annotations

import re

from summarizer.names import fold, name_key, normalise

__all__ = ["fold", "name_key", "normalise", "tokens"]

_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The word tokens of a normalised string (for token-level F1)."""
    return _WORD.findall(normalise(text))
