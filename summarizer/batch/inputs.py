"""Batch inputs: article files, directories (with a glob), JSONL files of records, lists
of URLs (a ``.txt`` file whose every line is an http(s) URL) and fetched URLs (a feed's
entries, or one page: see ``RemoteInput``).

Items are produced lazily and carry a path or a URL rather than the text where they can,
so a batch of 10,000 files never holds 10,000 articles in memory. Ids are stable: the
path as given (plus the path inside a directory), the record's own ``id`` for JSONL, or
the canonical URL (``sources.urls.canonical_url``) of a URL without an id.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.encodings import AUTO
from summarizer.errors import ConfigError, InputError, SummarizerError
from summarizer.inputs import check_text
from summarizer.schema import Source
from summarizer.sources.load import Loaded, load
from summarizer.sources.urls import canonical_url, is_url, is_url_list

__all__ = [
    "JSONL_SUFFIXES",
    "Input",
    "Item",
    "ItemId",
    "RemoteInput",
    "count_each",
    "count_items",
    "id_key",
    "is_valid_id",
    "iter_items",
    "output_among_inputs",
    "url_list",
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
    """One article to summarise: from a file (``path``), a JSONL record (``text``) or a
    URL (``url``; ``text`` once a batch has fetched it, with ``origin``)."""

    id: ItemId
    source: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    text: str | None = None
    problem: str | None = None
    """Why the record is unusable (a bad JSONL line), reported as an InputError line."""
    url: str | None = None
    origin: Source | None = None
    """Where ``text`` came from (a fetched page), or what a feed said about ``url``."""
    failure: SummarizerError | None = None
    """Why fetching ``url`` failed (a FetchError, an InputError), reported as its line."""

    @property
    def key(self) -> str:
        return id_key(self.id)

    def load(self, max_chars: int, encoding: str = AUTO) -> str:
        """The article text, checked; raises InputError for an unusable article. Files
        are read as ``summarise run`` reads them (bounded, same decoding, same offsets)."""
        return self.read(max_chars, encoding).text

    def read(self, max_chars: int, encoding: str = AUTO) -> Loaded:
        """The article text and where it came from (a saved page or a fetched URL)."""
        if self.problem is not None:
            raise InputError(self.problem)
        if self.failure is not None:
            raise self.failure
        if self.path is not None:
            return load(self.path, max_chars=max_chars, encoding=encoding)
        if self.text is None and self.url is not None:
            from summarizer.sources.load import load_listed

            return load_listed(self.url, self.origin, max_chars=max_chars, encoding=encoding)
        text = check_text(self.text or "", where=f"record {self.id!r}", max_chars=max_chars)
        return Loaded(text, self.origin)


@dataclass(frozen=True)
class RemoteInput:
    """A URL given to a batch, already fetched: a feed's entries (items with a ``url``)
    or one page (an item with its text, or its failure)."""

    url: str
    items: tuple[Item, ...]


def _stable(path: Path) -> str:
    return Path(os.path.normpath(path)).as_posix()


Input = str | Path | RemoteInput


def _check_inputs(inputs: Sequence[Input]) -> None:
    if not inputs:
        raise ConfigError("no inputs: give article files, directories or JSONL files")
    for raw in inputs:
        if isinstance(raw, RemoteInput):
            continue
        if isinstance(raw, str) and is_url(raw):
            raise ConfigError(f"{raw}: a URL must be fetched before the batch lists it")
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
            url = record.get("url") if text is None else None
            if isinstance(url, str) and (record_id is None or record_id == ""):
                record_id = canonical_url(url)
            if record_id is None or record_id == "":
                yield Item(fallback, record, problem=f"{fallback}: no 'id'; give every record one")
            elif not is_valid_id(record_id):
                kind = _JSON_KIND.get(type(record_id), type(record_id).__name__)
                yield Item(
                    fallback,
                    {**record, "id": record_id},
                    problem=f"{fallback}: 'id' is {kind}; an id is a string or an integer",
                )
            elif isinstance(url, str):
                yield Item(record_id, record, url=url)
            elif not isinstance(text, str):
                yield Item(
                    record_id,
                    record,
                    problem=f"{fallback}: no 'text' or 'url' string in the record",
                )
            else:
                yield Item(record_id, record, text=text)


_JSON_KIND = {dict: "an object", list: "an array", bool: "a boolean", float: "a fraction"}


_URL_LIST_BYTES = 1 << 20
"""A URL list longer than this is read as an article (a million bytes is 10,000 URLs)."""


def url_list(path: Path) -> list[str] | None:
    """The URLs of a list file (every non-empty line an http(s) URL, ``#`` comments
    allowed), or None for anything else (an article, a JSONL file, a directory)."""
    if path.suffix.lower() in JSONL_SUFFIXES or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(_URL_LIST_BYTES + 1)
    except OSError:
        return None
    if len(head) > _URL_LIST_BYTES:
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not is_url_list(text):
        return None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _url_items(urls: list[str], where: str) -> Iterator[Item]:
    for number, url in enumerate(urls, start=1):
        yield Item(canonical_url(url), {"url": url, "list": where, "line": number}, url=url)


def iter_items(inputs: Sequence[Input], glob: str = "*.txt") -> Iterator[Item]:
    """Every article of ``inputs``, in a stable order; bad records become items with a problem."""
    _check_inputs(inputs)
    for raw in inputs:
        if isinstance(raw, RemoteInput):
            yield from raw.items
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _directory_files(path, glob):
                stable = _stable(Path(file))
                yield Item(stable, {"path": stable}, path=file)
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_items(path)
        elif (urls := url_list(path)) is not None:
            yield from _url_items(urls, _stable(path))
        else:
            stable = _stable(path)
            yield Item(stable, {"path": stable}, path=str(path))


def count_each(inputs: Sequence[Input], glob: str = "*.txt") -> list[int]:
    """How many items ``iter_items`` will yield for each input, without reading any article."""
    _check_inputs(inputs)
    counts = []
    for raw in inputs:
        if isinstance(raw, RemoteInput):
            counts.append(len(raw.items))
            continue
        path = Path(raw)
        if path.is_dir():
            counts.append(len(_directory_files(path, glob)))
        elif path.suffix.lower() in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                counts.append(sum(1 for line in handle if line.strip()))
        elif (urls := url_list(path)) is not None:
            counts.append(len(urls))
        else:
            counts.append(1)
    return counts


def count_items(inputs: Sequence[Input], glob: str = "*.txt") -> int:
    """How many items ``iter_items`` will yield, without reading any article."""
    return sum(count_each(inputs, glob))


def output_among_inputs(inputs: Sequence[Input], glob: str, output: Path) -> str | None:
    """The input that ``output`` is (the same file, or a file a directory input lists),
    or None. Checked before the output is touched: a batch must never resume from,
    repair or append to one of its own inputs."""
    target = Path(os.path.realpath(output))
    for raw in inputs:
        if isinstance(raw, RemoteInput):
            continue
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
