"""Is this text English?  A stopword ratio: cheap, dependency-free, good enough for news.

The engine's lexicons and the spaCy pipeline are English; a German or Spanish page in a
crawl would only cost parse time and yield noise.  Running prose in English has about
40 % of its words among a hundred function words; other languages written in Latin
script share a few of them ("a", "in", "no") but stay below 10 %.  A language
identification model would be more exact, and a heavy dependency for one bit.
"""

from __future__ import annotations

import re

__all__ = ["MIN_WORDS", "STOPWORD_RATIO", "english_ratio", "looks_english"]

_STOPWORD_LIST = """
a about after all also an and any are as at be because been before being but by can
could did do does for from had has have he her him his how i if in into is it its just
more most my no not of on one only or other our out over said says she so some than
that the their them then there these they this those to up was we were what when which
while who will with would you your
"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())

#: Below this many words a text is too short to judge, and is let through.
MIN_WORDS = 30
#: English news prose has 0.35 to 0.5 of its words among the stopwords above.
STOPWORD_RATIO = 0.12

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def english_ratio(text: str, sample_words: int = 2000) -> tuple[float, int]:
    """Share of the first ``sample_words`` words that are English stopwords, and the count."""
    words = [m.group().lower() for _, m in zip(range(sample_words), _WORD.finditer(text),
                                               strict=False)]
    if not words:
        return 0.0, 0
    return sum(w in _STOPWORDS for w in words) / len(words), len(words)


def looks_english(text: str) -> bool:
    """True unless the text is long enough to judge and has too few English stopwords."""
    ratio, n = english_ratio(text)
    return n < MIN_WORDS or ratio >= STOPWORD_RATIO
