"""The cast: every actor the article names, clustered, with where each is mentioned.

People come from capitalised name sequences (titles and honorifics stripped,
roles from appositions), organisations from cue words and acronyms tied to
their expansions, governments from the gazetteer (countries, capitals used as
metonyms, demonyms), and unnamed sources from "a senior official, who asked
not to be named". Surnames, acronyms and short forms become aliases.
"""

from __future__ import annotations

import re
from functools import cache

from summarizer.document import Document
from summarizer.offline.groups import add_groups
from summarizer.offline.lexicon import Lexicon
from summarizer.offline.names import NameSpan, find_names, is_acronym
from summarizer.offline.phrases import phrase_pattern, phrase_source
from summarizer.offline.registry import Cast, Member
from summarizer.spans import Coverage

__all__ = ["build_cast"]

_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|from|into|across|outside|inside|to|the)\s+(?:[a-z\-]+\s+)?|[\"“‘'])$"
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|at|near|from|into|across|to|of|on|over|with|between|against|toward|towards|"
    r"for|by|about|under|around|through|off|inside|outside)\s+(?:the\s+)?$"
)
_SUBJECT_AFTER = re.compile(
    r"\A(?:\s+and\s+[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)?\s+(?:also\s+|has\s+|have\s+|had\s+)?"
    r"(?:has|have|had|is|are|was|were|will|would|could|said|says|[a-z]+ed|[a-z]{3,}s)\b"
)
_APPOSITION_AFTER = re.compile(
    r",\s+(?P<role>(?:(?:the|a|an|its|his|her|their)\s+|[A-Z][\w\-]+['’]s\s+)?"
    r"[a-z][^,;:.\"“”()]{2,90}?)(?=,|\.|;|\s+(?:who|which|said|says|told|added)\b)"
)
_APPOSITION_BEFORE = re.compile(
    r"(?P<role>\b(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w\-]+['’]s)"
    r"(?:\s+[\w\-’']+){1,5}),\s*$"
)
_ACTS_NEXT = re.compile(
    r"(?:['’]s?\s|\s+(?:must|will|would|can|could|should|may|might|also|said|says|told)\b|[,.;:])"
)
_SPEAKS_NEXT = re.compile(r"\s+(?:also\s+)?(?:said|says|told|added|announced|confirmed)\b")
_QUOTED_TITLE = re.compile(r"“[^”\n]{1,150}”|\"[^\"\n]{1,150}\"")
_POSSESSOR_BEFORE = re.compile(r"\b[A-Z][\w\-]+['’]s\s+$")
_AGE_AFTER = re.compile(r",\s*\d{1,3},")
_VERB_FORM = re.compile(r"\A(?:said|says|told|was|is|were|are|had|has|have|will|would)\b")


def build_cast(document: Document, lex: Lexicon) -> Cast:
    """Find and cluster the actors of ``document``."""
    cast = Cast()
    text = document.text
    # the quotes, and the titles and headlines in quotation marks that the detector leaves out
    quoted = Coverage(
        [(q.start, q.end) for q in document.quotes]
        + [m.span() for m in _QUOTED_TITLE.finditer(text, document.body_start)]
    )
    singles: list[NameSpan] = []
    previous: tuple[NameSpan, Member] | None = None
    for sentence in document.sentences:
        for span in find_names(text, sentence.start, sentence.end, lex):
            if quoted.covers(span.start):
                continue
            member = _classify(cast, document, span, previous, lex)
            if member is None:
                if " " not in span.text:
                    singles.append(span)
                continue
            previous = (span, member)
    for span in singles:
        _resolve_single(cast, text, span, lex)
    _anonymous_sources(cast, document, lex)
    add_groups(cast, document, quoted, lex)
    _national_bodies(cast, document, lex)
    _mark_active_governments(cast, text, lex)
    return cast


