"""A hashed-feature logistic regression: small, fast, and trained with numpy alone.

Why not a neural head on the parser's tok2vec: the decisions learned here (is this a
cue, which candidate is the content) are about syntax the parser already exposes,
and a linear model over parse features trains in seconds, predicts in microseconds,
ships as a ~1 MB file, and needs no dependency beyond numpy (which spaCy brings).

Feature strings are hashed with CRC-32 (stable across processes and Python versions,
unlike ``hash``) into ``2**bits`` weights.  Training is AdaGrad on the logistic loss
with L2 regularisation, over shuffled examples, from a fixed seed: the same data give
the same weights.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DEFAULT_BITS = 19


def hash_features(features: Sequence[str], bits: int) -> np.ndarray:
    """Indices of ``features`` in a weight vector of ``2**bits``."""
    mask = (1 << bits) - 1
    # one C-level pass over the memo; only strings not seen before go through _crc
    found = list(map(_CRC_CACHE.get, features))
    if None in found:
        found = [h if h is not None else _crc(f) for h, f in zip(found, features, strict=True)]
    return np.array(found, dtype=np.int64) & mask


_CRC_CACHE: dict[str, int] = {}
_CRC_CACHE_MAX = 500_000


def _crc(feature: str) -> int:
    """CRC-32 of a feature string, memoised: the same few thousand strings recur."""
    h = _CRC_CACHE.get(feature)
    if h is None:
        h = zlib.crc32(feature.encode("utf-8"))
        if len(_CRC_CACHE) < _CRC_CACHE_MAX:
            _CRC_CACHE[feature] = h
    return h


class LinearModel:
    """Logistic regression over hashed string features."""

    def __init__(self, weights: np.ndarray, bits: int) -> None:
        self.weights = weights.astype(np.float32)
        self.bits = bits

    # -- inference ---------------------------------------------------------------------

    def score(self, features: Sequence[str]) -> float:
        """The logit for one example."""
        return float(self.weights[hash_features(features, self.bits)].sum())

    def probability(self, features: Sequence[str]) -> float:
        return float(1.0 / (1.0 + np.exp(-self.score(features))))

    def scores(self, examples: Sequence[Sequence[str]]) -> np.ndarray:
        """Logits for many examples at once (one hashing pass, one gather)."""
        if not examples:
            return np.zeros(0, dtype=np.float32)
        lengths = np.fromiter((len(e) for e in examples), dtype=np.int64, count=len(examples))
        flat = hash_features([f for e in examples for f in e], self.bits)
        return np.add.reduceat(self.weights[flat], np.r_[0, np.cumsum(lengths)[:-1]])

    def probabilities(self, examples: Sequence[Sequence[str]]) -> np.ndarray:
        """Probabilities for many examples at once (one hashing pass, one gather)."""
        if not examples:
            return np.zeros(0, dtype=np.float32)
        lengths = np.fromiter((len(e) for e in examples), dtype=np.int64, count=len(examples))
        flat = hash_features([f for e in examples for f in e], self.bits)
        sums = np.add.reduceat(self.weights[flat], np.r_[0, np.cumsum(lengths)[:-1]])
        return 1.0 / (1.0 + np.exp(-sums))

    # -- persistence ---------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez_compressed(buf, weights=self.weights.astype(np.float16),
                            bits=np.array([self.bits]))
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LinearModel:
        with np.load(io.BytesIO(data)) as z:
            return cls(z["weights"].astype(np.float32), int(z["bits"][0]))

    def save(self, path: Path) -> None:
        path.write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls.from_bytes(path.read_bytes())

    # -- training ------------------------------------------------------------------------

    @classmethod
    def train(cls, examples: Sequence[Sequence[str]], labels: Sequence[bool], *,
              bits: int = DEFAULT_BITS, epochs: int = 6, rate: float = 0.3,
              l2: float = 1e-6, positive_weight: float = 1.0, seed: int = 13) -> LinearModel:
        """Fit by AdaGrad on the logistic loss; deterministic for a given ``seed``."""
        n = len(examples)
        lengths = np.fromiter((len(e) for e in examples), dtype=np.int64, count=n)
        offsets = np.r_[0, np.cumsum(lengths)]
        flat = hash_features([f for e in examples for f in e], bits)
        y = np.asarray(labels, dtype=np.float64)
        w = np.zeros(1 << bits, dtype=np.float64)
        g2 = np.full(1 << bits, 1e-8)
        rng = np.random.default_rng(seed)
        batch = 256
        for _ in range(epochs):
            order = rng.permutation(n)
            for b0 in range(0, n, batch):
                idx = order[b0:b0 + batch]
                starts, ends = offsets[idx], offsets[idx + 1]
                rows = np.repeat(np.arange(len(idx)), ends - starts)
                cols = np.concatenate([flat[s:e] for s, e in zip(starts, ends, strict=True)])
                z = np.bincount(rows, weights=w[cols], minlength=len(idx))
                p = 1.0 / (1.0 + np.exp(-z))
                err = p - y[idx]
                err = np.where(y[idx] > 0, err * positive_weight, err)
                grad = np.bincount(cols, weights=err[rows], minlength=w.size)
                touched = np.unique(cols)
                gt = grad[touched] + l2 * w[touched]
                g2[touched] += gt * gt
                w[touched] -= rate * gt / np.sqrt(g2[touched])
        return cls(w, bits)
