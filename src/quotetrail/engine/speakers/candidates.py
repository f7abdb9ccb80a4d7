"""Candidate speakers for a mention, and the features the ranking model scores them by.

For each source mention the resolver asks this module for every plausible value of the
speaker fields (:class:`~.reading.Answer`): what the mention names itself, the people,
organisations, collectives and documents the article has named around it, the speakers
of the statements just before, joint speakers, descriptive groups ("Esme's parents"),
and the null answers ("unnamed", "a person the article does not name").  Each
candidate carries string features; a hashed linear model (``models/speaker_ranker``)
scores them and a softmax over one mention's candidates gives the probabilities.

Features are conjunctions of the mention's form (pronoun, role, document, ...) with
what is known of the candidate: gender and number agreement, how recently and how often
it was mentioned, whether it spoke just before, whether its last mention was a subject,
inside parentheses (a character played by an actor), inside the quoted content (the
person spoken about), the addressee ("told X"), or the asker of a question (a host, an
interviewer); whether its roles carry the mention's head noun ("the mayor"); whether it
is what the mention's possessor names.  No feature names a person, an outlet or a word
of an evaluation text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from quotetrail.engine.speakers.gender import given_name
from quotetrail.engine.speakers.index import _PARTIES, ArticleIndex, Entity, _canon
from quotetrail.engine.speakers.reading import (
    Answer,
    Reading,
    descriptive,
    join_names,
    read_mention,
)

__all__ = ["Candidate", "Context", "Previous", "candidates", "is_question"]

MAX_PERSONS = 8  # distinct people before a mention, most recent first
MAX_ORGS = 5
MAX_PREVIOUS = 4
LOOK_BACK = 300  # mentions (of people, of organisations) looked back through, at most
_QUESTION_WORDS = re.compile(r"\b(?:asked|asks|asking|host|hosts|hosted|interviewer|"
                             r"moderator|anchor|presenter|questioned|quizzed)\b", re.I)
#: Heads of a mention that can be a publication or a broadcaster ("the paper said") ...
_MEDIA_HEADS = frozenset({"paper", "newspaper", "magazine", "station", "network", "broadcaster",
                          "outlet", "website", "site", "channel", "publisher", "programme",
                          "program", "show", "podcast", "journal", "tabloid", "daily"})
#: ... and the last words of a publication's name ("Riff Quarterly", "The Harwick Courier").
_PUBLICATION_WORDS = frozenset({"monthly", "weekly", "quarterly", "daily", "times", "post",
                                "herald", "gazette", "courier", "chronicle", "journal",
                                "tribune", "magazine", "news", "radio", "tv", "fm", "mirror",
                                "telegraph", "express", "examiner", "inquirer", "dispatch",
                                "observer", "review", "bulletin", "register", "globe"})
_HOST_ROLES = frozenset({"host", "presenter", "interviewer", "moderator", "anchor",
                         "co-host", "cohost", "editor", "reporter", "journalist"})


@dataclass(slots=True, frozen=True)
class Context:
    """What the attribution around a mention tells the resolver (offsets in the article)."""

    cue: tuple[int, int] | None = None
    content: tuple[int, int] | None = None
    addressee: tuple[int, int] | None = None
    ref: tuple[int, int] | None = None  # what a relative pronoun stands for (the parse's)


@dataclass(slots=True, frozen=True)
class Previous:
    """A statement resolved earlier in the article: where, and whose."""

    offset: int
    answer: Answer
    question: bool = False  # the statement was a question ("X asked ...")
    addressee: str | None = None  # whom it was said or asked to, as resolved


@dataclass(slots=True)
class Candidate:
    answer: Answer
    features: set[str] = field(default_factory=set)


_ASKING = re.compile(r"^(?:ask|asks|asked|asking|inquired|wondered|quizzed|questioned|pressed)$",
                     re.I)


def is_question(text: str, context: Context) -> bool:
    """Whether a statement is a question: its cue is a verb of asking, or it ends in "?"."""
    if context.cue is not None and _ASKING.match(text[context.cue[0]:context.cue[1]]):
        return True
    if context.content is not None:
        return text[context.content[0]:context.content[1]].rstrip(" ”\"’'").endswith("?")
    return False


_ALL_NULLS: tuple[str | None, ...] = ("unnamed", "person", "group", "organisation", "document",
                                       None)
#: What kind of nobody each form of mention can be ("she" is a person, "officials" are
#: unnamed, "the company" an organisation): the null answers offered for it.
_NULL_TYPES: dict[str, tuple[str | None, ...]] = {
    "pronoun": ("person",), "first_person": ("person",), "kin": ("person",),
    "transcript_q": ("person",), "transcript_a": ("person",),
    "role": ("person", "unnamed"), "anonymous": ("unnamed", "person", "organisation"),
    "they": ("unnamed", "group", "organisation"), "plural": ("unnamed", "group"),
    "both": ("unnamed", "group", "person"),
    "it": ("organisation", "document", None), "org_desc": ("organisation", "unnamed"),
    "document": ("document",), "other_person": (None, "group", "organisation"),
    "empty": (None,),
}


def _null_types(reading: Reading) -> tuple[str | None, ...]:
    """The null answers for a mention (the guidelines in docs/speakers.md): a definite or
    possessed role nobody holds is a person ("the governor"), an indefinite one unnamed
    ("a spokesman"); a definite plural is a group ("the protesters"), a bare or indefinite
    one unnamed ("officials"); "the company" is an organisation."""
    definite = reading.det in ("def", "poss")
    form = reading.antecedent_form or reading.form
    if form == "role":
        return ("person",) if definite else ("unnamed",)
    if form == "plural":
        return ("group",) if definite else ("unnamed",)
    if form == "org_desc":
        return ("organisation",) if definite or reading.head != "group" else ("unnamed",)
    if form == "document" and reading.own is not None and reading.own.speaker:
        return ()  # a document whose producer the article names is that producer's
    return _NULL_TYPES.get(form, _ALL_NULLS)


def _bucket(x: int, edges: Sequence[int]) -> int:
    return sum(x >= e for e in edges)


class _Builder:
    """Collects candidates for one mention, merging equal answers and their features."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.by_key: dict[tuple, Candidate] = {}

    def add(self, answer: Answer, *features: str) -> Candidate:
        key = (answer.speaker.lower() if answer.speaker else None,
               None if answer.speaker else answer.speaker_type)
        cand = self.by_key.get(key)
        if cand is None:
            cand = self.by_key[key] = Candidate(answer)
        elif answer.speaker_type and not cand.answer.speaker_type:
            cand.answer = answer
        cand.features.update(features)
        return cand

    def out(self) -> list[Candidate]:
        return list(self.by_key.values())


