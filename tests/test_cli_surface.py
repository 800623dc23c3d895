"""Small CLI surface: --version, arguments named as given (URLs refused), evals from any
directory, and gate failures with their own exit code."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from summarizer.errors import EXIT_GATES_FAILED
from summarizer.evaluation.fixtures import FixtureError, find_fixture_dir
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flags_print_the_one_version(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"summarise {summarizer.__version__}\n"
    assert importlib.metadata.version("summarizer") == summarizer.__version__


def test_version_from_the_console_script() -> None:
    script = Path(sys.executable).parent / "summarise"
    proc = subprocess.run([str(script), "-V"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"summarise {summarizer.__version__}"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("ftp://host/a.txt", "ftp"), ("file:///etc/passwd", "file"), ("gopher://h/x", "gopher")],
)
def test_urls_other_than_http_are_refused_and_named_as_given(url: str, scheme: str) -> None:
    result = runner.invoke(app, [url, "--engine", "offline"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {url}: only http:// and https:// URLs are fetched, not {scheme}:; for a "
        "local file give its path\n"
    )


def test_a_missing_path_is_named_exactly_as_given(tmp_path: Path) -> None:
    given = f"{tmp_path}//sub/./../missing.txt"
    result = runner.invoke(app, [given, "--engine", "offline"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {given}: no such file")


def test_fixture_dir_is_found_from_a_subfolder_or_the_checkout(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "evals" / "fixtures").mkdir(parents=True)
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    assert find_fixture_dir(deep, checkout=tmp_path / "none") == project / "evals" / "fixtures"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert find_fixture_dir(elsewhere, checkout=ROOT) == FIXTURES
    with pytest.raises(FixtureError) as caught:
        find_fixture_dir(elsewhere, checkout=tmp_path / "none")
    message = caught.value.message
    assert str(elsewhere) in message and str(tmp_path / "none") in message
    assert "FIXTURE_DIR" in message


def test_eval_and_fixtures_check_run_outside_the_repo_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["fixtures", "check"])
    assert result.exit_code == 0, result.output
    assert f"{len(list(FIXTURES.glob('*.json')))} fixtures, all valid" in result.stdout
    predictions = tmp_path / "predictions"
    predictions.mkdir()
    result = runner.invoke(app, ["eval", "--predictions", str(predictions), "--out", "run"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["fixtures"] == str(FIXTURES)
    assert report["fixture_count"] == len(list(FIXTURES.glob("*.json")))


def test_failed_gate_exits_6_not_the_bug_code(tmp_path: Path) -> None:
    empty = tmp_path / "predictions"
    empty.mkdir()
    result = runner.invoke(
        app,
        [
            "eval",
            str(FIXTURES),
            "--predictions",
            str(empty),
            "--out",
            str(tmp_path / "run"),
            "--fail-under",
            "quotes.recall=0.5",
        ],
    )
    assert result.exit_code == EXIT_GATES_FAILED == 6
    assert "FAIL quotes.recall" in result.stderr


def test_broken_fixtures_are_bad_input_not_a_bug(tmp_path: Path) -> None:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    shutil.copy(FIXTURES / "dev-01-port-strike.json", folder / "renamed.json")
    result = runner.invoke(app, ["fixtures", "check", str(folder)])
    assert result.exit_code == 2
    assert "differs from the file name" in result.stderr
