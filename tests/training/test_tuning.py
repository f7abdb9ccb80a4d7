"""Thresholds chosen on a slice of train held back for it (``quotetrail train``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from polnear_writer import write_corpus

import quotetrail
from quotetrail.engine.pipeline import get_engine
from quotetrail.models.attribution import Thresholds, load_model
from quotetrail.training.attribution import train
from quotetrail.training.tuning import (
    GRID,
    REPORTED,
    Trial,
    choose,
    gain_interval,
    objective,
    tuning_split,
)

PEOPLE = ("Ana Ruiz", "Tom Berg", "Lena Okoro", "Sam Patel", "Iris Vogel", "Omar Haddad",
          "Ruth Ames", "Ken Mori")
PLACES = ("the bridge", "the library", "the station", "the harbour")


def _article(k: int) -> tuple[str, list[tuple[str, str, str]]]:
    who, other = PEOPLE[k % len(PEOPLE)], PEOPLE[(k + 3) % len(PEOPLE)]
    place = PLACES[k % len(PLACES)]
    claim = f"{place} would reopen in May"
    quote = f"“We are on schedule for {place},”"
    text = (f"{who} said {claim}. The weather was mild on Tuesday.\n\n"
            f"{quote} added {other}.\n")
    return text, [(who, "said", claim), (other, "added", quote)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("eight"),
                        {f"a{k}": _article(k) for k in range(8)})


def test_the_split_is_deterministic_disjoint_and_whole() -> None:
    items = list(range(40))
    fit, tune = tuning_split(items, 0.15)  # type: ignore[arg-type]
    assert tune == [6, 13, 20, 27, 34]  # every seventh
    assert sorted(fit + tune) == items and not set(fit) & set(tune)
    assert tuning_split(items, 0.15) == (fit, tune)  # type: ignore[arg-type]
    assert tuning_split(items, 0.0) == (items, [])  # type: ignore[arg-type]


def test_thresholds_come_from_meta_with_defaults_for_the_rest() -> None:
    assert Thresholds.from_meta({}) == Thresholds()
    t = Thresholds.from_meta({"thresholds": {"verify": 0.4, "unknown": 3}})
    assert t == Thresholds(verify=0.4)
    assert t.keeps("learned", 0.45) and not Thresholds().keeps("learned", 0.45)
    assert t.keeps("quote:cue", 0.5) and not t.keeps("quote:cue", 0.49)


def test_objective_weighs_direct_quotations_as_much_as_all_attributions() -> None:
    assert objective({"all iou@0.5": 0.6, "all ggt@0.3": 0.8, "direct iou@0.5": 0.9}) == \
        pytest.approx(0.8)
    # a point of direct F1 is worth two of either all-attribution figure
    base = {"all iou@0.5": 0.6, "all ggt@0.3": 0.7, "direct iou@0.5": 0.8}
    assert objective({**base, "direct iou@0.5": 0.79, "all iou@0.5": 0.62}) == \
        pytest.approx(objective(base))


def _trial(thresholds: Thresholds, tp: list[int], fp: list[int], fn: list[int]) -> Trial:
    counts = np.array(list(zip(tp, fp, fn, strict=True)), dtype=np.int64)
    per_article = {f"{s} {r}": counts for s, r in REPORTED}
    f1 = 2 * sum(tp) / (2 * sum(tp) + sum(fp) + sum(fn))
    return Trial(thresholds, {k: f1 for k in per_article}, per_article)


def test_the_defaults_are_among_the_combinations_tried() -> None:
    d = Thresholds()
    assert d.cue in GRID["cue"] and d.verify_quote in GRID["verify_quote"]
    assert d.verify in GRID["verify"]


def test_a_gain_beyond_chance_moves_the_thresholds_and_noise_does_not() -> None:
    n = 60
    base = _trial(Thresholds(), [5] * n, [2] * n, [3] * n)
    better = _trial(Thresholds(verify=0.6), [7] * n, [2] * n, [1] * n)  # every article
    chosen, record = choose([better, base], Thresholds())
    assert chosen is better and record["gain_lower_bound"] > 0
    # one article better, one worse, the rest the same: a small total gain, by chance
    lucky = _trial(Thresholds(verify=0.6), [9] + [5] * (n - 2) + [4], [2] * n,
                   [0] + [3] * (n - 2) + [4])
    assert lucky.objective > base.objective
    chosen, record = choose([lucky, base], Thresholds())
    assert chosen is base and record["gain_lower_bound"] <= 0


def test_the_best_of_many_trials_must_clear_a_higher_bar() -> None:
    n = 60
    base = _trial(Thresholds(), [5] * n, [2] * n, [3] * n)
    # 20 articles gain an attribution, 10 lose one: beyond chance for one comparison,
    # not for the best of eighty
    tp = [6] * 20 + [4] * 10 + [5] * 30
    fn = [2] * 20 + [4] * 10 + [3] * 30
    better = _trial(Thresholds(verify=0.6), tp, [2] * n, fn)
    assert gain_interval(better, base, comparisons=1)[0] > 0
    assert gain_interval(better, base, comparisons=80)[0] < 0


def test_the_engine_decides_with_the_models_thresholds() -> None:
    text = "The mayor said on Monday that the bridge would reopen in May.\n"
    engine = get_engine(None)  # the key quotetrail.extract uses
    assert engine.model is not None
    shipped = engine.model
    assert [a.cue.text for a in quotetrail.extract(text).attributions if a.cue] == ["said"]
    try:
        engine.model = replace(shipped, thresholds=Thresholds(verify_quote=1.01, verify=1.01))
        assert quotetrail.extract(text).attributions == []
    finally:
        engine.model = shipped


def test_training_tunes_on_the_held_slice_and_writes_the_choice(corpus: Path,
                                                                tmp_path: Path) -> None:
    meta = train(corpus, tmp_path / "m", seed=5, tune_fraction=0.25)
    tuning = meta["tuning"]
    assert (tuning["fit_articles"], tuning["tune_articles"]) == (6, 2)
    assert len(tuning["trials"]) == len(GRID["cue"]) * len(GRID["verify_quote"]) * \
        len(GRID["verify"])
    best = tuning["trials"][0]
    assert best["objective"] == max(t["objective"] for t in tuning["trials"])
    assert best["objective"] >= tuning["defaults"]["objective"]
    # the best combination when it beats the defaults beyond chance, else the defaults
    if tuning["decision"].startswith("the best"):
        assert tuning["chosen"] == best and tuning["gain_lower_bound"] > 0
    else:
        assert tuning["chosen"] == tuning["defaults"]
        assert best == tuning["defaults"] or tuning["gain_lower_bound"] <= 0
    c = tuning["chosen"]
    chosen = Thresholds(cue=c["cue"], verify_quote=c["verify_quote"], verify=c["verify"])
    assert meta["thresholds"] == chosen.to_dict()
    written = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    assert written["thresholds"] == chosen.to_dict()
    assert load_model(str(tmp_path / "m")).thresholds == chosen


def test_no_slice_keeps_the_default_thresholds(corpus: Path, tmp_path: Path) -> None:
    meta = train(corpus, tmp_path / "m", seed=5, tune_fraction=0.0)
    assert meta["thresholds"] == Thresholds().to_dict()
    assert "skipped" in meta["tuning"]
