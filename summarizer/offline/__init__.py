"""The offline engine: a Draft from rules alone, with no model and no network.

It is the embedded default when no model is configured and the baseline the
evals measure. See ``cast`` (actors), ``speakers`` (quote attribution),
``stances`` (cue lexicons) and ``digest`` (title, summary, key points).
"""

from __future__ import annotations

from summarizer.document import Document
from summarizer.draft import Draft, DraftActor, DraftQuote
from summarizer.language import language_name
from summarizer.limits import MAX_TITLE_CHARS, shorten
from summarizer.offline.cast import build_cast
from summarizer.offline.digest import (
    compress,
    key_points,
    narrative_sentences,
    summary_sentences,
    title,
)
from summarizer.offline.lexicon import lexicon
from summarizer.offline.phrases import Words
from summarizer.offline.registry import Cast, Member
from summarizer.offline.spacing import plainly_spaced
from summarizer.offline.speakers import Attributor
from summarizer.offline.stances import find_stances

__all__ = ["draft_offline"]


def draft_offline(document: Document) -> Draft:
    """Fill a Draft for ``document`` with rules; every reference is a Q#/S# id, so the
    Draft made from the plainly spaced copy resolves against ``document`` itself."""
    if document.language not in (None, "en"):
        return _draft_unread(document, document.language)
    document = plainly_spaced(document)
    lex = lexicon()
    cast = build_cast(document, lex)
    words = Words(document.text)
    attributor = Attributor(document, cast, lex, words)
    speakers = attributor.attribute_all()
    stances = find_stances(document, cast, attributor, lex, words)
    active: set[int] = {id(m) for m in speakers.values() if m is not None}
    active.update(id(m) for m in cast.members if m.active or m.kind in ("person", "organization"))
    active.update(id(cast.get(s.actor)) for s in stances if cast.get(s.actor) is not None)
    actors = [_draft_actor(m) for m in cast.members if id(m) in active]
    quotes = [
        DraftQuote(speaker=speaker.name if speaker else None, quote_id=quote_id)
        for quote_id, speaker in speakers.items()
    ]
    narrative = narrative_sentences(document)
    lead = summary_sentences(narrative)
    if len(lead) < 2:  # a quote-heavy article: its quoted sentences too
        lead = summary_sentences(document.sentences)
    return Draft(
        title=title(narrative or document.sentences),
        summary=" ".join(compress(s.text) for s in lead),
        key_points=key_points(narrative, cast, {s.id for s in lead}, document.sentences),
        actors=actors,
        quotes=quotes,
        stances=stances,
    )


def _draft_unread(document: Document, language: str) -> Draft:
    """An article in a language the rules cannot read (their names, roles, reporting
    verbs and stance cues are English): the quote candidates, which need no language,
    and the lead sentences as they stand; no speakers, actors or stances rather than
    wrong ones ("La Première" is no person), and one warning that says so."""
    narrative = narrative_sentences(document) or document.sentences
    lead = summary_sentences(narrative)
    head = narrative[0].text.rstrip(" .") if narrative else ""
    return Draft(
        title=shorten(head, MAX_TITLE_CHARS),
        summary=" ".join(s.text for s in lead),
        key_points=key_points(narrative, Cast(), {s.id for s in lead}, document.sentences),
        quotes=[DraftQuote(speaker=None, quote_id=q.id) for q in document.quotes],
        warnings=[
            f"the offline engine reads English only and this article is in "
            f"{language_name(language)}: quotes and lead sentences are given, speakers, "
            "actors and stances are left empty"
        ],
    )


def _draft_actor(member: Member) -> DraftActor:
    """The plain Draft actor, without the mention index."""
    return DraftActor(member.name, member.kind, member.role, list(member.aliases))
