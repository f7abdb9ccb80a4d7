"""The WARC reader on archives that the tests build with warcio.

Gzipped and plain archives, chunked HTTP bodies, revisit and request records, a page in
German, a non-HTML payload, an HTTP error, a corrupt record and truncated records: each
article becomes a document with outlet from the host, ``published`` from the page and
``crawled`` from the record; everything else is counted or reported with its location,
and the records after a damaged one are still read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import ENGLISH_PARAGRAPHS, GERMAN_PARAGRAPHS, WarcBuilder, article_html

from quotetrail.model import Document
from quotetrail.readers import ReadStats, read_paths
from quotetrail.readers.warc import outlet_of

MAX = 100_000


def read(path: Path) -> tuple[list[Document], ReadStats]:
    stats = ReadStats()
    return list(read_paths([str(path)], max_chars=MAX, stats=stats)), stats


def crawl(gzipped: bool) -> WarcBuilder:
    b = WarcBuilder(gzipped=gzipped)
    b.request("https://www.herald.example/schools")
    b.response("https://www.herald.example/schools",
               article_html("Mayor vows to rebuild schools", ENGLISH_PARAGRAPHS, "2024-03-05"),
               date="2024-03-09T10:11:12Z")
    b.revisit("https://www.herald.example/schools")
    b.response("https://zeitung.example/schulen",
               article_html("Schulen", GERMAN_PARAGRAPHS, "2024-03-05"))
    b.response("https://gazette.example/logo.png", b"\x89PNG....", content_type="image/png")
    b.response("https://gazette.example/missing", b"not found", status="404 Not Found")
    b.response("https://gazette.example/a/17",
               article_html("Schools pledge", ENGLISH_PARAGRAPHS), chunk=True,
               date="2024-03-10T08:00:00Z")
    return b


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_articles_are_read_and_the_rest_counted(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(crawl(gzipped).bytes())
    docs, stats = read(path)
    assert [d.id for d in docs] == ["https://www.herald.example/schools",
                                    "https://gazette.example/a/17"]
    herald, gazette = docs
    assert not herald.errors and not gazette.errors
    assert herald.outlet == "herald.example" and herald.url == herald.id
    assert herald.published == "2024-03-05"  # the page's metadata, never the fetch time
    assert herald.crawled == "2024-03-09T10:11:12Z"
    assert herald.title == "Mayor vows to rebuild schools"
    assert "rebuild every school" in herald.text
    assert "Home" not in herald.text and "All rights reserved" not in herald.text
    assert herald.location is not None and herald.location.startswith(f"{path}@")
    # a chunked body is de-chunked (no chunk sizes leak into the text); no page date
    assert "rebuild every school" in gazette.text and gazette.published is None
    assert gazette.crawled == "2024-03-10T08:00:00Z"
    assert stats.skipped == {"revisit": 1, "not_english": 1, "not_html": 1, "http_status": 1}


def test_a_directory_walk_picks_up_web_archives(tmp_path: Path) -> None:
    (tmp_path / "a.warc.gz").write_bytes(crawl(True).bytes())
    (tmp_path / "b.warc").write_bytes(crawl(False).bytes())
    (tmp_path / "notes.gz").write_bytes(b"ignored")
    docs, _ = read(tmp_path)
    assert len(docs) == 4
    assert docs[2].id == "https://www.herald.example/schools-2"  # clash renamed


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_a_corrupt_record_is_reported_with_its_offset_and_skipped(
        tmp_path: Path, gzipped: bool) -> None:
    b = WarcBuilder(gzipped=gzipped)
    for i in range(3):
        b.response(f"https://herald.example/{i}", article_html(f"Story {i}", ENGLISH_PARAGRAPHS))
    data = bytearray(b.bytes())
    start, _ = b.ranges[1]
    data[start:start + 40] = b"\x00garbage garbage garbage garbage garbage"[:40]
    path = tmp_path / ("bad.warc.gz" if gzipped else "bad.warc")
    path.write_bytes(bytes(data))
    docs, stats = read(path)
    good = [d for d in docs if not d.errors]
    bad = [d for d in docs if d.errors]
    assert [d.id for d in good] == ["https://herald.example/0", "https://herald.example/2"]
    assert len(bad) == 1 and bad[0].errors[0].code == "bad_record"
    assert bad[0].location == f"{path}@{start}"
    assert bad[0].errors[0].message.startswith(f"{path}@{start}: corrupt WARC record")
    assert stats.skipped["corrupt"] == 1


def test_a_record_truncated_in_the_middle_of_a_gzipped_archive(tmp_path: Path) -> None:
    b = WarcBuilder(gzipped=True)
    for i in range(3):
        b.response(f"https://herald.example/{i}", article_html(f"Story {i}", ENGLISH_PARAGRAPHS))
    data = b.bytes()
    (s1, e1), (s2, _) = b.ranges[1], b.ranges[2]
    cut = data[:s1] + data[s1:s1 + (e1 - s1) // 2] + data[s2:]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(cut)
    docs, _ = read(path)
    assert [d.id for d in docs if not d.errors] == ["https://herald.example/0",
                                                    "https://herald.example/2"]
    bad = [d for d in docs if d.errors]
    assert len(bad) == 1 and bad[0].location == f"{path}@{s1}"


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_an_archive_cut_short_keeps_the_records_before_the_cut(
        tmp_path: Path, gzipped: bool) -> None:
    b = WarcBuilder(gzipped=gzipped)
    for i in range(3):
        b.response(f"https://herald.example/{i}", article_html(f"Story {i}", ENGLISH_PARAGRAPHS))
    start, end = b.ranges[2]
    path = tmp_path / ("short.warc.gz" if gzipped else "short.warc")
    path.write_bytes(b.bytes()[: start + (end - start) // 2])
    docs, _ = read(path)
    assert [d.id for d in docs if not d.errors] == ["https://herald.example/0",
                                                    "https://herald.example/1"]
    bad = [d for d in docs if d.errors]
    assert len(bad) == 1 and bad[0].location == f"{path}@{start}"
    assert "truncated" in bad[0].errors[0].message or "corrupt" in bad[0].errors[0].message


def test_an_unreadable_archive_is_one_error(tmp_path: Path) -> None:
    docs, _ = read(tmp_path / "missing.warc.gz")
    assert len(docs) == 1 and docs[0].errors[0].code == "unreadable"


def test_outlet_is_the_host_without_www() -> None:
    assert outlet_of("https://www.bbc.co.uk/news/1") == "bbc.co.uk"
    assert outlet_of("http://Example.COM:8080/x") == "example.com"
    assert outlet_of("not a url") is None and outlet_of(None) is None


def test_a_record_whose_digest_does_not_match_is_reported(tmp_path: Path) -> None:
    b = WarcBuilder(gzipped=False)
    for i in range(3):
        b.response(f"https://herald.example/{i}", article_html(f"Story {i}", ENGLISH_PARAGRAPHS))
    data = bytearray(b.bytes())
    start, end = b.ranges[1]
    at = data.index(b"rebuild", start, end)
    data[at:at + 7] = b"REBUILD"  # same length: the framing holds, the content changed
    path = tmp_path / "flipped.warc"
    path.write_bytes(bytes(data))
    docs, _ = read(path)
    assert [d.id for d in docs if not d.errors] == ["https://herald.example/0",
                                                    "https://herald.example/2"]
    (bad,) = [d for d in docs if d.errors]
    assert bad.location == f"{path}@{start}" and "digest" in bad.errors[0].message
