"""Uncertain speakers and aliases in the web UI.

A speaker whose ``speaker_confidence`` is below 0.5 gets a "?" mark (its title gives
the confidence, a legend says what it means) on the article page, the search results,
the cluster page and the speaker page; a sure one gets none, and so does a record that
does not carry the field (a store written before it existed).  The speaker page lists
the identity's other names, never its own name again.

The confidences are set here, on the corpus queries' records (``stamp``), so each test
says which speaker is uncertain whatever the engine and the store give: the pages must
present what the library returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape
from typing import Any

import pytest

from quotetrail.corpus import queries
from quotetrail.web import render

#: Speaker confidences by speaker name; everybody else is sure (0.92).
CONFIDENCE = {"Alan Price": 0.3, "Dan Reyes": 0.45}
SURE = 0.92
MARK = 'class="unsure"'


def _set(record: Any, how: Callable[[dict[str, Any]], None]) -> Any:
    """Apply ``how`` to every record (a dict with a ``speaker``) inside ``record``."""
    if isinstance(record, dict):
        if "speaker" in record:
            how(record)
        for value in record.values():
            if isinstance(value, list):
                _set(value, how)
    elif isinstance(record, list | tuple):
        for item in record:
            _set(item, how)
    return record


def _stamp(record: dict[str, Any]) -> None:
    record["speaker_confidence"] = CONFIDENCE.get(record.get("speaker") or "", SURE)


def _unstamp(record: dict[str, Any]) -> None:
    record.pop("speaker_confidence", None)


def _patch(monkeypatch: pytest.MonkeyPatch, how: Callable[[dict[str, Any]], None]) -> None:
    for name in ("article", "cluster", "trail", "trail_page", "trail_summary", "related",
                 "speaker_quotes", "search_page", "recent_clusters"):
        original = getattr(queries, name)

        def wrapped(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            return _set(_original(*args, **kwargs), how)

        monkeypatch.setattr(queries, name, wrapped)


@pytest.fixture
def stamped(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The store's records with the confidences of ``CONFIDENCE``."""
    _patch(monkeypatch, _stamp)
    yield


