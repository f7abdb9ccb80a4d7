"""First-name gender from public name statistics, and honorifics (engine/speakers/gender.py)."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from quotetrail.engine.speakers.gender import given_name, given_name_gender, honorific_gender

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "src" / "quotetrail" / "engine" / "data" / "first_names.tsv.gz"


@pytest.mark.parametrize(("name", "gender"), [
    ("Margaret", "f"), ("Ruth", "f"), ("Michael", "m"), ("Tomas", "m"),
    ("Jordan", None), ("Kit", None), ("Leslie", None),   # shared by women and men
    ("Zxqv", None),                                      # not a given name at all
])
def test_given_name_gender(name: str, gender: str | None) -> None:
    assert given_name_gender(name) == gender


def test_given_name_statistics_carry_their_weight() -> None:
    g = given_name("Ruth")
    assert g is not None and g.p_female > 0.9 and g.people > 100_000


def test_honorifics() -> None:
    assert honorific_gender("Mr.") == "m"
    assert honorific_gender("Mrs") == "f"
    assert honorific_gender("Dr.") is None


def test_the_table_is_built_from_its_source_deterministically(tmp_path: Path) -> None:
    """``scripts/build_first_names.py`` reproduces the shipped table byte for byte."""
    if importlib.util.find_spec("nomquamgender") is None:
        pytest.skip("nomquamgender (a dev dependency) is not installed")
    shipped = TABLE.read_bytes()
    script = ROOT / "scripts" / "build_first_names.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         check=True)
    assert "names ->" in out.stdout
    assert TABLE.read_bytes() == shipped
    rows = gzip.decompress(shipped).decode("utf-8").splitlines()
    assert len(rows) > 40_000 and rows[0].startswith("#")
