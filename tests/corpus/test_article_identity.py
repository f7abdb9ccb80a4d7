"""An article's identity in the store does not depend on how its path was typed.

Articles are keyed by URL, else outlet and text hash, else text hash (DESIGN.md): the
same files ingested in another order, by other relative paths, from another walk root,
mixed with their own directory, or through a symlink loop make the same store; the ids
they arrive under are kept as aliases; the same URL with a new text is a revision.  The
articles are written for these tests.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import GONZALEZ_FULL, downgrade, fake_result, write_jsonl
from typer.testing import CliRunner

from quotetrail.cli import app
from quotetrail.corpus import queries
from quotetrail.corpus.schema import SCHEMA_VERSION
from quotetrail.corpus.store import Store, open_readonly
from quotetrail.jobs.ingest import ingest

runner = CliRunner()

A_TEXT = "“The bridge will reopen in May,” said Ines Moreau, the city engineer.\n"
B_TEXT = "“We were never told about the delay,” said Tomasz Rybak, a shop owner.\n"


def _tree(root: Path) -> Path:
    """d1/a.txt and d2/a.txt (different texts, the same file name), and d2/sub/b.txt."""
    (root / "d1").mkdir(parents=True)
    (root / "d2" / "sub").mkdir(parents=True)
    (root / "d1" / "a.txt").write_text(A_TEXT, encoding="utf-8")
    (root / "d2" / "a.txt").write_text(B_TEXT, encoding="utf-8")
    (root / "d2" / "sub" / "b.txt").write_text(
        "“Parking will be free on Sundays,” said Ines Moreau.\n", encoding="utf-8")
    return root


def _dump(db: Path) -> dict[str, Any]:
    conn = open_readonly(db)
    try:
        return queries.canonical_dump(conn, reader_ids=False)
    finally:
        conn.close()


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_the_same_files_in_the_other_order_are_not_stored_again(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    db = tmp_path / "s.db"
    first = ingest([str(root / "d1" / "a.txt"), str(root / "d2" / "a.txt")], str(db), workers=1)
    assert (first.stored, first.unchanged) == (2, 0)
    again = ingest([str(root / "d2" / "a.txt"), str(root / "d1" / "a.txt")], str(db), workers=1)
    assert (again.stored, again.unchanged) == (0, 2)
    assert _count(db, "SELECT COUNT(*) FROM articles") == 2


def test_other_orders_paths_and_walk_roots_make_the_same_store(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    ways = [
        [str(root)],                                           # the whole tree
        [str(root / "d2"), str(root / "d1")],                  # two roots, other order
        [str(root / "d2" / "sub" / "b.txt"), str(root / "d1" / "a.txt"),
         str(root / "d2" / "a.txt")],                          # the files one by one
        [str(root / "d1"), str(root / "d1" / "a.txt"), str(root / "d2")],  # a dir and its file
    ]
    dumps = []
    for n, paths in enumerate(ways):
        db = tmp_path / f"s{n}.db"
        report = ingest(paths, str(db), workers=1)
        assert report.failed == 0
        dumps.append(_dump(db))
        assert _count(db, "SELECT COUNT(*) FROM articles") == 3
    assert all(d == dumps[0] for d in dumps[1:])


def test_relative_paths_typed_differently_are_one_article(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    root = _tree(tmp_path / "in")
    db = tmp_path / "s.db"
    monkeypatch.chdir(root)
    ingest(["d1/a.txt"], str(db), workers=1)
    monkeypatch.chdir(root / "d2")
    report = ingest(["../d1/a.txt", str(root / "d1")], str(db), workers=1)
    assert (report.stored, report.unchanged) == (0, 2)
    assert _count(db, "SELECT COUNT(*) FROM articles") == 1


def test_ids_an_article_arrives_under_later_are_kept_as_aliases(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    db = tmp_path / "s.db"
    ingest([str(root / "d1" / "a.txt")], str(db), workers=1)   # id "a"
    ingest([str(root)], str(db), workers=1)                     # ids "d1/a", "d2/a", ...
    conn = open_readonly(db)
    try:
        record = queries.article(conn, "d1/a")  # found through its alias
        assert record is not None and record["id"] == "a"
        assert "d1/a" in record["aliases"]
        assert queries.article(conn, "d2/a")["text"] == B_TEXT
    finally:
        conn.close()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_a_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    (root / "d2" / "sub" / "up").symlink_to(root, target_is_directory=True)
    (root / "d1" / "again").symlink_to(root / "d1", target_is_directory=True)
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(root), "--db", str(db), "--workers", "1",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    loops = [line for line in result.stderr.splitlines() if "not walked twice" in line]
    assert len(loops) == 2 and all(line.startswith("warning: ") for line in loops)
    assert json.loads(result.stdout)[0]["stored"] == 3
    assert _count(db, "SELECT COUNT(*) FROM articles") == 3


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_extract_walks_each_real_directory_once(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    (root / "d2" / "sub" / "loop").symlink_to(root / "d2", target_is_directory=True)
    result = runner.invoke(app, ["extract", str(root), "--format", "jsonl"])
    assert result.exit_code == 0
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert sorted(ids) == ["d1/a", "d2/a", "d2/sub/b"]
    assert "not walked twice" in result.stderr


def test_without_a_url_the_outlet_and_text_are_the_identity(tmp_path: Path) -> None:
    quote = [(GONZALEZ_FULL, "Maria Gonzalez")]
    with Store(tmp_path / "s.db") as store:
        store.add_batch([fake_result("x", quote, url="", outlet="The Herald"),
                         fake_result("y", quote, url="", outlet="The Post"),    # a wire copy
                         fake_result("z", quote, url="", outlet="The Herald")])  # the same
        rows = store.conn.execute("SELECT article_id, outlet FROM articles ORDER BY rowid")
        assert [tuple(r) for r in rows] == [("x", "The Herald"), ("y", "The Post")]
        assert queries.article(store.conn, "z")["id"] == "x"


def test_a_new_text_under_the_same_url_is_a_revision_and_the_trail_keeps_the_newest(
        tmp_path: Path) -> None:
    url = "https://herald.example/schools"
    old = fake_result("s", [(GONZALEZ_FULL, "Maria Gonzalez")], url=url,
                      published="2024-03-05T08:00:00Z")
    new = fake_result("s", [(GONZALEZ_FULL + " next year", "Maria Gonzalez")], url=url,
                      published="2024-03-05T12:00:00Z")
    other = fake_result("t", [(GONZALEZ_FULL, "Maria Gonzalez")],
                        published="2024-03-06T08:00:00Z")
    for order in ([old, other, new], [new, other, old]):  # the older arriving last too
        with Store(tmp_path / f"s{order[0] is old}.db") as store:
            for result in order:
                store.add_batch([result])
            (cid,) = {r[0] for r in store.conn.execute(
                "SELECT cluster_id FROM attributions WHERE cluster_id IS NOT NULL")}
            trail = queries.trail(store.conn, cid)
            assert [(o["article_id"].split("~")[0], o["older_revisions"]) for o in trail] == \
                [("s", 1), ("t", 0)]
            assert trail[0]["content"]["text"].endswith("next year")
            record = queries.cluster(store.conn, cid, occurrences=False)
            assert record is not None and record["n_occurrences"] == 2
            ids = [r[0] for r in store.conn.execute(
                "SELECT article_id FROM articles WHERE url = ? ORDER BY published", (url,))]
            older = queries.article(store.conn, ids[0])
            assert older["superseded_by"] == ids[1] and older["revisions"] == [ids[1]]
            assert store.conn.execute("SELECT COUNT(*) FROM attr_fts WHERE attr_fts MATCH "
                                      "'year'").fetchone()[0] == 1


def test_a_quote_only_a_superseded_revision_held_is_clustered_again_when_it_comes_back(
        tmp_path: Path) -> None:
    """The statement of a quote that only an older revision held goes with it; the same
    quote arriving later in another article is a statement again, with its own row."""
    url = "https://herald.example/ferry"
    quote = "the harbour ferry will run every single hour from the first of June onwards"
    with Store(tmp_path / "s.db") as store:
        store.add_batch([fake_result("a", [(quote, "Ines Moreau")], url=url,
                                     published="2024-01-01")])
        (gone,) = [r[0] for r in store.conn.execute("SELECT cluster_id FROM clusters")]
        store.add_batch([fake_result("a", [("nothing more to add today", None)], url=url,
                                     published="2024-01-02")])
        assert queries.cluster(store.conn, gone) is None
        store.add_batch([fake_result("b", [(quote, "Ines Moreau")])])
        (cid,) = {r[0] for r in store.conn.execute(
            "SELECT a.cluster_id FROM attributions a JOIN articles ar ON ar.rowid = a.article "
            "WHERE ar.article_id = 'b'")}
        record = queries.cluster(store.conn, cid)
        assert record is not None and record["n_occurrences"] == 1
        assert [o["article_id"] for o in record["occurrences"]] == ["b"]
        dangling = store.conn.execute(
            "SELECT COUNT(*) FROM attributions WHERE cluster_id IS NOT NULL AND cluster_id "
            "NOT IN (SELECT cluster_id FROM clusters)").fetchone()[0]
        assert dangling == 0


def test_rebuild_reads_the_names_credited_side_by_side_afresh(tmp_path: Path) -> None:
    """Father and son credited in a revision that was superseded tell nothing once it is:
    a rebuild reads the conflicts from the live attributions (and names them rightly)."""
    url = "https://herald.example/trumps"
    first = fake_result("t", [("we will build it and we will build it fast", "Donald Trump"),
                              ("my father will build it very fast", "Donald Trump Jr.")],
                        url=url, published="2024-01-01")
    second = fake_result("t", [("we will build it and we will build it fast", "Donald Trump")],
                         url=url, published="2024-01-02")
    other = fake_result("o", [("the council has not seen any plans for it", "Ines Moreau")])
    with Store(tmp_path / "s.db") as store:
        store.add_batch([first])
        store.add_batch([other, second])
        store.rebuild()
        rows = store.conn.execute(
            "SELECT c.bucket, x.bucket, y.bucket FROM form_conflicts c "
            "LEFT JOIN name_forms x ON x.form = c.a LEFT JOIN name_forms y ON y.form = c.b"
            ).fetchall()
        assert rows == []
    with Store(tmp_path / "t.db") as again:  # the same articles, the other way round
        again.add_batch([second, other])
        again.add_batch([first])
        again.rebuild()
        assert queries.canonical_dump(again.conn, reader_ids=False)["form_conflicts"] == []


def test_rebuild_gives_the_store_an_incremental_ingest_made(tmp_path: Path) -> None:
    results = [fake_result(f"a{i}", [(GONZALEZ_FULL if i % 2 else "Schools first, always",
                                      "Maria Gonzalez" if i % 3 else "Gonzalez")])
               for i in range(9)]
    with Store(tmp_path / "s.db") as store:
        for i in range(0, len(results), 4):
            store.add_batch(results[i:i + 4])
        before = queries.canonical_dump(store.conn)
        counts = store.rebuild()
        assert counts["attributions"] == 9
        assert queries.canonical_dump(store.conn) == before


def test_an_older_store_keyed_by_reader_ids_is_rekeyed(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    quote = [(GONZALEZ_FULL, "Maria Gonzalez")]
    with Store(path) as store:  # the same text stored twice, under two ids, as before
        store.add_batch([fake_result("d1/a", quote, url=""), fake_result("other", [
            ("Schools first, always", "Maria Gonzalez")], url="")])
        store.add_batch([fake_result("a", quote, url="https://x.example/a")])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles SET url = NULL, ident = article_id")
    downgrade(conn, 3)
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        ids = [r[0] for r in store.conn.execute("SELECT article_id FROM articles ORDER BY rowid")]
        assert ids == ["d1/a", "other"]
        assert queries.article(store.conn, "a")["id"] == "d1/a"
        sizes = sorted(r[0] for r in store.conn.execute("SELECT n_occurrences FROM clusters"))
        assert sizes == [1, 1]
        store.add_batch([fake_result("again", quote, url="")])  # still the same article
        assert store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2


def test_jsonl_records_with_urls_are_keyed_by_url(tmp_path: Path) -> None:
    records = [{"id": "one", "url": "https://p.example/1", "text": A_TEXT},
               {"id": "two", "url": "https://p.example/2", "text": A_TEXT}]  # syndicated
    path = write_jsonl(tmp_path / "in.jsonl", records)
    db = tmp_path / "s.db"
    assert ingest([str(path)], str(db), workers=1).stored == 2
    renamed = write_jsonl(tmp_path / "in2.jsonl", [dict(r, id=r["id"] + "-x") for r in records])
    assert ingest([str(renamed)], str(db), workers=1).unchanged == 2


def test_rebuild_keeps_the_people_an_article_tells_apart(tmp_path: Path) -> None:
    # two people of one surname, credited side by side, are two people (a conflict
    # between their names); a rebuild must derive that afresh, not keep stale pairs
    people = [("Ann Lindqvist", "Bo Lindqvist"), ("Carl Osei", "Dina Osei"),
              ("Eva Marsh", "Fred Marsh"), ("Gus Tanaka", "Hana Tanaka")]
    words = ["harbour", "ferries", "bridges", "tunnels", "parks", "libraries", "schools",
             "clinics", "markets", "stadiums", "museums", "depots"]
    results = []
    for i, (x, y) in enumerate(people * 2):
        a, b, c = words[i % 12], words[(i + 4) % 12], words[(i + 8) % 12]
        results.append(fake_result(f"s{i}", [(f"Our {a} matter", x)]))
        results.append(fake_result(f"p{i}", [(f"Fund {b} now", x), (f"Close {c} soon", y)]))
    with Store(tmp_path / "s.db") as store:
        for i in range(0, len(results), 3):
            store.add_batch(results[i:i + 3])
        before = queries.canonical_dump(store.conn)
        assert before["form_conflicts"]
        store.rebuild()
        assert queries.canonical_dump(store.conn) == before
