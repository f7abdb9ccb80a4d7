"""Trails page: a stable order (the trail's), the total, bounds, an index range per page
whatever the cluster's size, trail keys kept by the store, migrated into an older one,
and ``quotetrail trail --limit/--offset``."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import downgrade
from typer.testing import CliRunner

from quotetrail.cli import app
from quotetrail.corpus import queries, rebuild
from quotetrail.corpus.schema import SCHEMA_VERSION
from quotetrail.corpus.store import Store, open_readonly
from quotetrail.model import ArticleResult, Attribution, Span

FERRY = ("The ferry will run every hour from the first of June, and the fares will stay "
         "exactly where they are for children and pensioners")
TRAM = ("The tram line to the hospital will open in the spring of next year whatever the "
        "council decides about the depot")


def _date(i: int) -> str | None:
    """Days 1-9 of May; every third a date only, every seventh undated (ties on purpose:
    several articles share a day, a timestamp, an outlet)."""
    if i % 7 == 3:
        return None
    day = 1 + i % 9
    return f"2024-05-{day:02d}" if i % 3 == 0 else f"2024-05-{day:02d}T{8 + i % 4:02d}:00:00Z"


def _article(prefix: str, i: int, quote: str) -> ArticleResult:
    text = f"“{quote},” said Ines Moreau.\n"
    outlet = None if i % 11 == 5 else f"Outlet {i % 5}"
    return ArticleResult(
        id=f"{prefix}-{i:04d}", text=text, url=f"https://news.example/{prefix}/{i}",
        outlet=outlet, published=_date(i), model="fake 0", version="0",
        attributions=[Attribution(kind="direct", content=Span.of(text, 1, 1 + len(quote)),
                                  speaker="Ines Moreau", speakers=["Ines Moreau"],
                                  speaker_type="person", confidence=0.9,
                                  speaker_confidence=0.9)])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One statement in 400 articles (FERRY), another in 40 (TRAM), in shuffled batches."""
    db = tmp_path_factory.mktemp("paging") / "s.db"
    articles = [_article("ferry", i, FERRY) for i in range(400)] + \
        [_article("tram", i, TRAM) for i in range(40)]
    articles.sort(key=lambda a: (zlib.crc32(a.id.encode()) % 97, a.id))
    with Store(db) as s:
        for i in range(0, len(articles), 64):
            s.add_batch(articles[i:i + 64])
    return db


def cluster_of(conn: sqlite3.Connection, quote: str) -> str:
    return str(conn.execute("SELECT cluster_id FROM attributions WHERE content = ?",
                            (quote,)).fetchone()[0])


def documented_order(occurrences: list[dict[str, Any]]) -> list[str]:
    """docs/corpus.md's trail order, computed here from the records: by day; within a day
    timestamps (in order) before date-only ones; the undated last; then outlet (none
    first) and article id."""
    def key(o: dict[str, Any]) -> tuple[Any, ...]:
        d = o["published"]
        return (d is None, (d or "")[:10], d is not None and len(d) == 10, d or "",
                o["outlet"] is not None, o["outlet"] or "", o["article_id"])
    return [o["article_id"] for o in sorted(occurrences, key=key)]


def test_pages_follow_the_trail_order_and_add_up_to_the_trail(store: Path) -> None:
    conn = open_readonly(store)
    cid = cluster_of(conn, FERRY)
    everything = queries.trail(conn, cid)
    ids = [o["article_id"] for o in everything]
    assert len(ids) == 400 == len(set(ids))
    assert ids == documented_order(everything)
    paged: list[str] = []
    for offset in range(0, 420, 37):
        total, page = queries.trail_page(conn, cid, limit=37, offset=offset)
        assert total == 400
        paged += [o["article_id"] for o in page]
    assert paged == ids  # stable: no occurrence twice, none lost
    assert queries.trail_page(conn, cid, limit=10, offset=400) == (400, [])
    assert queries.trail_page(conn, cid, limit=10, offset=395)[1] == everything[395:]
    assert queries.trail(conn, cid, limit=5, offset=0) == everything[:5]
    assert queries.trail_page(conn, "cffffffffffff", limit=5) == (0, [])


