"""Control characters made visible before a view reaches a terminal or a reader.

Article text and model output are untrusted: an ESC byte in either could clear
the screen, set the window title or rewrite a line when the text or Markdown
view is printed (or a saved file is ``cat``-ed). Every control character
except newline and tab is replaced by a visible stand-in, one character for
one character, so the offsets a view shows still index the original text:

- C0 controls (U+0000-U+001F) become their Unicode Control Picture
  (ESC is shown as U+241B ``␛``, BEL as ``␇``, CR as ``␍``), DEL becomes ``␡``;
- C1 controls (U+0080-U+009F), which have no picture, become U+FFFD ``�``.

The JSON contract keeps the exact text (JSON escapes control characters).
"""

from __future__ import annotations

from typing import Any

from summarizer.schema import Summary

__all__ = ["make_visible", "visible_summary"]

_KEPT = {ord("\n"), ord("\t")}
_PICTURES: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code not in _KEPT}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})


def make_visible(text: str) -> str:
    """``text`` with every control character but newline and tab replaced, one for one."""
    return text.translate(_PICTURES)


def _visible(value: Any) -> Any:
    if isinstance(value, str):
        return make_visible(value)
    if isinstance(value, list):
        return [_visible(item) for item in value]
    if isinstance(value, dict):
        return {key: _visible(item) for key, item in value.items()}
    return value


def visible_summary(summary: Summary) -> Summary:
    """A copy of ``summary`` in which every string field went through :func:`make_visible`.

    Walking the dumped model, rather than naming fields, covers fields added later.
    """
    return Summary.model_validate(_visible(summary.model_dump()))
