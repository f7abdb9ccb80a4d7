"""``speaker_confidence`` where users of ``quotetrail extract`` look at it.

The table marks uncertain speakers (below 0.5) and explains its marks in a legend that
fits 80 columns; CSV and JSON carry the value as data; ``--min-speaker-confidence`` on
the command line and ``min_speaker_confidence`` in the Python API keep only the
attributions whose speaker confidence reaches it.  The engine is replaced by one that
returns attributions written here, so each test says exactly what it feeds in.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import quotetrail.api
from quotetrail import api
from quotetrail.cli import app
from quotetrail.cli.present import TABLE_LEGEND
from quotetrail.errors import UsageError
from quotetrail.model import Attribution, Document, Span

runner = CliRunner()

#: Who says what in ``TEXT``, with how sure the resolver is of each speaker.
TEXT = ("“We will rebuild the school,” said Mayor Chokwe Antar Lumumba.\r\n"
        "“Not with our money, we won't,” a spokesman said.\n"
        "“It is, \"frankly\", a fair plan,” said Margaret Vale-Okonkwo.\n")


def speaker_of(text: str, start: int, end: int, name: str | None, p: float,
               source: str | None = None) -> Attribution:
    """A direct quote of ``text[start:end]`` by ``name``, its source the next ``source``."""
    source = source or name or ""
    at = text.find(source, end)
    return Attribution(kind="direct", content=Span.of(text, start, end), speaker=name,
                       speakers=[name] if name else [], speaker_type="person" if name else None,
                       source=Span.of(text, at, at + len(source)) if at >= 0 else None,
                       confidence=0.9, speaker_confidence=p)


class PresetEngine:
    """Three quotes of ``TEXT``: a sure name (0.93), an unnamed source (0.2), and a name
    exactly at the threshold used below (0.5)."""

    name = "preset 1"

    def attributions(self, text: str) -> list[Attribution]:
        found = []
        for (name, p, source), quote in zip(
                [("Chokwe Antar Lumumba", 0.93, "Mayor Chokwe Antar Lumumba"),
                 (None, 0.2, "a spokesman"), ("Margaret Vale-Okonkwo", 0.5, None)],
                ("We will rebuild", "Not with our", "It is, "), strict=True):
            start = text.find(quote)
            if start < 0:
                continue
            end = text.index("”", start)
            found.append(speaker_of(text, start, end, name, p, source))
        return found

    def attributions_many(self, texts: list[str]) -> list[list[Attribution]]:
        return [self.attributions(t) for t in texts]


@pytest.fixture
def preset(monkeypatch: pytest.MonkeyPatch) -> PresetEngine:
    engine = PresetEngine()
    monkeypatch.setattr(quotetrail.api, "get_engine", lambda spacy_model=None: engine)
    return engine


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "school.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def run(*args: str, columns: int = 80) -> Result:
    return runner.invoke(app, ["extract", *args], env={"COLUMNS": str(columns)})


def table_rows(out: str) -> list[str]:
    """The table's body rows, each as the text of its lines joined (borders dropped)."""
    rows: list[list[str]] = []
    for line in out.splitlines():
        if line.startswith("├") or line.startswith("╭"):
            rows.append([])
        elif line.startswith("│") and rows:
            rows[-1].append(line)
    return ["\n".join(r) for r in rows[1:]]  # the first block is the header


# -- the table -----------------------------------------------------------------------

def test_table_marks_uncertain_speakers_only(article: Path, preset: PresetEngine) -> None:
    result = run(str(article), "--format", "table")
    assert result.exit_code == 0, result.stderr
    sure, unsure, edge = table_rows(result.stdout)
    assert "Chokwe Antar" in sure and "?" not in sure
    assert "? 0.20" in unsure
    assert "(a spokesman)" in unsure  # no name: the mention, in parentheses
    assert "Vale-Okonkwo" in edge and "?" not in edge.replace("frankly", "")  # 0.5 is sure


def test_table_legend_explains_kinds_and_marks(article: Path, preset: PresetEngine) -> None:
    out = run(str(article), "--format", "table").stdout
    lines = out.splitlines()
    assert lines[-len(TABLE_LEGEND):] == list(TABLE_LEGEND)
    legend = " ".join(TABLE_LEGEND)
    for word in ("direct", "mixed", "indirect", "uncertain speaker", "0.5", "no name"):
        assert word in legend
    assert out.count(TABLE_LEGEND[0]) == 1  # once, not once per article


