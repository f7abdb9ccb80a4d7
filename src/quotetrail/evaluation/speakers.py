"""Speaker-name labels: reading them, comparing names, and the figures computed on them.

Labels are JSON lines of offsets and names only (the text stays with its owner)::

    {"article": "<stem>", "start": 110, "end": 112, "speaker": "Kit Connor" | null,
     "speakers": ["Kit Connor"], "speaker_type": "person", "mention_class": "pronoun"}

Names are compared after folding case, whitespace, curly/straight apostrophes and a
leading "the" (also before each part of a joint name); ``null`` matches only ``null``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["bcubed", "bootstrap_mean", "expected_calibration_error", "load_labels",
           "normalise", "same_name"]


def load_labels(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Every label line of these files, in file order."""
    out: list[dict[str, Any]] = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f if line.strip())
    return out


def normalise(name: str | None) -> str | None:
    """The form two names are compared in."""
    if name is None:
        return None
    parts = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", name.replace("’", "'").strip())
    out = []
    for p in parts:
        p = " ".join(p.split()).lower()
        if p.startswith("the "):
            p = p[4:]
        if p:
            out.append(p)
    return " | ".join(sorted(out)) if len(out) > 1 else (out[0] if out else "")


def same_name(pred: str | None, gold: str | None) -> bool:
    return normalise(pred) == normalise(gold)


def bootstrap_mean(groups: Mapping[str, Sequence[float]], resamples: int = 2000,
                   seed: int = 20160926) -> tuple[float, float]:
    """95 % interval of the mean of per-item values, resampling groups (articles)."""
    keys = sorted(groups)
    if not keys:
        return (0.0, 0.0)
    rng = random.Random(seed)
    stats = []
    for _ in range(resamples):
        total = n = 0.0
        for _ in keys:
            vals = groups[keys[rng.randrange(len(keys))]]
            total += sum(vals)
            n += len(vals)
        stats.append(total / n if n else 0.0)
    stats.sort()
    return (stats[int(0.025 * resamples)], stats[int(0.975 * resamples) - 1])


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool],
                               bins: int = 10) -> float:
    """ECE over ``bins`` equal-mass bins: the mean gap between confidence and accuracy."""
    pairs = sorted(zip(confidences, correct, strict=True))
    n = len(pairs)
    if not n:
        return 0.0
    total = 0.0
    for b in range(bins):
        chunk = pairs[b * n // bins:(b + 1) * n // bins]
        if not chunk:
            continue
        conf = sum(c for c, _ in chunk) / len(chunk)
        acc = sum(1 for _, ok in chunk if ok) / len(chunk)
        total += len(chunk) / n * abs(conf - acc)
    return total


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """B-cubed precision and recall of a clustering ``pred`` against ``gold`` (one per item)."""
    n = len(gold)
    if n == 0:
        return (1.0, 1.0)
    by_gold: dict[str, set[int]] = {}
    by_pred: dict[str, set[int]] = {}
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        by_gold.setdefault(g, set()).add(i)
        by_pred.setdefault(p, set()).add(i)
    precision = recall = 0.0
    for i in range(n):
        gc, pc = by_gold[gold[i]], by_pred[pred[i]]
        both = len(gc & pc)
        precision += both / len(pc)
        recall += both / len(gc)
    return precision / n, recall / n
