"""Offsets, overlap measures and the matching regimes shared by every scoring step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from quotetrail import errors

Offsets = tuple[int, int]
Subset = Literal["direct", "all"]
OosPolicy = Literal["after", "before"]

SUBSETS: tuple[str, ...] = ("direct", "all")
OOS_POLICIES: tuple[str, ...] = ("after", "before")
QUOTATION_MARKS = ('"', "\u201c", "\u201d", "\u201e")
DOUBLE_APOSTROPHE = "''"
OOS_COVERAGE = 0.3  # how much of an out-of-subset gold a prediction must cover to be excused
EPSILON = 1e-9  # thresholds are compared with this slack, so 0.3 means 0.3 in floating point
METRICS = ("precision", "recall", "f1", "speaker_acc", "cue_acc")
DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 20240617
CONTEXT_CHARS = 100


class GoldFolderError(errors.UsageError):
    """The gold folder is not in PolNeAR format: the user pointed at the wrong place."""


class GoldReadError(errors.QuotetrailError):
    """A gold text or annotation file cannot be read: its offsets would mean nothing."""


class PredictionsError(errors.QuotetrailError):
    """The predictions file cannot be read at all (missing, or a line that is not JSON)."""


# -- overlap measures -------------------------------------------------------------


def _length(span: Offsets) -> int:
    return max(0, span[1] - span[0])


def _overlap(a: Offsets, b: Offsets) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def coverage(gold: Offsets, pred: Offsets) -> float:
    """Share of the gold span the prediction covers; an over-long prediction still scores 1."""
    size = _length(gold)
    return _overlap(gold, pred) / size if size else 0.0


def iou(gold: Offsets, pred: Offsets) -> float:
    """Intersection over union: penalises over-long and short predictions alike."""
    inter = _overlap(gold, pred)
    union = _length(gold) + _length(pred) - inter
    return inter / union if union else 0.0


@dataclass(frozen=True, slots=True)
class Regime:
    """One way of deciding that a predicted content is the gold content."""

    name: str
    measure: Callable[[Offsets, Offsets], float]
    threshold: float

    def score(self, gold: Offsets, pred: Offsets) -> float:
        return self.measure(gold, pred)

    def accepts(self, score: float) -> bool:
        return score >= self.threshold - EPSILON


REGIMES: tuple[Regime, ...] = (
    Regime("ggt@0.3", coverage, 0.3),
    Regime("ggt@0.8", coverage, 0.8),
    Regime("iou@0.5", iou, 0.5),
)
