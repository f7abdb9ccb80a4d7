"""``quotetrail extract``: formats, exit codes, order, one-line errors.

Most tests swap the engine for a tiny deterministic one (``fake_engine``): they are
about the command line (parsing, reading, presenting, reporting), which must behave
the same whatever the engine finds.  Tests that need the real engine say so in their
name (``test_engine_*``) or run worker processes, which always load the real one.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import quotetrail
import quotetrail.api
from quotetrail.cli import app
from quotetrail.model import Attribution, Span

CONTRACT_KEYS = {"contract", "id", "location", "title", "outlet", "url", "published",
                 "crawled",
                 "quotetrail", "text", "attributions", "errors"}
ATTRIBUTION_KEYS = {"kind", "content", "fragments", "cue", "source", "speaker", "speakers",
                    "speaker_type", "speaker_confidence", "addressee", "venue", "confidence"}
QUOTETRAIL_BIN = Path(sys.executable).with_name("quotetrail")

runner = CliRunner()


class FakeEngine:
    """Finds “…” quotes followed by ``said NAME``: enough to exercise every output path."""

    name = "fake-engine 0"
    _pattern = re.compile(r"“([^”]*)”(?:,? (said) ((?:[A-Z][a-z]+ ?)+))?")

    def attributions(self, text: str) -> list[Attribution]:
        found = []
        for m in self._pattern.finditer(text):
            source = Span.of(text, m.start(3), m.end(3)) if m.group(3) else None
            found.append(Attribution(
                kind="direct", content=Span.of(text, m.start(1), m.end(1)),
                cue=Span.of(text, m.start(2), m.end(2)) if m.group(2) else None,
                source=source, speaker=source.text if source else None,
                speakers=[source.text] if source else [],
                speaker_type="person" if source else None, confidence=0.5,
            ))
        return found


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    engine = FakeEngine()
    monkeypatch.setattr(quotetrail.api, "get_engine", lambda spacy_model=None: engine)
    return engine


def run(*args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(app, ["extract", *args], input=input)


def records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_clean_stderr(result: Result) -> None:
    """Every stderr line is a one-line ``error:`` or ``warning:``; no traceback."""
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(("error: ", "warning: ")), line


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three small articles with quotes, in a directory."""
    root = tmp_path / "corpus"
    root.mkdir()
    write(root / "a.txt", "“We will win,” said Jane Doe.\r\nShe left.\n")
    write(root / "b.txt", "No quotes here at all.")
    write(root / "c.txt", "“One,” said Al Bo. Then “two [bold]x[/bold], and a very long "
          + "tail " * 100 + "end.”")
    return root


# -- formats ------------------------------------------------------------------------

def test_jsonl_is_the_default_when_piped(corpus: Path, fake_engine: FakeEngine) -> None:
    result = run(str(corpus))
    assert result.exit_code == 0, result.stderr
    recs = records(result)
    assert [r["id"] for r in recs] == ["a", "b", "c"]
    for rec in recs:
        assert set(rec) == CONTRACT_KEYS
        assert rec["contract"] == 1 and rec["errors"] == []
        assert rec["quotetrail"] == {"version": quotetrail.__version__, "model": "fake-engine 0"}
        with open(rec["location"], encoding="utf-8", newline="") as f:
            assert rec["text"] == f.read()
    first = recs[0]["attributions"][0]
    assert set(first) == ATTRIBUTION_KEYS
    assert first["content"] == {"start": 1, "end": 13, "text": "We will win,"}
    assert first["speaker"] == "Jane Doe"
    assert "“" in result.stdout  # UTF-8, not \u escapes
    assert result.stderr == ""


def test_jsonl_keeps_one_record_per_line_whatever_the_text(tmp_path: Path,
                                                           fake_engine: FakeEngine) -> None:
    """U+2028, U+2029 and NEL are valid raw in JSON but split lines in many readers."""
    text = "a\u2028b\u2029c\x85d\re\nf"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    result = run(str(feed))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert records(result)[0]["text"] == text


