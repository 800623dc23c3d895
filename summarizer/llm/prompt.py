"""The prompt: Jinja2 templates in ``prompts/``, rendered in a sandbox.

``prompt_version`` hashes the template files' bytes and ``response_schema_hash``
hashes the JSON schema of the response model: a change to either changes what
the model is asked, so the cache and record/replay key on both.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from textwrap import dedent
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

import summarizer
from summarizer.chunking import DocumentPart
from summarizer.document import Document, defuse_markers
from summarizer.llm.response import NewsSummary

__all__ = [
    "BEGIN_MARKER",
    "END_MARKER",
    "as_instructor_sent",
    "build_messages",
    "fenced_article",
    "prompt_version",
    "render_template",
    "response_schema_hash",
    "templates_dir",
    "truncation_note",
]

BEGIN_MARKER = "<<<BEGIN ARTICLE>>>"
END_MARKER = "<<<END ARTICLE>>>"
_TEMPLATES = ("system.j2", "user.j2", "truncated.j2", "part.j2", "overview.j2")
_NEWLINES = re.compile(r"\r\n|\r")


def templates_dir() -> Path:
    """The shipped templates (``summarizer/prompts`` in a wheel), else the repo's ``prompts/``."""
    package = Path(summarizer.__file__).resolve().parent
    shipped = package / "prompts"
    return shipped if shipped.is_dir() else package.parent / "prompts"


@cache
def prompt_version() -> str:
    """Twelve hex digits identifying the template files' exact bytes."""
    digest = hashlib.sha256()
    directory = templates_dir()
    for name in _TEMPLATES:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update((directory / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@cache
def response_schema_hash() -> str:
    """Twelve hex digits identifying the JSON schema the model is asked to fill."""
    schema = json.dumps(NewsSummary.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()[:12]


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )


def build_messages(document: Document) -> list[dict[str, str]]:
    """The system and user messages for one article.

    Every byte that comes from the article, its metadata lines included, is inside the
    fenced data block (``fenced_article``); the rest of the prompt is ours and depends
    only on the article's shape (sentence count, quote ids), never on its words.
    """
    variables: dict[str, Any] = {
        "tool_name": NewsSummary.__name__,
        "begin_marker": BEGIN_MARKER,
        "end_marker": END_MARKER,
        "article": fenced_article(document),
        "quotes": [
            {
                "id": quote.id,
                "sentence_ids": list(quote.sentence_ids),
                "continues": quote.continues,
            }
            for quote in document.quotes
        ],
        "first_sentence": document.sentences[0].id if document.sentences else "S1",
        "last_sentence": document.sentences[-1].id if document.sentences else "S0",
    }
    user = "user.j2"
    if isinstance(document, DocumentPart):
        user = "part.j2"
        repeated = [s for s in document.sentences if s.start < document.own_start]
        variables.update(
            part=document.number,
            parts=document.parts,
            repeated_until=repeated[-1].id if repeated else None,
        )
    environment = _environment()
    return [
        {
            "role": role,
            "content": as_instructor_sent(environment.get_template(name).render(**variables)),
        }
        for role, name in (("system", "system.j2"), ("user", user))
    ]


def render_template(name: str, **variables: Any) -> str:
    """Template ``name`` of ``prompts/`` rendered in the sandbox, as instructor sends it."""
    return as_instructor_sent(_environment().get_template(name).render(**variables))


def fenced_article(document: Document) -> str:
    """What goes between the fence's markers: the article's leading metadata lines as
    written (a ``published:`` line is data here, whatever it says), then the body with
    its sentence and quote markers. Marker look-alikes in either are defused; a leading
    byte-order mark (kept at offset 0 of the text) is not shown."""
    header_end = document.header_end if isinstance(document, DocumentPart) else document.body_start
    header = defuse_markers(document.text[:header_end]).lstrip("\ufeff").strip()
    body = document.marked_text
    return f"{header}\n\n{body}" if header else body


def truncation_note(max_tokens: int | None) -> dict[str, str]:
    """The user message that re-asks after an answer was cut off at the token limit."""
    text = (
        _environment()
        .get_template("truncated.j2")
        .render(tool_name=NewsSummary.__name__, max_tokens=max_tokens)
    )
    return {"role": "user", "content": as_instructor_sent(text)}


def as_instructor_sent(text: str) -> str:
    r"""The message as instructor's Jinja pass sends it: ``\r\n`` and ``\r`` made ``\n``,
    one trailing newline dropped, ``textwrap.dedent`` run.

    Given a validation ``context``, instructor renders every message as a template and
    dedents the result; the engine sends each message as ``{{ message_N }}`` with the
    text in the context, so what goes out is ``dedent(text)``. Text already made like
    this is its own result, and the requests (so cache and cassette keys) stay what
    earlier versions of the engine sent.
    """
    text = _NEWLINES.sub("\n", text)
    return dedent(text[:-1] if text.endswith("\n") else text)
