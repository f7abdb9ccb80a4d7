"""A fast rule-based sentence splitter, used only to decide what is worth parsing.

The parser draws the real sentence boundaries afterwards; this one only has to find
stretches of text that hold neither a quotation mark nor a verb of saying, so that
they can be skipped.  A missed boundary merely makes a parsed chunk longer.
"""

from __future__ import annotations

import re

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "v", "jan", "feb", "mar", "apr",
    "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "fig",
    "ft", "mt", "ave", "blvd", "e.g", "i.e", "etc", "pres", "supt", "atty", "rev", "hon",
}
# an end mark, optional closing quotes/brackets, whitespace, then a capital or opening mark
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’')\]»]*\s+(?=[\"“‘'«(\[]?[A-Z0-9])")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]`` (whitespace between dropped)."""
    out: list[tuple[int, int]] = []
    s = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        stop = m.start() + len(m.group().rstrip())
        wb = _WORD_BEFORE_RE.search(text, max(s, m.start() - 12), m.start() + 1)
        if wb is not None and m.group().startswith(".") and _is_abbreviation(wb.group(1)):
            continue
        out.append((s, stop))
        s = m.end()
    if s < end:
        out.append((s, end))
    return out


def _is_abbreviation(word: str) -> bool:
    low = word.lower()
    return low in _ABBREV or (len(word) == 1 and word.isupper())


#: A headline is at most this long: longer first lines are a lede, not a title.
HEADLINE_MAX_CHARS = 150
HEADLINE_MAX_WORDS = 20
# the first line (after leading blank space), then a blank line, then more text
_HEADLINE_RE = re.compile(r"\s*([^\r\n]*\S)[ \t]*\r?\n[ \t]*\r?\n\s*\S")


def headline_span(text: str) -> tuple[int, int] | None:
    """(start, end) of a plain text's headline, or None.

    A headline is a first paragraph that is one short line (at most
    ``HEADLINE_MAX_CHARS`` characters and ``HEADLINE_MAX_WORDS`` words, holding a
    letter) followed by a blank line and more text: the way a saved article, a wire
    story or a PolNeAR text begins.  A longer first line is the lede, and so is a short
    one that ends as a sentence ends (a period, a closing quotation mark) unless it is
    in title case: news often opens with a one-sentence paragraph.
    """
    span = first_line_span(text)
    if span is None:
        return None
    line = text[span[0]:span[1]]
    if line.endswith(_SENTENCE_ENDS) and not is_title_case(line):
        return None
    return span


def headline_text(text: str) -> str | None:
    """The headline line itself (:func:`headline_span`), as a document's title."""
    span = headline_span(text)
    return text[span[0]:span[1]] if span else None


def first_line_span(text: str) -> tuple[int, int] | None:
    """(start, end) of a short first line followed by a blank line and more text,
    however it ends: a headline, or a one-sentence lede (see :func:`headline_span`)."""
    m = _HEADLINE_RE.match(text)
    if m is None:
        return None
    line = m.group(1)
    if len(line) > HEADLINE_MAX_CHARS or len(line.split()) > HEADLINE_MAX_WORDS or \
            not any(c.isalpha() for c in line):
        return None
    return m.start(1), m.end(1)


_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "’", "'", "»")
#: A word of a headline (letters first; apostrophes and hyphens inside).
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
#: A line is in title case when at least this share of its words start with a capital.
TITLE_CASE_SHARE = 0.6


def is_title_case(line: str) -> bool:
    """Whether most of a line's words start with a capital (a title-case headline)."""
    words = TITLE_WORD_RE.findall(line)
    if len(words) < 3:
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= TITLE_CASE_SHARE
