"""The CLI's views and help surface: what a user sees on a terminal, in a pipe, in a file."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from summarizer.cli import app
from tests.conftest import SEED

runner = CliRunner()
SCRIPT = Path(sys.executable).parent / "summarise"
HOSTILE_ARTICLE = "The mayor \x1b[2J\x1b]0;PWNED\x07announced a budget on Monday.\n"
_COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;)[0-9;]*m")


def _invoke(*args: str, stdin: str | None = None, **env: str | None) -> Result:
    return runner.invoke(app, list(args), input=stdin, env=env, prog_name="summarise")


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the console script with its stdout on a pseudo-terminal; return what it wrote."""
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [str(SCRIPT), *args],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    os.close(slave)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        proc.wait(timeout=60)
    return b"".join(chunks).decode("utf-8", "replace")


# item 2: rich markup in the article


def test_markup_in_the_article_is_printed_not_parsed() -> None:
    result = _invoke(
        "-", "-e", "offline", stdin="published: [/dim] x\n\nThe council met on Monday.\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "The council met on Monday." in result.stdout


# item 8: terminal escapes


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_escapes_in_the_article_never_reach_the_output(fmt: str) -> None:
    result = _invoke("-", "-e", "offline", "-f", fmt, stdin=HOSTILE_ARTICLE)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\u241b[2J\u241b]0;PWNED\u2407announced" in result.stdout


def test_escapes_never_reach_a_terminal_even_in_colour(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(HOSTILE_ARTICLE)
    out = _on_a_terminal([str(article), "-e", "offline", "-q"], {"COLUMNS": "80"})
    assert "PWNED" in out
    without_sgr = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b" not in without_sgr and "\x07" not in without_sgr


def test_escapes_in_an_error_message_are_shown_not_obeyed(tmp_path: Path) -> None:
    result = _invoke(str(tmp_path / "\x1b[2J\x1b]0;PWNED\x07.txt"), "-e", "offline")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\u241b[2J\u241b]0;PWNED\u2407.txt" in result.stderr


def test_markdown_file_has_no_raw_escapes(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(HOSTILE_ARTICLE)
    out = tmp_path / "out.md"
    result = _invoke(str(article), "-e", "offline", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    written = out.read_text()
    assert written.startswith("# ")
    assert not {ch for ch in written if unicodedata.category(ch) == "Cc" and ch != "\n"}


# item 23: width, NO_COLOR, FORCE_COLOR, the engine notice


@pytest.mark.parametrize("columns", [80, 60])
def test_text_view_follows_columns(seed_text: str, columns: int) -> None:
    result = _invoke("-", "-e", "offline", stdin=seed_text, COLUMNS=str(columns))
    assert result.exit_code == 0, result.stderr
    assert max(cell_len(line) for line in result.stdout.splitlines()) == columns


def test_text_view_on_a_terminal_is_in_colour_and_as_wide_as_columns() -> None:
    out = _on_a_terminal([str(SEED), "-e", "offline", "-q"], {"COLUMNS": "80"})
    assert _COLOUR.search(out)  # the stances' positions are coloured
    assert max(cell_len(re.sub(r"\x1b\[[0-9;]*m", "", line)) for line in out.splitlines()) == 80


def test_no_color_is_obeyed_on_a_terminal() -> None:
    out = _on_a_terminal([str(SEED), "-e", "offline", "-q"], {"NO_COLOR": "1"})
    assert "Stances" in out
    assert not _COLOUR.search(out), repr(out[:300])


def test_force_color_gives_colour_in_a_pipe(seed_text: str) -> None:
    result = _invoke("-", "-e", "offline", stdin=seed_text, FORCE_COLOR="1")
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" in result.stdout
    plain = _invoke("-", "-e", "offline", stdin=seed_text)
    assert "\x1b[" not in plain.stdout


def test_offline_notice_is_one_short_line_once(seed_text: str) -> None:
    result = _invoke("-", stdin=seed_text)
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "offline engine" in lines[0] and "OPENAI_API_KEY" in lines[0]
    assert len(lines[0]) <= 79
    assert _invoke("-", "-q", stdin=seed_text).stderr.strip() == ""
    assert _invoke("-", stdin=seed_text, SUMMARIZER_ENGINE="AUTO").stderr == result.stderr


# item 24: help, usage errors, -o extensions, case-insensitive choices


def test_help_shows_choices_and_no_value_for_flags() -> None:
    result = _invoke("run", "--help")
    assert result.exit_code == 0
    usage = result.stdout.splitlines()[0]
    assert "ARTICLE" in usage and "{article}" not in usage
    assert "<bool>" not in result.stdout
    assert "<text|json|markdown|html>" in result.stdout
    assert "<auto|llm|offline>" in result.stdout
    assert "<tools|json_schema|md_json>" in result.stdout
    assert re.search(r"-q, --quiet\s+Do not say", result.stdout)
    assert "\\[" not in _invoke("batch", "--help").stdout


@pytest.mark.parametrize(
    ("args", "start", "command"),
    [
        (["--foo", "a.txt"], "error: No such option: --foo", "summarise run"),
        (["run"], "error: Missing argument 'ARTICLE'", "summarise run"),
        (
            ["a.txt", "-f", "yaml"],
            "error: Invalid value for '--format' / '-f': 'yaml'",
            "summarise run",
        ),
        (["batch", "--nope", "x"], "error: No such option: --nope", "summarise batch"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], start: str, command: str) -> None:
    result = _invoke(*args)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(start), lines[0]
    assert lines[0].endswith(f"(see {command} --help)"), lines[0]


def test_usage_error_from_the_console_script_is_one_line() -> None:
    proc = subprocess.run(
        [str(SCRIPT), "--foo", "x"], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "error: No such option: --foo (Possible options: --format) (see summarise run --help)\n"
    )


def test_no_arguments_prints_the_help() -> None:
    result = _invoke()
    assert result.exit_code == 2
    assert "summarise ARTICLE" in result.stderr and "Commands" in result.stderr
    result = _invoke("fixtures")
    assert result.exit_code == 2
    assert "check" in result.stderr and "error:" not in result.stderr


def _written(tmp_path: Path, seed_text: str, name: str, *extra: str) -> str:
    article = tmp_path / "a.txt"
    article.write_text(seed_text)
    out = tmp_path / name
    result = _invoke(str(article), "-e", "offline", "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return out.read_text()


@pytest.mark.parametrize("name", ["out.json", "OUT.JSON"])
def test_output_json_extension_writes_json(tmp_path: Path, seed_text: str, name: str) -> None:
    assert json.loads(_written(tmp_path, seed_text, name))["schema_version"] == "1"


@pytest.mark.parametrize("name", ["out.md", "out.markdown"])
def test_output_markdown_extension_writes_markdown(
    tmp_path: Path, seed_text: str, name: str
) -> None:
    written = _written(tmp_path, seed_text, name)
    assert written.startswith("# ") and "## Key points" in written


@pytest.mark.parametrize("name", ["out.txt", "out"])
def test_output_other_extension_writes_the_text_view(
    tmp_path: Path, seed_text: str, name: str
) -> None:
    written = _written(tmp_path, seed_text, name)
    assert "╭" in written and "\x1b" not in written


def test_explicit_format_wins_over_the_extension(tmp_path: Path, seed_text: str) -> None:
    written = _written(tmp_path, seed_text, "out.json", "-f", "markdown")
    assert written.startswith("# ")


def test_choices_are_case_insensitive(seed_text: str) -> None:
    result = _invoke(
        "-", "--format", "JSON", "--engine", "OFFLINE", "--mode", "Tools", stdin=seed_text
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["meta"]["engine"] == "offline"
