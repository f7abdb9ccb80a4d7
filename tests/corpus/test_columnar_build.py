"""The columnar build (``ingest --from-shards --build columnar``, the Dask engine's
default): a store built from Parquet shards in one go is the store that ingesting the
same results batch by batch and then rebuilding gives.  The quotes are written for these
tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import dump, fake_result
from typer.testing import CliRunner

from quotetrail.cli import app
from quotetrail.corpus import rebuild as rebuild_module
from quotetrail.corpus.store import Store
from quotetrail.jobs.columnar import build_from_shards
from quotetrail.jobs.shards import write_shard

FULL = "the night buses will run until two in the morning from the first of May"
PART = "the night buses will run until two in the morning"
OTHER = "our libraries will open on Sundays"


def _results() -> list[Any]:
    out = []
    for i in range(9):
        speaker = ("Rosa Delgado", "Delgado", "Rosa M. Delgado")[i % 3]
        quote = (FULL, PART, OTHER)[i % 3]
        out.append(fake_result(f"n{i}", [(quote, speaker), (f"{OTHER} and holidays", "Ben Ito")],
                               url=f"https://paper{i % 4}.example/{i}",
                               outlet=f"Paper {i % 4}", published=f"2024-05-0{i % 9 + 1}"))
    # a revision: the same URL with a new text
    out.append(fake_result("n0-fixed", [(FULL, "Rosa Delgado")], url="https://paper0.example/0",
                           outlet="Paper 0", published="2024-05-09"))
    return out


def _shards(where: Path, results: list[Any], size: int) -> Path:
    where.mkdir()
    for n in range(0, len(results), size):
        write_shard(str(where / f"part-{n // size:06d}.parquet"), results[n:n + size])
    return where


def _incremental_then_rebuilt(db: Path, results: list[Any]) -> dict[str, Any]:
    with Store(db) as store:
        for n in range(0, len(results), 3):
            store.add_batch(results[n:n + 3])
        store.rebuild()
    return dump(db)


def test_a_columnar_build_is_the_store_an_ingest_and_a_rebuild_make(tmp_path: Path) -> None:
    results = _results()
    shards = _shards(tmp_path / "shards", results, 4)
    report = build_from_shards([str(shards)], str(tmp_path / "c.db"))
    assert (report.stored, report.unchanged, report.failed) == (10, 0, 0)
    expected = _incremental_then_rebuilt(tmp_path / "i.db", results)
    assert dump(tmp_path / "c.db") == expected
    assert len(expected["clusters"]) >= 2


def test_how_the_shards_were_cut_does_not_change_the_store(tmp_path: Path) -> None:
    results = _results()
    build_from_shards([str(_shards(tmp_path / "a", results, 3))], str(tmp_path / "a.db"))
    build_from_shards([str(_shards(tmp_path / "b", results[::-1], 7))], str(tmp_path / "b.db"))
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")


def test_copies_and_stored_articles_are_unchanged_and_their_ids_kept(tmp_path: Path) -> None:
    results = _results()
    copy = fake_result("elsewhere/n3", [], url="https://paper3.example/3")
    copy.text, copy.attributions = results[3].text, results[3].attributions
    shards = _shards(tmp_path / "shards", [*results, copy], 5)
    db = tmp_path / "c.db"
    first = build_from_shards([str(shards)], str(db))
    assert (first.stored, first.unchanged) == (10, 1)
    again = build_from_shards([str(shards)], str(db))
    assert (again.stored, again.unchanged) == (0, 11)
    with Store(db) as store:
        aliases = store.conn.execute("SELECT alias FROM article_aliases").fetchall()
    assert aliases == [("elsewhere/n3",)]


def test_a_build_adds_to_a_store_as_ingesting_everything_would(tmp_path: Path) -> None:
    results = _results()
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_batch(results[:4])
    report = build_from_shards([str(_shards(tmp_path / "shards", results[4:], 2))], str(db))
    assert report.stored == 6
    assert dump(db) == _incremental_then_rebuilt(tmp_path / "i.db", results)


def test_bad_shards_and_records_are_reported_and_the_rest_stored(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    shards = _shards(tmp_path / "shards", _results()[:3], 3)
    (shards / "part-000009.parquet").write_bytes(b"\x00not parquet")
    pq.write_table(pa.table({"id": ["x", "y"], "record": ["{not json", '{"text": "no id"}']}),
                   shards / "part-000010.parquet")
    errors: list[Any] = []
    report = build_from_shards([str(shards)], str(tmp_path / "c.db"), on_error=errors.append)
    assert (report.stored, report.failed) == (3, 3)
    messages = " | ".join(e.message for e in errors)
    assert "part-000009.parquet" in messages and "part-000010.parquet:1" in messages
    assert "part-000010.parquet:2" in messages


def test_a_build_that_fails_leaves_the_store_as_it_was(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    results = _results()
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_batch(results[:2])
    before = dump(db)

    def broken(conn: Any) -> dict[str, int]:
        raise RuntimeError("killed")

    monkeypatch.setattr(rebuild_module, "rebuild", broken)
    with pytest.raises(RuntimeError):
        build_from_shards([str(_shards(tmp_path / "shards", results, 4))], str(db))
    assert dump(db) == before
    assert not list(tmp_path.glob("quotetrail-duckdb-*"))  # its spill directory went


def test_the_cli_builds_from_shards_and_says_what_failed(tmp_path: Path) -> None:
    shards = _shards(tmp_path / "shards", _results()[:4], 2)
    (shards / "part-000099.parquet").write_bytes(b"junk")
    db = tmp_path / "c.db"
    out = CliRunner().invoke(app, ["ingest", str(shards), "--db", str(db), "--from-shards",
                                   "--build", "columnar", "--format", "jsonl"])
    assert out.exit_code == 1, out.output
    assert "part-000099.parquet" in out.stderr and "Traceback" not in out.stderr
    assert '"stored": 4' in out.stdout
    local = CliRunner().invoke(app, ["ingest", str(shards), "--db", str(db),
                                     "--build", "columnar"])
    assert local.exit_code == 2 and "--engine dask or --from-shards" in local.stderr


def test_a_store_in_a_folder_with_a_quote_in_its_name_builds(tmp_path: Path) -> None:
    folder = tmp_path / "o'neil's corpus"
    folder.mkdir()
    shards = _shards(folder / "shards", _results()[:3], 2)
    report = build_from_shards([str(shards)], str(folder / "c.db"))
    assert (report.stored, report.failed) == (3, 0)


def test_a_build_into_an_empty_store_bypasses_the_wal_and_leaves_it_on(tmp_path: Path) -> None:
    import os
    import sqlite3

    db, wal = tmp_path / "c.db", tmp_path / "c.db-wal"
    with Store(db) as store:
        store.load_all(_results())
        # in WAL mode the commit would have written every page of the store to the WAL
        assert (os.path.getsize(wal) if wal.exists() else 0) < os.path.getsize(db) / 4
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_build_with_a_reader_attached_keeps_the_wal(tmp_path: Path) -> None:
    from quotetrail.corpus.store import open_readonly

    db = tmp_path / "c.db"
    Store(db).close()
    reader = open_readonly(db)
    reader.execute("SELECT COUNT(*) FROM articles").fetchone()
    report = build_from_shards([str(_shards(tmp_path / "shards", _results(), 4))], str(db))
    assert report.stored == 10
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 10
    reader.close()


@pytest.mark.parametrize("stage", ["loading", "deriving"])
def test_a_killed_build_leaves_the_store_as_it_was_and_the_next_one_finishes(
        tmp_path: Path, stage: str) -> None:
    import signal
    import subprocess
    import sys

    results = _results()
    db = tmp_path / "c.db"
    with Store(db) as store:
        if stage == "deriving":  # a store holding articles: the build goes through the WAL
            store.add_batch(results[:2])
    before = dump(db)  # "loading" starts empty: the build writes through a rollback journal
    shards = _shards(tmp_path / "shards", results, 4)
    driver = Path(__file__).with_name("columnar_kill_driver.py")
    proc = subprocess.run([sys.executable, str(driver), str(db), stage, str(shards)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert dump(db) == before  # a hot journal or an uncommitted WAL: rolled back
    build_from_shards([str(shards)], str(db))
    assert dump(db) == _incremental_then_rebuilt(tmp_path / "i.db", results)


def _seen_buckets(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The row groups of each bucket a build loads from, one list per build (the buckets
    are gone when it ends)."""
    import pyarrow.parquet as pq

    from quotetrail.jobs import columnar

    seen: list[list[int]] = []
    listed = columnar._buckets

    def recorded(where: str) -> list[str]:
        found = listed(where)
        seen.append([pq.ParquetFile(f"{path}/records.parquet").num_row_groups
                     for path in found])
        return found

    monkeypatch.setattr(columnar, "_buckets", recorded)
    return seen


