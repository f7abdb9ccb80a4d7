"""Bad input through the whole command: every failure is a record, a line, and status 1.

DESIGN.md promises that a document which cannot be decoded, is binary, is too large or
cannot be read yields a contract record with ``errors: [{"code", "message"}]`` and no
attributions, that the run goes on, and that stderr gets one line per failure, never a
traceback.  Empty, unbalanced or hostile text is *not* a failure.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from quotetrail.cli import app

runner = CliRunner()
QUOTETRAIL_BIN = Path(sys.executable).with_name("quotetrail")


def run(*args: str) -> tuple[Result, list[dict[str, Any]]]:
    result = runner.invoke(app, ["extract", *args, "--format", "jsonl"])
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def assert_error_lines(stderr: str, n: int) -> None:
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    assert len(lines) == n, lines
    assert all(line.startswith("error: ") for line in lines), lines


@pytest.fixture
def bad_corpus(tmp_path: Path) -> Path:
    """One good file between one of each kind of bad input."""
    root = tmp_path / "bad"
    root.mkdir()
    (root / "1-binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20)
    (root / "2-good.txt").write_bytes(b"A calm day. Nothing was said.")
    (root / "3-undecodable.txt").write_bytes(b"caf\xe9 \x81\x8d")
    (root / "4-huge.txt").write_bytes(b"word " * 400)
    (root / "5-records.jsonl").write_bytes(b'{"id": "ok", "text": "fine"}\n{oops\n'
                                           b'{"id": "no-text"}\n')
    (root / "6-binary.html").write_bytes(b"<html>\x00\x00</html>")
    return root


def test_each_bad_document_is_a_record_and_a_line(bad_corpus: Path) -> None:
    result, recs = run(str(bad_corpus), "--max-chars", "1000")
    assert result.exit_code == 1
    got = [(r["id"], [e["code"] for e in r["errors"]]) for r in recs]
    assert got == [
        ("1-binary", ["binary"]),
        ("2-good", []),
        ("3-undecodable", ["undecodable"]),
        ("4-huge", ["too_large"]),
        ("ok", []),
        ("5-records:2", ["bad_record"]),
        ("no-text", ["bad_record"]),
        ("6-binary", ["binary"]),
    ]
    for rec in recs:
        if rec["errors"]:
            assert rec["attributions"] == [] and rec["text"] == ""
            assert all(set(e) == {"code", "message"} for e in rec["errors"])
    assert_error_lines(result.stderr, 6)
    assert all(str(bad_corpus) in line for line in result.stderr.splitlines())


def test_a_nonexistent_path_is_exit_1_not_a_crash(tmp_path: Path) -> None:
    result, recs = run(str(tmp_path / "no" / "such" / "file.txt"), str(tmp_path / "gone"))
    assert result.exit_code == 1
    assert [r["errors"][0]["code"] for r in recs] == ["unreadable", "unreadable"]
    assert_error_lines(result.stderr, 2)


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\r\n", "“", "”", "\"", "'", "«", "“““", "””” said", "“unclosed quote, said he.",
    "closing only” said she.", "‘nested “inside’ wrong”", "`` '' `` ''", "“" * 500,
    "said said said told told", "\u202e\u200b\ufeff zero-width and bidi", "🎉" * 50,
    "a\u0301\u0301\u0301 combining", "\t\v\f odd whitespace \x0b", "<script>alert(1)</script>",
    "[bold]markup[/bold] {braces} %s %(x)s", "A" * 5000,
])
def test_engine_hostile_text_is_processed_normally(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hostile.txt"
    path.write_bytes(text.encode("utf-8"))
    result, recs = run(str(path))
    assert result.exit_code == 0, result.stderr
    (rec,) = recs
    assert rec["errors"] == [] and rec["text"] == text
    for a in rec["attributions"]:
        c = a["content"]
        assert text[c["start"]:c["end"]] == c["text"]


def test_utf16_and_integer_ids_are_read_with_one_warning_line_each(tmp_path: Path) -> None:
    """Issue 11: UTF-16 with a BOM was refused as binary; ``"id": 7`` was taken silently."""
    root = tmp_path / "in"
    root.mkdir()
    text = "\ufeff“We will win,” said Jane Doe.\r\n"
    (root / "a-le.txt").write_bytes(text.encode("utf-16-le"))
    (root / "b-be.txt").write_bytes(text.encode("utf-16-be"))
    (root / "c.jsonl").write_bytes(b'{"id": 7, "text": "fine"}\n{"id": 7.5, "text": "x"}\n')
    result, recs = run(str(root))
    assert result.exit_code == 1  # the 7.5 record is a bad record
    assert [(r["id"], [e["code"] for e in r["errors"]]) for r in recs] == [
        ("a-le", []), ("b-be", []), ("7", []), ("c:2", ["bad_record"])]
    assert recs[0]["text"] == recs[1]["text"] == text
    for rec in recs[:2]:
        for a in rec["attributions"]:
            assert text[a["content"]["start"]:a["content"]["end"]] == a["content"]["text"]
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == ["warning"] * 3 + ["error"], lines
    assert "UTF-16 LE" in lines[0] and "UTF-16 BE" in lines[1]
    assert lines[2] == f'warning: {root / "c.jsonl"}:1: "id" is the number 7, not a string; ' \
                       'read as "7"'


def test_an_overlong_jsonl_line_is_reported_with_its_true_size(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "big", "text": "' + b"x" * 150_000 + b'"}\n'
                     b'{"id": "next", "text": "fine"}\n')
    result, recs = run(str(path), "--max-chars", "1000")
    assert [r["id"] for r in recs] == ["feed:1", "next"]
    assert_error_lines(result.stderr, 1)
    assert f"{path}:1: 150,025 bytes is too large for --max-chars 1,000" in result.stderr


def test_engine_missing_spacy_model_is_one_line(tmp_path: Path) -> None:
    """A model that is not installed: a one-line error and status 1, never a traceback."""
    path = tmp_path / "x.txt"
    path.write_text("“Hello,” she said.", encoding="utf-8")
    proc = subprocess.run(
        [str(QUOTETRAIL_BIN), "extract", str(path), "--spacy-model", "no_such_model_pkg_xyz"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), lines


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    """``quotetrail extract … | head -1`` must not end with a BrokenPipeError traceback."""
    for i in range(30):
        (tmp_path / f"d{i:02}.txt").write_text("x " * 5000, encoding="utf-8")
    proc = subprocess.run(
        f"'{QUOTETRAIL_BIN}' extract '{tmp_path}' --format jsonl | head -c 10 > /dev/null",
        shell=True, capture_output=True, text=True, timeout=300,
    )
    assert "Traceback" not in proc.stderr
    assert "Exception ignored" not in proc.stderr
