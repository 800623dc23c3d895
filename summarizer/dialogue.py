"""Dialogue dashes: quotations that Spanish, Italian, Portuguese, Russian, Polish...
open with a dash at the start of a paragraph instead of a quotation mark.

``—No cederemos —dijo el ministro—. Hay que negociar.`` and
``— Мы не уступим, — сказал министр. — Надо договариваться.``

A dash also starts list items, datelines and asides, so a paragraph that starts
with a dash is read as dialogue ONLY when a later dash in it is followed at once by
a reporting verb (``dijo``, ``ha detto``, ``сказал``...): the words from the first
dash to that dash are one quotation, and the words after the dash that closes the
attribution, if any, are a second one (as ``"X," she said, "Y."`` is two). A dash
line with no reporting verb (``— 143 schools affected``) is not a quotation. The
French ``— Non, répondit-il.`` (attribution after a comma, no second dash) is not
read: without the second dash, where the quotation ends is a guess.
"""

from __future__ import annotations

__all__ = ["DASHES", "dialogue_spans"]

DASHES = "\u2014\u2013\u2015"  # — – ―
_VERBS = frozenset(
    (
        # Spanish
        "dijo dice afirmó afirma aseguró asegura explicó explica añadió añade agregó agrega "
        "señaló señala respondió responde declaró declara preguntó pregunta contestó contesta "
        "comentó comenta insistió insiste advirtió advierte admitió admite subrayó subraya "
        "apuntó apunta indicó indica sostuvo sostiene replicó replica exclamó concluyó "
        "recordó reconoció manifestó precisó "
        # Italian (also after the auxiliary: "ha detto")
        "disse detto afferma affermato spiega spiegato aggiunge aggiunto dichiara dichiarato "
        "risponde risposto sottolinea sottolineato commenta commentato osserva osservato "
        "conclude concluso precisa precisato chiede chiesto ribadisce ribadito replicato "
        "ammette ammesso "
        # Portuguese
        "diz afirmou explicou acrescentou acrescenta declarou respondeu perguntou sublinhou "
        "garantiu admitiu comentou referiu salientou "
        # Russian, Ukrainian
        "сказал сказала сказали говорит заявил заявила заявили ответил ответила добавил "
        "добавила отметил отметила пояснил пояснила сообщил сообщила подчеркнул подчеркнула "
        "уточнил уточнила признал признала спросил спросила возразил возразила заметил "
        "заметила объяснил объяснила рассказал рассказала сказав заявив додав додала "
        "відповів відповіла зазначив зазначила пояснив "
        # Polish
        "powiedział powiedziała dodał dodała stwierdził stwierdziła odpowiedział "
        "odpowiedziała zaznaczył zaznaczyła podkreślił podkreśliła mówi wyjaśnił wyjaśniła "
        # English, for completeness
        "said says added asked"
    ).split()
)
_AUXILIARIES = frozenset("ha hanno ha a avait hat le les lo gli".split())
_AFTER_CLOSING_DASH = " \t.,;:\u00a0\u202f"


def dialogue_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quotations of a paragraph ``text[start:end]`` that opens with a dialogue
    dash, as (start, end) offsets (white space not yet trimmed); ``[]`` when the
    paragraph does not open with a dash or no reporting verb follows a later dash."""
    if start >= end or text[start] not in DASHES:
        return []
    for dash in _dashes(text, start + 1, end):
        if _reporting_verb_after(text, dash + 1, end):
            spans = [(start + 1, dash)]
            closing = next(iter(_dashes(text, dash + 1, end)), None)
            if closing is not None:
                resume = closing + 1
                while resume < end and text[resume] in _AFTER_CLOSING_DASH:
                    resume += 1
                if resume < end:
                    spans.append((resume, end))
            return spans
    return []


def _dashes(text: str, start: int, end: int) -> list[int]:
    return [offset for offset in range(start, end) if text[offset] in DASHES]


def _reporting_verb_after(text: str, offset: int, end: int) -> bool:
    """Whether the words right after ``offset`` are a reporting verb ("dijo", "ha detto")."""
    words = text[offset : min(end, offset + 60)].split()[:2]
    if not words:
        return False
    first = words[0].strip(",.;:").casefold()
    if first in _VERBS:
        return True
    return first in _AUXILIARIES and len(words) > 1 and words[1].strip(",.;:") in _VERBS
