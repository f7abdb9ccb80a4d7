"""A statement's id stays valid: a cluster merged into another, or renamed by a rebuild,
redirects to the one it became.  The quotes are written for these tests."""

from __future__ import annotations

from pathlib import Path

from corpus_fixtures import fake_result
from typer.testing import CliRunner

from quotetrail.cli import app
from quotetrail.corpus import queries
from quotetrail.corpus.store import Store

FIRST = "the ferry will run every hour from the first of June until the end of August"
SECOND = "and the fares will stay exactly where they are for children and pensioners"


def _cluster_of(store: Store, article_id: str) -> str:
    row = store.conn.execute(
        "SELECT a.cluster_id FROM attributions a JOIN articles ar ON ar.rowid = a.article "
        "WHERE ar.article_id = ?", (article_id,)).fetchone()
    return str(row[0])


def test_a_bridging_wording_merges_two_statements_and_the_old_id_redirects(
        tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add_batch([fake_result("a1", [(FIRST, "Ines Moreau")]),
                         fake_result("a2", [(FIRST, "Ines Moreau")]),
                         fake_result("b1", [(SECOND, "Ines Moreau")])])
        big, small = _cluster_of(store, "a1"), _cluster_of(store, "b1")
        assert big != small
        # the full quote, of which the two were pieces
        store.add_batch([fake_result("c1", [(f"{FIRST}, {SECOND}", "Ines Moreau")])])
        merged = _cluster_of(store, "c1")
        assert merged == big  # the larger cluster keeps its id
        assert _cluster_of(store, "b1") == merged
        assert queries.current_cluster_id(store.conn, small) == merged
        assert queries.cluster(store.conn, small) is None
        record = queries.cluster(store.conn, merged)
        assert record is not None and record["n_occurrences"] == 4
        assert record["n_articles"] == 4 and record["text"] == f"{FIRST}, {SECOND}"
        store.rebuild()  # canonical ids: both old ids still lead somewhere
        now = _cluster_of(store, "c1")
        assert {queries.current_cluster_id(store.conn, c) for c in (big, small)} == {now}
    result = CliRunner().invoke(app, ["trail", small, "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0
    assert f"was merged into {now}" in result.stderr
    assert len(result.stdout.splitlines()) == 4


def test_an_unknown_id_is_still_unknown(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_batch([fake_result("a1", [(FIRST, "Ines Moreau")])])
        assert queries.current_cluster_id(store.conn, "c000000000000") is None