def test_table_reads_at_80_columns(article: Path, preset: PresetEngine) -> None:
    out = run(str(article), "--format", "table", columns=80).stdout
    assert all(len(line) <= 80 for line in out.splitlines())
    speaker_cells = [line.split("│")[1] for line in out.splitlines() if line.startswith("│")]
    words = " ".join(speaker_cells).split()
    # names wrap between words, never inside one, and the marker stays whole
    for word in ("Chokwe", "Antar", "Lumumba", "Margaret", "Vale-Okonkwo", "spokesman)"):
        assert word in words
    assert "? 0.20" in "\n".join(speaker_cells)


def test_table_without_attributions_prints_no_legend(tmp_path: Path,
                                                     preset: PresetEngine) -> None:
    (tmp_path / "none.txt").write_text("Nothing quoted.", encoding="utf-8")
    out = run(str(tmp_path / "none.txt"), "--format", "table").stdout
    assert "(0 attributions)" in out and TABLE_LEGEND[0] not in out


def test_table_shows_terminal_escapes_as_replacement_characters(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "“Red \x1b[31malert\x1b[0m \u202eevil,” said Eve \x9b2J.\n"

    class Engine(PresetEngine):
        def attributions(self, text: str) -> list[Attribution]:
            end = text.index("”")
            return [speaker_of(text, 1, end, "Eve \x9b2J", 0.9)]

    monkeypatch.setattr(quotetrail.api, "get_engine", lambda spacy_model=None: Engine())
    (tmp_path / "esc.txt").write_text(text, encoding="utf-8")
    out = run(str(tmp_path / "esc.txt"), "--format", "table").stdout
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "\ufffd[31malert" in out and "Eve \ufffd2J" in out


# -- CSV and JSON: the value as data, spans exactly as in the text -------------------------

def test_csv_has_a_speaker_confidence_column(article: Path, preset: PresetEngine) -> None:
    result = run(str(article), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout, newline=""))
    rows = list(reader)
    assert reader.fieldnames is not None and reader.fieldnames[-1] == "speaker_confidence"
    assert [(r["speaker"], float(r["speaker_confidence"])) for r in rows] == [
        ("Chokwe Antar Lumumba", 0.93), ("", 0.2), ("Margaret Vale-Okonkwo", 0.5)]
    for row in rows:  # content is exactly text[start:end], quotes and commas included
        assert row["content"] == TEXT[int(row["content_start"]):int(row["content_end"])]
    assert rows[2]["content"] == "It is, \"frankly\", a fair plan,"


def test_csv_content_round_trips_line_breaks(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    text = "“One,\r\ntwo,\rthree\n“four”, \u2028five,” said Al Bo.\n"

    class Engine(PresetEngine):
        def attributions(self, text: str) -> list[Attribution]:
            return [speaker_of(text, 1, text.rindex("”"), "Al Bo", 0.7)]

    monkeypatch.setattr(quotetrail.api, "get_engine", lambda spacy_model=None: Engine())
    (tmp_path / "breaks.txt").write_bytes(text.encode("utf-8"))
    result = run(str(tmp_path / "breaks.txt"), "--format", "csv")
    # the bytes written (Click's Result.stdout turns \r\n into \n)
    (row,) = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode(), newline="")))
    assert row["content"] == text[1:text.rindex("”")]
    assert row["speaker_confidence"] == "0.7"


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_json_carries_speaker_confidence(article: Path, preset: PresetEngine,
                                         fmt: str) -> None:
    result = run(str(article), "--format", fmt)
    data: Any = json.loads(result.stdout) if fmt == "json" else [
        json.loads(line) for line in result.stdout.splitlines()]
    (record,) = data
    atts = record["attributions"]
    assert [a["speaker_confidence"] for a in atts] == [0.93, 0.2, 0.5]
    for a in atts:
        assert a["content"]["text"] == record["text"][a["content"]["start"]:a["content"]["end"]]