def _classify(
    cast: Cast,
    document: Document,
    span: NameSpan,
    previous: tuple[NameSpan, Member] | None,
    lex: Lexicon,
) -> Member | None:
    text = document.text
    words = span.text.split()
    country = lex.country_by_form.get(span.text)
    if country is not None and span.title is None:
        member = cast.add(country.name, "government")
        cast.mention(member, span.start, span.end, span.text)
        return member
    if is_acronym(span.text):
        if previous is not None and text[span.start - 1 : span.start] == "(":
            earlier, member = previous
            if member.kind != "person" and earlier.end >= span.start - 3:
                cast.mention(member, span.start, span.end, span.text)
                return member
        return None
    if len(words) == 1 and words[0] in lex.org_cues:
        return None  # "the Union", "Commission": resolved against full names later
    if words[-1] in lex.org_cues or (len(words) > 1 and words[0] in lex.org_heads_with_of):
        member = cast.add(span.text, "organization")
        cast.mention(member, span.start, span.end, span.text)
        return member
    if len(words) < 2 and span.title is None:
        return None
    if len(words) < 2:
        existing = cast.person_by_surname(words[0], span.start)
        member = existing or cast.add(span.text, "person", span.title)
        cast.mention(member, span.start, span.end, span.text)
        if span.title and not member.role:
            cast.set_role(member, span.title)
        return member
    before = text[max(0, span.start - 24) : span.start]
    if _ends_with_org_noun(before, lex):  # "the campaign group Fair Tax Now"
        member = cast.add(span.text, "organization")
        cast.mention(member, span.start, span.end, span.text)
        return member
    if span.title is None and _LOCATIVE.search(before) and not before.endswith("according to "):
        return None
    if any(w in lex.country_by_demonym or w in lex.country_by_form for w in words):
        return None
    if any(w in lex.place_words for w in words):
        return None
    member = cast.person_by_surname(span.text, span.start) or cast.add(
        span.text, "person", span.title
    )
    if span.title:
        member.add_alias(f"{span.title} {span.text}")
        title_start = text.rfind(span.title, 0, span.start)
        owner = _POSSESSOR_BEFORE.search(text, max(0, title_start - 40), max(0, title_start))
        if owner is not None and member.role == span.title:
            cast.set_role(member, f"{owner.group(0).strip()} {span.title}")  # "Iran's President"
    cast.mention(member, span.start, span.end, span.text)
    _apposition_role(cast, member, text, span, lex)
    return member


def _ends_with_org_noun(before: str, lex: Lexicon) -> bool:
    words = before.lower().split()
    return bool(words) and (words[-1] in lex.org_nouns or " ".join(words[-2:]) in lex.org_nouns)


def _apposition_role(cast: Cast, member: Member, text: str, span: NameSpan, lex: Lexicon) -> None:
    if member.role:
        return
    after = _APPOSITION_AFTER.match(text, span.end, min(len(text), span.end + 120))
    if after:
        role = _clean_role(after.group("role").strip())
        if role:
            cast.set_role(member, role)
            return
    window = text[max(0, span.start - 60) : span.start]
    before = _APPOSITION_BEFORE.search(window)
    if before:
        cast.set_role(member, before.group("role").strip())
        return
    title = _role_title_before(window, lex)
    if title:
        cast.set_role(member, title)


def _role_title_before(window: str, lex: Lexicon) -> str | None:
    """ "Hamas leader Ismail Haniyeh", "assistant manager Lee Banham": the words before a name."""
    words = window.split()
    if not words or words[-1].lower() not in lex.role_nouns:
        return None
    taken = [words[-1]]
    for word in reversed(words[:-1]):
        if len(taken) >= 4 or not re.fullmatch(r"[\w\-]+", word):
            break
        if word[0].isupper() or word.lower() in lex.role_nouns or word in ("assistant", "deputy"):
            taken.insert(0, word)
        else:
            break
    return " ".join(taken)


_ROLE_VERB = re.compile(
    r"who\s+(?P<verb>chairs|heads|leads|runs|commands|directs|manages|represents|founded)\s+"
    r"(?P<what>[^,;]+?)(?:\s+and\s+.*)?$"
)
_ROLE_NOUN = {
    "chairs": "chair of",
    "heads": "head of",
    "leads": "leader of",
    "runs": "head of",
    "commands": "commander of",
    "directs": "director of",
    "manages": "manager of",
    "represents": "representative of",
    "founded": "founder of",
}


def _clean_role(role: str) -> str | None:
    """An apposition as a role: "who chairs the X" becomes "chair of the X"."""
    first = role.split()[0].lower()
    if first == "who":
        found = _ROLE_VERB.match(role)
        return f"{_ROLE_NOUN[found.group('verb')]} {found.group('what')}" if found else None
    if _VERB_FORM.match(role) or first.endswith("ed") or first in ("whether", "which", "whose"):
        return None
    return role


def _resolve_single(cast: Cast, text: str, span: NameSpan, lex: Lexicon) -> None:
    word = span.text
    before = text[max(0, span.start - 20) : span.start]
    member = cast.person_by_surname(word, span.start)
    after = text[span.end : span.end + 30]
    acts = bool(_SUBJECT_AFTER.match(after) or _ACTS_NEXT.match(after))
    foreign = word in lex.country_by_demonym or word in lex.country_by_form
    if (
        member is None
        and not foreign
        and (acts or is_acronym(word))
        and not _PREPOSITION_BEFORE.search(before)
    ):
        member = _org_by_prefix_or_initials(cast, word)
    if member is None and word in lex.named_organisations:
        member = cast.add(word, "organization")
    elif member is None and word in lex.org_cues:
        member = cast.org_named(word, span.start)
    if member is None and word.rstrip("s") in lex.country_by_demonym:
        return
    if member is None and _AGE_AFTER.match(after):
        member = cast.add(word, "person")  # "Smith, 54, a machinist"
    speaks = bool(_SPEAKS_NEXT.match(after)) or _has_staff(after, lex)
    if (
        member is None
        and speaks
        and word.lower() not in lex.group_nouns
        and not _PREPOSITION_BEFORE.search(before)
    ):
        member = cast.add(word, "organization")
    if member is not None:
        cast.mention(member, span.start, span.end, span.text)