def _addressee_org(index: ArticleIndex, context: Context) -> str | None:
    """The organisation the statement was made to ("told the Star" -> the fullest name
    the article gives it, "Evening Star"), or None."""
    if context.addressee is None:
        return None
    told = read_mention(index, *context.addressee)
    if told.own is not None:
        own = told.own
        return own.speaker if own.speaker and own.speaker_type == "organisation" else None
    core = told.core[4:] if told.core.lower().startswith("the ") else told.core
    if not core[:1].isupper():
        return None
    full = index.fullest_org(core)
    return full if full.lower() in index.org_names else None


def candidates(index: ArticleIndex, reading: Reading, context: Context,
               previous: Sequence[Previous]) -> list[Candidate]:
    """Every candidate answer for ``reading`` with its features (the form included)."""
    b = _Builder(reading)
    pos = reading.start
    # the last statements before the mention (the tail only: cost per mention is bounded)
    prev = [p for p in previous[-MAX_PREVIOUS * 6:] if p.offset <= pos and p.answer.speaker]
    form = reading.form
    if reading.own is not None:
        own = b.add(reading.own, "own", f"own:{reading.own_how}")
        if reading.own.speaker and (index.by_name.get(reading.own.speaker) is not None or
                                    reading.own.speaker.lower() in index.org_names):
            own.features.add("own_indexed")
        if reading.coordinated:
            own.features.add("own_one_of_coordinated")  # "He and Sen. X": only X is read
        if reading.own.speaker_type == "person" and "own_indexed" not in own.features and \
                " " not in reading.own.speaker:
            # "Forecasters said", "Majorities ... say": a lone capitalised word the article
            # never names anyone by may be a common noun opening the sentence
            where = "initial" if pos in index.sent_starts_set else "inside"
            plural = reading.own.speaker.endswith("s") and not reading.own.speaker.endswith("ss")
            own.features.add(f"own_unknown_word:{where}:{'s' if plural else '-'}")
    k_unnamed = bisect_left(index.unnamed_people, pos)
    recent_unnamed = k_unnamed > 0 and \
        index.sent_of(pos) - index.sent_of(index.unnamed_people[k_unnamed - 1]) <= 1
    for t in _null_types(reading):
        null = b.add(Answer.none(t), f"null:{t or 'none'}")
        if recent_unnamed:
            null.features.add("unnamed_person_near")
    persons = recent_persons(index, pos)
    wants_person = form in ("pronoun", "role", "kin", "anonymous", "relative",
                            "transcript_q", "transcript_a",
                            "first_person", "they", "both", "name", "plural", "other",
                            "document", "org_desc", "it", "other_person")
    if wants_person:
        for rank, (ent, last) in enumerate(persons):
            c = b.add(Answer.one(ent.name, "person"), f"person_rank:{min(rank, 5)}")
            _person_features(index, c, ent, last, reading, context)
    seen_prev: list[str] = []
    for p in reversed(prev):
        name = p.answer.speaker
        if name in seen_prev:
            continue
        seen_prev.append(name)
        if len(seen_prev) > MAX_PREVIOUS:
            break
        rank = len(seen_prev) - 1
        sents = _bucket(index.sent_of(pos) - index.sent_of(p.offset), (1, 2, 3, 5))
        paras = min(index.text.count("\n\n", p.offset, pos), 2)
        c = b.add(p.answer, f"prev_rank:{rank}", f"prev_sent:{sents}",
                  f"prev{rank}_para{paras}")
        if p.question:
            c.features.add(f"prev{rank}_asked")
    # the one a question was put to answers it ("X asked Y whether ... He said ...")
    for p in reversed(prev[-2:]):
        if p.question and p.addressee:
            ent = _entity(index, p.addressee)
            c = b.add(Answer.one(p.addressee, "person"), "asked_one")
            if ent is not None and not any(f.startswith("person_rank") for f in c.features):
                _person_features(index, c, ent, _last_mention(index, ent, pos), reading, context)
            break
        ent = _entity(index, name)
        if ent is not None and not any(f.startswith("person_rank") for f in c.features):
            _person_features(index, c, ent, _last_mention(index, ent, pos), reading, context)
    # "the Mexican president, who said": a relative pronoun standing for a person's role
    # is that person or nobody named, never an organisation or a collective nearby
    person_relative = form == "relative" and reading.antecedent_form in ("role", "kin")
    if form in ("it", "they", "org_desc", "relative", "anonymous", "plural", "document",
                "other_person", "other") and not person_relative:
        told = _addressee_org(index, context)
        for rank, (start, name) in enumerate(_recent_orgs(index, pos)):
            c = b.add(Answer.one(name, "organisation"), f"org_rank:{min(rank, 4)}",
                      f"org_sent:{_bucket(index.sent_of(pos) - index.sent_of(start), (1, 2, 4))}")
            if name == told:
                c.features.add("is_addressee")  # "The group told the Star": not the Star
            low_words = name.lower().split()
            if reading.head and reading.head in low_words:
                c.features.add("org_head_match")
            elif reading.head and reading.head in index.org_described.get(name.lower(), ()):
                c.features.add("org_described_as_head")  # "X, a volunteer group" ... "the group"
            elif reading.head in index.lex["org_noun"] and low_words[-1] in \
                    index.lex["org_noun"]:
                c.features.add("org_other_head")  # "the company" and "X Association"
            n = index.org_mentions(name)
            c.features.add(f"org_mentions:{_bucket(n, (2, 3, 6))}")
            if index.sent_of(start) <= 2:
                c.features.add("org_early")
            if reading.form == "org_desc" and index.named_in_headline(name):
                # "The band told fans": a description names what the article is about
                c.features.add("org_in_headline")
            if start - index.sent_starts[index.sent_of(start)] <= 20 and \
                    index.sent_of(pos) - index.sent_of(start) <= 1:
                # "The operator, Harwick Metro, said ...": what the last sentence is about
                c.features.add("org_opens_sentence")
            if reading.head and reading.head in index.org_owned_by.get(name.lower(), ()):
                c.features.add("owned_by_head")
    if form in ("they", "plural", "both", "relative", "other") and not person_relative:
        for start, name in _recent_collectives(index, pos):
            b.add(Answer.one(name, "group"), "collective",
                  f"coll_sent:{_bucket(index.sent_of(pos) - index.sent_of(start), (1, 2, 4))}")
    if form in ("they", "both", "plural", "other_person") and len(persons) >= 2:
        a, c2 = persons[1][0], persons[0][0]
        names = [a.name, c2.name] if persons[1][1] < persons[0][1] else [c2.name, a.name]
        b.add(Answer(join_names(names), tuple(names), "person"), "last_two")
    if form == "first_person" and not reading.in_quote:
        for off, name in index.writers():
            if off >= pos:
                b.add(Answer.one(name, "person"), "writer")
                break
    if form == "document":
        own_end = pos + len(reading.core)
        for d_off, _head, producer in index.documents_near(reading.head, pos):
            if producer is None or pos <= d_off <= own_end:
                continue  # (the mention's own document is its reading)
            where = "before" if d_off < pos else "after"
            dist = _bucket(abs(index.sent_of(pos) - index.sent_of(d_off)), (1, 2, 4))
            b.add(Answer.one(producer, "document"), f"doc_{where}:{dist}")
    if reading.possessor:
        _possessor_candidates(index, b, reading, context, previous)
    out = [c for c in b.out() if _admissible(c, reading)]
    if prev:
        last_off = prev[-1].offset
        for c in out:
            if "last_sentence_first" in c.features and c.answer.speaker != prev[-1].answer.speaker:
                ent = _entity(index, c.answer.speaker)
                if ent is not None and bisect_left(ent.mentions, pos) > \
                        bisect_right(ent.mentions, last_off):
                    c.features.add("subject_since_last_speaker")
    if prev and prev[-1].offset < _paragraph_start(index.text, pos):
        for c in out:
            if "paragraph_opener" in c.features and c.answer.speaker != prev[-1].answer.speaker:
                c.features.add("paragraph_opener_new_speaker")
    _listwise_features(index, out, reading)
    for c in out:
        _common_features(c, reading)
    return out


