"""An old cluster id (merged into another) redirects, on the page and in the API."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from quotetrail.corpus.store import Store
from quotetrail.model import ArticleResult, Attribution, Span

FIRST = "the ferry will run every hour from the first of June until the end of August"
SECOND = "and the fares will stay exactly where they are for children and pensioners"


def _article(id: str, quote: str) -> ArticleResult:
    text = f"“{quote},” said Ines Moreau.\n"
    return ArticleResult(
        id=id, text=text, url=f"https://ferry.example/{id}", model="fake 0", version="0",
        attributions=[Attribution(kind="direct", content=Span.of(text, 1, 1 + len(quote)),
                                  speaker="Ines Moreau", speakers=["Ines Moreau"],
                                  speaker_type="person", confidence=0.9)])


def test_a_merged_cluster_id_redirects(tmp_path: Path,
                                       make_client: Callable[..., Any]) -> None:
    db = tmp_path / "ferry.db"
    with Store(db) as store:
        store.add_batch([_article("a1", FIRST), _article("a2", FIRST), _article("b1", SECOND)])
        old = store.conn.execute("SELECT cluster_id FROM attributions WHERE content = ?",
                                 (SECOND,)).fetchone()[0]
        store.add_batch([_article("c1", f"{FIRST}, {SECOND}")])
        new = store.conn.execute("SELECT cluster_id FROM attributions WHERE content = ?",
                                 (SECOND,)).fetchone()[0]
    assert old != new
    client = make_client(db)
    page = client.get(f"/clusters/{old}", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == f"/clusters/{new}"
    api = client.get(f"/api/clusters/{old}", follow_redirects=False)
    assert api.status_code == 308 and api.headers["location"] == f"/api/clusters/{new}"
    assert client.get(f"/api/clusters/{old}").json()["cluster_id"] == new
    assert client.get("/api/clusters/cffffffffffff").status_code == 404


def test_redirects_keep_the_page(tmp_path: Path, make_client: Callable[..., Any]) -> None:
    db = tmp_path / "ferry.db"
    with Store(db) as store:
        store.add_batch([_article("a1", FIRST), _article("b1", SECOND)])
        old = store.conn.execute("SELECT cluster_id FROM attributions WHERE content = ?",
                                 (SECOND,)).fetchone()[0]
        store.add_batch([_article("c1", f"{FIRST}, {SECOND}")])
        new = store.conn.execute("SELECT cluster_id FROM attributions WHERE content = ?",
                                 (SECOND,)).fetchone()[0]
    client = make_client(db)
    api = client.get(f"/api/clusters/{old}", params={"page": 2, "per_page": 1},
                     follow_redirects=False)
    assert api.status_code == 308
    assert api.headers["location"] == f"/api/clusters/{new}?page=2&per_page=1"
    page = client.get(f"/clusters/{old}", params={"page": 2}, follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == f"/clusters/{new}?page=2"
