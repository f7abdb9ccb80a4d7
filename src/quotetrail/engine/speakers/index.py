"""The article index: who and what an article names, built once per article.

Names are runs of capitalised tokens (one regex pass; initials, particles, apostrophes,
hyphens and suffixes included), cleaned of leading non-name words and titles (kept as
roles), and typed by the lexicon's organisation words and by the statistical entity
model's labels (``entities``), voted across the article so that a name the model saw
in one sentence is typed everywhere.  People with the same given and family name are
one entity, shown by the fullest form the article gives; surnames and given names alone
link to them (gender from honorifics, role words, given-name statistics and pronouns
decides between relatives).  The index also holds organisations (with the acronyms the
article spells out), documents with their producers, and the sign-offs of letters.

It answers look-ups; deciding *which* candidate a mention refers to is the resolver's
job (:mod:`.resolution`), by a learned ranking over what the index offers.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from quotetrail.engine.lexicon import cognition_forms, speech_forms
from quotetrail.engine.sentences import headline_span
from quotetrail.engine.speakers.gender import given_name, given_name_gender

__all__ = ["ArticleIndex", "Entity", "MentionRef"]

_DATA = Path(__file__).parent.parent / "data"
#: Bearers a given name needs in the name statistics to count as one ("Ellis", "Idris").
_KNOWN_GIVEN = 1000


# --------------------------------------------------------------------------- lexicons


class _GivenNames:
    """Common given names, from public name statistics (:mod:`.gender`).

    ``word in names``: a given name borne by at least ``COMMON`` people (so "Esme" and
    "Will" are, "Obama" is not); ``names.get(word)``: its clear gender or None.
    """

    COMMON = 10_000

    def __contains__(self, low: object) -> bool:
        g = given_name(low) if isinstance(low, str) else None
        return g is not None and g.people >= self.COMMON

    def get(self, low: str) -> str | None:
        return given_name_gender(low)


@dataclass(slots=True, frozen=True)
class _Lexicon:
    sections: dict[str, frozenset[str]]
    titles: dict[tuple[str, ...], tuple[str | None, str | None]]  # tokens -> (role, gender)
    title_max: int
    first_names: _GivenNames
    title_starts: frozenset[str]

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.sections[key]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    sections: dict[str, set[str]] = {}
    current = ""
    for line in (_DATA / "speakers_lexicon.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, set())
            continue
        sections[current].update(w.replace("_", " ") for w in line.split())
    titles: dict[tuple[str, ...], tuple[str | None, str | None]] = {}
    for line in (_DATA / "titles.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        title, role, gender = (p.strip() for p in line.split("|"))
        titles[tuple(title.split())] = (None if role == "-" else role,
                                        None if gender == "-" else gender)
    starts = frozenset({t[0] for t in titles} | sections["person_role"])
    return _Lexicon({k: frozenset(v) for k, v in sections.items()}, titles,
                    max(len(t) for t in titles), _GivenNames(), starts)


# Role words folded together so that "the actress" finds "actor Jane Doe", etc.
_ROLE_CANON = {
    "actress": "actor", "congresswoman": "congressman", "representative": "congressman",
    "rep": "congressman", "lawmaker": "congressman", "sen": "senator", "gov": "governor",
    "spokeswoman": "spokesperson", "spokesman": "spokesperson", "chairwoman": "chair",
    "chairman": "chair", "nominee": "candidate", "gop": "republican", "democrat": "democratic",
    "councilwoman": "councilman", "businesswoman": "businessman", "advisor": "adviser",
    "organiser": "organizer", "mum": "mother", "mom": "mother", "dad": "father",
    "chief executive": "ceo", "neighbour": "neighbor", "pres": "president",
}


def _canon(word: str) -> str:
    return _ROLE_CANON.get(word, word)


def _key(word: str) -> str:
    """Lower-case index key of a name token: curly and straight apostrophes are one."""
    return word.lower().replace("’", "'")


# --------------------------------------------------------------------------- regexes

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_PARTICLE_RE = r"(?:de|van|von|der|den|da|di|du|del|della|dos|das|la|le|bin|ibn|al|el|ter|ten|y)"
_TOKEN_RE = re.compile(
    rf"(?<![\w’'])(?:"
    rf"(?:al|el|bin|ibn|abu|d|O|Mc)[’'\-]?[{_UP}][\w’'\-]*\w"  # al-Assad, d'Estaing
    rf"|[{_UP}](?:[\w’'\-]*\w)?"  # capitalised word or initial
    rf"|{_PARTICLE_RE}(?=(?:[ \u00a0]{_PARTICLE_RE})*[ \u00a0][{_UP}])"  # "van der Berg"
    rf")"
)
_WORD_RE = re.compile(r"[^\W\d_][\w’'\-]*[^\W_]|[^\W\d_]")
_GIVEN_SURNAME_RE = re.compile(
    rf"(?<![\w’'])([{_UP}][a-z]+)[ \u00a0]+(?:[{_UP}]\.[ \u00a0]+)?"
    rf"([{_UP}][\w’'\-]*\w)(?![\w’'\-])")
# whole words as _has_word sees them: letters, digits, apostrophes and hyphens inside
_WHOLE_WORD_RE = re.compile(r"(?<![\w’'\-])[\w][\w’'\-]*(?<![’'\-])")
_MISS = object()
_PRONOUN_RE = re.compile(r"\b([Hh](?:e|im|is|er|ers)|[Ss]he|[Tt]he(?:y|m|ir))\b")
_SENT_RE = re.compile(  # the look-behinds run only after a full stop has matched
    r"[.!?…]+(?<![^\w][A-Z]\.)(?<!^[A-Z]\.)"
    + "".join(f"(?<!\\b{a}\\.)(?<!\\b{a.capitalize()}\\.)" for a in (
        "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "lt", "gen", "col", "sgt", "capt", "rev",
        "st", "jr", "sr", "prof", "pres", "atty", "supt", "maj", "adm", "cmdr", "det", "hon",
        "vs", "messrs"))
    + r"[\"”’')\]]*\s+|\n\s*")
_PARA_LINE_RE = re.compile(r"[^\n]+")
_ABBREV = frozenset({
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "lt", "gen", "col", "sgt", "capt", "rev",
    "st", "jr", "sr", "prof", "pres", "atty", "supt", "maj", "adm", "cmdr", "det", "insp",
    "hon", "mt", "ft", "no", "vs", "cpl", "pvt", "amb", "messrs"})
_POSSESSIVE = ("’s", "'s")
_SPACE = (" ", "\u00a0")


def possessive_in_name(prev: str, gap: str, word: str, org_words: frozenset[str]
                       ) -> str | None:
    """Whether a run of capitalised tokens goes on across a possessive because the next
    word is an organisation word: "the Ferrymen’s Union", "the Shopworkers’ Union" are
    one body's name, not a body owned by the Ferrymen.  None when it does not; else the
    apostrophe the previous token takes back ("’" for a plural's, which the token
    pattern leaves out; "" when the token already ends in "’s")."""
    if word.lower() not in org_words:
        return None
    if prev.endswith(_POSSESSIVE) and gap in _SPACE:
        return ""
    if prev.endswith("s") and gap in ("’ ", "' "):
        return gap[0]
    return None

_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_THEY = frozenset({"they", "them", "their", "theirs", "themselves"})
_PLACE_HEADS = frozenset({
    "street", "avenue", "road", "boulevard", "city", "county", "river", "park", "square",
    "island", "islands", "valley", "beach", "hill", "hills", "bay", "lake", "mountain",
    "mountains", "sea", "ocean", "district", "province", "region", "heights", "village"})
_ADDRESS_TITLES = frozenset({  # "Mr. President", "Madam Speaker" name no one
    "president", "speaker", "secretary", "chairman", "chairwoman", "chair", "mayor",
    "governor", "senator", "ambassador", "minister", "commissioner", "director", "justice",
    "judge", "leader", "officer", "sheriff", "chancellor", "premier"})
_MEDIA_AFTER = frozenset({"podcast", "programme", "program", "show", "series", "newsletter",
                          "blog", "documentary", "album", "film", "movie", "novel", "memoir"})
_EVENT_HEADS = frozenset({"day", "week", "month", "act", "award", "awards", "prize",
                          "festival", "cup", "bowl", "marathon"})
_PLACE_BEFORE_RE = re.compile(
    r"\b(?:in|from|to|at|near|outside|across|around|downtown|uptown|throughout|of|into|"
    r"toward|towards|visit|visited|visiting)[ \u00a0]+$")
_PLACE_STATE_RE = re.compile(r",[ \u00a0]+(?:[A-Z]\.[A-Z]\.|[A-Z][a-z]{1,4}\.)")
_PLACE_AFTER = frozenset({"police", "residents", "city", "county", "area", "officials",
                          "neighborhood", "neighborhoods", "streets", "suburbs", "airport",
                          "protests", "protesters", "council", "schools", "metro"})
_SIGNOFF_RE = re.compile(  # a paragraph that is only a name: "Jane Q. Public."
    rf"^((?:[{_UP}][\w’'\-]*\.?[ \u00a0]+){{1,3}}[{_UP}][\w’'\-]*\w)\.?$")
_TAGLINE_RE = re.compile(  # "Jane Public is a professor of ...", "Jane Public, a lawyer, ..."
    rf"^((?:[{_UP}][\w’'\-]*\.?[ \u00a0]+){{1,3}}[{_UP}][\w’'\-]*\w)"
    r"(?: is | was )")
_CREDIT_RE = re.compile(  # the closing credit of an excerpt: "From TITLE by Jane Public."
    rf"^(?:From|Excerpted from|Adapted from)[ \u00a0].{{1,160}}?[ \u00a0]by[ \u00a0]+"
    rf"((?:[{_UP}][\w’'\-]*\.?[ \u00a0]+){{1,3}}[{_UP}][\w’'\-]*\w)")
_DOC_ADJ = frozenset({  # lower-case words between a producer and its document
    "new", "latest", "national", "opinion", "previous", "recent", "tracking", "online",
    "annual", "final", "daily", "weekly", "monthly", "joint", "statewide", "exit", "public",
    "internal", "post-debate", "pre-debate", "first", "second", "last", "own", "nationwide",
    "early", "earlier", "another", "updated", "preliminary", "special", "quarterly"})
_CALENDAR = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"})
_DOC_KIN = {"polls": "poll", "survey": "poll", "surveys": "poll", "reports": "report",
            "studies": "study", "statements": "statement"}
_DOC_BY_RE = re.compile(
    r"[ \u00a0]+(?:(?:released|published|conducted|commissioned|issued|produced|compiled|"
    r"prepared|written|done|put[ \u00a0]out|carried[ \u00a0]out)[ \u00a0]+(?:by|from)|by)"
    rf"[ \u00a0]+(?:the[ \u00a0]+)?([{_UP}][\w’'.&/\-]*(?:[ \u00a0]+(?:(?:of|for|and|the|on|at|"
    rf"&)[ \u00a0]+)*[{_UP}][\w’'.&/\-]*)*)")
_PARTIES = frozenset({"republican", "democratic", "libertarian", "green", "independent",
                      "labour", "conservative", "liberal", "socialist", "progressive"})
_ORG_GAPS = frozenset({" of ", " for ", " on ", " of the ", " for the ", " at the ", " & "})
_ORG_CONNECTORS = frozenset({"of", "for", "on", "and", "the", "at", "&", "to", "de", "a", "an"})
_TITLE_OF_RE = re.compile(rf"\b([{_UP}][a-z]+\.?)[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?\Z")
_ORG_APPOSITION_RE = re.compile(r",\s+(?:the|a|an)\s+(?:[\w’'-]+\s+){0,3}?([a-z]+)\b"
                                r"(?=\s*(?:who|which|that|,|\.|;|behind|from|based|of|in))")
_UNNAMED_RE = re.compile(r"\b(?:a|an|one|another)\s+([a-z-]+)(?:\s+([a-z]+))?\b")
_PEOPLE = frozenset({"man", "woman", "boy", "girl", "person", "resident", "commuter",
                     "passenger", "customer", "neighbour", "neighbor", "local", "shopper",
                     "voter", "stranger", "bystander", "onlooker", "visitor", "fan",
                     "driver", "worker", "pensioner", "student", "teenager", "mother",
                     "father", "parent", "witness", "caller", "listener", "viewer"})
# "the carrier, Aeroval", "the state-owned lender Banco X": a description just before a name
_ORG_DESCRIBED_BEFORE_RE = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Aa]n?)\s+(?:[\w’'-]+\s+){0,2}?([a-z]+),?\s+(?:the\s+)?\Z")
_OWNED_BY_RE = re.compile(r"\b[Tt]he\s+([a-z]+)[’']s\s+[a-z]+(?:\s+[a-z]+)?,\s+(?:the\s+)?\Z")
_LOCATIVE = frozenset({"in", "from", "across", "around", "outside", "inside", "near",
                       "throughout"})
_CUT_PREPS = frozenset({"of", "for", "at", "from", "with", "in", "on", "by", "to", "over",
                        "about", "who", "which", "that", "whose", "whom", "and", "or",
                        "conducted", "including", "representing", "based", "near", "under",
                        "released", "published", "issued", "commissioned", "produced"})


# --------------------------------------------------------------------------- entity model

#: spaCy's entity labels, as the index uses them.
_LABELS = {
    "PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "collective", "WORK_OF_ART": "other", "EVENT": "other", "PRODUCT": "other",
    "LAW": "other", "DATE": "other", "TIME": "other", "LANGUAGE": "other",
}
_ACRONYM_RE = re.compile(
    rf"((?:[{_UP}][\w’'&.\-]*[ \u00a0]+(?:(?:of|for|and|on|in|at|the|de|&)[ \u00a0]+)*)+"
    rf"[{_UP}][\w’'&.\-]*)[ \u00a0]+\(([A-Z][A-Za-z&]{{1,7}})\)")


_ENTITY_SPLIT_RE = re.compile(r"\s*(?:[()&,;]|\band\b)\s*")
_SPEECH_MARKS = frozenset("\"“”„«»")
_TITLE_OPEN = frozenset("\"“„«‘")
_TITLE_CLOSE = frozenset("\"”»’")
#: Characters on each side of an entity where a quotation mark is looked for (the
#: recogniser's own window, :data:`.mentions.WINDOW`).
_MARK_WINDOW = 40


def _speech_marks_mislead(text: str, start: int, end: int) -> bool:
    """Whether a WORK_OF_ART label on text[start:end] is the recogniser reading speech
    marks as title marks: a quotation mark stands near the entity on its line, and the
    entity does not fill a pair of marks of its own (a title is quoted whole, “Blue
    Harbour”; a name inside quoted speech, "Blame Ellis Brandt, not me", or just after
    it, "…," Ellis Young said, is a person the model took for a title)."""
    lo = max(0, start - _MARK_WINDOW, text.rfind("\n", max(0, start - _MARK_WINDOW), start) + 1)
    hi = text.find("\n", end, end + _MARK_WINDOW)
    if hi < 0:
        hi = min(len(text), end + _MARK_WINDOW)
    if not any(c in _SPEECH_MARKS for c in text[lo:hi]):
        return False
    after = text[end:end + 2].lstrip(",.!?")
    fills = start > 0 and text[start - 1] in _TITLE_OPEN and after[:1] in _TITLE_CLOSE
    return not fills


def _entity_labels(text: str, entities: Sequence[tuple[int, int, str]]
                   ) -> tuple[dict[int, str], dict[str, dict[str, int]]]:
    """(token start -> label) for each capitalised token of an entity, and label votes
    per folded entity text (and per its last word), so a name tagged in one sentence
    types its mentions in sentences the model did not read.

    A WORK_OF_ART label that speech marks explain (:func:`_speech_marks_mislead`) is no
    vote: one such label would otherwise type a quoted person as a title everywhere in
    the article, and a later "Ellis Brandt said" would go to someone else."""
    at: dict[int, str] = {}
    votes: dict[str, dict[str, int]] = {}
    for start, end, raw_label in entities:
        label = _LABELS.get(raw_label)
        if label is None or (raw_label == "WORK_OF_ART" and
                             _speech_marks_mislead(text, start, end)):
            continue
        # "Nick (Kit Connor) & Charlie": a small model glues names; each part votes alone
        for part in _ENTITY_SPLIT_RE.split(text[start:end]):
            words = [w for w in _WORD_RE.findall(part) if w[0].isupper()]
            if words and words[0].lower() == "the":
                words = words[1:]
            clean = [w[:-2] if w.endswith(_POSSESSIVE) else w for w in words]
            for key in {" ".join(_key(w) for w in clean), _key(clean[-1])} if clean else ():
                bucket = votes.setdefault(key, {})
                bucket[label] = bucket.get(label, 0) + 1
        for m in _WORD_RE.finditer(text, start, end):
            if m.group(0)[0].isupper():
                at.setdefault(m.start(), label)
    return at, votes


def _initials(name: str) -> str:
    """"Associated Press" -> "AP"; "Federal Bureau of Investigation" -> "FBI"."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def _acronym_pairs(text: str) -> dict[str, str]:
    """Acronyms the article spells out: "Harwick Transit Authority (HTA)" -> {"HTA": ...}."""
    pairs: dict[str, str] = {}
    for m in _ACRONYM_RE.finditer(text):
        long, short = m.group(1), m.group(2)
        words = [w for w in long.split() if w[0].isupper() and w.lower() != "the"]
        initials = "".join(w[0] for w in words).upper()
        letters = "".join(c for c in short if c.isupper())
        # the acronym's letters are the initials of the long form's last words
        if letters and initials.endswith(letters) and len(letters) <= len(words):
            k = len(words) - len(letters)
            first = words[k]
            pairs[short] = long[long.index(first):]
    return pairs