def test_json_is_one_array(corpus: Path, fake_engine: FakeEngine) -> None:
    result = run(str(corpus), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [r["id"] for r in data] == ["a", "b", "c"]
    assert data == records(run(str(corpus), "--format", "jsonl"))


def test_json_of_nothing_is_an_empty_array(tmp_path: Path, fake_engine: FakeEngine) -> None:
    result = run(str(tmp_path), "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_csv_has_one_row_per_attribution(corpus: Path, fake_engine: FakeEngine) -> None:
    result = run(str(corpus), "-f", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["article_id"], r["speaker"], r["cue"]) for r in rows] == [
        ("a", "Jane Doe", "said"), ("c", "Al Bo", "said"), ("c", "", "")]
    assert rows[0]["content"] == "We will win,"
    assert (rows[0]["content_start"], rows[0]["content_end"]) == ("1", "13")


def test_table_shows_who_said_what_literally(corpus: Path, fake_engine: FakeEngine) -> None:
    result = run(str(corpus), "--format", "TABLE")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for expected in ("Jane Doe", "We will win", "said", "Al Bo", "[bold]x[/bold]", "…"):
        assert expected in out
    assert "(0 attributions)" in out  # b.txt
    assert "tail " * 60 not in out  # long content is shortened


# -- exit codes and error reporting -------------------------------------------------

def test_missing_path_is_a_per_document_error_exit_1(corpus: Path, tmp_path: Path,
                                                    fake_engine: FakeEngine) -> None:
    missing = tmp_path / "missing.txt"
    result = run(str(corpus / "a.txt"), str(missing), str(corpus / "b.txt"))
    assert result.exit_code == 1
    recs = records(result)
    assert [r["id"] for r in recs] == ["a", "missing", "b"]
    bad = recs[1]
    assert bad["attributions"] == [] and bad["text"] == ""
    assert [set(e) for e in bad["errors"]] == [{"code", "message"}]
    assert bad["errors"][0]["code"] == "unreadable"
    assert result.stderr == f"error: {bad['errors'][0]['message']}\n"


@pytest.mark.parametrize("args", [
    [], ["--format", "xml", "x"], ["--bogus", "x"], ["--workers", "-1", "x"],
    ["--max-chars", "0", "x"], ["--workers", "many", "x"],
])
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert_clean_stderr(result)


def test_unknown_command_exits_2() -> None:
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2 and result.stderr.startswith("error: ")


def test_bare_command_shows_help_and_exits_2() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "extract" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_help_and_version() -> None:
    assert runner.invoke(app, ["extract", "--help"]).exit_code == 0
    assert runner.invoke(app, ["-h"]).exit_code == 0
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"quotetrail {quotetrail.__version__}\n")


