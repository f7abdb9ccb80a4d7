"""Export of statements and speakers: DIR/clusters/ and DIR/speakers/ beside the articles
and attributions, joined by ``cluster_id``, ``speaker_ids`` and ``article_id``.

The rows are the store's own records: a cluster row is what ``search`` (the cluster
record) says of it, a speaker row what ``speakers`` says.  DuckDB reads each directory
as one table, in both formats, and the tables join.  ``--min-speaker-confidence``
filters attributions only.  Older stores export as they are; the tables come from one
snapshot of the store; memory does not grow with the number of rows.
"""

from __future__ import annotations

import csv
import gc
import json
import sqlite3
import tracemalloc
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from corpus_fixtures import downgrade, fake_result
from typer.testing import CliRunner

from quotetrail.cli import app
from quotetrail.corpus import export as export_module
from quotetrail.corpus import queries
from quotetrail.corpus.export import export
from quotetrail.corpus.store import Store, open_readonly
from quotetrail.model import ArticleResult, Attribution, Span

SCHOOLS = "We will rebuild every school in this district before the next winter comes"
TAXES = "Taxes will not rise this year or the next, whatever the council decides"
SHOW = "This is why we made the show and why we will keep making it"
REQUOTE = f"She said ‘{SCHOOLS}’ and I do not believe a word of it, frankly"
UNDATED = "The bridge on the river road will open again before the spring floods"


def joint(id: str, quote: str, names: list[str], published: str) -> ArticleResult:
    """An article quoting two people at once ("…,” said Kit Connor and Joe Locke)."""
    said = " and ".join(names)
    text = f"“{quote},” said {said}."
    return ArticleResult(
        id=id, text=text, url=f"https://news.example/{id}", outlet="Pink News",
        published=published, title=None, location=id, model="fake 0", version="0",
        attributions=[Attribution(
            kind="direct", content=Span.of(text, 1, 1 + len(quote)),
            source=Span.of(text, text.index(said), text.index(said) + len(said)),
            speaker=said, speakers=names, speaker_type="person", confidence=0.9,
            speaker_confidence=0.8)])


def build(path: Path) -> Path:
    """A small corpus: one statement in three outlets (dates not in input order), with a
    paraphrase and a re-quote of it; a statement by two people at once; an undated one;
    and an article revised under the same URL (its older text leaves the corpus)."""
    with Store(path) as store:
        store.add_batch([
            fake_result("herald", [(SCHOOLS, "Maria Gonzalez"), (TAXES, "Tom Baker")],
                        url="https://herald.example/1", outlet="The Herald",
                        published="2024-03-05", title="Schools", speaker_confidence=0.95),
            fake_result("post", [(SCHOOLS, "Gonzalez")], url="https://post.example/1",
                        outlet="The Post", published="2024-03-02", speaker_confidence=0.4),
            fake_result("courier", [], outlet="The Courier", published="2024-03-08",
                        url="https://courier.example/1",
                        mixed=[(f"Gonzalez said the city would “{SCHOOLS[8:]}” and not "
                                "raise taxes.", [SCHOOLS[8:]], "Maria Gonzalez")]),
            fake_result("rival", [(REQUOTE, "Tom Baker")], url="https://rival.example/1",
                        outlet="The Rival", published="2024-03-09", speaker_confidence=0.9),
            joint("pink", SHOW, ["Kit Connor", "Joe Locke"], "2022-05-01"),
            fake_result("bridge", [(UNDATED, "Ann Smith")], url="https://bridge.example/1",
                        outlet="The Bridge", speaker_confidence=0.7),
            fake_result("rev-1", [("The old wording of a statement that was later changed",
                                   "Ann Smith")], url="https://revised.example/1",
                        outlet="The Herald", published="2024-01-01", speaker_confidence=0.7),
        ])
        store.add_batch([
            fake_result("rev-2", [("The new wording of the statement, after the correction",
                                   "Ann Smith")], url="https://revised.example/1",
                        outlet="The Herald", published="2024-01-02", speaker_confidence=0.7),
        ])
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build(tmp_path / "s.db")


def run_export(db: Path, out: Path, fmt: str, *extra: str) -> str:
    result = CliRunner().invoke(app, ["export", "--db", str(db), "-f", fmt, "-o", str(out),
                                      *extra])
    assert result.exit_code == 0, result.output
    return result.stderr


def parquet_rows(out: Path, table: str) -> list[dict[str, Any]]:
    return ds.dataset(out / table, format="parquet").to_table().to_pylist()


