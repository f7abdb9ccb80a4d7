"""Speaker names as the corpus compares them: surname, first name, or an organisation.

The engine resolves a source within its article to the fullest name the article gives,
so across articles the same person appears as "Hillary Rodham Clinton", "Hillary
Clinton", "H. Clinton" or a bare "Clinton".  Two names are *compatible* -- could be one
person -- when their surnames agree and their first names do not contradict each other
(equal, one missing, or an initial that fits).  Two different first names never are:
Hillary and Bill Clinton stay two people.  Organisations and groups are compared by
their whole name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Name", "compatible", "parse_name", "slug"]

#: Honorifics and offices that may lead a name ("Senator", "Dr."); not part of identity.
_TITLE_WORDS = """
mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father sister
brother president vice prime minister chancellor senator sen rep representative gov
governor mayor secretary judge justice gen general col colonel capt captain lt sgt
officer chief chairman chairwoman chair ceo director ambassador king queen prince
princess pope councillor councilor councilman councilwoman commissioner attorney
detective inspector coach dj saint st
"""
_TITLES = frozenset(_TITLE_WORDS.split())
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
#: Lower-case surname particles ("Ursula von der Leyen"): still a person's name.
_PARTICLE_WORDS = """
von van der den de da di du la le al bin ben el dos das del della ter ten y
"""
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
_NON_PERSON_TYPES = frozenset({"organisation", "group", "document"})
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?|[^\W\d_]\.")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(".")


def slug(text: str) -> str:
    """A URL- and command-line-friendly identifier (``Hillary Clinton`` -> ``hillary-clinton``)."""
    return "-".join(_fold(w) for w in re.findall(r"[^\W_]+", text)) or "unknown"


@dataclass(frozen=True, slots=True)
class Name:
    """A speaker name reduced to what identity depends on.

    ``surname`` is empty for organisations, whose ``org`` holds the folded whole name.
    ``first`` is a full first name, ``initial`` a first initial only (or the initial of
    ``first``), both empty for a bare surname.
    """

    raw: str = field(compare=False)
    surname: str = ""
    first: str = ""
    initial: str = ""
    org: str = ""

    def identity(self) -> tuple[str, str, str, str]:
        """What two names must share to be the same name (the raw form aside)."""
        return (self.surname, self.first, self.initial, self.org)

    @property
    def is_person(self) -> bool:
        return bool(self.surname)

    @property
    def is_full(self) -> bool:
        """A person with a first name: identity on its own."""
        return bool(self.first)

    def key(self) -> str:
        """The speaker id this name alone would have."""
        if not self.is_person:
            return slug(self.org)
        if self.first:
            return slug(f"{self.first} {self.surname}")
        if self.initial:
            return slug(f"{self.initial} {self.surname}")
        return slug(self.surname)


def parse_name(raw: str, speaker_type: str | None = None) -> Name:
    """Split a resolved speaker name into surname and first name (or an organisation)."""
    words = _TOKEN.findall(raw)
    folded = [_fold(w) for w in words]
    is_org = (speaker_type in _NON_PERSON_TYPES or not words
              or any(w[:1].islower() for w in words
                     if _fold(w) not in _TITLES and _fold(w) not in _PARTICLES))
    if is_org:
        org = " ".join(f for f in folded if f not in ("the",)) or _fold(raw) or raw
        return Name(raw=raw, org=org)
    n_titles = 0
    while n_titles < len(folded) - 1 and folded[n_titles] in _TITLES:
        n_titles += 1  # titles lead a name; "King" at the end is a surname
    core = [f for f in folded[n_titles:] if f not in _PARTICLES]
    while core and core[-1] in _SUFFIXES:
        core.pop()
    if not core:  # only a title ("the President"): treat as an organisation-like label
        return Name(raw=raw, org=" ".join(folded))
    surname = core[-1]
    if len(core) == 1:
        return Name(raw=raw, surname=surname)
    first = core[0]
    if len(first) == 1:
        return Name(raw=raw, surname=surname, initial=first)
    return Name(raw=raw, surname=surname, first=first, initial=first[0])


def compatible(a: Name, b: Name) -> bool:
    """Could ``a`` and ``b`` be the same speaker?  Never when two first names differ."""
    if a.is_person != b.is_person:
        return False
    if not a.is_person:
        return a.org == b.org
    if a.surname != b.surname:
        return False
    if a.first and b.first:
        return a.first == b.first
    if a.initial and b.initial:
        return a.initial == b.initial
    return True
