"""The engine name names the weights: results read by retrained models carry another
name, so ``ingest --reextract`` finds the articles those models have not read."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from quotetrail.engine.pipeline import engine_name
from quotetrail.models import files


def _copy_of_shipped(where: Path) -> Path:
    shipped = resources.files("quotetrail.models").joinpath("data")
    where.mkdir()
    for name in (*files.WEIGHT_FILES, "meta.json"):
        (where / name).write_bytes(shipped.joinpath(name).read_bytes())
    return where


def test_other_weights_give_another_fingerprint_and_engine_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same = _copy_of_shipped(tmp_path / "same")
    retrained = tmp_path / "retrained"
    shutil.copytree(same, retrained)
    (retrained / "speakers.npz").write_bytes((same / "speakers.npz").read_bytes() + b"\0")
    assert files.fingerprint(same) == files.fingerprint()  # the shipped bytes
    assert files.fingerprint(retrained) != files.fingerprint(same)
    monkeypatch.setenv("QUOTETRAIL_MODEL_DIR", str(retrained))
    assert f"(models {files.fingerprint(retrained)})" in engine_name()
    monkeypatch.delenv("QUOTETRAIL_MODEL_DIR")
    assert f"(models {files.fingerprint()})" in engine_name()


def test_training_times_in_meta_do_not_change_the_fingerprint(tmp_path: Path) -> None:
    copy = _copy_of_shipped(tmp_path / "m")
    before = files.fingerprint(copy)
    other = _copy_of_shipped(tmp_path / "n")
    meta = json.loads((other / "meta.json").read_text(encoding="utf-8"))
    meta["seconds_total"] = meta.get("seconds_total", 0) + 100.0
    (other / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    assert files.fingerprint(other) == before


def test_other_decision_thresholds_give_another_fingerprint(tmp_path: Path) -> None:
    copy = _copy_of_shipped(tmp_path / "m")
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["thresholds"] = {**meta.get("thresholds", {}), "verify": 0.123}
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    assert files.fingerprint(copy) != files.fingerprint()
