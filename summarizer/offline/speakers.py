"""Who said each quote: reporting-verb patterns in both orders, resolved to the cast.

Within the quote's sentence: "X said", "said X", "X told reporters that ...",
"according to X", "the statement noted" (the statement's owner), "a
spokesperson for X said". Across sentences, in the newspaper conventions: a
continuation paragraph inherits its speaker, a speaker named only in the next
sentence, the previous quote's speaker, or the subject of the last reporting
sentence. Pronouns and title phrases resolve to the last fitting actor.
"""

from __future__ import annotations

import bisect
import re
from functools import cache, cached_property

from summarizer.document import Document, QuoteCandidate, Sentence
from summarizer.offline.lexicon import Lexicon
from summarizer.offline.phrases import Words, phrase_index
from summarizer.offline.registry import Cast, Member

__all__ = ["Attributor"]

_GAP = re.compile(
    r"\s*(?:,\s*(?:who|which|a|an|the|its|his|her|[a-z0-9])[^,\"“”]*,)?\s*"
    r"(?:(?:also|later|then|previously|earlier|had|has|have|[a-z]+ly)\s+)*,?\s*"
)
_PHRASE = re.compile(
    r"(?:\b(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)"
    r"|\b(?P<det>[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?P<body>(?:[\w\-’']+\s+){0,4}?[\w\-]+)"
    r"(?P<for>\s+(?:for|of|at)\s+(?:the\s+)?[\w\-’' ]{2,60}?)?)$"
)
_OWNED = re.compile(r"['’]s\s+(?P<body>(?:[a-z\-]+\s+){0,3}[a-z\-]+)")
_PARTICIPLE = re.compile(r"[a-z]+ing\b")
_ENDS_SUBJECT = re.compile(
    r"\s*(?:[,.;:!?)\"”]|$)|['’]s\b|\s+(?:of|at|from|for|in|on|during|after|when|as)\s"
)
_LEAD_PUNCT = re.compile(r"[\s,.!?;:’'\"”)\-–—]*")
_INVERTS = re.compile(
    r"said|says|added|adds|asked|wrote|writes|continued|explained|noted|recalled|replied|"
    r"according to|as per|in the words of|quoting"
)
_OPENING_PRONOUN = re.compile(
    r"(?:(?:But|And|Yet|So)\s+(?P<pronoun>he|she|they|it|He|She|They|It)|"
    r"(?P<capital>He|She|They|It))\b"
)
_TITLE_GAP = 45
_TITLE_WORDS = re.compile(r"(?:[A-Za-z][\w\-’'.]*\s+){1,4}")
_FUNCTION_WORDS = frozenset(
    "the a an this that these those it its he she they his her their we i you on in at "
    "for to of from by with and or but not had has have was were is are be been would "
    "will could should can may might also then when after before while as if".split()
)
_ORG_REFERENCE_PERSONS = ("spokesperson", "spokesman", "spokeswoman", "statement")


