"""Each occurrence's differences from its statement's root wording: what it leaves out,
adds and changes, with exact spans (root spans index the root, text spans the article),
in the library, in trails, and in ``quotetrail trail`` at 80 columns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotetrail.cli import app
from quotetrail.corpus import queries
from quotetrail.corpus.store import Store, open_readonly
from quotetrail.corpus.wording import differences, occurrence_parts, segments
from quotetrail.model import ArticleResult, Attribution, Span

ROOT = ("We will rebuild every school in this district before the next winter comes, and "
        "we will do it without raising a single tax")


def diff_of(text: str, offset: int = 0, root: str = ROOT) -> dict[str, Any]:
    return differences(root, [(offset, text)])


def ops(d: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [(e["op"], (e["root"] or {}).get("text"), (e["text"] or {}).get("text"))
            for e in d["edits"]]


def test_the_root_itself_and_restyled_copies_are_the_same() -> None:
    assert diff_of(ROOT)["same"] and diff_of(ROOT)["edits"] == []
    restyled = ("we will REBUILD every school in this district before the next winter comes "
                "and we will do it without raising a single tax.")
    d = diff_of(restyled)
    assert d["same"] and d["shared_words"] == d["root_words"] == 23


def test_a_truncated_quote_leaves_out_the_rest_where_it_stops() -> None:
    article = "Gonzalez: “We will rebuild every school in this district,” she said."
    start = article.index("We")
    content = article[start:article.index(",”")]
    d = diff_of(content, start)
    assert ops(d) == [("left_out", "before the next winter comes, and we will do it without "
                                   "raising a single tax", None)]
    assert d["left_out"] == 15 and d["added"] == 0 and d["words"] == 8
    edit = d["edits"][0]
    assert ROOT[edit["root"]["start"]:edit["root"]["end"]] == edit["root"]["text"]
    assert edit["at"] == start + len(content)


def test_added_and_changed_words_are_spans_of_the_article() -> None:
    article = ("The mayor said: “We will rebuild every single school in this district before "
               "winter, and we will do it without raising taxes.”")
    start = article.index("We")
    content = article[start:article.rindex("”")]
    d = diff_of(content, start)
    assert ops(d) == [("added", None, "single"), ("left_out", "the next", None),
                      ("left_out", "comes", None), ("changed", "a single tax", "taxes")]
    for e in d["edits"]:
        if e["text"]:
            assert article[e["text"]["start"]:e["text"]["end"]] == e["text"]["text"]
            assert e["at"] == e["text"]["start"]
        if e["root"]:
            assert ROOT[e["root"]["start"]:e["root"]["end"]] == e["root"]["text"]


def test_a_light_rewording_is_a_change() -> None:
    root = "If you are able to get out now, get out now"
    d = differences(root, [(0, "If you are capable of getting out now, get out now")])
    assert ops(d) == [("changed", "able to get", "capable of getting")]


def test_a_mixed_attribution_is_compared_on_its_quoted_fragments() -> None:
    article = ("Gonzalez said the city would “rebuild every school in this district” and do it "
               "“without raising a single tax”.")
    frags = [article.index(f) for f in ("rebuild every", "without raising")]
    spans = [{"start": s, "end": article.index("”", s), "text": article[s:article.index("”", s)]}
             for s in frags]
    parts = occurrence_parts("mixed", {"start": 0, "end": len(article), "text": article}, spans)
    assert [p[1] for p in parts] == ["rebuild every school in this district",
                                     "without raising a single tax"]
    d = differences(ROOT, parts)
    assert ops(d) == [("left_out", "We will", None),
                      ("left_out", "before the next winter comes, and we will do it", None)]
    assert d["words"] == 11 and d["added"] == 0  # "the city would", "and do it" are the reporter's
    json.dumps(d)  # plain data


def test_an_edit_never_spans_two_fragments() -> None:
    root = "one two three four five six"
    d = differences(root, [(0, "alpha one two beta"), (100, "gamma")])
    assert ops(d) == [("added", None, "alpha"), ("changed", "three four five six", "beta"),
                      ("added", None, "gamma")]
    assert [e["text"]["start"] for e in d["edits"]] == [0, 14, 100]


def test_a_quote_is_compared_without_the_words_it_requotes() -> None:
    content = "Quaye told us ‘do not wait for the water’ and then she left"
    parts = occurrence_parts("direct", {"start": 10, "end": 10 + len(content),
                                        "text": content}, [])
    assert [t for _, t in parts] == ["Quaye told us ‘", "’ and then she left"]
    assert [s for s, _ in parts] == [10, 10 + content.index("’")]


WORDS = st.sampled_from(["we", "will", "rebuild", "every", "school", "tax", "winter",
                         "“now”", "it's", "—", "don’t", "<b>", "x"])


@given(st.lists(WORDS, min_size=0, max_size=14), st.lists(WORDS, min_size=0, max_size=14),
       st.integers(min_value=0, max_value=50))
def test_spans_are_exact_and_segments_give_the_text_back(root_words: list[str],
                                                          said: list[str], pad: int) -> None:
    root = " ".join(root_words)
    article = "·" * pad + " ".join(said) + " (end)"
    text = " ".join(said)
    d = differences(root, [(pad, text)])
    for e in d["edits"]:
        if e["root"]:
            assert root[e["root"]["start"]:e["root"]["end"]] == e["root"]["text"]
        if e["text"]:
            assert article[e["text"]["start"]:e["text"]["end"]] == e["text"]["text"]
        assert pad <= e["at"] <= pad + len(text)
    assert d["shared_words"] + d["left_out"] == d["root_words"]
    assert d["shared_words"] + d["added"] == d["words"]
    shown = "".join(p for kind, p in segments(text, pad, d) if kind in ("text", "added"))
    assert shown == text


def _result(id: str, quote: str, published: str) -> ArticleResult:
    text = f"Reporting. “{quote},” said Maria Gonzalez.\n"
    start = text.index("“") + 1
    return ArticleResult(
        id=id, text=text, url=f"https://news.example/{id}", outlet=f"Outlet {id}",
        published=published, model="fake 0", version="0",
        attributions=[Attribution(kind="direct", content=Span.of(text, start, start + len(quote)),
                                  speaker="Maria Gonzalez", speakers=["Maria Gonzalez"],
                                  speaker_type="person", confidence=0.9,
                                  speaker_confidence=0.9)])


def test_trails_carry_the_differences_and_the_trail_command_shows_them(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    half = "We will rebuild every school in this district before the next winter comes"
    more = ("We will rebuild every single school in this district before the next winter "
            "comes, and we will do it without raising a single tax")
    with Store(db) as s:
        s.add_batch([_result("a", ROOT, "2024-03-04"), _result("b", half, "2024-03-05"),
                     _result("c", more, "2024-03-06")])
    conn = open_readonly(db)
    cid = conn.execute("SELECT cluster_id FROM clusters").fetchone()[0]
    trail = queries.trail(conn, cid)
    assert [o["article_id"] for o in trail] == ["a", "b", "c"]
    root = conn.execute("SELECT text FROM clusters").fetchone()[0]
    assert root == more and trail[2]["differences"]["same"]  # the fullest is the root
    edits = trail[0]["differences"]["edits"]
    assert [(e["op"], e["root"]["text"]) for e in edits] == [("left_out", "single")]
    assert root[edits[0]["root"]["start"]:edits[0]["root"]["end"]] == "single"
    article = queries.article(conn, "a")
    assert article is not None
    assert article["text"][edits[0]["at"]:].startswith("school in this district")
    assert [e["op"] for e in trail[1]["differences"]["edits"]] == ["left_out", "left_out"]

    result = CliRunner(env={"COLUMNS": "80"}).invoke(
        app, ["trail", cid, "--db", str(db), "-f", "table"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    flat = " ".join(" ".join(line.strip("│ ").split()) for line in lines)
    assert "(full wording)" in result.stdout and "[-single-]" in flat
    assert "[-and we will … single tax (10 words)-]" in flat.replace(" │ ", " ")
    csv_out = CliRunner().invoke(app, ["trail", cid, "--db", str(db), "-f", "csv"]).stdout
    assert "words_left_out" in csv_out.splitlines()[0]
    assert "[-and we will do it without raising a single tax-]" in csv_out
