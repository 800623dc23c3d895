"""The eval runner and command: perfect and empty predictions, reports, gates, baselines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation.aggregate import METRICS, aggregate, score_fixture
from summarizer.evaluation.fixtures import Fixture, load_fixtures
from summarizer.evaluation.gold import prediction_from_gold
from summarizer.evaluation.runner import empty_summary
from summarizer.schema import Summary
from tests.conftest import FIXTURES

runner = CliRunner()
ZERO_WHEN_EMPTY = ("recall", "f1", "coverage")


@pytest.fixture(scope="module")
def fixtures() -> list[Fixture]:
    return load_fixtures(FIXTURES)


def write_predictions(directory: Path, predictions: dict[str, Summary]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for fixture_id, summary in predictions.items():
        (directory / f"{fixture_id}.json").write_text(summary.model_dump_json(), "utf-8")
    return directory


def gold_predictions(fixtures: list[Fixture]) -> dict[str, Summary]:
    return {f.id: prediction_from_gold(f) for f in fixtures}


def run_eval(*args: str) -> Any:
    return runner.invoke(app, ["eval", *args])


def one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_prediction_from_gold_scores_one_on_every_metric(fixtures: list[Fixture]) -> None:
    results = [score_fixture(f, prediction_from_gold(f)) for f in fixtures]
    for result in results:
        assert result.reasons == [], (result.id, result.reasons[:3])
    metrics = aggregate(results)
    assert {name: m.value for name, m in metrics.items()} == dict.fromkeys(METRICS, 1.0)
    assert all(m.low == m.high == 1.0 for m in metrics.values())


def test_empty_prediction_scores_zero(fixtures: list[Fixture]) -> None:
    metrics = aggregate([score_fixture(f, empty_summary()) for f in fixtures])
    for name, metric in metrics.items():
        if name.endswith(ZERO_WHEN_EMPTY):
            assert metric.value == 0.0, name
        else:  # precision, accuracy, grounding of nothing predicted: nothing to measure
            assert metric.value is None, name


def test_bootstrap_interval_is_seeded_and_brackets_the_value(fixtures: list[Fixture]) -> None:
    results = []
    for i, fixture in enumerate(fixtures):
        prediction = prediction_from_gold(fixture)
        if i % 3 == 0:  # damage some fixtures so the metric varies across them
            prediction = prediction.model_copy(update={"quotes": prediction.quotes[:1]})
        results.append(score_fixture(fixture, prediction))
    first, again = aggregate(results), aggregate(results)
    assert first == again
    recall = first["quotes.recall"]
    assert recall.low is not None and recall.high is not None and recall.value is not None
    assert recall.low < recall.value < recall.high <= 1.0
    assert aggregate(results, seed=1)["quotes.recall"] != recall


def test_eval_scores_predictions_and_writes_every_report(
    tmp_path: Path, fixtures: list[Fixture]
) -> None:
    predictions = write_predictions(tmp_path / "pred", gold_predictions(fixtures))
    out = tmp_path / "run"
    result = run_eval(str(FIXTURES), "--predictions", str(predictions), "--out", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["fixture_count"] == len(fixtures)
    assert report["metrics"]["quotes.f1"]["value"] == 1.0
    assert {row["id"] for row in report["per_fixture"]} == {f.id for f in fixtures}
    assert sorted(p.name for p in (out / "predictions").iterdir()) == sorted(
        f"{f.id}.json" for f in fixtures
    )
    suite = ET.parse(out / "junit.xml").getroot()
    assert suite.get("tests") == str(len(fixtures)) and suite.get("failures") == "0"
    assert "| `quotes.f1` | 1.000 |" in (out / "report.md").read_text()
    assert "all (micro)" in result.stdout


def damaged(fixtures: list[Fixture], victim: str) -> dict[str, Summary]:
    predictions = gold_predictions(fixtures)
    perfect = predictions[victim]
    predictions[victim] = perfect.model_copy(
        update={"quotes": perfect.quotes[1:], "summary": perfect.summary + " 987654 people."}
    )
    return predictions


def test_report_md_puts_the_worst_fixture_first_with_what_it_missed(
    tmp_path: Path, fixtures: list[Fixture]
) -> None:
    predictions = write_predictions(tmp_path / "pred", damaged(fixtures, "dev-09-mayoral-debate"))
    out = tmp_path / "run"
    assert (
        run_eval(str(FIXTURES), "--predictions", str(predictions), "--out", str(out)).exit_code == 0
    )
    markdown = (out / "report.md").read_text()
    table_rows = [line for line in markdown.splitlines() if line.startswith("| dev-")]
    assert table_rows[0].startswith("| dev-09-mayoral-debate |")
    missed = markdown.split("### dev-09-mayoral-debate")[1].split("###")[0]
    assert "- missed quote: " in missed
    assert "- invented number: 987654" in missed
    suite = ET.parse(out / "junit.xml").getroot()
    failing = [case.get("name") for case in suite if case.find("failure") is not None]
    assert failing == ["dev-09-mayoral-debate"]


def test_fail_under_lists_each_failing_metric_and_exits_6(
    tmp_path: Path, fixtures: list[Fixture]
) -> None:
    predictions = write_predictions(tmp_path / "pred", damaged(fixtures, "dev-01-port-strike"))
    result = run_eval(
        str(FIXTURES),
        "--predictions",
        str(predictions),
        "--out",
        str(tmp_path / "run"),
        "--fail-under",
        "quotes.recall=0.999",
        "--fail-under",
        "numbers.grounded=1",
        "--fail-under",
        "actors.f1=0.9",
    )
    assert result.exit_code == 6
    failing = [line for line in result.stderr.splitlines() if line.startswith("FAIL")]
    assert len(failing) == 2
    assert failing[0].startswith("FAIL quotes.recall = 0.99") and "under 0.999" in failing[0]
    assert failing[1].startswith("FAIL numbers.grounded = 0.98")
    suite = ET.parse(tmp_path / "run" / "junit.xml").getroot()
    gates = [case for case in suite if case.get("classname") == "eval.gates"]
    assert [case.find("failure") is not None for case in gates] == [True, True, False]


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("quotes.f2=0.5", "unknown metric 'quotes.f2'"),
        ("quotes.f1", "write METRIC=VALUE"),
        ("quotes.f1=high", "is not a number"),
        ("quotes.f1=80", "from 0 to 1"),
    ],
)
def test_bad_fail_under_is_a_usage_error_before_anything_runs(
    tmp_path: Path, spec: str, fragment: str
) -> None:
    result = run_eval(str(FIXTURES), "--predictions", str(tmp_path), "--fail-under", spec)
    assert result.exit_code == 2
    assert fragment in one_line_error(result.stderr)


def test_baseline_fails_only_on_a_drop_beyond_the_interval(
    tmp_path: Path, fixtures: list[Fixture]
) -> None:
    perfect = write_predictions(tmp_path / "perfect", gold_predictions(fixtures))
    base = tmp_path / "base"
    assert run_eval(str(FIXTURES), "--predictions", str(perfect), "--out", str(base)).exit_code == 0
    same = run_eval(
        str(FIXTURES),
        "--predictions",
        str(perfect),
        "--out",
        str(tmp_path / "same"),
        "--baseline",
        str(base / "report.json"),
    )
    assert same.exit_code == 0 and "16 metrics unchanged" in same.stdout
    worse_predictions = {f.id: empty_summary() for f in fixtures}
    worse = write_predictions(tmp_path / "worse", worse_predictions)
    result = run_eval(
        str(FIXTURES),
        "--predictions",
        str(worse),
        "--out",
        str(tmp_path / "worse-run"),
        "--baseline",
        str(base),
    )
    assert result.exit_code == 6
    assert "FAIL baseline actors.f1: 1.0000 -> 0.0000 (-1.0000" in result.stdout


def test_missing_prediction_is_scored_empty_and_noted(
    tmp_path: Path, fixtures: list[Fixture]
) -> None:
    predictions = gold_predictions(fixtures)
    del predictions["dev-03-drug-approval"]
    directory = write_predictions(tmp_path / "pred", predictions)
    out = tmp_path / "run"
    result = run_eval(str(FIXTURES), "--predictions", str(directory), "--out", str(out))
    assert result.exit_code == 0
    assert "no prediction dev-03-drug-approval.json" in result.stderr
    report = json.loads((out / "report.json").read_text())
    row = next(r for r in report["per_fixture"] if r["id"] == "dev-03-drug-approval")
    assert row["metrics"]["actors.recall"] == 0.0


def test_broken_prediction_names_the_file_and_field(
    tmp_path: Path, fixtures: list[Fixture]
) -> None:
    directory = write_predictions(tmp_path / "pred", gold_predictions(fixtures[:1]))
    path = directory / f"{fixtures[0].id}.json"
    data = json.loads(path.read_text())
    data["quotes"][0]["start"] = "soon"
    path.write_text(json.dumps(data))
    result = run_eval(str(FIXTURES), "--predictions", str(directory), "--out", str(tmp_path / "r"))
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert str(path) in line and "quotes.0.start" in line


def test_broken_fixture_stops_the_eval_naming_file_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    source = FIXTURES / "dev-02-rezoning-vote.json"
    data = json.loads(source.read_text())
    data["gold"]["actors"][1]["kind"] = "company"
    (folder / source.name).write_text(json.dumps(data))
    result = run_eval(str(folder), "--predictions", str(tmp_path))
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert "dev-02-rezoning-vote.json: gold.actors[1].kind:" in line


def test_predictions_accepts_a_run_directory(tmp_path: Path, fixtures: list[Fixture]) -> None:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    shutil.copy(FIXTURES / f"{fixtures[0].id}.json", folder)
    write_predictions(tmp_path / "old" / "predictions", gold_predictions(fixtures[:1]))
    result = run_eval(
        str(folder), "--predictions", str(tmp_path / "old"), "--out", str(tmp_path / "new")
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "new" / "report.json").read_text())
    assert report["metrics"]["stances.f1"]["value"] == 1.0


def test_offline_engine_eval_is_deterministic_and_grounded(tmp_path: Path) -> None:
    reports = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = run_eval(str(FIXTURES), "--engine", "offline", "--out", str(out))
        assert result.exit_code == 0, result.output
        reports.append(json.loads((out / "report.json").read_text()))
        for path in (out / "predictions").iterdir():
            Summary.model_validate_json(path.read_text())  # the output contract
    first, second = ({k: v for k, v in r.items() if k != "timing"} for r in reports)
    assert first == second
    assert first["engine"] == "offline" and first["model"] is None
    # every quote and evidence span of the offline engine is a span of the article
    assert first["metrics"]["offsets_exact"]["value"] == 1.0
    assert first["metrics"]["grounding"]["value"] == 1.0


def test_baseline_allows_a_drop_inside_the_baseline_interval() -> None:
    from summarizer.evaluation.gates import check_baseline

    baseline = {"metrics": {"quotes.f1": {"value": 0.8, "low": 0.7, "high": 0.9}}}

    def now(value: float | None) -> dict[str, Any]:
        return {"metrics": {"quotes.f1": {"value": value, "low": None, "high": None}}}

    [inside] = check_baseline(now(0.71), baseline)
    [below] = check_baseline(now(0.69), baseline)
    assert inside.passed and not below.passed
    assert below.message == "quotes.f1: 0.8000 -> 0.6900 (-0.1100, allowed drop 0.1000)"
    assert check_baseline(now(None), baseline) == []  # nothing to compare
