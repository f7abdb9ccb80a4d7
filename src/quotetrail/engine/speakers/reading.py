"""What a source mention says by itself: its form, and the name it gives, if any.

A mention is read as a whole noun phrase, not only as the span the linker picked: the
text from the mention to its cue ("The bank's head of research, Jane Doe, said") or, for
an inverted cue ("said Moira Quinn, the regional organiser"), to the end of the clause.
The reading gives

* the **form** the ranker conditions on: a pronoun (he, she, they, it, I, a relative
  pronoun), a name (person, organisation, collective, joint), a role ("the mayor", "a
  spokesman"), a plural of people, an organisation description ("the company"), a
  document ("the poll");
* the **own answer**: what the phrase names itself, read off the article index — an
  apposition or title chain gives the name ("Okafor's spokesman, Leon Dubois", "Mayor of
  Jackson Chokwe Antar Lumumba"), a party tag is dropped ("Chokwe Antar Lumumba (D)"), an
  unnamed spokesperson *for* a named body is that body, a document is named by its own
  producer, a possessed plural ("her parents") is a descriptive group of its possessor;
* what the antecedent must agree with: gender, number, the role head and modifiers.

Which antecedent a pronoun or a role refers to is not decided here: that is the ranking
model's job (:mod:`.candidates`, :mod:`.resolution`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.lang.en.lex_attrs import like_num

from quotetrail.engine.speakers.index import (
    _DOC_KIN,
    _HE,
    _POSSESSIVE,
    _SHE,
    _THEY,
    _TOKEN_RE,
    _UP,
    ArticleIndex,
    _canon,
    possessive_in_name,
)

__all__ = ["Answer", "Reading", "read_mention"]

_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_OTHER_PERSON = frozenset({"we", "us", "our", "ours", "ourselves", "you", "your", "yours"})
_IT = frozenset({"it", "its", "itself"})
_RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
_JOINT_WORDS = frozenset({"both", "pair", "duo", "two", "couple"})
_TRAILING_DROP = frozenset({"both", "all", "each", "too", "also", "himself", "herself",
                            "themselves", "itself", "alone", "together"})
_QUALIFIED_RE = re.compile(
    rf"^([{_UP}][^,()]*?)[ \u00a0]+(?:of|from|at|with)[ \u00a0]+(?:the[ \u00a0]+)?"
    rf"([{_UP}][\w’'.\-]*(?:[ \u00a0]+[{_UP}][\w’'.\-]*)*)$")
_ROLE_OF_EMPLOYER_RE = re.compile(
    rf"^((?:the|a|an|its|their|his|her|one)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){{0,3}}?"
    rf"([\w-]+))[ \u00a0]+(?:of|at)[ \u00a0]+(?:the[ \u00a0]+)?[{_UP}][^,()]*$")
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople",
                     "representative", "representatives", "spokesmen", "spokeswomen"})
#: "press office", "communications team": an organisation's voice, not a body of its own.
_VOICE_MODS = frozenset({"press", "communications", "media"})
_VOICE_HEADS = frozenset({"office", "team", "department", "desk", "unit"})
_FEMALE_HEADS = frozenset({"spokeswoman", "chairwoman", "congresswoman", "businesswoman",
                           "actress", "mother", "mum", "mom", "wife", "daughter", "sister",
                           "woman", "girl", "grandmother", "aunt", "niece", "queen", "widow",
                           "girlfriend", "fiancee", "councilwoman", "stepmother", "lady"})
_MALE_HEADS = frozenset({"spokesman", "chairman", "congressman", "businessman", "actor_m",
                         "father", "dad", "husband", "son", "brother", "man", "boy",
                         "grandfather", "uncle", "nephew", "king", "widower", "boyfriend",
                         "fiance", "councilman", "stepfather", "gentleman"})
_QUANTIFIERS = frozenset({"a", "an", "the", "significant", "large", "small", "growing",
                         "number", "majority", "minority", "many", "most", "some", "all",
                         "several", "few", "one", "two", "three", "four", "five", "none",
                         "members", "member", "each", "both", "any", "half", "dozens",
                         "dozen", "hundreds", "thousands", "group", "handful", "lot", "lots",
                         "rest", "plenty", "vast", "slim", "army", "crowd", "chorus"})
_CLOSED_ASIDE_RE = re.compile(r",[ \u00a0]+[a-z][^,]*,(?=[ \u00a0]+(?:and|And|&)[ \u00a0])")
_OPEN_ASIDE_RE = re.compile(r",[ \u00a0]+(?!along with|as well as|together with)(?=[a-z])")
#: A conjunction between two speakers in one mention (title case "And" in headlines).
_COORD_RE = re.compile(r",?[ \u00a0]+(?:and|And|&)[ \u00a0]+|,[ \u00a0]+(?:along with|as well as|"
                       r"together with)[ \u00a0]+")
_EXTENSION_STOPS = re.compile(r"[.;:!?\n“”\"«»]| (?:said|says|told|tells|added|wrote)\b")


@dataclass(frozen=True, slots=True)
class Answer:
    """A candidate value of an attribution's speaker fields."""

    speaker: str | None
    speakers: tuple[str, ...]
    speaker_type: str | None

    @classmethod
    def one(cls, name: str | None, speaker_type: str | None) -> Answer:
        return cls(name, (name,) if name else (), speaker_type)

    @classmethod
    def none(cls, speaker_type: str | None = None) -> Answer:
        return cls(None, (), speaker_type)


@dataclass(slots=True)
class Reading:
    """What a mention says by itself (see the module docstring)."""

    form: str
    start: int
    core: str = ""
    head: str = ""
    det: str = ""  # def | indef | poss | bare
    gender: str | None = None
    plural: bool = False
    mods: list[str] = field(default_factory=list)
    own: Answer | None = None
    own_how: str = ""
    possessor: str = ""  # "her", "Okafor": who the head belongs to
    in_quote: bool = False
    coordinated: bool = False  # "He and Sen. X", "X, along with Y": more than one speaker
    antecedent_form: str = ""  # a relative pronoun's antecedent's form


def descriptive(owner: str, reading: Reading) -> Answer:
    """An unnamed group known through a named person: "her parents" -> "Esme's parents"."""
    noun = reading.core.split()[-1].rstrip(",.")
    return Answer.one(f"{owner}'s {noun}", "group" if reading.plural else "person")


