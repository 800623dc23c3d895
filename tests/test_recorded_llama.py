"""The cassettes recorded from llama.cpp + SmolLM2-135M replay as they were recorded:
each line of their ``replays`` file ends with the recorded exit code and last line, with
no request missing a cassette (which would also be exit 3, with another line). The same
check runs in .ci/run; here it runs with every pytest, so a change to the prompt, the
schema or the request that invalidates the recordings is seen at once."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app

FOLDER = Path(__file__).resolve().parent.parent / "evals" / "cassettes" / "llama-cpp-smollm2"


def _replays() -> list[tuple[int, str, str]]:
    lines = (FOLDER / "replays").read_text(encoding="utf-8").splitlines()
    parsed = []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            exit_code, options, last = (part.strip() for part in line.split("|", 2))
            parsed.append((int(exit_code), options, last))
    return parsed


def test_the_folder_holds_real_recordings_without_secrets() -> None:
    files = sorted(FOLDER.glob("*.json"))
    assert len(files) >= len(_replays())
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "authorization" not in text.lower() and "Bearer" not in text
        assert '"model": "smollm2-135m"' in text


@pytest.mark.parametrize(("exit_code", "options", "last"), _replays())
def test_each_replay_ends_as_its_recording(
    tmp_path: Path, exit_code: int, options: str, last: str
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "eval",
            str(FOLDER / "fixtures"),
            "--replay",
            str(FOLDER),
            "--out",
            str(tmp_path / "out"),
            *shlex.split(options),
        ],
    )

    assert result.exit_code == exit_code, result.output
    assert result.output.strip().splitlines()[-1] == last
