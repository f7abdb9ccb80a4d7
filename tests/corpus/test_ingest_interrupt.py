"""Ctrl-C during ``quotetrail ingest``: exit status 130, not a word of traceback from the
command or its worker processes, and a store that is intact and finishes on a re-run.

A terminal's Ctrl-C sends SIGINT to the whole foreground process group -- the command
and every worker it forked -- so the tests do the same (``killpg``).  The moments are
drawn from a seeded generator over the run's whole length (start-up, model loading,
extraction, commits), plus moments chosen to land right after a batch commits, where a
KeyboardInterrupt raised between a successful COMMIT and the end of the transaction
block used to turn into "cannot rollback - no transaction is active".
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import CORPUS, corpus_rounds, dump, write_jsonl

from quotetrail.jobs.ingest import ingest

QUOTETRAIL = Path(sys.executable).with_name("quotetrail")
BATCH = 2
N_ARTICLES = 4 * len(CORPUS)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("interrupt") / "news.jsonl", corpus_rounds())


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    report = ingest([str(corpus)], str(db), workers=1, batch_size=BATCH)
    assert report.stored == N_ARTICLES and report.failed == 0
    return dump(db)


def committed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def command(corpus: Path, db: Path) -> list[str]:
    return [str(QUOTETRAIL), "ingest", str(corpus), "--db", str(db), "--workers", "2",
            "--batch-size", str(BATCH), "--format", "json"]


def interrupt(cmd: list[str], *, after_seconds: float | None = None,
              after_committed: tuple[Path, int] | None = None) -> tuple[int | None, str]:
    """Run ``cmd`` in its own process group and Ctrl-C the group at the moment given;
    the exit status (None if it ended before the moment) and everything on stderr."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 180
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() < deadline:
        if after_seconds is not None and time.monotonic() - started >= after_seconds:
            break
        if after_committed is not None and committed(after_committed[0]) >= after_committed[1]:
            break
        time.sleep(0.002)
    landed = proc.poll() is None
    if landed:
        os.killpg(proc.pid, signal.SIGINT)
    try:
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    # the whole group is gone: no worker outlives the command
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
    return (proc.returncode if landed else None), stderr


def assert_clean(status: int | None, stderr: str) -> None:
    # 130, or killed by SIGINT itself (what a shell also shows as 130) if the Ctrl-C
    # lands while the interpreter starts, before Python code runs
    assert status in (None, 130, -signal.SIGINT), stderr
    assert "Traceback" not in stderr, stderr
    assert "unexpected" not in stderr, stderr
    for line in stderr.splitlines():  # no "Process ForkPoolWorker-1:", no exception names
        assert not line.strip() or line.startswith(("error: ", "warning: ")), stderr


def assert_intact_and_resumable(corpus: Path, db: Path, reference: dict[str, Any]) -> None:
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    before = committed(db)
    rerun = subprocess.run(command(corpus, db), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert committed(db) == N_ARTICLES and before <= N_ARTICLES
    assert dump(db) == reference  # nothing lost, nothing stored twice


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ctrl_c_at_a_random_moment(corpus: Path, reference: dict[str, Any], tmp_path: Path,
                                   seed: int) -> None:
    db = tmp_path / "store.db"
    moment = random.Random(seed).uniform(0.05, 9.0)
    status, stderr = interrupt(command(corpus, db), after_seconds=moment)
    if status == 0:
        # the run ended in the instant between the last look and the signal (or the
        # signal reached a process already exiting): then it must have finished whole
        assert dump(db) == reference, "exit 0 after Ctrl-C, yet the store is incomplete"
        status = None
    assert_clean(status, stderr)
    assert_intact_and_resumable(corpus, db, reference)


@pytest.mark.slow
@pytest.mark.parametrize("batches", [1, 3])
def test_ctrl_c_right_after_a_commit(corpus: Path, reference: dict[str, Any], tmp_path: Path,
                                     batches: int) -> None:
    db = tmp_path / "store.db"
    status, stderr = interrupt(command(corpus, db), after_committed=(db, batches * BATCH))
    assert status == 130, "the ingest finished before Ctrl-C landed"
    assert_clean(status, stderr)
    assert_intact_and_resumable(corpus, db, reference)
