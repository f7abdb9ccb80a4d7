"""The optional ``belief`` kind: attributions of thought, intention and evidence.

PolNeAR annotates "he thinks", "she wants", "a poll shows" like statements, and so
does quotetrail by default (``indirect``, or ``mixed`` with quoted fragments): for a
reader tracing who is on record, "Smith believes X" is still Smith's position on X.
But it was not *said*, and a journalist quoting it as speech would be wrong, so the
distinction is available behind an option (``--beliefs``, ``beliefs=True``), as the
output contract requires of new kinds: such attributions get ``kind: "belief"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quotetrail.engine.lexicon import cognition_forms
from quotetrail.model import ArticleResult, Attribution

BELIEF = "belief"
# evidence: a document or a number "shows" rather than says
_EVIDENCE = {"show", "shows", "showed", "shown", "showing", "indicate", "indicates",
             "indicated", "indicating", "suggests", "suggested", "find", "finds", "found"}
_WORD = re.compile(r"[A-Za-z]+")


def is_belief_cue(cue_text: str, speaker_type: str | None) -> bool:
    """A cue of thinking, wanting, perceiving — or of evidence, when a document 'speaks'."""
    words = [w.lower() for w in _WORD.findall(cue_text)]
    if any(w in cognition_forms() for w in words):
        return True
    return speaker_type == "document" and any(w in _EVIDENCE for w in words)


def mark_beliefs(attributions: Iterable[Attribution]) -> list[Attribution]:
    """The same attributions, those with a belief cue relabelled ``belief``."""
    out = []
    for a in attributions:
        if a.kind != "direct" and a.cue is not None and is_belief_cue(a.cue.text, a.speaker_type):
            a.kind = BELIEF
        out.append(a)
    return out


def with_beliefs(results: Iterable[ArticleResult]) -> Iterable[ArticleResult]:
    """Apply :func:`mark_beliefs` to a stream of results (keeps it lazy)."""
    for r in results:
        r.attributions = mark_beliefs(r.attributions)
        yield r
