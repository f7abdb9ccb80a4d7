"""Speaker names as the corpus sees them: the engine's name model, read for identity.

There is one name model, :mod:`quotetrail.engine.speakers.names` (nameparser-based: party
tags, possessives and honorifics stripped, suffixes such as "Jr." kept apart, nicknames
through the ``nicknames`` data).  This module only turns a resolved speaker name into the
two shapes the corpus stores:

* a :class:`Name` -- (surname, first name, initial, organisation) -- what quote groups
  and clusters compare ("could these two occurrences have one speaker?");
* a :class:`Form` -- a name with everything identity across articles depends on: for a
  person the given, middle and last names and the suffix, and for a bare surname the
  gender its article states ("Mr Smith") and the people of that surname its article
  names apart; for an organisation its folded name and whether it is an acronym.
  Forms are grouped in *buckets* (a surname; an organisation's initials) and
  :mod:`quotetrail.corpus.identity` decides which forms of a bucket are one speaker.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from quotetrail.engine.speakers.gender import given_name
from quotetrail.engine.speakers.names import (
    acronym_letters,
    fold,
    given_variant,
    org_initials,
    org_key,
    parse_person,
)

__all__ = ["Form", "Name", "compatible", "form_of", "kind_of", "parse_name", "slug"]

_NON_PERSON_TYPES = frozenset({"organisation", "group", "document"})
#: Lower-case words that may sit inside a person's name ("Ursula von der Leyen").
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "al",
                        "bin", "ben", "el", "dos", "das", "del", "della", "ter", "ten", "y",
                        "ibn"})


def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(".")


def slug(text: str) -> str:
    """A URL- and command-line-friendly identifier (``Hillary Clinton`` -> ``hillary-clinton``)."""
    return "-".join(_fold_word(w) for w in re.findall(r"[^\W_]+", text)) or "unknown"


@lru_cache(maxsize=65536)
def kind_of(raw: str, speaker_type: str | None) -> str:
    """``person``, ``org``, ``group`` or ``document``: the engine's type, else a guess.

    Stores written before the engine typed every speaker, and a ``None`` type, are read
    by the name itself: an acronym or a name holding a lower-case word (not a particle
    such as "von") is an organisation.
    """
    if speaker_type == "organisation":
        return "org"
    if speaker_type in ("group", "document"):
        return speaker_type
    if speaker_type == "person":
        return "person"
    if acronym_letters(raw):
        return "org"
    words = re.findall(r"[^\W\d_]+", raw)
    if not words or any(w[:1].islower() and w.lower() not in _PARTICLES for w in words):
        return "org"
    return "person"


@dataclass(frozen=True, slots=True)
class Name:
    """A speaker name reduced to what quote clustering compares.

    ``surname`` is empty for organisations, whose ``org`` holds the folded whole name.
    ``first`` is a full first name, ``initial`` a first initial (or the initial of
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


@lru_cache(maxsize=65536)
def _given(raw: str) -> tuple[str, tuple[str, ...], str, str]:
    """(first, middle, last, suffix) of a person's name, folded.

    Lower-case words before the name ("even Rendell", "board member Ms. Pellam") are not
    part of it.  A leading word that is no given name before one that is ("DJ Tamsin
    Reyko") is a title nameparser does not know: the given name is the next word.
    """
    words = raw.split()
    lead = 0
    while (lead < len(words) - 1 and words[lead][:1].islower()
           and words[lead].lower() not in _PARTICLES):
        lead += 1
    if lead:
        raw = " ".join(words[lead:])
    p = parse_person(raw)
    first, middle = p.first, p.middle
    lead_word = raw.split()[0] if raw.split() else ""
    title_like = lead_word.isupper() and len(lead_word) <= 3 and lead_word.isalpha()
    if (first and len(first) > 1 and middle and len(middle[0]) > 1 and title_like
            and given_name(middle[0]) is not None):
        first, middle = middle[0], middle[1:]
    return first, tuple(middle), p.last, p.suffix


@lru_cache(maxsize=65536)
def parse_name(raw: str, speaker_type: str | None = None) -> Name:
    """The clustering view of a resolved speaker name (a person's parts, or an organisation)."""
    kind = kind_of(raw, speaker_type)
    if kind != "person":
        return Name(raw=raw, org=org_key(raw) or fold(raw))
    first, _, last, _ = _given(raw)
    if not last:
        return Name(raw=raw, org=org_key(raw) or fold(raw))
    if len(first) > 1:
        return Name(raw=raw, surname=last, first=first, initial=first[0])
    return Name(raw=raw, surname=last, initial=first)


def compatible(a: Name, b: Name) -> bool:
    """Could ``a`` and ``b`` be the same speaker?  Never when two given names contradict."""
    if a.is_person != b.is_person:
        return False
    if not a.is_person:
        return a.org == b.org
    if a.surname != b.surname:
        return False
    if a.first and b.first:
        return a.first == b.first or given_variant(a.first, b.first)
    if a.initial and b.initial:
        return a.initial == b.initial
    return True


@dataclass(frozen=True, slots=True)
class Form:
    """A name as identity across articles reads it; ``key`` is its stored, unique text.

    Persons: ``first`` (a given name, an initial, or empty for a bare surname),
    ``middle``, ``last``, ``suffix``; a bare surname also carries ``gender`` (what its
    article states: "Mr Smith", "she") and ``excluded`` (the people of that surname its
    article names, whom the engine judged to be someone else).  Organisations, groups
    and documents: ``name`` (folded) and, for an acronym, ``acronym`` (its letters).
    """

    kind: str
    last: str = ""
    first: str = ""
    middle: tuple[str, ...] = ()
    suffix: str = ""
    gender: str = ""
    excluded: tuple[str, ...] = ()
    name: str = ""
    acronym: str = ""

    @property
    def key(self) -> str:
        if self.kind == "person":
            return json.dumps(["p", self.last, self.first, list(self.middle), self.suffix,
                               self.gender, list(self.excluded)], ensure_ascii=False)
        return json.dumps([self.kind[0], self.name, self.acronym], ensure_ascii=False)

    @staticmethod
    def from_key(key: str) -> Form:
        data = json.loads(key)
        if data[0] == "p":
            _, last, first, middle, suffix, gender, excluded = data
            return Form("person", last=last, first=first, middle=tuple(middle), suffix=suffix,
                        gender=gender, excluded=tuple(excluded))
        kind = {"o": "org", "g": "group", "d": "document"}[data[0]]
        return Form(kind, name=data[1], acronym=data[2])

    @property
    def bucket(self) -> str:
        """The forms this one is compared with: a surname, or an organisation's initials."""
        if self.kind == "person":
            return "p:" + self.last
        if self.kind == "org":
            letters = self.acronym or org_initials(self.name)
            if letters:
                return "oi:" + letters
        return f"{self.kind[0]}:{self.name}"

    @property
    def tier(self) -> int:
        """0 a given name, 1 an initial, 2 a bare surname (persons); 0 otherwise."""
        if self.kind != "person":
            return 0
        return 0 if len(self.first) > 1 else 1 if self.first else 2

    @property
    def tag(self) -> str:
        """A person form's given names and suffix ("hillary rodham"): what ``excluded`` lists."""
        return " ".join(p for p in (self.first, *self.middle, self.suffix) if p)


@lru_cache(maxsize=65536)
def form_of(raw: str, speaker_type: str | None, *, gender: str | None = None,
            excluded: tuple[str, ...] = ()) -> Form | None:
    """The form of one resolved speaker name; ``gender`` and ``excluded`` matter to a bare
    surname only (a full name's gender evidence is counted on its form instead)."""
    if not raw or not raw.strip():
        return None
    kind = kind_of(raw, speaker_type)
    if kind == "person":
        first, middle, last, suffix = _given(raw)
        if last:
            if first:
                return Form("person", last=last, first=first, middle=middle, suffix=suffix)
            return Form("person", last=last, suffix=suffix, gender=gender or "",
                        excluded=tuple(sorted(set(excluded))))
        kind = "org"
    name = org_key(raw) or fold(raw)
    acronym = (acronym_letters(raw) or "") if kind == "org" else ""
    return Form(kind, name=name, acronym=acronym)
