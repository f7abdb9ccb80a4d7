"""Exactly once: an ingest killed with SIGKILL at any point, then run again, ends with
exactly the store an uninterrupted ingest makes -- no article lost, none doubled.

Each kill comes after at least one committed batch: inside a batch's transaction
before clustering, inside it after clustering, right after a commit, and (from outside,
at whatever moment it lands) while the ``quotetrail ingest`` command runs.  Each store
is then finished by a normal run and compared with the uninterrupted store by its
canonical dump.  The real engine runs throughout.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import corpus_rounds, dump, write_jsonl

from quotetrail.jobs.ingest import ingest

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "ingest_kill_driver.py"
QUOTETRAIL = Path(sys.executable).with_name("quotetrail")
BATCH = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("resume") / "news.jsonl", corpus_rounds())


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    report = ingest([str(corpus)], str(db), workers=1, batch_size=BATCH)
    assert report.stored == 28 and report.failed == 0
    return dump(db)


def committed_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize(("stage", "batch"), [("articles", 2), ("clusters", 4),
                                              ("committed", 6)])
def test_killed_inside_or_between_batches_then_resumed(
        corpus: Path, reference: dict[str, Any], tmp_path: Path, stage: str, batch: int) -> None:
    db = tmp_path / "killed.db"
    proc = subprocess.run([sys.executable, str(DRIVER), str(db), str(BATCH), stage, str(batch),
                           str(corpus)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    committed = committed_articles(db)
    expected = (batch if stage == "committed" else batch - 1) * BATCH
    assert committed == expected  # exactly the batches before the kill, nothing of the rest
    report = ingest([str(corpus)], str(db), workers=1, batch_size=BATCH)
    assert (report.unchanged, report.stored) == (committed, 28 - committed)
    assert dump(db) == reference
    again = ingest([str(corpus)], str(db), workers=1, batch_size=BATCH)
    assert (again.stored, again.unchanged) == (0, 28)
    assert dump(db) == reference


@pytest.mark.slow
def test_the_ingest_command_killed_from_outside_then_run_again(
        corpus: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    cmd = [str(QUOTETRAIL), "ingest", str(corpus), "--db", str(db), "--workers", "1",
           "--batch-size", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while committed_articles(db) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert 4 <= committed_articles(db) < 28
    rerun = subprocess.run(cmd[:-2], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert dump(db) == reference