# -- people -------------------------------------------------------------------------


def recent_persons(index: ArticleIndex, pos: int, after: bool = True
                   ) -> list[tuple[Entity, int]]:
    """Distinct people mentioned before ``pos`` (most recent first), with their last
    mention's index; then (``after``) those mentioned next, in the same or next sentence."""
    out: list[tuple[Entity, int]] = []
    seen: set[int] = set()
    k = bisect_left(index.mention_starts, pos)
    for i in range(k - 1, max(-1, k - 1 - LOOK_BACK), -1):
        m = index.mentions[i]
        if m.entity in seen:
            continue
        seen.add(m.entity)
        out.append((index.entities[m.entity], i))
        if len(out) >= MAX_PERSONS:
            return out
    if not after:
        return out
    sent = index.sent_of(pos)
    for i in range(k, min(len(index.mentions), k + 4)):
        m = index.mentions[i]
        if m.sent > sent + 1:
            break
        if m.entity not in seen:
            seen.add(m.entity)
            out.append((index.entities[m.entity], i))
    return out


def _entity(index: ArticleIndex, name: str | None) -> Entity | None:
    if not name:
        return None
    idx = index.by_name.get(name)
    return index.entities[idx] if idx is not None else None


def _last_mention(index: ArticleIndex, ent: Entity, pos: int) -> int:
    """Index (into ``index.mentions``) of ``ent``'s last mention before ``pos``, or -1."""
    k = bisect_left(index.mention_starts, pos)
    for i in range(k - 1, max(-1, k - 200), -1):
        if index.entities[index.mentions[i].entity] is ent:
            return i
    return -1