def join_names(names: list[str]) -> str:
    """"A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_LOWER_TITLE_NAME_RE = re.compile(
    rf"^.*\b([a-z][\w\-]*)[ \u00a0]+((?:[{_UP}][\w’'\-]*\.?[ \u00a0]+){{1,3}}"
    rf"[{_UP}][\w’'\-]*)$")
_NOT_TITLE_WORDS = frozenset({"on", "in", "at", "to", "for", "from", "with", "by", "about",
                              "who", "which", "that", "said", "says", "told", "and", "or"})
_TRAILING_NAME_RE = re.compile(
    rf"(?<=[a-z.])[ \u00a0]+((?:[{_UP}][\w’'\-]*\.?[ \u00a0]+){{1,3}}[{_UP}][\w’'\-]*\.?)$")
_NAME_ONLY_RE = re.compile(rf"^(?:[{_UP}][\w’'\-]*\.?[ \u00a0]+){{1,3}}[{_UP}][\w’'\-]*\.?$")
_PARTY_MEMBERS = frozenset({"republican", "democrat", "independent", "conservative",
                            "liberal", "libertarian", "progressive", "socialist"})
# "by the research firm X", "by economists at X", "from X", "for X"
_PRODUCER_RE = re.compile(
    rf"\b(by|from|for)[ \u00a0]+(?:the[ \u00a0]+)?((?:[a-z][\w\-]*[ \u00a0]+){{0,2}}"
    rf"(?:(?:at|of)[ \u00a0]+(?:the[ \u00a0]+)?)?)"
    rf"([{_UP}][\w’'.&/\-]*(?:[ \u00a0]+(?:(?:of|for|and|the|on|&)[ \u00a0]+)*"
    rf"[{_UP}][\w’'.&/\-]*)*)")
_DESCRIPTOR_STOP = frozenset({"which", "who", "that", "said", "says", "released", "published",
                              "conducted", "showed", "shows", "found", "finds", "last",
                              "this", "next", "in", "on", "to", "with", "about"})
_TITLE_DOC_HEADS = frozenset({"poll", "polls", "survey", "surveys", "polling"})
_JOINT_SPLIT_RE = re.compile(r"[ \u00a0]*/[ \u00a0]*|[ \u00a0]+and[ \u00a0]+(?:the[ \u00a0]+)?")


def _producer_parts(name: str) -> list[str]:
    """"Reuters/Ipsos", "the Washington Post-ABC News", "Duke University and the University
    of Ottawa": the producers of a joint document (a hyphen splits only after a name of more
    than one word, so "Coca-Cola" and "CNN-ORC" stay whole)."""
    parts = [p for p in _JOINT_SPLIT_RE.split(name) if p]
    out: list[str] = []
    for p in parts:
        m = re.match(rf"^([{_UP}][^\s\-]*(?:[ \u00a0]+[{_UP}][^\s\-]*)+)-([{_UP}].*)$", p)
        out.extend([m.group(1), m.group(2)] if m else [p])
    return [p[4:] if p.startswith(("The ", "the ")) else p for p in out if p.strip()]


def producer_answer(index: ArticleIndex, name: str, offset: int) -> Answer:
    """A document's producer(s) as an answer: each part by its fullest form, a person's
    name as the article gives it in full ("Tuttle's article" -> Ian Tuttle)."""
    names: list[str] = []
    name = re.split(r"[ \u00a0]+for[ \u00a0]+the[ \u00a0]+", name.strip())[0]  # the client
    parts = _producer_parts(name)
    if len(parts) > 1 and parts[-1].split()[-1].lower() in _TITLE_DOC_HEADS and \
            len(parts[-1].split()) > 1:
        parts[-1] = parts[-1].rsplit(None, 1)[0]  # "USA TODAY/Suffolk University Poll"
    for part in parts or [name]:
        part = part.strip(" ,.") if not part.endswith(".") or len(part) > 4 else part
        toks = part.split()
        full = None
        if toks and len(toks) <= 4 and all(t[:1].isupper() for t in toks):
            idx = index.person_index([t.rstrip(".,") for t in toks], offset, None)
            if idx is not None:
                full = index.entities[idx].name
        full = full or index.fullest_org(part)
        if full not in names:
            names.append(full)
    if len(names) == 1:
        return Answer.one(names[0], "document")
    return Answer(join_names(names), tuple(names), "document")


def extension(text: str, start: int, end: int, cue: tuple[int, int] | None) -> int:
    """Where the whole noun phrase of a mention ends (the source span may stop early)."""
    if cue is not None and end <= cue[0] and cue[0] - end <= 160:
        between = text[end:cue[0]]
        if not re.search(r"[.;!?\n“”\"«»]", between):
            return cue[0]
    m = _EXTENSION_STOPS.search(text, end, min(len(text), end + 160))
    return m.start() if m else min(len(text), end + 160)


#: "of Commerce", "for Economic Cooperation and Development", "on Foreign Relations":
#: the rest of an organisation's name after a source span that stopped at its head.
_OF_NAME_RE = re.compile(rf"[ \u00a0]+(?:of|for|on)[ \u00a0]+(?:the[ \u00a0]+)?"
                         rf"[{_UP}][\w’'&.\-]*(?:[ \u00a0]+(?:(?:of|for|on|and|the|&)"
                         rf"[ \u00a0]+)*[{_UP}][\w’'&.\-]*)*")


def _with_of_name(index: ArticleIndex, core: str, phrase: str) -> str:
    """``core`` with the rest of its organisation's name when the source span stopped at
    the name's head, an organisation word ("The Tolbridge Chamber" of "The Tolbridge
    Chamber of Commerce said", "the National Union" of Teachers): the whole name is
    what the article calls it."""
    last = core.split()[-1]
    if not phrase.startswith(core) or not last[:1].isupper() or \
            last.lower() not in index.lex["org_word"]:
        return core  # "Stephen Vladeck of the University of Texas": a person, and where
    m = _OF_NAME_RE.match(phrase, len(core))
    if m is None:
        return core
    longer = phrase[:m.end()].rstrip(" .,")
    return longer if index.org_tail(longer) else core


_NAMED_AFTER_RE = re.compile(r"\w+\s+(?:[a-z-]+\s+){1,3}(?:named|called)\s+[A-Z]")
_UNNAMED_GENDER = {"man": "m", "boy": "m", "father": "m", "woman": "f", "girl": "f",
                   "mother": "f"}


def _unnamed_antecedent(index: ArticleIndex, pos: int, gender: str | None) -> bool:
    """A person before a pronoun, in its sentence or the one before, is someone unnamed
    ("a man in the crowd") of a compatible gender, with no name mentioned since."""
    k = bisect_left(index.unnamed_people, pos)
    m = bisect_left(index.mention_starts, pos)
    last_named = index.mentions[m - 1].start if m else -1
    sent = index.sent_of(pos)
    for u in reversed(index.unnamed_people[max(0, k - 4):k]):
        if sent - index.sent_of(u) > 1 or u < last_named:
            break
        if _NAMED_AFTER_RE.match(index.text, u, min(len(index.text), u + 60)):
            continue  # "a viewer named Corinne": named after all
        word = re.match(r"\w+\s+([a-z-]+)(?:\s+([a-z]+))?", index.text[u:u + 40])
        nouns = [g for g in (word.group(1), word.group(2)) if g] if word else []
        g = next((_UNNAMED_GENDER[n] for n in nouns if n in _UNNAMED_GENDER), None)
        if g is None or g == gender:
            return True
    return False


def _key_of(word: str) -> str:
    return word.lower().replace("’", "'")


def _line_prefix(text: str, pos: int) -> bool:
    """The mention opens its line and a colon follows it ("Q: ...")."""
    lo = text.rfind("\n", 0, pos) + 1
    return not text[lo:pos].strip() and text[pos:pos + 4].lstrip("Q.A ")[:1] == ":"


def _in_quote(text: str, pos: int) -> bool:
    lo = text.rfind("\n", 0, pos) + 1
    before = text[lo:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def read_mention(index: ArticleIndex, start: int, end: int,
                 cue: tuple[int, int] | None = None,
                 ref: tuple[int, int] | None = None) -> Reading:
    """Read text[start:end] (and the rest of its noun phrase) in its article."""
    text = index.text
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip(" \t\n\"“”‘’'(,"))
    s = start + lead
    core = raw.strip(" \t\n\"“”‘’'(),.:;")
    if not core:
        return Reading("empty", s)
    low = core.lower()
    if low.endswith(_POSSESSIVE) and " " not in low:
        low = low[:-2]
    quoted = _in_quote(text, s)
    if low in _HE or low in _SHE:
        r = Reading("pronoun", s, core, head=low, gender="m" if low in _HE else "f",
                    in_quote=quoted)
        if _unnamed_antecedent(index, s, r.gender):
            # "a man in the crowd ... He said": someone the article never names
            r.own, r.own_how = Answer.none("unnamed"), "unnamed_antecedent"
        return r
    if low in _THEY:
        return Reading("they", s, core, head=low, plural=True, in_quote=quoted)
    if low in _FIRST_PERSON:
        r = Reading("first_person", s, core, head=low, in_quote=quoted)
        if not quoted:  # "I" in a letter or an op-ed: the writer who signs it
            writer = next((name for off, name in index.writers() if off >= s), None)
            if writer:
                r.own, r.own_how = Answer.one(writer, "person"), "writer"
        return r
    if low in _OTHER_PERSON:
        return Reading("other_person", s, core, head=low, plural=low in ("we", "us", "our"),
                       in_quote=quoted)
    if low in _IT:
        return Reading("it", s, core, head=low, in_quote=quoted)
    if low in _RELATIVE:
        # "Sen. X, who said", "the ministry, which oversees": what the clause hangs on
        inner = _antecedent(index, s, ref)
        r = Reading("relative", s, core, head=low, in_quote=quoted)
        if inner is not None:
            r.own, r.own_how = inner.own, f"antecedent_{inner.form}"
            r.plural, r.det, r.gender = inner.plural, inner.det, inner.gender
            r.possessor = inner.possessor
            r.antecedent_form = inner.form
        return r
    if core in ("Q", "Q.", "A", "A.") and _line_prefix(text, s):
        # an interview transcript: "Q:" is who asks, "A:" who answers
        return Reading("transcript_q" if core[0] == "Q" else "transcript_a", s, core)
    bare = core[:-2] if core.endswith(_POSSESSIVE) else core
    if " " not in bare and bare[:1].isupper() and _key_of(bare) in index._surnames:
        # "Will" (George Will), whatever else the word can be
        idx = index.person_index([bare], s, None)
        if idx is not None:
            return Reading("name", s, core, own=Answer.one(index.entities[idx].name, "person"),
                           own_how="surname", in_quote=quoted)
    stop = extension(text, s, end, cue)
    phrase = text[s:max(stop, s + len(core))].rstrip(" ,\u00a0")
    core = _with_of_name(index, core, phrase)
    reading = _Reader(index, s).read(phrase, core)
    reading.in_quote = quoted
    return reading


def _antecedent(index: ArticleIndex, pos: int, ref: tuple[int, int] | None) -> Reading | None:
    """The reading of the noun phrase a relative pronoun at ``pos`` stands for: the
    parse's antecedent when given, else the name that ends right before it, else the
    noun phrase back to its determiner."""
    text = index.text
    if ref is not None and ref[1] <= pos:
        return read_mention(index, ref[0], ref[1])
    lo = index.sent_starts[index.sent_of(pos)]
    j = pos
    while j > lo and text[j - 1] in " ,\u00a0":
        j -= 1
    if j > lo and text[j - 1] == ")":
        k = text.rfind("(", lo, j)
        if k >= 0:
            j = k
            while j > lo and text[j - 1] in " ,":
                j -= 1
    k = bisect_left(index.mention_starts, j)
    if k and index.mentions[k - 1].end >= j - 2:
        ent = index.entities[index.mentions[k - 1].entity]
        return Reading("name", index.mentions[k - 1].start, ent.name,
                       own=Answer.one(ent.name, "person"), own_how="adjacent")
    words = list(re.finditer(r"[^\W\d_][\w’'\-]*", text[lo:j]))[-3:]
    if not words:
        return None
    start = lo + words[-1].start()
    for w in reversed(words):  # back to a determiner two words away at most
        if w.group(0).lower() in index.lex["determiner_definite"] | \
                index.lex["determiner_indefinite"]:
            start = lo + w.start()
            break
    inner = read_mention(index, start, j)
    return inner if inner.form not in ("empty", "relative") else None


class _Reader:
    """Reads one noun phrase against the index (the former rule resolver's name logic)."""

    def __init__(self, index: ArticleIndex, offset: int) -> None:
        self.index = index
        self.lex = index.lex
        self.offset = offset
        self._phrase = ""

    # -- entry ---------------------------------------------------------------------

    def read(self, phrase: str, core: str) -> Reading:
        coordinated = _COORD_RE.search(core) is not None
        if coordinated:
            joint = self._coordination(core)
            if joint is not None:
                return Reading("joint", self.offset, core, plural=True, own=joint,
                               own_how="coordination")
        reading = self._read(phrase, core)
        reading.coordinated = coordinated and reading.form != "joint"
        return reading

    def _coordination(self, core: str) -> Answer | None:
        """"Jeb Bush, the former Florida governor, and Marco Rubio", "President X and
        former Gov. Y", "Senator A of Texas and Senator B", "Yusuf and Leyla Arslan":
        each conjunct is read as a name (its apposition and "of <place>" dropped); all
        must be people or organisations the article names, else None (the conjunction
        may be inside one name: "Procter and Gamble")."""
        core = re.sub(r"\s*\([^)]*\)?", "", core)
        core = re.sub(r"^(?:[Bb]oth|[Ee]ither|[Nn]either)[ \u00a0]+", "", core)
        core = _CLOSED_ASIDE_RE.sub("", core)  # "Jeb Bush, the former governor, and ..."
        m = _OPEN_ASIDE_RE.search(core)
        if m:  # "Sen. X, who has ... and Y", "X, managing director and ...": one speaker
            core = core[:m.start()]
        parts = [p.strip(" ,") for p in _COORD_RE.split(core)]
        if len(parts) < 2 or not all(parts):
            return None
        listed = []
        for p in parts:  # "Carson, Fiorina and Huckabee"
            pieces = p.split(", ")
            listed.extend(pieces if all(x[:1].isupper() for x in pieces) else [p])
        parts = listed
        shared = ""
        if parts[-1].split()[-1][:1].isupper() and len(parts[0].split()) == 1 and \
                len(parts[-1].split()) >= 2 and parts[0].lower() in self.lex.first_names:
            shared = parts[-1].split()[-1]
            parts[0] = f"{parts[0]} {shared}"  # "Yusuf and Leyla Arslan"
        names: list[str] = []
        types: set[str] = set()
        for part in parts:
            part = part.split(", ")[0]
            part = re.sub(rf"[ \u00a0]+(?:of|from)[ \u00a0]+[{_UP}][\w.\-]*$", "", part)
            res = self._name(part)
            if res is None or not res.speaker or res.speaker_type not in ("person",
                                                                          "organisation"):
                return None
            known = self.index.by_name.get(res.speaker) is not None if \
                res.speaker_type == "person" else res.speaker.lower() in self.index.org_names
            if not known and not (shared and res.speaker.endswith(" " + shared)):
                return None
            types.add(res.speaker_type)
            if res.speaker not in names:
                names.append(res.speaker)
        if len(names) < 2:
            return None
        kind = "person" if types == {"person"} else "organisation" if \
            types == {"organisation"} else "group"
        return Answer(join_names(names), tuple(names), kind)

    def _read(self, phrase: str, core: str) -> Reading:
        lex = self.lex
        off = self.offset
        self._phrase = phrase
        # "The state's campaign chairman, Phil Lovas,": the apposition is the name
        for text_ in (phrase, core):
            k = text_.find(", ")
            head_words = [w.lower().strip("’'") for w in text_[:k].split()] if k > 0 else []
            if k > 0 and text_[k - 1].isalpha() and (
                    text_[:k].split()[-1][0].islower() or
                    # "Her editor at Greyhaven, Quinn Abernathy-Sato"
                    any(w in lex["person_role"] for w in head_words)):
                rest = text_[k + 2:].strip(" ,")
                rest = rest.split(", ")[0]
                # "Priya Venkataraman of Calderwick Public Radio": the name, not its employer
                rest = re.split(r"\s+(?:of|at|from|with)\s+", rest)[0]
                tail = _TRAILING_NAME_RE.search(rest)
                before = rest[:tail.start()].split() if tail else []
                if tail and before and not any(
                        w.lower() in _NOT_TITLE_WORDS or w.lower().endswith("ing")
                        for w in before):
                    # "a onetime opponent, former Texas governor Rick Perry": the name that
                    # ends the apposition's title words
                    own = self._name(tail.group(1))
                    if own is not None and own.speaker_type == "person" and own.speaker and \
                            self.index.by_name.get(own.speaker) is not None:
                        r = self._role_reading(text_[:k])
                        r.own, r.own_how = own, "apposition_title_person"
                        return r
                rwords = rest.split()
                if 0 < len(rwords) <= 5 and all(w[0].isupper() or w in lex["particle"]
                                                for w in rwords):
                    own = self._name(rest)
                    if own is not None and own.speaker and own.speaker_type in (
                            "person", "organisation"):
                        # "Okafor's spokesman, Leon Dubois"; "the band's label, Lowtide Records"
                        r = self._role_reading(text_[:k])
                        r.own, r.own_how = own, f"apposition_{own.speaker_type}"
                        return r
        spokes_words = any(w.lower().strip(",") in _SPOKES for w in core.split())
        m = _ROLE_OF_EMPLOYER_RE.match(core)
        if m and not spokes_words and m.group(2).lower() in lex["person_role"] and \
                not m.group(2).islower():  # (a lower-case role reads as a role already)
            # "the former CEO of Hewlett-Packard": a person's role; the name after "of"
            # is the employer, never the speaker (the role's holder is found as a role)
            return self._role_reading(m.group(1))
        head_part = core.split(", ")[0]
        m = _LOWER_TITLE_NAME_RE.match(head_part)
        if m and not spokes_words and (m.group(1) in lex["person_role"] or
                                       m.group(1) in lex["group_noun"] or
                                       m.group(1) in ("staff", "affairs", "state")):
            # "Former Reagan chief of staff Don Regan, who died in 2003": the name ends
            # the title phrase
            own = self._name(m.group(2))
            if own is not None and own.speaker_type == "person" and own.speaker and \
                    self.index.by_name.get(own.speaker) is not None:
                return Reading("name", off, core, own=own, own_how="title_name")
        k = core.find(", ")
        if k > 0 and not spokes_words and core[:1].isupper() and \
                core.split()[0].lower() in lex["determiner_indefinite"] | {"another", "the"}:
            rest = core[k + 2:].strip(" ,").split(", ")[0]
            if _NAME_ONLY_RE.match(rest):
                own = self._name(rest)
                if own is not None and own.speaker_type == "person" and own.speaker and \
                        self.index.by_name.get(own.speaker) is not None:
                    r = self._role_reading(core[:k])
                    r.own, r.own_how = own, "apposition_person"
                    return r
        cut = self.index.cut(core)
        for form_ in dict.fromkeys((core, cut)) if not spokes_words else ():
            # "Rep. Jane Doe of Ohio", "Sen. Brian Schatz of Hawaii, who ..."
            m = _QUALIFIED_RE.match(form_)
            if m and m.group(1).split()[-1][0].isupper():
                own = self._name(m.group(1))
                if own is not None and own.speaker_type == "person" and own.speaker and (
                        self.index.by_name.get(own.speaker) is not None or (
                            len(own.speaker.split()) >= 2 and
                            own.speaker.split()[0].lower() in lex.first_names)):
                    # "Paul Krugman of the New York Times": the person, not the paper
                    return Reading("name", off, core, own=own, own_how="qualified")
                lw = [w.lower().rstrip(".") for w in m.group(1).split()]
                if own is None and len(lw) <= 2 and (lw[-1] in self.lex["person_role"] or
                                                     (lw[-1],) in self.lex.titles):
                    # "the Senator from Nevada": a role, qualified by where
                    role = self.lex.titles.get((lw[-1],), (lw[-1], None))[0] or lw[-1]
                    return Reading("role", off, core, head=_canon(role), det="def",
                                   mods=[w.lower() for w in m.group(2).split()])
            # "Mayor of Jackson Chokwe Antar Lumumba"
            own = self._title_chain(form_)
            if own is not None:
                return Reading("name", off, core, own=own, own_how="title_chain")
        # "a spokesman for Acme Corp", "an Acme spokeswoman": the body speaks
        spokes = self._spokesperson(core)
        if spokes is None or spokes.own_how != "named_spokesperson":
            spokes = self._spokesperson(phrase) or spokes
        if spokes is not None:
            return spokes
        if not cut:
            return Reading("other", off, core)
        whole = self._of_part(core, cut)
        if whole is not None:
            return whole
        words = cut.split()
        lows0 = [w.lower().strip("’'") for w in words]
        if len(words) >= 2 and lows0[0] in ("a", "an", "one", "another", "each", "the") \
                and lows0[-1] in _PARTY_MEMBERS and words[-1][:1].isupper():
            # "a New Hampshire Republican", "another Iowa Democrat": one unnamed member;
            # "the South Carolina Republican": a role the article's person holds
            return Reading("role", off, core, head=lows0[-1],
                           det="def" if lows0[0] == "the" else "indef",
                           mods=[w.lower() for w in words[1:-1]])
        while len(words) > 1 and words[-1].lower() in _TRAILING_DROP:
            words.pop()
        if len(words) > 2 and words[0].lower() == "at" and words[1].lower() in ("least",
                                                                                "most"):
            words = words[2:]
        joint = self._joint(words)
        if joint is not None:
            return Reading("joint", off, core, plural=True, own=joint, own_how="joint")
        lows = [w.lower().strip("’'") for w in words]
        # "a significant number of Democrats", "most of his competitors": the "of" part
        k = next((i for i, w in enumerate(lows) if w == "of"), -1)
        if 0 < k < len(words) - 1 and all(w in _QUANTIFIERS for w in lows[:k]):
            inner = _Reader(self.index, self.offset).read(" ".join(words[k + 1:]),
                                                          " ".join(words[k + 1:]))
            inner.core = core
            if inner.form in ("plural", "group", "joint", "org", "name") or inner.own:
                if inner.form == "plural" and inner.det == "bare":
                    inner.det = "indef"
                return inner
        if words[-1].startswith("@") and len(words[-1]) > 1:
            return Reading("name", off, core, own=Answer.one(words[-1], "person"),
                           own_how="handle")
        last_word = words[-1].split("-")[-1]
        if self._capital_by_position(words, core):
            # "Mourners said", "Millennials say": a plural capitalised only because it
            # opens the sentence is a common noun, not a name
            return self._common([words[0].lower()], [lows[0]], core)
        if last_word[:1].isupper() or words[-1][:1].isupper():
            own = self._name(" ".join(words))
            if own is not None:
                form = {"person": "name", "organisation": "org", "group": "group"}.get(
                    own.speaker_type or "", "name")
                if own.speaker_type == "unnamed":
                    return Reading("plural", off, core, head=lows[-1], det="indef",
                                   plural=True, own=own, own_how="collective")
                return Reading(form, off, core, own=own, own_how="name",
                               plural=form == "group")
        return self._common(words, lows, core)

    def _capital_by_position(self, words: list[str], core: str) -> bool:
        """Whether a one-word mention is a plural common noun whose capital comes from
        opening the sentence: the entity model gave the word no label anywhere in the
        article, it is no given name or surname the article uses, not an acronym, and
        it ends in "s".  Only the capital made it look like a name ("Mourners",
        "Immigrants"); a named collective ("Democrats", "Germans") has its own label or
        lexicon entry and is read before this."""
        if len(words) != 1 or core.split() != words:
            return False
        word = words[0]
        low = word.lower()
        if not word[:1].isupper() or word.isupper() or not low.endswith("s") or len(low) < 4:
            return False
        before = self.index.text[:self.offset].rstrip(" \t\u00a0\"“‘'(")
        if before and before[-1] not in ".!?:\n":
            return False
        index, key = self.index, _key_of(word)
        return not index._ner_votes.get(key) and key not in index._surnames and \
            low not in self.lex.first_names and low not in self.lex["collective"] and \
            not low.endswith("-americans")

    def _of_part(self, core: str, cut: str) -> Reading | None:
        """"a significant number of Democrats", "most of his competitors", "many in the
        Republican establishment": the part after "of"/"in", which the cut drops; and
        "supporters of Sanders": the group known through the person named."""
        cw = re.sub(r"\s*\([^)]*\)?", "", core).split()
        lc = [w.lower().strip("’'") for w in cw]
        k = next((i for i, w in enumerate(lc) if w in ("of", "in")), -1)
        if not 0 < k < len(cw) - 1 or len(cut.split()) not in (k, len(cw)):
            return None
        rest = " ".join(cw[k + 1:])
        if lc[k] == "of" and k <= 2 and lc[k - 1] in self.lex["group_noun"] and \
                lc[k - 1] not in _QUANTIFIERS and cw[k + 1][:1].isupper():
            own = self._name(self.index.cut(rest))
            if own is not None and own.speaker_type == "person" and own.speaker and \
                    self.index.by_name.get(own.speaker) is not None:
                return Reading("plural", self.offset, core, head=_canon(lc[k - 1]),
                               det="poss", plural=True,
                               own=Answer.one(f"{own.speaker}'s {lc[k - 1]}", "group"),
                               own_how="descriptive_of")
        if not all(w in _QUANTIFIERS for w in lc[:k]):
            return None
        inner = _Reader(self.index, self.offset).read(rest, rest)
        inner.core = core
        if inner.form in ("plural", "group", "joint", "org", "name") or inner.own:
            if inner.form == "plural" and inner.det == "bare":
                inner.det = "indef"
            return inner
        return None

    def _producer_in(self, phrase: str) -> Answer | None:
        """"a report by the accountancy firm Dell & Marr", "a poll conducted for the Ledger
        by Tillman Research", "a letter from the Senate Finance Committee", "exit polls
        conducted for ... for Edison Research": who made the document, named in its own
        phrase ("by" first, unless the document was commissioned by them; then "from",
        then the last "for")."""
        found: dict[str, list[tuple[int, str]]] = {"by": [], "from": [], "for": []}
        for m in _PRODUCER_RE.finditer(phrase):
            prep = m.group(1).lower()
            if prep == "by" and re.search(r"commissioned\s+$", phrase[:m.start(1)]):
                continue
            desc = m.group(2).split()
            if any(w in self.lex["function"] or w in _DESCRIPTOR_STOP for w in desc[:-1]):
                continue
            found[prep].append((m.start(), m.group(3).rstrip(".,")))
        for prep in ("by", "from", "for"):
            if found[prep]:
                name = found[prep][-1 if prep == "for" else 0][1]
                if name.lower() in self.lex["nonname"]:
                    continue
                return producer_answer(self.index, name, self.offset)
        return None

    # -- common nouns -----------------------------------------------------------------

    def _role_reading(self, text_: str) -> Reading:
        words = text_.split()
        lows = [w.lower().strip("’'") for w in words]
        return self._common(words, lows, text_)

    def _common(self, words: list[str], lows: list[str], core: str) -> Reading:
        lex = self.lex
        off = self.offset
        head = lows[-1]
        if head.endswith(_POSSESSIVE):
            head = head[:-2]
        det_word = lows[0] if len(lows) > 1 and (lows[0] in lex["determiner_definite"] or
                                                 lows[0] in lex["determiner_indefinite"]) \
            else ""
        mods = words[1 if det_word else 0:-1]
        possessor_words = [w for w in mods if w.endswith(_POSSESSIVE)] or \
            ([det_word] if det_word in ("his", "her", "their", "its", "my", "our") else [])
        possessor = possessor_words[0] if possessor_words else ""
        if possessor.endswith(_POSSESSIVE):
            possessor = possessor[:-2]
        if det_word in lex["determiner_definite"] and not possessor:
            det = "def"
        elif possessor:
            det = "poss"
        elif det_word:
            det = "indef"
        else:
            det = "bare"
        mod_lows = [_canon(w.lower().strip("’'")) for w in mods]
        gender = "f" if head in _FEMALE_HEADS else "m" if head in _MALE_HEADS else None
        cap_mods = [w for w in mods if w[0].isupper() and w.lower() not in lex["nonname"]]
        r = Reading("other", off, core, head=_canon(head), det=det, gender=gender,
                    mods=mod_lows, possessor=possessor)
        if head in lex["document"] or " ".join(lows[-2:]) in lex["document"]:
            r.form = "document"
            r.head = _DOC_KIN.get(head, head)
            name = self.index.document_name(words)
            how = "producer"
            if possessor and possessor[:1].isupper() and name is None:
                name, how = possessor, "possessor"  # "Kantar Media's political ad tracker"
            if name is None:
                tail = self._phrase[len(core):] if self._phrase.startswith(core) else ""
                tail = re.split(r",|\b(?:which|that|who|showing|shows|found|finds)\b", tail)[0]
                prod = self._producer_in(core + tail)
                if prod is not None:
                    r.own, r.own_how = prod, "producer_phrase"
                    return r
            if name is None:
                own_docs = [d for d in self.index.documents_near(r.head, off, 1)
                            if off <= d[0] <= off + len(" ".join(words)) + 2]
                name = own_docs[-1][2] if own_docs else None
            docs = self.index.documents_near(r.head, off, 40)
            if name is None and det == "def":
                # "the poll": the last poll whose producer the article named
                before = [d for d in docs if d[0] < off and d[1] == r.head]
                if before:
                    name, how = before[-1][2], "last_producer"
            elif name is None and det == "indef":
                # "a new poll shows ...": named in the next two sentences, if at all
                sent = self.index.sent_of(off)
                after = [d for d in docs if d[0] > off and d[1] == r.head and
                         self.index.sent_of(d[0]) - sent <= 2]
                if after:
                    name, how = after[0][2], "next_producer"
            if name:
                r.own, r.own_how = producer_answer(self.index, name, off), how
            return r
        if head in lex["org_noun"]:
            r.form = "org_desc"
            noun = words[-1][:-2] if words[-1].endswith(_POSSESSIVE) else words[-1]
            if cap_mods and cap_mods[-1].endswith(_POSSESSIVE):
                owner = self._name(" ".join(cap_mods)[:-2])
                if owner is not None and owner.speaker and owner.speaker_type == "person":
                    if _canon(head) in ("campaign", "camp"):  # named by the surname
                        r.own = Answer.one(f"{owner.speaker.split()[-1]} {noun}",
                                           "organisation")
                    else:
                        r.own = Answer.one(f"{owner.speaker}'s {noun}", "group")
                    r.own_how = "person_possessor_org"
                    return r
                if owner is not None and owner.speaker and \
                        owner.speaker_type == "organisation":
                    r.own, r.own_how = owner, "org_possessor_org"  # "the Post's unit"
                    return r
            if len(lows) >= 2 and lows[-2] in _VOICE_MODS and head in _VOICE_HEADS:
                # "the Acme press office", "the council's communications team": the
                # body it speaks for speaks
                if cap_mods and not cap_mods[-1].endswith(_POSSESSIVE):
                    body = " ".join(cap_mods)
                    owner = self._name(body)
                    if owner is None or not owner.speaker or (
                            owner.speaker_type == "person" and
                            self.index.by_name.get(owner.speaker) is None):
                        # a name the article gives no person: the body's
                        owner = Answer.one(self.index.fullest_org(body), "organisation")
                    if owner.speaker_type == "organisation":
                        r.own, r.own_how = owner, "press_office"
                        return r
                if possessor and possessor.lower() in lex["org_noun"]:
                    r.head = _canon(possessor.lower())  # resolved as "the council"
                    return r
            if cap_mods:
                r.own = Answer.one(" ".join(cap_mods) + " " + noun, "organisation")
                r.own_how = "named_org"
            return r
        if any(w in _JOINT_WORDS for w in lows) and (head in lex["group_noun"] or
                                                     head in _JOINT_WORDS):
            r.form, r.plural = "both", True
            return r
        if head in lex["group_noun"] or head in lex["collective"]:
            r.form, r.plural = "plural", True
            if not possessor and cap_mods and head in lex["group_noun"] and \
                    head not in lex["collective"] and mods and mods[-1] == cap_mods[-1]:
                k = len(mods)
                while k > 0 and mods[k - 1][:1].isupper():
                    k -= 1
                owner = self._name(" ".join(mods[k:]))
                if owner is not None and owner.speaker_type == "person" and owner.speaker \
                        and self.index.by_name.get(owner.speaker) is not None:
                    r.own = Answer.one(f"{owner.speaker}'s {words[-1].rstrip(',.')}", "group")
                    r.own_how = "descriptive_modifier"
            return r
        if head in lex["kin"]:
            r.form = "kin"
            return r
        if head in lex["person_role"] or _canon(head) in self.index._roles_canon:
            r.form = "anonymous" if head in lex["anonymous"] else "role"
            return r
        if head in lex["determiner_indefinite"] or head in ("some", "others", "many"):
            r.form, r.plural = "plural", True
            r.det = "indef"
        elif possessor and head.endswith("s") and not head.endswith("ss"):
            r.form, r.plural = "plural", True  # "her in-laws", "Okafor's backers"
        return r

    def _title_chain(self, core: str) -> Answer | None:
        """"Mayor of Jackson Chokwe Antar Lumumba" -> the longest known person at its end."""
        core = re.sub(r"\s*\([^)]*\)?", "", core).strip()
        m = _TITLE_CHAIN_RE.match(core)
        if m is None:
            return None
        words = m.group(1).split()
        best: Answer | None = None
        for k in range(len(words) - 1):
            own = self._name(" ".join(words[k:]))
            if own is not None and own.speaker_type == "person" and own.speaker:
                if self.index.by_name.get(own.speaker) is not None:
                    return own
                best = best or (own if len(words) - k >= 2 else None)
        return best

    def _spokesperson(self, core: str) -> Reading | None:
        """"a spokesman for Acme Corp" / "an Acme spokeswoman" -> Acme (organisation)."""
        words = core.split()
        lows = [w.lower().strip("’'") for w in words]
        idx = next((i for i, w in enumerate(lows) if w in _SPOKES), None)
        if idx is None:
            return None
        # "Paul Lindsay, a spokesman for the PAC": the person named before the role
        k = core.find(", ")
        if 0 < k < len(" ".join(words[:idx])):
            named = self._name(core[:k])
            if named is not None and named.speaker_type == "person" and named.speaker:
                return Reading("name", self.offset, core, own=named,
                               own_how="named_spokesperson")
        body = None
        rest = words[idx + 1:]
        # "RNC spokesman Sean Spicer", "spokesman John Kirby": the name after the role
        if rest and all(w[:1].isupper() for w in rest) and len(rest) <= 4:
            named = self._name(" ".join(rest))
            if named is not None and named.speaker_type == "person" and named.speaker:
                return Reading("name", self.offset, core, own=named,
                               own_how="named_spokesperson")
        if rest and rest[0].lower() in ("for", "of", "at") and len(rest) > 1:
            body = " ".join(rest[1:]).strip(" ,")
        elif idx > 0:
            pre = [w for w in words[:idx] if w[:1].isupper() and w.lower() not in
                   self.lex["determiner_definite"] | self.lex["determiner_indefinite"]]
            if pre and not pre[-1].endswith(_POSSESSIVE):
                body = " ".join(pre)
        if not body:
            return None
        if body.lower().startswith("the "):
            body = body[4:]
        head = _canon(lows[idx])
        person = self._name(re.split(r"[ \u00a0]+(?:of|from)[ \u00a0]+", body)[0])
        # "a spokesman for Mayor X of Y" speaks for a person: unnamed, not Y
        org = None if person is not None and person.speaker_type == "person" and \
            person.speaker else self._org_named(body)
        if org is None and body[:1].isupper() and (person is None or self.index.by_name.get(
                person.speaker or "") is None):
            full = self.index.fullest_org(body)
            if full.lower() in self.index.org_names or \
                    ("the " + full.lower()) in self.index.org_names:
                org = full  # "An Aeroval spokeswoman": the article names Aeroval as a body
        r = Reading("anonymous", self.offset, core, head=head,
                    det="indef" if lows[0] in ("a", "an", "one") else "def",
                    gender="f" if lows[idx] == "spokeswoman" else
                    "m" if lows[idx] == "spokesman" else None)
        if org is not None:
            r.own, r.own_how = Answer.one(org, "organisation"), "spokesperson"
        return r

    def _org_named(self, body: str) -> str | None:
        """The organisation a phrase names, by the index, or None when it is a person."""
        own = self._name(body)
        if own is not None and own.speaker_type == "organisation" and own.speaker:
            return own.speaker
        return None

    # -- names ------------------------------------------------------------------------

    def _joint(self, words: list[str]) -> Answer | None:
        phrase = " ".join(words)
        parts = [p for p in re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", phrase) if p]
        if len(parts) < 2 or not all(p[0].isupper() for p in parts):
            return None
        names: list[str] = []
        types: set[str | None] = set()
        for p in parts:
            res = self._name(p)
            if res is None or not res.speaker or res.speaker_type not in ("person",
                                                                          "organisation"):
                return None
            types.add(res.speaker_type)
            if res.speaker not in names:
                names.append(res.speaker)
        if len(names) < 2:
            return Answer.one(names[0], types.pop())
        kind = "person" if types == {"person"} else "organisation" if \
            types == {"organisation"} else "group"
        return Answer(join_names(names), tuple(names), kind)

    def _name(self, phrase: str) -> Answer | None:
        """A phrase that ends in a capitalised name -> what it names; None when it is not one."""
        index, lex, offset = self.index, self.lex, self.offset
        phrase = re.sub(r"\s*\([^)]*\)?", "", phrase).strip()  # party tags, asides
        toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(phrase)]
        if not toks:
            return None
        runs: list[list[tuple[int, int, str]]] = [[toks[0]]]
        for t in toks[1:]:
            gap = phrase[runs[-1][-1][1]:t[0]]
            p = runs[-1][-1][2]
            abbrev = gap in (". ", ".") and (len(p) == 1 or p.lower() in _ABBREV_SET)
            if (gap == " " or abbrev) and not p.endswith(_POSSESSIVE):
                runs[-1].append(t)
                continue
            runs.append([t])
        last = runs[-1]
        if phrase[last[-1][1]:].strip(" .,’'"):
            return None  # a common noun follows the name: "the Clinton campaign"
        if len(runs) > 1 and all(t[2].lower() in lex["org_word"] for t in last):
            s0, e0, w0 = runs[-2][-1]
            mark = possessive_in_name(w0, phrase[e0:last[0][0]], last[0][2], lex["org_word"])
            if mark is not None:  # "the Ferrymen’s Union": the body's name, not its owner
                runs[-2][-1] = (s0, e0 + len(mark), w0 + mark)
                last = runs[-2] + last
        words = [t[2] for t in last]
        low_words = [w.lower() for w in words]
        if words[-1].endswith(_POSSESSIVE):
            words[-1] = words[-1][:-2]
            low_words[-1] = low_words[-1][:-2]
        if len(words) == 1 and words[0] in index.acronyms:
            return Answer.one(index.acronyms[words[0]], "organisation")
        lows = [w.lower() for w in phrase.split()]
        org_tail = index.org_tail(phrase)
        if org_tail:  # "the Department of Justice", unless its end is a known person
            run = index.clean(last, sentence_initial=False, positional=False)
            if run is None or run.kind != "person" or index.person_index(
                    [t[2] for t in run.tokens], offset, run.gender) is None:
                org_tail = org_tail[4:] if org_tail.startswith("The ") else org_tail
                return Answer.one(index.fullest_org(org_tail), "organisation")
        head = low_words[-1]
        if head in lex["collective"] or head.endswith("-americans"):
            det = lows[0] if len(lows) > len(words) else ""
            if det in lex["determiner_indefinite"] or low_words[0] in \
                    lex["determiner_indefinite"]:
                # "some Republicans", "many Democrats": the named collective
                words = [w for w in words if w.lower() not in lex["determiner_indefinite"]]
            while len(words) > 1 and (words[0].lower() in lex["determiner_definite"] or
                                      words[0].lower() == "fellow"):
                words = words[1:]
            return Answer.one(" ".join(words), "group")
        if (head in lex["group_noun"] or head in lex["document"] or
                (len(words) == 1 and len(toks) == 1 and head in lex["person_role"])) and \
                head not in lex["org_word"] and not index.org_tail(phrase):
            return None  # "Officials", "Poll", "Black Lawmakers": a common noun, capitalised
        run = index.clean(last, sentence_initial=False, positional=False)
        if run is None:
            return None  # nothing but titles / descriptors: "The President" is a role noun
        name_words = [t[2] for t in run.tokens]
        if all(like_num(w) for w in name_words):
            return None  # "Six in 10 voters", "Two said": a number names nobody
        name = " ".join(name_words)
        if all(len(w) == 1 for w in name_words) and len(name_words) > 1:  # "the S.E.C."
            a, b = last[0][0], last[-1][1]
            org = phrase[a:b]
            org = org[4:] if org.startswith(("The ", "the ")) else org
            return Answer.one(org if org.endswith(".") else org + ".", "organisation")
        # the article's own typing wins over the run's: "River Watch Lowmere, a volunteer
        # group" opens with a given name but the index has it as an organisation
        indexed_org = run.kind == "person" and name.lower() in index.org_names and \
            index.person_index(name_words, offset, run.gender) is None
        if run.kind == "org" or indexed_org or (
                org_tail and run.kind == "person" and
                index.person_index(name_words, offset, run.gender) is None):
            name = org_tail or name
            if name.lower().startswith("the "):
                name = name[4:]
            return Answer.one(index.fullest_org(name), "organisation")
        if run.kind == "place":
            return Answer.one(name, "organisation")  # a place speaking: its government
        if run.kind == "collective":
            return Answer.one(name, "group")
        if run.kind != "person":
            if all(len(w) == 1 for w in name_words):  # "the S.E.C.", "the I.R.S."
                a, b = last[0][0], last[-1][1]
                org = phrase[a:b]
                org = org[4:] if org.startswith(("The ", "the ")) else org
                return Answer.one(org if org.endswith(".") else org + ".", "organisation")
            return Answer.none(None)  # a work, an event, a date: never a speaker
        idx = index.person_index(name_words, offset, run.gender)
        if idx is not None:
            return Answer.one(index.entities[idx].name, "person")
        shown = " ".join(phrase[run.tokens[0][0]:run.tokens[-1][1]].split())
        return Answer.one(shown if len(shown.split()) == len(name_words) else name, "person")


_ABBREV_SET = frozenset({
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "lt", "gen", "col", "sgt", "capt", "rev",
    "st", "jr", "sr", "prof", "pres", "atty", "supt", "maj", "adm", "cmdr", "det", "insp",
    "hon", "mt", "ft", "no", "vs", "cpl", "pvt", "amb", "messrs"})
# "Mayor of Jackson Chokwe Antar Lumumba": title words, "of", then the place and the name
_TITLE_CHAIN_RE = re.compile(
    rf"^(?:[{_UP}][\w.’'\-]*[ \u00a0]+)+of[ \u00a0]+(?:the[ \u00a0]+)?"
    rf"((?:[{_UP}][\w’'\-]*\.?[ \u00a0]+){{2,5}}[{_UP}][\w’'\-]*)$")
