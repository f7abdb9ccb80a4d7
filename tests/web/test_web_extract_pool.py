"""The server's extraction pool: parallel workers, a bounded queue, a time limit.

In process (TestClient), the pool's workers are real processes running a scripted
stand-in for the engine (:func:`scripted`, the text says what to do): it can mark
that it started, hold until the test opens a gate, sleep or fail.  So the order of
events is set by the test, not by timings: a short extraction sent while a long one
is held is answered first; a full pool answers 503 at once; a request past its time
limit is 504 and its worker process is gone.  Against a real ``quotetrail serve``
(the engine, the options of the command), the same with real text sizes.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner
from web_corpus import stub_extract

from quotetrail.web import create_app
from quotetrail.web.extraction_pool import ExtractionPool

WAIT = 60.0  # seconds any step may take before the test gives up: never reached when green


def scripted(text: str) -> dict[str, Any]:
    """The workers' stand-in for the engine, told by ``text`` (JSON) what to do:
    ``started`` (a file to write this process's id to), ``gate`` (a file to wait
    for), ``sleep`` (seconds), ``fail`` (raise); then the stub's contract record."""
    plan = json.loads(text)
    if plan.get("started"):
        Path(plan["started"]).write_text(str(os.getpid()))
    if plan.get("gate"):
        deadline = time.monotonic() + WAIT
        while not Path(plan["gate"]).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    time.sleep(plan.get("sleep", 0))
    if plan.get("fail"):
        raise RuntimeError("the engine broke\non two lines")
    return stub_extract(text)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@pytest.fixture
def pooled(stores: Any) -> Iterator[Callable[..., tuple[Any, ExtractionPool]]]:
    """A TestClient whose app extracts in an ExtractionPool running ``scripted``."""
    from fastapi.testclient import TestClient

    made: list[Any] = []

    def make(**bounds: Any) -> tuple[Any, ExtractionPool]:
        pool = ExtractionPool(work=scripted, **bounds)
        client = TestClient(create_app(stores.demo, extractor=pool))
        client.__enter__()
        made.append(client)
        return client, pool

    yield make
    for client in made:
        client.__exit__(None, None, None)  # the app's shutdown closes the pool


def post(client: Any, **plan: Any) -> Any:
    return client.post("/api/extract", json={"text": json.dumps(plan)})


class Background:
    """A request sent from a thread; ``done`` records the order requests finished in."""

    def __init__(self, send: Callable[[], Any], name: str, done: list[str]) -> None:
        self.response: Any = None
        self._thread = threading.Thread(target=self._run, args=(send, name, done), daemon=True)
        self._thread.start()

    def _run(self, send: Callable[[], Any], name: str, done: list[str]) -> None:
        self.response = send()
        done.append(name)

    def join(self) -> Any:
        self._thread.join(WAIT)
        assert not self._thread.is_alive(), "the request did not finish"
        return self.response


def test_a_small_extraction_is_answered_while_a_large_one_runs(pooled: Any,
                                                               tmp_path: Path) -> None:
    client, _ = pooled(workers=2, queue_size=0)
    gate, started = tmp_path / "gate", tmp_path / "started"
    done: list[str] = []
    large = Background(lambda: post(client, started=str(started), gate=str(gate)), "large", done)
    wait_for(started.exists, "the large extraction to start")
    small = post(client, sleep=0)
    done.append("small")
    gate.touch()
    assert large.join().status_code == 200 and small.status_code == 200
    assert done == ["small", "large"]


def test_a_full_pool_is_503_with_retry_after(pooled: Any, tmp_path: Path) -> None:
    client, pool = pooled(workers=1, queue_size=1)
    gate, started = tmp_path / "gate", tmp_path / "started"
    done: list[str] = []
    running = Background(lambda: post(client, started=str(started), gate=str(gate)),
                         "running", done)
    wait_for(started.exists, "the first extraction to start")
    waiting = Background(lambda: post(client, sleep=0), "waiting", done)
    wait_for(lambda: pool.admitted == 2, "the second request to be queued")
    refused = post(client, sleep=0)
    assert refused.status_code == 503 and refused.headers["retry-after"].isdigit()
    body = refused.json()
    assert body["kind"] == "busy" and set(body) == {"detail", "kind"}
    assert "\n" not in body["detail"] and "busy" in body["detail"]
    page = client.post("/extract", data={"text": "“Anything,” she said."})
    assert page.status_code == 503 and "text/html" in page.headers["content-type"]
    assert done == []  # both still held: the refusal did not wait for them
    gate.touch()
    assert running.join().status_code == 200 and waiting.join().status_code == 200
    assert post(client, sleep=0).status_code == 200  # free again


