"""The Batch API half of the suite's local OpenAI server: ``/v1/files`` (upload, content)
and ``/v1/batches`` (create, list, retrieve, cancel).

Each retrieve walks a batch one step along its scripted schedule (by default
``validating -> in_progress -> finalizing -> completed``; or ending ``failed``,
``expired``, ``cancelled``); on reaching its end the batch answers every request line
with ``responder(body)`` (a ``Scripted`` answer, as for interactive requests) into an
output file (HTTP 200) and an error file (any other status). A test can hold the server
at a request (``hold``) to kill the client right there, and can make an upload fail.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from summarizer.testing import Scripted

__all__ = ["BatchAPI", "Hold", "Reply"]

COMPLETED = ("validating", "in_progress", "finalizing", "completed")


@dataclass
class Reply:
    status: int
    payload: bytes
    content_type: str = "application/json"
    hold_after: int | None = None
    """Send this many bytes, then wait for the hold to be released (a download cut short)."""


@dataclass
class Hold:
    """Stop at the first request ``method path`` (a prefix) until released."""

    method: str
    path: str
    midway: bool = False
    """For a download: send half of the content first."""
    after_create: bool = True
    """For POST /v1/batches: create the batch, then hold (its id never reaches the client)."""
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


def _json(body: dict[str, Any], status: int = 200) -> Reply:
    return Reply(status, json.dumps(body).encode("utf-8"))


def _error(status: int, message: str) -> Reply:
    return _json({"error": {"message": message, "type": "invalid_request_error"}}, status)


@dataclass
class BatchAPI:
    responder: Callable[[dict[str, Any]], Scripted] | None = None
    schedule: tuple[str, ...] = COMPLETED
    answered: Callable[[int, int], bool] = lambda index, total: True
    """Which request lines an ended batch answers (expired: only some)."""
    upload_status: int = 200
    hold: Hold | None = None
    garbage_lines: int = 0
    """Unreadable lines put at the start of each output file."""
    files: dict[str, bytes] = field(default_factory=dict)
    uploads: list[bytes] = field(default_factory=list)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _clock: Any = field(default_factory=lambda: itertools.count(1_700_000_000))
    lock: threading.Lock = field(default_factory=threading.Lock)

    @staticmethod
    def handles(path: str) -> bool:
        return path.startswith(("/v1/files", "/v1/batches"))

    def handle(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        path = path.split("?")[0]
        with self.lock:
            reply = self._route(method, path, headers, raw)
        hold = self.hold
        if hold is not None and method == hold.method and path.startswith(hold.path):
            if hold.midway and reply.status == 200:
                reply.hold_after = len(reply.payload) // 2
            else:
                hold.reached.set()
                hold.release.wait(30)
        return reply

    def _route(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        parts = path.strip("/").split("/")[1:]  # after "v1"
        if parts == ["files"] and method == "POST":
            return self._upload(headers, raw)
        if len(parts) == 3 and parts[0] == "files" and parts[2] == "content":
            content = self.files.get(parts[1])
            if content is None:
                return _error(404, f"no file {parts[1]}")
            return Reply(200, content, "application/jsonl")
        if parts == ["batches"] and method == "POST":
            return self._create(json.loads(raw))
        if parts == ["batches"] and method == "GET":
            data = sorted(self.batches.values(), key=lambda b: -b["created_at"])
            return _json({"object": "list", "data": data, "has_more": False})
        if len(parts) >= 2 and parts[0] == "batches" and parts[1] in self.batches:
            batch = self.batches[parts[1]]
            if len(parts) == 3 and parts[2] == "cancel":
                if batch["status"] not in ("completed", "failed", "expired", "cancelled"):
                    batch["status"] = "cancelling"
                    batch["_schedule"] = ["cancelling", "cancelled"]
                    batch["_step"] = 0
                return _json(self._public(batch))
            self._advance(batch)
            return _json(self._public(batch))
        return _error(404, f"no route {method} {path}")

    def _upload(self, headers: dict[str, str], raw: bytes) -> Reply:
        if self.upload_status != 200:
            return _error(self.upload_status, "Incorrect API key provided: sk-t***")
        head = f"Content-Type: {headers['content-type']}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + raw)
        content = b""
        for part in message.iter_parts():
            if part.get_param("name", header="content-disposition") == "file":
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                content = payload
        file_id = f"file-{next(self._ids)}"
        self.files[file_id] = content
        self.uploads.append(content)
        return _json(
            {
                "id": file_id,
                "object": "file",
                "bytes": len(content),
                "created_at": next(self._clock),
                "filename": "batch.jsonl",
                "purpose": "batch",
                "status": "processed",
            }
        )

    def _create(self, body: dict[str, Any]) -> Reply:
        if body.get("input_file_id") not in self.files:
            return _error(400, "unknown input_file_id")
        batch_id = f"batch_{next(self._ids)}"
        lines = self.files[body["input_file_id"]].splitlines()
        batch = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body["endpoint"],
            "input_file_id": body["input_file_id"],
            "completion_window": body["completion_window"],
            "status": self.schedule[0],
            "created_at": next(self._clock),
            "metadata": body.get("metadata"),
            "output_file_id": None,
            "error_file_id": None,
            "errors": None,
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
            "_schedule": list(self.schedule),
            "_step": 0,
        }
        self.batches[batch_id] = batch
        self.created.append(batch_id)
        return _json(self._public(batch))

    @staticmethod
    def _public(batch: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in batch.items() if not k.startswith("_")}

    def _advance(self, batch: dict[str, Any]) -> None:
        schedule = batch["_schedule"]
        if batch["_step"] + 1 >= len(schedule):
            return
        batch["_step"] += 1
        batch["status"] = schedule[batch["_step"]]
        if batch["_step"] + 1 == len(schedule):
            self._finish(batch)

    def _finish(self, batch: dict[str, Any]) -> None:
        if batch["status"] == "failed":
            batch["errors"] = {"object": "list", "data": [{"message": "the input file is invalid"}]}
            return
        lines = self.files[batch["input_file_id"]].splitlines()
        output: list[bytes] = [b"garbage{"] * self.garbage_lines
        errors: list[bytes] = []
        counts = batch["request_counts"]
        for index, line in enumerate(lines):
            if not self.answered(index, len(lines)):
                continue
            request = json.loads(line)
            assert self.responder is not None, "script BatchAPI.responder"
            answer = self.responder(request["body"])
            body = answer.body if isinstance(answer.body, dict) else json.loads(answer.body)
            record = {
                "id": f"req_{index}",
                "custom_id": request["custom_id"],
                "response": {"status_code": answer.status, "request_id": "r", "body": body},
                "error": None,
            }
            (output if answer.status == 200 else errors).append(json.dumps(record).encode())
            counts["completed" if answer.status == 200 else "failed"] += 1
        for name, content in (("output_file_id", output), ("error_file_id", errors)):
            if content:
                file_id = f"file-{next(self._ids)}"
                self.files[file_id] = b"\n".join(content) + b"\n"
                batch[name] = file_id
