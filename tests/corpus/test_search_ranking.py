"""Search finds quotes: quote words rank above titles, phrases, the kind filter.

A small store written for this test: quotes whose words also appear in other articles'
headlines and speakers' names, so a ranking that let a title match win would fail.
``JUDGED`` labels, for each query, the quote (by its words) a reader wants first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import fake_result

from quotetrail.corpus import queries
from quotetrail.corpus.store import Store

ARTICLES = [
    fake_result("a1", [("If you can, get out now and go north", "Lena Ortiz")],
                title="Flood warning", published="2024-03-01"),
    fake_result("a2", [("We are staying put tonight", "Omar Haddad")],
                title="Get out now, mayor tells residents", published="2024-03-02"),
    fake_result("a3", [("Now is not the time to get out of the deal", "Ines Park")],
                title="Trade talks", published="2024-03-03"),
    fake_result("a4", [("The bridge will reopen in June", "Tom Bridge")],
                title="Bridge works", published="2024-03-04"),
    fake_result("a5", [("Our schools need a bridge loan", "Ana Silva")],
                title="School funding", published="2024-03-05"),
    fake_result("a6", [], mixed=[("Ortiz said people should “get out now” while roads "
                                  "were open.", ["get out now"], "Lena Ortiz")],
                title="Evacuation", published="2024-03-06"),
    fake_result("a7", [("Taxes will not rise this year", "Ines Park")],
                title="Budget: Park says taxes will not rise", published="2024-03-07"),
]

#: query -> words of the cluster that must rank first
JUDGED = {
    "get out now": "If you can, get out now",
    '"get out now"': "If you can, get out now",
    "“get out now”": "If you can, get out now",
    '"out of the deal"': "Now is not the time",
    "bridge": "bridge will reopen",
    "bridge loan": "bridge loan",
    "staying put": "We are staying put",
    "taxes rise": "Taxes will not rise",
    "go north": "If you can, get out now",
    "reopen June": "bridge will reopen",
    "schools": "Our schools need",
    '"not the time"': "Now is not the time",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db: Path = tmp_path_factory.mktemp("search") / "s.db"
    with Store(db) as s:
        s.add_batch(ARTICLES)
        yield s


@pytest.mark.parametrize("query", sorted(JUDGED))
def test_the_judged_quote_ranks_first(store: Any, query: str) -> None:
    results = queries.search(store.conn, query, occurrences=False)
    assert results, query
    assert JUDGED[query] in results[0]["text"], [r["text"] for r in results]
    assert results[0]["matched"] == "quote"


def test_a_quote_match_ranks_above_a_title_only_match(store: Any) -> None:
    results = queries.search(store.conn, "get out now", occurrences=False)
    matched = [(r["text"], r["matched"]) for r in results]
    title_only = [i for i, (_, m) in enumerate(matched) if m == "speaker or title"]
    quoted = [i for i, (_, m) in enumerate(matched) if m == "quote"]
    assert title_only and quoted and max(quoted) < min(title_only), matched
    # the headline "Get out now, mayor tells residents" brought in a quote without them
    assert any("staying put" in t for t, m in matched if m == "speaker or title")


def test_a_phrase_must_stand_together(store: Any) -> None:
    words = {r["text"] for r in queries.search(store.conn, "now get out", occurrences=False)}
    phrase = {r["text"] for r in queries.search(store.conn, '"now get out"',
                                                occurrences=False)}
    assert any("Now is not the time" in t for t in words)  # every word, any order
    assert not any("Now is not the time" in t for t in phrase)


def test_the_kind_filter(store: Any) -> None:
    direct = queries.search(store.conn, "get out now", occurrences=False,
                            filters=queries.SearchFilters(kind="direct"))
    mixed = queries.search(store.conn, "get out now", occurrences=False,
                           filters=queries.SearchFilters(kind="mixed"))
    assert direct and mixed
    for record in mixed:
        cluster = queries.cluster(store.conn, record["cluster_id"])
        assert any(o["kind"] == "mixed" for o in cluster["occurrences"])
    for record in direct:
        cluster = queries.cluster(store.conn, record["cluster_id"])
        assert any(o["kind"] == "direct" for o in cluster["occurrences"])
    with pytest.raises(Exception, match="kind must be one of"):
        queries.search(store.conn, "now", filters=queries.SearchFilters(kind="xml"))
