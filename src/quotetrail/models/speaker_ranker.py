"""The speaker ranking model: scores candidate speakers, calibrated to probabilities.

Files (written by :mod:`quotetrail.training.speakers`, shipped in ``data/``):
``speakers.npz`` holds the hashed linear model's weights; ``speakers.json`` the
calibration (isotonic regression fitted on out-of-fold predictions over PolNeAR train
and the team's own texts: raw probability -> probability of being right), the
abstention threshold (below it a name gives way to no name) and what the model was
trained on.  ``QUOTETRAIL_MODEL_DIR`` points at another model folder, as for the
attribution models.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from quotetrail.models import files
from quotetrail.models.linear import LinearModel

__all__ = ["RANKER_FILE", "RANKER_META", "SpeakerRanker", "load_ranker"]

RANKER_FILE, RANKER_META = "speakers.npz", "speakers.json"


@dataclass(slots=True)
class SpeakerRanker:
    model: LinearModel
    calibration_x: np.ndarray = field(default_factory=lambda: np.array([0.0, 1.0]))
    calibration_y: np.ndarray = field(default_factory=lambda: np.array([0.0, 1.0]))
    abstain: float = 0.0
    meta: dict = field(default_factory=dict)

    def probabilities(self, features: Sequence[Sequence[str]]) -> np.ndarray:
        """Softmax over one mention's candidates."""
        if not features:
            return np.zeros(0)
        z = self.model.scores(features).astype(np.float64)
        z = np.exp(z - z.max())
        return z / z.sum()

    def calibrated(self, raw: float) -> float:
        """The probability that an output with raw probability ``raw`` is right."""
        return float(np.interp(raw, self.calibration_x, self.calibration_y))


@lru_cache(maxsize=2)
def load_ranker(directory: str | None = None) -> SpeakerRanker | None:
    """The ranker in ``directory`` (or $QUOTETRAIL_MODEL_DIR, or the shipped one), if any."""
    read = files.reader(directory)
    try:
        weights, meta_raw = read(RANKER_FILE), read(RANKER_META)
    except FileNotFoundError:
        return None
    meta = json.loads(meta_raw)
    cal = meta.get("calibration", {})
    return SpeakerRanker(
        model=LinearModel.from_bytes(weights),
        calibration_x=np.asarray(cal.get("x", [0.0, 1.0]), dtype=np.float64),
        calibration_y=np.asarray(cal.get("y", [0.0, 1.0]), dtype=np.float64),
        abstain=float(meta.get("abstain", 0.0)),
        meta=meta,
    )
