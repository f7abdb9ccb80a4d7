"""Linking on a parse: quotation ↔ cue ↔ source, and reported speech without marks.

Input is one parsed chunk (a paragraph, usually) and the quotations found in it by
:mod:`quotetrail.engine.quotes`; output is a list of :class:`Draft` attributions with
character offsets into the whole article.  The rules, in the order they are tried:

1. **Structure**: a verb of saying that governs the quotation in the dependency parse
   (``"…," the mayor said`` — the quoted clause is the verb's ``ccomp``).
2. **Proximity**: a verb of saying right after the closing mark (``"…," said X``) or
   right before the opening mark (``X said: "…"``) in the same sentence.
3. **Colon**: ``Name: "…"`` with no verb at all.
4. **Split and continued quotations**: a quotation with no cue of its own that follows
   a cued one in the same paragraph across that cue (``"A," said X. "B."``), or that
   carries a quotation on into a new paragraph, shares the cue and source.
5. **Cue-less quotations**: a whole quoted sentence with no cue of its own is still a
   statement (``cue: None``), its speaker taken from context by the pipeline; a short
   quoted phrase with no cue is a scare quote or a title, not an attribution.

A quotation inside a longer reported clause (``told Pink News that while initially
"terrified" …``) makes a ``mixed`` attribution whose content is the clause and whose
fragments are the quotations.  Verbs of saying with a content clause and no
quotation make ``indirect`` attributions, as does ``according to X, …``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from quotetrail.engine.draft import Draft
from quotetrail.engine.lexicon import speech_forms
from quotetrail.engine.quotes import Quote

if TYPE_CHECKING:
    from quotetrail.models.attribution import AttributionModel

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
INHERIT_DEPS = {"advcl", "conj", "xcomp", "dep", "ccomp", "pcomp"}
SOURCE_STOP_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "prep", "advcl"}
PUNCT_EDGE = set(" \t\r\n,;:—–-.")
NOT_CONTENT_DEPS = SUBJECT_DEPS | {"punct", "cc", "aux", "auxpass", "neg", "prt", "agent",
                                   "advmod", "npadvmod", "expl", "dative"}
# verbs whose first object is the addressee ("told Pink News that …")
TELLING = {"tell", "assure", "reassure", "inform", "remind", "warn", "notify", "brief", "promise",
           "ask", "advise", "urge", "caution", "alert", "update", "email", "e-mail", "text",
           "message", "write", "show", "teach", "convince", "persuade"}
NOT_SOURCES = {
    "it", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "today", "yesterday", "tonight",
}
DASHES = ("―", "—", "--", "–")
# ", Gwen Astley," after "according to the finance officer": a name set off by commas.
_APPOSED_NAME_RE = re.compile(r"\s*,\s*(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*\s*,")
# Words a title-case name may keep in lower case ("Face the Nation", "Meet the Press").
TITLE_SMALL_WORDS = {"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "with"}
# What a relative "that"/"which" may stand for when its words are displayed, not said:
# "signs that read "Ruth Shows Up"" is a slogan, its source no speaker.
DISPLAY_NOUNS = {"sign", "signs", "banner", "banners", "placard", "placards", "poster",
                 "posters", "t-shirt", "t-shirts", "shirt", "shirts", "sticker", "stickers",
                 "badge", "badges", "billboard", "billboards", "hat", "hats", "cap", "caps",
                 "button", "buttons", "mug", "mugs", "flag", "flags", "graffiti"}
# Verbs of saying in senses that report nothing: what follows the cue is not a content.
# "who asked not to be named", "tells the story of a woman", "claimed the lives of".
NOT_A_REPORT = {
    "ask": re.compile(r"(?i)not\s+to\s+be\s+(?:named|identified|quoted)\b"),
    "request": re.compile(r"(?i)(?:not\s+to\s+be\s+(?:named|identified)|anonymity)\b"),
    "tell": re.compile(r"(?i)(?:(?:the|a|an|his|her|their|its|this|that)\s+)?(?:[\w’'-]+\s+)?"
                       r"(?:story|stories|tale|tales|saga)\b(?!\s+(?:that|how)\b)"),
    "claim": re.compile(r"(?i)(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?"
                        r"(?:[\w’'-]+\s+)?(?:lives?|seats?|titles?|prizes?|victory|win|crown|"
                        r"medals?|trophy)\b"),
}
NAME_PARTICLES = {"de", "van", "von", "der", "la", "le", "du", "da", "di", "bin", "al", "n"}

# The learned content model's candidate must score at least this (tuned on PolNeAR dev).
CONTENT_THRESHOLD = 0.2
# A quotation must be this long (in words) to count as a statement without any cue.
MIN_CUELESS_WORDS = 4
# How far (in tokens) the proximity rule looks after a closing / before an opening mark.
AFTER_WINDOW = 10
BEFORE_WINDOW = 12


def reports_nothing(lemma: str | None, content: str) -> bool:
    """Whether a cue of this lemma followed by this content reports no statement."""
    pattern = NOT_A_REPORT.get(lemma or "")
    return pattern is not None and pattern.match(content) is not None


def is_speech_verb(tok: Token) -> bool:
    """A token that can be the cue of a statement: a verb form of saying or writing."""
    low = tok.lower_
    if low not in speech_forms() or low == "according":
        return False
    if tok.i > 0 and tok.nbor(-1).text == "-":
        return False  # "so-called", "self-described"
    return tok.tag_.startswith("VB") or (tok.dep_ == "ROOT" and tok.tag_ not in ("IN", "DT"))


class ChunkLinker:
    """Links the quotations of one parsed chunk to cues and sources."""

    def __init__(self, doc: Doc, offset: int, quotes: Sequence[Quote], first_quote_id: int,
                 model: AttributionModel | None = None) -> None:
        self.doc = doc
        self.model = model
        self.offset = offset
        self.quotes = list(quotes)
        self.first_id = first_quote_id
        # token -> index of the quote that contains it (marks included), else -1
        self.tok_quote = [-1] * len(doc)
        qi = 0
        for tok in doc:
            pos = tok.idx + offset
            while qi < len(self.quotes) and self.quotes[qi].end <= pos:
                qi += 1
            if qi < len(self.quotes) and self.quotes[qi].start <= pos < self.quotes[qi].end:
                self.tok_quote[tok.i] = qi
        self.used_cues: set[int] = set()
        # quotations that are a programme's or a work's name: plain words to every rule
        self.titles: set[int] = set()
        inner_of: dict[int, list[Token]] = {}  # one pass: each quotation's inner tokens
        for tok in doc:
            qi = self.tok_quote[tok.i]
            if qi >= 0 and self.quotes[qi].content_start <= tok.idx + offset < \
                    self.quotes[qi].content_end:
                inner_of.setdefault(qi, []).append(tok)
        for qi, inner in inner_of.items():
            if self._programme_title(inner):
                self.titles.add(qi)
                for t in doc[max(inner[0].i - 1, 0): inner[-1].i + 2]:
                    if self.tok_quote[t.i] == qi:
                        self.tok_quote[t.i] = -1
        # sentence of every token, computed once (Token.sent walks the parse each time)
        self.sents: list[Span] = list(doc.sents)
        self.sent_idx = [0] * len(doc)
        for si, sent in enumerate(self.sents):
            for k in range(sent.start, sent.end):
                self.sent_idx[k] = si

    def sent(self, tok: Token) -> Span:
        return self.sents[self.sent_idx[tok.i]]

    # -- helpers -------------------------------------------------------------------

    def _abs(self, a: int, b: int) -> tuple[int, int]:
        return (a + self.offset, b + self.offset)

    def _tok_span(self, toks: Sequence[Token]) -> tuple[int, int]:
        a = min(t.idx for t in toks)
        b = max(t.idx + len(t) for t in toks)
        return self._abs(a, b)

    def _quote_tokens(self, qi: int) -> list[Token]:
        return [t for t in self.doc if self.tok_quote[t.i] == qi]

    def _cue_span(self, verb: Token) -> tuple[int, int]:
        toks = [verb] + [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
        if verb.lower_ == "according":
            toks += [c for c in verb.children if c.lower_ == "to"]
        return self._tok_span(toks)

    def coordinated_report(self, verb: Token) -> Token | None:
        """The reporting verb a verb of saying is coordinated with, when the parser put it
        inside that verb's content clause instead.

        "The governor said the plan would work and promised to cut taxes": the parse
        makes "promised" a conjunct of "work", so the plan would promise and the
        governor's content would run on into the second report.  A subjectless verb of
        saying in the past or present whose partner in the clause has another form
        ("would work", "had failed") belongs to the reporter.
        """
        if verb.dep_ != "conj" or not is_speech_verb(verb) or \
                verb.tag_ not in ("VBD", "VBZ", "VBP"):
            return None
        if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            return None
        partner = verb.head
        reporter = partner.head
        if partner.dep_ != "ccomp" or reporter is partner or not is_speech_verb(reporter):
            return None
        has_aux = any(c.dep_ in ("aux", "auxpass") for c in partner.children)
        # "… the tone was cordial and predicted …": a thing does not predict
        thing = any(c.dep_ in SUBJECT_DEPS and c.tag_ in ("NN", "NNS")
                    for c in partner.children)
        if partner.tag_ == verb.tag_ and not has_aux and not thing:
            return None
        return reporter

    def _after_addressee(self, cue: Token, a: int, b: int) -> int:
        """Start a content after the addressee of a verb of telling: in "told the
        audience that she would fight" the audience is to whom, the clause is what."""
        if speech_forms().get(cue.lower_) not in TELLING:
            return a
        obj = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i),
                   None)
        if obj is None or obj.left_edge.idx + self.offset != a:
            return a
        clause = next((c for c in cue.children if c.dep_ in ("ccomp", "xcomp") and
                       c.i > obj.i), None)
        # the parser may hang the that-clause on the addressee ("the audience that …")
        start = clause.left_edge.idx + self.offset if clause is not None else \
            self._that_clause_in(obj, b, obj.i)
        if start is None:
            return a
        return self._trim(start, b)[0] if a < start < b else a

    def _clause_after_prep_object(self, cue: Token, start: int, end: int, a: int,
                                  b: int) -> int:
        """Start a content at the that-clause the parser hung on a prepositional object
        of the cue: in "told delegates at the party convention that the plan had
        failed" the convention is where, the clause is what."""
        toks = self.doc[start:end]
        root = next((t for t in toks if not (start <= t.head.i < end)), None)
        if root is None or root.dep_ != "pobj" or root.head.head.i != cue.i:
            return a
        at = self._that_clause_in(root, b, root.i)
        return self._trim(at, b)[0] if at is not None and a < at < b else a

    def _cut_coordinated(self, cue: Token, a: int, b: int) -> int:
        """End ``cue``'s content before a second report coordinated with it (above)."""
        for t in self.doc:
            pos = t.idx + self.offset
            reporter = self.coordinated_report(t) if a < pos < b else None
            if reporter is not None and reporter.i == cue.i:
                cut = t.left_edge
                prev = self.doc[cut.i - 1] if cut.i > 0 else None
                if prev is not None and prev.dep_ == "cc":
                    cut = prev
                return self._trim(a, cut.idx + self.offset)[1]
        return b

    def source_of(self, verb: Token, depth: int = 0) -> Token | None:
        """The subject of a cue verb, inherited through 'adding', 'and said', 'saying'."""
        reporter = self.coordinated_report(verb)
        if reporter is not None:
            return self.source_of(reporter, depth + 1)
        if verb.lower_ == "according":
            for to in verb.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return obj
            return None
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS and self.tok_quote[c.i] < 0:
                if c.dep_ == "nsubjpass":
                    agent = next((a for a in verb.children if a.dep_ == "agent"), None)
                    if agent is not None:
                        obj = next((o for o in agent.children if o.dep_ == "pobj"), None)
                        if obj is not None:
                            return obj
                return c
        if c_agent := next((a for a in verb.children if a.dep_ == "agent"), None):
            obj = next((o for o in c_agent.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        head = verb.head
        if depth >= 4 or head is verb:
            return None
        if verb.dep_ == "acl" and not head.tag_.startswith("VB"):
            return head  # "a letter saying …", "Oz, saying …"
        if verb.dep_ == "relcl":
            return head
        if head.tag_.startswith("VB") or verb.dep_ in INHERIT_DEPS or \
                head.dep_ in ("prep", "pcomp"):
            return self.source_of(head, depth + 1)
        return None

    def nested_subject(self, verb: Token, qi: int) -> Token | None:
        """A relayed statement: "X relays that her parents were "..." and assured that
        "... to us"" -- the second verb coordinates with the relayed clause, not with
        "relays", when the quotation speaks as "we"/"us" and the relayed clause's
        subject is plural while the reporter is one person.  The parser may attach it
        either way; number agreement with the quoted first person decides."""
        if verb.dep_ != "conj" or not is_speech_verb(verb.head):
            return None
        reporter = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
        inner = next((c for c in verb.head.children if c.dep_ == "ccomp" and c.i < verb.i),
                     None)
        if reporter is None or inner is None:
            return None
        subject = next((c for c in inner.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.tag_ not in ("NNS", "NNPS", "PRP") or \
                (subject.tag_ == "PRP" and subject.lower_ not in ("they", "we")):
            return None
        if reporter.tag_ in ("NNS", "NNPS") or reporter.lower_ in ("they", "we"):
            return None
        q = self.quotes[qi]
        words = set(self.doc.text[q.content_start - self.offset:
                                  q.content_end - self.offset].lower().split())
        if words & {"we", "us", "our", "ours"}:
            return subject
        return None

    def nearby_source(self, verb: Token) -> Token | None:
        """When the parse gives the cue no subject: the closest name or pronoun around it.

        Looks right after the verb first ('said Flynn'), then back towards the
        sentence start ('Flynn, a top surrogate, said'), never inside a quotation.
        """
        sent = self.sent(verb)
        for t in self.doc[verb.i + 1: min(verb.i + 4, sent.end)]:
            if self.tok_quote[t.i] >= 0 or t.is_punct:
                break
            if t.tag_ in ("NNP", "NNPS", "PRP") and t.lower_ not in NOT_SOURCES:
                return t
        for t in reversed(self.doc[sent.start: verb.i]):
            if self.tok_quote[t.i] >= 0:
                continue
            if t.dep_ in SUBJECT_DEPS or \
                    (t.tag_ in ("NNP", "NNPS") and t.dep_ in ("appos", "nsubj")):
                return t
        for t in reversed(self.doc[sent.start: verb.i]):
            if self.tok_quote[t.i] < 0 and t.tag_ in ("NNP", "NNPS", "PRP") and t.lower_ != "it":
                return t
        return None

    def relative_antecedent(self, subj: Token) -> tuple[int, int] | None:
        """'supporters, who said …': the noun phrase a relative pronoun stands for."""
        if subj.lower_ not in ("who", "that", "which", "whom") or subj.head.dep_ != "relcl":
            return None
        noun = subj.head.head
        if noun is subj.head or self.tok_quote[noun.i] >= 0:
            return None
        return self.source_span(noun)

    def addressee_of(self, verb: Token) -> tuple[int, int] | None:
        """To whom: the object of a verb of telling ('told Pink News that'), or 'said to X'."""
        lemma = speech_forms().get(verb.lower_)
        for c in verb.children:
            if c.i < verb.i or self.tok_quote[c.i] >= 0:
                continue
            if (c.dep_ in ("dobj", "dative") and lemma in TELLING and c.tag_ != "WP" and \
                    any(k.dep_ in ("ccomp", "xcomp") or self.tok_quote[k.i] >= 0
                        for k in verb.children if k.i > c.i)) or \
                    (c.dep_ == "dative" and lemma in ("say", "explain", "write", "speak", "talk")):
                if c.tag_ == "IN":  # "wrote … to State officials" parsed as a dative "to"
                    obj = next((o for o in c.children if o.dep_ == "pobj"), None)
                    if obj is None:
                        continue
                    return self.source_span(obj)
                if any(k.dep_ == "case" for k in c.children):
                    # "told CNN’s Jake Tapper", parsed as two objects: the owner's person
                    owned = next((k for k in verb.children if k.i > c.i and
                                  k.dep_ in ("dobj", "dative")), None)
                    if owned is not None:
                        a, _ = self.source_span(c)
                        return a, self.source_span(owned)[1]
                return self.source_span(c)
            if c.dep_ == "prep" and c.lower_ == "to" and lemma in ("say", "explain", "write",
                                                                    "speak", "talk", "complain"):
                obj = next((o for o in c.children if o.dep_ == "pobj"), None)
                if obj is not None:
                    return self.source_span(obj)
        return None

    def source_span(self, head: Token) -> tuple[int, int]:
        """The mention: the subject's subtree up to its head and its name-like right part.

        Appositions and relative clauses ("Daryl Kimball, executive director of …") are cut:
        the mention names who spoke; the description belongs to the speaker resolver.
        """
        left = head.left_edge.i
        right = head.i
        for t in self.doc[head.i + 1: head.right_edge.i + 1]:
            if t.dep_ in SOURCE_STOP_DEPS or (t.is_punct and t.text not in (".", "-", "'", "’")):
                break
            if t.head.i < head.i or (t.head.i > t.i and t.dep_ not in ("compound", "flat")):
                break
            right = t.i
        # keep "Connor & Locke" and "Kit Connor and Joe Locke" whole (joint speakers)
        conj = [c for c in head.children if c.dep_ == "conj" and c.tag_.startswith("NNP")]
        if conj and head.tag_.startswith("NNP"):
            right = max(right, max(c.i for c in conj))
        toks = [t for t in self.doc[left:right + 1] if self.tok_quote[t.i] < 0]
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        if not toks:
            toks = [head]
        return self._tok_span(toks)

    def _sentence_bounds(self, toks: Sequence[Token]) -> tuple[int, int]:
        a = min(self.sent(t).start_char for t in toks)
        b = max(self.sent(t).end_char for t in toks)
        return self._abs(a, b)

    # -- cue finding -----------------------------------------------------------------

    def _structural_cue(self, qi: int, qtoks: list[Token]) -> Token | None:
        roots = [t for t in qtoks if self.tok_quote[t.head.i] != qi or t.head is t]
        for r in roots:
            h, steps = r, 0
            while steps < 4:
                if h.head is h:
                    break
                h = h.head
                steps += 1
                if self.tok_quote[h.i] >= 0:
                    continue
                if is_speech_verb(h):
                    return h
                if not (h.tag_.startswith("VB") or h.dep_ in ("prep", "pcomp", "mark")):
                    break
                if h.tag_.startswith("VB") and steps >= 2:
                    break
        # the cue verb can also hang below the quotation ('"A," he said, "B."')
        for t in qtoks:
            for c in t.children:
                if self.tok_quote[c.i] < 0 and is_speech_verb(c) and \
                        c.dep_ in ("parataxis", "ccomp", "advcl", "conj", "dep", "relcl"):
                    return c
        return None

    def _programme_title(self, inner: list[Token]) -> bool:
        """A short title-case quotation right after a possessive name: a programme or a
        work ("told ABC's "Good Morning America"", "Fox News' "Hannity"")."""
        first = inner[0]
        if first.i < 2 or len(inner) > 6:
            return False
        before = self.doc[first.i - 2]  # the token before the opening mark
        if before.tag_ != "POS" and before.text not in ("'s", "’s", "'", "’"):
            return False
        owner = self.doc[before.i - 1] if before.i > 0 else None
        if owner is None or not (owner.is_title or owner.is_upper):
            return False
        words = [t for t in inner if t.is_alpha]
        return bool(words) and all(t.is_title or t.is_upper or t.lower_ in TITLE_SMALL_WORDS
                                   for t in words)

    def _displayed(self, verb: Token) -> bool:
        """Whether the cue's subject is a sign, a banner or a shirt ("signs that read",
        "a banner reading", "T-shirts saying"): words on display, not a statement."""
        before = next((t for t in reversed(self.doc[max(0, verb.i - 3):verb.i])
                       if not (t.is_punct or t.lower_ in ("that", "which"))), None)
        if before is not None and before.lower_ in DISPLAY_NOUNS:
            return True
        subj = self.source_of(verb)
        if subj is None:
            return False
        if subj.lower_ in ("that", "which") and subj.head.dep_ == "relcl":
            subj = subj.head.head
        return subj.lower_ in DISPLAY_NOUNS

    def _outer_cue(self, verb: Token, qtoks: list[Token]) -> Token | None:
        """The reporting verb when the cue found sits inside another cue's content clause.

        In "Quinn told the Courier that drivers were not asking for "anything
        unreasonable"" the quotation hangs below "asking", but the quoted words are
        Quinn's: a negated verb did not say them, and "asking for" takes them as its
        object, not as its words.  A quotation that is the inner verb's own complement
        ("… that the mayor called it "a disgrace"") stays the inner speaker's.
        """
        negated = any(c.dep_ == "neg" for c in verb.children)
        via_prep = any(c.dep_ == "prep" and any(c.is_ancestor(t) for t in qtoks)
                       for c in verb.children)
        if not (negated or via_prep):
            return None
        h, steps = verb, 0
        while h.dep_ in ("ccomp", "conj") and h.head is not h and steps < 3:
            h = h.head
            steps += 1
            if is_speech_verb(h) and self.tok_quote[h.i] < 0 and \
                    any(c.dep_ in SUBJECT_DEPS for c in h.children):
                return h
        return None

    def _proximity_cue(self, qi: int, qtoks: list[Token]) -> Token | None:
        first, last = qtoks[0], qtoks[-1]
        # after the closing mark: '"…," said X' / '"…," X said' / '"…" she added.'
        for n, t in enumerate(self.doc[last.i + 1:]):
            if self.tok_quote[t.i] >= 0 or n >= AFTER_WINDOW or t.text == "\n":
                break
            if is_speech_verb(t):
                return t
            if t.text in (".", "!", "?", ";"):  # the sentence ended with the quotation
                break
        # before the opening mark: 'X said: "…"' / 'X told reporters, "…"'
        for n, t in enumerate(reversed(self.doc[: first.i])):
            if self.tok_quote[t.i] >= 0 or n >= BEFORE_WINDOW or t.text in (".", "!", "?", "\n"):
                break
            if is_speech_verb(t):
                between = self.doc[t.i + 1: first.i]
                governs = any(t.is_ancestor(x) for x in qtoks)
                if governs or not any(b.tag_.startswith("VB") for b in between):
                    return t
                break
        return None

    def _colon_cue(self, qtoks: list[Token]) -> tuple[Token, list[Token]] | None:
        first = qtoks[0]
        if first.i == 0:
            return None
        colon = self.doc[first.i - 1]
        if colon.text != ":":
            return None
        prefix = list(self.doc[self.sent(colon).start: colon.i])
        if not prefix or len(prefix) > 8 or any(t.tag_.startswith("VB") for t in prefix):
            return None
        if not any(t.tag_ in ("NNP", "NNPS", "PRP", "NN", "NNS") for t in prefix):
            return None
        return colon, prefix

    def _dash_cue(self, qi: int) -> tuple[tuple[int, int], list[Token]] | None:
        """'"…" ― Jane Doe': a dash after the closing mark, then a name (a signature).

        Works on characters, not tokens: the tokenizer often glues the dash to the mark.
        """
        q = self.quotes[qi]
        text = self.doc.text
        i = q.end - self.offset
        while i < len(text) and text[i] in " ,.\u00a0":
            i += 1
        dash = next((d for d in DASHES if text.startswith(d, i)), None)
        if dash is None:
            return None
        cue = (i + self.offset, i + len(dash) + self.offset)
        name: list[Token] = []
        for t in self.doc:
            if t.idx < i + len(dash):
                continue
            if t.is_space or self.tok_quote[t.i] >= 0:
                break
            if t.is_punct and t.text not in (".", "-", "'", "’"):
                break
            if not (t.is_title or t.is_upper or t.text in (".", "-", "'", "’")
                    or t.lower_ in NAME_PARTICLES):
                break
            name.append(t)
        if not name or (not name[0].is_title and not name[0].is_upper):
            return None
        return cue, name

    def trailing_cue(self) -> tuple[Token, Token | None] | None:
        """'He said:' closing a paragraph introduces the quotation in the next one."""
        text = self.doc.text.rstrip()
        if not text.endswith(":") or not len(self.doc):
            return None
        last_sent = self.sents[-1]
        root = last_sent.root
        verbs = [t for t in last_sent if is_speech_verb(t) and self.tok_quote[t.i] < 0
                 and t.dep_ not in ("relcl", "acl") and not any(
                     c.lower_ in ("what", "which") for c in t.children)]
        if verbs:
            v = verbs[-1]
            return v, self.source_of(v)
        if root.tag_.startswith("VB") and self.tok_quote[root.i] < 0:
            # 'Okafor laid out her promise:' — whoever does the introducing speaks
            return root, self.source_of(root)
        colon = next((t for t in reversed(last_sent) if t.text == ":"), None)
        if colon is None:
            return None
        nouns = [t for t in last_sent if t.tag_ in ("NNP", "NNPS", "PRP") and t.i < colon.i]
        return colon, nouns[0] if nouns else None

    def cue_from_previous(self, verb: Token, subj: Token | None, linker: ChunkLinker,
                          qi: int) -> Draft:
        """A quotation opening this chunk, introduced by ``verb`` in ``linker``'s chunk."""
        q = self.quotes[qi]
        toks = self._quote_tokens(qi)
        return Draft(kind="direct", content=(q.content_start, q.content_end),
                     cue=linker._cue_span(verb),
                     source=linker.source_span(subj) if subj is not None else None,
                     sentence=self._sentence_bounds(toks) if toks else (q.start, q.end),
                     confidence=0.7, quote_ids=[self.first_id + qi],
                     cue_lemma=speech_forms().get(verb.lower_, verb.text), how="quote:intro")

    def _content_extent(self, verb: Token, qi: int) -> tuple[int, int] | None:
        """The cue's complement that holds the quotation, as (start, end) in the article.

        For ``blasted the media for being "dishonest"`` that is the object and the
        phrase after it; trailing adjuncts without a quotation (``on Friday``) are left
        out.  None when the quotation is not inside the cue's complement.
        """
        q = self.quotes[qi]
        right = q.content_start >= verb.idx + self.offset
        kids = [c for c in verb.children
                if c.dep_ not in NOT_CONTENT_DEPS and (c.i > verb.i) == right
                and not (c.dep_ in ("conj", "advcl") and is_speech_verb(c))]
        # "told Pink News that …": the first object of a verb of telling is its addressee
        if right and any(c.dep_ in ("ccomp", "xcomp") for c in kids):
            first = kids[0] if kids else None
            if first is not None and first.dep_ in ("dobj", "dative") and \
                    speech_forms().get(verb.lower_) in TELLING:
                kids = kids[1:]
        if not right:
            kids.reverse()  # nearest the verb first, on either side
        spans = [(c, c.left_edge.idx + self.offset,
                  c.right_edge.idx + len(c.right_edge) + self.offset) for c in kids]

        def holds_quote(a: int, b: int) -> bool:
            return any(a <= o.content_start and o.content_end <= b + 1 for o in self.quotes)

        hit = next((k for k, (_, a, b) in enumerate(spans)
                    if a <= q.content_start and q.content_end <= b + 1), None)
        if hit is None:
            return None
        last = hit
        for k in range(hit + 1, len(spans)):
            c, a, b = spans[k]
            if holds_quote(a, b) or c.dep_ in ("ccomp", "xcomp", "dobj", "oprd"):
                last = k
            else:
                break
        first = 0
        if spans[hit][0].dep_ in ("ccomp", "xcomp"):
            first = hit  # a content clause: what stands before it is an adjunct ("in a tweet")
        kept = spans[first: last + 1]
        a = min(x[1] for x in kept)
        if kept[0][0].dep_ == "prep":  # the prep's own object is never the clause's start
            prep = kept[0][0]
            a = self._that_clause_in(prep, q.content_start, prep.i + 1) or a
        b = max(x[2] for x in kept)
        last_quote = max(o.end for o in self.quotes
                         if a <= o.content_start and o.content_end <= b + 1)
        b = self._cut_trailing_clause(last_quote, b)
        # "told the crowd that X had "never run …" and promised to cut taxes": the
        # second report is the reporter's, not part of what was quoted; never cut
        # inside a quotation
        cut = self._cut_coordinated(verb, last_quote, b)
        b = cut if cut >= last_quote else b
        return min(a, q.content_start), max(b, q.content_end)

    def _that_clause_in(self, head: Token, before: int, after: int) -> int | None:
        """Where a that-clause with a subject of its own starts inside ``head``'s phrase
        (after token ``after``, before character ``before``), or None.

        The parser hangs such a clause on a noun as a relative clause: "said in a press
        release that it was "disappointed"" (the venue's noun), "told the audience that
        she would fight" (the addressee).  The clause is what was said; the phrase
        before it is the venue or the addressee.
        """
        for t in head.subtree:
            if t.idx + self.offset >= before:
                return None
            if t.lower_ == "that" and t.i > after and any(
                    c.dep_ in SUBJECT_DEPS and c.i > t.i for c in t.head.children):
                return t.idx + self.offset
        return None

    def _cut_trailing_clause(self, after: int, b: int) -> int:
        """End a reported clause before a comma-joined participle or clause after its quotes.

        "… will be "fair" to him, engaging in what analysts called …": the appended
        clause describes the reporting, it is not what was reported.
        """
        for t in self.doc:
            pos = t.idx + self.offset
            if pos <= after or pos >= b:
                continue
            if t.dep_ in ("advcl", "conj", "relcl") and t.tag_ in ("VBG", "VBN") and t.i > 0 \
                    and self.doc[t.left_edge.i - 1].text == "," and self.tok_quote[t.i] < 0:
                return self.doc[t.left_edge.i - 1].idx + self.offset
        return b

    # -- main ------------------------------------------------------------------------

    def link_quotes(self) -> list[Draft]:
        drafts: list[Draft] = []
        for qi, q in enumerate(self.quotes):
            qtoks = self._quote_tokens(qi)
            if not qtoks:
                continue
            inner = [t for t in qtoks if q.content_start <= t.idx + self.offset < q.content_end]
            if not inner:
                continue
            if qi in self.titles:
                continue  # ABC's "Good Morning America": a name, not anyone's words
            sentence = self._sentence_bounds(qtoks)
            verb = self._structural_cue(qi, inner)
            if verb is not None:
                verb = self._outer_cue(verb, inner) or verb
            conf, how = 0.9, "quote:structure"
            if verb is None:
                verb = self._proximity_cue(qi, qtoks)
                conf, how = 0.75, "quote:proximity"
            if verb is not None:
                if self._displayed(verb):
                    self.used_cues.add(verb.i)
                    continue  # a slogan on a sign or a shirt: nobody's statement
                drafts.append(self._from_verb(verb, qi, q, sentence, conf, how))
                continue
            dash = self._dash_cue(qi)
            colon = self._colon_cue(qtoks) if dash is None else None
            if dash is not None:
                cue, name = dash
                drafts.append(self._quote_draft(qi, sentence, cue, self._tok_span(name),
                                                "―", "quote:dash"))
            elif colon is not None:
                tok, prefix = colon
                drafts.append(self._quote_draft(qi, sentence, self._tok_span([tok]),
                                                self._tok_span(prefix), ":", "quote:colon"))
            else:  # no cue of its own: _share_cues decides what it is
                drafts.append(self._quote_draft(qi, sentence, None, None, None, "quote:none",
                                                confidence=0.0))
        return drafts

    def _quote_draft(self, qi: int, sentence: tuple[int, int], cue: tuple[int, int] | None,
                     source: tuple[int, int] | None, lemma: str | None, how: str,
                     confidence: float = 0.7) -> Draft:
        """A direct attribution of quotation ``qi`` whose cue was found without a verb."""
        q = self.quotes[qi]
        return Draft(kind="direct", content=(q.content_start, q.content_end), cue=cue,
                     source=source, sentence=sentence, confidence=confidence,
                     quote_ids=[self.first_id + qi], cue_lemma=lemma, how=how)

    def _from_verb(self, verb: Token, qi: int, q: Quote, sentence: tuple[int, int],
                   conf: float, how: str) -> Draft:
        self.used_cues.add(verb.i)
        subj = self.source_of(verb) or self.nearby_source(verb)
        subj = self.nested_subject(verb, qi) or subj
        source = self.source_span(subj) if subj is not None else None
        ref = self.relative_antecedent(subj) if subj is not None else None
        content = (q.content_start, q.content_end)
        kind = "direct"
        fragments: list[tuple[int, int]] = []
        extent = self._content_extent(verb, qi)
        if extent is not None:
            a, b = self._trim(*extent)
            outside = (b - a) - q.length
            if outside > max(12, 0.25 * q.length) and not self._only_frame(a, b, qi):
                kind = "mixed"
                for o in self.quotes:  # a quotation at an edge keeps its marks
                    if o.start < a <= o.content_start:
                        a = o.start
                    if o.content_end <= b < o.end:
                        b = o.end
                content = (a, b)
                fragments = [(o.content_start, o.content_end) for o in self.quotes
                             if a <= o.content_start and o.content_end <= b]
        p_cue = 0.0
        if self.model is not None:  # what the cue model thinks of the rules' cue
            p_cue = self.model.cue_probability(verb, [q >= 0 for q in self.tok_quote])
        return Draft(kind=kind, content=content, fragments=fragments,
                     cue=self._cue_span(verb), source=source, sentence=sentence,
                     confidence=conf, quote_ids=[self.first_id + qi],
                     cue_lemma=speech_forms().get(verb.lower_),
                     addressee=self.addressee_of(verb), source_ref=ref, how=how, p_cue=p_cue)

    def _only_frame(self, a: int, b: int, qi: int) -> bool:
        """Outside the quotation the extent holds only a word or two ('that "…"')."""
        q = self.quotes[qi]
        outside = [t for t in self.doc if a <= t.idx + self.offset < b
                   and self.tok_quote[t.i] != qi and not t.is_punct]
        return len(outside) <= 2 and all(t.idx + self.offset < q.start for t in outside)

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        text = self.doc.text
        while a < b and text[a - self.offset] in PUNCT_EDGE:
            a += 1
        while b > a and text[b - 1 - self.offset] in PUNCT_EDGE:
            b -= 1
        return a, b

    # -- learned cues: reported speech, beliefs, the long tail -------------------------

    def link_learned(self, model: AttributionModel, taken: Sequence[tuple[int, int]],
                     content_threshold: float = CONTENT_THRESHOLD) -> list[Draft]:
        """Attributions whose cue the learned model finds among tokens no quotation used."""
        in_q = [q >= 0 for q in self.tok_quote]
        drafts: list[Draft] = []
        for tok, p in model.cues(self.doc, in_q, self.used_cues):
            best = model.best_content(tok, in_q)
            if best is None or best[1] < content_threshold:
                continue
            cand, pc = best
            last = self.doc[cand.end - 1]
            a, b = self._trim(self.doc[cand.start].idx + self.offset,
                              last.idx + len(last) + self.offset)
            b = self._cut_coordinated(tok, a, b) if b > a else b
            a = self._after_addressee(tok, a, b)
            a = self._clause_after_prep_object(tok, cand.start, cand.end, a, b)
            if b <= a or any(a < t[1] and t[0] < b for t in taken):
                continue
            if reports_nothing(speech_forms().get(tok.lower_, tok.lower_),
                               self.doc.text[a - self.offset:b - self.offset]):
                continue
            fragments = [(o.content_start, o.content_end) for o in self.quotes
                         if a <= o.content_start and o.content_end <= b]
            for o in self.quotes:  # a quotation at an edge keeps its marks
                if o.start < a <= o.content_start:
                    a = o.start
                if o.content_end <= b < o.end:
                    b = o.end
            subj = self.source_of(tok) or (self.nearby_source(tok) if tok.tag_.startswith("VB")
                                           else None)
            if tok.lower_ == "according":
                # "According to the finance officer, Gwen Astley, the authority faces …":
                # the phrase (its apposition too) frames the content, it is not in it
                right = tok.right_edge
                phrase_end = right.idx + len(right) + self.offset
                m = _APPOSED_NAME_RE.match(self.doc.text, phrase_end - self.offset)
                if m is not None:  # the parser may leave the apposed name out of the phrase
                    phrase_end = m.end() + self.offset
                if a < phrase_end < b:
                    a, b = self._trim(phrase_end, b)
                if b <= a:
                    continue
            drafts.append(Draft(
                kind="mixed" if fragments else "indirect", content=(a, b), fragments=fragments,
                cue=self._cue_span(tok), source=self.source_span(subj) if subj else None,
                sentence=self._sentence_bounds([tok]), confidence=round(p * pc, 4),
                cue_lemma=speech_forms().get(tok.lower_, tok.lower_),
                addressee=self.addressee_of(tok),
                source_ref=self.relative_antecedent(subj) if subj else None,
                how="learned", p_cue=p, p_content=pc))
        return drafts

    # -- reported speech without marks -----------------------------------------------

    def link_indirect(self, taken: Sequence[tuple[int, int]]) -> list[Draft]:
        """``X said (that) …`` and ``according to X, …`` with no quotation inside."""
        drafts: list[Draft] = []
        for tok in self.doc:
            if tok.i in self.used_cues or self.tok_quote[tok.i] >= 0:
                continue
            low = tok.lower_
            if low == "according":
                d = self._according(tok)
            elif is_speech_verb(tok):
                d = self._reported(tok)
            else:
                continue
            if d is None:
                continue
            if any(a < d.content[1] and d.content[0] < b for a, b in taken):
                continue
            drafts.append(d)
        return drafts

    def _reported(self, verb: Token) -> Draft | None:
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return None
        subj = self.source_of(verb)
        if subj is None:
            return None
        toks = list(clause.subtree)
        if len(toks) < 3:
            return None
        a = toks[0].idx + self.offset
        b = toks[-1].idx + len(toks[-1]) + self.offset
        a, b = self._trim(a, b)
        b = self._cut_coordinated(verb, a, b)
        if b <= a or reports_nothing(speech_forms().get(verb.lower_),
                                     self.doc.text[a - self.offset:b - self.offset]):
            return None
        sentence = self._sentence_bounds([verb])
        return Draft(kind="indirect", content=(a, b), cue=self._cue_span(verb),
                     source=self.source_span(subj), sentence=sentence, confidence=0.6,
                     cue_lemma=speech_forms().get(verb.lower_),
                     addressee=self.addressee_of(verb), how="rules:reported")

    def _according(self, tok: Token) -> Draft | None:
        subj = self.source_of(tok)
        if subj is None:
            return None
        head = tok.head
        if head is tok:
            return None
        exclude = {t.i for t in tok.subtree}
        toks = [t for t in head.subtree if t.i not in exclude]
        if len(toks) < 3:
            return None
        a = toks[0].idx + self.offset
        b = toks[-1].idx + len(toks[-1]) + self.offset
        # the phrase may sit in the middle of the clause; keep the longer side
        ph_a = tok.left_edge.idx + self.offset
        ph_b = tok.right_edge.idx + len(tok.right_edge) + self.offset
        if a < ph_a < b:
            left, right = (a, ph_a), (ph_b, b)
            a, b = left if left[1] - left[0] >= right[1] - right[0] else right
        a, b = self._trim(a, b)
        if b - a < 10:
            return None
        return Draft(kind="indirect", content=(a, b), cue=self._cue_span(tok),
                     source=self.source_span(subj), sentence=self._sentence_bounds([tok]),
                     confidence=0.6, cue_lemma="according to", how="rules:according")
