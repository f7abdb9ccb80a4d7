"""``quotetrail serve`` stops cleanly: SIGTERM and Ctrl-C (SIGINT) exit 0, print no
traceback, and leave no extraction worker behind.

Each test starts its own server (a subprocess on 127.0.0.1, a port the OS picks), has
it extract once so that its worker processes exist, and stops it.  Ctrl-C is sent as a
terminal sends it: to the whole process group, workers included.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.allow_hosts(["127.0.0.1"]),
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="signals and /proc as on Linux")]

START = 60.0
STOP = 30.0


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (its children, theirs, ...), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        children = {p for p, pp in parents.items() if pp == parent}
        todo += children - found
        found |= children
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class Served:
    """``quotetrail serve`` in its own process group; stderr kept in a file."""

    def __init__(self, db: Path, log: Path) -> None:
        self.log = log
        self._err = open(log, "w+b")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from quotetrail.cli import main; main()", "serve",
             "--db", str(db), "--port", "0", "--extract-workers", "2"],
            stdout=subprocess.DEVNULL, stderr=self._err, start_new_session=True)
        self.url = self._url()

    def _url(self) -> str:
        deadline = time.monotonic() + START
        while time.monotonic() < deadline:
            found = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", self.stderr())
            if found:
                return found.group(1)
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited {self.proc.returncode}: {self.stderr()}")
            time.sleep(0.05)
        raise AssertionError("serve did not start")

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def extract_once(self) -> None:
        text = "“We will rebuild every school,” Mayor Ruth Okafor said on Tuesday."
        with httpx.Client(base_url=self.url, timeout=START) as client:
            assert client.get("/api/stats").status_code == 200
            assert client.post("/api/extract", json={"text": text}).status_code == 200

    def wait(self) -> int:
        try:
            return self.proc.wait(timeout=STOP)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"serve did not stop: {self.stderr()}") from None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._err.close()


@pytest.fixture
def served(stores: Any, tmp_path: Path) -> Iterator[Served]:
    server = Served(stores.demo, tmp_path / "serve.err")
    yield server
    server.close()


def assert_clean_stop(server: Served, workers: set[int]) -> None:
    status = server.wait()
    err = server.stderr()
    assert status == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    deadline = time.monotonic() + STOP
    while any(running(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in workers if running(p)], "extraction workers outlived the server"


def test_sigterm_exits_0_without_a_traceback(served: Served) -> None:
    served.extract_once()
    workers = descendants(served.proc.pid)
    assert workers  # the forkserver and the worker that extracted
    served.proc.send_signal(signal.SIGTERM)
    assert_clean_stop(served, workers)
    assert "Finished server process" in served.stderr()


def test_ctrl_c_to_the_process_group_exits_0(served: Served) -> None:
    served.extract_once()
    workers = descendants(served.proc.pid)
    os.killpg(served.proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    assert_clean_stop(served, workers)


def test_sigterm_during_an_extraction(served: Served, seed_text: str) -> None:
    """Requests in flight get a few seconds, then the workers are stopped: no traceback
    from the abandoned request, and the exit is still 0."""
    served.extract_once()
    workers = descendants(served.proc.pid)
    outcome: list[Any] = []

    def send() -> None:
        long_text = ((seed_text + "\n\n") * 400).encode()  # more than the grace period's work
        try:
            with httpx.Client(base_url=served.url, timeout=START) as client:
                outcome.append(client.post("/api/extract", content=long_text,
                                           headers={"content-type": "text/plain"}))
        except httpx.HTTPError as exc:  # the server went away: what a client may see
            outcome.append(exc)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    time.sleep(1.0)  # the request is in (its timing does not change what is asserted)
    served.proc.send_signal(signal.SIGTERM)
    assert_clean_stop(served, workers)
    thread.join(STOP)
    (answer,) = outcome
    # the extraction outlasted the grace period: its worker was stopped, the request
    # answered "shutting down" rather than cancelled
    assert isinstance(answer, httpx.Response) and answer.status_code == 503, answer
    assert answer.json()["kind"] == "busy" and "shutting down" in answer.json()["detail"]
