"""The Jinja2 environment of the HTML views, and the page's Content-Security-Policy.

Templates are package data (``templates/``), autoescaped. Inline CSS and JS are rendered
first, hashed, and allowed by hash only: the page can load nothing (``default-src
'none'``) and run no script but its own, even if a string slipped past escaping.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

__all__ = ["csp", "environment", "render_page", "sha256_source"]


def _keep_cr(value: str) -> Markup:
    """Escape text for an element whose text must survive the HTML parser unchanged: a
    raw CR would be turned into LF (and CR LF into LF), a character reference is not."""
    return Markup(str(escape(value)).replace("\r", "&#13;"))


@cache
def environment() -> Environment:
    """The shared, autoescaping environment over ``summarizer/views/templates``."""
    env = Environment(
        loader=PackageLoader("summarizer.views", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "j2", "css", "js"), default_for_string=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["keepcr"] = _keep_cr
    return env


def sha256_source(text: str) -> str:
    """A CSP hash source for an inline element's exact text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(style: str, script: str | None) -> str:
    """A policy allowing exactly this style and script, no network, no plugins, no forms."""
    script_src = sha256_source(script) if script is not None else "'none'"
    return (
        f"default-src 'none'; style-src {sha256_source(style)}; script-src {script_src}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def render_page(template: str, *, css: str, js: str | None, **context: Any) -> str:
    """Render ``template`` with the given inline CSS and JS (both ours) under a hash CSP."""
    env = environment()
    return env.get_template(template).render(
        css=Markup(css),
        js=Markup(js) if js is not None else None,
        csp=csp(css, js),
        **context,
    )


def asset(name: str, **context: Any) -> str:
    """An inline CSS or JS file from ``templates/``, rendered (palette rules are generated)."""
    return environment().get_template(name).render(**context)
