"""The package's import graph: every module imports on its own in a fresh interpreter
(no cycle that only the usual import order hides), and the layers point one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_every_module_imports_alone() -> None:
    """Each module imported first, with no ``summarizer`` module loaded before it (the
    third-party ones may stay: a cycle can only run through our own modules). One
    child interpreter does them all, so the suite's own imports do not count."""
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] == 'summarizer']:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        failed.append(f'{name}: {error!r}')\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *_modules()], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("commands", "summarizer.cli"),
        ("offline", "summarizer.llm"),
        ("evaluation", "summarizer.batch"),
        ("evaluation", "summarizer.commands"),
        ("batch", "summarizer.commands"),
        ("llm", "summarizer.commands"),
        ("sources", "summarizer.llm"),
        ("engines", "summarizer.commands"),
    ],
)
def test_layers_point_one_way(folder: str, forbidden: str) -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / folder).rglob("*.py")
        if any(name == forbidden or name.startswith(forbidden + ".") for name in _imports(path))
    ]
    assert offenders == []


def test_the_library_never_imports_the_cli() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name not in ("cli.py", "__main__.py") and "summarizer.cli" in _imports(path)
    ]
    assert offenders == []