@pytest.fixture
def unknown(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The store's records without any ``speaker_confidence`` (an older store)."""
    _patch(monkeypatch, _unstamp)
    yield


def marks(page: str) -> list[str]:
    """The title of every uncertain-speaker mark on a page."""
    return [unescape(t) for t in re.findall(r'<span class="unsure" title="([^"]*)"', page)]


def rows(page: str, table: str) -> list[str]:
    """The ``<tr>`` rows of the body of the first ``<table class="{table}">``."""
    body = page[page.index(f'<table class="{table}">'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return body.split("<tr")[1:]


def cluster_id(client: Any, words: str) -> str:
    return str(client.get("/api/search", params={"q": words}).json()["results"][0]["cluster_id"])


# -- the marker ------------------------------------------------------------------------

def test_article_marks_an_uncertain_speaker(client: Any, stamped: None) -> None:
    page = client.get("/articles/wire-libraries").text
    (title,) = marks(page)
    assert "uncertain speaker" in title and "0.30" in title
    side = page[page.index('<ol class="att-list">'):]
    assert re.search(r'Alan Price</a></strong><span class="unsure"', side)
    assert "unsure-legend" in page and "below 0.5" in page  # the legend says what it means
    # the highlighted text's hover title says so too
    assert re.search(r'class="hl r-content[^"]*"[^>]*title="[^"]*uncertain speaker', page)


def test_article_with_sure_speakers_has_no_mark(client: Any, stamped: None) -> None:
    page = client.get("/articles/ledger-libraries").text
    assert "Ruth Okafor" in page and "Dan Reyes" in page
    # Dan Reyes is uncertain (0.45), Okafor is not: one mark per Reyes attribution only
    items = page[page.index('<ol class="att-list">'):].split('<li id="item-')[1:]
    marked = ["Dan Reyes" in item for item in items if MARK in item]
    assert marked and all(marked)
    assert not any(MARK in item for item in items if "Ruth Okafor" in item)


def test_no_mark_and_no_legend_when_all_are_sure(client: Any, stamped: None) -> None:
    page = client.get("/articles/gazette-transit").text
    assert "Ruth Okafor" in page
    assert MARK not in page and "unsure-legend" not in page


def test_threshold_is_strictly_below_one_half(client: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    for value, shown in [(0.4999, True), (0.5, False), (0.0, True), (1.0, False)]:
        monkeypatch.setitem(CONFIDENCE, "Alan Price", value)
        _patch(monkeypatch, _stamp)
        page = client.get("/articles/wire-libraries").text
        assert (MARK in page) is shown, value


def test_cluster_page_marks_the_uncertain_occurrence(client: Any, stamped: None) -> None:
    page = client.get(f"/clusters/{cluster_id(client, 'without cutting a single bus')}").text
    trail = rows(page, "trail")
    assert len(trail) == 5  # all five outlets (docstring of web_corpus)
    flagged = [row for row in trail if MARK in row]
    assert len(flagged) == 1 and "City Wire" in flagged[0] and "Alan Price" in flagged[0]
    assert "0.30" in marks(page)[0]
    assert "unsure-legend" in page
    # the timeline's hover text names the uncertain credit too
    assert "Alan Price (uncertain)" in page


def test_search_results_mark_an_uncertain_cluster_speaker(client: Any, stamped: None) -> None:
    page = client.get("/search", params={"q": "hole stadium"}).text
    (row,) = rows(page, "clusters")
    assert "Dan Reyes" in row and MARK in row and "0.45" in row
    assert "unsure-legend" in page
    sure = client.get("/search", params={"q": "single bus route"}).text
    assert "Ruth Okafor" in sure and MARK not in sure and "unsure-legend" not in sure


def test_speaker_page_marks_uncertain_quotes(client: Any, stamped: None) -> None:
    price = client.get("/speakers/alan-price").text
    quotes = price[price.index('<ol class="speaker-quotes">'):]
    assert MARK in quotes and "unsure-legend" in price
    okafor = client.get("/speakers/ruth-okafor").text
    assert MARK not in okafor and "unsure-legend" not in okafor


@pytest.mark.parametrize("path", ["/articles/wire-libraries", "/articles/ledger-libraries",
                                  "/search?q=hole+stadium", "/speakers/alan-price", "/"])
def test_unknown_confidence_gets_no_mark(client: Any, unknown: None, path: str) -> None:
    page = client.get(path).text
    assert MARK not in page and "unsure-legend" not in page


def test_unknown_confidence_on_the_cluster_page(client: Any, unknown: None) -> None:
    page = client.get(f"/clusters/{cluster_id(client, 'without cutting a single bus')}").text
    assert "Alan Price" in page and MARK not in page


def test_api_carries_the_value_only_when_the_library_has_it(client: Any,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    _patch(monkeypatch, _stamp)
    (att,) = client.get("/api/articles/wire-libraries").json()["attributions"]
    assert att["speaker_confidence"] == 0.3
    occurrences = client.get(
        f"/api/clusters/{cluster_id(client, 'without cutting a single bus')}").json()
    assert {o["speaker_confidence"] for o in occurrences["occurrences"]} == {0.3, SURE}
    _patch(monkeypatch, _unstamp)
    (att,) = client.get("/api/articles/wire-libraries").json()["attributions"]
    assert "speaker_confidence" not in att  # left out, not invented as null


def test_extract_page_marks_from_the_contract_record(make_client: Any) -> None:
    from web_corpus import stub_extract

    def with_confidence(value: float) -> Callable[[str], dict[str, Any]]:
        def extract(text: str) -> dict[str, Any]:
            record = stub_extract(text)
            for a in record["attributions"]:
                a["speaker_confidence"] = value
            return record
        return extract

    text = "“We will win,” said Someone."
    low = make_client(extractor=with_confidence(0.12)).post("/extract", data={"text": text}).text
    assert "0.12" in marks(low)[0] and "unsure-legend" in low
    high = make_client(extractor=with_confidence(0.88)).post("/extract", data={"text": text}).text
    assert "Someone" in high and MARK not in high


# -- aliases ---------------------------------------------------------------------------

def aliases_shown(page: str) -> list[str]:
    line = re.search(r'<p class="aliases">Also named: (.*?)</p>', page)
    return [unescape(a) for a in re.findall(r'<span class="alias">(.*?)</span>',
                                            line.group(1))] if line else []


def test_speaker_page_lists_other_names_not_the_name(client: Any) -> None:
    page = client.get("/speakers/ruth-okafor").text
    record = client.get("/api/speakers/ruth-okafor").json()
    assert "Okafor" in record["aliases"] and "Ruth Okafor" in record["aliases"]
    assert aliases_shown(page) == ["Okafor"]
    assert "Ruth Okafor" not in aliases_shown(page)


def test_speaker_without_other_names_says_so(client: Any) -> None:
    page = client.get("/speakers/dan-reyes").text
    assert "Also named" not in page and "No other names seen." in page


def test_aliases_differing_only_in_case_or_spacing_are_the_name(
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    original = queries.speaker

    def speaker(conn: Any, speaker_id: str) -> dict[str, Any] | None:
        record = original(conn, speaker_id)
        if record is not None:
            record["aliases"] = ["Ruth Okafor", "ruth  OKAFOR", "Mayor Ruth Okafor", "Okafor",
                                 "okafor", "R. Okafor <b>x</b>"]
        return record

    monkeypatch.setattr(queries, "speaker", speaker)
    page = client.get("/speakers/ruth-okafor").text
    assert aliases_shown(page) == ["Mayor Ruth Okafor", "Okafor", "R. Okafor <b>x</b>"]
    assert "<b>x</b>" not in page  # escaped (the list above is unescaped)


# -- the helpers -----------------------------------------------------------------------

@pytest.mark.parametrize(("record", "expected"), [
    ({"speaker_confidence": 0.3}, 0.3), ({"speaker_confidence": 0}, 0.0),
    ({"speaker_confidence": "0.25"}, 0.25), ({"speaker_confidence": None}, None), ({}, None),
    ({"speaker_confidence": "high"}, None), ({"speaker_confidence": float("nan")}, None),
    ({"speaker_confidence": True}, None), (None, None), ("0.3", None),
])
def test_speaker_confidence_reads_what_a_record_has(record: Any, expected: float | None) -> None:
    assert render.speaker_confidence(record) == expected


def test_uncertain_mark_gives_the_value_and_nothing_else() -> None:
    mark = str(render.uncertain_mark({"speaker_confidence": 0.314159}))
    assert 'title="uncertain speaker: speaker confidence 0.31 (below 0.5)"' in mark
    assert 'aria-hidden="true">?</span>' in mark and "visually-hidden" in mark
    assert str(render.uncertain_mark({"speaker_confidence": 0.5})) == ""
    assert str(render.uncertain_mark({})) == ""
    assert render.any_uncertain([{}, {"speaker_confidence": 0.9}, {"speaker_confidence": 0.1}])
    assert not render.any_uncertain([{}, {"speaker_confidence": 0.9}])


def test_other_names() -> None:
    assert render.other_names("Ruth Okafor", ["Okafor", "Ruth Okafor", " ruth okafor ",
                                              "Okafor", "", "Mayor Okafor"]) == [
        "Okafor", "Mayor Okafor"]
    assert render.other_names(None, ["A", "a"]) == ["A"]
    assert render.other_names("A", None) == []


# -- in a browser ------------------------------------------------------------------------

BASE = "http://quotetrail.test"


@pytest.fixture
def tab(browser: Any, client: Any) -> Iterator[Any]:
    """A chromium tab whose requests to ``BASE`` are answered by the in-process app, so
    the pages it shows carry the confidences stamped here (and no socket is opened)."""

    def answer(route: Any) -> None:
        request = route.request
        response = client.request(request.method, request.url.removeprefix(BASE) or "/",
                                  content=request.post_data_buffer,
                                  headers={k: v for k, v in request.headers.items()
                                           if k.lower() in ("content-type", "accept")})
        route.fulfill(status=response.status_code, body=response.content,
                      headers={k: v for k, v in response.headers.items()
                               if k.lower() != "content-length"})

    context = browser.new_context(viewport={"width": 1100, "height": 700})
    context.route(BASE + "/**", answer)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.slow
def test_marks_show_in_a_browser(tab: Any, client: Any, stamped: None) -> None:
    cid = cluster_id(client, "without cutting a single bus")
    for path, where in [("/articles/wire-libraries", ".att-list"),
                        (f"/clusters/{cid}", "table.trail"),
                        ("/search?q=hole+stadium", "table.clusters"),
                        ("/speakers/alan-price", ".speaker-quotes")]:
        tab.goto(BASE + path)
        mark = tab.locator(f"{where} .unsure").first
        assert mark.is_visible(), path
        assert "speaker confidence 0." in (mark.get_attribute("title") or ""), path
        box = mark.bounding_box()  # a small "?": the words for screen readers take no room
        assert box is not None and box["width"] < 30 and box["height"] < 30, (path, box)
        # drawn by the style sheet (an amber ring), not plain text
        assert mark.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid", path
        assert tab.locator(".unsure-legend").first.is_visible(), path
    tab.goto(BASE + "/articles/gazette-transit")
    assert tab.locator(".unsure").count() == 0
