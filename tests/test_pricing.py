"""The price table: exact model names only, unknown -> None, overridable by a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.errors import ConfigError
from summarizer.pricing import load_prices, with_cost
from summarizer.schema import Meta, Usage

USAGE = Usage(prompt_tokens=2_000_000, completion_tokens=1_000_000)


def test_known_model_costs_input_and_output_per_million() -> None:
    table = load_prices()
    price = table.price("gpt-4o-mini")
    assert price is not None
    assert table.cost("gpt-4o-mini", USAGE) == pytest.approx(2 * price.input + price.output)


@pytest.mark.parametrize("model", ["llama3.1:8b", "gpt-4o-mini-2099-01-01", "", None])
def test_unknown_model_costs_none_never_a_guess(model: str | None) -> None:
    assert load_prices().cost(model, USAGE) is None


def test_override_file_replaces_and_adds(tmp_path: Path) -> None:
    override = tmp_path / "prices.json"
    override.write_text(
        json.dumps(
            {
                "models": {
                    "gpt-4o-mini": {"input": 1, "output": 2},
                    "local": {"input": 0, "output": 0},
                }
            }
        )
    )
    table = load_prices(override)
    assert table.cost("gpt-4o-mini", USAGE) == pytest.approx(4.0)
    assert table.cost("local", USAGE) == 0.0
    assert table.cost("gpt-4o", USAGE) is not None  # the shipped entries stay


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"models": {"m": {"input": "cheap"}}}',
        '{"models": {"m": {"input": -1, "output": 1}}}',
    ],
)
def test_bad_override_is_a_config_error(tmp_path: Path, content: str) -> None:
    override = tmp_path / "prices.json"
    override.write_text(content)
    with pytest.raises(ConfigError):
        load_prices(override)


def test_missing_override_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_prices(tmp_path / "absent.json")


def test_with_cost_sets_llm_meta_and_leaves_offline_alone() -> None:
    llm = Meta(engine="llm", model="gpt-4o", usage=Usage(prompt_tokens=1000, completion_tokens=100))
    assert with_cost(llm).cost_usd == load_prices().cost("gpt-4o", llm.usage)
    assert with_cost(llm.model_copy(update={"model": "mystery"})).cost_usd is None
    offline = Meta(engine="offline", attempts=0)
    assert with_cost(offline).cost_usd is None


def test_batch_factor_shipped_overridden_and_checked(tmp_path: Path) -> None:
    usage = Usage(prompt_tokens=1_000_000, completion_tokens=0)
    shipped = load_prices()
    assert shipped.batch_cost("gpt-4o-mini", usage, usage) == 0.075  # half of 0.15
    assert shipped.batch_cost("gpt-4o-mini", usage, Usage()) == 0.15  # all re-asks
    table = tmp_path / "prices.json"
    table.write_text(
        '{"batch": 0.25, "models": {"a": {"input": 1, "output": 1}, '
        '"b": {"input": 1, "output": 1, "batch": 1}}}'
    )
    custom = load_prices(table)
    assert custom.batch_cost("a", usage, usage) == 0.25
    assert custom.batch_cost("b", usage, usage) == 1.0
    assert custom.batch_cost("unknown", usage, usage) is None
    table.write_text('{"models": {"a": {"input": 1, "output": 1, "batch": 2}}}')
    with pytest.raises(ConfigError, match="'batch' factor outside"):
        load_prices(table)