def _person_features(index: ArticleIndex, c: Candidate, ent: Entity, mi: int,
                     reading: Reading, context: Context) -> None:
    f = c.features
    pos = reading.start
    text = index.text
    g = ent.gender
    f.add(f"gender:{reading.gender or '-'}:{g or '-'}")
    if reading.gender and g:
        f.add("gender_agree" if reading.gender == g else "gender_clash")
    for how, gg in (("name", ent.name_gender), ("pron", ent.pronoun_gender)):
        if reading.gender and gg:
            f.add(f"gender_{how}_{'agree' if gg == reading.gender else 'clash'}")
    if ent.singular_they:
        f.add("singular_they")
    if ent.is_character(index):
        f.add("character")
    if ent.evidence:
        f.add("evidence")
    f.add(f"mentions:{_bucket(len(ent.mentions), (2, 3, 6, 12))}")
    if ent.ntokens == 1:
        f.add("single_token_name")
    given = given_name(ent.first) if ent.ntokens > 1 else None
    f.add("given_name_known" if given is not None and given.people >= 1000 else
          "given_name_unknown")
    if mi < 0 or mi >= len(index.mentions):
        f.add("not_mentioned_before")
        return
    m = index.mentions[mi]
    sent = index.sent_of(pos)
    if m.start > pos:
        f.add(f"after:{_bucket(m.sent - sent, (1,))}")
    else:
        unnamed = bisect_left(index.unnamed_people, pos) - \
            bisect_left(index.unnamed_people, m.end)
        if unnamed:
            f.add(f"unnamed_since:{min(unnamed, 2)}")  # "a man in the crowd" came after
        f.add(f"sent_dist:{_bucket(sent - m.sent, (1, 2, 3, 5, 9))}")
        f.add(f"char_dist:{_bucket(pos - m.end, (20, 60, 150, 400, 1000))}")
    if m.possessive:
        f.add("last_possessive")
    if m.paren:
        f.add("last_paren")
    subject = _subject_like(index, mi)
    if subject:
        f.add("last_sentence_first")
        if m.start < pos and _opens_paragraph(index, mi, pos):
            f.add("paragraph_opener")  # "Drummer X was less diplomatic. ... he said"
    para = text.count("\n\n", m.end, pos) if m.start < pos else 0
    f.add(f"para_dist:{_bucket(para, (1, 2, 4))}")
    rank = next((x.split(":")[1] for x in f if x.startswith("person_rank:")), "x")
    f.add(f"rank{rank}_subj{int(subject)}_para{min(para, 2)}")
    if m.sent == sent and m.start < pos:
        f.add("same_sentence_before")
    if context.content and context.content[0] <= m.start < context.content[1]:
        f.add("in_content")
    if context.addressee and context.addressee[0] <= m.start < context.addressee[1] + 1:
        f.add("is_addressee")
    lo = index.sent_starts[m.sent]
    hi = index.sent_starts[m.sent + 1] if m.sent + 1 < len(index.sent_starts) else len(text)
    window = text[max(lo, m.start - 40):min(hi, m.end + 40)]
    if _QUESTION_WORDS.search(window):
        f.add("near_question_word")
    if "?" in text[lo:hi]:
        f.add("question_sentence")
    if ent.roles & _HOST_ROLES:
        f.add("host_role")
    if reading.head:
        head = _canon(reading.head)
        if head in ent.roles:
            f.add("role_match")
            n = sum(1 for mod in reading.mods if mod in ent.roles)
            f.add(f"role_mods:{min(n, 2)}")
            if reading.mods and n == 0:
                f.add("role_mods_missing")  # "the festival's programme director"
        elif ent.roles:
            f.add("role_other")
        parties = {mod for mod in reading.mods if mod in _PARTIES}
        if parties and ent.roles & _PARTIES - parties:
            f.add("party_conflict")


