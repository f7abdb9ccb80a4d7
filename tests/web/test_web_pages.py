"""The pages and API routes in process (Starlette's TestClient): content, errors, safety."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from web_corpus import IMG, OKAFOR, SCRIPT

from quotetrail.web.app import CSP


class ScriptAudit(HTMLParser):
    """Collects what could run script: <script> elements and on… attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.inline_script = False
        self.styles: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"{tag} {k}" for k, _ in attrs if k.lower().startswith("on")]
        self.styles += [tag for k, _ in attrs if k.lower() == "style"]
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_script = True


def audit(page: str) -> ScriptAudit:
    parser = ScriptAudit()
    parser.feed(page)
    return parser


def assert_safe_page(response: Any) -> None:
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    found = audit(response.text)
    assert not found.handlers, found.handlers
    assert not found.inline_script
    assert not found.styles
    assert all((s.get("src") or "").startswith("/static/") for s in found.scripts)


def cluster_id(client: Any, words: str) -> str:
    results = client.get("/api/search", params={"q": words}).json()["results"]
    assert results, words
    return str(results[0]["cluster_id"])


PAGES = ["/", "/search", "/search?q=library", "/search?q=library&speaker=ruth-okafor",
         "/articles/ledger-libraries", "/articles/notes/undated", "/speakers/ruth-okafor",
         "/extract"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_safely(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert_safe_page(response)


def test_home_shows_figures_speakers_and_recent_quotes(client: Any) -> None:
    page = client.get("/").text
    assert re.search(r"<strong>7</strong> articles", page)
    assert 'href="/speakers/ruth-okafor">Ruth Okafor</a>' in page
    assert "We have done the sums twice" in page  # the most recent statement


def test_search_lists_clusters_and_filters(client: Any) -> None:
    page = client.get("/search", params={"q": "library Sundays"}).text
    assert "open every library on Sundays" in page
    assert "speakers differ" in page
    none = client.get("/search", params={"q": "library", "outlet": "No Such Outlet"}).text
    assert "0 quotes match" in none
    dated = client.get("/search", params={"q": "library", "from": "2024-05-07",
                                          "to": "2024-05-07"}).text
    assert "1 quote match" in dated
    by_outlet = client.get("/search", params={"q": "budget", "outlet": "the post"}).text
    assert "1 quote match" in by_outlet


def test_search_paginates(client: Any) -> None:
    from quotetrail.web import page_routes

    original = page_routes.PER_PAGE
    page_routes.PER_PAGE = 1
    try:
        first = client.get("/search", params={"q": "we"}).text
        assert "page 1 of" in first and 'rel="next"' in first and 'rel="prev"' not in first
        second = client.get("/search", params={"q": "we", "page": 2}).text
        assert "page 2 of" in second and 'rel="prev"' in second
    finally:
        page_routes.PER_PAGE = original


def test_article_page_marks_attributions(client: Any) -> None:
    page = client.get("/articles/ledger-libraries").text
    assert 'class="hl r-content sp-0 k-direct" data-att="1"' in page
    assert "r-cue" in page and "r-source" in page
    assert 'id="att-1"' in page and 'href="#att-1"' in page and 'id="item-1"' in page
    # three attributions, two speakers: two colours
    assert {m for m in re.findall(r"jump sp-(\d)", page)} == {"0", "1"}


def test_article_without_text_shows_quotes_alone(make_client: Any, stores: Any) -> None:
    page = make_client(stores.notext).get("/articles/ledger-libraries").text
    assert "keeps no article text" in page
    assert OKAFOR in page
    assert "r-cue" not in page


def test_speaker_page(client: Any) -> None:
    page = client.get("/speakers/ruth-okafor").text
    assert "Okafor" in page and "The Gazette" in page
    assert "<svg" in page and page.count('class="bar"') >= 3
    quotes = page[page.index("Quotes, newest first"):]
    assert quotes.index("2024-05-21") < quotes.index("2024-05-06")


def test_cluster_page_shows_trail_warning_and_variants(client: Any) -> None:
    page = client.get(f"/clusters/{cluster_id(client, 'without cutting a single bus')}").text
    assert "Outlets disagree on who said this" in page and "Alan Price (1×): City Wire" in page
    assert page.count('class="first-ring"') == 1
    assert 'href="/articles/wire-libraries"' in page
    variants = client.get(f"/clusters/{cluster_id(client, 'nobody at city hall')}").text
    assert "<ins>" in variants or "<del>" in variants


@pytest.mark.parametrize("path", ["/articles/nope", "/speakers/nobody", "/clusters/c0ffee",
                                  "/no/such/page"])
def test_unknown_ids_are_404_pages(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text
    assert_safe_page(response)


@pytest.mark.parametrize("params", [{"q": "a", "from": "2024-13-01"}, {"q": "a", "page": "0"},
                                    {"q": "a", "page": "x"}, {"q": "x" * 501}])
def test_malformed_page_queries_are_400(client: Any, params: dict[str, str]) -> None:
    response = client.get("/search", params=params)
    assert response.status_code == 400
    assert "Bad request" in response.text


@pytest.mark.parametrize("q", ['"', 'NEAR(a b, 2)', "a*", "title:x", "^a", "a AND OR", "(",
                               "\x00", "a\x00b", "'", "-", "{a b}"])
def test_fts_syntax_is_searched_as_text(client: Any, q: str) -> None:
    for path in ("/search", "/api/search"):
        response = client.get(path, params={"q": q})
        assert response.status_code in (200, 400), (path, q, response.text)
        if response.status_code == 400:
            assert q.strip("\x00") == "", q  # only a query without words is refused


def test_api_records_match_the_library(client: Any, stores: Any) -> None:
    from quotetrail.corpus import queries
    from quotetrail.corpus.store import open_readonly

    conn = open_readonly(stores.demo)
    assert client.get("/api/stats").json() == queries.stats(conn)
    article = client.get("/api/articles/notes/undated").json()
    assert article == queries.article(conn, "notes/undated")
    cid = cluster_id(client, "library")
    assert client.get(f"/api/clusters/{cid}").json() == {
        **queries.cluster_page(conn, cid), "page": 1, "per_page": 100}
    speakers = client.get("/api/speakers", params={"per_page": 2, "page": 2}).json()
    assert speakers["total"] == queries.stats(conn)["speakers"] and len(speakers["results"]) == 2
    assert speakers["results"][0] == list(queries.speaker_list(conn))[2]
    detail = client.get("/api/speakers/ruth-okafor").json()
    assert detail["outlets"]["The Gazette"] == 2 and sum(detail["weeks"].values()) == 6


def test_api_errors_are_json(client: Any) -> None:
    for path, status in [("/api/articles/nope", 404), ("/api/clusters/nope", 404),
                         ("/api/speakers/nope", 404), ("/api/search", 400),
                         ("/api/search?q=a&per_page=1000", 400), ("/api/nothing", 404)]:
        response = client.get(path)
        assert response.status_code == status, path
        body = response.json()
        assert set(body) == {"detail", "kind"} and body["detail"]


def test_extract_form_highlights_without_storing(client: Any) -> None:
    before = client.get("/api/stats").json()
    page = client.post("/extract", data={"text": f"“Hello {SCRIPT},” said Ann."}).text
    assert "r-content" in page and "&lt;script&gt;" in page and SCRIPT not in page
    assert client.get("/api/stats").json() == before


def test_api_extract_accepts_json_and_plain_text(client: Any) -> None:
    text = "“We will win,” said Ann."
    as_json = client.post("/api/extract", json={"text": text})
    plain = client.post("/api/extract", content=text.encode(),
                        headers={"content-type": "text/plain; charset=utf-8"})
    assert as_json.status_code == plain.status_code == 200
    assert as_json.json() == plain.json()
    assert as_json.json()["contract"] == 1 and as_json.json()["text"] == text
    for body, ctype, status in [(b"{", "application/json", 400), (b"[1]", "application/json", 400),
                                (b'{"text": 3}', "application/json", 400),
                                (b"\xff\xfe", "text/plain", 400),
                                (b'{"text": "\\ud800"}', "application/json", 400),
                                (b"x", "application/xml", 415)]:
        response = client.post("/api/extract", content=body, headers={"content-type": ctype})
        assert response.status_code == status, (body, response.text)


def test_body_limit(make_client: Any) -> None:
    small = make_client(max_body=100)
    response = small.post("/api/extract", content=b"x" * 101,
                          headers={"content-type": "text/plain"})
    assert response.status_code == 413 and response.json()["kind"] == "too_large"
    page = small.post("/extract", data={"text": "y" * 200})
    assert page.status_code == 413 and "Request too large" in page.text

    def chunks() -> Any:  # no Content-Length: counted as it streams
        for _ in range(5):
            yield b"z" * 40

    streamed = small.post("/api/extract", content=chunks(), headers={"content-type": "text/plain"})
    assert streamed.status_code == 413
    assert small.get("/api/stats").status_code == 200


def test_hostile_store_is_escaped_everywhere(make_client: Any, stores: Any) -> None:
    hostile = make_client(stores.hostile)
    cid = cluster_id(hostile, "never run")
    speaker = hostile.get("/api/speakers").json()["results"][0]["speaker_id"]
    for path in ("/", "/search?q=never", "/articles/hostile", f"/clusters/{cid}",
                 f"/speakers/{speaker}"):
        response = hostile.get(path)
        assert response.status_code == 200, path
        assert SCRIPT not in response.text and IMG not in response.text, path
        assert "<img" not in response.text, path
        assert_safe_page(response)
    assert "&lt;script&gt;" in hostile.get("/articles/hostile").text
    link = hostile.get("/articles/hostile-link").text
    assert "<code>javascript:window.__xss=3</code>" in link and 'href="javascript' not in link


def test_openapi_documents_400_not_422(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/search", "/api/articles/{article_id}", "/api/clusters/{cluster_id}",
            "/api/speakers", "/api/stats", "/api/extract"} <= set(paths)
    assert not any("422" in op["responses"] for p in paths.values() for op in p.values())
    assert set(paths["/api/extract"]["post"]["requestBody"]["content"]) == {
        "application/json", "text/plain"}
    assert "ExtractRequest" in schema["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text
    assert not audit(docs.text).inline_script
    assert "unsafe-inline" not in docs.headers["content-security-policy"]


def test_search_with_very_many_matches_ranks_only_the_newest(client: Any, stores: Any,
                                                              monkeypatch: Any) -> None:
    from quotetrail.corpus import queries
    from quotetrail.corpus.store import open_readonly

    conn = open_readonly(stores.demo)
    everything = queries.search_page(conn, "the", limit=100)
    monkeypatch.setattr(queries, "_RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(queries, "_MAX_MATCHES", 1)
    total, newest = queries.search_page(conn, "the", limit=100)
    # at most _MAX_MATCHES in each of the two tiers (the quote's words, then anything)
    assert 1 <= total <= 2 < everything[0]
    assert {c["cluster_id"] for c in newest} <= {c["cluster_id"] for c in everything[1]}
    assert client.get("/api/search", params={"q": "the"}).json()["total"] == total


def test_a_deeply_nested_json_body_is_a_400_not_a_500(client: Any) -> None:
    body = '{"text": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client.post("/api/extract", content=body,
                           headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["kind"] == "bad_request"
    assert "nested" in response.json()["detail"]


def test_no_redirect_echoes_the_host_header(client: Any) -> None:
    for path in ("/static", "/search/", "/api/stats/"):
        response = client.get(path, headers={"host": "evil.example"}, follow_redirects=False)
        assert "evil.example" not in response.headers.get("location", ""), path
        assert response.status_code == 404, path
