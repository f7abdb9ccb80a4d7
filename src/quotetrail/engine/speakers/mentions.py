"""Named-entity mentions from the statistical model, where they pay.

spaCy's entity recogniser costs about as much as the tagger and parser together, so it
reads only the sentences that matter for speakers:

* source mentions with a capitalised word (is "Pearl River" a place or a company? is
  "Obama Just Let Something Slip" a headline?);
* the first mention of each multi-word capitalised name -- the mention that introduces
  a person or an organisation, whose type then holds for its shorter mentions
  everywhere (the article index votes labels across the article) -- unless the lexicon
  types it already (a common given name opens it, or an organisation word is in it);

each read in a window of its sentence, not the whole sentence.

The recogniser of the pinned pipeline has its own token-to-vector layer, so it runs on
fresh ``Doc`` objects of those sentences alone; labels come back as article offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.language import Language

from quotetrail.engine.quotes import paragraphs
from quotetrail.engine.sentences import split_sentences

__all__ = ["EntityTagger", "entity_sentences"]

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
# two or more capitalised words in a row: a name introduced in full
_MULTI_NAME_RE = re.compile(
    rf"(?<![\w’'])[{_UP}][\w’'\-]*(?:[ \u00a0]+(?:[{_UP}]\.|[{_UP}][\w’'\-]+))+")
_LEADING = frozenset({"the", "a", "an", "in", "on", "at", "but", "and", "as", "when", "after",
                      "before", "if", "while", "this", "that", "it", "he", "she", "they", "we",
                      "i", "for", "from", "by", "with", "of", "to", "so", "yet", "or"})
_ANAPHOR_RE = re.compile(r"(?i)(?:the|its|their)\s+[a-z][\w-]*\b|it\b|they\b")
#: Characters of context the recogniser reads on each side of a name.
WINDOW = 40
# A merged window is cut when it grows past this (names packed without end, hostile text).
MAX_WINDOW_CHARS = 2_000


def entity_sentences(text: str, sources: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches worth tagging: a window around each name the lexicon cannot type.

    A name is worth the recogniser when it introduces someone (the first mention of a
    multi-word capitalised run) or when it is a source, and when nothing cheaper types
    it: a run that opens with a common given name is a person, one with an
    organisation word an organisation (:mod:`.index` decides those).  Each such name is
    read with ``WINDOW`` characters of context on either side, inside its sentence;
    overlapping windows merge.
    """
    sents: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        sents.extend(split_sentences(text, p_start, p_end))
    if not sents:
        return []
    starts = [s for s, _ in sents]
    names: list[tuple[int, int]] = []
    seen: set[str] = set()
    for m in _MULTI_NAME_RE.finditer(text):
        words = m.group(0).split()
        lead = 0
        while lead < len(words) and words[lead].lower() in _LEADING:
            lead += 1
        words = words[lead:]
        if len(words) < 2:
            continue
        key = " ".join(w.lower() for w in words)
        if key in seen or _typed_by_lexicon(words):
            continue
        seen.add(key)
        names.append((m.end() - len(" ".join(words)), m.end()))
    for start, end in sources:
        if any(c.isupper() for c in text[start:end]):
            names.append((start, end))
        if _ANAPHOR_RE.match(text, start, end):
            # "the carrier", "it", "they": the organisation they stand for is named in
            # the sentence before (often once, as a single word the lexicon cannot type)
            k = bisect_right(starts, start) - 1
            if k > 0:
                names.append(sents[k - 1])
    windows: list[tuple[int, int]] = []
    for a, b in sorted(names):
        k = bisect_right(starts, a) - 1
        if k < 0:
            continue
        s_lo, s_hi = sents[k]
        lo = max(s_lo, a - WINDOW)
        hi = min(max(s_hi, b), b + WINDOW)
        lo = _word_start(text, lo, s_lo)
        hi = _word_end(text, hi, max(s_hi, b))
        if windows and lo <= windows[-1][1]:
            if hi - windows[-1][0] <= MAX_WINDOW_CHARS:
                windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
                continue
            lo = windows[-1][1]  # a run of names without end: tag it in pieces
            if hi <= lo:
                continue
        windows.append((lo, hi))
    return windows


def _typed_by_lexicon(words: list[str]) -> bool:
    """A run the index types without the recogniser: a common given name opens it, or it
    holds an organisation word."""
    from quotetrail.engine.speakers.index import lexicon

    lex = lexicon()
    lows = [w.lower().strip(".,’'") for w in words]
    return lows[0] in lex.first_names or any(w in lex["org_word"] for w in lows)


def _word_start(text: str, pos: int, lo: int) -> int:
    while pos > lo and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _word_end(text: str, pos: int, hi: int) -> int:
    while pos < hi and not text[pos].isspace():
        pos += 1
    return pos


class EntityTagger:
    """Runs the pipeline's entity recogniser on chosen stretches of articles."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names or \
            "ner" in nlp.disabled else None

    @property
    def available(self) -> bool:
        return self.ner is not None

    def tag(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
            batch_size: int = 64) -> list[list[tuple[int, int, str]]]:
        """``(start, end, label)`` entities of each text, in its given spans only."""
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        if self.ner is None:
            return out
        jobs = [(i, a, b) for i, ss in enumerate(spans) for a, b in ss]
        docs = (self.nlp.make_doc(texts[i][a:b]) for i, a, b in jobs)
        for (i, a, _), doc in zip(jobs, self.ner.pipe(docs, batch_size=batch_size),
                                  strict=True):
            out[i].extend((a + e.start_char, a + e.end_char, e.label_) for e in doc.ents)
        return out
