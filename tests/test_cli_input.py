"""Bad input and usage: one line on stderr, a distinct exit code, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app

runner = CliRunner()


def _run(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stderr


def _assert_one_line_error(stderr: str, *fragments: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in errors[0]


def test_missing_file(tmp_path: Path) -> None:
    code, err = _run(str(tmp_path / "nope.txt"), "--engine", "offline")
    assert code == 2
    _assert_one_line_error(err, "no such file")


def test_directory(tmp_path: Path) -> None:
    code, err = _run(str(tmp_path), "--engine", "offline")
    assert code == 2
    _assert_one_line_error(err, "is a directory")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    code, err = _run(str(path), "--engine", "offline")
    assert code == 2
    _assert_one_line_error(err, "is empty")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, err = _run(str(path), "--engine", "offline")
    assert code == 2
    _assert_one_line_error(err, "binary")


def test_not_utf8_is_decoded_with_a_note(tmp_path: Path) -> None:
    """Legacy text is detected, not refused; the note names the encoding used (more in
    test_input_encodings.py)."""
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 society met on Tuesday. It rained.".encode("latin-1"))
    code, err = _run(str(path), "--engine", "offline")
    assert code == 0
    assert f"note: read {path} as cp1252" in err.splitlines()


def test_oversized_input_names_the_limit_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 100)
    code, err = _run(str(path), "--engine", "offline", "--max-chars", "50")
    assert code == 2
    _assert_one_line_error(err, "over the limit of 50", "--max-chars")


def test_empty_stdin() -> None:
    code, err = _run("-", "--engine", "offline", stdin=b"")
    assert code == 2
    _assert_one_line_error(err, "standard input", "is empty")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "yaml"], "'yaml' is not one of 'text', 'json', 'markdown'"),
        (["--engine", "gpt"], "'gpt' is not one of 'auto', 'llm', 'offline'"),
        (["--mode", "xml"], "'xml' is not one of 'tools'"),
        (["--timeout", "0"], "--timeout"),
        (["--max-tokens", "-5", "--engine", "offline"], "--max-tokens must be a whole number"),
        (["--timeout", "nan"], "--timeout must be a number of seconds greater than 0"),
        (["--timeout", "inf"], "--timeout must be a number of seconds greater than 0"),
        (["--timeout", "-inf"], "at most 3600, not -inf"),
        (["--temperature", "nan"], "--temperature must be a number from 0 to 2, not nan"),
        (["--max-retries", "1000"], "--max-retries must be a whole number from 0 to 20"),
        (["--max-chars", "0"], "--max-chars must be a whole number of characters from 1"),
        (["--engine", "llm"], "OPENAI_API_KEY"),
    ],
)
def test_bad_options_are_usage_errors(
    args: list[str], fragment: str, seed_text: str, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(seed_text)
    code, err = _run(str(path), *args)
    assert code == 2
    _assert_one_line_error(err, fragment)


def test_other_base_url_without_model_says_how_to_name_one(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Some article text.")
    code, err = _run(str(path), "--base-url", "http://127.0.0.1:9/v1")
    assert code == 2
    _assert_one_line_error(err, "--model", "SUMMARIZER_MODEL")


def test_help_lists_the_default_command_and_options() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "summarise ARTICLE" in result.output
    result = runner.invoke(app, ["run", "--help"])
    assert result.exit_code == 0
    for option in (
        "--format",
        "--output",
        "--engine",
        "--model",
        "--base-url",
        "--mode",
        "--max-tokens",
    ):
        assert option in result.output


def test_console_script_is_installed_and_errors_without_traceback(tmp_path: Path) -> None:
    """The real entry point, in a subprocess: exit code and stderr as a user sees them."""
    bindir = Path(sys.executable).parent
    for name in ("summarise", "summarize"):
        script = bindir / name
        assert script.exists(), f"console script {name} not installed"
    proc = subprocess.run(
        [str(bindir / "summarise"), str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("SUMMARIZER_TIMEOUT", "nan", "SUMMARIZER_TIMEOUT must be a number of seconds"),
        ("SUMMARIZER_TIMEOUT", "inf", "SUMMARIZER_TIMEOUT must be a number of seconds"),
        ("SUMMARIZER_TEMPERATURE", "-0.5", "SUMMARIZER_TEMPERATURE must be a number from 0 to 2"),
        ("SUMMARIZER_MAX_TOKENS", "1.5", "SUMMARIZER_MAX_TOKENS='1.5' is not a valid number"),
    ],
)
def test_bad_numbers_in_the_environment_are_usage_errors(
    variable: str, value: str, fragment: str, seed_text: str, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(seed_text)
    result = runner.invoke(app, [str(path), "--engine", "offline"], env={variable: value})
    assert result.exit_code == 2
    _assert_one_line_error(result.stderr, fragment)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["batch", "--concurrency", "0"], "--concurrency must be a whole number from 1 to 1000"),
        (["batch", "--workers", "100000"], "--workers must be a whole number from 1 to 256"),
        (["batch", "--rpm", "0"], "--rpm must be a whole number from 1 to"),
        (["batch", "--tpm", "-1"], "--tpm must be a whole number from 1 to"),
        (["batch", "--timeout", "nan"], "--timeout must be a number of seconds"),
        (["report", "--target-threshold", "nan"], "--target-threshold must be a number from 0"),
        (["report", "--target-threshold", "inf"], "--target-threshold must be a number from 0"),
        (["report", "--max-targets", "0"], "--max-targets must be a whole number from 1 to 1000"),
    ],
)
def test_bad_batch_and_report_numbers_are_usage_errors(
    args: list[str], fragment: str, seed_text: str, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(seed_text)
    output = tmp_path / "out.jsonl"
    command, *options = args
    where = [str(article), "-o", str(output), "--engine", "offline"] if command == "batch" else []
    result = runner.invoke(app, [command, *(where or [str(output)]), *options])
    assert result.exit_code == 2
    _assert_one_line_error(result.stderr, fragment)
    assert not output.exists()  # refused before anything was written
