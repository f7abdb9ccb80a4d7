"""The corpus commands end to end, with the real engine, on a corpus written for the tests.

One statement by Mayor Maria Gonzalez appears in several outlets -- in full, truncated,
as fragments of a reported sentence, as a wire copy under another URL and in a web
archive -- and must come out as one cluster whose trail starts at its first publication;
Councillor Baker's statement, which shares words with it, must not join it.  Bad input
in the same run (a corrupt WARC record, a broken JSONL line, an unreadable file) is
reported with its location and skipped, and the rest is stored.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import (
    BAKER,
    CORPUS,
    ENGLISH_PARAGRAPHS,
    GONZALEZ_FULL,
    WarcBuilder,
    article_html,
    write_jsonl,
)
from typer.testing import CliRunner, Result

from quotetrail.cli import app

runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def assert_clean_stderr(result: Result) -> None:
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(("error: ", "warning: ")), line


def jsonl(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A store ingested from the test corpus plus bad input; the ingest's result kept."""
    root = tmp_path_factory.mktemp("cli")
    news = write_jsonl(root / "news.jsonl", CORPUS)
    bad = root / "bad.jsonl"
    bad.write_text('{"id": "fine", "text": "Nothing was said here."}\n{"id": broken\n',
                   encoding="utf-8")
    warc = WarcBuilder(gzipped=True)
    warc.response("https://www.tribune.example/schools",
                  article_html("Mayor's pledge", ENGLISH_PARAGRAPHS, "2024-03-08"),
                  date="2024-03-09T10:00:00Z")
    warc.response("https://www.tribune.example/other",
                  article_html("Other", ENGLISH_PARAGRAPHS[1:], "2024-03-08"))
    warc.response("https://www.tribune.example/third",
                  article_html("Third", ENGLISH_PARAGRAPHS[1:], "2024-03-09"))
    data = bytearray(warc.bytes())
    offset = warc.ranges[1][0]
    data[offset:offset + 20] = b"\x00" * 20
    (root / "crawl.warc.gz").write_bytes(bytes(data))
    (root / "unreadable.txt").symlink_to(root / "gone.txt")  # dangling: cannot be read
    db = root / "news.db"
    result = run("ingest", str(news), str(bad), str(root / "crawl.warc.gz"),
                 str(root / "unreadable.txt"), "--db", str(db), "--workers", "1",
                 "--batch-size", "4", "--format", "jsonl")
    return {"db": str(db), "root": root, "result": result, "offset": offset}


