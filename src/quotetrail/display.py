"""How an attribution's content is shown to a reader: the speaker's words apart from the
article's paraphrase.

A reader who copies from a page or a table must never take paraphrase for the speaker's
words.  Only what stands inside the article's own quotation marks is verbatim:

* a ``direct`` content is the words inside the marks: verbatim as a whole;
* a ``mixed`` content is a reported clause holding quoted fragments: the fragments are
  verbatim, the rest is the article's paraphrase (and the article's own marks around
  the fragments are left to the presentation, so that they are never shown twice);
* an ``indirect`` content is reported speech: none of it is verbatim.

Every surface (web pages, the terminal table) builds what it shows from
:func:`content_pieces`, so the rule lives in one place.  Data formats (JSON, CSV) keep
``text[start:end]`` untouched and give the kind beside it; this module is for reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from quotetrail.engine.quotes import find_quotes

__all__ = ["Piece", "content_pieces", "quoted_text"]

#: Quotation marks an article may put around a fragment of a mixed content.
QUOTE_MARKS = "\"'“”‘’„«»‹›"
# the mark that opens a fragment (and the space inside it), at the end of the text
# before the fragment; the mark that closes one, at the start of the text after it
_OPENING = re.compile(rf"[{QUOTE_MARKS}][ \u00a0]*$")
_CLOSING = re.compile(rf"^[ \u00a0]*[{QUOTE_MARKS}]")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a content as shown: the speaker's words (``verbatim``) or paraphrase."""

    text: str
    verbatim: bool


def _field(record: Any, name: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def _span(value: Any) -> tuple[int, int, str] | None:
    if value is None:
        return None
    start, end, text = _field(value, "start"), _field(value, "end"), _field(value, "text")
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(text, str):
        return None
    return start, end, text


def _fragments_in(content_start: int, content: str,
                  fragments: Iterable[Any]) -> list[tuple[int, int]]:
    """The fragments as ``(start, end)`` offsets into ``content``, in order, kept only
    where they lie inside it, say what it says there, and do not overlap."""
    out: list[tuple[int, int]] = []
    for f in fragments:
        span = _span(f)
        if span is None:
            continue
        a, b = span[0] - content_start, span[1] - content_start
        if 0 <= a < b <= len(content) and content[a:b] == span[2]:
            out.append((a, b))
    out.sort()
    kept: list[tuple[int, int]] = []
    for a, b in out:
        if not kept or a >= kept[-1][1]:
            kept.append((a, b))
    return kept


def _quoted_in(content: str) -> list[tuple[int, int]]:
    """Quoted stretches of ``content`` found by the engine's own pairing of marks (for
    records that carry no fragments)."""
    return [(q.content_start, q.content_end) for q in find_quotes(content)
            if q.content_end > q.content_start]


def content_pieces(record: Any) -> list[Piece]:
    """The content of ``record`` (an attribution, its ``to_dict()``, or a stored
    occurrence) as verbatim and reported pieces, in order.

    Direct: one verbatim piece.  Indirect: one reported piece.  Mixed: the fragments
    (from the record's ``fragments``, else from the quotation marks in the content) are
    verbatim; the text between them is reported, without the article's quotation marks
    that opened or closed a fragment.  Empty pieces are left out, so a mixed content
    that is only its fragment comes back as one verbatim piece.
    """
    span = _span(_field(record, "content"))
    if span is None:
        return []
    start, _, text = span
    kind = _field(record, "kind")
    if kind == "direct":
        return [Piece(text, True)] if text else []
    if kind != "mixed":
        return [Piece(text, False)] if text else []
    quoted = _fragments_in(start, text, _field(record, "fragments") or ()) or _quoted_in(text)
    pieces: list[Piece] = []
    pos = 0
    for a, b in quoted:
        between = _OPENING.sub("", text[pos:a])
        if pos > 0:
            between = _CLOSING.sub("", between)
        if between:
            pieces.append(Piece(between, False))
        pieces.append(Piece(text[a:b], True))
        pos = b
    rest = _CLOSING.sub("", text[pos:]) if pos > 0 else text
    if rest.strip():
        pieces.append(Piece(rest, False))
    if pieces and not pieces[0].verbatim and not pieces[0].text.strip():
        pieces = pieces[1:]
    return pieces


def quoted_text(pieces: Iterable[Piece], open_mark: str = "“", close_mark: str = "”") -> str:
    """The pieces as one line of plain text: verbatim pieces inside quotation marks,
    paraphrase as it is (for terminals and other places without styles)."""
    return "".join(f"{open_mark}{p.text}{close_mark}" if p.verbatim else p.text
                   for p in pieces)
