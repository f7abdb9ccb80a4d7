"""The search page and API: ranking reason, phrases and the kind filter."""

from __future__ import annotations

from typing import Any


def test_api_says_why_each_result_matched_and_quote_matches_come_first(client: Any) -> None:
    results = client.get("/api/search", params={"q": "libraries"}).json()["results"]
    matched = [r["matched"] for r in results]
    assert set(matched) <= {"quote", "speaker or title"}
    assert matched == sorted(matched, key=lambda m: m != "quote")


def test_kind_filter_on_page_and_api(client: Any) -> None:
    everything = client.get("/api/search", params={"q": "library"}).json()["total"]
    direct = client.get("/api/search", params={"q": "library", "kind": "direct"}).json()
    indirect = client.get("/api/search", params={"q": "summer", "kind": "indirect"}).json()
    assert 0 < direct["total"] <= everything
    assert indirect["total"] >= 1
    # "summer" is in one direct quote and one reported statement: the filter splits them
    summer_direct = client.get("/api/search", params={"q": "summer", "kind": "direct"}).json()
    assert {r["cluster_id"] for r in summer_direct["results"]}.isdisjoint(
        {r["cluster_id"] for r in indirect["results"] if not r["verbatim"]})
    assert any(not r["verbatim"] for r in indirect["results"])
    assert client.get("/api/search", params={"q": "library", "kind": "xml"}).status_code == 400
    page = client.get("/search", params={"q": "library", "kind": "direct"})
    assert page.status_code == 200
    assert '<option value="direct" selected>' in page.text
    assert client.get("/search", params={"q": "library", "kind": "xml"}).status_code == 400


def test_phrase_query_on_the_page(client: Any) -> None:
    loose = client.get("/api/search", params={"q": "year the end"}).json()["total"]
    phrase = client.get("/api/search", params={"q": '"year the end"'}).json()["total"]
    assert loose >= 1 and phrase == 0
    assert client.get("/api/search", params={"q": '"the end of the year"'}).json()["total"] >= 1