# -- --min-speaker-confidence --------------------------------------------------------

@pytest.mark.parametrize(("threshold", "kept"), [
    ("0", ["Chokwe Antar Lumumba", None, "Margaret Vale-Okonkwo"]),
    ("0.2", ["Chokwe Antar Lumumba", None, "Margaret Vale-Okonkwo"]),  # at X is kept
    ("0.5", ["Chokwe Antar Lumumba", "Margaret Vale-Okonkwo"]),
    ("0.51", ["Chokwe Antar Lumumba"]),
    ("1", []),
])
def test_min_speaker_confidence_keeps_what_reaches_it(article: Path, preset: PresetEngine,
                                                      threshold: str,
                                                      kept: list[str | None]) -> None:
    result = run(str(article), "--format", "jsonl", "--min-speaker-confidence", threshold)
    assert result.exit_code == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["speaker"] for a in record["attributions"]] == kept
    assert record["text"] == TEXT  # the text, and so every offset, is untouched
    for a in record["attributions"]:
        assert a["content"]["text"] == TEXT[a["content"]["start"]:a["content"]["end"]]


def test_without_the_option_everything_is_kept(article: Path, preset: PresetEngine) -> None:
    (record,) = [json.loads(line) for line in run(str(article), "-f", "jsonl").stdout.splitlines()]
    assert len(record["attributions"]) == 3


def test_min_speaker_confidence_filters_every_format(article: Path,
                                                     preset: PresetEngine) -> None:
    table = run(str(article), "-f", "table", "--min-speaker-confidence", "0.5").stdout
    assert "(a spokesman)" not in table and "Lumumba" in table and "(2 attributions)" in table
    rows = list(csv.DictReader(io.StringIO(
        run(str(article), "-f", "csv", "--min-speaker-confidence", "0.9").stdout)))
    assert [r["speaker"] for r in rows] == ["Chokwe Antar Lumumba"]


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "nan", "sure", ""])
def test_min_speaker_confidence_out_of_range_is_a_usage_error(article: Path,
                                                              preset: PresetEngine,
                                                              bad: str) -> None:
    result = run(str(article), "--min-speaker-confidence", bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")


def test_the_option_reaches_the_api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, Any] = {}

    def fake_extract_documents(docs: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        return iter(())

    monkeypatch.setattr(quotetrail.api, "extract_documents", fake_extract_documents)
    assert run(str(tmp_path), "--min-speaker-confidence", "0.75").exit_code == 0
    assert seen["min_speaker_confidence"] == 0.75
    assert run(str(tmp_path)).exit_code == 0
    assert seen["min_speaker_confidence"] is None


# -- the Python API ------------------------------------------------------------------

def test_api_extract_filters(preset: PresetEngine) -> None:
    assert len(api.extract(TEXT).attributions) == 3
    kept = api.extract(TEXT, min_speaker_confidence=0.5).attributions
    assert [a.speaker for a in kept] == ["Chokwe Antar Lumumba", "Margaret Vale-Okonkwo"]
    assert api.extract(TEXT, min_speaker_confidence=1.0).attributions == []


def test_api_extract_documents_and_many_filter(preset: PresetEngine) -> None:
    docs = [Document(id="a", text=TEXT), Document(id="b", text="nothing")]
    results = list(api.extract_documents(docs, min_speaker_confidence=0.9))
    assert [[a.speaker for a in r.attributions] for r in results] == [
        ["Chokwe Antar Lumumba"], []]
    many = api.extract_many([TEXT, TEXT], min_speaker_confidence=0.2)
    assert [len(r.attributions) for r in many] == [3, 3]


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan"), "high"])
def test_api_refuses_a_threshold_that_is_not_a_probability(preset: PresetEngine,
                                                           bad: Any) -> None:
    with pytest.raises(UsageError):
        api.extract(TEXT, min_speaker_confidence=bad)
    with pytest.raises(UsageError):  # at the call, before any document is read
        api.extract_documents(iter(()), min_speaker_confidence=bad)


def test_docs_show_the_legend_as_printed() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    for line in TABLE_LEGEND:
        assert line in doc
        assert len(line) <= 80
    assert "--min-speaker-confidence" in doc and "min_speaker_confidence=X" in doc