class Attributor:
    """Resolves the speaker of each quote candidate of one document."""

    def __init__(self, document: Document, cast: Cast, lex: Lexicon, words: Words) -> None:
        self.document = document
        self.cast = cast
        self.lex = lex
        self.masked = _mask_quotes(document)
        self.words = words.without([(q.start, q.end) for q in document.quotes])
        self.verbs = phrase_index(tuple(sorted(lex.reporting_verbs)))
        self.according = phrase_index(lex.according_to)
        self.speakers: dict[str, Member | None] = {}
        self.phrase_heads = _phrase_heads(lex)
        self._in_statement = False
        self._in_previous = False

    # --- public -----------------------------------------------------------------

    def attribute_all(self) -> dict[str, Member | None]:
        for quote in self.document.quotes:
            self.speakers[quote.id] = self._attribute(quote)
        return self.speakers

    def subject_of(self, sentence: Sentence) -> Member | None:
        """The actor a sentence reports: the subject of its first reporting verb."""
        for verb in self.verbs.finditer(self.words, sentence.start, sentence.end):
            found = self._subject_before(sentence.start, verb.start)
            if found is None and _INVERTS.fullmatch(verb.phrase.lower()):
                found = self._subject_after(verb.end, sentence.end)
            if found is not None:
                return found
        return self._according_to(sentence.start, sentence.end)

    # --- one quote ----------------------------------------------------------------

    def _attribute(self, quote: QuoteCandidate) -> Member | None:
        sentences = [self.document.sentence(i) for i in quote.sentence_ids]
        found = [s for s in sentences if s is not None]
        if found:
            lower, upper = found[0].start, found[-1].end
        else:
            lower, upper = quote.start, quote.end
        after_end, before_start = self._neighbours(quote, lower, upper)
        speaker = (
            self._after(quote.end, after_end)
            or self._before(before_start, quote.start)
            or self._according_to(lower, upper)
        )
        if speaker is not None:
            return speaker
        return self._across_sentences(quote, found)

    def _neighbours(self, quote: QuoteCandidate, lower: int, upper: int) -> tuple[int, int]:
        """Where the next quote that opens in ``[lower, upper)`` starts (else ``upper``) and
        where the previous one ends (else ``lower``). Quotes are sorted and never overlap,
        so each is one bisection away."""
        index = self.document.quote_index
        after_end = upper
        following = index.first_starting_after(quote.end)
        if following < len(index.starts) and index.starts[following] < upper:
            after_end = index.starts[following]
        before_start = lower
        preceding = index.last_ending_before(quote.start)
        if preceding >= 0 and index.starts[preceding] >= lower:
            before_start = max(index.ends[preceding], lower)
        return after_end, before_start

    def _after(self, start: int, end: int) -> Member | None:
        lead = _LEAD_PUNCT.match(self.masked, start, end)
        cursor = lead.end() if lead else start
        verb = self.verbs.match(self.words, cursor, end)
        if verb is not None and _INVERTS.fullmatch(verb.phrase.lower()):
            return self._subject_after(verb.end, end)
        verb = self.verbs.search(self.words, cursor, min(end, cursor + 80))
        if verb is not None:
            return self._subject_before(cursor, verb.start)
        return None

    def _before(self, start: int, end: int) -> Member | None:
        verbs = list(self.verbs.finditer(self.words, start, end))
        for verb in reversed(verbs):
            found = self._subject_before(start, verb.start)
            if found is None and _INVERTS.fullmatch(verb.phrase.lower()):
                found = self._subject_after(verb.end, end)
            if found is not None:
                return found
        if verbs:
            return self._opening_actor(start)
        return None

    def _main_subject(self, participle: int) -> Member | None:
        """The subject of the clause a participle hangs on: the main reporting verb's, or
        the actor that opens the sentence."""
        sentence = self.document.sentence_at(participle)
        if sentence is not None:
            for verb in self.verbs.finditer(self.words, sentence.start, participle):
                if not _PARTICIPLE.match(self.masked, verb.start):
                    return self._subject_before(sentence.start, verb.start)
        return self._opening_actor(participle)

    def _opening_actor(self, offset: int) -> Member | None:
        """The actor that opens the sentence: the subject of "X welcomed ... but said"."""
        sentence = self.document.sentence_at(offset)
        if sentence is None:
            return None
        lead = self.masked[sentence.start : sentence.start + 60]
        pronoun = _OPENING_PRONOUN.match(lead)
        if pronoun is not None:
            word = pronoun.group("pronoun") or pronoun.group("capital")
            return self._resolve_pronoun(word, sentence.start)
        mention = self.cast.first_mention(sentence.start, min(sentence.end, sentence.start + 40))
        if mention is None:
            return None
        _, end, member = mention
        if self.masked[end : end + 2] in ("'s", "’s"):
            return None
        return member

    def _according_to(self, start: int, end: int) -> Member | None:
        match = self.according.search(self.words, start, end)
        if match is None:
            return None
        return self._subject_after(match.end, min(end, match.end + 80))

    def _across_sentences(self, quote: QuoteCandidate, sentences: list[Sentence]) -> Member | None:
        if quote.continues is not None and quote.continues in self.speakers:
            return self.speakers[quote.continues]
        paragraph = quote.paragraph
        if sentences and sentences[0].start < quote.start - 1:
            opener = self._opening_actor(sentences[0].start)
            if opener is not None:
                return opener  # "Smith, 54, was blunt: "...""
        last = sentences[-1] if sentences else None
        if last is not None:
            following = self._next_in_paragraph(last.end, paragraph)
            if following is not None and not self._quote_opens_in(following):
                found = self._reporting_subject(following)
                if found is not None:
                    return found
        quotes = self.document.quote_index
        earlier = quotes.last_ending_by(quote.start)  # quotes are in paragraph order
        if earlier >= 0 and quotes.spans[earlier].paragraph == paragraph:
            speaker = self.speakers.get(quotes.spans[earlier].id)
            if speaker is not None:
                return speaker
        first = sentences[0] if sentences else None
        previous: list[Sentence] = []
        if first is not None:
            last_before = self.document.sentence_index.last_ending_by(first.start)
            previous = self.document.sentences[max(0, last_before - 1) : last_before + 1]
        for sentence in reversed(previous):
            found = self._reporting_subject(sentence)
            if found is not None:
                return found
        return self.cast.before(quote.start, ("person",), lower=_paragraph_start(self, paragraph))

    def _next_in_paragraph(self, offset: int, paragraph: int) -> Sentence | None:
        """The first sentence of ``paragraph`` that starts at or after ``offset``."""
        sentences = self.document.sentences
        first = self._paragraph_first_sentence.get(paragraph)
        if first is None:
            return None
        index = max(first, self.document.sentence_index.first_starting_from(offset))
        if index < len(sentences) and sentences[index].paragraph == paragraph:
            return sentences[index]
        return None

    @cached_property
    def _paragraph_first_sentence(self) -> dict[int, int]:
        first: dict[int, int] = {}
        for index, sentence in enumerate(self.document.sentences):
            first.setdefault(sentence.paragraph, index)
        return first

    def _quote_opens_in(self, sentence: Sentence) -> bool:
        quotes = self.document.quote_index
        index = quotes.first_starting_from(sentence.start)
        return index < len(quotes.starts) and quotes.starts[index] < sentence.end

    def _reporting_subject(self, sentence: Sentence) -> Member | None:
        verb = self.verbs.search(self.words, sentence.start, sentence.end)
        if verb is None:
            return None
        found = self._subject_before(sentence.start, verb.start)
        if found is None and _INVERTS.fullmatch(verb.phrase.lower()):
            found = self._subject_after(verb.end, sentence.end)
        return found

    # --- subjects -----------------------------------------------------------------

    def _subject_before(self, lower: int, verb_start: int) -> Member | None:
        if _PARTICIPLE.match(self.masked, verb_start):
            return self._main_subject(verb_start)  # "X criticised Y, saying ...": X
        window_start = max(lower, verb_start - 200)
        best: tuple[int, Member] | None = None
        member = self._mention_before(window_start, verb_start)
        if member is not None:
            best = member
        phrase = self._phrase_before(window_start, verb_start)
        if phrase is not None and (best is None or phrase[0] > best[0]):
            best = phrase
        return best[1] if best else None

    def _mention_before(self, lower: int, verb_start: int) -> tuple[int, Member] | None:
        cursor = verb_start
        while cursor > lower:
            mention = self.cast.last_mention(lower, cursor)
            if mention is None:
                return None
            start, end, member = mention
            gap = self.masked[end:verb_start]
            if _GAP.fullmatch(gap) and "\n" not in gap:
                possessive = self.masked[end : end + 2] in ("'s", "’s")
                if not possessive:
                    return end, self._apposition_head(lower, start, member)
            owned = _OWNED.match(self.masked, end, verb_start)
            if owned is not None and _GAP.fullmatch(self.masked[owned.end() : verb_start]):
                head = owned.group("body").split()[-1].lower()
                if head in self.phrase_heads:  # "Germany's finance ministry said"
                    holder = self.cast.with_role(owned.group("body"), verb_start)
                    if holder is not None or head not in self.lex.role_nouns:
                        return owned.end(), holder or member
            cursor = start
        return None

    def _apposition_head(self, lower: int, start: int, member: Member) -> Member:
        """ "Tomás Ybarra, chief economist at Harbourline Securities, said": the person."""
        if member.kind == "person":
            return member
        previous = self.cast.last_mention(lower, start)
        if previous is not None and previous[2].kind == "person":
            between = self.masked[previous[1] : start]
            if re.fullmatch(r",\s+(?:the\s+|a\s+|an\s+)?[a-z][^,.;:\"“”]*\s", between):
                return previous[2]
        return member

    def _phrase_before(self, lower: int, verb_start: int) -> tuple[int, Member] | None:
        window = self.masked[lower:verb_start]
        trimmed = window.rstrip()
        aside = trimmed.endswith(",")
        trimmed = re.sub(r",\s*$", "", trimmed)
        gap_cut = re.search(r"(?:\s+(?:also|later|then|had|has|have|[a-z]+ly))+$", trimmed)
        if gap_cut:
            trimmed = trimmed[: gap_cut.start()]
        tail = trimmed[-90:]
        last_word = tail.rsplit(None, 1)[-1].lower().replace("’", "'") if tail.strip() else ""
        if last_word not in self.phrase_heads:
            return None
        match = _PHRASE.search(tail)
        if match is None:
            return None
        if aside and tail[: match.start()].rsplit(",", 1)[-1].strip():
            return None  # "speaking to his Iraqi counterpart, asserted": inside an aside
        offset = lower + len(trimmed)
        member = self._resolve_phrase(match, lower + len(trimmed) - len(match.group(0)))
        return (offset, member) if member is not None else None

    def _subject_after(self, start: int, end: int) -> Member | None:
        lead = re.compile(r"[\s,]*").match(self.masked, start, end)
        cursor = lead.end() if lead else start
        mention = self.cast.first_mention(cursor, min(end, cursor + 4)) or self._titled(cursor, end)
        if mention is not None:
            # "said Jane Holloway, a spokeswoman": the speaker; "said Paris had": a clause
            if _ENDS_SUBJECT.match(self.masked, mention[1], end) or mention[1] >= end:
                return mention[2]
            return None
        tail = self.masked[cursor : min(end, cursor + 90)]
        match = re.match(
            r"(?P<det>the|an?|its|his|her|their)\s+(?P<body>(?:[\w\-’']+\s+){0,4}?[\w\-]+)"
            r"(?=\s*[,.;:!?)\"”]|\s*$)",
            tail,
        )
        if match is not None:
            phrase = _PHRASE.search(match.group(0))
            if phrase is not None:
                return self._resolve_phrase(phrase, cursor)
        return None

    def _titled(self, cursor: int, end: int) -> tuple[int, int, Member] | None:
        """ "said Mayor Tom Reed", "said council member Ana Ruiz", "said Dr. Helen Park":
        a person named after a title of up to four words with no function word in it."""
        mention = self.cast.first_mention(cursor, min(end, cursor + _TITLE_GAP))
        if mention is None or mention[2].kind != "person":
            return None
        title = _TITLE_WORDS.fullmatch(self.masked, cursor, mention[0])
        if title is None or any(w.lower() in _FUNCTION_WORDS for w in title.group(0).split()):
            return None
        return mention

    # --- phrases ------------------------------------------------------------------

    def _resolve_pronoun(self, pronoun: str, offset: int) -> Member | None:
        kinds: tuple[str, ...] = ("person",)
        if pronoun.lower() not in self.lex.person_pronouns:
            kinds = ("organization", "government", "group")
        subject = self._previous_subject(offset)
        if subject is not None and subject.kind in kinds:
            return subject  # "X said ... . "...," she said": the last sentence's speaker
        return self.cast.before(offset, kinds)

    def _previous_subject(self, offset: int) -> Member | None:
        """The reporting subject of the sentence before ``offset``'s, in its paragraph
        (one level deep: that subject's own pronoun resolves by mention order)."""
        if self._in_previous:
            return None
        sentence = self.document.sentence_at(offset)
        if sentence is None:
            return None
        index = self.document.sentence_index.last_ending_by(sentence.start)
        if index < 0:
            return None
        previous = self.document.sentences[index]
        if previous.paragraph != sentence.paragraph:
            return None
        self._in_previous = True
        try:
            return self._reporting_subject(previous)
        finally:
            self._in_previous = False

    def _resolve_phrase(self, match: re.Match[str], offset: int) -> Member | None:
        if match.group("pronoun"):
            return self._resolve_pronoun(match.group("pronoun"), offset)
        body = match.group("body")
        words = body.lower().replace("’", "'").split()
        head = words[-1]
        extra = match.group("for") or ""
        if head in _ORG_REFERENCE_PERSONS:
            owner = self.cast.first_mention(offset, offset + len(match.group(0)) + 1)
            if owner is not None and owner[2].kind != "person":
                return owner[2]
            if extra:
                target = re.sub(r"^\s+(?:for|of|at)\s+(?:the\s+)?", "", extra).strip()
                return self.cast.org_named(target.split()[-1], offset) or self.cast.get(target)
            if head == "statement":
                return self._statement_owner(offset)
            return self.cast.before(offset, ("organization", "government"))
        if head in self.lex.government_words and match.group("det").lower() == "the":
            return self._government(words, offset)
        national = self._national_role(words, head)
        if national is not None:
            return national
        same_role = self.cast.with_same_role(f"{body} {extra}".strip().lower())
        if same_role is not None:
            return same_role
        if head in (n.lower() for n in self.lex.org_cues) or head in self.lex.org_nouns:
            return self.cast.org_named(head, offset) or self.cast.main_org(offset)
        if head in self.lex.anonymous_heads or head in self.lex.role_nouns:
            anonymous = self.cast.anonymous(head, offset)
            if anonymous is not None:
                return anonymous
            titled = self.cast.with_role(head, offset)
            for synonym in self.lex.role_synonyms.get(head, ()):
                titled = titled or self.cast.with_role(synonym, offset)
            if titled is not None:
                return titled
            if "'" in body and match.group("det").lower() == "the":
                member = self.cast.add(f"the {body}", "person", f"the {body}")
                self.cast.mention(member, offset, offset + len(match.group(0)), f"the {body}")
                return member
        return None

    def _national_role(self, words: list[str], head: str) -> Member | None:
        """ "the Iranian leader": the person whose role names Iran and a leader's title."""
        countries = [self.lex.country_by_demonym.get(w.capitalize()) for w in words]
        country = next((c for c in countries if c is not None), None)
        if country is None or head not in self.lex.role_nouns:
            return None
        for noun in (head, *self.lex.role_synonyms.get(head, ())):
            for member in self.cast.roles_naming(noun):
                if member.kind == "person" and country.name in (member.role or ""):
                    return member
        return None

    def _government(self, words: list[str], offset: int) -> Member:
        """ "the government", "the Iranian government": a country, or the article's government."""
        for word in words:
            country = self.lex.country_by_demonym.get(word.capitalize())
            if country is not None:
                return self.cast.add(country.name, "government")
        member = self.cast.add("government", "government")
        member.active = True
        return member

    @cached_property
    def _statement_sentences(self) -> list[int]:
        """The indexes of the sentences that mention a statement."""
        return [i for i, s in enumerate(self.document.sentences) if "statement" in s.text]

    def _statement_owner(self, offset: int) -> Member | None:
        if self._in_statement:
            return None
        self._in_statement = True
        try:
            sentences = self.document.sentences
            last = self.document.sentence_index.last_ending_by(offset)
            stated = self._statement_sentences
            for index in reversed(stated[: bisect.bisect_right(stated, last)]):
                owner = self._reporting_subject(sentences[index])
                if owner is not None:
                    return owner
            return self.cast.main_org(offset)
        finally:
            self._in_statement = False


@cache
def _phrase_heads(lex: Lexicon) -> frozenset[str]:
    """Words a subject phrase can end in: pronouns, roles, organisation nouns."""
    words = {
        *lex.person_pronouns,
        *lex.collective_pronouns,
        *lex.anonymous_heads,
        *lex.statement_nouns,
        *_ORG_REFERENCE_PERSONS,
        *lex.government_words,
        *(cue.lower() for cue in lex.org_cues),
    }
    for phrase in (*lex.role_nouns, *lex.org_nouns):
        words.add(phrase.split()[-1])
    return frozenset(words)


def _paragraph_start(attributor: Attributor, index: int) -> int:
    return attributor.document.paragraphs[index].start


def _mask_quotes(document: Document) -> str:
    """The text with every quote's words blanked, so rules only read the narration."""
    text = document.text
    pieces: list[str] = []
    cursor = 0
    for quote in document.quotes:
        pieces.append(text[cursor : quote.start])
        pieces.append(_NOT_NEWLINE.sub("_", text[quote.start : quote.end]))
        cursor = quote.end
    pieces.append(text[cursor:])
    return "".join(pieces)


_NOT_NEWLINE = re.compile(r"[^\n]")
