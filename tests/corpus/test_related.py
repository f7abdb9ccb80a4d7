"""Related statements: the same speaker in the same article, or a substantial part of the
wording shared below what joins two wordings -- found by bounded, indexed queries."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import downgrade

from quotetrail.corpus import queries, related
from quotetrail.corpus.store import Store, open_readonly
from quotetrail.model import ArticleResult, Attribution, Span

SCHOOLS = ("We will rebuild every school in this district before the next winter comes, and "
           "we will do it without raising a single tax")
BUSES = "The buses will run on time from the first of June or I will resign"
BAKER_HERE = "Nobody on this council believes a word of the budget she has written"
BAKER_LATER = ("Rebuilding every school in this district before the next winter comes is a "
               "fantasy that nobody who can count believes")
STOCK = "At the end of the day we will do what the voters of this city want from us"
OTHER = "The harbour wall will be finished by the autumn and the fishermen know it"


def _article(id: str, quotes: list[tuple[str, str]], published: str = "2024-03-05"
             ) -> ArticleResult:
    text, atts = "", []
    for quote, speaker in quotes:
        start = len(text) + 1
        text += f"“{quote},” said {speaker}. "
        atts.append(Attribution(kind="direct", content=Span.of(text, start, start + len(quote)),
                                speaker=speaker, speakers=[speaker], speaker_type="person",
                                confidence=0.9, speaker_confidence=0.9))
    return ArticleResult(id=id, text=text, url=f"https://news.example/{id}",
                         outlet=f"Outlet {id}", published=published, model="fake 0",
                         version="0", attributions=atts)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("related") / "s.db"
    with Store(db) as s:
        s.add_batch([
            _article("town-hall", [(SCHOOLS, "Maria Gonzalez"), (BUSES, "Maria Gonzalez"),
                                   (BAKER_HERE, "Tom Baker")]),
            _article("copy", [(SCHOOLS, "Maria Gonzalez")], "2024-03-06"),
            _article("reply", [(BAKER_LATER, "Tom Baker")], "2024-03-07"),
            _article("stock", [(STOCK, "Tom Baker")], "2024-03-08"),
            _article("harbour", [(OTHER, "Maria Gonzalez")], "2024-03-09"),
        ])
    return db


def cid(conn: sqlite3.Connection, quote: str) -> str:
    return str(conn.execute("SELECT cluster_id FROM attributions WHERE content = ?",
                            (quote,)).fetchone()[0])


def by_text(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["text"]: r for r in records}


def test_the_same_speaker_in_the_same_article_and_shared_wording_are_related(
        store: Path) -> None:
    conn = open_readonly(store)
    found = by_text(queries.related(conn, cid(conn, SCHOOLS)))
    assert set(found) == {BUSES, BAKER_LATER}, list(found)
    buses = found[BUSES]
    assert buses["relations"] == ["same_speaker_article"] and buses["same_speaker_articles"] == 1
    assert buses["speaker_id"] == "maria-gonzalez" and buses["n_occurrences"] == 1
    wording = found[BAKER_LATER]
    assert wording["relations"] == ["shared_wording"]
    assert 0.25 <= wording["overlap"] < 0.7  # below what links two wordings
    shared = wording["shared"]
    root = queries.cluster(conn, cid(conn, SCHOOLS), occurrences=False)["text"]
    assert root[shared["start"]:shared["end"]] == shared["text"] == \
        "every school in this district before the next winter comes"
    # a different speaker in the same article, a stock phrase, another topic: unrelated
    assert BAKER_HERE not in found and STOCK not in found and OTHER not in found


def test_relations_go_both_ways_and_never_to_itself(store: Path) -> None:
    conn = open_readonly(store)
    assert SCHOOLS in by_text(queries.related(conn, cid(conn, BUSES)))
    assert SCHOOLS in by_text(queries.related(conn, cid(conn, BAKER_LATER)))
    for quote in (SCHOOLS, BUSES, BAKER_HERE, BAKER_LATER, STOCK, OTHER):
        assert cid(conn, quote) not in {r["cluster_id"] for r in
                                       queries.related(conn, cid(conn, quote))}
    assert queries.related(conn, "cffffffffffff") == []


def test_related_lists_are_bounded(tmp_path: Path) -> None:
    many = [f"The {w} plan for the {w} quarter will be ready before the {w} elections"
            for w in ("north", "south", "east", "west", "harbour", "river", "market",
                      "castle", "station", "garden", "college", "airport")]
    # eleven other speakers say the middle of it, each within words of their own (so that
    # no two of them are one statement either)
    echoes = [" ".join(f"{w}{k}" for w in ("first", "second", "third", "fourth", "fifth"))
              + " every school in this district before the next winter comes "
              + " ".join(f"{w}{k}" for w in ("sixth", "seventh", "eighth", "ninth", "tenth",
                                              "eleventh", "twelfth"))
              for k in range(11)]
    db = tmp_path / "s.db"
    with Store(db) as s:
        s.add_batch([_article("big", [(SCHOOLS, "Maria Gonzalez")]
                              + [(q, "Maria Gonzalez") for q in many])]
                    + [_article(f"echo-{i}", [(q, f"Speaker {chr(65 + i)} Jones")])
                       for i, q in enumerate(echoes)])
    conn = open_readonly(db)
    found = queries.related(conn, cid(conn, SCHOOLS))
    same = [r for r in found if "same_speaker_article" in r["relations"]]
    wording = [r for r in found if "shared_wording" in r["relations"]]
    assert len(same) == related.LIMIT < len(many)
    assert len(wording) == related.LIMIT < len(echoes)
    assert [r["overlap"] for r in wording] == sorted((r["overlap"] for r in wording),
                                                     reverse=True)


def test_the_queries_use_indexes(store: Path) -> None:
    conn = open_readonly(store)

    def plan(sql: str, params: tuple[Any, ...]) -> str:
        return " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))

    captured: list[tuple[str, tuple[Any, ...]]] = []
    original = conn

    class Recording:
        def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
            captured.append((sql, tuple(params)))
            return original.execute(sql, params)

    related.related(Recording(), cid(conn, SCHOOLS))  # type: ignore[arg-type]
    plans = [plan(sql, params) for sql, params in captured if sql.lstrip().startswith("SELECT")]
    joined = " || ".join(plans)
    assert "SCAN" not in joined.replace("SCAN x", ""), joined  # (x: the 50 rows read first)
    assert "INDEX attributions_trail (cluster_id=?)" in joined
    assert "attributions_article" in joined
    assert "postings USING PRIMARY KEY (shingle=?)" in joined
    assert all("LIMIT" in sql or "WHERE shingle IN" in sql or "cluster_id = ?" in sql
               or "u.unit IN" in sql for sql, _ in captured), captured


def test_an_older_store_finds_the_same(store: Path, tmp_path: Path) -> None:
    conn = open_readonly(store)
    expected = queries.related(conn, cid(conn, SCHOOLS))
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as copy:
        conn.backup(copy)
        downgrade(copy, 5)
    reader = open_readonly(old)
    assert queries.related(reader, cid(reader, SCHOOLS)) == expected