def test_articles_read_back_in_many_buckets_load_in_the_order_of_their_identities(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past DuckDB's memory limit the records are not sorted there: they go to buckets of
    consecutive positions, each sorted when it is read.  One record per bucket gives the
    store that one bucket gives, articles in the same order."""
    from quotetrail.jobs import columnar

    shards = _shards(tmp_path / "shards", _results(), 3)
    build_from_shards([str(shards)], str(tmp_path / "one.db"))
    monkeypatch.setattr(columnar, "BUCKET_BYTES", 1)
    seen = _seen_buckets(monkeypatch)
    report = build_from_shards([str(shards)], str(tmp_path / "many.db"))
    assert report.stored == 10 and seen == [[1] * 10]
    assert dump(tmp_path / "many.db") == dump(tmp_path / "one.db")
    with Store(tmp_path / "many.db") as store:
        idents = [r[0] for r in store.conn.execute("SELECT ident FROM articles ORDER BY rowid")]
    assert idents == sorted(idents)


def test_a_bucket_written_a_record_at_a_time_loads_as_one_written_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records are copied into buckets shard by shard, a row group whenever a bucket's
    buffer fills, so one bucket holds rows of many shards out of order; read back, it
    still loads its articles in the order of their identities."""
    from quotetrail.jobs import columnar

    shards = _shards(tmp_path / "shards", _results(), 3)
    build_from_shards([str(shards)], str(tmp_path / "once.db"))
    monkeypatch.setattr(columnar, "_BUCKET_BUFFER", 1)
    seen = _seen_buckets(monkeypatch)
    build_from_shards([str(shards)], str(tmp_path / "each.db"))
    assert seen == [[10]]
    assert dump(tmp_path / "each.db") == dump(tmp_path / "once.db")