def _paragraph_start(text: str, pos: int) -> int:
    k = text.rfind("\n\n", 0, pos)
    return 0 if k < 0 else k + 2


def _opens_paragraph(index: ArticleIndex, mi: int, pos: int) -> bool:
    """Is mention ``mi`` the first person named in the paragraph holding ``pos``: the
    person a news paragraph is about (a new paragraph usually brings its speaker)."""
    start = _paragraph_start(index.text, pos)
    m = index.mentions[mi]
    return m.start >= start and bisect_left(index.mention_starts, start) == mi


_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:by|to|with|from|of|for|about|at|on|in|asked|told|than|like|and)|[(])\s*"
    r"(?:(?:the|a|an|his|her|their|host|co-host|presenter|reporter|interviewer)\s+)*$",
    re.IGNORECASE)


def _subject_like(index: ArticleIndex, mi: int) -> bool:
    """Is mention ``mi`` its sentence's subject: the first mention of a person in it that
    is not possessive, bracketed, or the object of a preposition ("Asked by host X ...,
    Y laughed": Y is the subject)."""
    m = index.mentions[mi]
    if m.possessive or m.paren or _governed(index, m.start):
        return False
    k = mi - 1
    while k >= 0 and index.mentions[k].sent == m.sent:
        o = index.mentions[k]
        if not (o.possessive or o.paren or _governed(index, o.start)):
            return False
        k -= 1
    return True


def _governed(index: ArticleIndex, start: int) -> bool:
    lo = index.sent_starts[index.sent_of(start)]
    return bool(_NOT_SUBJECT_BEFORE.search(index.text, max(lo, start - 40), start)) and \
        start > lo


