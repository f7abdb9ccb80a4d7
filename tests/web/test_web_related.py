"""Related statements on the cluster page and in ``/api/clusters/{id}``: the same speaker
in the same article, or a substantial part of the wording shared; linked, explained,
bounded, and followed in a browser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_pages import cluster_id
from web_corpus import CORPUS, NEIGHBOURS, build_store

from quotetrail.corpus import related
from quotetrail.corpus.store import Store
from quotetrail.model import ArticleResult, Attribution, Span

EVENINGS = "Every branch will keep its evening hours through the summer as well"
MOCKERY = ("Every library open on Sundays by the end of the year? The city cannot pay for "
           "that promise")


@pytest.fixture(scope="module")
def neighbours(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("neighbours"), "demo", CORPUS + NEIGHBOURS)


def test_the_api_lists_related_statements(neighbours: Path,
                                          make_client: Callable[..., Any]) -> None:
    client = make_client(neighbours)
    cid = cluster_id(client, "without cutting a single bus")
    found = {r["text"]: r for r in client.get(f"/api/clusters/{cid}").json()["related"]}
    assert set(found) == {EVENINGS, MOCKERY}
    evenings, mockery = found[EVENINGS], found[MOCKERY]
    assert evenings["relations"] == ["same_speaker_article"]
    assert evenings["speaker_id"] == "ruth-okafor" and evenings["same_speaker_articles"] == 1
    assert mockery["relations"] == ["shared_wording"] and mockery["speaker_id"] == "dan-reyes"
    assert mockery["shared"]["text"] == "on Sundays by the end of the year"
    assert 0.25 <= mockery["overlap"] < 0.7
    # the way back
    back = client.get(f"/api/clusters/{mockery['cluster_id']}").json()["related"]
    assert cid in {r["cluster_id"] for r in back}


def test_the_page_links_related_statements(neighbours: Path,
                                           make_client: Callable[..., Any]) -> None:
    client = make_client(neighbours)
    cid = cluster_id(client, "without cutting a single bus")
    page = client.get(f"/clusters/{cid}").text
    section = page[page.index('<section class="related">'):]
    section = section[:section.index("</section>")]
    for r in client.get(f"/api/clusters/{cid}").json()["related"]:
        link = (f'<a class="related-quote" href="/clusters/{r["cluster_id"]}">'
                f'<q class="verbatim">{r["text"]}</q></a>')
        assert link in section
    assert "same speaker, in 1 of the same article" in section
    assert "shares “on Sundays by the end of the year” (38 % of the shorter wording)" in section


def test_the_related_list_is_bounded(tmp_path: Path, make_client: Callable[..., Any]) -> None:
    pledge = ("We will rebuild every school in this district before the next winter comes, "
              "and we will do it without raising a single tax")
    others = [f"The {w} plan for the {w} quarter will be ready before the {w} elections"
              for w in ("north", "south", "east", "west", "harbour", "river", "market",
                        "castle", "station", "garden", "college", "airport")]
    text, atts = "", []
    for quote in [pledge, *others]:
        start = len(text) + 1
        text += f"“{quote},” said Maria Gonzalez. "
        atts.append(Attribution(kind="direct", content=Span.of(text, start, start + len(quote)),
                                speaker="Maria Gonzalez", speakers=["Maria Gonzalez"],
                                speaker_type="person", confidence=0.9))
    db = tmp_path / "many.db"
    with Store(db) as store:
        store.add_batch([ArticleResult(id="big", text=text, url="https://x.example/big",
                                       model="fake 0", version="0", attributions=atts)])
        cid = store.conn.execute("SELECT cluster_id FROM attributions WHERE content = ?",
                                 (pledge,)).fetchone()[0]
    client = make_client(db)
    assert len(client.get(f"/api/clusters/{cid}").json()["related"]) == related.LIMIT
    page = client.get(f"/clusters/{cid}").text
    assert page.count("class=\"related-quote\"") == related.LIMIT


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 700})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.allow_hosts(["127.0.0.1"])
@pytest.mark.slow
def test_a_reader_goes_from_a_statement_to_its_neighbours(
        tab: Any, neighbours: Path, live_server: Any) -> None:
    base = live_server(neighbours).url
    tab.goto(base + "/search?q=single+bus+route")
    tab.locator("table.clusters td.quote a").first.click()
    tab.wait_for_url("**/clusters/*")
    links = tab.locator("section.related a.related-quote")
    assert links.count() == 2 and links.nth(0).is_visible()
    assert tab.locator("table.trail del.left-out").count() >= 2  # words left out, struck
    tab.locator("section.related a.related-quote", has_text="open on Sundays").click()
    tab.wait_for_url("**/clusters/*")
    assert "Dan Reyes" in tab.locator("p.meta").inner_text()
    assert tab.locator("section.related a.related-quote", has_text="without cutting").count() == 1
