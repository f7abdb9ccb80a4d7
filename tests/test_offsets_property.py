"""The offset contract, end to end: ``text[start:end] == span.text`` for every span.

Hypothesis writes news-like articles (straight, curly, single and double quotes,
guillemets, ``\\`\\` ''`` pairs, apostrophes, nested and unbalanced marks, quotes over
several paragraphs, ``\\n`` / ``\\n\\n`` / ``\\r\\n`` / ``\\r`` breaks, non-ASCII text) to a
file, runs ``quotetrail extract --format jsonl`` on it, re-reads the file
independently and checks every span of every attribution against it.  The checks
hold trivially for an engine that finds nothing; they bite as soon as it finds things,
which is why explicit examples with clear quotes sit beside the generated ones.

Most runs are in-process (``CliRunner``) because the engine loads spaCy once per
process; one test drives the installed console script in a real subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotetrail.cli import app

runner = CliRunner()
QUOTETRAIL_BIN = Path(sys.executable).with_name("quotetrail")

KINDS = {"direct", "mixed", "indirect"}
SPEAKER_TYPES = {"person", "group", "organisation", "unnamed", "document", None}
SPAN_FIELDS = ("content", "cue", "source", "addressee", "venue")

# -- checking -----------------------------------------------------------------------


def check_span(text: str, span: Any, what: str) -> None:
    assert isinstance(span, dict), (what, span)
    start, end = span["start"], span["end"]
    assert type(start) is int and type(end) is int, (what, span)
    assert 0 <= start <= end <= len(text), (what, span, len(text))
    assert text[start:end] == span["text"], (what, span, text[start:end])


def check_record(rec: dict[str, Any], text: str) -> None:
    """Everything the contract says about one record's text and attributions."""
    assert rec["errors"] == [], rec["errors"]
    assert rec["text"] == text
    for a in rec["attributions"]:
        assert a["kind"] in KINDS, a
        check_span(text, a["content"], "content")
        for name in SPAN_FIELDS[1:]:
            if a[name] is not None:
                check_span(text, a[name], name)
        if a["venue"] is not None:
            assert isinstance(a["venue"]["type"], str)
        assert isinstance(a["fragments"], list)
        if a["kind"] != "mixed":
            assert a["fragments"] == [], a
        for fragment in a["fragments"]:
            check_span(text, fragment, "fragment")
            assert a["content"]["start"] <= fragment["start"] <= fragment["end"] \
                <= a["content"]["end"], (a["content"], fragment)
        assert a["speaker"] is None or isinstance(a["speaker"], str)
        assert isinstance(a["speakers"], list) and all(isinstance(s, str) for s in a["speakers"])
        assert a["speaker_type"] in SPEAKER_TYPES, a
        assert isinstance(a["confidence"], int | float) and 0.0 <= a["confidence"] <= 1.0


def reread(path: Path, encoding: str = "utf-8") -> str:
    """The file as a user's program would read it: exact, no newline translation."""
    with open(path, encoding=encoding, newline="") as f:
        return f.read()