def test_past_the_time_limit_is_504_and_the_worker_is_replaced(pooled: Any) -> None:
    client, pool = pooled(workers=1, queue_size=0, time_limit=1.0)
    done: list[str] = []
    slow = Background(lambda: post(client, sleep=WAIT), "slow", done)
    wait_for(lambda: bool(pool.pids()), "the worker to start")
    (pid,) = pool.pids()
    response = slow.join()
    assert response.status_code == 504
    body = response.json()
    assert body["kind"] == "timeout" and "\n" not in body["detail"]
    assert pool.pids() == [] and pool.admitted == 0  # killed, and the slot is free
    if sys.platform.startswith("linux"):
        wait_for(lambda: not Path(f"/proc/{pid}").exists(), "the timed-out worker to be gone")
    # the next request gets a new worker (200, or 504 if its start alone takes a second)
    assert post(client, sleep=0).status_code in (200, 504)
    assert pool.pids() != [pid]


def test_an_engine_failure_is_one_line_500(pooled: Any) -> None:
    client, _ = pooled(workers=1, queue_size=0)
    failed = post(client, fail=True)
    assert failed.status_code == 500 and failed.json()["kind"] == "error"
    assert "\n" not in failed.json()["detail"] and "engine broke" in failed.json()["detail"]
    assert post(client, sleep=0).status_code == 200  # the same worker goes on


def test_the_pool_and_its_errors_are_in_the_openapi_description(client: Any) -> None:
    responses = client.get("/openapi.json").json()["paths"]["/api/extract"]["post"]["responses"]
    assert {"503", "504"} <= set(responses)
    assert "Retry-After" in responses["503"]["headers"]


def test_serve_help_names_the_pool_options() -> None:
    from quotetrail.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for option in ("--extract-workers", "--extract-queue", "--extract-timeout"):
        assert option in result.output


# -- the real engine behind quotetrail serve --------------------------------------------


def engine_text(seed: str, size: int) -> str:
    return (seed + "\n\n") * (size // (len(seed) + 2) + 1)


@pytest.mark.allow_hosts(["127.0.0.1"])
@pytest.mark.slow
def test_serve_answers_a_small_text_before_a_large_one(live_server: Any,
                                                       seed_text: str) -> None:
    server = live_server(None, "--extract-workers", "2")
    done: list[str] = []
    with httpx.Client(base_url=server.url, timeout=WAIT * 2) as client:
        def send(text: str) -> Any:
            return client.post("/api/extract", content=text.encode(),
                               headers={"content-type": "text/plain"})

        # about six seconds of work, then under a second's: the small one's worker
        # starts (and loads the model) after the large one's, and still ends first
        large = Background(lambda: send(engine_text(seed_text, 200_000)), "large", done)
        time.sleep(0.5)
        small = Background(lambda: send(seed_text), "small", done)
        assert small.join().status_code == 200 and large.join().status_code == 200
    assert done == ["small", "large"]
    assert small.response.json()["attributions"]


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_serve_time_limit_and_queue_options(live_server: Any, seed_text: str) -> None:
    server = live_server(None, "--extract-workers", "1", "--extract-queue", "0",
                         "--extract-timeout", "0.5")
    with httpx.Client(base_url=server.url, timeout=WAIT) as client:
        slow = client.post("/api/extract", content=engine_text(seed_text, 100_000).encode(),
                           headers={"content-type": "text/plain"})
        assert slow.status_code == 504 and slow.json()["kind"] == "timeout"
        assert client.get("/api/stats").status_code == 200
    assert server.alive()
    assert "Traceback" not in server.log_path.read_text(errors="replace")


def test_a_closed_pool_refuses_until_opened_again(pooled: Any) -> None:
    """An app's lifespan may start again after it shut down (in-process clients do):
    a closed pool says 503 "shutting down", and serves again once reopened."""
    client, pool = pooled(workers=1, queue_size=0)
    assert post(client, sleep=0).status_code == 200
    pool.close()
    refused = post(client, sleep=0)
    assert refused.status_code == 503 and "shutting down" in refused.json()["detail"]
    pool.open()
    assert post(client, sleep=0).status_code == 200
