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
