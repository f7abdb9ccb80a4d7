"""The engine's intermediate type: an attribution before speakers and venues.

Its own module so that the linking rules, the learned models (:mod:`quotetrail.models`)
and training (:mod:`quotetrail.training`) can all use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Draft:
    """An attribution before speakers and venues are resolved (offsets into the article)."""

    kind: str
    content: tuple[int, int]
    fragments: list[tuple[int, int]] = field(default_factory=list)
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    sentence: tuple[int, int] = (0, 0)
    confidence: float = 0.5
    quote_ids: list[int] = field(default_factory=list)
    cue_lemma: str | None = None
    addressee: tuple[int, int] | None = None
    # what a relative-pronoun source ("signs that read …") refers to, for naming it
    source_ref: tuple[int, int] | None = None
    # which rule (or model) made it, and the learned models' probabilities: what the
    # verifier (learn/verifier.py) reads to decide whether it is an attribution at all
    how: str = ""
    p_cue: float = 0.0
    p_content: float = 0.0
