"""The shipped attribution models, loaded once per process.

``learn/models/`` holds the files :mod:`quotetrail.training.attribution` writes (``cue.npz``,
``content.npz``, ``meta.json``); ``QUOTETRAIL_MODEL_DIR`` points elsewhere, for a
model trained by the user with ``quotetrail train``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

from spacy.tokens import Token

from quotetrail.engine.draft import Draft
from quotetrail.models import files
from quotetrail.models.features import (
    Candidate,
    content_candidates,
    content_features,
    cue_features,
    is_cue_candidate,
    quoted_below,
)
from quotetrail.models.linear import LinearModel
from quotetrail.models.verifier import draft_features

CUE_FILE, CONTENT_FILE, VERIFIER_FILE, TRIGGERS_FILE, META_FILE = (
    "cue.npz", "content.npz", "verifier.npz", "triggers.txt", "meta.json")

# Default thresholds, for a model whose meta.json names none (models trained before
# thresholds were tuned on a held-back slice of train, or with ``--tune-fraction 0``):
# a token is proposed as a cue above CUE_THRESHOLD; the verifier keeps a draft built
# around a quotation above VERIFY_QUOTE_THRESHOLD and any other draft above
# VERIFY_THRESHOLD (the cue model's long tail is less reliable than the quotation
# rules, so it must convince more).  ``quotetrail train`` tunes all three on a slice of
# train it holds back (:mod:`quotetrail.training.tuning`) and writes them to meta.json.
CUE_THRESHOLD = 0.5
VERIFY_QUOTE_THRESHOLD = 0.5
VERIFY_THRESHOLD = 0.7


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the learned models' probabilities become decisions."""

    cue: float = CUE_THRESHOLD
    verify_quote: float = VERIFY_QUOTE_THRESHOLD
    verify: float = VERIFY_THRESHOLD

    @classmethod
    def from_meta(cls, meta: dict) -> Thresholds:
        """The thresholds a model's meta.json records, the defaults for any it lacks."""
        given = meta.get("thresholds") or {}
        return cls(**{k: float(v) for k, v in given.items() if k in cls.__slots__})

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    def keeps(self, how: str, probability: float) -> bool:
        """Does the verifier's ``probability`` keep a draft the rule ``how`` made?"""
        return probability >= (self.verify_quote if how.startswith("quote") else self.verify)


@dataclass(slots=True)
class AttributionModel:
    cue_model: LinearModel
    content_model: LinearModel
    meta: dict
    verifier_model: LinearModel | None = None
    # words that head cues in training: sentences holding one are worth parsing
    triggers: frozenset[str] = frozenset()
    thresholds: Thresholds = Thresholds()

    @property
    def name(self) -> str:
        return f"quotetrail-linear {self.meta.get('model_version', '?')}"

    def cues(self, doc_tokens: Sequence[Token], in_quote: Sequence[bool],
             skip: set[int]) -> list[tuple[Token, float]]:
        """Tokens the cue model takes for cue heads, with their probability."""
        cands = [t for t in doc_tokens if t.i not in skip and is_cue_candidate(t, in_quote)]
        below = quoted_below(cands[0].doc, in_quote) if cands else []
        probs = self.cue_model.probabilities([cue_features(t, in_quote, below) for t in cands])
        least = self.thresholds.cue
        return [(t, float(p)) for t, p in zip(cands, probs, strict=True) if p >= least]

    def cue_probability(self, tok: Token, in_quote: Sequence[bool]) -> float:
        """The cue model's probability for one token (a cue the rules chose)."""
        return float(self.cue_model.probabilities([cue_features(tok, in_quote)])[0])

    def best_content(self, cue: Token, in_quote: Sequence[bool]
                     ) -> tuple[Candidate, float] | None:
        """The best-scoring content candidate for ``cue``, or None when it has none."""
        cands = content_candidates(cue)
        if not cands:
            return None
        feats = [content_features(cue, c, in_quote) for c in cands]
        probs = self.content_model.probabilities(feats)
        best = int(probs.argmax())
        return cands[best], float(probs[best])


    def verify(self, text: str, drafts: Sequence[Draft]) -> list[float]:
        """The verifier's probability that each draft is an attribution (1.0 without one)."""
        if self.verifier_model is None:
            return [1.0] * len(drafts)
        probs = self.verifier_model.probabilities([draft_features(text, d) for d in drafts])
        return [float(p) for p in probs]


@lru_cache(maxsize=2)
def load_model(directory: str | None = None) -> AttributionModel:
    """The model in ``directory`` (or $QUOTETRAIL_MODEL_DIR, or the one shipped)."""
    read = files.reader(directory)
    try:
        verifier = LinearModel.from_bytes(read(VERIFIER_FILE))
    except FileNotFoundError:
        verifier = None
    try:
        triggers = frozenset(read(TRIGGERS_FILE).decode("utf-8").split())
    except FileNotFoundError:
        triggers = frozenset()
    meta = json.loads(read(META_FILE))
    return AttributionModel(
        cue_model=LinearModel.from_bytes(read(CUE_FILE)),
        content_model=LinearModel.from_bytes(read(CONTENT_FILE)),
        meta=meta,
        verifier_model=verifier,
        triggers=triggers,
        thresholds=Thresholds.from_meta(meta),
    )
