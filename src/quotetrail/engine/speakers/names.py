"""The name model: what a person's name is made of, and when two names can be one person.

One model serves the engine (linking "Mr. Trump" to "Donald J. Trump" inside an article)
and the corpus (one identity per person across articles, :mod:`quotetrail.corpus.names`).

* Parsing is ``nameparser``'s (LGPL-2.1, imported, not copied): title, first, middle,
  last, suffix.  Before it we strip what it does not know: party tags ("(D)", "(R-Ky.)",
  "(D-Miss.)"), possessives, and a leading "the".
* Given names are compared through nicknames (the Apache-2.0 ``nicknames`` data:
  "Mike" ~ "Michael", "Bill" ~ "William") and initials ("J." ~ "James").
* Two names are *compatible* (may be one person) when their surnames agree after
  folding case, accents and apostrophes, their given names do not contradict each other,
  their middle names or initials do not contradict each other, their suffixes are equal
  ("Donald Trump" is not "Donald Trump Jr."), and their genders (from honorifics or a
  clear given name) do not differ ("Mr. Smith" is not "Ms. Smith").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName

from quotetrail.engine.speakers.gender import given_name_gender, honorific_gender

__all__ = ["PersonName", "acronym_letters", "compatible", "fold", "given_forms", "given_variant",
           "honorific_genders", "org_initials", "org_key", "parse_person", "strip_party_tag"]

#: "(D)", "(R-Ky.)", "(D-Miss.)", "(I-Vt)", "(R - Texas)": a party tag after a name.
_PARTY_TAG = re.compile(
    r"\s*\(\s*(?:[DRIL]|Dem|Rep|Ind|GOP)\.?(?:\s*[-–,]\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?"
    r"\s*\)")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
#: Surname particles: "Ms. Le Pen" is a surname of two words, not a given name "Le".
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "du", "del", "della",
                        "dos", "das", "la", "le", "bin", "ibn", "al", "el", "ter", "ten"})


def fold(word: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a word or name."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(".")


def strip_party_tag(name: str) -> tuple[str, str | None]:
    """("Chokwe Antar Lumumba (D)") -> ("Chokwe Antar Lumumba", "(D)")."""
    m = _PARTY_TAG.search(name)
    if m is None:
        return name, None
    return (name[:m.start()] + name[m.end():]).strip(" ,"), m.group(0).strip()


@lru_cache(maxsize=1)
def _nicknamer():  # the package's own type
    import nicknames

    return nicknames.NickNamer()


@lru_cache(maxsize=4096)
def given_forms(first: str) -> frozenset[str]:
    """A folded given name and the formal names it may be short for ("mike" -> michael...)."""
    f = fold(first)
    if len(f) <= 1:
        return frozenset({f})
    forms = {f}
    forms.update(fold(c) for c in _nicknamer().canonicals_of(f))
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in parts (folded parts for comparison, display as written)."""

    display: str
    first: str = ""
    middle: tuple[str, ...] = ()
    last: str = ""
    suffix: str = ""
    title: str = ""
    gender: str | None = None

    @property
    def has_given(self) -> bool:
        return bool(self.first)

    @property
    def initial(self) -> str:
        return self.first[:1]

    def key(self) -> str:
        """The identity key this name alone gives: 'first last[ suffix]' or 'last'."""
        parts = [self.first, self.last] if self.first else [self.last]
        if self.suffix:
            parts.append(self.suffix)
        return " ".join(p for p in parts if p)


@lru_cache(maxsize=8192)
def parse_person(raw: str) -> PersonName:
    """Parse a person's name as an article writes it ("Rep. Tomas Ardo (D-Ore.)")."""
    text, _ = strip_party_tag(raw)
    text = _POSSESSIVE.sub("", text.strip())
    if text.lower().startswith("the "):
        text = text[4:]
    words = text.split()
    title_gender = honorific_gender(words[0]) if words else None
    if len(words) == 1:  # a bare surname (or a lone given name): the article says which
        word = words[0]
        return PersonName(display=word, last=fold(word), gender=None)
    hn = HumanName(text)
    first, last = hn.first, hn.last
    middle = tuple(fold(m) for m in hn.middle.replace(".", ". ").split() if fold(m))
    if not last and first:  # "Mr. Trump" parses as a title and a first name
        first, last = "", first
    if first and fold(first) in _PARTICLES and not hn.middle:  # "Ms. Le Pen"
        first, last = "", f"{first} {last}"
    if hn.nickname and not hn.last:
        last = hn.nickname
    suffix = fold(hn.suffix.split(",")[0]) if hn.suffix else ""
    if suffix not in _SUFFIXES:
        suffix = ""
    gender = title_gender or honorific_gender(hn.title.split()[0] if hn.title else "")
    if gender is None and first and len(fold(first)) > 1:
        gender = given_name_gender(first)
    display_words = [w for w in (hn.first, hn.middle, hn.last) if w]
    if hn.suffix and suffix:
        display_words.append(hn.suffix)
    display = " ".join(" ".join(display_words).split()) or text
    return PersonName(display=display, first=fold(first), middle=middle, last=fold(last),
                      suffix=suffix, title=hn.title, gender=gender)