def _recent_orgs(index: ArticleIndex, pos: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    k = bisect_left(index.org_starts, pos)
    for i in range(k - 1, max(-1, k - 1 - LOOK_BACK), -1):
        start, name, _ = index.orgs[i]
        shown = name[4:] if name.lower().startswith("the ") else name
        shown = index.fullest_org(shown)
        if shown.lower() in seen:
            continue
        seen.add(shown.lower())
        out.append((start, shown))
        if len(out) >= MAX_ORGS:
            break
    return out


def _recent_collectives(index: ArticleIndex, pos: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    k = bisect_left(index.collective_starts, pos)
    for start, name in reversed(index.collectives[max(0, k - LOOK_BACK):k]):
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        out.append((start, name))
        if len(out) >= 3:
            break
    return out


def _possessor_candidates(index: ArticleIndex, b: _Builder, reading: Reading,
                          context: Context, previous: Sequence[Previous]) -> None:
    """"her parents" -> "<her>'s parents"; "Okafor's spokesman" -> Okafor is the possessor."""
    poss = reading.possessor
    low = poss.lower()
    owners: list[Answer] = []
    if low in ("his", "her", "their", "its", "my", "our"):
        gender = {"his": "m", "her": "f"}.get(low)
        if low in ("its", "their", "our"):
            owners.extend(Answer.one(name, "organisation")
                          for _, name in _recent_orgs(index, reading.start)[:3])
        if low != "its":
            for ent, _ in recent_persons(index, reading.start)[:3]:
                if gender is None or ent.gender in (gender, None):
                    owners.append(Answer.one(ent.name, "person"))
        for p in reversed(previous[-3:]):
            if p.answer.speaker:
                owners.append(p.answer)
    else:
        r = read_mention(index, reading.start, reading.start + len(poss))
        if r.own is not None and r.own.speaker:
            owners.append(r.own)
    for rank, owner in enumerate(owners[:4]):
        b.add(owner, "possessor", f"possessor_rank:{min(rank, 2)}")
        if reading.form in ("plural", "both", "kin") and owner.speaker:
            b.add(descriptive(owner.speaker, reading), "descriptive",
                  f"descriptive_rank:{min(rank, 2)}")
        if reading.form == "org_desc" and owner.speaker and owner.speaker_type == "person":
            # "his campaign" -> "Harlan campaign", as campaigns are named
            surname = owner.speaker.split()[-1]
            org = f"{surname} {reading.head}"
            written = org.lower() in index.org_names
            b.add(Answer.one(org, "organisation"), "possessor_org",
                  "possessor_org_written" if written else "possessor_org_new")


def _admissible(c: Candidate, reading: Reading) -> bool:
    """What a form of mention can never refer to: "he" is one person whose name does not
    say otherwise, "it" is not a person, "they" is not one person (unless the article uses
    singular "they" for them), "the company" is not a person, "its chairman" is someone
    the article gives that role, and a name the index reads as a work or a date is not
    another person (the data hold no case where it is)."""
    a = c.answer
    form = reading.form
    if a.speaker is None:
        return True
    single_person = a.speaker_type == "person" and len(a.speakers) == 1
    if form == "first_person" and reading.in_quote:
        return False  # a quoted "I" is whoever is quoted: the attribution's own speaker
    if form == "name" and reading.own is not None and reading.own.speaker is None and \
            a.speaker_type == "person":
        return False  # a name read as a work or a date is never some other person
    if form in ("pronoun", "first_person", "transcript_q", "transcript_a"):
        return single_person and "gender_name_clash" not in c.features
    if form == "it":
        return a.speaker_type != "person"
    if form == "they":
        return not single_person or "singular_they" in c.features
    if form in ("role", "kin"):
        if form == "role" and reading.possessor.lower() == "its" and single_person and \
                "role_match" not in c.features and "own" not in c.features:
            # "Its chairman said": a body's office-holder, so someone the article gives
            # that role, not whoever was named last
            return False
        return a.speaker_type != "group" and len(a.speakers) <= 1
    if form == "org_desc":
        # "the band" is not what the article called "the band's label", nor the magazine
        # that interviewed it ("Riff Quarterly"): only a media head is a publication
        if a.speaker_type == "organisation" and reading.head not in _MEDIA_HEADS and \
                a.speaker.split()[-1].lower() in _PUBLICATION_WORDS:
            return False
        return a.speaker_type != "person" and "owned_by_head" not in c.features
    return True


def _listwise_features(index: ArticleIndex, cands: list[Candidate], reading: Reading) -> None:
    """Features that compare a candidate with the others of the same mention: the most
    recent compatible person, the best role match, the nearest organisation, the most
    recent speaker that can be plural."""
    def rank_of(c: Candidate, prefix: str) -> int:
        return min((int(f.split(":")[1]) for f in c.features if f.startswith(prefix)
                    and f.split(":")[1].isdigit()), default=99)

    persons = [c for c in cands if c.answer.speaker_type == "person" and c.answer.speaker
               and len(c.answer.speakers) == 1 and rank_of(c, "person_rank:") < 99]
    compatible = [c for c in persons if "gender_clash" not in c.features]
    if compatible:
        min(compatible, key=lambda c: rank_of(c, "person_rank:")).features.add(
            "nearest_compatible")
        subjects = [c for c in compatible if "last_sentence_first" in c.features]
        if subjects:
            min(subjects, key=lambda c: rank_of(c, "person_rank:")).features.add(
                "nearest_compatible_subject")
    same = [c for c in compatible if "same_sentence_before" in c.features]
    if same:
        max(same, key=lambda c: -rank_of(c, "person_rank:")).features.add(
            "first_compatible_in_sentence")
    spoke = [c for c in cands if rank_of(c, "prev_rank:") < 99]
    if spoke:
        min(spoke, key=lambda c: rank_of(c, "prev_rank:")).features.add("last_speaker")
        fits = [c for c in spoke if "gender_clash" not in c.features]
        if fits:
            min(fits, key=lambda c: rank_of(c, "prev_rank:")).features.add(
                "last_compatible_speaker")
        plural = [c for c in spoke if c.answer.speaker_type in ("organisation", "group")
                  or len(c.answer.speakers) > 1]
        if plural:
            min(plural, key=lambda c: rank_of(c, "prev_rank:")).features.add(
                "last_plural_speaker")
    roles = [c for c in persons if "role_match" in c.features]
    if roles:
        def role_key(c: Candidate) -> tuple[int, int]:
            mods = max((int(f.split(":")[1]) for f in c.features if f.startswith("role_mods:")),
                       default=0)
            return (-mods, rank_of(c, "person_rank:"))
        min(roles, key=role_key).features.add("best_role_match")
        if len(roles) == 1:
            roles[0].features.add("only_role_match")
    docs = [c for c in cands if any(f.startswith("doc_before") for f in c.features)]
    if docs:
        min(docs, key=lambda c: min(int(f.split(":")[1]) for f in c.features
                                    if f.startswith("doc_before"))).features.add(
            "nearest_doc_before")
    orgs = [c for c in cands if rank_of(c, "org_rank:") < 99]
    if orgs:
        heads = [c for c in orgs if "org_head_match" in c.features]
        described = [c for c in orgs if "org_described_as_head" in c.features]
        if described:
            min(described, key=lambda c: rank_of(c, "org_rank:")).features.add(
                "nearest_described_org")
        if heads:
            min(heads, key=lambda c: rank_of(c, "org_rank:")).features.add("nearest_head_org")
        if heads and reading.form == "org_desc":
            for c in cands:
                # "Marston Council voted, the Evening Star reported. The council said":
                # the last speaker is an organisation, but not the one the noun names
                if c.answer.speaker and "org_head_match" not in c.features and any(
                        f.startswith(("prev_rank:", "last_speaker")) for f in c.features):
                    c.features.add("previous_but_another_head")
        min(orgs, key=lambda c: rank_of(c, "org_rank:")).features.add("nearest_org")


def _common_features(c: Candidate, reading: Reading) -> None:
    """The form conjoined with every feature, so each form learns its own weights."""
    a = c.answer
    kind = "null" if a.speaker is None else a.speaker_type or "untyped"
    if a.speaker and len(a.speakers) > 1:
        kind += "+joint"
    base = {f"kind:{kind}", f"det:{reading.det}:{kind}", f"head:{reading.head}:{kind}"}
    if reading.in_quote:
        base.add(f"in_quote:{kind}")
    if reading.plural:
        base.add(f"plural:{kind}")
    feats = c.features | base
    form = reading.form
    c.features = {"bias"} | {f"{form}|{f}" for f in feats} | {f"any|{f}" for f in feats}
