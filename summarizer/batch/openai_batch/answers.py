"""The downloaded answers of the provider's batches, on disk until they are in the output.

Output and error files are streamed line by line into one sqlite file beside the output
(``OUT.batch.sqlite3``), so ingesting 10,000 answers never holds them in memory, and a
download cut short is simply downloaded again (a line stored twice replaces itself).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError

__all__ = ["Answer", "AnswerStore", "parse_result_line", "store_path"]


def store_path(output: Path) -> Path:
    return output.with_name(f"{output.name}.batch.sqlite3")


@dataclass(frozen=True)
class Answer:
    """One article's result: the completion body (HTTP 200), or the provider's error."""

    body: bytes | None
    error: str | None


def parse_result_line(line: bytes) -> tuple[str, Answer] | None:
    """(custom_id, answer) of a Batch API output or error file line; None if unreadable."""
    try:
        record: Any = json.loads(line)
        custom_id = record["custom_id"]
        response = record.get("response") or {}
        status = response.get("status_code")
        body = response.get("body")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(custom_id, str):
        return None
    if status == 200 and isinstance(body, dict):
        return custom_id, Answer(json.dumps(body, ensure_ascii=False).encode("utf-8"), None)
    error = record.get("error") or (body.get("error") if isinstance(body, dict) else None)
    message = error.get("message") if isinstance(error, dict) else error
    why = f"HTTP {status}" if status else "no response"
    text = f"{why}: {message}" if message else why
    return custom_id, Answer(None, " ".join(str(text).split())[:300])


class AnswerStore:
    """custom_id -> Answer, in sqlite (committed per download, so a kill loses a download
    at most, which is then done again)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers (id TEXT PRIMARY KEY, body BLOB, error TEXT)"
            )
        except sqlite3.Error as exc:
            raise ConfigError(f"{path}: cannot open the downloaded answers ({exc})") from None

    def begin(self) -> None:
        self._db.execute("BEGIN")

    def commit(self) -> None:
        self._db.execute("COMMIT")

    def put(self, custom_id: str, answer: Answer) -> None:
        body = zlib.compress(answer.body) if answer.body is not None else None
        self._db.execute(
            "INSERT OR REPLACE INTO answers (id, body, error) VALUES (?, ?, ?)",
            (custom_id, body, answer.error),
        )

    def get(self, custom_id: str) -> Answer | None:
        row = self._db.execute(
            "SELECT body, error FROM answers WHERE id = ?", (custom_id,)
        ).fetchone()
        if row is None:
            return None
        return Answer(zlib.decompress(row[0]) if row[0] is not None else None, row[1])

    def close(self) -> None:
        self._db.close()