def _has_staff(after: str, lex: Lexicon) -> bool:
    """ "Apple's chief executive": a name whose people speak is an organisation."""
    found = re.match(r"['’]s\s+((?:[a-z\-]+\s*){1,3})", after)
    if found is None:
        return False
    words = found.group(1).split()
    return any(" ".join(words[: n + 1]) in lex.role_nouns for n in range(len(words)))


def _org_by_prefix_or_initials(cast: Cast, word: str) -> Member | None:
    if is_acronym(word):
        return cast.org_with_initials(word.replace(".", ""))
    prefixed = cast.orgs_starting_with(word)
    return min(prefixed, key=lambda m: len(m.name)) if prefixed else None


_ANONYMOUS = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne)\s+(?P<phrase>(?:[\w\-]+\s+){0,4}?(?P<head>[a-z]+)"
    r"(?:\s+(?:familiar with|close to|with knowledge of|involved in|from|at|in)\s+[^,.;]+?)?)"
    r",?\s+who\s+(?:asked|spoke|requested|declined|was not authori[sz]ed|is not authori[sz]ed)"
)


def _anonymous_sources(cast: Cast, document: Document, lex: Lexicon) -> None:
    """Unnamed sources: "a senior official, who asked not to be named"."""
    text = document.text
    for match in _ANONYMOUS.finditer(text, document.body_start):
        if match.group("head") not in lex.anonymous_heads:
            continue
        phrase = match.group("phrase").strip()
        member = cast.add(phrase, "person", phrase)
        member.active = True
        cast.mention(member, match.start("phrase"), match.end("phrase"), phrase)


@cache
def _body_head_pattern(lex: Lexicon) -> re.Pattern[str]:
    heads = "|".join(
        phrase_source(h)
        for h in sorted({*lex.org_nouns, *lex.government_heads}, key=len, reverse=True)
    )
    return re.compile(rf"\s+(?P<head>(?:[a-z]+\s+)?(?:{heads}))\b")


_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w\-]+")


def _national_bodies(cast: Cast, document: Document, lex: Lexicon) -> None:
    """ "the Croatian coast guard", "the Iranian government": a demonym and a body."""
    heads = _body_head_pattern(lex)
    text = document.text
    quoted = Coverage((q.start, q.end) for q in document.quotes)
    for word in _CAPITALISED_WORD.finditer(text, document.body_start):
        country = lex.country_by_demonym.get(word.group(0))
        if country is None or quoted.covers(word.start()):
            continue
        match = heads.match(text, word.end())
        if match is None:
            continue
        head = " ".join(match.group("head").split())  # a hard wrap inside "coast guard"
        last = head.split()[-1]
        if head in ("government", "administration", "authorities", "leadership", "regime"):
            member = cast.add(country.name, "government")
            member.active = True
        elif last in lex.government_heads or last in lex.org_nouns:
            if last in ("president", "minister", "officials", "negotiators", "diplomats"):
                continue
            named = cast.first_mention(match.end() + 1, match.end() + 2)
            if named is not None and named[2].kind != "person":
                member = named[2]  # "the Palestinian resistance group Hamas"
            else:
                member = cast.add(f"{word.group(0)} {head}", "organization")
        else:
            continue
        cast.mention(member, word.start(), match.end(), text[word.start() : match.end()])


def _mark_active_governments(cast: Cast, text: str, lex: Lexicon) -> None:
    """A country is an actor when it acts: a subject, or named with its officials."""
    officials = phrase_pattern(lex.government_heads)
    for member in cast.members:
        if member.kind != "government":
            continue
        for start in member.mentions:
            end = text.find(" ", start + len(member.name) - 1)
            end = start + len(member.name) if end < 0 else end
            word_end = start
            while word_end < len(text) and (text[word_end].isalnum() or text[word_end] in "-."):
                word_end += 1
            rest = text[word_end : word_end + 40]
            before = text[max(0, start - 25) : start]
            if (rest.startswith(("'s ", "’s ")) and officials.match(rest[3:])) or (
                _SUBJECT_AFTER.match(rest) and not _PREPOSITION_BEFORE.search(before)
            ):
                member.active = True
