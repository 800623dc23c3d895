"""Reading a batch's output JSONL for the report, and finding each article's text.

A batch line is ``{"id", "source", "summary"}`` or ``{"id", "source", "error"}``
(``summarizer/batch/output.py``). The line does not hold the article text, so a report
can draw an article's annotated page only when it finds the text, in this order:

1. a ``text`` field in the line itself (JSONL that someone enriched);
2. ``--articles``: the batch's own inputs given again (files, directories, JSONL
   records), matched by id;
3. ``source.path`` (a file input of the batch): as written, then relative to the
   JSONL's folder.

A text is used only if every quote and evidence span of the summary matches it; else
the article is shown as spans only, with a warning (the file changed since the batch).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.batch.inputs import id_key, is_valid_id
from summarizer.errors import InputError, SummarizerError
from summarizer.schema import Summary
from summarizer.views.html import check_spans

__all__ = ["BatchArticle", "BatchFile", "read_batch"]

_MAX_CHARS = 10_000_000


@dataclass
class BatchArticle:
    """One line of the batch: a summary (with its text if found) or an error."""

    index: int
    id: str
    """The id as shown (``17`` and ``"17"`` both show as 17)."""
    key: str
    """The id's JSON text, as the batch keys it (``17`` and ``"17"`` differ)."""
    source: dict[str, Any]
    summary: Summary | None = None
    error: str | None = None
    text: str | None = None
    text_from: str | None = None
    """Where the text came from: "line", "--articles" or the path read."""


@dataclass
class BatchFile:
    """Every usable line of a batch output, and what was skipped or could not be found."""

    path: Path
    articles: list[BatchArticle] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('message', '')}".strip()
    return str(error)


def read_batch(path: Path, articles: Sequence[str] = (), glob: str = "*.txt") -> BatchFile:
    """Read ``path`` (a batch output) and attach each article's text where it can be found."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; give the JSONL a 'summarise batch' wrote")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give the JSONL a 'summarise batch' wrote")
    batch = BatchFile(path)
    texts = _texts_from_inputs(articles, glob, batch.warnings) if articles else {}
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be read ({exc.strerror}); check its permissions"
        ) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                _read_line(batch, number, raw, texts)
    return batch


def _read_line(batch: BatchFile, number: int, raw: bytes, texts: dict[str, str]) -> None:
    where = f"{batch.path}:{number}"
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        batch.warnings.append(f"{where}: not JSON, skipped (a half-written last line?)")
        return
    if not isinstance(record, dict) or not is_valid_id(record.get("id")):
        batch.warnings.append(f"{where}: not a batch line (no 'id'), skipped")
        return
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    article = BatchArticle(
        len(batch.articles) + 1, str(record["id"]), id_key(record["id"]), source or {}
    )
    if "summary" in record:
        try:
            article.summary = Summary.model_validate(record["summary"])
        except ValidationError as exc:
            batch.warnings.append(
                f"{where}: summary does not match the output contract "
                f"({exc.error_count()} errors), skipped"
            )
            return
        _attach_text(batch, article, record, texts)
    else:
        article.error = _error_text(record.get("error", "no summary and no error"))
    batch.articles.append(article)


def _attach_text(
    batch: BatchFile, article: BatchArticle, record: dict[str, Any], texts: dict[str, str]
) -> None:
    candidates: list[tuple[str, str]] = []
    if isinstance(record.get("text"), str):
        candidates.append(("line", record["text"]))
    if article.key in texts:
        candidates.append(("--articles", texts[article.key]))
    source_path = article.source.get("path")
    if isinstance(source_path, str) and not candidates:
        for candidate in (Path(source_path), batch.path.parent / source_path):
            text = _read_text(candidate)
            if text is not None:
                candidates.append((str(candidate), text))
                break
    assert article.summary is not None
    for origin, text in candidates:
        if not check_spans(article.summary, text):
            article.text, article.text_from = text, origin
            return
    if candidates:
        batch.warnings.append(
            f"{article.id}: the text found ({candidates[0][0]}) does not match the summary's "
            "offsets (changed since the batch?); shown as spans only"
        )


def _read_text(path: Path) -> str | None:
    """The file's text decoded as the batch read it (``read_article``), or None."""
    from summarizer.inputs import read_article

    if not path.is_file():
        return None
    try:
        return read_article(path, max_chars=_MAX_CHARS)
    except SummarizerError:
        return None


def _texts_from_inputs(inputs: Sequence[str], glob: str, warnings: list[str]) -> dict[str, str]:
    """Article texts by batch id, from the batch's inputs given again."""
    from summarizer.batch.inputs import iter_items

    texts: dict[str, str] = {}
    for item in iter_items(inputs, glob):
        try:
            texts[item.key] = item.load(_MAX_CHARS)
        except SummarizerError as error:
            warnings.append(f"--articles: {error.message}")
    return texts
