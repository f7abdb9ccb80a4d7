"""Cue lexicons: verbs of saying and writing (and of belief), with all their word forms.

The engine skips spaCy's lemmatizer for speed, so the lexicon carries the inflected
forms itself: regular ones are generated here, irregular ones are listed in
``data/cues_irregular.txt``.  A generous lexicon costs nothing at run time (a set
lookup) and decides which paragraphs are worth parsing at all.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_VOWELS = set("aeiou")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]*")
#: Personal pronouns that can stand as a source ("he said").
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it"})


def _lines(name: str) -> list[str]:
    raw = resources.files("quotetrail.engine").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


def _regular_forms(lemma: str) -> set[str]:
    """Third person, past and -ing forms of a regular verb (over-generating is harmless)."""
    forms = {lemma}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms.update({lemma + "d", lemma[:-1] + "ing"})
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms.update({lemma[:-1] + "ied", lemma + "ing"})
    else:
        forms.update({lemma + "ed", lemma + "ing"})
        cvc = (len(lemma) >= 3 and lemma[-1] not in _VOWELS | set("wxy")
               and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS)
        if cvc:
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return forms


def _build(names: tuple[str, ...]) -> dict[str, str]:
    irregular: dict[str, list[str]] = {}
    for line in _lines("cues_irregular.txt"):
        lemma, _, forms = line.partition("\t")
        irregular[lemma.strip()] = forms.split()
    out: dict[str, str] = {}
    for name in names:
        for lemma in _lines(name):
            forms = {lemma, *irregular[lemma]} if lemma in irregular else _regular_forms(lemma)
            for form in forms:
                out.setdefault(form, lemma)
    return out


@cache
def speech_forms() -> dict[str, str]:
    """Word form (lower case) -> lemma, for verbs of saying and writing."""
    return _build(("cues_speech.txt",))


@cache
def cognition_forms() -> dict[str, str]:
    """Word form (lower case) -> lemma, for verbs of belief, intention and perception."""
    return _build(("cues_cognition.txt",))


def speech_lemma(word: str) -> str | None:
    """The lemma of a speech-verb form, or None."""
    return speech_forms().get(word.lower())


def has_cue_word(text: str, start: int = 0, end: int | None = None,
                 extra: frozenset[str] = frozenset()) -> bool:
    """Does the stretch hold a verb of saying (or one of ``extra``)? Decides what to parse.

    ``extra`` is the learned model's list of words that head cues in the training
    articles (``triggers.txt``): the long tail beyond verbs of saying.
    """
    forms = speech_forms()
    stop = len(text) if end is None else end
    for m in _WORD_RE.finditer(text, start, stop):
        w = m.group().lower()
        if w in forms or w in extra:
            return True
    return False
