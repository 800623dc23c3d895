"""The request the interactive engine would send for one article, as a Batch API line.

The body is never rebuilt by hand: the article goes through the public engine path
(``summarise_document``: instructor's ``from_openai(...).create(...)`` over openai)
with a transport that keeps the request openai is about to send and stops the call
there. So the uploaded line carries the same prompt, schema, mode and model options
(default ``max_tokens`` included) as an interactive run, byte for byte, and a change
to how the engine builds requests changes the uploads with it.
"""

from __future__ import annotations

import hashlib
import json

import httpx

from summarizer.config import Settings
from summarizer.document import parse_document
from summarizer.errors import InputError, SummarizerError
from summarizer.inputs import check_text

__all__ = ["Captured", "batch_line", "body_digest", "interactive_request"]


class Captured(SummarizerError):
    """Raised by the capturing transport: carries the request instead of sending it."""

    def __init__(self, path: str, body: bytes) -> None:
        super().__init__("request captured")
        self.path = path
        self.body = body


class _Capture(httpx.BaseTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise Captured(request.url.path, request.read())


def interactive_request(text: str, settings: Settings) -> tuple[str, bytes]:
    """(URL path, JSON body) of the first request the engine sends for ``text``."""
    from summarizer.api import summarise_document
    from summarizer.llm.long import plan_parts

    text = check_text(text, max_chars=settings.max_chars)
    document = parse_document(text)
    parts = len(plan_parts(document, settings))
    if parts > 1:  # parts, then a call that needs their answers: not one batch request
        raise InputError(
            f"the article is long enough to be drafted in {parts} parts and a final call, "
            "which one Batch API request cannot do; run the same command without --via "
            "openai-batch, with --retry-failed, to summarise it interactively"
        )
    try:
        summarise_document(document, settings.with_(transport=_Capture()))
    except Captured as captured:
        return captured.path, captured.body
    raise AssertionError("the engine sent no request")  # pragma: no cover


def body_digest(body: bytes) -> str:
    """A short fingerprint of a request body (is the article still the one submitted?)."""
    return hashlib.sha256(body).hexdigest()[:16]


def batch_line(custom_id: str, path: str, body: bytes) -> bytes:
    """One JSONL line of a Batch API input file; ``body`` is spliced in unchanged."""
    head = json.dumps({"custom_id": custom_id, "method": "POST", "url": path}, ensure_ascii=False)
    return head[:-1].encode("utf-8") + b', "body": ' + body + b"}\n"
