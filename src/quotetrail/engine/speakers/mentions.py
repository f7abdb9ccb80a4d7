"""Named-entity mentions from the statistical model, where they pay.

spaCy's entity recogniser costs about as much as the tagger and parser together, so it
reads only the sentences that matter for speakers:

* every sentence holding a source mention (is "Pearl River" a place or a company? is
  "Obama Just Let Something Slip" a headline?);
* every sentence where a multi-word capitalised name appears for the first time -- the
  mention that introduces a person or an organisation, whose type then holds for its
  shorter mentions everywhere (the article index votes labels across the article).

The recogniser of the pinned pipeline has its own token-to-vector layer, so it runs on
fresh ``Doc`` objects of those sentences alone; labels come back as article offsets.
"""

from __future__ import annotations

import re
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
MAX_SENTENCE_CHARS = 1_000


def entity_sentences(text: str, sources: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences worth tagging: those holding a source, and each name's first full mention."""
    sents: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        sents.extend(split_sentences(text, p_start, p_end))
    if not sents:
        return []
    starts = [s for s, _ in sents]
    wanted: set[int] = set()

    def sentence_at(pos: int) -> int:
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    for start, _ in sources:
        k = sentence_at(start)
        if k >= 0:
            wanted.add(k)
    seen: set[str] = set()
    for m in _MULTI_NAME_RE.finditer(text):
        words = m.group(0).split()
        while words and words[0].lower() in _LEADING:
            words = words[1:]
        if len(words) < 2:
            continue
        key = " ".join(w.lower() for w in words)
        if key in seen:
            continue
        seen.add(key)
        k = sentence_at(m.start())
        if k >= 0:
            wanted.add(k)
    out = []
    for k in sorted(wanted):
        a, b = sents[k]
        if b - a > MAX_SENTENCE_CHARS:
            b = a + MAX_SENTENCE_CHARS
        out.append((a, b))
    return out


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
