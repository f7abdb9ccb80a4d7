"""Export: DIR/articles/ and DIR/attributions/, one row each, Parquet or CSV.

Read back with pyarrow's dataset reader -- the directory-of-part-files layout that
DuckDB, pandas, Polars and Spark read the same way.  DIR/clusters/ and DIR/speakers/,
and how the four tables join: test_export_statements.py.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.dataset as ds
from corpus_fixtures import fake_result
from typer.testing import CliRunner

from quotetrail.cli import app
from quotetrail.corpus.store import Store

QUOTE = "We will rebuild every school in this district before the next winter comes"


def make_store(path: Path, store_text: bool = True) -> Path:
    with Store(path) as store:
        store.add_batch([
            fake_result("a", [(QUOTE, "Maria Gonzalez"), ("Taxes will not rise", "Tom Baker")],
                        url="https://a.example/1", outlet="A", published="2024-03-05",
                        title="Schools"),
            fake_result("b", [(QUOTE, "Gonzalez")], url="https://b.example/1", outlet="B"),
            fake_result("c", []),
        ], store_text=store_text)
    return path


def test_parquet_export_is_one_row_per_article_and_per_attribution(tmp_path: Path) -> None:
    db = make_store(tmp_path / "s.db")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "parquet",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    arts = ds.dataset(out / "articles", format="parquet").to_table().to_pylist()
    atts = ds.dataset(out / "attributions", format="parquet").to_table().to_pylist()
    assert [a["article_id"] for a in arts] == ["a", "b", "c"]
    assert [a["n_attributions"] for a in arts] == [2, 1, 0]
    assert arts[0]["text"].startswith("“We will") and arts[0]["published"] == "2024-03-05"
    assert len(atts) == 3
    first = atts[0]
    assert first["content"] == QUOTE and first["speakers"] == ["Maria Gonzalez"]
    assert arts[0]["text"][first["content_start"]:first["content_end"]] == QUOTE
    assert first["speaker_id"] == "maria-gonzalez" and first["cluster_id"] == atts[2]["cluster_id"]
    assert json.loads(first["fragments"]) == []
    assert not list(out.glob("*/.*"))  # no temporary files left


def test_csv_export_and_no_store_text(tmp_path: Path) -> None:
    db = make_store(tmp_path / "s.db", store_text=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "articles" / "part-00000.csv", encoding="utf-8", newline="") as f:
        arts = list(csv.DictReader(f))
    with open(out / "attributions" / "part-00000.csv", encoding="utf-8", newline="") as f:
        atts = list(csv.DictReader(f))
    assert [a["article_id"] for a in arts] == ["a", "b", "c"]
    assert all(a["text"] == "" for a in arts)  # --no-store-text
    assert [a["content"] for a in atts] == [QUOTE, "Taxes will not rise", QUOTE]
    assert atts[0]["speakers"] == "Maria Gonzalez"


def test_export_of_an_empty_store_writes_empty_tables(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "s.db"), "--format",
                                      "parquet", "--out", str(out)])
    assert result.exit_code == 0
    assert ds.dataset(out / "attributions", format="parquet").to_table().num_rows == 0
    assert "content" in ds.dataset(out / "attributions", format="parquet").schema.names