# --------------------------------------------------------------------------- index types


@dataclass(slots=True)
class Entity:
    name: str
    ntokens: int
    first: str
    last: str
    gender_score: int = 0
    votes: int = 0
    they_votes: int = 0
    gendered_votes: int = 0
    roles: set[str] = field(default_factory=set)
    evidence: bool = False
    mentions: list[int] = field(default_factory=list)  # starts, ascending

    @property
    def gender(self) -> str | None:
        """The name's gender when it states one (honorific, clear given name, role word),
        else what the pronouns after its mentions say."""
        return self.name_gender or self.pronoun_gender

    def is_character(self, index: ArticleIndex) -> bool:
        """A character an actor plays ("Nick (Kit Connor)"), not a person who speaks."""
        return self.ntokens == 1 and self.first in index._characters

    @property
    def name_gender(self) -> str | None:
        """Gender from the name itself: honorifics, given name, gendered role words."""
        return "m" if self.gender_score > 0 else "f" if self.gender_score < 0 else None

    @property
    def pronoun_gender(self) -> str | None:
        """Gender from the pronouns that follow the person's mentions."""
        return "m" if self.votes > 0 else "f" if self.votes < 0 else None

    @property
    def singular_they(self) -> bool:
        return self.they_votes >= 2 and self.they_votes >= self.gendered_votes