def test_bad_input_is_reported_with_its_location_and_the_rest_stored(
        store: dict[str, Any]) -> None:
    result = store["result"]
    assert result.exit_code == 1
    assert_clean_stderr(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    root = store["root"]
    assert len(errors) == 3, errors
    assert any(f"{root / 'bad.jsonl'}:2: not JSON" in e for e in errors)
    assert any(f"{root / 'crawl.warc.gz'}@{store['offset']}: corrupt WARC record" in e
               for e in errors)
    assert any(f"{root / 'unreadable.txt'}: cannot be read" in e for e in errors)
    (report,) = jsonl(result)
    assert report["stored"] == len(CORPUS) + 1 + 2  # the corpus, "fine", two WARC pages
    assert report["failed"] == 3
    stats = jsonl(run("stats", "--db", store["db"], "--format", "jsonl"))
    assert stats[0]["articles"] == report["stored"]


def gonzalez(db: str) -> dict[str, Any]:
    result = run("search", "rebuild every school", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    found = [c for c in jsonl(result) if c["speaker"] == "Maria Gonzalez"]
    assert len(found) == 1, [c["text"] for c in jsonl(result)]
    return found[0]


def test_one_statement_across_outlets_is_one_cluster_and_its_trail_starts_first(
        store: dict[str, Any]) -> None:
    cluster = gonzalez(store["db"])
    assert cluster["text"] == GONZALEZ_FULL
    outlets = [o["outlet"] for o in cluster["occurrences"]]
    assert outlets[0] == "The Post" and cluster["first_seen"] == "2024-03-04"
    assert set(outlets) == {"The Post", "The Herald", "The Daily", "The Gazette",
                            "The Courier", "tribune.example"}
    assert cluster["speaker_id"] == "maria-gonzalez" and not cluster["speaker_disagreement"]
    assert len(cluster["variants"]) >= 3  # full, truncated, the mixed fragment
    trail = jsonl(run("trail", cluster["cluster_id"], "--db", store["db"], "-f", "jsonl"))
    dates = [o["published"][:10] for o in trail]
    assert dates == sorted(dates) and trail[0]["outlet"] == "The Post"
    warc = next(o for o in trail if o["outlet"] == "tribune.example")
    assert warc["crawled"] == "2024-03-09T10:00:00Z" and warc["published"] == "2024-03-08"
    baker = jsonl(run("search", "council", "--db", store["db"], "-f", "jsonl"))
    assert [c["speaker"] for c in baker] == ["Tom Baker"]
    assert baker[0]["text"] == BAKER and baker[0]["cluster_id"] != cluster["cluster_id"]


def test_speakers_across_articles(store: dict[str, Any]) -> None:
    found = {s["speaker_id"]: s for s in jsonl(run("speakers", "--db", store["db"],
                                                   "-f", "jsonl"))}
    assert {"maria-gonzalez", "tom-baker", "hillary-clinton", "bill-clinton"} <= set(found)
    assert "Gonzalez" in found["maria-gonzalez"]["aliases"]
    assert found["maria-gonzalez"]["articles"] >= 5


@pytest.mark.parametrize("command", [["stats"], ["speakers"], ["search", "school"]])
def test_every_format(store: dict[str, Any], command: list[str]) -> None:
    db = ["--db", store["db"]]
    as_json = run(*command, *db, "--format", "json")
    assert as_json.exit_code == 0 and isinstance(json.loads(as_json.stdout), list)
    as_csv = run(*command, *db, "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert len(rows) >= 2 and len({len(r) for r in rows}) == 1
    table = run(*command, *db, "--format", "table")
    assert table.exit_code == 0 and table.stdout.strip()


def test_trail_table_shows_outlets(store: dict[str, Any]) -> None:
    cluster = gonzalez(store["db"])
    table = run("trail", cluster["cluster_id"], "--db", store["db"], "-f", "table")
    assert "The Post" in table.stdout and table.exit_code == 0


def test_errors_are_one_line_with_the_documented_status(store: dict[str, Any],
                                                         tmp_path: Path) -> None:
    unknown = run("trail", "c000000000000", "--db", store["db"])
    assert unknown.exit_code == 1 and unknown.stderr.startswith("error: ")
    missing = run("stats", "--db", str(tmp_path / "nope.db"))
    assert missing.exit_code == 2 and "no such store" in missing.stderr
    empty = run("search", "  ", "--db", store["db"])
    assert empty.exit_code == 2
    shards = run("ingest", "x", "--db", str(tmp_path / "x.db"), "--shards", "d")
    assert shards.exit_code == 2 and "--engine dask" in shards.stderr
    for result in (unknown, missing, empty, shards):
        assert_clean_stderr(result)
        assert len(result.stderr.splitlines()) == 1


def test_ingesting_again_changes_nothing(store: dict[str, Any]) -> None:
    before = run("stats", "--db", store["db"], "-f", "jsonl").stdout
    again = run("ingest", str(store["root"] / "news.jsonl"), "--db", store["db"],
                "--workers", "1", "-f", "jsonl")
    assert again.exit_code == 0, again.stderr
    (report,) = jsonl(again)
    assert (report["stored"], report["unchanged"]) == (0, len(CORPUS))
    assert run("stats", "--db", store["db"], "-f", "jsonl").stdout == before
