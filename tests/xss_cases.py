"""Hostile inputs for the HTML views: an article and a summary whose every string tries
to run script, load something or break out of its element."""

from __future__ import annotations

from summarizer.schema import Actor, Meta, Quote, Span, Stance, Summary

PAYLOADS = (
    "<script>window.__pwned = 1; alert(1)</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "</style><style>body{display:none}</style>",
    "javascript:window.__pwned=3",
    "</script><script>window.__pwned=4</script>",
    '<a href="javascript:window.__pwned=5">click</a>',
    '<iframe src="https://example.com/"></iframe><link rel=stylesheet href=https://example.com/s.css>',
    "' onmouseover='window.__pwned=6",
    "{{ 7*7 }}{% raw %}",
)

XSS_ARTICLE = (
    "date 2026-01-01\n"
    'Mallory Quinn said: "' + PAYLOADS[0] + ' is fine." Visit ' + PAYLOADS[3] + " now.\r\n\r\n"
    '\U0001f600 Eve Lark wrote "' + PAYLOADS[1] + " and " + PAYLOADS[2] + '" in a post.\n\n'
    '"' + PAYLOADS[4] + '" someone said. ' + PAYLOADS[5] + " " + PAYLOADS[6] + "\n\n"
    'Trent said "' + PAYLOADS[7] + '" and "' + PAYLOADS[8] + '".\n'
)


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def xss_summary() -> Summary:
    """A summary of ``XSS_ARTICLE`` with a payload in every string field."""
    text = XSS_ARTICLE
    quotes = []
    for needle, speaker in (
        (PAYLOADS[0] + " is fine.", "Mallory " + PAYLOADS[0]),
        (PAYLOADS[1] + " and " + PAYLOADS[2], "Eve " + PAYLOADS[1]),
        (PAYLOADS[4], None),
        (PAYLOADS[7], "Mallory " + PAYLOADS[0]),
        (PAYLOADS[8], None),
    ):
        start, end = _span(text, needle)
        quotes.append(Quote(text=needle, speaker=speaker, start=start, end=end))
    evidence_start, evidence_end = _span(text, "Visit " + PAYLOADS[3] + " now.")
    return Summary(
        title="</title>" + PAYLOADS[0],
        summary=PAYLOADS[1] + " " + PAYLOADS[2],
        key_points=[PAYLOADS[3], PAYLOADS[4], PAYLOADS[5], PAYLOADS[6]],
        published=None,
        actors=[
            Actor(
                name="Mallory " + PAYLOADS[0],
                kind="person",
                role=PAYLOADS[2],
                aliases=[PAYLOADS[7]],
            ),
            Actor(name="Eve " + PAYLOADS[1], kind="organization", role=None, aliases=[PAYLOADS[5]]),
        ],
        quotes=quotes,
        stances=[
            Stance(
                actor="Mallory " + PAYLOADS[0],
                target=PAYLOADS[3] + " " + PAYLOADS[6],
                position="support",
                evidence=[
                    Span(
                        text=text[evidence_start:evidence_end],
                        start=evidence_start,
                        end=evidence_end,
                    )
                ],
            ),
            Stance(actor="Eve " + PAYLOADS[1], target=PAYLOADS[4], position="oppose", evidence=[]),
        ],
        meta=Meta(
            engine="llm",
            model=PAYLOADS[0],
            prompt_version=PAYLOADS[8],
            warnings=[PAYLOADS[1], PAYLOADS[2]],
        ),
    )
