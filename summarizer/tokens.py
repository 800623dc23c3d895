"""How many tokens a text costs, and how many one request may send (the input budget).

The estimate is fast and needs nothing: a token per four ASCII characters, plus one per
other character (accented letters, CJK, Cyrillic: a non-ASCII character is rarely
cheaper than a token in the usual tokenizers, so the estimate errs on the safe side).
When ``tiktoken`` is installed and its encoding is available offline, it counts
exactly instead; it is optional, never a requirement.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.util import find_spec

from summarizer.config import Settings

__all__ = [
    "DEFAULT_INPUT_TOKENS",
    "input_budget",
    "model_limits",
    "token_counter",
]

DEFAULT_INPUT_TOKENS = 12_000
"""The budget for a model the table does not know (a local model's context is often 16k)."""
MOST_INPUT_TOKENS = 100_000
"""The largest default budget, even for a model with a larger context: the answer lists
every quote candidate and stance of its input, and it must fit the output limit."""
PROMPT_TOKENS = 3_000
"""Room kept for the instructions, the response schema and the candidate list."""

Counter = Callable[[str], int]


def estimate_tokens(text: str) -> int:
    """The fast estimate: ASCII characters / 4, plus one token per other character."""
    ascii_chars = len(text.encode("ascii", "ignore"))
    return -(-ascii_chars // 4) + (len(text) - ascii_chars)


@cache
def token_counter(model: str | None) -> Counter:
    """``tiktoken``'s count for ``model`` (or its ``o200k_base``) when it can run here,
    else ``estimate_tokens``."""
    if find_spec("tiktoken") is None:
        return estimate_tokens
    try:
        import tiktoken

        try:
            encoding = tiktoken.encoding_for_model(model or "")
        except KeyError:
            encoding = tiktoken.get_encoding("o200k_base")
        encoding.encode("probe")  # the encoding's file may need a download: fail here
    except Exception:
        return estimate_tokens
    return lambda text: len(encoding.encode(text, disallowed_special=()))


@cache
def model_limits() -> dict[str, tuple[int, int]]:
    """Model name -> (context window, output limit) from ``data/models.json``."""
    raw = resources.files("summarizer").joinpath("data/models.json").read_text("utf-8")
    models = json.loads(raw)["models"]
    return {name: (int(entry["context"]), int(entry["output"])) for name, entry in models.items()}


def input_budget(settings: Settings) -> int:
    """The article tokens one request may carry: ``--max-input-tokens``, else the model's
    context less its output limit and the prompt (at most ``MOST_INPUT_TOKENS``), else
    ``DEFAULT_INPUT_TOKENS``."""
    if settings.max_input_tokens is not None:
        return settings.max_input_tokens
    limits = model_limits().get(settings.model or "")
    if limits is None:
        return DEFAULT_INPUT_TOKENS
    context, output = limits
    return max(500, min(MOST_INPUT_TOKENS, context - output - PROMPT_TOKENS))
