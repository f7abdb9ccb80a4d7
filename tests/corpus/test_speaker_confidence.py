"""``speaker_confidence`` in the store: stored, returned, exported, filtered on export.

Every attribution of the contract carries it; the store keeps it (NULL for attributions
stored before it existed, which no threshold lets through), every record that returns
an attribution has it, a cluster has its surest occurrence's, ``export`` writes it as a
column and ``--min-speaker-confidence X`` keeps only attributions at or above X.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from corpus_fixtures import fake_result
from typer.testing import CliRunner

from quotetrail.cli import app
from quotetrail.corpus import queries
from quotetrail.corpus.export import export
from quotetrail.corpus.store import Store

QUOTE = "We will rebuild every school in this district before the next winter comes"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_batch([
            fake_result("sure", [(QUOTE, "Maria Gonzalez")], speaker_confidence=0.96),
            fake_result("unsure", [(QUOTE, "Gonzalez")], speaker_confidence=0.41),
            fake_result("other", [("Taxes will not rise this year", "Tom Baker")],
                        speaker_confidence=0.7),
        ])
    return path


def test_every_record_with_an_attribution_has_it(db: Path) -> None:
    with Store(db) as store:
        conn = store.conn
        assert queries.article(conn, "unsure")["attributions"][0]["speaker_confidence"] == 0.41
        (cluster,) = [c for c in queries.search(conn, "rebuild")]
        assert sorted(o["speaker_confidence"] for o in cluster["occurrences"]) == [0.41, 0.96]
        assert cluster["speaker_confidence"] == 0.96  # the surest article naming its speaker
        assert [o["speaker_confidence"] for o in queries.trail(conn, cluster["cluster_id"])
                ] == [0.96, 0.41]
        _, quotes = queries.speaker_quotes(conn, "maria-gonzalez")
        assert sorted(q["speaker_confidence"] for q in quotes) == [0.41, 0.96]


def test_export_writes_the_column_and_filters_on_it(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = ds.dataset(out / "attributions", format="parquet").to_table().to_pylist()
    assert sorted(r["speaker_confidence"] for r in rows) == [0.41, 0.7, 0.96]
    sure = tmp_path / "sure"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", str(sure),
                                      "--min-speaker-confidence", "0.7"])
    assert result.exit_code == 0, result.output
    with open(sure / "attributions" / "part-00000.csv", encoding="utf-8", newline="") as f:
        kept = list(csv.DictReader(f))
    assert sorted((r["article_id"], float(r["speaker_confidence"])) for r in kept) == [
        ("other", 0.7), ("sure", 0.96)]
    with open(sure / "articles" / "part-00000.csv", encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == 3  # every article is still written


def test_a_threshold_outside_0_to_1_is_a_usage_error(db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(db), "-f", "csv",
                                      "-o", str(tmp_path / "x"), "--min-speaker-confidence",
                                      "1.5"])
    assert result.exit_code == 2 and result.stderr.startswith("error: ")


def test_unknown_confidence_is_null_and_never_passes_a_threshold(db: Path,
                                                                tmp_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as conn:  # as a store migrated from before the field
        conn.execute("UPDATE attributions SET speaker_confidence = NULL "
                     "WHERE article = (SELECT rowid FROM articles WHERE article_id = 'other')")
    with Store(db) as store:
        assert queries.article(store.conn, "other")["attributions"][0][
            "speaker_confidence"] is None
        counts = export(store.conn, tmp_path / "x", "csv", min_speaker_confidence=0.0)
    assert counts["attributions"] == 2
