"""Matching predictions to gold, per article and regime, and the figures of a count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quotetrail.evaluation.gold import GoldAttribution
from quotetrail.evaluation.predictions import Prediction
from quotetrail.evaluation.spans import EPSILON, OOS_COVERAGE, Offsets, Regime, _overlap, coverage

# -- matching ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    """What the figures are ratios of; sums over articles, publishers or resamples."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored_pred: int = 0
    speaker_ok: int = 0
    cue_ok: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                      self.ignored_pred + other.ignored_pred,
                      self.speaker_ok + other.speaker_ok, self.cue_ok + other.cue_ok)

    def as_dict(self) -> dict[str, int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "ignored_pred": self.ignored_pred,
                "speaker_ok": self.speaker_ok, "cue_ok": self.cue_ok}


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(counts: Counts) -> dict[str, Any]:
    """Precision, recall, F1, source and cue accuracy, then the counts behind them."""
    p = _ratio(counts.tp, counts.tp + counts.fp)
    r = _ratio(counts.tp, counts.tp + counts.fn)
    return {"precision": p, "recall": r, "f1": _f1(p, r),
            "speaker_acc": _ratio(counts.speaker_ok, counts.tp),
            "cue_acc": _ratio(counts.cue_ok, counts.tp), **counts.as_dict()}


def _same_role(gold: Offsets | None, pred: Offsets | None) -> bool:
    """Right when the spans share a character, or when neither side has one."""
    if gold is None or pred is None:
        return gold is None and pred is None
    return _overlap(gold, pred) >= 1


@dataclass(frozen=True, slots=True)
class Match:
    """A gold attribution and the prediction that took it."""

    gold: GoldAttribution
    pred: Prediction
    score: float
    source_ok: bool
    cue_ok: bool


@dataclass(slots=True)
class ArticleOutcome:
    """Everything that happened to one article's golds and predictions in one regime."""

    matches: list[Match] = field(default_factory=list)
    missed: list[GoldAttribution] = field(default_factory=list)
    false_positives: list[Prediction] = field(default_factory=list)
    ignored: list[Prediction] = field(default_factory=list)

    def counts(self) -> Counts:
        return Counts(tp=len(self.matches), fp=len(self.false_positives), fn=len(self.missed),
                      ignored_pred=len(self.ignored),
                      speaker_ok=sum(m.source_ok for m in self.matches),
                      cue_ok=sum(m.cue_ok for m in self.matches))


def score_article(golds: list[GoldAttribution], preds: list[Prediction], regime: Regime,
                  subset: str = "all", oos_policy: str = "after") -> ArticleOutcome:
    """Match one article's predictions to its golds (greedy, golds in content order)."""
    in_subset = [g for g in golds if subset == "all" or g.direct]
    outside = [g for g in golds if not (subset == "all" or g.direct)]

    def excused(p: Prediction) -> bool:
        return any(coverage(g.content, p.content) >= OOS_COVERAGE - EPSILON for g in outside)

    outcome = ArticleOutcome()
    candidates = list(preds)
    if oos_policy == "before":
        outcome.ignored = [p for p in candidates if excused(p)]
        candidates = [p for p in candidates if not excused(p)]
    taken = [False] * len(candidates)
    for gold in sorted(in_subset, key=lambda g: g.content):
        best, best_score = -1, -1.0
        for i, pred in enumerate(candidates):
            if taken[i]:
                continue
            score = regime.score(gold.content, pred.content)
            if regime.accepts(score) and score > best_score:  # strict: earliest wins a tie
                best, best_score = i, score
        if best < 0:
            outcome.missed.append(gold)
            continue
        taken[best] = True
        pred = candidates[best]
        outcome.matches.append(Match(gold, pred, best_score, _same_role(gold.source, pred.source),
                                     _same_role(gold.cue, pred.cue)))
    for pred, used in zip(candidates, taken, strict=True):
        if used:
            continue
        if oos_policy == "after" and excused(pred):
            outcome.ignored.append(pred)
        else:
            outcome.false_positives.append(pred)
    return outcome
