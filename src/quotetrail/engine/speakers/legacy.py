"""Who a source mention is: resolve "He", "Connor", "the mayor" to the fullest name in the article.

The engine finds the *source* of a statement as a span of the article ("He", "Connor &
Locke", "Twitter user Esme", "the White House").  This module says who that is, using
the article alone -- no NER, no model -- so that it costs next to nothing beside the
parse.  :class:`SpeakerResolver` is built once per article; building indexes every
capitalised run of words in one regex pass; :meth:`SpeakerResolver.resolve` then answers
each source in microseconds.

What the index holds
--------------------
*Names.*  A name is a run of capitalised tokens joined by single spaces, with initials
("George W. Bush"), particles between capitals ("Bill de Blasio", "Ludwig van Beethoven"),
apostrophes and hyphens inside ("James O'Neill", "Holtz-Eakin", "al-Assad") and suffixes
("Jr.").  A run is cleaned before it counts:

* leading non-name words go (sentence-initial "The", "On", "Former", "Republican", month and
  day names, and any sentence-initial word the article also writes in lower case);
  function words split a run, which keeps title-case headlines from gluing words to names;
* titles go, and are remembered as roles: everything up to the right-most title that still
  has a name after it ("NYPD Commissioner James O'Neill" -> "James O'Neill", a
  commissioner; "Secretary of State John Kerry"); honorifics give a gender (Mr. / Mrs.);
* a possessive ``'s`` is dropped ("Connor's career").

A run containing an organisation word ("Pink News", "Department of Justice"), a known
organisation ("Netflix", "NASA"), an unknown all-capitals acronym, or made only of places
("New York") is not a person.  Everything else of two or more tokens is a *full name*;
full names that share their first and last token are one person, shown by the longest form
("Paul D. Ryan" over "Paul Ryan").  A single capitalised token is a *short mention*: it is
linked to the full name whose last token (else first token) it is -- the closest preceding
full mention, else the first following one; with several people of that surname (Bill and
Hillary Clinton) the most recently mentioned one whose gender fits the honorific (a
written given name's gender must agree: "Mr. Obama" is never "Michelle Obama"), and for a
bare surname the one the article mentions most, then first (the principal, not a relative
introduced later).  Name keys fold curly and straight apostrophes.  A lone given name the
article uses mostly as a place ("in Charlotte", "Charlotte police") is not a person.  A single
token that matches no full name is a person of its own only with evidence: a title or
honorific, a role word just before it ("Twitter user Esme", "actor Kit"), or a common given
name.

*Roles.*  Each person collects role words from titles ("Mayor" -> mayor, "Sen." ->
senator), from lower-case descriptors just before the name ("actor Kit Connor",
"Republican presidential nominee Donald Trump") and from an apposition after it ("Daryl
Kimball, executive director of ...").  "the mayor" then finds its person.

*Gender*, learnt from the article first: honorifics (+-5), gendered role words (+-3),
a built-in list of common given names (+-3, ``data/speakers_first_names.txt``) and every
he/him/his or she/her/hers that follows a person in the same sentence when no other name
precedes it there (+-1 each, capped at 4).  They/their in such places count as singular-they
use of that person.

How a mention is resolved
-------------------------
1. Pronouns.  he/she (him, his, her): a compatible person named earlier in the same
   sentence; else the most recent compatible previous speaker (``previous_speakers``),
   unless a different compatible person has since been named as the first, non-possessive,
   non-parenthesised person of a sentence (a new subject takes over); else the most recent
   compatible person mention.  Unknown gender is compatible with both.  "they": a joint
   previous speaker, a previous speaker the article calls "they", or a previous speaker that
   was a group / organisation; otherwise unnamed.  "I" / "me" -> the writer who signs the
   letter or op-ed (the next name-only paragraph, or a closing "Name is a ..." line),
   outside quotation marks; else an unknown person.  "we" /
   "you" -> nothing (the antecedent lies outside the article's narration).  "it" -> the
   last organisation or document that spoke, else the last organisation named.  Relative
   "who" / "which" / "that" -> what the clause hangs on.
2. The mention is cut to its head: appositions (", executive director of ..."), brackets
   ("(R-Wis.)"), relative clauses and post-modifiers after a common noun ("attorneys for the
   family") go; "both" / "all" at its end go.
3. Joint sources ("Connor & Locke", "Mr. Grassley and Mr. Leahy", "Obama, Biden and
   Harris") resolve each part; when every part is a person the speaker is "A and B" and
   ``speakers`` lists each.  "both actors" / "the pair" / "the two" take the last joint
   previous speaker, else the last two people named.
4. A name at the end of the mention ("Republican nominee Donald Trump") -> that person, by
   the index; an organisation name -> itself without its article ("The New York Times" ->
   "New York Times"); a place (as a speaker, a government) -> organisation; "Democrats" ->
   group named "Democrats".  A name the index does not know is returned as written.
5. Otherwise the head noun decides:
   * a document word (report, statement, poll, study ...) -> ``document``, named by its
     producer ("the Gallup poll" -> "Gallup", "a report by Politico" -> "Politico"), else
     its title; "the poll" is the last poll whose producer the article named, "a new poll"
     the next one;
   * an organisation word (campaign, company, committee ...) -> ``organisation``: "the
     Clinton campaign" -> "Clinton campaign"; a bare "the committee" -> the last indexed
     organisation with that head ("Judiciary Committee"), else None;
   * a plural of people (officials, critics, sources ...) -> ``unnamed`` when bare or
     indefinite ("officials", "some Republicans"), ``group`` when definite ("the
     protesters", "her parents"): a named or identifiable collective is a group, an
     anonymous one is unnamed;
   * a singular person role: indefinite ("a spokesman", "one aide") -> ``unnamed``; definite
     ("the mayor", "the Republican nominee", "the former secretary of state") -> the person
     whose roles carry that word (synonyms folded: actress = actor, nominee = candidate,
     GOP = Republican), preferring more matching modifiers, then the most recent mention
     before the source (else the first after).  When no one carries the role, the most
     recent previous speaker *whose roles are unknown* (nothing contradicts it), else
     speaker None with type ``person`` -- a definite role noun is a person even unnamed.
     Relatives ("her mother") are a person with no name.

``speakers`` is ``[speaker]`` for one speaker, each person for a joint one and ``[]`` when
the speaker is None.  Known limits are listed in ``docs/speakers.md``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Resolution", "SpeakerResolver", "resolve_all"]

_DATA = Path(__file__).parent.parent / "data"


@dataclass(slots=True)
class Resolution:
    """Who a source mention is (see the module docstring for the rules)."""

    speaker: str | None
    speakers: list[str]
    speaker_type: str | None

    @classmethod
    def none(cls, speaker_type: str | None = None) -> Resolution:
        return cls(None, [], speaker_type)

    @classmethod
    def one(cls, name: str | None, speaker_type: str | None) -> Resolution:
        return cls(name, [name] if name else [], speaker_type)


# --------------------------------------------------------------------------- lexicons


@dataclass(slots=True, frozen=True)
class _Lexicon:
    sections: dict[str, frozenset[str]]
    titles: dict[tuple[str, ...], tuple[str | None, str | None]]  # tokens -> (role, gender)
    title_max: int
    first_names: dict[str, str]
    title_starts: frozenset[str]

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.sections[key]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
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
    first: dict[str, str] = {}
    for line in (_DATA / "speakers_first_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            g, *names = line.split()
            for n in names:
                first.setdefault(n, g)
    starts = frozenset({t[0] for t in titles} | sections["person_role"])
    return _Lexicon({k: frozenset(v) for k, v in sections.items()}, titles,
                    max(len(t) for t in titles), first, starts)


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

_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_THEY = frozenset({"they", "them", "their", "theirs", "themselves"})
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_OTHER_PERSON = frozenset({"we", "us", "our", "ours", "ourselves", "you", "your", "yours"})
_IT = frozenset({"it", "its", "itself"})
_RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
_JOINT_WORDS = frozenset({"both", "pair", "duo", "two", "couple"})
_PLACE_HEADS = frozenset({
    "street", "avenue", "road", "boulevard", "city", "county", "river", "park", "square",
    "island", "islands", "valley", "beach", "hill", "hills", "bay", "lake", "mountain",
    "mountains", "sea", "ocean", "district", "province", "region", "heights", "village"})
_ADDRESS_TITLES = frozenset({  # "Mr. President", "Madam Speaker" name no one
    "president", "speaker", "secretary", "chairman", "chairwoman", "chair", "mayor",
    "governor", "senator", "ambassador", "minister", "commissioner", "director", "justice",
    "judge", "leader", "officer", "sheriff", "chancellor", "premier"})
_GENERIC_ORG = frozenset({  # "the company" may be any organisation named just before
    "company", "firm", "business", "corporation", "organization", "organisation", "group",
    "studio", "streamer", "network", "publisher", "outlet", "platform", "charity"})
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
_DOC_ADJ = frozenset({  # lower-case words between a producer and its document
    "new", "latest", "national", "opinion", "previous", "recent", "tracking", "online",
    "annual", "final", "daily", "weekly", "monthly", "joint", "statewide", "exit", "public",
    "internal", "post-debate", "pre-debate", "first", "second", "last", "own", "nationwide",
    "early", "earlier", "another", "updated", "preliminary", "special", "quarterly"})
_DOC_KIN = {"polls": "poll", "survey": "poll", "surveys": "poll", "reports": "report",
            "studies": "study", "statements": "statement"}
_DOC_BY_RE = re.compile(
    r"[ \u00a0]+(?:(?:released|published|conducted|commissioned|issued|produced|compiled|"
    r"prepared|written|done|put[ \u00a0]out|carried[ \u00a0]out)[ \u00a0]+(?:by|from)|by)"
    rf"[ \u00a0]+(?:the[ \u00a0]+)?([{_UP}][\w’'.&/\-]*(?:[ \u00a0]+(?:(?:of|for|and|the|on|at|"
    rf"&)[ \u00a0]+)*[{_UP}][\w’'.&/\-]*)*)")
_QUALIFIED_RE = re.compile(
    rf"^([{_UP}][^,()]*?)[ \u00a0]+(?:of|from|at|with)[ \u00a0]+(?:the[ \u00a0]+)?"
    rf"([{_UP}][\w’'.\-]*(?:[ \u00a0]+[{_UP}][\w’'.\-]*)*)$")
_PARTIES = frozenset({"republican", "democratic", "libertarian", "green", "independent",
                      "labour", "conservative", "liberal", "socialist", "progressive"})
_ORG_GAPS = frozenset({" of ", " for ", " on ", " of the ", " for the ", " at the ", " & "})
_ORG_CONNECTORS = frozenset({"of", "for", "on", "and", "the", "at", "&", "to", "de", "a", "an"})
_TRAILING_DROP = frozenset({"both", "all", "each", "too", "also", "himself", "herself",
                            "themselves", "itself", "alone", "together"})
_CUT_PREPS = frozenset({"of", "for", "at", "from", "with", "in", "on", "by", "to", "over",
                        "about", "who", "which", "that", "whose", "whom", "and", "or",
                        "conducted", "including", "representing", "based", "near", "under",
                        "released", "published", "issued", "commissioned", "produced"})


# --------------------------------------------------------------------------- index types


@dataclass(slots=True)
class _Entity:
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
        score = self.gender_score + max(-4, min(4, self.votes))
        return "m" if score > 0 else "f" if score < 0 else None

    @property
    def singular_they(self) -> bool:
        return self.they_votes >= 2 and self.they_votes >= self.gendered_votes


@dataclass(slots=True)
class _Mention:
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


class SpeakerResolver:
    """Built once per article from its full text; resolves source mentions to names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lex = _lexicon()
        self._sent_starts = self._sentences(text)
        self._word_seen: dict[str, bool] = {}
        self._entities: list[_Entity] = []
        self._by_key: dict[tuple[str, str], int] = {}
        self._by_last: dict[str, list[int]] = {}
        self._by_first: dict[str, list[int]] = {}
        self._by_name: dict[str, int] = {}
        self._mentions: list[_Mention] = []
        self._mention_starts: list[int] = []
        self._orgs: list[tuple[int, str, str]] = []  # (start, name, head word lower)
        self._org_starts: list[int] = []
        self._cache: dict[str, Resolution] = {}
        self._signoffs: list[tuple[int, str]] | None = None
        self._place_cache: dict[str, bool] = {}
        self._doc_index: list[tuple[int, str, str]] | None = None  # (offset, head, producer)
        self._clean_cache: dict[tuple[tuple[str, ...], bool], tuple | None] = {}
        self._roles_canon = frozenset(_canon(r) for r in self._lex["person_role"])
        self._build()

    # ----------------------------------------------------------------- building

    def _has_word(self, word: str) -> bool:
        """Whether ``word`` occurs in the text as a whole word, exactly as written (cached)."""
        seen = self._word_seen.get(word)
        if seen is None:
            text, n, i = self.text, len(word), self.text.find(word)
            seen = False
            while i >= 0:
                before = text[i - 1] if i else " "
                after = text[i + n] if i + n < len(text) else " "
                if not (before.isalnum() or before in "’'-") and not (after.isalnum() or
                                                                      after in "’'-"):
                    seen = True
                    break
                i = text.find(word, i + 1)
            self._word_seen[word] = seen
        return seen

    def _place_like(self, word: str) -> bool:
        """Whether a lone capitalised word is used as a place: a known place, or written
        mostly as one -- "in Charlotte", "Charlotte, N.C.", "Charlotte police"."""
        if word.lower() in self._lex["place"]:
            return True
        cached = self._place_cache.get(word)
        if cached is not None:
            return cached
        text, n = self.text, len(word)
        hits = place = 0
        a = text.find(word)
        while a >= 0:
            b = a + n
            if (a == 0 or not (text[a - 1].isalnum() or text[a - 1] in "’'-")) and \
                    (b >= len(text) or not (text[b].isalnum() or text[b] in "’'-")):
                hits += 1
                after = text[b:b + 16]
                nxt = after.split(None, 1)[0].lower().strip(".,;:’'") if after.strip() else ""
                if _PLACE_BEFORE_RE.search(text, max(0, a - 12), a) or \
                        _PLACE_STATE_RE.match(after) or (after[:1] == " " and nxt in _PLACE_AFTER):
                    place += 1
            a = text.find(word, a + 1)
        self._place_cache[word] = result = place > 0 and 2 * place >= hits
        return result

    @staticmethod
    def _sentences(text: str) -> list[int]:
        # "Mr. Trump", "George W. Bush": the regex skips abbreviations and initials
        return [0, *(m.end() for m in _SENT_RE.finditer(text))]

    def _sent_of(self, offset: int) -> int:
        return bisect_right(self._sent_starts, offset) - 1

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

    def _runs(self, lo: int, hi: int) -> list[list[tuple[int, int, str]]]:
        """Raw capitalised runs in text[lo:hi], split at gaps and function words."""
        text = self.text
        function = self._lex["function"]
        runs: list[list[tuple[int, int, str]]] = []
        cur: list[tuple[int, int, str]] = []
        for m in _TOKEN_RE.finditer(text, lo, hi):
            tok = (m.start(), m.end(), m.group(0))
            low = tok[2].lower()
            if low in function and tok[2][0].isupper():
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
                runs.append(cur)
            cur = [tok]
        if cur:
            runs.append(cur)
        return runs

    def _clean(self, raw: list[tuple[int, int, str]], *, sentence_initial: bool) -> _Run | None:
        """Strip non-name words and titles from a raw run and classify what is left.

        Names recur, so the analysis is cached by the run's words and re-placed."""
        key = (tuple(t[2] for t in raw), sentence_initial)
        hit = self._clean_cache.get(key, _MISS)
        if hit is _MISS:
            run = self._clean_uncached(raw, sentence_initial=sentence_initial)
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
                        sentence_initial: bool) -> _Run | None:
        lex = self._lex
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
        kind = self._kind(toks, lows)
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

    def _kind(self, toks: list[tuple[int, int, str]], lows: list[str]) -> str:
        lex = self._lex
        if any(w in lex["org_word"] for w in lows):
            return "org"
        if len(lows) == 1:
            w = lows[0]
            if w in lex["known_org"]:
                return "org"
            if w in lex["collective"]:
                return "collective"
        if " ".join(lows) in lex["known_org"]:
            return "org"
        if all(w in lex["place"] for w in lows) or (len(lows) > 1 and lows[-1] in _PLACE_HEADS):
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
                self._lex["suffix"] | _ABBREV:
            e += 1
        return " ".join(self.text[s:e].split())

    def _name_tokens(self, toks: list[tuple[int, int, str]]) -> tuple[str, str]:
        """(first, last) lower-case keys of a name, suffixes and initials set aside."""
        suffixes = self._lex["suffix"]
        words = [_key(t) for _, _, t in toks]
        while len(words) > 1 and words[-1] in suffixes:
            words.pop()
        first = words[0]
        last = words[-1]
        return first, last

    def _descriptors(self, start: int) -> set[str]:
        """Role words written in lower case just before a name ("presidential nominee X")."""
        lex = self._lex
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
        lex = self._lex
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

    def _build(self) -> None:
        text = self.text
        lex = self._lex
        headlines = self._headline_lines()
        sent_starts = set(self._sent_starts)
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
                        run = self._clean(raw[i:j + 1], sentence_initial=False)
                        if run is not None and run.kind == "person":
                            runs.append(run)
                        break
        for a, b in pieces:
            for raw in self._runs(a, b):
                s0 = raw[0][0]
                initial = s0 in sent_starts or (s0 > 0 and text[s0 - 1] in "“\"‘'(" and
                                                (s0 - 1) in sent_starts)
                run = self._clean(raw, sentence_initial=initial)
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
        # organisations (capitalised, and "Clinton campaign" style lower-case heads)
        org_nouns = lex["org_noun"]
        for run in runs:
            if run.kind == "org":
                name = self._display(run.tokens)
                self._orgs.append((run.name_start, name, name.lower()))
            elif not run.possessive:
                m = _WORD_RE.match(text, run.name_end + 1) if text[run.name_end:run.name_end + 1] \
                    == " " else None
                if m and m.group(0) in org_nouns:
                    name = self._display(run.tokens) + " " + m.group(0)
                    self._orgs.append((run.name_start, name, name.lower()))
        self._org_starts = [o[0] for o in self._orgs]
        # full names first
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
                    idx = len(self._entities)
                    self._entities.append(_Entity(name, len(run.tokens), first, last))
                    self._by_key[key] = idx
                    self._by_last.setdefault(last, []).append(idx)
                    self._by_first.setdefault(first, []).append(idx)
                else:
                    ent = self._entities[idx]
                    if len(run.tokens) > ent.ntokens:
                        ent.name, ent.ntokens = name, len(run.tokens)
        # evidence for single-token persons
        for run in persons:
            if len(run.tokens) == 1 or run.tokens[0][2].lower() in lex["particle"]:
                low = _key(run.tokens[-1][2])
                if low in self._by_last or low in self._by_first:
                    if not run.gender or self._lookup(low, run.name_start, run.gender) is not None:
                        continue
                    # "Mr. Obama" where only "Michelle Obama" is written: another person
                elif not run.titled and self._place_like(run.tokens[-1][2]):
                    continue  # "in Charlotte", "Charlotte police": a place, not a person
                if run.titled or low in lex.first_names or self._descriptors(run.start):
                    key = (low, low)
                    if key not in self._by_key:
                        idx = len(self._entities)
                        self._entities.append(_Entity(self._display(run.tokens), 1, low, low))
                        self._by_key[key] = idx
                        self._by_last.setdefault(low, []).append(idx)
                        self._by_first.setdefault(low, []).append(idx)
        # a first guess at gender from given names, so that "Mr. Clinton" links to Bill
        for ent in self._entities:
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
                    self._entities[idx].mentions.append(run.name_start)
            else:
                deferred.append(n)
        for n in deferred:
            links[n] = idx = self._link(persons[n])
            if idx is not None:
                insort(self._entities[idx].mentions, persons[n].name_start)
        runs_seen: list[tuple[int, int]] = []  # (start, entity or -1): every person-like run
        for run, idx in zip(persons, links, strict=True):
            runs_seen.append((run.name_start, -1 if idx is None else idx))
            if idx is None:
                continue
            ent = self._entities[idx]
            ent.roles |= run.roles
            ent.roles |= self._descriptors(run.start)
            ent.roles |= self._apposition(run.end + (2 if run.possessive else 0))
            if run.titled or ent.roles or (len(run.tokens) == 1 and ent.ntokens > 1):
                ent.evidence = True  # a title, a role, or a surname used alone: a person
            if run.gender:
                ent.gender_score += 5 if run.gender == "m" else -5
                ent.evidence = True
            paren = run.start > 0 and text[run.start - 1] == "("
            self._mentions.append(_Mention(run.name_start, run.name_end, idx,
                                           self._sent_of(run.name_start), run.possessive, paren))
        self._mention_starts = [m.start for m in self._mentions]
        self._by_name = {e.name: i for i, e in enumerate(self._entities)}
        self._learn_gender(runs_seen)

    def _link(self, run: _Run) -> int | None:
        """The entity a person run refers to (full name, or a surname / first name)."""
        lex = self._lex
        if len(run.tokens) >= 2 and run.tokens[0][2].lower() not in lex["particle"]:
            first, last = self._name_tokens(run.tokens)
            idx = self._by_key.get((first, last))
            return idx if idx is not None else self._lookup(last, run.name_start, run.gender)
        low = _key(run.tokens[-1][2])
        return self._lookup(low, run.name_start, run.gender)

    def _given_gender(self, idx: int) -> str | None:
        """The gender a person's written given name fixes ("Michelle Obama" -> f)."""
        ent = self._entities[idx]
        return self._lex.first_names.get(ent.first) if ent.ntokens > 1 else None

    def _lookup(self, low: str, offset: int, gender: str | None) -> int | None:
        """A surname or first name -> the person it most plausibly is at ``offset``.

        An honorific's gender must agree with a written given name ("Mr. Obama" is never
        "Michelle Obama").  A bare surname shared by several people is the one the article
        mentions most, then first -- the principal; relatives are told apart by given name or
        honorific ("Cruz" is Ted Cruz, not "his wife, Heidi Cruz")."""
        cands = self._by_last.get(low) or self._by_first.get(low)
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
            fit = [c for c in cands if self._entities[c].gender in (gender, None)]
            cands = fit or cands
        else:
            def principal(c: int) -> tuple[int, int, int]:
                ms = self._entities[c].mentions
                return (-len(ms), ms[0] if ms else 10**12, c)
            return min(cands, key=principal)
        best, best_pos = None, -1
        for c in cands:
            ms = self._entities[c].mentions
            k = bisect_left(ms, offset)
            if k and ms[k - 1] > best_pos:
                best, best_pos = c, ms[k - 1]
        if best is not None:
            return best
        # nobody mentioned before: the first one mentioned after
        return min(cands, key=lambda c: (self._entities[c].mentions or [10**12])[0])

    def _learn_gender(self, runs_seen: list[tuple[int, int]]) -> None:
        """Gendered role words, then he/she/they after a person in the same sentence.

        A pronoun votes only when every person-like name before it in its sentence is the
        same person (unindexed names such as "a viewer named Corinne" block the vote)."""
        lex = self._lex
        for ent in self._entities:
            for r in ent.roles:
                if r in lex["female_word"]:
                    ent.gender_score -= 3
                elif r in lex["male_word"]:
                    ent.gender_score += 3
        if not self._mentions:
            return
        starts = [r[0] for r in runs_seen]
        for m in _PRONOUN_RE.finditer(self.text):
            pos = m.start()
            lo = self._sent_starts[self._sent_of(pos)]
            a, b = bisect_left(starts, lo), bisect_left(starts, pos)
            if a == b:
                continue
            ents = {runs_seen[i][1] for i in range(a, b)}
            if len(ents) != 1 or -1 in ents:
                continue
            ent = self._entities[ents.pop()]
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

    def resolve(self, source_start: int, source_end: int, *,
                previous_speakers: Sequence[tuple[int, str]] = ()) -> Resolution:
        """Resolve the mention text[source_start:source_end].

        previous_speakers: (char offset, resolved speaker name) of attributions already
        resolved earlier in the article, in document order -- the most salient antecedents
        for pronouns.
        """
        text = self.text
        source_start = max(0, min(source_start, len(text)))
        source_end = max(source_start, min(source_end, len(text)))
        raw = text[source_start:source_end]
        lead = len(raw) - len(raw.lstrip(" \t\n\"“”‘’'(,"))
        s = source_start + lead
        core = raw.strip(" \t\n\"“”‘’'(),.:;")
        if not core:
            return Resolution.none()
        prev = [(o, n) for o, n in previous_speakers if n and o <= source_end] or \
            [(o, n) for o, n in previous_speakers if n]
        low = core.lower()
        if low.endswith(_POSSESSIVE) and " " not in low:
            low = low[:-2]
        if low in _HE or low in _SHE:
            return self._pronoun("m" if low in _HE else "f", s, prev)
        if low in _THEY:
            return self._they(s, prev)
        if low in _FIRST_PERSON:
            return self._first_person(s)
        if low in _OTHER_PERSON:
            return Resolution.none()
        if low in _IT:
            return self._it(s, prev)
        if low in _RELATIVE:
            return self._relative(s, prev)
        res = self._mention(core, s, prev)
        if res.speaker and res.speaker_type:
            self._cache.setdefault(res.speaker, res)
        return res

    # pronouns ---------------------------------------------------------------

    def _person_gender(self, name: str) -> tuple[bool, str | None, _Entity | None]:
        """(is a single person?, gender, entity) for a previously resolved speaker name."""
        cached = self._cache.get(name)
        if cached is not None and (cached.speaker_type != "person" or len(cached.speakers) > 1):
            return False, None, None
        idx = self._by_name.get(name)
        if idx is not None:
            ent = self._entities[idx]
            return True, ent.gender, ent
        if cached is None:
            words = name.split()
            if " and " in name or "&" in name or any(w.lower() in self._lex["org_word"]
                                                      for w in words):
                return False, None, None
            if len(words) == 1 and (name.lower() in self._lex["known_org"] or name.isupper()):
                return False, None, None
        return True, self._lex.first_names.get(name.split()[0].lower()), None

    def _pronoun(self, gender: str, pos: int, prev: list[tuple[int, str]]) -> Resolution:
        sent = self._sent_of(pos)
        k = bisect_left(self._mention_starts, pos)
        # 1. a compatible person earlier in the same sentence
        for i in range(k - 1, -1, -1):
            m = self._mentions[i]
            if m.sent != sent:
                break
            ent = self._entities[m.entity]
            if ent.gender in (gender, None) and not m.paren and m.end <= pos:
                return Resolution.one(ent.name, "person")
        # 2. the most recent previous speaker, unless a new compatible subject took over
        speaker: tuple[int, str] | None = None
        if prev:
            off, name = prev[-1]
            single, g, _ = self._person_gender(name)
            if single and g in (gender, None):
                speaker = (off, name)
        fallback: _Entity | None = None
        for i in range(k - 1, -1, -1):
            m = self._mentions[i]
            if speaker is not None and m.start <= speaker[0]:
                break
            ent = self._entities[m.entity]
            if ent.gender not in (gender, None) or m.paren:
                continue
            if not ent.evidence and ent.gender is None:
                continue
            if speaker is None:
                fallback = ent
                break
            if ent.name == speaker[1]:
                continue
            first_in_sentence = i == 0 or self._mentions[i - 1].sent != m.sent
            if first_in_sentence and not m.possessive and m.sent != self._sent_of(speaker[0]):
                return Resolution.one(ent.name, "person")
        if speaker is not None:
            return Resolution.one(speaker[1], "person")
        if fallback is not None:
            return Resolution.one(fallback.name, "person")
        return Resolution.none("person")

    def _writers(self) -> list[tuple[int, str]]:
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
                tm = _TAGLINE_RE.match(line)
                if tm:
                    name = tm.group(1)
            if not name:
                continue
            raw = [(t.start(), t.end(), t.group(0)) for t in _TOKEN_RE.finditer(name)]
            run = self._clean(raw, sentence_initial=False) if raw else None
            if run is None or run.kind != "person" or len(run.tokens) < 2:
                continue
            idx = self._person_index([t[2] for t in run.tokens], m.start(), None)
            full = self._entities[idx].name if idx is not None else \
                " ".join(t[2] for t in run.tokens)
            out.append((m.start(), full))
        self._signoffs = out
        return out

    def _first_person(self, pos: int) -> Resolution:
        """"I" / "me" in narration: the writer who signs the letter or op-ed it is in (the
        next sign-off); inside a quotation, or with no sign-off, an unknown person."""
        writers = self._writers()
        if not writers:
            return Resolution.none("person")
        lo = self.text.rfind("\n", 0, pos) + 1
        before = self.text[lo:pos]
        if before.count("“") > before.count("”") or before.count('"') % 2:
            return Resolution.none("person")  # a quoted speaker's "I"
        k = bisect_right([w[0] for w in writers], pos)
        if k < len(writers):
            return Resolution.one(writers[k][1], "person")
        return Resolution.none("person")

    def _they(self, pos: int, prev: list[tuple[int, str]]) -> Resolution:
        if prev:
            name = prev[-1][1]
            cached = self._cache.get(name)
            if cached is not None and cached.speaker_type in ("group", "organisation"):
                return Resolution(cached.speaker, list(cached.speakers), cached.speaker_type)
            if cached is not None and len(cached.speakers) > 1:
                return Resolution(cached.speaker, list(cached.speakers), cached.speaker_type)
            idx = self._by_name.get(name)
            if idx is not None and self._entities[idx].singular_they:
                return Resolution.one(name, "person")
            if cached is None and " and " in name:
                parts = name.split(" and ")
                if all(p in self._by_name for p in parts):
                    return Resolution(name, parts, "person")
        return Resolution.none("unnamed")

    def _it(self, pos: int, prev: list[tuple[int, str]]) -> Resolution:
        if prev:
            cached = self._cache.get(prev[-1][1])
            if cached is not None and cached.speaker_type in ("organisation", "document"):
                return Resolution(cached.speaker, list(cached.speakers), cached.speaker_type)
        k = bisect_left(self._org_starts, pos)
        if k:
            return Resolution.one(self._orgs[k - 1][1], "organisation")
        return Resolution.none()

    def _relative(self, pos: int, prev: list[tuple[int, str]]) -> Resolution:
        """"who" / "which" / "that": resolve what the relative clause hangs on."""
        text = self.text
        j = pos
        lo = self._sent_starts[self._sent_of(pos)]
        while j > lo and text[j - 1] in " ,\u00a0":
            j -= 1
        if j > lo and text[j - 1] == ")":
            k = text.rfind("(", lo, j)
            if k >= 0:
                j = k
                while j > lo and text[j - 1] in " ,":
                    j -= 1
        k = bisect_left(self._mention_starts, j)
        if k and self._mentions[k - 1].end >= j - 2:
            m = self._mentions[k - 1]
            return Resolution.one(self._entities[m.entity].name, "person")
        # the noun phrase before: back to a determiner, at most five words
        words = list(_WORD_RE.finditer(text, lo, j))[-5:]
        if not words:
            return Resolution.none()
        start = words[-1].start()
        for w in reversed(words):
            start = w.start()
            lw = w.group(0).lower()
            if lw in self._lex["determiner_definite"] or lw in self._lex["determiner_indefinite"]:
                break
            if w.group(0)[0].islower() and w is not words[-1] and \
                    lw not in self._lex["person_role"] and lw not in self._lex["group_noun"]:
                start = w.end() + 1
                break
        if start >= j:
            return Resolution.none()
        return self._mention(text[start:j], start, prev)

    # noun phrases -----------------------------------------------------------

    def _mention(self, core: str, offset: int, prev: list[tuple[int, str]]) -> Resolution:
        lex = self._lex
        # "The state's campaign chairman, Phil Lovas,": the apposition is the name
        k = core.find(", ")
        if k > 0 and core[k - 1].isalpha() and core[:k].split()[-1][0].islower():
            rest = core[k + 2:].strip(" ,")
            rwords = rest.split()
            if 0 < len(rwords) <= 5 and all(w[0].isupper() or w in lex["particle"]
                                            for w in rwords):
                res = self._name(rest, offset, prev, [w.lower() for w in rwords])
                if res is not None and res.speaker_type == "person":
                    return res
        # "Rep. Jane Doe of Ohio", "Jane Doe at the National Review", "Senator from Texas":
        # a person or title qualified by a place or employer is that person
        m = _QUALIFIED_RE.match(core)
        if m and m.group(1).split()[-1][0].isupper():
            left = m.group(1)
            lw = [w.lower() for w in left.split()]
            res = self._name(left, offset, prev, lw)
            if res is not None and res.speaker_type == "person" and res.speaker and \
                    self._by_name.get(res.speaker) is not None:
                return res
            if res is None and len(lw) <= 2 and lw[-1].rstrip(".") in lex["person_role"] | {
                    t[-1] for t in lex.titles}:
                head = _canon(lw[-1].rstrip("."))
                head = next((r for t, (r, _) in lex.titles.items() if t == (lw[-1],) and r),
                            head)
                mods = [w.lower() for w in m.group(2).split()]
                res = self._role(_canon(head), mods, offset, (), strict=True)
                if res.speaker:
                    return res
        core = self._cut(core)
        if not core:
            return Resolution.none()
        words = core.split()
        while len(words) > 1 and words[-1].lower() in _TRAILING_DROP:
            words.pop()
        if len(words) > 2 and words[0].lower() == "at" and words[1].lower() in ("least", "most"):
            words = words[2:]
        # joint sources
        joint = self._joint(words, offset, prev)
        if joint is not None:
            return joint
        lows = [w.lower().strip("’'") for w in words]
        if words[-1].startswith("@") and len(words[-1]) > 1:
            return Resolution.one(words[-1], "person")  # "one Twitter user @handle"
        # a name ends the mention: "Republican nominee Donald Trump", "Connor", "NASA"
        last_word = words[-1].split("-")[-1]
        if last_word[:1].isupper() or words[-1][:1].isupper():
            res = self._name(" ".join(words), offset, prev, lows)
            if res is not None:
                return res
        # the head noun decides
        head = lows[-1]
        if head.endswith(_POSSESSIVE):
            head = head[:-2]
        det = lows[0] if len(lows) > 1 and (lows[0] in lex["determiner_definite"] or
                                            lows[0] in lex["determiner_indefinite"]) else ""
        mods = words[1 if det else 0:-1]
        possessed = any(w.endswith(_POSSESSIVE) for w in mods)
        definite = det in lex["determiner_definite"] or (possessed and not det)
        cap_mods = [w for w in mods if w[0].isupper() and w.lower() not in lex["nonname"]]
        if head in lex["document"] or " ".join(lows[-2:]) in lex["document"]:
            return self._document(words, lows, offset, det)
        if head in lex["org_noun"]:
            if cap_mods:
                noun = words[-1][:-2] if words[-1].endswith(_POSSESSIVE) else words[-1]
                return Resolution.one(" ".join(cap_mods) + " " + noun, "organisation")
            if det in lex["determiner_indefinite"] or not det:
                # "a group of doctors" is anonymous people; "another company" is no one known
                return Resolution.none("unnamed" if head == "group" else "organisation")
            if det not in ("the", "this", "that"):
                return Resolution.none("organisation")  # "his company"
            return Resolution.one(self._last_org(head, offset), "organisation")
        if any(w in _JOINT_WORDS for w in lows) and (head in lex["group_noun"] or
                                                     head in _JOINT_WORDS):
            res = self._both(head, offset, prev)
            if res is not None:
                return res
        if head in lex["group_noun"] or head in lex["collective"]:
            if definite or (cap_mods and not det):
                return Resolution.none("group")
            return Resolution.none("unnamed")
        if head in lex["kin"]:
            return Resolution.none("person")
        if head in lex["person_role"] or _canon(head) in self._roles_canon:
            if det and not definite:
                return Resolution.none("unnamed")
            role_mods = [_canon(w.lower().strip("’'")) for w in mods]
            if head in lex["anonymous"]:
                res = self._role(_canon(head), role_mods, offset, (), strict=True)
                return res if res.speaker else Resolution.none("unnamed")
            if not det and not possessed:
                return Resolution.none("unnamed")
            return self._role(_canon(head), role_mods, offset, prev, strict=possessed)
        if head in lex["determiner_indefinite"] or head in ("some", "others", "many"):
            return Resolution.none("unnamed")
        return Resolution.none()

    def _producer_at(self, ds: int, de: int) -> str | None:
        """Who produced the document noun at text[ds:de]: a capitalised name before it,
        across descriptive adjectives ("the Washington Post-ABC News national poll"), or a
        "by" / "released by" phrase after it ("a report by Politico")."""
        text = self.text
        m = _DOC_BY_RE.match(text, de)
        if m:
            name = m.group(1).rstrip(".")
            name = re.sub(r"[ \u00a0]+and[ \u00a0]+the[ \u00a0]+", " and ", name)
            if name.lower() not in self._lex["nonname"]:
                return self._fullest_org(name)
        words = list(_WORD_RE.finditer(text, max(0, ds - 120), ds))
        i = len(words)
        while i and words[i - 1].group(0).lower() in _DOC_ADJ:
            i -= 1
        j = i
        while j and words[j - 1].group(0)[0].isupper() and \
                text[words[j - 1].end():words[j].start() if j < len(words) else ds].strip(
                    " \u00a0/-’'s") == "":
            j -= 1
            if words[j].group(0).lower() in self._lex["determiner_definite"] | \
                    self._lex["determiner_indefinite"]:
                j += 1
                break
        if j == i:
            return None
        name = text[words[j].start():words[i - 1].end()]
        if name.endswith(_POSSESSIVE):
            name = name[:-2]
        lows = [w.group(0).lower() for w in words[j:i]]
        if all(w in self._lex["nonname"] for w in lows):
            return None
        if j < i and self.text[words[i - 1].end():ds].strip() not in ("", "’s", "'s") and \
                any(w.group(0).lower() not in _DOC_ADJ for w in words[i:]):
            return None
        return self._fullest_org(name)

    def _documents(self) -> list[tuple[int, str, str]]:
        """Every document noun with a producer the article gives, in order (built on use)."""
        if self._doc_index is None:
            heads = self._lex["document"]
            out = []
            for m in _WORD_RE.finditer(self.text):
                low = m.group(0).lower()
                if low in heads:
                    prod = self._producer_at(m.start(), m.end())
                    if prod:
                        out.append((m.start(), _DOC_KIN.get(low, low), prod))
            self._doc_index = out
        return self._doc_index

    def _document(self, words: list[str], lows: list[str], offset: int,
                  det: str) -> Resolution:
        """A document is named by its producer ("the Gallup poll", "a report by Politico"),
        else by its own title; "the poll" is the last poll whose producer the article
        named, and "a new poll" the next one named."""
        name = self._document_name(words)
        if name is None:
            head = _DOC_KIN.get(lows[-1].strip("’'"), lows[-1].strip("’'"))
            docs = self._documents()
            own = [d for d in docs if offset <= d[0] <= offset + len(" ".join(words)) + 2]
            if own:
                name = own[-1][2]
            elif head in ("poll", "survey", "study", "report", "analysis", "article",
                          "transcript", "data"):
                before = [d for d in docs if d[0] < offset and d[1] == head]
                after = [d for d in docs if d[0] > offset and d[1] == head and
                         self._sent_of(d[0]) - self._sent_of(offset) <= 2]
                indefinite = det in self._lex["determiner_indefinite"]
                headline = not det and words[-1][0].isupper()  # "Poll" in a headline
                if before and ((det and not indefinite) or headline):
                    name = before[-1][2]
                elif after and (indefinite or headline or (det and not before)):
                    name = after[0][2]
        return Resolution.one(name, "document")

    def _document_name(self, words: list[str]) -> str | None:
        """"the Gallup poll" -> "Gallup"; "the American Community Survey" -> its title."""
        nonname = self._lex["nonname"]
        k = len(words) - (0 if words[-1][:1].isupper() else 1)
        j = k
        while j > 0 and words[j - 1][:1].isupper() and words[j - 1].lower() not in \
                self._lex["determiner_definite"]:
            j -= 1
        name = [w[:-2] if w.endswith(_POSSESSIVE) else w for w in words[j:k]]
        skip = self._lex["function"] | self._lex["determiner_indefinite"]
        while name and name[0].lower() in nonname and name[0].lower() in skip:
            name = name[1:]
        if k == len(words) and len(name) < 2:
            return None  # "Poll", "One Tweet": the head word alone names nothing
        if all(w.lower() in _DOC_ADJ or w.lower() in nonname for w in name):
            return None  # "Exit polls", "Recent polls", "New Poll": no producer, no title
        return " ".join(name) or None

    def _cut(self, core: str) -> str:
        """Drop appositions, brackets, relative clauses and post-modifiers of a common noun."""
        core = re.sub(r"\s*\([^)]*\)?", "", core)
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
                i == 1 and before.lower() in self._lex["determiner_indefinite"])
            if (w in _CUT_PREPS and after_noun and w not in ("and", "or")) or \
                    w in ("who", "which", "whose", "whom"):
                words = words[:i]
                break
        return " ".join(words).strip(" ,;:")

    def _joint(self, words: list[str], offset: int,
               prev: list[tuple[int, str]]) -> Resolution | None:
        phrase = " ".join(words)
        parts = [p for p in re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", phrase) if p]
        if len(parts) < 2 or not all(p[0].isupper() for p in parts):
            return None
        names: list[str] = []
        for p in parts:
            res = self._name(p, offset, prev, [w.lower() for w in p.split()])
            if res is None or res.speaker_type != "person" or not res.speaker:
                return None
            if res.speaker not in names:
                names.append(res.speaker)
        if len(names) < 2:
            return Resolution.one(names[0], "person")
        return Resolution(_join_names(names), names, "person")

    def _name(self, phrase: str, offset: int, prev: list[tuple[int, str]],
              lows: list[str]) -> Resolution | None:
        """A mention that ends in a capitalised name; None when it is not one."""
        lex = self._lex
        toks = []
        for m in _TOKEN_RE.finditer(phrase):
            toks.append((m.start(), m.end(), m.group(0)))
        if not toks:
            return None
        # only the last capitalised run counts ("Republican nominee Donald Trump")
        runs: list[list[tuple[int, int, str]]] = [[toks[0]]]
        for t in toks[1:]:
            gap = phrase[runs[-1][-1][1]:t[0]]
            p = runs[-1][-1][2]
            abbrev = gap in (". ", ".") and (len(p) == 1 or p.lower() in _ABBREV)
            if (gap == " " or abbrev) and not p.endswith(_POSSESSIVE):
                runs[-1].append(t)
                continue
            runs.append([t])
        last = runs[-1]
        if phrase[last[-1][1]:].strip(" .,’'"):
            return None  # a common noun follows the name: "the Clinton campaign"
        words = [t[2] for t in last]
        low_words = [w.lower() for w in words]
        if words[-1].endswith(_POSSESSIVE):
            words[-1] = words[-1][:-2]
            low_words[-1] = low_words[-1][:-2]
        if len(words) == 1 and low_words[0] in lex["known_org"]:
            return Resolution.one(words[0], "organisation")  # "NASA", "GOP's"
        org_tail = self._org_tail(phrase)
        if org_tail:  # "the Department of Justice", unless its end is a known person
            run = self._clean(last, sentence_initial=False)
            if run is None or run.kind != "person" or self._person_index(
                    [t[2] for t in run.tokens], offset, run.gender) is None:
                org_tail = org_tail[4:] if org_tail.startswith("The ") else org_tail
                return Resolution.one(self._fullest_org(org_tail), "organisation")
        head = low_words[-1]
        if head in lex["collective"] or head.endswith("-americans"):
            det = lows[0] if len(lows) > len(words) else ""
            if det in lex["determiner_indefinite"] or low_words[0] in \
                    lex["determiner_indefinite"]:
                return Resolution.none("unnamed")  # "some Republicans", "Many Democrats"
            while len(words) > 1 and (words[0].lower() in lex["determiner_definite"] or
                                      words[0].lower() == "fellow"):
                words = words[1:]  # "Fellow Republicans" are "Republicans"
            return Resolution.one(" ".join(words), "group")
        if (head in lex["group_noun"] or head in lex["document"] or
                (len(words) == 1 and len(toks) == 1 and head in lex["person_role"])) and \
                head not in lex["org_word"] and not self._org_tail(phrase):
            return None  # "Officials", "Poll", "Black Lawmakers": a common noun, capitalised
        # clean the run as the index does (titles, non-name words)
        run = self._clean(last, sentence_initial=False)  # positions are in ``phrase``
        if run is None:
            return None  # nothing but titles / descriptors: "The President" is a role noun
        name_words = [t[2] for t in run.tokens]
        name = " ".join(name_words)
        org_tail = self._org_tail(phrase)
        if run.kind == "org" or (org_tail and run.kind == "person" and
                                 self._person_index(name_words, offset, run.gender) is None):
            name = org_tail or name
            if name.lower().startswith("the "):
                name = name[4:]
            return Resolution.one(self._fullest_org(name), "organisation")
        if run.kind == "place":
            return Resolution.one(name, "organisation")
        if run.kind == "collective":
            return Resolution.one(name, "group")
        if run.kind != "person":
            if all(len(w) == 1 for w in name_words):  # "the S.E.C.", "the I.R.S."
                a, b = last[0][0], last[-1][1]
                org = phrase[a:b]
                org = org[4:] if org.startswith(("The ", "the ")) else org
                return Resolution.one(org if org.endswith(".") else org + ".", "organisation")
            return Resolution.one(name, None)
        idx = self._person_index(name_words, offset, run.gender)
        if idx is not None:
            return Resolution.one(self._entities[idx].name, "person")
        shown = " ".join(phrase[run.tokens[0][0]:run.tokens[-1][1]].split())
        return Resolution.one(shown if len(shown.split()) == len(name_words) else name, "person")

    def _person_index(self, name_words: list[str], offset: int, gender: str | None) -> int | None:
        """The indexed person a cleaned name is, by full name, a shorter key or a surname."""
        lex = self._lex
        lows = [_key(w) for w in name_words]
        while len(lows) > 2 and lows[-1] in lex["suffix"]:
            lows.pop()
        if len(lows) >= 2 and lows[0] not in lex["particle"]:
            for i in range(len(lows) - 1):  # "Rival Hillary Clinton" -> "Hillary Clinton"
                idx = self._by_key.get((lows[i], lows[-1]))
                if idx is not None:
                    return idx
            return None
        return self._lookup(lows[-1], offset, gender)

    def _org_tail(self, phrase: str) -> str | None:
        """A capitalised organisation name ending the phrase, across "of" / "for" / "on"."""
        words = phrase.split()
        org_word = self._lex["org_word"]
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

    def _fullest_org(self, name: str) -> str:
        """"the Post" -> "New York Post" when the article gives the longer form."""
        low = name.lower()
        best = name
        for _, org, _ in self._orgs:
            o = org[4:] if org.lower().startswith("the ") else org
            if len(o) > len(best) and o.lower().endswith(" " + low):
                best = o
        return best

    def _last_org(self, head: str, offset: int) -> str | None:
        k = bisect_left(self._org_starts, offset)
        for i in range(k - 1, -1, -1):
            _, name, low = self._orgs[i]
            if head in low.split() or (head in _GENERIC_ORG and k - i <= 3):
                return name[4:] if name.lower().startswith("the ") else name
        return None

    def _role(self, head: str, mods: list[str], offset: int,
              prev: Sequence[tuple[int, str]], *, strict: bool = False) -> Resolution:
        """"the mayor", "the Republican nominee" -> the person carrying that role."""
        lex = self._lex
        mods = [m for m in mods if m not in lex["determiner_definite"] and
                m not in ("former", "then", "current", "new", "longtime")]
        best: tuple[int, int, int] | None = None
        best_ent: _Entity | None = None
        parties = {m for m in mods if m in _PARTIES}
        for ent in self._entities:
            if head not in ent.roles or (parties and ent.roles & _PARTIES - parties):
                continue
            score = sum(1 for m in mods if m in ent.roles)
            ms = ent.mentions
            k = bisect_left(ms, offset)
            recency = ms[k - 1] if k else -ms[0] if ms else -10**12
            key = (score, 1 if k else 0, recency)
            if best is None or key > best:
                best, best_ent = key, ent
        if best_ent is not None:
            return Resolution.one(best_ent.name, "person")
        if prev and not strict and self._sent_of(offset) - self._sent_of(prev[-1][0]) <= 2:
            single, _, ent = self._person_gender(prev[-1][1])
            if single and (ent is None or not (ent.roles & _PARTIES - parties)):
                return Resolution.one(prev[-1][1], "person")
        return Resolution.none("person")

    def _both(self, head: str, offset: int, prev: list[tuple[int, str]]) -> Resolution | None:
        """"both actors", "the pair": the last joint speaker, else the last two people named."""
        if prev:
            name = prev[-1][1]
            cached = self._cache.get(name)
            if cached is not None and len(cached.speakers) > 1:
                return Resolution(cached.speaker, list(cached.speakers), "person")
        role = _canon(head[:-1]) if head.endswith("s") else None
        names: list[str] = []
        k = bisect_left(self._mention_starts, offset)
        for i in range(k - 1, -1, -1):
            ent = self._entities[self._mentions[i].entity]
            if role and role in self._roles_canon and \
                    ent.roles and role not in ent.roles:
                continue
            if ent.name not in names:
                names.append(ent.name)
            if len(names) == 2:
                names.reverse()
                return Resolution(_join_names(names), names, "person")
        return None


def _join_names(names: list[str]) -> str:
    """"A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def resolve_all(text: str, spans: Sequence[tuple[int, int]]) -> list[Resolution]:
    """Resolve source spans in document order, feeding each resolution forward as context."""
    resolver = SpeakerResolver(text)
    prev: list[tuple[int, str]] = []
    out = []
    for s, e in spans:
        r = resolver.resolve(s, e, previous_speakers=prev)
        out.append(r)
        if r.speaker:
            prev.append((s, r.speaker))
    return out
