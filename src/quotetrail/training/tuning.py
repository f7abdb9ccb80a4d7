"""Choose the learned models' thresholds on a slice of train held back for it.

``quotetrail train`` fits the cue, content and verifier models on most of train, links
the held-back slice with them, and tries every combination of the thresholds in
:data:`GRID` on it; the combination with the best :func:`objective` is written to the
final model's meta.json (the final models are then fitted on all of train).  Dev is
never read, so dev figures stay an honest estimate (DESIGN.md, "Measuring").

Why a grid on one set of proposals: the parse is the cost, and the verifier thresholds
act after linking, so each article is parsed once and linked once per cue threshold;
the verifier thresholds are applied to the same drafts and probabilities
(:meth:`~quotetrail.engine.pipeline.Engine.decided_drafts`).  Speakers and venues do not
change a span's offsets, so the drafts are scored as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import product
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np

from quotetrail.evaluation import GoldArticle, GoldSet, evaluate
from quotetrail.evaluation.matching import figures
from quotetrail.evaluation.predictions import Prediction
from quotetrail.models.attribution import Thresholds

if TYPE_CHECKING:
    from quotetrail.engine.draft import Draft
    from quotetrail.engine.pipeline import Engine

# The values tried: around the first round's hand-set thresholds, both ways.
GRID: dict[str, tuple[float, ...]] = {
    "cue": (0.35, 0.5, 0.65, 0.8),
    "verify_quote": (0.3, 0.4, 0.5, 0.6),
    "verify": (0.4, 0.5, 0.6, 0.7, 0.8),
}
# The F1s the objective weighs: direct quotations as much as all attributions, so that
# more reported speech is never bought with quotations, which readers trust most
# (docs/accuracy.md).  ``direct ggt@0.3`` is reported, not weighed.
OBJECTIVE: dict[tuple[str, str], float] = {
    ("direct", "iou@0.5"): 0.5, ("all", "iou@0.5"): 0.25, ("all", "ggt@0.3"): 0.25}
REPORTED = (*OBJECTIVE, ("direct", "ggt@0.3"))
RESAMPLES = 1000


@dataclass(frozen=True, slots=True)
class Trial:
    """One combination of thresholds and its F1s on the held-back slice."""

    thresholds: Thresholds
    f1: dict[str, float]
    # per figure, each article's (tp, fp, fn): what the paired bootstrap resamples
    per_article: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def objective(self) -> float:
        return objective(self.f1)

    def to_dict(self) -> dict:
        return {**self.thresholds.to_dict(), **self.f1, "objective": round(self.objective, 4)}


def objective(f1: dict[str, float]) -> float:
    """The weighted mean of the F1s named in :data:`OBJECTIVE`."""
    return sum(w * f1[f"{subset} {regime}"] for (subset, regime), w in OBJECTIVE.items())


def _objective_of(per_article: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """The objective of each resample; ``rows`` holds article indices, one row each."""
    total = np.zeros(rows.shape[0])
    for (subset, regime), w in OBJECTIVE.items():
        summed = per_article[f"{subset} {regime}"][rows].sum(axis=1)  # resamples x 3
        tp, fp, fn = summed[:, 0], summed[:, 1], summed[:, 2]
        total += w * np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
    return total


def gain_interval(best: Trial, baseline: Trial, *, comparisons: int = 1,
                  resamples: int = RESAMPLES, seed: int = 13) -> tuple[float, float]:
    """A lower bound on ``best``'s objective gain over ``baseline``, and the gain.

    A paired bootstrap over articles (both trials scored on the same resampled
    articles) gives the gain's standard error; the bound is one-sided at 5 % divided by
    the number of ``comparisons`` (Bonferroni): the best of many combinations looks
    better on the slice than it is, by chance alone.
    """
    n = next(iter(best.per_article.values())).shape[0]
    rows = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    diff = _objective_of(best.per_article, rows) - _objective_of(baseline.per_article, rows)
    gain = best.objective - baseline.objective
    z = NormalDist().inv_cdf(1 - 0.05 / max(1, comparisons))
    return gain - z * float(diff.std()), gain


def choose(trials: Sequence[Trial], baseline: Thresholds) -> tuple[Trial, dict]:
    """The best trial if it beats ``baseline`` beyond chance (:func:`gain_interval`,
    corrected for the number of trials), else the baseline's trial.

    On a slice of ~120 articles the top combinations differ by less than the noise;
    moving the thresholds on noise moves dev the other way as often as not (it did,
    before the correction: docs/accuracy.md).
    """
    base = next(t for t in trials if t.thresholds == baseline)
    best = trials[0]
    if best is base:
        return base, {"decision": "the defaults scored best", "defaults": base.to_dict()}
    low, gain = gain_interval(best, base, comparisons=len(trials) - 1)
    record = {"best_gain": round(gain, 4), "gain_lower_bound": round(low, 4),
              "comparisons": len(trials) - 1, "defaults": base.to_dict()}
    if low > 0:
        return best, {**record, "decision": "the best combination: its gain is beyond chance"}
    return base, {**record, "decision": "the defaults: the best gain is within chance"}


def describe_objective() -> str:
    return " + ".join(f"{w:g} × {s} {r} F1" for (s, r), w in OBJECTIVE.items())


def tuning_split(articles: Sequence[GoldArticle], fraction: float
                 ) -> tuple[list[GoldArticle], list[GoldArticle]]:
    """(articles to fit on, articles to tune on): every ``round(1/fraction)``-th article.

    Articles come sorted by id, which groups them by publisher, so the slice takes a
    share of each publisher.  Deterministic: the same articles, the same split.
    """
    if fraction <= 0:
        return list(articles), []
    period = max(2, round(1 / fraction))
    fit = [a for i, a in enumerate(articles) if i % period != period - 1]
    tune = [a for i, a in enumerate(articles) if i % period == period - 1]
    return fit, tune


def prediction_of(d: Draft) -> Prediction:
    """What the scorer reads of a draft (speakers and venues do not move its spans)."""
    return Prediction(content=d.content, source=d.source, cue=d.cue, kind=d.kind)


def _trial(gold: GoldSet, thresholds: Thresholds,
           predictions: dict[str, list[Prediction]]) -> Trial:
    f1: dict[str, float] = {}
    per_article: dict[str, np.ndarray] = {}
    ids = sorted(gold.articles)
    for subset in sorted({s for s, _ in REPORTED}):
        report = evaluate(gold, predictions, subset, resamples=0)
        for s, regime in REPORTED:
            if s == subset:
                key = f"{s} {regime}"
                result = report.regimes[regime]
                f1[key] = round(figures(result.counts)["f1"] or 0.0, 4)
                per_article[key] = np.array(
                    [(c.tp, c.fp, c.fn) for c in (result.outcomes[a].counts() for a in ids)],
                    dtype=np.int64).reshape(len(ids), 3)
    return Trial(thresholds, f1, per_article)


def tune_thresholds(engine: Engine, articles: Sequence[GoldArticle], *,
                    double_apostrophe: bool = True,
                    grid: dict[str, tuple[float, ...]] | None = None) -> list[Trial]:
    """Every combination of ``grid`` scored on ``articles``, best first.

    ``engine`` holds the models fitted without these articles; its thresholds are
    restored afterwards.
    """
    grid = grid or GRID
    assert engine.model is not None
    gold = GoldSet(folder="tuning slice", articles={a.id: a for a in articles},
                   double_apostrophe=double_apostrophe)
    parsed = {a.id: engine.parsed(a.text) for a in articles}
    base = engine.model.thresholds
    trials: list[Trial] = []
    try:
        for cue in grid["cue"]:
            engine.model.thresholds = replace(base, cue=cue)
            proposals: dict[str, tuple[list[Draft], list[float] | None]] = {}
            for a in articles:
                plan, docs = parsed[a.id]
                drafts = engine.proposed_drafts(a.text, plan, docs)
                proposals[a.id] = (drafts, engine.verifier_probabilities(a.text, drafts))
            for vq, v in product(grid["verify_quote"], grid["verify"]):
                limits = Thresholds(cue=cue, verify_quote=vq, verify=v)
                predictions = {
                    a.id: [prediction_of(d) for d in engine.decided_drafts(
                        a.text, parsed[a.id][0], proposals[a.id][0],
                        proposals[a.id][1], limits)]
                    for a in articles}
                trials.append(_trial(gold, limits, predictions))
    finally:
        engine.model.thresholds = base
    # best first; on a tie the earlier (grid order) combination
    order = sorted(range(len(trials)), key=lambda k: (-round(trials[k].objective, 6), k))
    return [trials[k] for k in order]
