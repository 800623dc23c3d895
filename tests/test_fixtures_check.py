"""``summarise fixtures check``: a broken fixture is an error naming the file and the field."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation.fixtures import FixtureError, load_fixtures
from tests.conftest import FIXTURES

runner = CliRunner()
SOURCE = FIXTURES / "dev-01-port-strike.json"


def broken_copy(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    folder = tmp_path / "fixtures"
    folder.mkdir(exist_ok=True)
    data = json.loads(SOURCE.read_text())
    edit(data)
    (folder / SOURCE.name).write_text(json.dumps(data))
    return folder


def test_the_shipped_fixtures_are_valid() -> None:
    result = runner.invoke(app, ["fixtures", "check", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert "fixtures, all valid" in result.stdout
    assert len(load_fixtures(FIXTURES)) == len(list(FIXTURES.glob("*.json")))


def _gold(data: dict[str, Any]) -> dict[str, Any]:
    gold: dict[str, Any] = data["gold"]
    return gold


@pytest.mark.parametrize(
    ("edit", "field", "fragment"),
    [
        (
            lambda d: _gold(d)["quotes"][2].update(text="words nobody said"),
            "gold.quotes[2].text",
            "not found verbatim",
        ),
        (
            lambda d: _gold(d)["quotes"][0].update(speaker="Someone Else"),
            "gold.quotes[0].speaker",
            "'Someone Else' is not a listed actor",
        ),
        (
            lambda d: _gold(d)["quotes"][1].update(also_accept=["Nobody"]),
            "gold.quotes[1].also_accept[0]",
            "not a listed actor",
        ),
        (
            lambda d: _gold(d)["stances"][4].update(actor="Ghost"),
            "gold.stances[4].actor",
            "'Ghost' is not a listed actor",
        ),
        (
            lambda d: _gold(d)["stances"][0].update(position="against"),
            "gold.stances[0].position",
            "Input should be",
        ),
        (
            lambda d: _gold(d)["actors"][3].update(kind="company"),
            "gold.actors[3].kind",
            "Input should be",
        ),
        (lambda d: _gold(d)["actors"][0].pop("name"), "gold.actors[0].name", "Field required"),
        (lambda d: d.update(id="another-id"), "id", "differs from the file name"),
        (lambda d: d.update(extra=1), "extra", "Extra inputs are not permitted"),
    ],
)
def test_broken_fixture_names_file_and_field(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], field: str, fragment: str
) -> None:
    folder = broken_copy(tmp_path, edit)
    result = runner.invoke(app, ["fixtures", "check", str(folder)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {folder / SOURCE.name}: {field}: ")
    assert fragment in errors[0]
    assert "1 of 1 fixtures are broken" in result.stderr
    with pytest.raises(FixtureError, match=field.replace("[", r"\[").replace("]", r"\]")):
        load_fixtures(folder)


def test_check_reports_every_broken_file_and_keeps_going(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, lambda d: _gold(d)["quotes"][0].update(speaker="X"))
    shutil.copy(FIXTURES / "dev-02-rezoning-vote.json", folder)
    (folder / "zz-not-json.json").write_text("{ nope")
    result = runner.invoke(app, ["fixtures", "check", str(folder)])
    assert result.exit_code == 2
    assert "ok    dev-02-rezoning-vote.json" in result.stdout
    assert "zz-not-json.json: not valid JSON (line 1" in result.stderr
    assert "2 of 3 fixtures are broken" in result.stderr


def test_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["fixtures", "check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: ") and "not a directory" in result.stderr


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    shutil.copy(SOURCE, folder)
    shutil.copy(SOURCE, folder / "copy.json")
    result = runner.invoke(app, ["fixtures", "check", str(folder)])
    assert result.exit_code == 2
    assert "copy.json: id: 'dev-01-port-strike' differs from the file name" in result.stderr
    assert "dev-01-port-strike.json: id: 'dev-01-port-strike' is also the id of" in result.stderr
    with pytest.raises(FixtureError, match=r"copy\.json: id:"):
        load_fixtures(folder)
