"""Normalised wording and word shingles: what "the same statement" is measured on.

Outlets restyle quotations: curly or straight marks, a dropped full stop, capitals in a
headline, ``it's`` for ``it’s``.  None of that changes the statement, so wording is
compared after folding case, apostrophes and quotation marks and dropping punctuation.
Near-duplicates are measured on word 3-shingles (every run of three consecutive words),
hashed to stable 64-bit integers so that they index well in SQLite and are the same in
every process (Python's ``hash`` is salted per process).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

__all__ = ["SHINGLE_WORDS", "function_word_counts", "light_words", "norm_key", "normalise",
           "prefix", "shingles",
           "stable_hash"]

#: Words per shingle: three is the usual choice for sentences (two over-matches stock
#: phrases, four makes one edited word cost too many shingles of a short quote).
SHINGLE_WORDS = 3

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")



def normalise(text: str) -> list[str]:
    """The words of ``text``: case folded, accents kept, apostrophes unified, no punctuation."""
    folded = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    return _WORD.findall(folded)


def norm_key(words: list[str]) -> str:
    """The exact-match key of a wording: its normalised words joined by single spaces."""
    return " ".join(words)


def stable_hash(value: str) -> int:
    """A signed 64-bit hash, identical in every process and every run."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


def shingles(words: list[str]) -> set[int]:
    """The distinct shingles of a wording, hashed."""
    return {stable_hash(" ".join(words[i:i + SHINGLE_WORDS]))
            for i in range(len(words) - SHINGLE_WORDS + 1)}


#: Function words: a shingle made of them ("it was the") is common in any corpus, so
#: among equally frequent shingles the prefix prefers those with content words.
_FUNCTION_WORD_LIST = """
a about after all also am an and any are as at be because been but by can could did do
does don't for from had has have he her him his i i'm if in into is it it's its just me
my no not of on or our out she so than that that's the their them then there they this
to up us was we we're were what when which who will with would you your
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())


def function_word_counts(words: list[str]) -> dict[int, int]:
    """Each shingle's number of function words: a prior on its frequency.  Its keys are
    the wording's shingles (:func:`shingles`), so indexing hashes each shingle once."""
    return {stable_hash(" ".join(words[i:i + SHINGLE_WORDS])):
            sum(w in _FUNCTION_WORDS for w in words[i:i + SHINGLE_WORDS])
            for i in range(len(words) - SHINGLE_WORDS + 1)}


def prefix(grams: set[int], size: int, df: dict[int, int], prior: dict[int, int]) -> list[int]:
    """The ``size`` rarest shingles of a wording: fewest wordings holding them, then fewest
    function words, then hash.

    Any order would keep the index exact (see :mod:`quotetrail.corpus.clusters`); the
    rarest-first order keeps the lists it probes short, whatever the corpus size.
    """
    return sorted(grams, key=lambda h: (df.get(h, 0), prior.get(h, 0), h))[:size]


_SUFFIXES = ("ing", "ed", "es", "s", "ly")


def light_words(words: list[str]) -> set[str]:
    """The content words of a wording, crudely stemmed ("getting" -> "get", "closed"
    and "close" -> "clos"): what a light rewording keeps ("If you are able to get out now" / "If you
    are capable of getting out now" share most of them).  Not a lemmatiser -- the store
    compares wordings without a language model -- but enough for inflection and swapped
    function words."""
    return {_light_stem(w) for w in words if w not in _FUNCTION_WORDS}


@lru_cache(maxsize=1 << 17)
def _light_stem(w: str) -> str:
    """One content word's crude stem (cached: a corpus has far fewer distinct words than
    wordings, and a wording is stemmed each time a batch compares it)."""
    for suffix in _SUFFIXES:
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[:-len(suffix)]
            if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "aeiouls":
                w = w[:-1]  # "getting" -> "get"
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # "close" and "closed" alike
    return w