@dataclass(slots=True)
class MentionRef:
    start: int
    end: int
    entity: int
    sent: int
    possessive: bool
    paren: bool


@dataclass(slots=True)
class _Run:
    """A cleaned capitalised run of tokens."""

    tokens: list[tuple[int, int, str]]  # (start, end, text) of the name tokens kept
    roles: set[str]
    gender: str | None
    titled: bool
    possessive: bool
    kind: str  # person | org | place | collective | other
    start: int  # start of the whole run, titles included
    end: int

    @property
    def name_start(self) -> int:
        return self.tokens[0][0]

    @property
    def name_end(self) -> int:
        return self.tokens[-1][1]


# --------------------------------------------------------------------------- the resolver


class ArticleIndex:
    """Who is named in one article: people, organisations, documents and sign-offs.

    Built once per article from its text and the named entities the statistical model
    found in the sentences worth reading (``entities``: ``(start, end, label)`` with
    spaCy's labels); answers look-ups in microseconds.
    """

    def __init__(self, text: str, entities: Sequence[tuple[int, int, str]] = ()) -> None:
        self.text = text
        self._ner_at, self._ner_votes = _entity_labels(text, entities)
        self.acronyms = _acronym_pairs(text)
        self.lex = lexicon()
        self.sent_starts = self._sentences(text)
        self.sent_starts_set = frozenset(self.sent_starts)
        self._word_seen: dict[str, bool] = {}
        self.entities: list[Entity] = []
        self._by_key: dict[tuple[str, str], int] = {}
        self._by_last: dict[str, list[int]] = {}
        self._by_first: dict[str, list[int]] = {}
        self._by_middle: dict[str, list[int]] = {}  # middle names: a fallback for surnames
        self.by_name: dict[str, int] = {}
        self.mentions: list[MentionRef] = []
        self.mention_starts: list[int] = []
        self.orgs: list[tuple[int, str, str]] = []  # (start, name, head word lower)
        self.org_starts: list[int] = []
        self.org_names: set[str] = set()
        self.org_counts: dict[str, int] = {}
        self._org_mentions: dict[str, int] = {}
        self.org_owned_by: dict[str, set[str]] = {}
        #: organisation (lower case) -> the heads the article describes it by ("River Watch
        #: Lowmere, a volunteer group": "group"; "the carrier, Aeroval": "carrier")
        self.org_described: dict[str, set[str]] = {}
        self.collective_starts: list[int] = []
        self.unnamed_people: list[int] = []
        self._fullest: dict[str, str] = {}
        self._docs_by_head: dict[str, tuple[list[int], list[tuple[int, str, str]]]] | None = None
        self.collectives: list[tuple[int, str]] = []  # (start, name)
        self._surnames: set[str] = set()  # of people named in full (after building)
        self._people_runs: set[tuple[str, ...]] = set()  # names the article shows are people
        self._characters: set[str] = set()  # single names played by a named actor
        self.not_speakers: list[tuple[int, int, str]] = []  # (start, end, place | other)
        self._signoffs: list[tuple[int, str]] | None = None
        self._place_cache: dict[str, bool] = {}
        self._doc_index: list[tuple[int, str, str]] | None = None  # (offset, head, producer)
        self._clean_cache: dict[tuple[tuple[str, ...], bool], tuple | None] = {}
        self._roles_canon = frozenset(_canon(r) for r in self.lex["person_role"])
        # every whole word as written, and where each capitalised one stands: one pass
        self._words: set[str] = set()
        self._positions: dict[str, list[int]] = {}
        for m in _WHOLE_WORD_RE.finditer(text):
            w = m.group(0)
            self._words.add(w)
            if w[0].isupper():
                self._positions.setdefault(w, []).append(m.start())
        # surnames written after a common given name ("Donald Trump"): people, whatever
        # the entity model says of their bare mentions
        self._given_surnames: set[str] = set()
        for m in _GIVEN_SURNAME_RE.finditer(text):
            if m.group(1).lower() in self.lex.first_names:
                self._given_surnames.add(_key(m.group(2)))
        self.headlines: list[tuple[int, int]] = []  # title-case lines, set by _build
        self._build()
        first = headline_span(text)
        # the lines a speaker may not be named from alone: title-case ones and the headline
        self._headline_or_first = self.headlines + ([first] if first is not None else [])

    # ----------------------------------------------------------------- building

    def _has_word(self, word: str) -> bool:
        """Whether ``word`` occurs in the text as a whole word, exactly as written."""
        return word in self._words

    def place_like(self, word: str) -> bool:
        """Whether a lone capitalised word is used as a place: tagged as one by the entity
        model, or written mostly as one -- "in Charlotte", "Charlotte, N.C.", "Charlotte
        police".  Each occurrence is looked at once per article (positions are indexed)."""
        if self._ner_votes.get(_key(word), {}).get("place", 0) > \
                self._ner_votes.get(_key(word), {}).get("person", 0):
            return True
        cached = self._place_cache.get(word)
        if cached is not None:
            return cached
        text, n = self.text, len(word)
        hits = place = 0
        for a in self._positions.get(word, ()):
            b = a + n
            hits += 1
            after = text[b:b + 16]
            nxt = after.split(None, 1)[0].lower().strip(".,;:’'") if after.strip() else ""
            if _PLACE_BEFORE_RE.search(text, max(0, a - 12), a) or \
                    _PLACE_STATE_RE.match(after) or (after[:1] == " " and nxt in _PLACE_AFTER):
                place += 1
        self._place_cache[word] = result = place > 0 and 2 * place >= hits
        return result

    @staticmethod
    def _sentences(text: str) -> list[int]:
        # "Mr. Trump", "George W. Bush": the regex skips abbreviations and initials
        return [0, *(m.end() for m in _SENT_RE.finditer(text))]

    def sent_of(self, offset: int) -> int:
        return bisect_right(self.sent_starts, offset) - 1

    def _headline_lines(self) -> list[tuple[int, int]]:
        """Title-case lines (headlines, page furniture): no new names are taken from them."""
        spans = []
        for m in _PARA_LINE_RE.finditer(self.text):
            line = m.group(0).rstrip()
            if len(line) > 250 or line.endswith((".", "”", '"', "?", "!", ":")):
                continue
            words = _WORD_RE.findall(line)
            if len(words) < 4:
                continue
            caps = sum(1 for w in words if w[0].isupper())
            if caps / len(words) >= 0.6:
                spans.append((m.start(), m.end()))
        return spans

    def named_in_headline(self, name: str) -> bool:
        """Whether the headline (or a title-case line, or the first line) writes ``name``:
        what the article is about, the likeliest referent of "the band", "the company"."""
        text = self.text
        return any(name in text[a:b] for a, b in self._headline_or_first)

    def named_only_in_headline(self, start: int, name: str) -> bool:
        """Whether a mention at ``start`` stands in a headline and the body never writes
        its name: title case makes any words look like a name ("Heavy Rain Expected to
        Arrive"), so a headline alone never makes a speaker (as it never makes a name)."""
        lines = self._headline_or_first
        if not any(a <= start < b for a, b in lines):
            return False
        for word in _WHOLE_WORD_RE.findall(name):
            if any(not any(a <= p < b for a, b in lines) for p in self._positions.get(word, ())):
                return False
        return True

    def _runs(self, lo: int, hi: int) -> list[list[tuple[int, int, str]]]:
        """Raw capitalised runs in text[lo:hi], split at gaps and function words."""
        text = self.text
        function = self.lex["function"]
        runs: list[list[tuple[int, int, str]]] = []
        cur: list[tuple[int, int, str]] = []
        for m in _TOKEN_RE.finditer(text, lo, hi):
            tok = (m.start(), m.end(), m.group(0))
            low = tok[2].lower()
            if low in function and tok[2][0].isupper() and not (
                    cur and len(tok[2]) == 1 and text.startswith(". ", tok[1])):
                # ("Robert A. Pruzan": a middle initial, not the article "A")
                if cur:
                    runs.append(cur)
                cur = []
                continue
            if cur:
                pend, ptext = cur[-1][1], cur[-1][2]
                gap = text[pend:tok[0]]
                joined = gap in _SPACE or (
                    gap in (". ", ".\u00a0", ".")
                    and ((len(ptext) == 1 and ptext.isupper()) or ptext.lower() in _ABBREV)
                ) or (gap == "." and len(ptext) == 1)
                if joined and not ptext.endswith(_POSSESSIVE):
                    cur.append(tok)
                    continue
                mark = possessive_in_name(ptext, gap, low, self.lex["org_word"])
                if mark is not None:
                    cur[-1] = (cur[-1][0], pend + len(mark), ptext + mark)
                    cur.append(tok)
                    continue
                runs.append(cur)
            cur = [tok]
        if cur:
            runs.append(cur)
        return runs

    def clean(self, raw: list[tuple[int, int, str]], *, sentence_initial: bool,
              positional: bool = True) -> _Run | None:
        """Strip non-name words and titles from a raw run and classify what is left.

        Names recur, so the analysis is cached by the run's words and re-placed.  Once the
        index is built, a bare surname of a person named in full is a person, whatever
        type the entity model gave its other mentions."""
        run = self._clean_cached(raw, sentence_initial=sentence_initial, positional=positional)
        if run is not None and run.kind in ("org", "place") and not run.titled and (
                (len(run.tokens) == 1 and _key(run.tokens[0][2]) in self._surnames) or
                tuple(_key(t[2]) for t in run.tokens) in self._people_runs):
            run.kind = "person"
        return run

    def _clean_cached(self, raw: list[tuple[int, int, str]], *, sentence_initial: bool,
                      positional: bool) -> _Run | None:
        key = (tuple(t[2] for t in raw), sentence_initial, positional)
        hit = self._clean_cache.get(key, _MISS)
        if hit is _MISS:
            run = self._clean_uncached(raw, sentence_initial=sentence_initial,
                                       positional=positional)
            if run is None:
                self._clean_cache[key] = None
                return None
            first = next(i for i, t in enumerate(raw) if t[0] == run.tokens[0][0])
            self._clean_cache[key] = (first, tuple(t[2] for t in run.tokens), run.roles,
                                      run.gender, run.titled, run.possessive, run.kind)
            return run
        if hit is None:
            return None
        first, words, roles, gender, titled, possessive, kind = hit
        toks = [(t[0], t[0] + len(w), w) for t, w in zip(raw[first:], words, strict=False)]
        return _Run(toks, set(roles), gender, titled, possessive, kind, raw[0][0], raw[-1][1])

    def _clean_uncached(self, raw: list[tuple[int, int, str]], *,
                        sentence_initial: bool, positional: bool = True) -> _Run | None:
        lex = self.lex
        nonname, suffixes = lex["nonname"], lex["suffix"]
        toks = list(raw)
        roles: set[str] = set()
        gender: str | None = None
        titled = False
        possessive = False
        start, end = raw[0][0], raw[-1][1]
        # possessive on the last token
        s, e, t = toks[-1]
        if t.endswith(_POSSESSIVE):
            toks[-1] = (s, e - 2, t[:-2])
            possessive = True
            if not toks[-1][2]:
                toks.pop()
        lows = [t.lower() for _, _, t in toks]
        # leading non-name words
        first_names = lex.first_names
        while toks:
            low = lows[0]
            # a sentence-initial word the article also writes in lower case is a common word
            strip = low in nonname or (sentence_initial and toks[0][0] == raw[0][0]
                                       and self._has_word(low))
            if strip and low in first_names and len(toks) > 1 and low not in lex["function"]:
                strip = False  # "Bill Clinton", "Will Smith", "April Ryan"
            if strip and low in lex["org_word"] and len(toks) > 1 and \
                    toks[1][2][:1].isupper() and lows[1] not in nonname and \
                    lows[1] not in lex.title_starts and lows[1] not in lex["person_role"]:
                strip = False  # "Radio Tolbridge", "Television Sud": the body's own name
            if not strip:
                break
            if low in lex["person_role"] or low in ("republican", "democratic", "gop"):
                roles.add(_canon(low))
            toks.pop(0)
            lows.pop(0)
        if len(toks) > 1 and sentence_initial and toks[0][0] == raw[0][0] and \
                len(lows[0]) > 5 and lows[0].endswith(("ing", "ed", "ly")) and \
                lows[0] not in first_names:
            toks.pop(0)  # "Injecting Clinton ...": a participle or adverb opens the sentence
            lows.pop(0)
        if not toks:
            return None
        raw_org = any(w in lex["org_word"] for w in lows)
        # titles: strip up to the right-most title that still has a name after it
        cut = -1
        if tuple(lows) in lex.titles:
            return None  # only a title: "Miss Universe", "Prime Minister"
        title_starts = lex.title_starts | lex["group_noun"]  # "Actors Sam Ortiz and ..."
        for i in range(len(toks) - 1):
            if lows[i] not in title_starts:
                continue
            for n in range(min(lex.title_max, len(toks) - i), 0, -1):
                key = tuple(lows[i:i + n])
                if i + n == len(toks):
                    if key in lex.titles:
                        break  # a title closing the run names no one after it
                    continue
                if key in lex.titles or (n == 1 and (key[0] in lex["person_role"] or
                                                     key[0] in lex["group_noun"])):
                    role, g = lex.titles.get(key, (key[0], None))
                    cut = max(cut, i + n - 1)
                    if role:
                        roles.add(_canon(role))
                    if g:
                        gender = g
                    elif key[-1] in lex["female_word"]:
                        gender = "f"
                    elif key[-1] in lex["male_word"]:
                        gender = "m"
                    break
        if cut >= 0 and all(w in lex["org_word"] for w in lows[cut + 1:]):
            cut = -1  # "British Columbia Liberal Party": the "title" is the party's name
        if cut >= 0:
            for low in lows[:cut + 1]:
                if low in lex["person_role"] or low in lex["nonname"]:
                    roles.add(_canon(low))
            titled = True
            toks = toks[cut + 1:]
            lows = lows[cut + 1:]
            if lows[0] in nonname and lows[0] not in lex.first_names:
                return None  # "Justice Against Sponsors ...": no name follows the title
        if len(toks) > 1 and lows[-1] in _EVENT_HEADS:
            # "Barack Obama Election Day": an event named after a person; keep the person
            toks.pop()
            lows.pop()
            while len(toks) > 1 and self._has_word(lows[-1]):
                toks.pop()
                lows.pop()
            if len(toks) < 2:
                return None
        # trailing non-name words ("Trump Tuesday")
        while len(toks) > 1 and lows[-1] in nonname and lows[-1] not in suffixes:
            toks.pop()
            lows.pop()
        if not toks or (len(toks) == 1 and (lows[0] in _ADDRESS_TITLES or (not titled and (
                (lows[0],) in lex.titles or lows[0] in lex["person_role"])))):
            return None  # only a title or role word: "President", "The Mayor"
        kind = self._kind(toks, lows, positional)
        if raw_org and not titled:
            # "The Republican National Committee": an organisation keeps its whole name
            kind = "org"
            toks = [t for t in raw if t[0] >= start]
            while toks and toks[0][2].lower() in ("the", "a", "an"):
                toks.pop(0)
            if possessive and toks:
                s, e, t = toks[-1]
                toks[-1] = (s, e - 2, t[:-2])
        return _Run(toks, roles, gender, titled, possessive, kind, start, end)

    def _verb_opens(self, raw: list[tuple[int, int, str]], quoted: bool) -> bool:
        """Whether a sentence-initial run of three or more words opens with a word of the
        sentence rather than of the name: quoted speech opens with a verb ("Tell Jordan
        Brandt we are waiting", "Blame Ellis Brandt, not me"), which would otherwise be
        read as a person -- or an organisation -- called "Tell Jordan Brandt".

        The first word is no known given name (nor a title, role or organisation word),
        and it is a verb of saying or belief ("Tell", "Ask"), or -- inside a quotation,
        where speech, not narrative, opens the sentence -- the second word is a known
        given name.  (A narrative sentence may open on a rare given name before a common
        middle name: "Lucía Marisa Benavídez-Roe grew up ...".)"""
        lex = self.lex
        first, second = raw[0][2].lower(), raw[1][2].lower()
        g1 = given_name(first)
        if (g1 is not None and g1.people >= _KNOWN_GIVEN) or first in lex.title_starts or \
                (first,) in lex.titles or first in lex["org_word"] or \
                first in lex["collective"] or first in lex["group_noun"] or \
                first in lex["particle"]:
            return False
        if first in speech_forms() or first in cognition_forms():
            return True
        g2 = given_name(second)
        return quoted and g2 is not None and g2.people >= _KNOWN_GIVEN

    def _quoted(self, pos: int) -> bool:
        """Whether ``pos`` is inside a quotation opened earlier on its line (looked for
        in the last 2,000 characters at most, so the cost never grows with the text)."""
        lo = max(pos - 2000, self.text.rfind("\n", max(0, pos - 2000), pos) + 1, 0)
        before = self.text[lo:pos]
        return before.count("“") > before.count("”") or before.count('"') % 2 == 1

    def _entity_label(self, toks: list[tuple[int, int, str]], positional: bool = True
                      ) -> str | None:
        """What the entity model says this run is, by its votes across the article.

        A tie never goes to "other" (a work, a date): that label takes a name out of the
        speakers altogether, so a person the model once called a title would no longer
        be who "Ellis Young said" names."""
        for key in (" ".join(_key(t[2]) for t in toks), _key(toks[-1][2])):
            votes = self._ner_votes.get(key)
            if votes:
                return max(sorted(votes), key=lambda k: (votes[k], k != "other"))
        return None

    def _kind(self, toks: list[tuple[int, int, str]], lows: list[str],
              positional: bool = True) -> str:
        """person | org | place | collective | other, from the lexicon and the entity model."""
        lex = self.lex
        if any(w in lex["org_word"] for w in lows):
            return "org"
        if len(lows) == 1 and lows[0] in lex["collective"]:
            return "collective"
        label = self._entity_label(toks, positional)
        # a small entity model mistypes people ("Trump" ORG, "Esme" ORG): a surname the
        # article gives with a given name, or a common given name, stays a person
        personal = (len(lows) == 1 and (lows[0] in self._given_surnames or
                                        lows[0] in lex.first_names)) or \
            (len(lows) > 1 and lows[0] in lex.first_names and lows[0] not in lex["nonname"])
        if label == "person" or label is None:
            pass
        elif label == "org" and not personal:
            return "org"
        elif label == "place" and not (personal and len(lows) > 1):
            return "place"
        elif label == "collective":
            return "collective"
        elif label == "other":
            return "other"
        if len(lows) > 1 and lows[-1] in _PLACE_HEADS:
            return "place"
        if lows[-1] in lex["collective"] or lows[-1].endswith("-americans"):
            return "collective"
        for _, _, t in toks:
            # an acronym, unless the article also writes it as a name ("PENCE" / "Pence")
            if 2 <= len(t) <= 5 and t.isupper() and t.isalpha() and \
                    t.lower() not in lex["suffix"] and \
                    not self._has_word(t.lower()) and not self._has_word(t.capitalize()):
                return "org"
        if len(lows) > 5 or all(len(w) == 1 for w in lows):
            return "other"  # too long for a name, or initials only ("U.S.")
        return "person"

    def _display(self, toks: list[tuple[int, int, str]]) -> str:
        s, e = toks[0][0], toks[-1][1]
        if e < len(self.text) and self.text[e] == "." and toks[-1][2].lower() in \
                self.lex["suffix"] | _ABBREV:
            e += 1
        return " ".join(self.text[s:e].split())

    def _name_tokens(self, toks: list[tuple[int, int, str]]) -> tuple[str, str]:
        """(first, last) lower-case keys of a name, suffixes and initials set aside."""
        suffixes = self.lex["suffix"]
        words = [_key(t) for _, _, t in toks]
        while len(words) > 1 and words[-1] in suffixes:
            words.pop()
        first = words[0]
        last = words[-1]
        return first, last

    def _descriptors(self, start: int) -> set[str]:
        """Role words written in lower case just before a name ("presidential nominee X")."""
        lex = self.lex
        roles: set[str] = set()
        text = self.text
        k = text.rfind(" ", max(0, start - 40), max(0, start - 1))
        if k < 0 or start < 2 or text[start - 1] != " " or \
                text[k + 1:start - 1].lower() not in lex["person_role"]:
            return roles
        j = start
        found_role = False
        for _ in range(4):
            i = j
            while i > 0 and text[i - 1] == " ":
                i -= 1
            k = i
            while k > 0 and (text[k - 1].isalpha() or text[k - 1] in "-’'"):
                k -= 1
            word = text[k:i]
            if not word or k == i:
                break
            low = word.lower()
            if low.endswith(_POSSESSIVE):
                break
            if not found_role:
                if low not in lex["person_role"] and not (word[0].islower() and low in
                                                           ("user", "fan", "member")):
                    break
                found_role = True
            elif word[0].isupper():
                if _canon(low) in _PARTIES:
                    roles.add(_canon(low))
                break
            elif low in lex["determiner_definite"] or low in lex["determiner_indefinite"]:
                break
            roles.add(_canon(low))
            j = k
        return roles

    def _apposition(self, end: int) -> set[str]:
        """Role words in ", executive director of the ..." right after a name."""
        text = self.text
        if not text.startswith(", ", end):
            return set()
        lex = self.lex
        roles: set[str] = set()
        seg = text[end + 2:end + 90]
        for stop in (",", ".", ";", "\n", " said", " says", " told"):
            k = seg.find(stop)
            if k >= 0:
                seg = seg[:k]
        words = seg.split()
        if words and words[0].lower() in ("who", "which", "whose"):
            return set()
        found = False
        for w in words[:8]:
            low = w.lower().strip("’'")
            if low in ("of", "at", "for", "with", "from", "in", "on"):
                break
            if low in lex["person_role"]:
                found = True
                roles.add(_canon(low))
            elif low in lex["nonname"] and low not in lex["function"]:
                roles.add(_canon(low))
        return roles if found else set()

    def _org_apposition(self, end: int) -> bool:
        """", the indie quartet who ...", ", a Leeds-based company": the name before is an
        organisation (the apposition's head is an organisation noun)."""
        m = _ORG_APPOSITION_RE.match(self.text, end)
        return m is not None and m.group(1).lower() in self.lex["org_noun"]

    def _build(self) -> None:
        text = self.text
        lex = self.lex
        headlines = self.headlines = self._headline_lines()
        sent_starts = set(self.sent_starts)
        runs: list[_Run] = []
        lo = 0
        pieces: list[tuple[int, int]] = []
        for hs, he in headlines:
            pieces.append((lo, hs))
            lo = he
        pieces.append((lo, len(text)))
        first_names = lex.first_names
        for hs, he in headlines:
            # a headline gives names only where a common given name starts them
            for raw in self._runs(hs, he):
                for i in range(len(raw) - 1):
                    if raw[i][2].lower() in first_names and raw[i][2][0].isupper():
                        j = i + 1
                        if len(raw[j][2]) == 1 and j + 1 < len(raw):
                            j += 1
                        if raw[j][2].lower() in lex["nonname"]:
                            continue
                        run = self.clean(raw[i:j + 1], sentence_initial=False)
                        # ... and whose surname the body also writes
                        if run is not None and run.kind == "person" and any(
                                not hs <= p < he for p in self._positions.get(raw[j][2], ())):
                            runs.append(run)
                        break
        for a, b in pieces:
            for raw in self._runs(a, b):
                s0 = raw[0][0]
                initial = s0 in sent_starts or (s0 > 0 and text[s0 - 1] in "“\"‘'(" and (
                    (s0 - 1) in sent_starts or
                    # quoted speech opens a sentence: 'He said: "Blame Ellis Brandt ..."'
                    (text[s0 - 1] in "“\"" and text[max(0, s0 - 3):s0 - 1].rstrip()[-1:]
                     in (":", ","))))
                if initial and len(raw) > 2 and self._verb_opens(raw, self._quoted(s0)):
                    raw, initial = raw[1:], False  # "Tell Jordan Brandt we are waiting"
                run = self.clean(raw, sentence_initial=initial)
                if run is not None:
                    runs.append(run)
        # "Roper Center for Public Opinion Research": one organisation across of / for / on
        merged: list[_Run] = []
        for run in runs:
            if merged:
                last = merged[-1]
                gap = text[last.end:run.start]
                if gap in _ORG_GAPS and "org" in (last.kind, run.kind) and not last.possessive \
                        and not (last.kind == "person" and gap == " at the "):
                    # ("Dan Roe at the National Review" is a person and where he works)
                    merged[-1] = _Run(last.tokens + run.tokens, last.roles, None, False,
                                      run.possessive, "org", last.start, run.end)
                    continue
            merged.append(run)
        runs = merged
        # "Mayor of Jackson Chokwe Antar Lumumba": a title, "of", a place, then the name
        for run in runs:
            if run.kind != "person" or len(run.tokens) < 3:
                continue
            m = _TITLE_OF_RE.search(text, max(0, run.start - 40), run.start)
            if m is None:
                continue
            title = m.group(1).lower().rstrip(".")
            if (title,) not in lex.titles and title not in lex["person_role"]:
                continue
            role = lex.titles.get((title,), (title, None))[0] or title
            # the place may be several words: the name starts at a given name if one is there
            k = next((i for i in range(1, len(run.tokens) - 1)
                      if run.tokens[i][2].lower() in lex.first_names), 1)
            run.tokens = run.tokens[k:]
            run.roles.add(_canon(role))
            run.titled = True
        # full names first
        persons = [r for r in runs if r.kind == "person"]
        # the entity model's ORG / GPE for a bare surname of a person named in full
        # ("Tad Devine" ... "Devine said"): a person
        # ... and a name the model calls a place or a company that the article coordinates
        # with a person ("Sam Ortiz and Kemi Adeyemi") or introduces with a role word
        # ("actor Kemi Adeyemi") is a person too
        for prev_run, r in pairwise(runs):
            if r.kind in ("org", "place") and len(r.tokens) >= 2 and not r.titled and \
                    not any(t[2].lower() in lex["org_word"] for t in r.tokens) and (
                    (prev_run.kind == "person" and
                     text[prev_run.end:r.start] in (" and ", " & ", ", ")) or
                    self._descriptors(r.start)):
                r.kind = "person"
                self._people_runs.add(tuple(_key(t[2]) for t in r.tokens))
        # "the Backstage Pass podcast", "the Morning Call show": a name that a media noun
        # follows is a programme or a publication -- where words are said, not who says them
        for r in runs:
            if r.kind in ("person", "org") and not r.possessive:
                m = _WORD_RE.match(text, r.name_end + 1) \
                    if text[r.name_end:r.name_end + 1] == " " else None
                if m and m.group(0) in _MEDIA_AFTER:
                    r.kind = "other"
        # "The Velvet Ferns": a name after "The" is a band, a company, a show -- not a person
        # (also where "The" opens the sentence and was left out of the run), and so is
        # the same name written elsewhere without it (a title-case headline)
        bands: set[tuple[str, ...]] = set()
        for r in runs:
            if r.kind == "person" and not r.titled and (
                    (r.name_start > r.start and
                     text[r.start:r.name_start].strip().lower() == "the") or
                    text[max(0, r.start - 4):r.start].lower() == "the " or
                    self._org_apposition(r.end)):
                r.kind = "org"
                bands.add(tuple(_key(t[2]) for t in r.tokens if t[0] >= r.name_start))
        for r in runs:
            if r.kind == "person" and not r.titled and \
                    tuple(_key(t[2]) for t in r.tokens if t[0] >= r.name_start) in bands:
                r.kind = "org"
        # "Nick (Kit Connor)", "Kit Connor (Nick)": a cast fact pairs an actor and a
        # character; both are people (the single name is the character)
        for r1, r2 in pairwise(runs):
            if text[r1.end:r2.start] == " (" and text[r2.end:r2.end + 1] == ")" and \
                    not any(t[2].lower() in lex["org_word"] for t in r1.tokens + r2.tokens):
                for r in (r1, r2):
                    if r.kind in ("org", "place"):
                        r.kind = "person"
                        self._people_runs.add(tuple(_key(t[2]) for t in r.tokens))
                if len(r1.tokens) != len(r2.tokens):
                    short = r1 if len(r1.tokens) < len(r2.tokens) else r2
                    self._characters.add(_key(short.tokens[0][2]))
        persons = [r for r in runs if r.kind == "person"]
        surnames = {_key(r.tokens[-1][2]) for r in persons if len(r.tokens) >= 2}
        self._surnames = surnames
        for r in runs:
            if r.kind in ("org", "place") and len(r.tokens) == 1 and not r.titled and \
                    _key(r.tokens[0][2]) in surnames and \
                    r.tokens[0][2].lower() not in lex["org_word"]:
                r.kind = "person"
        # organisations, once people are told apart (capitalised names, and lower-case
        # heads after a name: "Clinton campaign")
        org_nouns = lex["org_noun"]
        for run in runs:
            if run.kind == "org":
                name = self._display(run.tokens)
                self.orgs.append((run.name_start, name, name.lower()))
            if not run.possessive:
                m = _WORD_RE.match(text, run.name_end + 1) if text[run.name_end:run.name_end + 1] \
                    == " " else None
                if m and m.group(0) in org_nouns:
                    name = self._display(run.tokens) + " " + m.group(0)
                    self.orgs.append((run.name_start, name, name.lower()))
        self.org_starts = [o[0] for o in self.orgs]
        self.org_names = {o[1].lower() for o in self.orgs}
        for start, name, low in self.orgs:
            self.org_counts[low] = self.org_counts.get(low, 0) + 1
            # "the band's label, Lowtide Records": Lowtide Records is not "the band"
            m = _OWNED_BY_RE.search(text, max(0, start - 60), start)
            if m:
                self.org_owned_by.setdefault(low, set()).add(m.group(1).lower())
            heads = self.org_described.setdefault(low, set())
            m = _ORG_DESCRIBED_BEFORE_RE.search(text, max(0, start - 50), start)
            if m and m.group(1) in org_nouns:
                heads.add(m.group(1))
            if text.startswith(name, start) and self._org_apposition(start + len(name)):
                m = _ORG_APPOSITION_RE.match(text, start + len(name))
                if m:
                    heads.add(m.group(1).lower())
        # named collectives ("Democrats") and what is never a speaker (places, works)
        for run in runs:
            if run.kind == "collective" and not run.possessive:
                self.collectives.append((run.name_start, self._display(run.tokens)))
            elif run.kind in ("place", "other"):
                self.not_speakers.append((run.name_start, run.name_end, run.kind))
        self.collective_starts = [c[0] for c in self.collectives]
        # unnamed people the article points at ("a man in the crowd", "one nurse"): an
        # antecedent that is no one's name
        person_words = lex["person_role"] | lex["kin"] | _PEOPLE
        self.unnamed_people = [m.start() for m in _UNNAMED_RE.finditer(text)
                               if m.group(1) in person_words or m.group(2) in person_words]
        persons = [r for r in runs if r.kind == "person"]
        full_keys = {self._name_tokens(r.tokens) for r in persons if len(r.tokens) >= 2
                     and r.tokens[0][2].lower() not in lex["particle"]}
        for run in persons:
            if len(run.tokens) >= 2 and run.tokens[0][2].lower() not in lex["particle"]:
                first, last = self._name_tokens(run.tokens)
                if first == last:
                    continue
                for i in range(1, len(run.tokens) - 1):
                    inner = (_key(run.tokens[i][2]), last)
                    if inner in full_keys and (i >= 2 or all(self._has_word(t[2].lower())
                                                             for t in run.tokens[:i])):
                        # "Crooked Hillary Clinton" is "Hillary Clinton"; a title-case
                        # headline "Chris Christie Calls Hillary Clinton" holds her name
                        run.tokens = run.tokens[i:]
                        first = inner[0]
                        break
                key = (first, last)
                name = self._display(run.tokens)
                idx = self._by_key.get(key)
                if idx is None:
                    idx = len(self.entities)
                    self.entities.append(Entity(name, len(run.tokens), first, last))
                    self._by_key[key] = idx
                    self._by_last.setdefault(last, []).append(idx)
                    self._by_first.setdefault(first, []).append(idx)
                else:
                    ent = self.entities[idx]
                    if len(run.tokens) > ent.ntokens:
                        ent.name, ent.ntokens = name, len(run.tokens)
                for _, _, t in run.tokens[1:-1]:
                    # "Melba Acosta Febo" ... "Ms. Acosta": a first surname in the middle
                    mid = _key(t)
                    if len(mid.rstrip(".")) > 1 and mid not in lex["particle"] and \
                            mid not in lex["suffix"] and idx not in self._by_middle.get(mid, ()):
                        self._by_middle.setdefault(mid, []).append(idx)
        # evidence for single-token persons
        for run in persons:
            if len(run.tokens) == 1 or run.tokens[0][2].lower() in lex["particle"]:
                low = _key(run.tokens[-1][2])
                if low in self._by_last or low in self._by_first or low in self._by_middle:
                    if not run.gender or self.lookup(low, run.name_start, run.gender) is not None:
                        continue
                    # "Mr. Obama" where only "Michelle Obama" is written: another person
                elif not run.titled and self.place_like(run.tokens[-1][2]):
                    continue  # "in Charlotte", "Charlotte police": a place, not a person
                if run.titled or low in lex.first_names or self._descriptors(run.start):
                    key = (low, low)
                    if key not in self._by_key:
                        idx = len(self.entities)
                        self.entities.append(Entity(self._display(run.tokens), 1, low, low))
                        self._by_key[key] = idx
                        self._by_last.setdefault(low, []).append(idx)
                        self._by_first.setdefault(low, []).append(idx)
        # a first guess at gender from given names, so that "Mr. Clinton" links to Bill
        for ent in self.entities:
            g = lex.first_names.get(ent.first)
            if g:
                ent.gender_score += 3 if g == "m" else -3
                ent.evidence = True
        # link mentions: full names and honorific mentions first, so that a bare surname
        # shared by relatives can go to the one the article mentions most
        links: list[int | None] = [None] * len(persons)
        deferred: list[int] = []
        for n, run in enumerate(persons):
            if run.gender or (len(run.tokens) >= 2 and
                              run.tokens[0][2].lower() not in lex["particle"]):
                links[n] = idx = self._link(run)
                if idx is not None:
                    self.entities[idx].mentions.append(run.name_start)
            else:
                deferred.append(n)
        for n in deferred:
            links[n] = idx = self._link(persons[n])
            if idx is not None:
                insort(self.entities[idx].mentions, persons[n].name_start)
        runs_seen: list[tuple[int, int]] = []  # (start, entity or -1): every person-like run
        for run, idx in zip(persons, links, strict=True):
            runs_seen.append((run.name_start, -1 if idx is None else idx))
            if idx is None:
                continue
            ent = self.entities[idx]
            ent.roles |= run.roles
            ent.roles |= self._descriptors(run.start)
            ent.roles |= self._apposition(run.end + (2 if run.possessive else 0))
            if run.titled or ent.roles or (len(run.tokens) == 1 and ent.ntokens > 1):
                ent.evidence = True  # a title, a role, or a surname used alone: a person
            if run.gender:
                ent.gender_score += 5 if run.gender == "m" else -5
                ent.evidence = True
            paren = run.start > 0 and text[run.start - 1] == "("
            self.mentions.append(MentionRef(run.name_start, run.name_end, idx,
                                           self.sent_of(run.name_start), run.possessive, paren))
        self.mention_starts = [m.start for m in self.mentions]
        self.by_name = {e.name: i for i, e in enumerate(self.entities)}
        self._learn_gender(runs_seen)

    def _link(self, run: _Run) -> int | None:
        """The entity a person run refers to (full name, or a surname / first name)."""
        lex = self.lex
        if len(run.tokens) >= 2 and run.tokens[0][2].lower() not in lex["particle"]:
            first, last = self._name_tokens(run.tokens)
            idx = self._by_key.get((first, last))
            return idx if idx is not None else self.lookup(last, run.name_start, run.gender)
        low = _key(run.tokens[-1][2])
        return self.lookup(low, run.name_start, run.gender)

    def _given_gender(self, idx: int) -> str | None:
        """The gender a person's written given name fixes ("Michelle Obama" -> f)."""
        ent = self.entities[idx]
        return self.lex.first_names.get(ent.first) if ent.ntokens > 1 else None

    def lookup(self, low: str, offset: int, gender: str | None) -> int | None:
        """A surname or first name -> the person it most plausibly is at ``offset``.

        An honorific's gender must agree with a written given name ("Mr. Obama" is never
        "Michelle Obama").  A bare surname shared by several people is the one the article
        mentions most, then first -- the principal; relatives are told apart by given name or
        honorific ("Cruz" is Ted Cruz, not "his wife, Heidi Cruz")."""
        cands = self._by_last.get(low) or self._by_first.get(low) or self._by_middle.get(low)
        if not cands:
            return None
        if gender:
            fit = [c for c in cands if self._given_gender(c) in (gender, None)]
            if not fit:
                return None
            cands = fit
        if len(cands) == 1:
            return cands[0]
        if gender:
            fit = [c for c in cands if self.entities[c].gender in (gender, None)]
            cands = fit or cands
        else:
            def principal(c: int) -> tuple[int, int, int]:
                ms = self.entities[c].mentions
                return (-len(ms), ms[0] if ms else 10**12, c)
            return min(cands, key=principal)
        best, best_pos = None, -1
        for c in cands:
            ms = self.entities[c].mentions
            k = bisect_left(ms, offset)
            if k and ms[k - 1] > best_pos:
                best, best_pos = c, ms[k - 1]
        if best is not None:
            return best
        # nobody mentioned before: the first one mentioned after
        return min(cands, key=lambda c: (self.entities[c].mentions or [10**12])[0])

    def _learn_gender(self, runs_seen: list[tuple[int, int]]) -> None:
        """Gendered role words, then he/she/they after a person in the same sentence.

        A pronoun votes only when every person-like name before it in its sentence is the
        same person (unindexed names such as "a viewer named Corinne" block the vote)."""
        lex = self.lex
        for ent in self.entities:
            for r in ent.roles:
                if r in lex["female_word"]:
                    ent.gender_score -= 3
                elif r in lex["male_word"]:
                    ent.gender_score += 3
        if not self.mentions:
            return
        starts = [r[0] for r in runs_seen]
        for m in _PRONOUN_RE.finditer(self.text):
            pos = m.start()
            k = self.sent_of(pos)
            lo = self.sent_starts[k]
            a, b = bisect_left(starts, lo), bisect_left(starts, pos)
            if a == b and k > 0 and m.group(1).lower() not in _THEY and \
                    self.text[self.sent_starts[k - 1]:lo].count("\n\n") == 0:
                # no one named before it in its sentence: the one person of the sentence
                # before, in the same paragraph ("Drummer Ellis Ward was blunt. In an
                # interview, he said ...")
                a = bisect_left(starts, self.sent_starts[k - 1])
            if a == b:
                continue
            ents = {runs_seen[i][1] for i in range(a, b)}
            if len(ents) != 1 or -1 in ents:
                continue
            ent = self.entities[ents.pop()]
            word = m.group(1).lower()
            if word in _HE:
                ent.votes += 1
                ent.gendered_votes += 1
            elif word in _SHE:
                ent.votes -= 1
                ent.gendered_votes += 1
            else:
                ent.they_votes += 1
            ent.evidence = True

    # ----------------------------------------------------------------- resolving


    def writers(self) -> list[tuple[int, str]]:
        """Sign-offs of letters and op-eds, (offset, name) in order: a paragraph that is only
        a person's name ("Jane Q. Public."), or a closing author line ("Jane Public is a
        professor of ...").  Built on first use."""
        if self._signoffs is not None:
            return self._signoffs
        out: list[tuple[int, str]] = []
        paras = list(_PARA_LINE_RE.finditer(self.text))
        for n, m in enumerate(paras):
            line = m.group(0).strip()
            name = None
            sm = _SIGNOFF_RE.match(line)
            if sm:
                name = sm.group(1)
            elif n >= len(paras) - 2:
                tm = _TAGLINE_RE.match(line) or _CREDIT_RE.match(line)
                if tm:  # "Jane Public is a ...", "From TITLE by Jane Public. Copyright ..."
                    name = re.split(r"(?<=\w\w)\.[ \u00a0]", tm.group(1))[0]
            if not name:
                continue
            raw = [(t.start(), t.end(), t.group(0)) for t in _TOKEN_RE.finditer(name)]
            run = self.clean(raw, sentence_initial=False) if raw else None
            if run is None or run.kind != "person" or len(run.tokens) < 2:
                continue
            idx = self.person_index([t[2] for t in run.tokens], m.start(), None)
            full = self.entities[idx].name if idx is not None else \
                " ".join(t[2] for t in run.tokens)
            out.append((m.start(), full))
        self._signoffs = out
        return out

    def producer_at(self, ds: int, de: int) -> str | None:
        """Who produced the document noun at text[ds:de]: a capitalised name before it,
        across descriptive adjectives ("the Washington Post-ABC News national poll"), or a
        "by" / "released by" phrase after it ("a report by Politico")."""
        text = self.text
        m = _DOC_BY_RE.match(text, de)
        if m:
            name = m.group(1).rstrip(".")
            name = re.sub(r"[ \u00a0]+and[ \u00a0]+the[ \u00a0]+", " and ", name)
            if name.lower() not in self.lex["nonname"]:
                return self.fullest_org(name)
        words = list(_WORD_RE.finditer(text, max(0, ds - 120), ds))
        i = len(words)
        while i and words[i - 1].group(0).lower() in _DOC_ADJ:
            i -= 1
        j = i
        while j and words[j - 1].group(0)[0].isupper() and \
                text[words[j - 1].end():words[j].start() if j < len(words) else ds].strip(
                    " \u00a0/-’'s") == "":
            j -= 1
            if words[j].group(0).lower() in self.lex["determiner_definite"] | \
                    self.lex["determiner_indefinite"]:
                j += 1
                break
        while j < i - 1 and words[j].group(0).lower() in _CALENDAR:
            j += 1  # "an early-October CBS News poll"
        if j == i or words[j].group(0).lower() in _CALENDAR:
            return None
        name = text[words[j].start():words[i - 1].end()]
        if name.endswith(_POSSESSIVE):
            name = name[:-2]
        lows = [w.group(0).lower() for w in words[j:i]]
        if all(w in self.lex["nonname"] for w in lows):
            return None
        if j < i and self.text[words[i - 1].end():ds].strip() not in ("", "’s", "'s") and \
                any(w.group(0).lower() not in _DOC_ADJ for w in words[i:]):
            return None
        return self.fullest_org(name)

    def documents_near(self, head: str, pos: int, sentences: int = 40
                       ) -> list[tuple[int, str, str]]:
        """Documents with this head noun within ``sentences`` of ``pos`` (bisected)."""
        if self._docs_by_head is None:
            by: dict[str, list[tuple[int, str, str]]] = {}
            for d in self.documents():
                by.setdefault(d[1], []).append(d)
            self._docs_by_head = {h: ([d[0] for d in ds], ds) for h, ds in by.items()}
        starts, docs = self._docs_by_head.get(head, ([], []))
        lo = self.sent_starts[max(0, self.sent_of(pos) - sentences)]
        hi_sent = self.sent_of(pos) + sentences + 1
        hi = self.sent_starts[hi_sent] if hi_sent < len(self.sent_starts) else len(self.text)
        return docs[bisect_left(starts, lo):bisect_left(starts, hi)]

    def documents(self) -> list[tuple[int, str, str]]:
        """Every document noun with a producer the article gives, in order (built on use)."""
        if self._doc_index is None:
            heads = self.lex["document"]
            out = []
            for m in _WORD_RE.finditer(self.text):
                low = m.group(0).lower()
                if low in heads:
                    prod = self.producer_at(m.start(), m.end())
                    if prod:
                        out.append((m.start(), _DOC_KIN.get(low, low), prod))
            self._doc_index = out
        return self._doc_index

    def document_name(self, words: list[str]) -> str | None:
        """"the Gallup poll" -> "Gallup"; "the American Community Survey" -> its title."""
        nonname = self.lex["nonname"]
        k = len(words) - (0 if words[-1][:1].isupper() else 1)
        j = k
        while j > 0 and words[j - 1][:1].isupper() and words[j - 1].lower() not in \
                self.lex["determiner_definite"]:
            j -= 1
        raw = words[j:k]
        while len(raw) > 1 and raw[0].endswith(_POSSESSIVE) and \
                raw[0][:-2].lower() in nonname:
            raw = raw[1:]  # "Wednesday's Quinnipiac poll", "July's Post/ABC News polling"
        name = [w[:-2] if w.endswith(_POSSESSIVE) else w for w in raw]
        skip = self.lex["function"] | self.lex["determiner_indefinite"]
        while name and name[0].lower() in nonname and name[0].lower() in skip:
            name = name[1:]
        if k == len(words) and len(name) < 2:
            return None  # "Poll", "One Tweet": the head word alone names nothing
        if all(w.lower() in _DOC_ADJ or w.lower() in nonname for w in name):
            return None  # "Exit polls", "Recent polls", "New Poll": no producer, no title
        return " ".join(name) or None

    def cut(self, core: str) -> str:
        """Drop appositions, brackets, relative clauses and post-modifiers of a common noun."""
        core = re.sub(r"\s*\([^)]*\)?", "", core)
        core = re.split(r"[ \u00a0]+[—–][ \u00a0]+", core)[0]  # "Gov. X — who is ... —"
        k = core.find(", ")
        if k > 0:
            rest = core[k + 2:]
            # keep lists of names ("Obama, Biden and Harris"); cut appositions
            is_list = re.match(rf"(?:and |or |& )?[{_UP}]", rest) and (
                " and " in rest or " & " in rest or rest.startswith(("and ", "& ")))
            if not is_list:
                core = core[:k]
        core = re.sub(r",\s*\d+\s*$", "", core)
        words = core.split()
        for i in range(1, len(words)):
            w = words[i].lower()
            before = words[i - 1]
            after_noun = before[0].islower() or (
                i == 1 and before.lower() in self.lex["determiner_indefinite"])
            if (w in _CUT_PREPS and after_noun and w not in ("and", "or")) or \
                    w in ("who", "which", "whose", "whom") or \
                    (w in _LOCATIVE and i > 0 and before[:1].isupper() and
                     before.lower().endswith("s")):  # "Republicans in Washington"
                words = words[:i]
                break
        return " ".join(words).strip(" ,;:")

    def person_index(self, name_words: list[str], offset: int, gender: str | None) -> int | None:
        """The indexed person a cleaned name is, by full name, a shorter key or a surname."""
        lex = self.lex
        lows = [_key(w) for w in name_words]
        while len(lows) > 2 and lows[-1] in lex["suffix"]:
            lows.pop()
        if len(lows) >= 2 and lows[0] not in lex["particle"]:
            for i in range(len(lows) - 1):  # "Rival Hillary Clinton" -> "Hillary Clinton"
                idx = self._by_key.get((lows[i], lows[-1]))
                if idx is not None:
                    return idx
            return None
        return self.lookup(lows[-1], offset, gender)

    def org_tail(self, phrase: str) -> str | None:
        """A capitalised organisation name ending the phrase, across "of" / "for" / "on"."""
        words = phrase.split()
        org_word = self.lex["org_word"]
        k = len(words)
        while k > 0 and (words[k - 1][:1].isupper() or words[k - 1] in _ORG_CONNECTORS):
            k -= 1
        tail = words[k:]
        while tail and (tail[0] in _ORG_CONNECTORS or tail[0] == "The"):
            tail = tail[1:]
        if not any(w in _ORG_CONNECTORS for w in tail):
            return None  # a plain run: _kind has judged it already
        if any(w.lower().strip("’'.,") in org_word for w in tail):
            return " ".join(tail)
        return None

    def org_mentions(self, name: str) -> int:
        """How often the article writes an organisation's name (headlines and possessives
        included: "The Velvet Ferns Confirm ...", "the Velvet Ferns' label")."""
        if not name:
            return 0
        hit = self._org_mentions.get(name)
        if hit is None:
            hit = self._org_mentions[name] = self.text.count(name)  # once per name
        return hit

    def fullest_org(self, name: str) -> str:
        hit = self._fullest.get(name)
        if hit is None:
            hit = self._fullest[name] = self._fullest_uncached(name)
        return hit

    def _fullest_uncached(self, name: str) -> str:
        """"the Post" -> "New York Post" when the article gives the longer form; an acronym
        the article spells out ("the HTA") -> its long form."""
        if name in self.acronyms:
            return self.acronyms[name]
        if 2 <= len(name) <= 6 and name.isupper() and name.isalpha():
            # "the AP" where the article writes "The Associated Press": by initials
            long = {o[1][4:] if o[1].lower().startswith("the ") else o[1] for o in self.orgs}
            fits = [o for o in long if _initials(o) == name]
            if len(fits) == 1:
                return fits[0]
        low = name.lower()
        best = name
        starts: set[str] = set()
        for _, org, _ in self.orgs:
            o = org[4:] if org.lower().startswith("the ") else org
            if o.split()[0].lower() in _CALENDAR:
                continue  # "October CBS News" is CBS News in October
            if len(o) > len(best) and o.lower().endswith(" " + low):
                best = o
            elif " " not in name and o.lower().startswith(low + " ") and \
                    all(w[:1].isupper() for w in o.split()[1:]):
                starts.add(o)
        if best == name and len(starts) == 1 and name[:1].isupper():
            # "Tidewater" where the article writes "Tidewater Lines" (and no other Tidewater)
            best = starts.pop()
        return best
