"""Bootstrap intervals over articles."""

from __future__ import annotations

import random
from collections.abc import Mapping

from quotetrail.evaluation.matching import Counts, figures
from quotetrail.evaluation.spans import DEFAULT_SEED, METRICS

# -- bootstrap --------------------------------------------------------------------


def _percentile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default method)."""
    h = (len(sorted_values) - 1) * q
    lo = int(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def bootstrap_intervals(per_article: Mapping[str, list[Counts]], resamples: int,
                        seed: int = DEFAULT_SEED, level: float = 0.95
                        ) -> dict[str, dict[str, tuple[float, float] | None]]:
    """Percentile intervals of every metric, resampling whole articles with replacement.

    Attributions within an article are not independent (one misread convention costs
    a dozen), so articles are the unit.  All regimes share each resample, and a fixed
    seed makes the intervals reproducible.  A metric undefined in a resample (zero
    denominator) is left out of that resample.
    """
    names = list(per_article)
    n = len(per_article[names[0]]) if names else 0
    if resamples <= 0 or n == 0:
        return {name: dict.fromkeys(METRICS) for name in names}
    rng = random.Random(seed)
    rows = {name: [(c.tp, c.fp, c.fn, c.speaker_ok, c.cue_ok) for c in per_article[name]]
            for name in names}
    samples: dict[str, dict[str, list[float]]] = {name: {m: [] for m in METRICS}
                                                  for name in names}
    for _ in range(resamples):
        picks = rng.choices(range(n), k=n)
        for name in names:
            tp, fp, fn, spk, cue = (sum(col) for col in zip(*(rows[name][i] for i in picks),
                                                            strict=True))
            values = figures(Counts(tp=tp, fp=fp, fn=fn, speaker_ok=spk, cue_ok=cue))
            for m in METRICS:
                if values[m] is not None:
                    samples[name][m].append(values[m])
    tail = (1 - level) / 2
    out: dict[str, dict[str, tuple[float, float] | None]] = {}
    for name in names:
        out[name] = {}
        for m in METRICS:
            values = sorted(samples[name][m])
            out[name][m] = ((_percentile(values, tail), _percentile(values, 1 - tail))
                            if values else None)
    return out
