"""The ingest progress bar: a total counted up front (files, JSONL and WARC records),
drawn on a terminal only.

The count is checked against what the readers actually give (documents plus what they
count as skipped), and the bar is read from a pseudo-terminal: the CLI run as a user
runs it, its stderr a terminal, must show "done/total" with the real total.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_fixtures import CORPUS, ENGLISH_PARAGRAPHS, WarcBuilder, article_html, write_jsonl

from quotetrail.readers import ReadStats, read_paths
from quotetrail.readers.inventory import count_documents

QUOTETRAIL = Path(sys.executable).with_name("quotetrail")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    """A folder of 3 text files, a JSONL of the 7-article corpus (with a blank line), a
    web archive of 2 pages, a revisit and a request, and a file the walk ignores."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for i in range(3):
        (root / "sub" / f"t{i}.txt").write_text(
            f"“We will keep the library open {i},” said Ann Lee.\n", encoding="utf-8")
    write_jsonl(root / "news.jsonl", CORPUS)
    with open(root / "news.jsonl", "a", encoding="utf-8") as f:
        f.write("\n   \n")
    warc = WarcBuilder()
    warc.response("https://a.example/1", article_html("One", ENGLISH_PARAGRAPHS))
    warc.response("https://a.example/2", article_html("Two", ENGLISH_PARAGRAPHS))
    warc.revisit("https://a.example/1")
    warc.request("https://a.example/3")
    (root / "crawl.warc.gz").write_bytes(warc.bytes())
    (root / "notes.md").write_text("not an input", encoding="utf-8")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    return root


def test_the_count_is_what_the_readers_give(inputs: Path) -> None:
    stats = ReadStats()
    docs = list(read_paths([str(inputs)], stats=stats))
    read = len(docs) + sum(n for reason, n in stats.skipped.items() if reason != "corrupt")
    assert count_documents([str(inputs)]) == read == 3 + len(CORPUS) + 3


def test_the_count_stops_when_asked() -> None:
    assert count_documents(["-", "x"], stop=lambda: True) is None
    assert count_documents(["-"]) == 1  # standard input: one document


def run_on_a_terminal(cmd: list[str]) -> tuple[int, str]:
    """``cmd`` with its stderr on a pseudo-terminal (80 columns); status and what the
    terminal received, escape sequences removed."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "80", "LINES": "24", "TERM": "xterm"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    status = proc.wait(timeout=60)
    return status, _ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))


@pytest.mark.slow
def test_ingest_shows_count_total_rate_and_eta_on_a_terminal(inputs: Path,
                                                              tmp_path: Path) -> None:
    total = 3 + len(CORPUS) + 3
    status, screen = run_on_a_terminal([str(QUOTETRAIL), "ingest", str(inputs), "--db",
                                        str(tmp_path / "s.db"), "--workers", "1",
                                        "--batch-size", "2", "--format", "json"])
    assert status == 0, screen
    assert re.search(rf"\b\d+/{total}\b", screen), screen  # done/total
    assert re.search(r"\d+%", screen) and "/s" in screen and "eta" in screen, screen
    assert "Traceback" not in screen


def test_no_bar_off_a_terminal(inputs: Path, tmp_path: Path) -> None:
    proc = subprocess.run([str(QUOTETRAIL), "ingest", str(inputs / "sub"), "--db",
                           str(tmp_path / "s.db"), "--workers", "1", "--format", "json"],
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # a log gets no bar, no spinner frames


@pytest.mark.slow
def test_extract_to_a_file_shows_the_bar_on_the_terminal(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    status, screen = run_on_a_terminal(
        ["sh", "-c", f"'{QUOTETRAIL}' extract '{inputs / 'sub'}' --format jsonl > '{out}'"])
    assert status == 0, screen
    assert re.search(r"\b\d/3\b", screen), screen
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3  # records, not the bar
