"""Gender evidence for person names: given names, honorifics and gendered role words.

Given names come from public name statistics (``data/first_names.tsv.gz``, built by
``scripts/build_first_names.py`` from the MIT-licensed ``nomquamgender`` data), not from a
hand-made list: each name carries the share of its bearers who are women and how many
people that share rests on.  A name counts as gendered only when the share is clear
(``CLEAR``) and rests on enough people; "Jordan", "Kit" or "Leslie" stay unknown unless the
article itself shows the person's gender (an honorific, a pronoun).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["GivenName", "given_name", "given_name_gender", "honorific_gender"]

#: A share of women at or beyond these bounds is a clear gender.
CLEAR = 0.1
#: ... when at least this many bearers stand behind it.
MIN_PEOPLE = 1000

_HONORIFICS = {
    "mr": "m", "mister": "m", "sir": "m", "lord": "m", "mssrs": "m", "messrs": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "madame": "f", "dame": "f", "lady": "f",
    "mme": "f", "mlle": "f",
}


@dataclass(frozen=True, slots=True)
class GivenName:
    """What the statistics say of a given name."""

    p_female: float
    people: int

    @property
    def gender(self) -> str | None:
        if self.people < MIN_PEOPLE:
            return None
        if self.p_female >= 1 - CLEAR:
            return "f"
        if self.p_female <= CLEAR:
            return "m"
        return None


@lru_cache(maxsize=1)
def _table() -> dict[str, GivenName]:
    raw = resources.files("quotetrail.engine").joinpath("data", "first_names.tsv.gz").read_bytes()
    table: dict[str, GivenName] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, p, people = line.split("\t")
        table[name] = GivenName(float(p), int(people))
    return table


def _fold(word: str) -> str:
    return word.lower().replace("’", "'").strip(".")


def given_name(word: str) -> GivenName | None:
    """The statistics of ``word`` as a given name, or None when it is not a known one."""
    return _table().get(_fold(word))


def given_name_gender(word: str) -> str | None:
    """``"m"``, ``"f"`` or None (unknown or ambiguous) for a given name."""
    g = given_name(word)
    return g.gender if g is not None else None


def honorific_gender(word: str) -> str | None:
    """The gender an honorific states ("Mr." -> m, "Ms" -> f), else None."""
    return _HONORIFICS.get(_fold(word))
