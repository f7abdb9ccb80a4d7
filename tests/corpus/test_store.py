"""The store: schema versions and migrations, article identity and copies, WAL readers,
``--no-store-text``, and FTS5 queries that are always escaped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from corpus_fixtures import fake_result

from quotetrail import errors
from quotetrail.corpus import queries
from quotetrail.corpus.schema import SCHEMA_VERSION
from quotetrail.corpus.store import Store, open_readonly

QUOTE = "We will rebuild every school in this district before the next winter comes"


def version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_a_new_store_has_the_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    assert version(tmp_path / "s.db") == SCHEMA_VERSION >= 2
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def write_first_release_store(path: Path) -> None:
    """A store as the first release wrote it (schema 1: no runs, no name forms), by SQL:
    "Leon Okafor" in one article, "Mr. Okafor" in another."""
    from quotetrail.corpus.schema import MIGRATIONS

    with sqlite3.connect(path) as conn:
        conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
        for rowid, speaker in ((1, "Leon Okafor"), (2, "Okafor")):
            sid = speaker.lower().replace(" ", "-")
            conn.execute("INSERT INTO articles (rowid, article_id, uid, ident, text_hash, "
                         "n_chars, model, version, text) VALUES (?, ?, ?, ?, ?, 10, 'm', '0', "
                         "'Mr. Okafor said so.')",
                         (rowid, f"a{rowid}", f"u{rowid}", f"a{rowid}", f"h{rowid}"))
            conn.execute(
                "INSERT INTO attributions (rowid, article, idx, key, kind, content_start, "
                "content_end, content, fragments, source, speaker, speakers, speaker_type, "
                "confidence, speaker_id, grp) VALUES (?, ?, 0, ?, 'direct', 0, 5, 'words', "
                "'[]', ?, ?, ?, 'person', 0.9, ?, 0)",
                (rowid, rowid, f"u{rowid}:00000",
                 '{"start": 0, "end": 10, "text": "Mr. Okafor"}', speaker, f'["{speaker}"]', sid))
            conn.execute("INSERT INTO attribution_speakers VALUES (?, 0, ?, 'person', 'okafor', "
                         "?, '', '', ?)", (rowid, speaker, "leon" if " " in speaker else "", sid))
        conn.execute("INSERT INTO persons VALUES ('okafor', 'leon')")


def test_an_older_store_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write_first_release_store(path)
    assert version(path) == 1
    reader = open_readonly(path)  # a reader of an old store reads it as it is
    assert queries.article(reader, "a1")["attributions"][0]["speaker_confidence"] is None
    reader.close()
    with Store(path) as store:
        assert version(path) == SCHEMA_VERSION
        assert queries.stats(store.conn)["articles"] == 2
        store.start_run("local", ["x"], "2024-01-01T00:00:00Z")  # the table migration 2 added
        # migration 3 re-indexed the names: one speaker, unknown speaker confidence
        atts = [a for i in ("a1", "a2") for a in queries.article(store.conn, i)["attributions"]]
        assert [a["speaker_id"] for a in atts] == ["leon-okafor", "leon-okafor"]
        assert {a["speaker_confidence"] for a in atts} == {None}
        assert [s["speaker_id"] for s in queries.speaker_list(store.conn)] == ["leon-okafor"]
        store.add_batch([fake_result("b", [(QUOTE, "Maria Gonzalez")])])
        assert queries.stats(store.conn)["speakers"] == 2


def test_a_store_from_a_newer_quotetrail_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(errors.QuotetrailError, match="newer"):
        Store(path)
    with pytest.raises(errors.QuotetrailError, match="newer"):
        open_readonly(path)


def test_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "x.db").write_text("hello, I am not SQLite" * 100)
    with pytest.raises(errors.QuotetrailError):
        open_readonly(tmp_path / "x.db")
    with pytest.raises(errors.UsageError):
        open_readonly(tmp_path / "missing.db")


def test_storing_the_same_articles_again_changes_nothing(tmp_path: Path) -> None:
    results = [fake_result("a", [(QUOTE, "Maria Gonzalez")], url="https://a.example/1"),
               fake_result("b", [(QUOTE, "Gonzalez")], url="https://b.example/1")]
    with Store(tmp_path / "s.db") as store:
        assert store.add_batch(results).stored == 2
        before = queries.canonical_dump(store.conn)
        again = store.add_batch(results)
        assert (again.stored, again.already) == (0, 2)
        assert queries.canonical_dump(store.conn) == before


def test_a_wire_copy_under_two_urls_is_two_articles_linked_as_copies(tmp_path: Path) -> None:
    wire = fake_result("ap-1", [(QUOTE, "Maria Gonzalez")], url="https://herald.example/1",
                       outlet="Herald", published="2024-03-05")
    copy = fake_result("daily-9", [(QUOTE, "Maria Gonzalez")], url="https://daily.example/9",
                       outlet="Daily", published="2024-03-06")
    assert copy.text == wire.text
    with Store(tmp_path / "s.db") as store:
        store.add_batch([wire, copy])
        a = queries.article(store.conn, "ap-1")
        assert a is not None and a["copies"] == ["daily-9"]
        (cluster,) = queries.search(store.conn, "rebuild")
        assert [o["outlet"] for o in cluster["occurrences"]] == ["Herald", "Daily"]


def test_a_revised_article_keeps_both_versions_under_distinct_ids(tmp_path: Path) -> None:
    first = fake_result("story", [(QUOTE, "Maria Gonzalez")], url="https://a.example/s")
    revised = fake_result("story", [(QUOTE + " at last", "Maria Gonzalez")],
                          url="https://a.example/s")
    with Store(tmp_path / "s.db") as store:
        store.add_batch([first])
        store.add_batch([revised])
        ids = [r[0] for r in store.conn.execute("SELECT article_id FROM articles ORDER BY rowid")]
    assert ids[0] == "story" and ids[1].startswith("story~") and len(ids) == 2


def test_no_store_text_keeps_quotes_and_offsets_but_not_the_text(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_batch([fake_result("a", [(QUOTE, "Maria Gonzalez")])], store_text=False)
        a = queries.article(store.conn, "a")
        assert a is not None and a["text"] is None
        (att,) = a["attributions"]
        assert att["content"] == {"start": 1, "end": 1 + len(QUOTE), "text": QUOTE}
        assert queries.search(store.conn, "winter")  # quotes stay searchable


@pytest.mark.parametrize("query", ['rebuild"', "NEAR(school winter)", "school*", "a OR b",
                                   "content:school", "-school", "(", "'", "^school"])
def test_user_queries_never_reach_fts5_unescaped(tmp_path: Path, query: str) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_batch([fake_result("a", [(QUOTE, "Maria Gonzalez")], title="Schools")])
        queries.search(store.conn, query)  # no sqlite3.OperationalError


def test_search_finds_speakers_and_titles_too(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_batch([fake_result("a", [(QUOTE, "Maria Gonzalez")], title="Budget day")])
        assert queries.search(store.conn, "gonzalez")
        assert queries.search(store.conn, "budget")
        assert queries.search(store.conn, "Gonzalez WINTER")
        assert not queries.search(store.conn, "gonzalez elephant")
        with pytest.raises(errors.UsageError):
            queries.search(store.conn, "   ")


def test_readers_see_the_last_committed_batch_while_a_batch_is_written(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_batch([fake_result("a", [(QUOTE, "Maria Gonzalez")])])
        reader = open_readonly(path)
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("DELETE FROM clusters")  # an uncommitted write in progress
        assert queries.stats(reader)["clusters"] == 1  # not blocked, not dirty
        store.conn.execute("ROLLBACK")
        store.add_batch([fake_result("b", [("Something else entirely was said today", "X Y")])])
        assert queries.stats(reader)["articles"] == 2
        reader.close()


def test_a_batch_that_fails_midway_leaves_nothing_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quotetrail.corpus import cluster_rows

    with Store(tmp_path / "s.db") as store:
        store.add_batch([fake_result("a", [(QUOTE, "Maria Gonzalez")])])
        before = queries.canonical_dump(store.conn)

        def boom(*args: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(cluster_rows, "finish", boom)
        with pytest.raises(RuntimeError):
            store.add_batch([fake_result("b", [(QUOTE, "Gonzalez")])])
        assert queries.canonical_dump(store.conn) == before
