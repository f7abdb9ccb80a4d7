"""Fixtures of the evaluation tests: PolNeAR dev read once, quotetrail run on it once.

The dev run (about six seconds) is shared by the equality tests and the accuracy gate.
Everything here needs ``../shared``: the ``polnear_dev`` / ``shared_dir`` fixtures of
``tests/conftest.py`` skip where it is absent and fail under ``CI=true``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotetrail import evaluation as qe


def write_predictions(path: Path, predictions: qe.PredictionSet) -> Path:
    """The reference scorer's input format, written from predictions held in memory."""

    def span(s: tuple[int, int] | None) -> dict[str, int] | None:
        return None if s is None else {"start": s[0], "end": s[1]}

    with open(path, "w", encoding="utf-8") as f:
        for aid, preds in predictions.by_id.items():
            atts = [{"kind": p.kind, "content": span(p.content), "source": span(p.source),
                     "cue": span(p.cue)} for p in preds]
            f.write(json.dumps({"id": aid, "attributions": atts}) + "\n")
    return path


@pytest.fixture(scope="session")
def reference_scorer(shared_dir: Path) -> Path:
    path = shared_dir / "tools" / "polnear_score.py"
    if not path.exists():  # shared_dir exists, so this is a broken checkout: say so
        pytest.fail(f"{path} is missing from ../shared")
    return path


@pytest.fixture(scope="session")
def dev_gold(polnear_dev: Path) -> qe.GoldSet:
    """PolNeAR dev with ``''`` counted as a quotation mark, as the published figures are."""
    return qe.load_gold(polnear_dev, double_apostrophe=True)


@pytest.fixture(scope="session")
def dev_gold_plain(polnear_dev: Path) -> qe.GoldSet:
    return qe.load_gold(polnear_dev, double_apostrophe=False)


@pytest.fixture(scope="session")
def dev_predictions(dev_gold: qe.GoldSet) -> qe.PredictionSet:
    """quotetrail's predictions on dev, through the same call ``quotetrail eval`` makes."""
    predictions, failures = qe.predict_with_quotetrail(dev_gold)
    assert failures == []
    return predictions


@pytest.fixture(scope="session")
def dev_predictions_file(dev_predictions: qe.PredictionSet,
                         tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_predictions(tmp_path_factory.mktemp("pred") / "quotetrail.jsonl",
                             dev_predictions)
