"""Per-model prices: a shipped table (``data/prices.json``) that ``--prices FILE`` overrides.

A model that is not in the table costs ``None`` (unknown), never a guess: a dated
snapshot or a local model gets a price only when the table names it exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError
from summarizer.schema import Meta, Usage

__all__ = ["Price", "PriceTable", "load_prices", "with_cost"]

_PER = 1_000_000


@dataclass(frozen=True)
class Price:
    """US dollars per million input (prompt) and output (completion) tokens."""

    input: float
    output: float
    batch: float = 1.0
    """What the provider's Batch API charges, as a factor of these prices (0.5: half)."""

    def cost(self, usage: Usage) -> float:
        total = usage.prompt_tokens * self.input + usage.completion_tokens * self.output
        return round(total / _PER, 8)


class PriceTable:
    """Model name -> Price; exact names only."""

    def __init__(self, prices: dict[str, Price]) -> None:
        self.prices = prices

    def price(self, model: str | None) -> Price | None:
        return self.prices.get(model) if model else None

    def cost(self, model: str | None, usage: Usage) -> float | None:
        """Dollars for ``usage`` on ``model``, or None when the model's price is unknown."""
        price = self.price(model)
        return None if price is None else price.cost(usage)

    def batch_cost(self, model: str | None, usage: Usage, batched: Usage) -> float | None:
        """Dollars for ``usage`` of which ``batched`` was answered through the Batch API
        (at the model's ``batch`` factor) and the rest interactively (re-asks)."""
        price = self.price(model)
        if price is None:
            return None
        return round(price.cost(usage) - (1.0 - price.batch) * price.cost(batched), 8)


def _parse(data: Any, where: str) -> dict[str, Price]:
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, dict):
        raise ConfigError(
            f'{where}: expected {{"models": {{"NAME": {{"input": X, "output": Y}}}}}}'
        )
    prices: dict[str, Price] = {}
    default_batch = data.get("batch", 1.0)
    for name, entry in models.items():
        try:
            price = Price(
                input=float(entry["input"]),
                output=float(entry["output"]),
                batch=float(entry.get("batch", default_batch)),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ConfigError(
                f"{where}: model {name!r} needs numeric 'input' and 'output' dollars per "
                "million tokens (and a numeric 'batch' factor, if any)"
            ) from None
        if price.input < 0 or price.output < 0 or not 0 <= price.batch <= 1:
            raise ConfigError(
                f"{where}: model {name!r} has a negative price or a 'batch' factor outside 0..1"
            )
        prices[str(name)] = price
    return prices


def _shipped() -> dict[str, Price]:
    text = resources.files("summarizer").joinpath("data/prices.json").read_text("utf-8")
    return _parse(json.loads(text), "summarizer/data/prices.json")


def load_prices(override: Path | None = None) -> PriceTable:
    """The shipped table, with the entries of ``override`` (a JSON file) replacing or adding."""
    prices = _shipped()
    if override is not None:
        try:
            data = json.loads(Path(override).read_text("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{override}: cannot read the price file ({exc.strerror})") from None
        except ValueError as exc:
            raise ConfigError(
                f"{override}: not valid JSON ({exc}); see --help for the format"
            ) from None
        prices.update(_parse(data, str(override)))
    return PriceTable(prices)


_default: PriceTable | None = None


def with_cost(meta: Meta, table: PriceTable | None = None) -> Meta:
    """``meta`` with ``cost_usd`` set from the price table (None for unknown models); a
    summary made without a model (the offline engine) has no cost and is left alone."""
    global _default
    if meta.model is None:
        return meta
    if table is None:
        _default = _default or load_prices()
        table = _default
    return meta.model_copy(update={"cost_usd": table.cost(meta.model, meta.usage)})
