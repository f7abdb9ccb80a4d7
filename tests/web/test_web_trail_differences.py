"""Each trail occurrence's differences from the root wording: in the API's occurrence
records (exact spans, the schema), and on the cluster page (added words marked, words
left out struck where they would be, escaped)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_web_pages import assert_safe_page, cluster_id
from web_corpus import OKAFOR, SCRIPT

from quotetrail.corpus.store import Store
from quotetrail.model import ArticleResult, Attribution, Span


def test_api_occurrences_carry_exact_differences(client: Any) -> None:
    cid = cluster_id(client, "without cutting a single bus")
    record = client.get(f"/api/clusters/{cid}").json()
    root = record["text"]
    assert root == OKAFOR
    by_article = {o["article_id"]: o for o in record["occurrences"]}
    assert by_article["ledger-libraries"]["differences"]["same"]
    courier = by_article["courier-sunday"]["differences"]
    assert not courier["same"] and courier["added"] == 0 and courier["left_out"] == 12
    (edit,) = courier["edits"]
    assert edit["op"] == "left_out" and edit["text"] is None
    assert root[edit["root"]["start"]:edit["root"]["end"]] == edit["root"]["text"] == \
        "and we will pay for it without cutting a single bus route"
    # a mixed attribution: its quoted fragment against the root
    post = by_article["post-budget"]
    assert post["kind"] == "mixed"
    assert [e["root"]["text"] for e in post["differences"]["edits"]] == [
        "We will", "and we will pay for it without cutting a single bus route"]
    for occ in record["occurrences"]:
        text = client.get(f"/api/articles/{occ['article_id']}").json()["text"]
        for e in occ["differences"]["edits"]:
            assert 0 <= e["at"] <= len(text)
            if e["text"]:
                assert text[e["text"]["start"]:e["text"]["end"]] == e["text"]["text"]
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"WordingDifferences", "WordingEdit"} <= set(schema)
    assert schema["WordingEdit"]["properties"]["op"]["enum"] == ["left_out", "added", "changed"]


def test_the_page_marks_what_each_occurrence_leaves_out_and_adds(client: Any) -> None:
    page = client.get(f"/clusters/{cluster_id(client, 'without cutting a single bus')}").text
    trail = page[page.index('<table class="trail">'):page.index("</table>")]
    rows = trail.split("<tr")[2:]
    courier = next(r for r in rows if "The Courier" in r)
    assert '<del class="left-out" title="left out: and we will pay for it without cutting a ' \
           'single bus route">' in courier
    assert "12 of 25 words left out" in courier
    assert sum("full wording" in r for r in rows) == 3  # Ledger, Herald, City Wire
    post = next(r for r in rows if "The Post" in r)
    assert '<del class="left-out">We will</del>' in post


def _article(id: str, quote: str, published: str) -> ArticleResult:
    text = f"“{quote},” said Ana Ruiz.\n"
    return ArticleResult(
        id=id, text=text, url=f"https://evil.example/{id}", published=published,
        model="fake 0", version="0",
        attributions=[Attribution(kind="direct", content=Span.of(text, 1, 1 + len(quote)),
                                  speaker="Ana Ruiz", speakers=["Ana Ruiz"],
                                  speaker_type="person", confidence=0.9)])


def test_marked_words_are_escaped(tmp_path: Path, make_client: Callable[..., Any]) -> None:
    root = "Markup is just text to us and it will never run on the pages of this city"
    added = ("Markup is just text to us and it will never run <b onclick=x>here</b> "
             f"{SCRIPT} on the pages of this city")
    db = tmp_path / "markup.db"
    with Store(db) as store:
        store.add_batch([_article("a", root, "2024-06-01"), _article("b", added, "2024-06-02")])
        cid = store.conn.execute("SELECT cluster_id FROM attributions WHERE content = ?",
                                 (added,)).fetchone()[0]
    client = make_client(db)
    response = client.get(f"/clusters/{cid}")
    assert_safe_page(response)
    assert "<ins" in response.text and "&lt;script&gt;" in response.text
    assert "<b onclick" not in response.text


def test_the_note_counts_words_left_out_changed_and_added() -> None:
    from quotetrail.corpus.wording import differences
    from quotetrail.web import render

    root = "the new bridge will carry trams from the spring without a single toll"
    said = "the new bridge will carry buses from next spring without a toll, promised"
    d = differences(root, [(0, said)])
    assert render.diff_note(d) == "1 of 13 words left out, 2 changed, 1 added"
    assert render.diff_note(differences(root, [(0, root.upper())])) == "full wording"
    assert render.diff_note(d, "indirect") == "reported: 10 of the 13 words"
    assert render.diff_note(None) == ""
