"""Batch inputs: article files, directories (with a glob) and JSONL files of records.

Items are produced lazily and carry a path rather than the text where they can,
so a batch of 10,000 files never holds 10,000 articles in memory. Ids are
stable: the path as given (plus the path inside a directory), or the record's
own ``id`` for JSONL.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.encodings import AUTO
from summarizer.errors import ConfigError, InputError
from summarizer.inputs import check_text, read_article

__all__ = [
    "JSONL_SUFFIXES",
    "Item",
    "ItemId",
    "count_each",
    "count_items",
    "id_key",
    "is_valid_id",
    "iter_items",
    "output_among_inputs",
]

JSONL_SUFFIXES = (".jsonl", ".ndjson")

ItemId = str | int
"""A record's id as given: a string or an integer, written back with its JSON type."""


def is_valid_id(value: object) -> bool:
    """A non-empty string or an integer (not a bool, a float, null, an object or an array)."""
    if isinstance(value, str):
        return value != ""
    return isinstance(value, int) and not isinstance(value, bool)


def id_key(value: ItemId) -> str:
    """The resume key: the id's JSON text, so ``17`` and ``"17"`` are two different ids."""
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Item:
    """One article to summarise: from a file (``path``) or a JSONL record (``text``)."""

    id: ItemId
    source: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    text: str | None = None
    problem: str | None = None
    """Why the record is unusable (a bad JSONL line), reported as an InputError line."""

    @property
    def key(self) -> str:
        return id_key(self.id)

    def load(self, max_chars: int, encoding: str = AUTO) -> str:
        """The article text, checked; raises InputError for an unusable article. Files
        are read as ``summarise run`` reads them (bounded, same decoding, same offsets)."""
        if self.problem is not None:
            raise InputError(self.problem)
        if self.path is not None:
            return read_article(self.path, max_chars=max_chars, encoding=encoding)
        return check_text(self.text or "", where=f"record {self.id!r}", max_chars=max_chars)


def _stable(path: Path) -> str:
    return Path(os.path.normpath(path)).as_posix()


def _check_inputs(inputs: Sequence[str | Path]) -> None:
    if not inputs:
        raise ConfigError("no inputs: give article files, directories or JSONL files")
    for raw in inputs:
        if not Path(raw).exists():
            raise ConfigError(f"{raw}: no such file or directory; check the path")


def _directory_files(directory: Path, glob: str) -> list[str]:
    """Sorted paths as strings (a Path object costs several times the memory)."""
    return sorted(str(p) for p in directory.glob(glob) if p.is_file())


def _jsonl_items(path: Path) -> Iterator[Item]:
    where = _stable(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            fallback = f"{where}:{number}"
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, ValueError):
                yield Item(
                    fallback,
                    {"file": where, "line": number},
                    problem=f"{fallback}: not a JSON object; fix the line",
                )
                continue
            if not isinstance(record, dict):
                yield Item(
                    fallback,
                    {"file": where, "line": number},
                    problem=f"{fallback}: not a JSON object; fix the line",
                )
                continue
            record_id = record.pop("id", None)
            text = record.pop("text", None)
            if record_id is None or record_id == "":
                yield Item(fallback, record, problem=f"{fallback}: no 'id'; give every record one")
            elif not is_valid_id(record_id):
                kind = _JSON_KIND.get(type(record_id), type(record_id).__name__)
                yield Item(
                    fallback,
                    {**record, "id": record_id},
                    problem=f"{fallback}: 'id' is {kind}; an id is a string or an integer",
                )
            elif not isinstance(text, str):
                yield Item(record_id, record, problem=f"{fallback}: no 'text' string in the record")
            else:
                yield Item(record_id, record, text=text)


_JSON_KIND = {dict: "an object", list: "an array", bool: "a boolean", float: "a fraction"}


def iter_items(inputs: Sequence[str | Path], glob: str = "*.txt") -> Iterator[Item]:
    """Every article of ``inputs``, in a stable order; bad records become items with a problem."""
    _check_inputs(inputs)
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for file in _directory_files(path, glob):
                stable = _stable(Path(file))
                yield Item(stable, {"path": stable}, path=file)
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_items(path)
        else:
            stable = _stable(path)
            yield Item(stable, {"path": stable}, path=str(path))


def count_each(inputs: Sequence[str | Path], glob: str = "*.txt") -> list[int]:
    """How many items ``iter_items`` will yield for each input, without reading any article."""
    _check_inputs(inputs)
    counts = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            counts.append(len(_directory_files(path, glob)))
        elif path.suffix.lower() in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                counts.append(sum(1 for line in handle if line.strip()))
        else:
            counts.append(1)
    return counts


def count_items(inputs: Sequence[str | Path], glob: str = "*.txt") -> int:
    """How many items ``iter_items`` will yield, without reading any article."""
    return sum(count_each(inputs, glob))


def output_among_inputs(inputs: Sequence[str | Path], glob: str, output: Path) -> str | None:
    """The input that ``output`` is (the same file, or a file a directory input lists),
    or None. Checked before the output is touched: a batch must never resume from,
    repair or append to one of its own inputs."""
    target = Path(os.path.realpath(output))
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            if target.exists():
                listed = _directory_files(path, glob)
                if any(_same(Path(file), target) for file in listed):
                    return str(raw)
            elif target.parent == Path(os.path.realpath(path)) and target.match(glob):
                return str(raw)
        elif _same(path, target) or Path(os.path.realpath(path)) == target:
            return str(raw)
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
