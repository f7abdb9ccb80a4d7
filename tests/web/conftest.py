"""Fixtures of the web tests: stores built through the library, apps, live servers, a browser.

* Stores are ingested once per session from the invented corpora of ``web_corpus``
  (the demo corpus, the same without text, and the hostile one).
* ``live_server(db)`` runs ``quotetrail serve --port 0`` in a subprocess -- the real
  command, on 127.0.0.1 only -- and reads the port Uvicorn chose from its log, so no
  port is guessed and nothing races for one.  Tests that talk to it need sockets,
  which pytest-socket disables: they carry ``@pytest.mark.allow_hosts(["127.0.0.1"])``,
  which enables them for loopback only (``enable_socket`` would lift the restriction
  altogether).
* ``browser`` is Debian's chromium driven by Playwright.  Where chromium is missing the
  browser tests skip, except under ``CI=true``, where a missing browser fails the run
  (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from web_corpus import CORPUS, HOSTILE, build_store, stub_extract

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class Stores:
    """The session's stores: demo corpus, the same without text, hostile markup."""

    demo: Path
    notext: Path
    hostile: Path


@pytest.fixture(scope="session")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    d = tmp_path_factory.mktemp("web-stores")
    return Stores(demo=build_store(d, "demo", CORPUS),
                  notext=build_store(d, "notext", CORPUS, store_text=False),
                  hostile=build_store(d, "hostile", HOSTILE))


@pytest.fixture(scope="session")
def make_client(stores: Stores) -> Iterator[Callable[..., Any]]:
    """TestClients over the session's stores (with the stub extractor unless told)."""
    from fastapi.testclient import TestClient

    from quotetrail.web import create_app

    clients: list[Any] = []

    def make(db: Path | None = None, **kwargs: Any) -> Any:
        kwargs.setdefault("extractor", stub_extract)
        client = TestClient(create_app(db or stores.demo, **kwargs))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="session")
def client(make_client: Callable[..., Any]) -> Any:
    return make_client()


class LiveServer:
    """``quotetrail serve`` in a subprocess, on 127.0.0.1 and the port it picked."""

    def __init__(self, db: Path, log: Path, *extra: str) -> None:
        self.log_path = log
        self.log = open(log, "w+b")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from quotetrail.cli import main; main()", "serve",
             "--db", str(db), "--port", "0", *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.url = self._wait_for_port()

    def _wait_for_port(self, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_path.read_text(errors="replace")
            found = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", text)
            if found:
                return found.group(1)
            if self.proc.poll() is not None:
                raise RuntimeError(f"quotetrail serve exited {self.proc.returncode}: {text}")
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("quotetrail serve did not start in time")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory,
                stores: Stores) -> Iterator[Callable[..., LiveServer]]:
    """Start (once per store and options) and return a running ``quotetrail serve``."""
    servers: dict[tuple[str, ...], LiveServer] = {}
    logs = tmp_path_factory.mktemp("serve-logs")

    def get(db: Path | None = None, *extra: str) -> LiveServer:
        key = (str(db or stores.demo), *extra)
        if key not in servers:
            servers[key] = LiveServer(db or stores.demo, logs / f"serve-{len(servers)}.log",
                                      *extra)
        return servers[key]

    yield get
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright (skips without it, fails under CI=true)."""
    executable = shutil.which("chromium")
    if executable is None:
        reason = "chromium is not installed (apt-get install chromium)"
        if IN_CI:
            pytest.fail(reason + "; CI=true requires the browser tests to run")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
