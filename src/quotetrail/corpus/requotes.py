"""Re-quotes: the words inside another speaker's quotation marks.

"Quaye told this city ‘do not wait for the water to reach your front step,’ and then
she kept the shelters locked," Prynne wrote.  Prynne's statement is his own; the words
in the inner marks are Quaye's, repeated.  The engine gives one attribution (Prynne's);
the store derives a second occurrence from it -- the inner words, credited to no one,
``requote_of`` pointing at Prynne's attribution -- which joins the statement it repeats
(an occurrence with no speaker joins the statement whose words it holds) and shows in
its trail as a re-quote by Prynne.  The outer attribution is grouped and linked without
the inner words, so that repeating someone does not make one's own statement theirs.

Derived rows are the store's, not the engine's: an article's record and exports list
only the engine's attributions.  ``rebuild`` derives them afresh from the stored ones.
"""

from __future__ import annotations

import re
import sqlite3

__all__ = ["MIN_WORDS", "derive", "inner_quotes", "without_inner_quotes"]

#: Inner quotations shorter than this many words (a scare-quoted word or two) are no
#: re-quote.
MIN_WORDS = 3
#: Single marks nested in a quotation (curly, or straight ones not inside a word, so
#: "don't" and "the kids' toys" are not quotations), or double ones nested in single.
_INNER = re.compile(r"‘(?P<a>[^‘’\n]+)’|(?<![\w'])'(?P<b>[^'\n]+?)'(?!\w)|“(?P<c>[^“”\n]+)”")
_TRAILING = " ,.;:!?—–-"


def inner_quotes(content: str) -> list[tuple[int, int]]:
    """Offsets (within ``content``) of the words inside nested quotation marks, trailing
    punctuation left out, for quotations of at least ``MIN_WORDS`` words."""
    out = []
    for m in _INNER.finditer(content):
        group = next(g for g in ("a", "b", "c") if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        while end > start and content[end - 1] in _TRAILING:
            end -= 1
        while start < end and content[start] == " ":
            start += 1
        if len(content[start:end].split()) >= MIN_WORDS:
            out.append((start, end))
    return out


def without_inner_quotes(content: str) -> str:
    """The content with the re-quoted words taken out (what its own statement says)."""
    spans = inner_quotes(content)
    if not spans:
        return content
    parts, last = [], 0
    for start, end in spans:
        parts.append(content[last:start])
        last = end
    parts.append(content[last:])
    return " … ".join(p for p in parts if p.strip())


def derive(conn: sqlite3.Connection, outer: int) -> list[int]:
    """Store the re-quotes inside attribution ``outer`` (a direct one); their rowids."""
    row = conn.execute("SELECT article, idx, key, kind, content_start, content, confidence "
                       "FROM attributions WHERE rowid = ?", (outer,)).fetchone()
    if row is None or row[3] != "direct":
        return []
    article, idx, key, _kind, start, content, confidence = row
    out = []
    for n, (s, e) in enumerate(inner_quotes(content), 1):
        cur = conn.execute(
            "INSERT INTO attributions (article, idx, key, kind, content_start, content_end, "
            "content, fragments, speakers, confidence, grp, requote_of) "
            "VALUES (?, ?, ?, 'direct', ?, ?, ?, '[]', '[]', ?, 0, ?)",
            (article, idx, f"{key}:q{n}", start + s, start + e, content[s:e], confidence,
             outer))
        out.append(int(cur.lastrowid or 0))
    return out
