"""Every quote a page lists links to its sentence in the article (``/articles/ID#att-N``).

Each page that lists quotes -- home, search, speaker, a trail's occurrences and its
related statements -- is parsed, and every sentence link is followed: the article page
must hold the element ``att-N``, and the attribution that opens there (its content as the
page shows it: the text right after the anchor, or the quotes-only list of a store
without text, and the side list's entry N) must be the quote the row listed.  A re-quote
the store derived (the words inside another speaker's quotation marks) is not on the
article page: its link opens the attribution whose words hold it, and the attribution
after that one keeps its own number.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from web_corpus import CORPUS, NEIGHBOURS, REQUOTES, build_store

from quotetrail.corpus import queries

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@dataclass
class Node:
    """An element of a parsed page: tag, attributes, children (elements and text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def select(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.classes)]

    def by_id(self, id: str) -> Node | None:
        return next((n for n in self.walk() if n.attrs.get("id") == id), None)

    def text(self, skip: Callable[[Node], bool] = lambda n: False) -> str:
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif not skip(child):
                out.append(child.text(skip))
        return "".join(out)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    return tree.root


def norm(text: str) -> str:
    """Words to compare: case, spacing and quotation marks aside (a page draws a quote's
    marks with CSS; a mixed content is shown without the article's own)."""
    return re.sub(r"[\s\"'“”‘’]+", "", text).casefold()


def _label_or_deleted(node: Node) -> bool:
    """What a listed wording shows that is not the quote's words: the "reported" label,
    and words of the root wording struck as left out or changed."""
    return "reported-label" in node.classes or node.tag == "del"


_HREF = re.compile(r"^/articles/(?P<id>[^#?]+)#att-(?P<n>[1-9][0-9]*)$")


def sentence_link(row: Node) -> tuple[str, int]:
    """The row's one link to a sentence: (article id, N)."""
    links = [m for a in row.select("a") if (m := _HREF.match(a.attrs.get("href", "")))]
    assert len(links) == 1, [a.attrs.get("href") for a in row.select("a")]
    return unquote(links[0]["id"]), int(links[0]["n"])


def _text_after(root: Node, anchor: Node) -> str:
    """The text that follows ``anchor`` inside ``root``, other anchors' numbers left out."""
    out: list[str] = []
    seen = False

    def visit(node: Node) -> None:
        nonlocal seen
        for child in node.children:
            if isinstance(child, str):
                if seen:
                    out.append(child)
            elif child is anchor:
                seen = True
            elif "anchor" not in child.classes:
                visit(child)

    visit(root)
    return "".join(out)


class Checker:
    """Follows sentence links and checks what opens there; counts what it saw."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.pages: dict[str, tuple[Node, list[dict[str, Any]]]] = {}
        self.followed = 0
        self.held = 0  # re-quotes whose link opened the attribution holding them

    def article(self, article_id: str) -> tuple[Node, list[dict[str, Any]]]:
        if article_id not in self.pages:
            page = self.client.get(f"/articles/{article_id}")
            assert page.status_code == 200, article_id
            record = self.client.get(f"/api/articles/{article_id}").json()
            self.pages[article_id] = (parse(page.text), record["attributions"])
        return self.pages[article_id]

    def follow(self, article_id: str, n: int, listed: str, *, held: bool = False
               ) -> dict[str, Any]:
        """Check that ``/articles/article_id#att-n`` opens the quote listed as ``listed``
        (the words inside it when ``held``: a re-quote); the attribution record there."""
        page, attributions = self.article(article_id)
        anchor = page.by_id(f"att-{n}")
        assert anchor is not None, (article_id, n)
        assert 1 <= n <= len(attributions), (article_id, n)
        content = norm(attributions[n - 1]["content"]["text"])
        body = page.select("div", "text")
        if body:  # the text: the attribution's content opens right after its anchor
            assert norm(_text_after(body[0], anchor)).startswith(content), (article_id, n)
        else:  # a store without text: the anchor is the quote's item in the quotes-only list
            assert norm(anchor.text(skip=_label_or_deleted)).startswith(content)
        item = page.by_id(f"item-{n}")
        assert item is not None
        assert norm(item.select(cls="content")[0].text(skip=_label_or_deleted)) == content
        words = norm(listed)
        assert words, (article_id, n)
        if words != content:
            assert held and words in content, (article_id, n, listed,
                                               attributions[n - 1]["content"]["text"])
            self.held += 1
        self.followed += 1
        return attributions[n - 1]

    def cluster_rows(self, rows: list[Node]) -> None:
        """Rows that list statements (search, home, related): each links to the sentence
        where the statement was first seen, the first occurrence of its trail."""
        for row in rows:
            quote = next(a for a in row.select("a")
                         if a.attrs.get("href", "").startswith("/clusters/"))
            cid = unquote(quote.attrs["href"].removeprefix("/clusters/"))
            first = self.client.get(f"/api/clusters/{cid}?per_page=1").json()["occurrences"][0]
            article_id, n = sentence_link(row)
            assert article_id == first["article_id"], cid
            record = self.follow(article_id, n, first["content"]["text"], held=first["requote"])
            assert record["cluster_id"] == cid or first["requote"], (cid, record)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The demo corpus, its related statements and the re-quote, with and without text."""
    d = tmp_path_factory.mktemp("sentence-links")
    records = CORPUS + NEIGHBOURS + REQUOTES
    yield build_store(d, "links", records), build_store(d, "links-notext", records,
                                                        store_text=False)


