"""A judged search set: a small store written for it, queries, and the clusters a reader
wants for each.

The articles are invented.  They are built so that a ranking which lets a headline or a
speaker's name win over the quote's own words fails: many quotes share words with other
articles' titles and with speakers' names ("Tom Bridge" speaks about schools, a headline
says "Get out now" above a quote that does not).  Each query's *relevant* clusters are
labelled by the article whose quote each one is (where the cluster was first seen);
every other result is not relevant.  ``tests/corpus/test_search_judged.py`` gates the
metrics and ``benchmarks/search_quality.py`` prints them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from corpus_fixtures import fake_result

from quotetrail.corpus import queries

__all__ = ["ARTICLES", "JUDGED", "Judgement", "score"]

ARTICLES = [
    fake_result("flood-1", [("If you can, get out now and go north", "Lena Ortiz")],
                title="Flood warning for the valley", published="2024-03-01",
                outlet="Valley Post"),
    fake_result("flood-2", [("We are staying put tonight", "Omar Haddad")],
                title="Get out now, mayor tells residents", published="2024-03-02",
                outlet="Harbour Times"),
    fake_result("flood-3", [("The river will crest on Friday morning", "Lena Ortiz"),
                            ("Sandbags are free at the fire station", "Lena Ortiz")],
                title="River rising", published="2024-03-02", outlet="Valley Post"),
    fake_result("flood-4", [], mixed=[("Haddad said his neighbours should “get out now” while "
                                       "roads were open.", ["get out now"], "Omar Haddad")],
                title="Evacuation", published="2024-03-03", outlet="Harbour Times"),
    fake_result("flood-5", [("people should leave the valley before dark", "Lena Ortiz")],
                kind="indirect", title="Evening update", published="2024-03-03",
                outlet="Radio Harwick"),
    fake_result("trade-1", [("Now is not the time to get out of the deal", "Ines Park")],
                title="Trade talks", published="2024-03-03", outlet="Ledger"),
    fake_result("bridge-1", [("The bridge will reopen in June", "Kofi Mensah")],
                title="Bridge works", published="2024-03-04", outlet="Valley Post"),
    fake_result("schools-1", [("Our schools need a bridge loan", "Ana Silva")],
                title="School funding", published="2024-03-05", outlet="Ledger"),
    fake_result("schools-2", [("Teachers deserve a fair pay rise", "Tom Bridge")],
                title="Union speaks", published="2024-03-06", outlet="Harbour Times"),
    fake_result("budget-1", [("Taxes will not rise this year", "Ines Park")],
                title="Budget: Park says taxes will not rise", published="2024-03-07",
                outlet="Ledger"),
    fake_result("budget-2", [("We will cut the income tax by two points", "Ines Park")],
                title="Income tax", published="2024-03-08", outlet="Valley Post"),
    fake_result("budget-3", [("This budget is a tax rise by stealth", "Ruth Achebe")],
                title="Opposition attacks budget", published="2024-03-08", outlet="Ledger"),
    fake_result("health-1", [("Nurses will strike on Monday unless talks resume",
                               "Grace Li")],
                title="Hospital strike looms", published="2024-03-09",
                outlet="Harbour Times"),
    fake_result("health-2", [("the hospital would stay open during the strike", "Sam Odell")],
                kind="indirect", title="Hospital strike looms", published="2024-03-10",
                outlet="Valley Post"),
    fake_result("health-3", [("Waiting lists are the longest they have ever been",
                               "Grace Li")],
                title="Nurses and the strike", published="2024-03-11", outlet="Ledger"),
    fake_result("climate-1", [("Climate change is not a distant threat", "Mara Voss")],
                title="Climate summit opens", published="2024-03-12", outlet="Ledger"),
    fake_result("climate-2", [("We cannot wait for the next summit", "Mara Voss")],
                title="Climate summit", published="2024-03-13", outlet="Radio Harwick"),
    fake_result("sport-1", [("I am staying at the club for another season", "Dario Fumagalli")],
                title="Fumagalli ends transfer talk", published="2024-03-14",
                outlet="Sports Desk"),
    fake_result("sport-2", [("The transfer window is a circus", "Helen Mwangi")],
                title="Transfer deadline", published="2024-03-15", outlet="Sports Desk"),
    fake_result("vaccine-1", [("The vaccine is safe for children over five", "Sam Odell")],
                title="Vaccine approved", published="2024-03-16", outlet="Valley Post"),
    fake_result("vaccine-2", [("Parents should talk to their doctor first", "Grace Li")],
                title="Vaccine: what parents ask", published="2024-03-17",
                outlet="Harbour Times"),
    fake_result("speech-1", [("At the end of the day, voters decide", "Ruth Achebe")],
                title="Campaign trail", published="2024-03-18", outlet="Ledger"),
]


@dataclass(frozen=True, slots=True)
class Judgement:
    """A query, its relevant clusters (by the article whose quote each one is), and
    filters to apply."""

    query: str
    relevant: tuple[str, ...]
    kind: str | None = None
    speaker: str | None = None
    outlet: str | None = None


#: 28 queries: words, phrases (straight and curly marks), filters.  ``relevant`` lists
#: every cluster a reader searching this wants to find, by the article of its quote.
JUDGED = [
    Judgement("get out now", ("flood-1", "flood-4")),
    Judgement('"get out now"', ("flood-1", "flood-4")),
    Judgement("“get out now”", ("flood-1", "flood-4")),
    Judgement("get out now", ("flood-1",), kind="direct"),
    Judgement("get out now", ("flood-4",), kind="mixed"),
    Judgement('"out of the deal"', ("trade-1",)),
    Judgement('"not the time"', ("trade-1",)),
    Judgement("bridge", ("bridge-1", "schools-1")),
    Judgement("bridge loan", ("schools-1",)),
    Judgement("staying put", ("flood-2",)),
    Judgement("staying", ("flood-2", "sport-1")),
    Judgement("taxes rise", ("budget-1",)),
    Judgement("tax", ("budget-2", "budget-3")),
    Judgement("go north", ("flood-1",)),
    Judgement("reopen June", ("bridge-1",)),
    Judgement("schools", ("schools-1",)),
    Judgement("strike", ("health-1", "health-2")),
    Judgement("strike", ("health-2",), kind="indirect"),
    Judgement("hospital", ("health-2",)),
    Judgement("summit", ("climate-2",)),
    Judgement("climate", ("climate-1",)),
    Judgement("transfer", ("sport-2",)),
    Judgement("vaccine", ("vaccine-1",)),
    Judgement("leave the valley", ("flood-5",)),
    Judgement("river crest", ("flood-3",)),
    Judgement('"end of the day"', ("speech-1",)),
    Judgement("strike", ("health-1",), speaker="Grace Li"),
    Judgement("tax", ("budget-2",), outlet="Valley Post"),
]


def _article(result: dict[str, Any]) -> str | None:
    first = result["first_sentence"]
    return first["article_id"] if first else None


def _results(conn: sqlite3.Connection, judgement: Judgement) -> list[dict[str, Any]]:
    filters = queries.SearchFilters(kind=judgement.kind, speaker=judgement.speaker,
                                    outlet=judgement.outlet)
    return queries.search_page(conn, judgement.query, filters=filters, limit=50,
                               sentence_links=True)[1]


def score(conn: sqlite3.Connection) -> dict[str, Any]:
    """The judged set's metrics over the store ``conn``: precision of the first result,
    mean reciprocal rank of the first relevant one, recall of the relevant clusters in
    the first five, and the queries where a result matched only by title or speaker
    ranks above a relevant one (``title_above_quote``, a list of queries)."""
    p1 = rr = recall5 = 0.0
    title_above: list[str] = []
    per_query = []
    for j in JUDGED:
        results = _results(conn, j)
        flags = [_article(r) in j.relevant for r in results]
        found = {_article(r) for r in results[:5]} & set(j.relevant)
        first = next((i for i, f in enumerate(flags) if f), None)
        p1 += 1.0 if flags and flags[0] else 0.0
        rr += 0.0 if first is None else 1.0 / (first + 1)
        recall5 += len(found) / len(j.relevant)
        last_relevant = max((i for i, f in enumerate(flags) if f), default=-1)
        if any(r["matched"] != "quote" for r in results[:last_relevant]):
            title_above.append(j.query)
        per_query.append({"query": j.query, "filters": {k: v for k, v in (
            ("kind", j.kind), ("speaker", j.speaker), ("outlet", j.outlet)) if v},
            "first_relevant_rank": None if first is None else first + 1,
            "results": len(results)})
    n = len(JUDGED)
    return {"queries": n, "precision_at_1": p1 / n, "mrr": rr / n, "recall_at_5": recall5 / n,
            "title_above_quote": title_above, "per_query": per_query}
