"""How one occurrence's wording differs from its statement's root wording.

A statement (a quote cluster) has one root wording, its fullest (the cluster record's
``text``); each occurrence says it in full, cut short, as a fragment, lightly reworded
or re-quoted.  :func:`differences` says, word by word, what an occurrence **leaves out**
of the root, what it **adds** and what it **changes**, with exact spans on both sides:
``root`` spans index the root wording, ``text`` spans index the article's text (so
``article_text[start:end] == text`` as everywhere in the contract).

Words are compared as the store compares wordings (:func:`quotetrail.corpus.text.normalise`:
case, apostrophes and quotation marks folded, punctuation dropped), so a restyled
apostrophe or a dropped full stop is no difference.  The alignment is the standard
library's :class:`difflib.SequenceMatcher` over the two word lists (``autojunk`` off:
a long quote repeats its function words, which must stay comparable).

What an occurrence's wording is: a direct quote's content, without the words inside
another speaker's quotation marks (those are a re-quote of their own, as the store
groups them); a mixed attribution's quoted fragments (the words around them are the
reporter's); an indirect one's content.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from quotetrail.corpus.requotes import inner_quotes
from quotetrail.corpus.text import normalise

__all__ = ["Token", "differences", "occurrence_parts", "segments", "tokens"]

#: A word as :func:`normalise` reads one (letters and digits, apostrophes inside), found
#: in the original text so that its offsets are the text's.
_WORD = re.compile(r"[^\W_]+(?:['’‘ʼ`´][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its offsets in the text it was read from, and its comparison key."""

    start: int
    end: int
    key: str
    part: int = 0


@lru_cache(maxsize=65_536)
def _key(word: str) -> str:
    """A word's comparison key (words repeat: a trail page reads the same ones again)."""
    return " ".join(normalise(word))


def tokens(text: str, offset: int = 0, part: int = 0) -> list[Token]:
    """The words of ``text`` with offsets (plus ``offset``) and normalised keys."""
    out = []
    for m in _WORD.finditer(text):
        key = _key(m.group())
        if key:
            out.append(Token(offset + m.start(), offset + m.end(), key, part))
    return out


@lru_cache(maxsize=64)
def _root_tokens(root: str) -> tuple[Token, ...]:
    """The root's words, read once for a whole trail page."""
    return tuple(tokens(root))


def occurrence_parts(kind: str, content: dict[str, Any], fragments: Sequence[Any] | str,
                     requote: bool = False) -> list[tuple[int, str]]:
    """The stretches of article text that are an occurrence's wording, as (start, text).

    ``content`` and ``fragments`` are the contract's spans (``fragments`` may be the
    stored JSON).  ``requote`` marks a derived re-quote row, whose content is the inner
    words already.
    """
    frs = json.loads(fragments) if isinstance(fragments, str) else list(fragments or [])
    if kind == "mixed":
        quoted = [(int(f["start"]), str(f["text"])) for f in frs if str(f["text"]).strip()]
        if quoted:
            return quoted
    start, text = int(content["start"]), str(content["text"])
    if kind != "direct" or requote:
        return [(start, text)]
    inner = inner_quotes(text)
    if not inner:
        return [(start, text)]
    parts, last = [], 0
    for s, e in inner:
        if text[last:s].strip():
            parts.append((start + last, text[last:s]))
        last = e
    if text[last:].strip():
        parts.append((start + last, text[last:]))
    return parts or [(start, text)]


def _span(text: str, toks: Sequence[Token], base: int = 0) -> dict[str, Any]:
    start, end = toks[0].start, toks[-1].end
    return {"start": start, "end": end, "text": text[start - base:end - base]}


def differences(root: str, parts: Sequence[tuple[int, str]]) -> dict[str, Any]:
    """The occurrence's wording (``parts``: (offset in the article, text) each) against
    ``root``.

    Returns ``{"same", "root_words", "words", "shared_words", "left_out", "added",
    "edits"}``: whether the words are the root's (after normalisation), how many words
    each has and how many they share (in order), how many root words the occurrence
    leaves out and how many of its own it adds, and the edits in order -- each
    ``{"op": "left_out" | "added" | "changed", "root": span | None, "text": span |
    None}``, ``root`` a span of the root wording, ``text`` one of the article text.
    A ``changed`` edit replaces root words by others (a rewording); an edit never
    spans two quoted fragments of a mixed attribution (one across them is cut in two,
    the second part ``added``).
    """
    a = _root_tokens(root)
    b = [t for i, (offset, text) in enumerate(parts) for t in tokens(text, offset, i)]
    texts = {i: (offset, text) for i, (offset, text) in enumerate(parts)}
    matcher = difflib.SequenceMatcher(a=[t.key for t in a], b=[t.key for t in b],
                                      autojunk=False)
    edits: list[dict[str, Any]] = []
    shared = left_out = added = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            shared += i2 - i1
            continue
        left_out += i2 - i1
        added += j2 - j1
        root_span = _span(root, a[i1:i2]) if i2 > i1 else None
        pieces: list[list[Token]] = []
        for t in b[j1:j2]:
            if pieces and pieces[-1][-1].part == t.part:
                pieces[-1].append(t)
            else:
                pieces.append([t])
        if not pieces:
            if j1 < len(b):
                at = b[j1].start
            elif b:  # after the last word (and the punctuation closing its stretch)
                offset, text = texts[b[-1].part]
                at = offset + len(text.rstrip())
            else:
                at = parts[0][0] if parts else 0
            edits.append({"op": "left_out", "at": at, "root": root_span, "text": None})
            continue
        for n, piece in enumerate(pieces):
            offset, text = texts[piece[0].part]
            first = n == 0 and root_span is not None
            edits.append({"op": "changed" if first else "added", "at": piece[0].start,
                          "root": root_span if first else None,
                          "text": _span(text, piece, offset)})
    return {"same": not edits, "root_words": len(a), "words": len(b),
            "shared_words": shared, "left_out": left_out, "added": added, "edits": edits}


def segments(text: str, offset: int, diff: dict[str, Any]) -> list[tuple[str, str]]:
    """``text`` (which starts at ``offset`` of the text the edits' spans index) cut into
    what a reader is shown, in order: ``("text", words as said)``, ``("added", words the
    root does not have)``, ``("left_out", root words not said here)`` and ``("replaced",
    root words)`` before the ``"added"`` words said instead.  Joined, the ``text`` and
    ``added`` pieces are ``text`` again; an edit outside it is skipped."""
    out: list[tuple[str, str]] = []
    pos, end = 0, len(text)
    for edit in diff.get("edits") or ():
        span = edit.get("text")
        at = (int(span["start"]) if span else int(edit.get("at", offset))) - offset
        stop = int(span["end"]) - offset if span else at
        if not pos <= at <= stop <= end:
            continue
        if at > pos:
            out.append(("text", text[pos:at]))
        root = (edit.get("root") or {}).get("text")
        if root:
            out.append(("replaced" if span else "left_out", root))
        if span:
            out.append(("added", text[at:stop]))
        pos = stop
    if pos < end:
        out.append(("text", text[pos:]))
    return out