def _given_compatible(a: str, b: str) -> bool:
    if not a or not b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if a == b:
        return True
    return bool(given_forms(a) & given_forms(b))


def _middle_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """No middle name or initial of one contradicts the other's at the same place."""
    for x, y in zip(a, b, strict=False):
        if x[0] != y[0] or (len(x) > 1 and len(y) > 1 and x != y):
            return False
    return True


def compatible(a: PersonName, b: PersonName) -> bool:
    """Could ``a`` and ``b`` name one person?  Never when given names or genders differ."""
    if a.last != b.last or not a.last:
        return False
    if a.suffix != b.suffix and (a.has_given and b.has_given):
        return False
    if a.gender and b.gender and a.gender != b.gender:
        return False
    if not _given_compatible(a.first, b.first):
        return False
    return _middle_compatible(a.middle, b.middle)


# -- added for the corpus (one identity per person across articles) -----------------------

#: Shortest given name that counts as the start of a longer one ("Stan" ~ "Stanley").
_MIN_SHORT_FORM = 3


def given_variant(a: str, b: str) -> bool:
    """Two different given names that may be one person's: a nickname ("Mike" ~ "Michael",
    through :func:`given_forms`) or a short form that starts the longer one ("Stan" ~
    "Stanley", "Geoff" ~ "Geoffrey").  Initials and equal names are not variants.
    """
    fa, fb = fold(a), fold(b)
    if fa == fb or len(fa) <= 1 or len(fb) <= 1:
        return False
    if given_forms(fa) & given_forms(fb):
        return True
    short, long = sorted((fa, fb), key=len)
    return len(short) >= _MIN_SHORT_FORM and long.startswith(short)


_HONORIFIC_WORD = re.compile(r"(?<![\w.])(Mr|Mrs|Ms|Miss|Mx|Mister|Sir|Dame|Lady|Lord|Madam|Mme)"
                             r"\b\.?(?=\s+(?:[A-Z]|and\b|&))")


def honorific_genders(text: str) -> set[str]:
    """Genders stated by honorifics before a capitalised word in ``text``
    ("board member Ms. Pellam" -> {"f"}; "Mr. and Mrs. Obama" -> {"m", "f"})."""
    found = set()
    for m in _HONORIFIC_WORD.finditer(text):
        g = honorific_gender(m.group(1))
        if g:
            found.add(g)
    return found


#: Words an organisation's initials skip ("Federal Bureau of Investigation" -> FBI).
_ORG_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "&",
                       "de", "du", "des", "la", "le", "y"})
_ORG_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*\.?")


_ORG_HONORIFIC = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?=[A-Z])")
_INNER_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def org_key(name: str) -> str:
    """An organisation's name as compared: folded, no leading "the", no possessives or
    honorifics ("Mrs. Clinton's campaign" -> "clinton campaign"), one space."""
    text = _POSSESSIVE.sub("", " ".join(name.split()))
    text = _INNER_POSSESSIVE.sub("", _ORG_HONORIFIC.sub("", text))
    if text.lower().startswith("the "):
        text = text[4:]
    return " ".join(fold(text).split())


def acronym_letters(name: str) -> str | None:
    """The folded letters of an acronym ("the FBI" -> "fbi", "AFL-CIO" -> "aflcio",
    "U.S." -> "us"), or None when ``name`` is not one (a lower-case letter, a space)."""
    text = _POSSESSIVE.sub("", name.strip())
    if text.lower().startswith("the "):
        text = text[4:].strip()
    if not text or any(c.isspace() for c in text) or any(c.islower() for c in text):
        return None
    letters = "".join(c for c in text if c.isalpha())
    if not 2 <= len(letters) <= 10 or not text[0].isalpha():
        return None
    if any(not (c.isalpha() or c in ".-&") for c in text):
        return None
    return fold(letters)


def org_initials(name: str) -> str | None:
    """The initials of a name of two or more significant words ("Harwick Transit Authority"
    -> "hta", "American Federation of Labor and Congress of Industrial Organizations" ->
    "aflcio"); an all-capital word gives all its letters.  None for a one-word name."""
    words = [w for w in _ORG_WORD.findall(_POSSESSIVE.sub("", name)) if fold(w) not in _ORG_SKIP]
    if len(words) < 2:
        return None
    out = []
    for w in words:
        letters = "".join(c for c in w if c.isalpha())
        if not letters:
            return None
        out.append(letters if letters.isupper() and len(letters) > 1 else letters[0])
    return fold("".join(out))
