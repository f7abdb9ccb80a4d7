"""Readers: the exact text every offset will index, and every way an input can be bad.

The readers are the first half of the offset contract (``text[start:end] ==
span.text``): if they translated newlines or stripped anything, every downstream
offset would be wrong against the user's own copy of the file.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from quotetrail.model import Document
from quotetrail.readers import IdRegistry, read_paths
from quotetrail.readers._common import looks_binary
from quotetrail.readers.html import MARKUP_BYTES_PER_CHAR, extract_html
from quotetrail.readers.jsonl import read_jsonl_stream

MAX = 10_000


def read_all(*paths: Path | str, max_chars: int = MAX) -> list[Document]:
    return list(read_paths([str(p) for p in paths], max_chars=max_chars))


def only(docs: list[Document]) -> Document:
    assert len(docs) == 1, docs
    return docs[0]


def codes(doc: Document) -> list[str]:
    return [e.code for e in doc.errors]


# -- .txt ---------------------------------------------------------------------------

def test_txt_is_exact_utf8_with_crlf_and_lone_cr_preserved(tmp_path: Path) -> None:
    raw = "“We won,” she said.\r\n\r\nLine two\rthree\n\ttabbed – café 🎉\n".encode()
    path = tmp_path / "story.txt"
    path.write_bytes(raw)
    doc = only(read_all(path))
    assert doc.text == raw.decode("utf-8")
    with open(path, encoding="utf-8", newline="") as f:
        assert doc.text == f.read()
    assert (doc.id, doc.location, doc.errors, doc.warnings) == ("story", str(path), [], [])


def test_txt_keeps_a_utf8_bom_so_offsets_match_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello")
    assert only(read_all(path)).text == "\ufeffHello"


def test_txt_empty_file_is_processed_normally(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    doc = only(read_all(path))
    assert (doc.text, doc.errors, doc.warnings) == ("", [], [])


@pytest.mark.parametrize(("text", "title"), [
    ("Tram Drivers Vote to Strike\n\nDrivers voted on Monday.\n", "Tram Drivers Vote to Strike"),
    ("  Bank 'loses' data  \r\n\r\nThe bank said.", "Bank 'loses' data"),
    ("Mayor Tells Residents: Get Out Now.\n \nShe said it twice.",
     "Mayor Tells Residents: Get Out Now."),  # title case may end as a sentence does
])
def test_txt_a_short_first_line_then_a_blank_line_is_the_title(
        tmp_path: Path, text: str, title: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = only(read_all(path))
    assert doc.title == title
    assert doc.text == text  # the title stays in the text: offsets index the whole file
    start = text.index(title)
    assert doc.text[start:start + len(title)] == title


@pytest.mark.parametrize("text", [
    "One line only, no blank line after it.\nThe next line.\n",  # no blank line
    "Just a headline and nothing else\n\n",  # nothing after it
    ("The council voted on Monday to close three libraries and two swimming pools, "
     "a decision its leader said was forced on it by the government's cuts to local "
     "budgets.\n\nMore text."),  # a long first line is the lede
    "\n\n\nBody only.",
    "“We will rebuild,” the mayor said on Monday.\n\nMore.",  # a one-sentence lede
    "12345\n\nNo letters in the first line.",
])
def test_txt_without_a_title_line_has_no_title(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert only(read_all(path)).title is None


def test_txt_falls_back_to_cp1252_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"\x93Hello,\x94 said Zo\xeb \x96 it\x92s caf\xe9.\r\n")
    doc = only(read_all(path))
    assert doc.text == "“Hello,” said Zoë – it’s café.\r\n"
    assert doc.errors == []
    assert len(doc.warnings) == 1
    assert "cp1252" in doc.warnings[0] and str(path) in doc.warnings[0]
    assert "\n" not in doc.warnings[0]


@pytest.mark.parametrize("raw", [
    b"PK\x03\x04\x00\x00binary zip-ish",
    b"text with a single \x00 NUL",
    bytes(range(1, 9)) * 50 + b"some text",
])
def test_binary_input_is_an_error_with_empty_text(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(raw)
    doc = only(read_all(path))
    assert codes(doc) == ["binary"]
    assert doc.text == ""
    assert doc.errors[0].message.startswith(str(path))


def test_a_few_control_characters_do_not_make_text_binary() -> None:
    prose = b"A form feed \x0c, a vertical tab \x0b and one ESC \x1b in prose. "
    assert not looks_binary(prose * 3)


@pytest.mark.parametrize("bad", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_bytes_undefined_in_cp1252_are_undecodable(tmp_path: Path, bad: bytes) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"caf\xe9 " + bad + b" end")
    doc = only(read_all(path))
    assert codes(doc) == ["undecodable"]
    assert doc.text == ""
    assert f"0x{bad[0]:02x}" in doc.errors[0].message


def test_too_large_by_characters(tmp_path: Path) -> None:
    ok, big = tmp_path / "ok.txt", tmp_path / "big.txt"
    ok.write_text("é" * 10, encoding="utf-8")  # 20 bytes, 10 characters: fits
    big.write_text("é" * 11, encoding="utf-8")
    ok_doc, big_doc = read_all(ok, big, max_chars=10)
    assert ok_doc.errors == [] and ok_doc.text == "é" * 10
    assert codes(big_doc) == ["too_large"] and big_doc.text == ""
    assert "11" in big_doc.errors[0].message


def test_too_large_by_bytes_is_rejected_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 9999)  # more than 4 bytes per allowed character
    doc = only(read_all(path, max_chars=1000))
    assert codes(doc) == ["too_large"]
    assert "9,999 bytes" in doc.errors[0].message  # the file's size, not the bytes read


# -- .txt in UTF-16 -----------------------------------------------------------------

UTF16_TEXT = "\ufeff“We won,” she said – café 🎉.\r\n\r\nLine two\rthree\n"


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "UTF-16 LE"),
                                             ("utf-16-be", "UTF-16 BE")])
def test_txt_utf16_with_a_bom_is_decoded_with_a_warning(tmp_path: Path, codec: str,
                                                        name: str) -> None:
    """DESIGN.md: UTF-16 when the file starts with a byte-order mark (it was 'binary')."""
    path = tmp_path / "u16.txt"
    path.write_bytes(UTF16_TEXT.encode(codec))
    doc = only(read_all(path))
    assert doc.errors == []
    assert doc.text == UTF16_TEXT  # the BOM stays, as U+FEFF, like a UTF-8 BOM
    with open(path, encoding=codec, newline="") as f:
        assert doc.text == f.read()  # offsets index the file as re-read
    assert len(doc.warnings) == 1 and "\n" not in doc.warnings[0]
    assert doc.warnings[0].startswith(f"{path}: ") and name in doc.warnings[0]


def test_txt_the_generic_utf16_codec_output_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Hello, “world”.".encode("utf-16"))  # native order, BOM first
    assert only(read_all(path)).text == "\ufeffHello, “world”."


@pytest.mark.parametrize(("raw", "code"), [
    (b"\xff\xfeH\x00i\x00!", "undecodable"),  # an odd number of bytes
    (b"\xff\xfeH\x00\x00\xd8i\x00", "undecodable"),  # an unpaired high surrogate
    ("\ufeffUTF-32 text".encode("utf-32-le"), "binary"),  # FF FE 00 00: NULs once decoded
    (b"\xff\xfe" + "\x01\x02\x03 x".encode("utf-16-le") * 40, "binary"),  # controls
])
def test_txt_a_utf16_bom_on_bytes_that_are_not_utf16(tmp_path: Path, raw: bytes,
                                                     code: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(raw)
    doc = only(read_all(path))
    assert codes(doc) == [code] and doc.text == "" and doc.warnings == []
    assert doc.errors[0].message.startswith(str(path)) and "\n" not in doc.errors[0].message


def test_txt_utf16_too_large_counts_characters(tmp_path: Path) -> None:
    ok, big = tmp_path / "ok.txt", tmp_path / "big.txt"
    ok.write_bytes(("\ufeff" + "é" * 9).encode("utf-16-le"))  # 10 characters, 20 bytes
    big.write_bytes(("\ufeff" + "é" * 10).encode("utf-16-le"))
    ok_doc, big_doc = read_all(ok, big, max_chars=10)
    assert ok_doc.errors == [] and len(ok_doc.text) == 10
    assert codes(big_doc) == ["too_large"] and "11 characters" in big_doc.errors[0].message


def test_stdin_utf16(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        "\ufeff“Yes,” he said.\r\n".encode("utf-16-be"))))
    doc = only(read_all("-"))
    assert (doc.text, doc.errors) == ("\ufeff“Yes,” he said.\r\n", [])
    assert "UTF-16 BE" in doc.warnings[0]


class Pipe(io.BufferedReader):
    """A stream whose size is unknown (as a pipe's is)."""

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def test_an_oversized_pipe_says_over_not_a_made_up_size() -> None:
    """Only ``limit + 1`` bytes of a pipe are read: its size is unknown, so say 'over'."""
    from quotetrail.readers.txt import read_txt_stream

    doc = read_txt_stream(Pipe(io.BytesIO(b"z" * 100)), id="stdin", location="<stdin>",
                          max_chars=10)
    assert codes(doc) == ["too_large"]
    assert doc.errors[0].message.startswith("<stdin>: over 40 bytes is too large")


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    doc = only(read_all(missing))
    assert (doc.id, codes(doc), doc.text) == ("nope", ["unreadable"], "")
    assert "No such file" in doc.errors[0].message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden", encoding="utf-8")
    path.chmod(0)
    try:
        assert codes(only(read_all(path))) == ["unreadable"]
    finally:
        path.chmod(0o600)


def test_os_errors_while_opening_are_unreadable(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Works as root too, where chmod cannot make a file unreadable."""
    import quotetrail.readers.html as html_reader
    import quotetrail.readers.jsonl as jsonl_reader
    import quotetrail.readers.txt as txt_reader

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    for module in (txt_reader, html_reader, jsonl_reader):
        monkeypatch.setattr(module, "open", denied, raising=False)
    for name in ("a.txt", "b.html", "c.jsonl"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    docs = read_all(tmp_path)
    assert [(d.id, codes(d)) for d in docs] == [
        ("a", ["unreadable"]), ("b", ["unreadable"]), ("c", ["unreadable"])]
    assert all("Permission denied" in d.errors[0].message for d in docs)


# -- .html --------------------------------------------------------------------------

ARTICLE_SENTENCES = (
    "The stadium was full on Saturday night as the home side won its first title in thirty "
    "years, and supporters stayed long after the final whistle to celebrate.",
    "“We will win again,” said Jane Doe, the team captain, speaking to reporters outside "
    "the ground after the match had ended.",
    "Coach John Smith told the Evening Post that the victory was “the best moment of my "
    "career” and thanked the fans for their patience over many difficult seasons.",
)

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Fans Cheer Local Team | The Daily Example</title>
<meta property="og:title" content="Fans Cheer Local Team">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://example.com/news/fans-cheer">
<meta property="article:published_time" content="2022-05-03T10:00:00Z">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/contact">Contact us</a></li></ul></nav></header>
<main><article><h1>Fans Cheer Local Team</h1>
{"".join(f"<p>{s}</p>" for s in ARTICLE_SENTENCES)}
</article></main>
<section class="comments"><h3>Leave a Comment</h3>
<form><textarea name="c"></textarea><button>Post Comment</button></form></section>
<footer><p>Copyright 2022 The Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_html_main_text_without_furniture_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "fans.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = only(read_all(path))
    assert doc.errors == []
    assert doc.id == "fans"
    for sentence in ARTICLE_SENTENCES:
        assert sentence in doc.text
    for furniture in ("Leave a Comment", "Post Comment", "Contact us", "Copyright",
                      "Privacy policy", "Sport"):
        assert furniture not in doc.text
    assert doc.title == "Fans Cheer Local Team"
    assert doc.url == "https://example.com/news/fans-cheer"
    assert doc.outlet == "The Daily Example"
    assert doc.published == "2022-05-03"


def test_html_published_never_comes_from_the_body_text() -> None:
    html = ("<html><head><title>Council</title></head><body><article>"
            "<p>Posted on 3 May 2022. The council met on Tuesday, 4 March 2020, and the chair "
            "said the budget was balanced for the coming year, a claim disputed at length.</p>"
            "<p>Another paragraph of reasonable length so that extraction has something to "
            "keep, with a few more words.</p></article></body></html>")
    doc = extract_html(html, id="c", location="c.html", max_chars=MAX)
    assert "council met" in doc.text
    assert doc.published is None


def test_html_without_main_text_warns(tmp_path: Path) -> None:
    path = tmp_path / "nav.htm"
    path.write_text("<html><head><title>Empty</title></head><body><div></div></body></html>",
                    encoding="utf-8")
    doc = only(read_all(path))
    assert doc.errors == [] and doc.text == ""
    assert any("no main text" in w for w in doc.warnings)


def test_html_limits(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * (10 * MARKUP_BYTES_PER_CHAR) + b"</p>")
    assert codes(only(read_all(big, max_chars=10))) == ["too_large"]
    long_text = tmp_path / "long.html"
    long_text.write_text(PAGE, encoding="utf-8")
    assert codes(only(read_all(long_text, max_chars=100))) == ["too_large"]
    binary = tmp_path / "bin.html"
    binary.write_bytes(b"<html>\x00\x00\x00</html>")
    assert codes(only(read_all(binary))) == ["binary"]
    assert f"{big.stat().st_size:,} bytes" in only(read_all(big, max_chars=10)).errors[0].message


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "UTF-16 LE"),
                                             ("utf-16-be", "UTF-16 BE")])
def test_html_utf16_with_a_bom_is_read_as_a_txt_file_would_be(tmp_path: Path, codec: str,
                                                              name: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(("\ufeff" + PAGE.replace('charset="utf-8"', 'charset="utf-16"'))
                     .encode(codec))
    doc = only(read_all(path))
    assert doc.errors == []
    assert ARTICLE_SENTENCES[1] in doc.text and doc.title == "Fans Cheer Local Team"
    assert [w for w in doc.warnings if name in w and w.startswith(str(path))]
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\xff\xfe<\x00p")  # an odd number of bytes after the BOM
    assert codes(only(read_all(bad))) == ["undecodable"]


# -- .jsonl -------------------------------------------------------------------------

def jsonl(*records: Any) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n"
                    for r in records)


def test_jsonl_records_keep_text_unchanged(tmp_path: Path) -> None:
    text = "Line one\r\nline two\u2028still two\u0085 “quoted” \t🎉\x00\x1b"
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl(
        {"id": "a1", "text": text, "title": "T", "url": "https://x/1", "outlet": "X",
         "published": "2024-01-02", "extra": {"ignored": True}},
        {"id": 7, "text": ""},
    ))
    first, second = read_all(path)
    assert (first.id, first.text, first.title, first.url, first.outlet, first.published) == (
        "a1", text, "T", "https://x/1", "X", "2024-01-02")
    assert first.location == f"{path}:1" and first.errors == []
    assert (second.id, second.text, second.location) == ("7", "", f"{path}:2")
    assert first.warnings == []
    assert second.warnings == [f'{path}:2: "id" is the number 7, not a string; read as "7"']


@pytest.mark.parametrize(("raw_id", "expected"), [(0, "0"), (-12, "-12"),
                                                  (10**30, str(10**30))])
def test_jsonl_an_integer_id_is_read_as_a_string_with_a_one_line_warning(
        tmp_path: Path, raw_id: int, expected: str) -> None:
    path = tmp_path / "ints.jsonl"
    path.write_bytes(jsonl({"id": "first", "text": ""}, {"id": raw_id, "text": "x"}))
    doc = read_all(path)[1]
    assert (doc.id, doc.errors) == (expected, [])
    assert len(doc.warnings) == 1 and "\n" not in doc.warnings[0]
    assert doc.warnings[0].startswith(f"{path}:2: ")  # names the line


@pytest.mark.parametrize(("raw_id", "says"), [
    (True, "a boolean"), (False, "a boolean"), (None, "null"), (7.0, "the number 7.0"),
    (1e21, "the number 1e+21"), ([7], "an array"), ({"n": 7}, "an object"),
    ("", "non-empty string"),
])
def test_jsonl_an_id_of_another_type_is_a_bad_record(tmp_path: Path, raw_id: object,
                                                     says: str) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_bytes(jsonl({"id": raw_id, "text": "x"}))
    doc = only(read_all(path))
    assert codes(doc) == ["bad_record"] and doc.id == "ids:1" and doc.warnings == []
    assert says in doc.errors[0].message and "\n" not in doc.errors[0].message


def test_jsonl_broken_lines_become_error_documents_and_the_file_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + jsonl({"id": "ok1", "text": "fine"})  # BOM on the first line
        + b"{not json\n"
        + b"\n   \r\n"  # blank lines are skipped, but still counted
        + jsonl({"text": "no id"}, {"id": "noText"}, [1, 2], {"id": "t", "text": 3},
                {"id": "bad-title", "text": "x", "title": 5})
        + b'{"id": "sur", "text": "half a pair \\ud800"}\n'
        + b'{"id": "bytes", "text": "caf\xe9"}\n'
        + jsonl({"id": "ok2", "text": "also fine"}).rstrip(b"\n")  # no final newline
    )
    docs = read_all(path)
    got = [(d.id, d.location.rsplit(":", 1)[1] if d.location else "", codes(d)) for d in docs]
    assert got == [
        ("ok1", "1", []),
        ("mixed:2", "2", ["bad_record"]),
        ("mixed:5", "5", ["bad_record"]),
        ("noText", "6", ["bad_record"]),
        ("mixed:7", "7", ["bad_record"]),
        ("t", "8", ["bad_record"]),
        ("bad-title", "9", ["bad_record"]),
        ("sur", "10", ["bad_record"]),
        ("mixed:11", "11", ["bad_record"]),
        ("ok2", "12", []),
    ]
    messages = [d.errors[0].message for d in docs if d.errors]
    assert all(m.startswith(f"{path}:") and "\n" not in m for m in messages)
    assert '"id" is missing' in messages[1] and '"text" is missing' in messages[2]


def test_jsonl_too_large_record_and_overlong_line(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(jsonl({"id": "long", "text": "x" * 11}, {"id": "short", "text": "x"}))
    long, short = read_all(path, max_chars=10)
    assert codes(long) == ["too_large"] and short.errors == []
    stream = io.BytesIO(b'{"id": "w", "text": "' + b"y" * 200_000 + b'"}\n'
                        + jsonl({"id": "after", "text": "ok"}))
    docs = list(read_jsonl_stream(stream, path="s.jsonl", file_id="s", max_chars=10))
    assert [codes(d) for d in docs] == [["too_large"], []]
    assert docs[1].id == "after"
    assert "200,023 bytes" in docs[0].errors[0].message  # the whole line, not its head


@pytest.mark.parametrize("ending", [b"\n", b""])  # the last line may lack its newline
def test_jsonl_an_overlong_line_states_its_true_size(tmp_path: Path, ending: bytes) -> None:
    """Issue 11: a 50,000,017-byte line was reported as 12,065,537 bytes (what was read
    before the limit), with the default --max-chars."""
    head, tail = b'{"id": "w", "text": "', b'"}'
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as f:
        f.write(jsonl({"id": "before", "text": "ok"}) + head)
        f.write(b"y" * (50_000_017 - len(head) - len(tail)))
        f.write(tail + ending)
        if ending:
            f.write(jsonl({"id": "after", "text": "ok"}))
    docs = list(read_paths([str(path)]))
    assert [d.id for d in docs] == ["before", "huge:2", "after"][:3 if ending else 2]
    message = docs[1].errors[0].message
    assert codes(docs[1]) == ["too_large"]
    assert message.startswith(f"{path}:2: 50,000,017 bytes is too large"), message


def test_jsonl_a_utf16_file_is_one_clear_error(tmp_path: Path) -> None:
    for codec, name in (("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")):
        path = tmp_path / f"{codec}.jsonl"
        path.write_bytes("\ufeff".encode(codec)
                         + jsonl({"id": "a", "text": "x"}, {"id": "b", "text": "y"})
                         .decode().encode(codec))
        doc = only(read_all(path))
        assert codes(doc) == ["undecodable"] and doc.id == codec
        assert name in doc.errors[0].message and "UTF-8" in doc.errors[0].message


class CountingStream(io.BytesIO):
    """A stream that counts how many lines were asked of it."""

    lines_read = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.lines_read += 1
        return super().readline(size)


def test_jsonl_is_streamed_lazily() -> None:
    stream = CountingStream(jsonl(*({"id": str(i), "text": "t"} for i in range(1000))))
    docs = read_jsonl_stream(stream, path="s.jsonl", file_id="s", max_chars=MAX)
    assert next(docs).id == "0"
    assert stream.lines_read == 1


# -- directories, ids, stdin --------------------------------------------------------

def test_directory_walk_ids_order_and_skips(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "2024" / "may").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b.txt").write_text("b", encoding="utf-8")
    (root / "a.TXT").write_text("a", encoding="utf-8")
    (root / "2024" / "may" / "v1.2 story.txt").write_text("s", encoding="utf-8")
    (root / "2024" / "page.htm").write_text(PAGE, encoding="utf-8")
    (root / "feed.jsonl").write_bytes(jsonl({"id": "rec", "text": "r"}))
    (root / "notes.md").write_text("skipped", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\x00")
    (root / ".hidden.txt").write_text("skipped", encoding="utf-8")
    (root / ".git" / "x.txt").write_text("skipped", encoding="utf-8")
    docs = read_all(root)
    assert [d.id for d in docs] == ["2024/may/v1.2 story", "2024/page", "a", "b", "rec"]
    assert all(d.errors == [] for d in docs)
    assert docs[0].location == str(root / "2024" / "may" / "v1.2 story.txt")


def test_clashing_ids_get_numeric_suffixes_and_warnings(tmp_path: Path) -> None:
    for sub in ("one", "two", "three"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.txt").write_text(sub, encoding="utf-8")
    (tmp_path / "a-2.txt").write_text("taken", encoding="utf-8")
    docs = read_all(tmp_path / "one" / "a.txt", tmp_path / "two" / "a.txt",
                    tmp_path / "a-2.txt", tmp_path / "three" / "a.txt")
    assert [d.id for d in docs] == ["a", "a-2", "a-2-2", "a-3"]
    assert docs[0].warnings == []
    assert "renamed to 'a-2'" in docs[1].warnings[0]
    assert "renamed to 'a-3'" in docs[3].warnings[0]


def test_id_registry_counts_past_taken_suffixes() -> None:
    registry = IdRegistry()
    ids = [registry.claim(Document(id=i, text="")).id for i in ("x", "x-2", "x", "x")]
    assert ids == ["x", "x-2", "x-3", "x-4"]


def test_stdin_is_read_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = "“Yes,” he said.\r\nNext\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="ascii"))
    doc = only(read_all("-"))
    assert (doc.id, doc.location, doc.text) == ("stdin", "<stdin>", raw.decode("utf-8"))


def test_stdin_cp1252_and_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x93hi\x94")))
    doc = only(read_all("-"))
    assert doc.text == "“hi”" and doc.warnings
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"z" * 100)))
    assert codes(only(read_all("-", max_chars=10))) == ["too_large"]


def test_read_paths_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "first.txt").write_text("1", encoding="utf-8")
    docs = read_paths([str(tmp_path / "first.txt"), str(tmp_path / "later.txt")],
                      max_chars=MAX)
    assert next(docs).id == "first"
    (tmp_path / "later.txt").write_text("2", encoding="utf-8")  # created after the start
    assert next(docs).text == "2"


# -- WARC: the same rules as .html --------------------------------------------------

def warc_with(*bodies: bytes) -> bytes:
    """A plain WARC file of one HTTP 200 text/html response per body."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for i, body in enumerate(bodies):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                           ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{i}", "response", payload=io.BytesIO(body),
            http_headers=http, warc_headers_dict={"WARC-Date": "2024-03-08T12:00:00Z"}))
    return buffer.getvalue()


def test_warc_an_oversized_payload_says_over_the_limit_not_the_bytes_read(
        tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_with(b"<p>" + b"x" * 5000 + b"</p>"))
    doc = only(read_all(path, max_chars=100))
    assert codes(doc) == ["too_large"]
    limit = 100 * MARKUP_BYTES_PER_CHAR
    assert f"over {limit:,} bytes is too large" in doc.errors[0].message
    assert f"{limit + 1:,}" not in doc.errors[0].message


def test_warc_a_utf16_page_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    page = "\ufeff" + PAGE.replace('charset="utf-8"', 'charset="utf-16"')
    path.write_bytes(warc_with(page.encode("utf-16-le")))
    doc = only(read_all(path))
    assert doc.errors == [] and ARTICLE_SENTENCES[1] in doc.text
    assert any("UTF-16 LE" in w for w in doc.warnings)