def csv_rows(out: Path, table: str) -> list[dict[str, str]]:
    with open(out / table / "part-00000.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_clusters(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """What the store's queries say of every cluster, as export's columns."""
    out = []
    for (cid,) in conn.execute("SELECT cluster_id FROM clusters ORDER BY cluster_id"):
        record = queries.cluster(conn, cid, occurrences=False)
        assert record is not None
        first = queries.trail(conn, cid, limit=1)[0]
        dated = first["published"] is not None or first["crawled"] is not None
        paraphrases = conn.execute("SELECT paraphrases FROM clusters WHERE cluster_id = ?",
                                   (cid,)).fetchone()[0]
        out.append({
            **{k: record[k] for k in (
                "cluster_id", "text", "speaker", "speaker_id", "speaker_confidence",
                "speaker_disagreement", "first_seen", "n_occurrences", "n_articles",
                "n_outlets", "variants")},
            "speaker_ids": record["speaker_id"].split("+") if record["speaker_id"] else [],
            "first_article_id": first["article_id"] if dated else None,
            "first_outlet": first["outlet"] if dated else None,
            "n_variants": len(record["variants"]), "paraphrases": json.loads(paraphrases)})
    return out


def expected_speakers(db: Path) -> list[dict[str, Any]]:
    """What ``quotetrail speakers`` prints, as export's columns, by speaker id."""
    result = CliRunner().invoke(app, ["speakers", "--db", str(db), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return sorted(({"speaker_id": r["speaker_id"], "name": r["name"], "type": r["kind"],
                    "aliases": r["aliases"], "n_aliases": len(r["aliases"]),
                    "n_attributions": r["attributions"], "n_articles": r["articles"],
                    "n_clusters": r["clusters"]} for r in records),
                  key=lambda r: r["speaker_id"])


def test_parquet_export_writes_four_tables_that_are_the_store_records(db: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    stderr = run_export(db, out, "parquet")
    conn = open_readonly(db)
    stats = queries.stats(conn)
    assert sorted(p.name for p in out.iterdir()) == [
        "articles", "attributions", "clusters", "speakers"]
    clusters = parquet_rows(out, "clusters")
    speakers = parquet_rows(out, "speakers")
    assert len(clusters) == stats["clusters"] and len(speakers) == stats["speakers"]
    assert clusters == expected_clusters(conn)
    assert speakers == expected_speakers(db)
    n_attributions = len(parquet_rows(out, "attributions"))
    assert stderr.strip() == (f"wrote 8 articles, {n_attributions} attributions, "
                              f"{len(clusters)} clusters and {len(speakers)} speakers to {out}")

    schools = next(c for c in clusters if c["text"] == SCHOOLS)
    # the paraphrase and the re-quote are occurrences; the first is the earliest dated one
    assert (schools["speaker"], schools["speaker_id"]) == ("Maria Gonzalez", "maria-gonzalez")
    assert schools["n_occurrences"] == 4 and schools["n_outlets"] == 4
    assert schools["first_seen"] == "2024-03-02"
    assert (schools["first_article_id"], schools["first_outlet"]) == ("post", "The Post")
    assert schools["speaker_confidence"] == 0.95 and schools["speaker_disagreement"] is False
    assert schools["variants"] == [SCHOOLS, SCHOOLS[8:]] and schools["n_variants"] == 2
    assert len(schools["paraphrases"]) == 1 and "not raise taxes" in schools["paraphrases"][0]
    show = next(c for c in clusters if c["text"] == SHOW)
    assert show["speaker_id"] == "kit-connor+joe-locke"
    assert show["speaker_ids"] == ["kit-connor", "joe-locke"]
    assert show["speaker"] == "Kit Connor and Joe Locke"
    bridge = next(c for c in clusters if c["text"] == UNDATED)
    assert bridge["first_seen"] is None and bridge["first_article_id"] is None
    gonzalez = next(s for s in speakers if s["speaker_id"] == "maria-gonzalez")
    assert gonzalez["aliases"] == ["Gonzalez", "Maria Gonzalez"] and gonzalez["type"] == "person"
    assert not list(out.glob("*/.*"))  # no temporary files left


def test_csv_export_holds_the_same_rows(db: Path, tmp_path: Path) -> None:
    run_export(db, tmp_path / "pq", "parquet")
    run_export(db, tmp_path / "csv", "csv")
    lists = {"speaker_ids": lambda v: v.split("; ") if v else [],
             "variants": json.loads, "paraphrases": json.loads, "aliases": json.loads}

    def typed(row: dict[str, str], like: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in row.items():
            model = like[key]
            if key in lists:
                out[key] = lists[key](value)
            elif value == "":
                out[key] = None
            elif isinstance(model, bool):
                assert value in ("true", "false")
                out[key] = value == "true"
            elif isinstance(model, int):
                out[key] = int(value)
            elif isinstance(model, float):
                out[key] = float(value)
            else:
                out[key] = value
        return out

    for table in ("clusters", "speakers"):
        expected = parquet_rows(tmp_path / "pq", table)
        got = csv_rows(tmp_path / "csv", table)
        assert list(got[0]) == list(expected[0])  # the same columns, in the same order
        assert [typed(r, e) for r, e in zip(got, expected, strict=True)] == expected
    attributions = csv_rows(tmp_path / "csv", "attributions")
    pink = next(a for a in attributions if a["article_id"] == "pink")
    assert pink["speaker_ids"] == "kit-connor; joe-locke"
    assert pink["speakers"] == "Kit Connor; Joe Locke"


JOINS = {
    # attributions whose cluster is not in clusters (an older revision's have none)
    "clusters": "SELECT COUNT(*) FROM {attributions} a WHERE a.cluster_id IS NOT NULL AND "
                "a.cluster_id NOT IN (SELECT cluster_id FROM {clusters})",
    # a person credited by an attribution or a cluster who is not in speakers
    "speakers": "SELECT COUNT(*) FROM (SELECT {ids} AS id FROM {attributions} UNION ALL "
                "SELECT {cluster_ids} FROM {clusters}) x WHERE x.id NOT IN "
                "(SELECT speaker_id FROM {speakers})",
    "articles": "SELECT COUNT(*) FROM (SELECT article_id FROM {attributions} UNION ALL "
                "SELECT first_article_id FROM {clusters} WHERE first_article_id IS NOT NULL) x "
                "WHERE x.article_id NOT IN (SELECT article_id FROM {articles})",
}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_duckdb_reads_each_directory_as_one_table_and_the_tables_join(
        db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    run_export(db, out, fmt)
    stats = queries.stats(open_readonly(db))
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    tables = {t: f"{reader}('{out / t}/*.{fmt}')"
              for t in ("articles", "attributions", "clusters", "speakers")}
    if fmt == "parquet":
        ids, cluster_ids = "unnest(speaker_ids)", "unnest(speaker_ids)"
    else:
        ids = cluster_ids = "unnest(string_split(speaker_ids, '; '))"
    con = duckdb.connect()
    for table in ("articles", "clusters", "speakers"):
        (n,) = con.execute(f"SELECT COUNT(*) FROM {tables[table]}").fetchone()
        assert n == stats[table]
    for name, sql in JOINS.items():
        (missing,) = con.execute(sql.format(ids=ids, cluster_ids=cluster_ids, **tables)).fetchone()
        assert missing == 0, name
    # the join a researcher writes: each statement with its outlets, via its attributions
    rows = con.execute(
        f"SELECT c.text, COUNT(DISTINCT a.outlet) FROM {tables['attributions']} a JOIN "
        f"{tables['clusters']} c USING (cluster_id) JOIN {tables['speakers']} s "
        "ON s.speaker_id = c.speaker_id WHERE s.name = 'Maria Gonzalez' GROUP BY c.text"
    ).fetchall()
    assert rows == [(SCHOOLS, 3)]  # the re-quote is the store's occurrence, not an attribution
    (orphans,) = con.execute(f"SELECT COUNT(*) FROM {tables['attributions']} "
                         "WHERE cluster_id IS NULL").fetchone()
    assert orphans == 1  # the revised article's older text


def test_min_speaker_confidence_filters_attributions_only(db: Path, tmp_path: Path) -> None:
    everything, sure = tmp_path / "all", tmp_path / "sure"
    run_export(db, everything, "parquet")
    stderr = run_export(db, sure, "parquet", "--min-speaker-confidence", "0.9")
    kept = parquet_rows(sure, "attributions")
    assert kept and all(a["speaker_confidence"] >= 0.9 for a in kept)
    assert len(kept) < len(parquet_rows(everything, "attributions"))
    for table in ("articles", "clusters", "speakers"):  # written whole, with the store's figures
        assert parquet_rows(sure, table) == parquet_rows(everything, table)
    clusters = {c["cluster_id"] for c in parquet_rows(sure, "clusters")}
    assert {a["cluster_id"] for a in kept} <= clusters
    assert f"{len(kept)} attributions" in stderr


def test_an_older_store_exports_as_it_is(db: Path, tmp_path: Path) -> None:
    run_export(db, tmp_path / "new", "parquet")
    current = parquet_rows(tmp_path / "new", "clusters")
    conn = open_readonly(db)
    for version in (5, 2):  # without trail keys; without confidences and paraphrases
        old = tmp_path / f"v{version}.db"
        with sqlite3.connect(old) as copy:
            conn.backup(copy)
            downgrade(copy, version)
        out = tmp_path / f"v{version}"
        run_export(old, out, "parquet")
        clusters = parquet_rows(out, "clusters")
        if version == 5:
            assert clusters == current  # the first occurrence found by the trail's sort
        else:
            assert [c["speaker_confidence"] for c in clusters] == [None] * len(current)
            assert all(c["paraphrases"] == [] for c in clusters)
            keep = ("cluster_id", "text", "speaker_id", "first_article_id", "n_occurrences",
                    "variants")
            assert [{k: c[k] for k in keep} for c in clusters] == \
                [{k: c[k] for k in keep} for c in current]
        assert parquet_rows(out, "speakers") == parquet_rows(tmp_path / "new", "speakers")
        assert all(a["speaker_confidence"] is None for a in parquet_rows(out, "attributions")
                   ) == (version < 3)


def test_an_ingest_committing_during_the_export_does_not_split_the_tables(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = open_readonly(db)
    before = queries.stats(conn)
    write = export_module._write_parquet
    written: list[str] = []

    def write_then_ingest(path: Path, rows: Any, columns: Any) -> int:
        n = write(path, rows, columns)
        written.append(path.parent.name)
        if len(written) == 1:  # articles are out: another process stores a batch
            with Store(db) as store:
                store.add_batch([fake_result("late", [(SCHOOLS, "Maria Gonzalez"),
                                                      ("A brand new statement made late", "Lee")],
                                             published="2024-04-01")])
        return n

    monkeypatch.setattr(export_module, "_write_parquet", write_then_ingest)
    counts = export(conn, tmp_path / "out", "parquet")
    assert written == ["articles", "attributions", "clusters", "speakers"]
    assert queries.stats(open_readonly(db))["articles"] == before["articles"] + 1
    assert {k: counts[k] for k in ("articles", "clusters", "speakers")} == {
        k: before[k] for k in ("articles", "clusters", "speakers")}
    schools = next(c for c in parquet_rows(tmp_path / "out", "clusters") if c["text"] == SCHOOLS)
    assert schools["n_occurrences"] == 4


def replicate(db: Path, times: int) -> None:
    """Make every row of the four exported tables ``times`` rows (new keys, same values)."""
    keys = {"articles": ("article_id", "uid", "ident"), "attributions": ("key",),
            "clusters": ("cluster_id",), "speakers": ("speaker_id",)}
    with sqlite3.connect(db) as conn:
        for table, unique in keys.items():
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                       if r[1] != "rowid"]
            values = [f"{c} || '-' || n" if c in unique else c for c in columns]
            conn.execute(
                f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?) "
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
                f"FROM {table}, k", (times - 1,))


def test_memory_stays_flat_whatever_the_number_of_rows(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Sixteen times the rows, the same peak of Python memory (row groups of 100 here).

    The interpreter keeps freed objects for reuse up to fixed limits (its free lists,
    emptied by a full garbage collection), which tracemalloc counts as held: a first
    export fills them, and the collector stays off while the two are measured.
    """
    monkeypatch.setattr(export_module, "ROWS_PER_GROUP", 100)
    stores = {}
    for times in (40, 640):
        stores[times] = build(tmp_path / f"s{times}.db")
        replicate(stores[times], times)
    export(open_readonly(stores[640]), tmp_path / "warm-up", "parquet")
    peaks, counts = {}, {}
    gc.disable()
    try:
        for times, db in stores.items():
            conn = open_readonly(db)
            tracemalloc.start()
            try:
                counts[times] = export(conn, tmp_path / f"out{times}", "parquet")
                peaks[times] = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
    finally:
        gc.enable()
    for times, db in stores.items():
        stats = queries.stats(open_readonly(db))
        assert {k: counts[times][k] for k in ("articles", "clusters", "speakers")} == {
            k: stats[k] for k in ("articles", "clusters", "speakers")}
        for table, n in counts[times].items():
            f = pq.ParquetFile(tmp_path / f"out{times}" / table / "part-00000.parquet")
            assert f.metadata.num_rows == n and f.metadata.num_row_groups == -(-n // 100)
    assert counts[640]["attributions"] == 16 * counts[40]["attributions"] > 5_000
    assert peaks[640] < 1.25 * peaks[40], peaks


def test_a_row_group_is_also_cut_by_the_size_of_its_text(db: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "BYTES_PER_GROUP", 50)
    export(open_readonly(db), tmp_path / "out", "parquet")
    f = pq.ParquetFile(tmp_path / "out" / "articles" / "part-00000.parquet")
    assert f.metadata.num_rows == 8 and f.metadata.num_row_groups == 8
