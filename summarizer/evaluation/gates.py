"""Gates: ``--fail-under METRIC=VALUE`` thresholds and ``--baseline`` regressions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError

__all__ = ["GateResult", "check_baseline", "check_thresholds", "load_baseline", "parse_threshold"]


@dataclass(frozen=True)
class GateResult:
    label: str
    passed: bool
    message: str
    changed: bool = True
    """False for a baseline comparison whose value did not move."""


def parse_threshold(spec: str, known: Sequence[str]) -> tuple[str, float]:
    """``quotes.f1=0.8`` -> ("quotes.f1", 0.8); a bad spec is a one-line ConfigError."""
    metric, sep, raw = spec.partition("=")
    metric = metric.strip()
    if not sep or not metric:
        raise ConfigError(f"--fail-under {spec!r}: write METRIC=VALUE, e.g. quotes.f1=0.8")
    if metric not in known:
        raise ConfigError(f"--fail-under: unknown metric {metric!r}; use one of {', '.join(known)}")
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"--fail-under {spec!r}: {raw!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"--fail-under {spec!r}: metrics are shares, use a value from 0 to 1")
    return metric, value


def check_thresholds(report: dict[str, Any], specs: Sequence[str]) -> list[GateResult]:
    """One result per threshold; an undefined metric (n/a) fails, since nothing was measured."""
    results = []
    for spec in specs:
        metric, threshold = parse_threshold(spec, list(report["metrics"]))
        value = report["metrics"][metric]["value"]
        shown = "n/a" if value is None else f"{value:.4f}"
        passed = value is not None and value >= threshold
        message = f"{metric} = {shown} {'>=' if passed else 'is under'} {threshold}"
        results.append(GateResult(f"fail-under {metric}={threshold}", passed, message))
    return results


def load_baseline(path: Path) -> dict[str, Any]:
    """An earlier report.json (or the run directory that holds one)."""
    if path.is_dir():
        path = path / "report.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"--baseline {path}: cannot read ({exc.strerror})") from None
    except ValueError:
        raise ConfigError(f"--baseline {path}: not a JSON report") from None
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise ConfigError(f"--baseline {path}: no 'metrics' object; is it an eval report.json?")
    return data


def check_baseline(report: dict[str, Any], baseline: dict[str, Any]) -> list[GateResult]:
    """Deltas against a baseline; a metric fails when it falls below the baseline's interval.

    That is, when it drops by more than (baseline value - lower bound of its bootstrap 95%
    interval): drops within what resampling the fixtures alone produces are let through.
    """
    results = []
    for metric, now in report["metrics"].items():
        before = baseline["metrics"].get(metric)
        if not isinstance(before, dict) or before.get("value") is None or now["value"] is None:
            continue
        old, new = float(before["value"]), float(now["value"])
        low = before.get("low")
        allowance = max(0.0, old - float(low)) if low is not None else 0.0
        delta = new - old
        passed = -delta <= allowance + 1e-9
        message = f"{metric}: {old:.4f} -> {new:.4f} ({delta:+.4f}, allowed drop {allowance:.4f})"
        results.append(GateResult(f"baseline {metric}", passed, message, abs(delta) > 1e-9))
    return results