def test_unexpected_exceptions_become_one_line_exit_1(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    def boom(*args: object, **kwargs: object) -> Iterator[object]:
        raise RuntimeError("kaput\nsecond line")

    monkeypatch.setattr("quotetrail.readers.read_paths", boom)
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == "error: unexpected RuntimeError: kaput second line\n"


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def interrupted(*args: object, **kwargs: object) -> Iterator[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr("quotetrail.readers.read_paths", interrupted)
    result = run(str(tmp_path))
    assert result.exit_code == 130
    assert "Traceback" not in result.stderr


def test_warnings_go_to_stderr_and_the_run_succeeds(tmp_path: Path,
                                                    fake_engine: FakeEngine) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        write(tmp_path / sub / "same.txt", "text")
    (tmp_path / "y" / "legacy.txt").write_bytes(b"\x93hi\x94")
    result = run(str(tmp_path / "x" / "same.txt"), str(tmp_path / "y"))
    assert result.exit_code == 0
    assert [r["id"] for r in records(result)] == ["same", "legacy", "same-2"]
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("warning: ") for line in lines)
    assert "cp1252" in lines[0] and "renamed to 'same-2'" in lines[1]


def test_stdin_dash(fake_engine: FakeEngine) -> None:
    result = run("-", input="“Hi,” said Ann Lee.\r\n".encode())
    assert result.exit_code == 0
    (rec,) = records(result)
    assert (rec["id"], rec["location"], rec["text"]) == ("stdin", "<stdin>",
                                                         "“Hi,” said Ann Lee.\r\n")
    assert rec["attributions"][0]["source"]["text"] == "Ann Lee"


def test_max_chars_reaches_the_readers(tmp_path: Path, fake_engine: FakeEngine) -> None:
    write(tmp_path / "long.txt", "x" * 20)
    result = run(str(tmp_path / "long.txt"), "--max-chars", "10")
    assert result.exit_code == 1
    assert records(result)[0]["errors"][0]["code"] == "too_large"


def test_options_reach_the_api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The CLI only passes options through: ``--workers 0`` means all cores."""
    seen: dict[str, Any] = {}

    def fake_extract_documents(docs: Any, **kwargs: Any) -> Iterator[Any]:
        seen.update(kwargs, docs=list(docs))
        return iter(())

    monkeypatch.setattr(quotetrail.api, "extract_documents", fake_extract_documents)
    monkeypatch.setattr(quotetrail.api, "default_workers", lambda: 7)
    result = run(str(tmp_path), "--workers", "0", "--max-chars", "99", "--spacy-model", "m")
    assert result.exit_code == 0
    assert (seen["workers"], seen["max_chars"], seen["spacy_model"]) == (7, 99, "m")


# -- with the real engine -----------------------------------------------------------

def test_workers_preserve_input_order(tmp_path: Path) -> None:
    """Two worker processes (each loading the real engine): output stays in input order."""
    paths = []
    for i in range(8):
        body = "Filler sentence. " * (40 if i % 2 == 0 else 1)
        paths.append(str(write(tmp_path / f"doc{i}.txt", f"“Point {i},” said Jane Doe. {body}")))
    paths.insert(3, str(tmp_path / "missing.txt"))
    result = run(*paths, "--workers", "2", "--format", "jsonl")
    recs = records(result)
    assert [r["id"] for r in recs] == [Path(p).stem for p in paths]
    assert [r["errors"][0]["code"] for r in recs if r["errors"]] == ["unreadable"]
    assert result.exit_code == 1
    assert_clean_stderr(result)


def test_engine_finds_a_clearly_attributed_quote(tmp_path: Path) -> None:
    write(tmp_path / "win.txt", "“We will win,” said Jane Doe.")
    result = run(str(tmp_path / "win.txt"), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    (rec,) = records(result)
    (a,) = rec["attributions"]
    assert a["kind"] == "direct"
    assert a["content"]["text"].rstrip(",") == "We will win"
    assert a["cue"]["text"] == "said"
    assert a["source"]["text"] == "Jane Doe"
    assert a["speaker"] == "Jane Doe"


def test_engine_finds_a_quote_after_its_cue(tmp_path: Path) -> None:
    write(tmp_path / "after.txt", "Kit Connor said: “This is why we did it.”\n")
    result = run(str(tmp_path / "after.txt"))
    assert result.exit_code == 0, result.stderr
    (a,) = records(result)[0]["attributions"]
    assert a["content"]["text"].rstrip(".") == "This is why we did it"
    assert (a["cue"]["text"], a["speaker"]) == ("said", "Kit Connor")


def test_engine_real_subprocess_round_trip(tmp_path: Path) -> None:
    """The installed console script, end to end, as users and pipelines run it."""
    path = write(tmp_path / "crlf.txt", "“We will win,” said Jane Doe.\r\n\r\nShe left.\r\n")
    proc = subprocess.run([str(QUOTETRAIL_BIN), "extract", str(path)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rec["text"] == path.read_bytes().decode("utf-8")
    assert rec["attributions"], "the engine should find Jane Doe's quote"


def test_usage_error_from_the_console_script(tmp_path: Path) -> None:
    proc = subprocess.run([str(QUOTETRAIL_BIN), "extract", "--format", "xml", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == "" and len(proc.stderr.splitlines()) == 1
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr


def test_huge_max_chars_and_unknown_format_are_plain_usage_errors(corpus: Path) -> None:
    huge = run(str(corpus), "--max-chars", "99999999999999999999")
    assert huge.exit_code == 2 and "OverflowError" not in huge.stderr
    assert "--max-chars" in huge.stderr
    bad = run(str(corpus), "--format", "xml")
    assert bad.exit_code == 2
    assert "Value error" not in bad.stderr and "'xml' is not one of" in bad.stderr
    assert_clean_stderr(huge)
    assert_clean_stderr(bad)


def test_extract_help_names_every_input_format() -> None:
    out = runner.invoke(app, ["extract", "--help"], terminal_width=200).stdout
    for ext in (".txt", ".html", ".jsonl", ".warc"):
        assert ext in out
