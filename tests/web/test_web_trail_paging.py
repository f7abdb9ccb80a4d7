"""``/api/clusters/{id}`` and the cluster page page through a trail: ``page`` and
``per_page`` as the other lists, the total, bounds, previous and next links, a timeline
of the whole trail on every page, and redirects that keep the page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quotetrail.corpus import queries
from quotetrail.corpus.store import Store, open_readonly
from quotetrail.model import ArticleResult, Attribution, Span

PLEDGE = ("The ferry will run every hour from the first of June, and the fares will stay "
          "exactly where they are for children and pensioners")
N = 250


def _article(i: int) -> ArticleResult:
    text = f"“{PLEDGE},” said Ines Moreau.\n"
    published = None if i % 50 == 7 else f"2024-06-{1 + i % 20:02d}T{i % 24:02d}:00:00Z"
    return ArticleResult(
        id=f"ferry-{i:03d}", text=text, url=f"https://ferry.example/{i}",
        outlet=f"Outlet {i % 30}", published=published, model="fake 0", version="0",
        attributions=[Attribution(kind="direct", content=Span.of(text, 1, 1 + len(PLEDGE)),
                                  speaker="Ines Moreau", speakers=["Ines Moreau"],
                                  speaker_type="person", confidence=0.9,
                                  speaker_confidence=0.9)])


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("big-trail") / "ferry.db"
    with Store(db) as store:
        store.add_batch([_article(i) for i in range(N)])
        cid = store.conn.execute("SELECT cluster_id FROM clusters").fetchone()[0]
    return db, str(cid)


def test_the_api_pages_with_a_total(big: tuple[Path, str],
                                    make_client: Callable[..., Any]) -> None:
    db, cid = big
    client = make_client(db)
    first = client.get(f"/api/clusters/{cid}").json()
    assert (first["page"], first["per_page"], first["total"]) == (1, 100, N)
    assert len(first["occurrences"]) == 100 and first["n_occurrences"] == N
    seen: list[str] = []
    for page in (1, 2, 3, 4):
        body = client.get(f"/api/clusters/{cid}", params={"page": page, "per_page": 80}).json()
        assert body["total"] == N and body["page"] == page and body["per_page"] == 80
        seen += [o["article_id"] for o in body["occurrences"]]
    expected = [o["article_id"] for o in queries.trail(open_readonly(db), cid)]
    assert seen == expected  # the trail order, each occurrence once
    assert expected[-1] in {f"ferry-{i:03d}" for i in range(N) if i % 50 == 7}  # undated last
    beyond = client.get(f"/api/clusters/{cid}", params={"page": 5, "per_page": 80}).json()
    assert beyond["occurrences"] == [] and beyond["total"] == N
    most = client.get(f"/api/clusters/{cid}", params={"per_page": queries.MAX_TRAIL_PAGE})
    assert len(most.json()["occurrences"]) == N


@pytest.mark.parametrize("params", [{"per_page": 0}, {"per_page": 1001}, {"page": 0},
                                    {"page": 1001}, {"page": "x"}, {"per_page": "-1"}])
def test_bad_paging_is_400(big: tuple[Path, str], make_client: Callable[..., Any],
                           params: dict[str, Any]) -> None:
    db, cid = big
    response = make_client(db).get(f"/api/clusters/{cid}", params=params)
    assert response.status_code == 400
    assert response.json()["kind"] == "bad_request"


def _rows(page: str) -> list[str]:
    table = page[page.index('<table class="trail">'):page.index("</table>",
                                                                page.index('class="trail"'))]
    return table.split("<tr")[2:]


def test_the_page_lists_a_page_with_previous_and_next(big: tuple[Path, str],
                                                      make_client: Callable[..., Any]) -> None:
    db, cid = big
    client = make_client(db)
    one = client.get(f"/clusters/{cid}").text
    assert len(_rows(one)) == 100
    assert f'rel="next" href="/clusters/{cid}?page=2"' in one and 'rel="prev"' not in one
    assert "page 1 of 3" in one and "250 occurrences" in one and "1–100 on this page" in one
    assert one.count('<span class="badge">first</span>') == 1
    three = client.get(f"/clusters/{cid}", params={"page": 3}).text
    assert len(_rows(three)) == 50 and "201–250 on this page" in three
    assert f'rel="prev" href="/clusters/{cid}?page=2"' in three and 'rel="next"' not in three
    assert '<span class="badge">first</span>' not in three
    # the timeline charts the whole trail on every page
    for page in (one, three):
        assert "Timeline: 250 occurrences in 30 outlets" in page
        assert page.count('class="first-ring"') == 1
    assert client.get(f"/clusters/{cid}", params={"page": 0}).status_code == 400