def test_the_total_is_the_clusters_occurrences(store: Path) -> None:
    conn = open_readonly(store)
    for quote, n in ((FERRY, 400), (TRAM, 40)):
        record = queries.cluster_page(conn, cluster_of(conn, quote), limit=3, offset=1)
        assert record is not None
        assert record["total"] == record["n_occurrences"] == n
        assert len(record["occurrences"]) == 3


def test_a_page_is_an_index_range(store: Path) -> None:
    conn = open_readonly(store)
    plan = " | ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN " + queries.TRAIL_PAGE_SQL, ("c", 10, 0)))
    assert "COVERING INDEX attributions_trail (cluster_id=?)" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # no sort of the trail
    revisions = " | ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM articles o WHERE o.superseded_by = ?", (1,)))
    assert "articles_superseded" in revisions, revisions


def _steps(conn: sqlite3.Connection, cid: str, offset: int) -> int:
    """SQLite virtual-machine steps (in hundreds) one page of ten costs."""
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    conn.set_progress_handler(tick, 100)
    try:
        queries.trail_page(conn, cid, limit=10, offset=offset)
    finally:
        conn.set_progress_handler(None, 0)
    return counted[0]


def test_a_page_costs_the_same_in_a_small_and_a_ten_times_larger_cluster(store: Path) -> None:
    conn = open_readonly(store)
    small, large = _steps(conn, cluster_of(conn, TRAM), 20), \
        _steps(conn, cluster_of(conn, FERRY), 20)
    assert large <= small * 1.5 + 2, (small, large)


def test_the_store_keeps_trail_keys_when_an_article_changes(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as s:
        s.add_batch([_article("ferry", i, FERRY) for i in (1, 2, 4)])
        cid = cluster_of(s.conn, FERRY)
        before = [o["article_id"] for o in queries.trail(s.conn, cid)]
        last = before[-1]
        s.conn.execute("UPDATE articles SET sort_date = '2024-01-01' WHERE article_id = ?",
                       (last,))
        assert queries.trail(s.conn, cid)[0]["article_id"] == last
        assert s.conn.execute("SELECT COUNT(*) FROM attributions WHERE trail_key IS NULL"
                              ).fetchone()[0] == 0


def test_an_older_store_is_read_in_the_same_order_and_migrated_without_a_rebuild(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = open_readonly(store)
    cid = cluster_of(conn, FERRY)
    expected = queries.trail(conn, cid)
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as copy:
        conn.backup(copy)
        downgrade(copy, 5)
    reader = open_readonly(old)  # schema 5, read as it is: the same order, by a sort
    assert reader.execute("PRAGMA user_version").fetchone()[0] == 5
    assert queries.trail(reader, cid) == expected
    assert queries.trail_page(reader, cid, limit=7, offset=390) == (400, expected[390:397])
    reader.close()

    def no_rebuild(_conn: Any) -> Any:
        raise AssertionError("migrations 6 and 7 fill their columns; nothing derived changes")

    monkeypatch.setattr(rebuild, "rebuild", no_rebuild)
    with Store(old) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
        assert s.conn.execute("SELECT COUNT(*) FROM attributions WHERE trail_key IS NULL"
                              ).fetchone()[0] == 0
        assert queries.trail(s.conn, cid) == expected


def test_the_trail_command_pages(store: Path) -> None:
    conn = open_readonly(store)
    cid = cluster_of(conn, FERRY)
    everything = [o["article_id"] for o in queries.trail(conn, cid)]
    runner = CliRunner()
    result = runner.invoke(app, ["trail", cid, "--db", str(store), "--limit", "5",
                                 "--offset", "10", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["article_id"] for line in result.stdout.splitlines()] == \
        everything[10:15]
    whole = runner.invoke(app, ["trail", cid, "--db", str(store), "-f", "jsonl"])
    assert len(whole.stdout.splitlines()) == 400
    bad = runner.invoke(app, ["trail", cid, "--db", str(store), "--limit", "0"])
    assert bad.exit_code == 2