def extract_in_process(path: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    rec: dict[str, Any] = json.loads(lines[0])
    return rec


def roundtrip_txt(text: str) -> dict[str, Any]:
    """Write ``text`` as UTF-8 bytes, extract, and check the record against a re-read."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_bytes(text.encode("utf-8"))
        rec = extract_in_process(path)
        file_text = reread(path)
    assert file_text == text
    check_record(rec, file_text)
    return rec


# -- generating news-like text ------------------------------------------------------

QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("«", "»"), ("« ", " »"),
               ("``", "''"), ("''", "''"), ("„", "“"), ("‹", "›"), ("「", "」"), ("»", "«")]
NAMES = ["Jane Doe", "Kit Connor", "Connor", "Joe Locke", "the actor", "officials", "He",
         "she", "Esme", "Dr. Zoë Müller", "O’Brien", "a spokesperson for the ministry",
         "Connor & Locke", "Twitter user Esme", "Søren Kierkegaard", "李小龙"]
CUES = ["said", "says", "told Pink News", "added", "wrote in a tweet", "said on This Morning",
        "argued", "explained to reporters", "noted", "insisted", "recalled", "told the BBC"]
WORDS = ["the", "we", "will", "win", "this", "is", "why", "did", "it", "don't", "it’s",
         "can't", "’90s", "rock ’n’ roll", "Connor’s", "café", "naïve", "東京", "🎉",
         "résumé", "50%", "$3.5bn", "U.S.", "e.g.", "—", "–", "...", "…", "(aside)",
         "really", "nice", "about", "terrified", "beautiful", "tweet", "moment", "career",
         "Mr.", "No.", "3:30", "x²", "a\u0301", "\u200b", "mum", "l'été", "O'Neil"]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", " \n", "\n\n\n", "\t"]

clauses = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join)
names = st.sampled_from(NAMES)
cues = st.sampled_from(CUES)
pairs = st.sampled_from(QUOTE_PAIRS)
odd_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from("\n\r\t“”\"'‘’«»`„‹›"),
    ),
    max_size=40,
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    o, c = draw(pairs)
    o2, c2 = draw(pairs)
    name, cue = draw(names), draw(cues)
    a, b = draw(clauses), draw(clauses)
    form = draw(st.integers(0, 9))
    if form == 0:
        punct = draw(st.sampled_from([",", "", "!", "?", "."]))
        return f"{o}{a}{punct}{c} {cue} {name}."
    if form == 1:
        return f"{name} {cue}: {o}{a}.{c}"
    if form == 2:
        return f"{name} {cue} that {a}."
    if form == 3:
        return f"{name} {cue} the show {o}{a}{c} and {o}{b}{c}."
    if form == 4:  # unbalanced
        return draw(st.sampled_from([f"{o}{a}", f"{a}{c} {cue} {name}.", f"{o}{a} {o}{b}{c}"]))
    if form == 5:  # nested
        return f"{o}{a} {o2}{b}{c2} indeed,{c} {name} {cue}."
    if form == 6:  # split quotation
        return f"{o}{a},{c} {name} {cue}. {o}{b}.{c}"
    if form == 7:  # a quotation over two paragraphs: no closing mark on the first
        sep = draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n"]))
        return f"{name} {cue}: {o}{a}.{sep}{o}{b}.{c}"
    if form == 8:
        return f"{a.capitalize()}."
    return draw(odd_text)


@st.composite
def articles(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(sentences(), st.sampled_from(SEPARATORS)), max_size=8))
    head = draw(st.sampled_from(["", "", "\ufeff", "\n", "Title line\r\n\r\n"]))
    return head + "".join(s + sep for s, sep in parts)


# -- generated examples -------------------------------------------------------------

@given(articles())
def test_offsets_hold_for_generated_articles(text: str) -> None:
    roundtrip_txt(text)


@given(st.lists(st.one_of(articles(), st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)),
        min_size=1, max_size=4))
def test_offsets_hold_for_jsonl_text_fields(texts: list[str]) -> None:
    """JSONL ``text`` is kept unchanged (control characters, U+2028 and all)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.jsonl"
        lines = [json.dumps({"id": f"r{i}", "text": t}, ensure_ascii=i % 2 == 0)
                 for i, t in enumerate(texts)]
        path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
        result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in recs] == [f"r{i}" for i in range(len(texts))]
    for rec, text in zip(recs, texts, strict=True):
        check_record(rec, text)


# -- explicit examples (the engine must find these) ---------------------------------

EXAMPLES = [
    "“We will win,” said Jane Doe.",
    "“We will win,” said Jane Doe.\r\n\r\n“And again,” she added.\r\n",
    "Kit Connor said: “This. This is why we did it.”\n\nHe smiled.",
    'Officials said the plan was "dead on arrival," according to the minutes.\n',
    "« Nous allons gagner », a dit Jeanne. “We will win,” Jane Doe told the BBC.",
    "``It was the best moment of my career,'' Connor said on This Morning.",
    "Twitter user Esme told Pink News that she was initially “terrified” but that it was "
    "“the right way to do it”.",
    "“The first paragraph of a long statement,\n\n“and the second one,” the minister said.",
    "‘We’re not done yet,’ said O’Brien, who’s been here since the ’90s.",
    "Zoë Müller 🎉 said: “Ça marche — 東京 is next.”\r\nThe end.",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_offsets_hold_for_examples(text: str) -> None:
    roundtrip_txt(text)


@pytest.mark.parametrize("text", EXAMPLES[:4])
def test_engine_finds_attributions_in_clear_examples(text: str) -> None:
    rec = roundtrip_txt(text)
    assert rec["attributions"], "a clearly attributed quotation should be found"


def test_engine_offsets_hold_on_the_seed_article(shared_dir: Path) -> None:
    path = shared_dir / "data" / "seed" / "heartstopper.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    rec = extract_in_process(path)
    check_record(rec, reread(path))
    assert len(rec["attributions"]) >= 5


# -- a real subprocess --------------------------------------------------------------

def test_offsets_hold_through_the_console_script(tmp_path: Path) -> None:
    """The installed ``quotetrail`` over a directory of UTF-8 (CRLF too) and cp1252 files."""
    root = tmp_path / "corpus"
    root.mkdir()
    encodings: dict[str, str] = {}
    for i, text in enumerate(EXAMPLES):
        (root / f"ex{i:02}.txt").write_bytes(text.encode("utf-8"))
        encodings[f"ex{i:02}"] = "utf-8"
    (root / "legacy.txt").write_bytes(b"\x93We will win,\x94 said Jane Doe.\r\n\x91Yes.\x92")
    encodings["legacy"] = "cp1252"
    proc = subprocess.run([str(QUOTETRAIL_BIN), "extract", str(root), "--format", "jsonl"],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert [line.startswith("warning: ") for line in proc.stderr.splitlines()] == [True]
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert sorted(r["id"] for r in recs) == sorted(encodings)
    for rec in recs:
        check_record(rec, reread(root / f"{rec['id']}.txt", encodings[rec["id"]]))
    assert sum(len(r["attributions"]) for r in recs) >= len(EXAMPLES)
