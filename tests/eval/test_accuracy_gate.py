"""The accuracy gate: quotetrail on the whole of PolNeAR dev, against absolute floors.

Speed is never asserted in tests, but accuracy is: a change to the engine that costs
more than about two points on dev fails here.  The floors live in
``accuracy_floors.json`` beside this file, a little under the figures reached; the
engine owner raises them as the engine improves (they never go down to let a change
through).  The predictions come from the session's single quotetrail run on dev (the
``dev_predictions`` fixture), scored in process by ``quotetrail.evaluation``.  Without
``../shared`` the gate skips, saying why; under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quotetrail import evaluation as qe

FLOORS_FILE = Path(__file__).with_name("accuracy_floors.json")
FLOORS: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
GATED = [(subset, regime, metric, floor)
         for subset, regimes in FLOORS["floors"].items()
         for regime, metrics in regimes.items()
         for metric, floor in metrics.items()]


@pytest.fixture(scope="module")
def dev_figures(dev_gold: qe.GoldSet, dev_predictions: qe.PredictionSet
                ) -> dict[str, dict[str, Any]]:
    assert dev_gold.double_apostrophe is FLOORS["double_apostrophe"]
    return {subset: qe.evaluate(dev_gold, dev_predictions, subset, resamples=0).to_dict()
            for subset in FLOORS["floors"]}


@pytest.mark.shared
@pytest.mark.parametrize(("subset", "regime", "metric", "floor"), GATED,
                         ids=[f"{s}-{r}-{m}" for s, r, m, _ in GATED])
def test_dev_accuracy_stays_above_its_floor(subset: str, regime: str, metric: str,
                                            floor: float,
                                            dev_figures: dict[str, dict[str, Any]]) -> None:
    value = dev_figures[subset]["regimes"][regime][metric]
    assert value is not None and value >= floor, (
        f"PolNeAR dev {subset} {regime} {metric} = {value} is below its floor {floor} "
        f"({FLOORS_FILE.name}); run `.venv/bin/python benchmarks/accuracy.py` for details")


@pytest.mark.shared
def test_the_whole_dev_set_was_scored(dev_figures: dict[str, dict[str, Any]]) -> None:
    corpus = dev_figures["all"]["corpus"]
    assert corpus["articles"] == 84 and corpus["gold_all"] == 2192
    assert dev_figures["direct"]["n_gold"] == 710
    assert dev_figures["all"]["n_articles_with_pred"] == 84


def test_floors_are_well_formed() -> None:
    """Runs everywhere: a typo in the floors file must not silently gate nothing."""
    assert "raise" in FLOORS["note"]
    assert {s for s, *_ in GATED} == {"direct", "all"}
    for subset, regime, metric, floor in GATED:
        assert subset in qe.SUBSETS
        assert regime in {r.name for r in qe.REGIMES}
        assert metric in qe.METRICS
        assert 0.0 < floor < 1.0