def _ids(db: Path) -> tuple[list[str], list[str]]:
    with sqlite3.connect(db) as conn:
        return ([r[0] for r in conn.execute("SELECT cluster_id FROM clusters ORDER BY 1")],
                [r[0] for r in conn.execute("SELECT speaker_id FROM speakers ORDER BY 1")])


def _main(client: Any, path: str) -> Node:
    response = client.get(path)
    assert response.status_code == 200, path
    return parse(response.text).select("main")[0]


@pytest.mark.parametrize("text", [True, False], ids=["text", "no-text"])
def test_every_listed_quote_opens_its_sentence(corpus_db: tuple[Path, Path], text: bool,
                                               make_client: Callable[..., Any]) -> None:
    db = corpus_db[0] if text else corpus_db[1]
    client = make_client(db)
    check = Checker(client)
    clusters, speakers = _ids(db)

    # home and search: statements, each linked to where it was first seen
    rows = _main(client, "/").select("table", "clusters")[0].select("tbody")[0].select("tr")
    assert len(rows) == 10
    check.cluster_rows(rows)
    for q in ("library", "front step", "shelters", "budget", "Okafor", "Sunday libraries"):
        found = _main(client, "/search?" + urlencode({"q": q})).select("tbody")
        assert found, q
        check.cluster_rows(found[0].select("tr"))

    # speakers: each quote of theirs
    for sid in speakers:
        items = _main(client, f"/speakers/{sid}").select("ol", "speaker-quotes")[0].select("li")
        assert items, sid
        for item in items:
            record = check.follow(*sentence_link(item),
                                  item.select(cls="content")[0].text(skip=_label_or_deleted))
            assert sid in (record["speaker_id"] or "").split("+")

    # trails: every occurrence (a re-quote opens the words that hold it), related statements
    for cid in clusters:
        main = _main(client, f"/clusters/{cid}")
        for row in main.select("table", "trail")[0].select("tbody")[0].select("tr"):
            wording = row.select(cls="occ-wording")[0].text(skip=_label_or_deleted)
            requote = any("re-quoted" in b.text() for b in row.select(cls="badge"))
            record = check.follow(*sentence_link(row), wording, held=requote)
            assert record["cluster_id"] == cid or requote
        related = main.select("ul", "related-list")
        if related:
            check.cluster_rows(related[0].select("li"))

    assert check.held >= 1  # the mayor's words inside the councillor's quotation marks
    assert check.followed >= 60


def test_a_requote_opens_its_holder_and_the_next_keeps_its_number(
        corpus_db: tuple[Path, Path], make_client: Callable[..., Any]) -> None:
    client = make_client(corpus_db[0])
    clusters = client.get("/api/search?" + urlencode({"q": "front step"})).json()["results"]
    (mayor,) = [c for c in clusters if c["speaker"] == "Esther Quaye"]
    page = _main(client, f"/clusters/{mayor['cluster_id']}")
    rows = page.select("table", "trail")[0].select("tbody")[0].select("tr")
    links = [sentence_link(r) for r in rows]
    # her own words, then the councillor's letter: its second attribution, his
    assert links == [("river-warning", 1), ("letters/shelters", 2)]
    attributions = client.get("/api/articles/letters/shelters").json()["attributions"]
    assert attributions[1]["speaker"] == "Hal Prynne" and len(attributions) == 3
    # the levee pledge after it is the article's third attribution, not a fourth
    quaye = _main(client, "/speakers/esther-quaye").select("ol", "speaker-quotes")[0]
    assert ("letters/shelters", 3) in [sentence_link(li) for li in quaye.select("li")]


def test_sentence_anchors_count_as_the_article_page_does(corpus_db: tuple[Path, Path]) -> None:
    with sqlite3.connect(corpus_db[0]) as conn:
        rows = conn.execute("SELECT a.rowid, ar.article_id, a.key, a.requote_of FROM "
                            "attributions a JOIN articles ar ON ar.rowid = a.article").fetchall()
        anchors = queries.sentence_anchors(conn, [r[0] for r in rows])
        by_rowid = {r[0]: r for r in rows}
        for rowid, article_id, key, holder in rows:
            listed = queries.article(conn, article_id)["attributions"]
            if holder is None:
                n = anchors[rowid]
                assert listed[n - 1]["content"]["text"] == conn.execute(
                    "SELECT content FROM attributions WHERE rowid = ?", (rowid,)).fetchone()[0]
            else:  # a derived re-quote (key ...:qN) takes its holder's number
                assert re.search(r":q[0-9]+$", key)
                assert anchors[rowid] == anchors[by_rowid[holder][0]]
        assert any(r[3] is not None for r in rows)
        assert queries.sentence_anchors(conn, []) == {}
        assert queries.sentence_anchors(conn, [10 ** 9]) == {}
