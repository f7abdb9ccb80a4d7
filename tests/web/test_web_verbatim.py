"""Paraphrase is never shown as a quote: only the article's quoted words are in marks.

Every page that lists attributions or statements is parsed; text inside ``<q>`` (which
the browser shows in quotation marks) must be a direct content, a fragment of a mixed
one, or a statement's quoted wording -- never reported speech -- and every
``reported`` stretch stands outside any ``<q>``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from test_web_pages import cluster_id


class _Quotes(HTMLParser):
    """The text inside ``<q>`` elements, and whether a ``reported`` element sits in one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.quoted: list[str] = []
        self.reported_in_quote = 0
        self.reported = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "reported" in classes:
            self.reported += 1
            self.reported_in_quote += self.depth > 0
        if tag == "q":
            self.depth += 1
            self.quoted.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "q" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.quoted[-1] += data


def _parse(html: str) -> _Quotes:
    parser = _Quotes()
    parser.feed(html[html.index("<main"):] if "<main" in html else html)
    return parser


def _attributions(client: Any, article_id: str) -> list[dict[str, Any]]:
    return client.get(f"/api/articles/{article_id}").json()["attributions"]


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("article_id", ["post-budget", "herald-sundays", "ledger-libraries"])
def test_article_pages_quote_only_what_the_article_quotes(client: Any, article_id: str
                                                          ) -> None:
    atts = _attributions(client, article_id)
    page = _parse(client.get(f"/articles/{article_id}").text)
    quoted = [_norm(q) for q in page.quoted]
    assert page.reported_in_quote == 0
    for a in atts:
        content = _norm(a["content"]["text"])
        if a["kind"] == "direct":
            assert content in quoted
        elif a["kind"] == "mixed":
            assert content not in quoted
            for f in a["fragments"]:
                assert _norm(f["text"]) in quoted
        else:
            assert not any(content in q for q in quoted), content


def test_the_corpus_has_every_kind_to_check(client: Any) -> None:
    kinds = {a["kind"] for art in ("post-budget", "herald-sundays", "ledger-libraries")
             for a in _attributions(client, art)}
    assert kinds == {"direct", "mixed", "indirect"}


def test_reported_statements_are_labelled_and_unquoted_in_lists(client: Any) -> None:
    reported = [a for a in _attributions(client, "herald-sundays") if a["kind"] == "indirect"]
    assert reported
    words = _norm(reported[0]["content"]["text"])
    for path in ("/", f"/search?q={words.split()[-1]}"):
        html = client.get(path).text
        page = _parse(html)
        assert page.reported_in_quote == 0
        assert not any(words in _norm(q) for q in page.quoted), path
    cid = cluster_id(client, words)
    record = client.get(f"/api/clusters/{cid}").json()
    assert record["verbatim"] is False
    html = client.get(f"/clusters/{cid}").text
    page = _parse(html)
    assert page.reported and page.reported_in_quote == 0
    assert not any(words in _norm(q) for q in page.quoted)
    assert 'class="reported-label">reported</span>' in html


def test_speaker_and_cluster_pages_quote_only_quoted_words(client: Any) -> None:
    for path in ("/speakers/ruth-okafor",
                 f"/clusters/{cluster_id(client, 'without cutting a single bus')}"):
        page = _parse(client.get(path).text)
        assert page.quoted and page.reported_in_quote == 0
        # a mixed clause is never inside marks as a whole: no mark nested in a quote
        assert not any("“" in q or "”" in q for q in page.quoted), path


def test_quoted_statement_records_say_they_are_verbatim(client: Any) -> None:
    cid = cluster_id(client, "without cutting a single bus")
    assert client.get(f"/api/clusters/{cid}").json()["verbatim"] is True
