"""The server's extraction pool: a few worker processes, a short queue, a time limit.

``POST /api/extract`` and the ``/extract`` page run the engine, which is CPU-bound and
takes about a second per 35 KB of text: one extraction at a time made a short request
wait half a minute behind a large one.  :class:`ExtractionPool` runs them in parallel,
bounded so that the server can always say no instead of piling up work:

* **Worker slots.**  ``workers`` processes, each with the spaCy pipeline loaded once
  (a few hundred MB each, hence a small default).  A slot's process starts on its first
  extraction, so ``quotetrail serve`` starts at once and a store that is only browsed
  never pays for the model.
* **A bounded queue.**  At most ``queue`` requests wait for a free slot; past
  ``workers + queue`` admitted requests the next one is refused at once
  (:class:`ExtractionBusy`: 503 with ``Retry-After``).
* **A time limit per request**, counted from admission (waiting included): the
  client's wait is what it bounds.  A request waiting too long leaves the queue; an
  extraction running too long has its process killed (:class:`ExtractionTimeout`:
  504), so the slot is free again and its next extraction starts a fresh process.
  This is why these are processes and not threads: a thread cannot be stopped, and
  abandoned CPU-bound work would keep a core busy with nobody waiting for it.
  ``concurrent.futures.ProcessPoolExecutor`` cannot stop one task either (killing a
  worker breaks the whole executor), and the pool of :mod:`quotetrail.api` is built
  for ordered batches; so each slot owns one process and one pipe.

Workers are started by ``forkserver`` where it exists (Linux): the server process has
threads, which ``fork`` must not copy, and a forkserver child holds no other worker's
pipe, so a worker sees its pipe close (and exits) whenever the server goes away.  The
forkserver imports the engine once, so each worker only loads the model.  Workers
ignore SIGINT: a terminal's Ctrl-C reaches the whole process group, and stopping them
is the server's job (:meth:`ExtractionPool.close`).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

__all__ = ["DEFAULT_QUEUE", "DEFAULT_TIME_LIMIT", "MAX_DEFAULT_WORKERS", "RETRY_AFTER",
           "ExtractionBusy", "ExtractionFailed", "ExtractionPool", "ExtractionTimeout",
           "default_workers"]

Work = Callable[[str], dict[str, Any]]

#: The default worker count is one per core, but at most this many (see default_workers).
MAX_DEFAULT_WORKERS = 2
#: Requests that may wait for a free worker beyond those running.
DEFAULT_QUEUE = 4
#: Seconds a request may take, waiting included: a 1 MB body (the default ``--max-body``)
#: takes about 30 s on one core of a laptop, so this leaves it room behind another.
DEFAULT_TIME_LIMIT = 120.0
#: Seconds a refused client is told to wait (``Retry-After``).
RETRY_AFTER = 5
#: Preloaded by the forkserver so that each worker starts with spaCy imported.
_PRELOAD = ["quotetrail.api"]
_SHUTTING_DOWN = "the server is shutting down; try again later"
#: Seconds to wait for a killed or closing worker to be gone.
_JOIN_TIMEOUT = 5.0


def default_workers() -> int:
    """One worker per core this process may use, at most ``MAX_DEFAULT_WORKERS``: each
    holds a spaCy pipeline in memory, and extraction is the server's side job (searching
    and reading need no worker)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_DEFAULT_WORKERS, cores))


class ExtractionBusy(Exception):
    """Every worker is busy and the queue is full (503, try again later)."""

    retry_after = RETRY_AFTER


class ExtractionTimeout(Exception):
    """The request passed its time limit (504); its extraction, if running, was stopped."""


class ExtractionFailed(Exception):
    """The worker failed or vanished (500); its message is one line for the client."""


def extract_record(text: str) -> dict[str, Any]:
    """The default work: the contract record of ``text``, as ``POST /api/extract`` answers."""
    from quotetrail import api

    return api.extract(text, id="extract").to_dict()


def _one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


def _worker_main(conn: Connection, work: Work) -> None:
    """A worker's life: texts in, ``("ok", record)`` or ``("error", line)`` out, until
    the server closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            text = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", work(text))
        except Exception as exc:  # the engine's failure is the request's answer, not ours
            reply = ("error", _one_line(exc))
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def _context() -> mp.context.BaseContext:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return mp.get_context("spawn")


class _Slot:
    """One worker process and the pipe to it; used by one request at a time."""

    def __init__(self, ctx: mp.context.BaseContext, work: Work) -> None:
        self._ctx = ctx
        self._work = work
        self.proc: BaseProcess | None = None
        self._conn: Connection | None = None

    def run(self, text: str, deadline: float) -> dict[str, Any]:
        """``work(text)`` in this slot's process (started first if need be), killing it
        at ``deadline`` (a ``time.monotonic()`` value)."""
        conn = self._ensure_started()
        try:
            conn.send(text)
            ready = conn.poll(max(0.0, deadline - time.monotonic()))
            if not ready:
                self.stop()
                raise ExtractionTimeout("the extraction passed its time limit and was stopped")
            status, value = conn.recv()
        except (EOFError, OSError) as exc:
            self.stop()
            raise ExtractionFailed("the extraction worker stopped unexpectedly") from exc
        if status != "ok":
            raise ExtractionFailed(f"the extraction failed ({value})")
        record: dict[str, Any] = value
        return record

    def _ensure_started(self) -> Connection:
        if self.proc is not None and self._conn is not None and self.proc.is_alive():
            return self._conn
        self.stop()
        ours, theirs = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(theirs, self._work),
                                 name="quotetrail-extract", daemon=True)
        proc.start()
        theirs.close()
        self.proc, self._conn = proc, ours
        return ours

    def kill(self) -> None:
        """Kill the process without touching the pipe, which a request thread may be
        waiting on: that thread then reads the end of the pipe and cleans up."""
        proc = self.proc
        if proc is not None and proc.is_alive():
            proc.kill()

    def stop(self) -> None:
        """Kill the process (if any) and close its pipe: a timed-out extraction must not
        keep its core."""
        proc, conn = self.proc, self._conn
        self.proc = self._conn = None
        if proc is not None:
            if proc.is_alive():
                proc.kill()
            proc.join(_JOIN_TIMEOUT)
        if conn is not None:
            conn.close()


class ExtractionPool:
    """Run ``work(text)`` in at most ``workers`` processes, ``queue`` more waiting, each
    request within ``time_limit`` seconds.  Call it like a function (from a thread:
    it blocks); see the module's docstring for what each bound does.

    ``work`` must be picklable (a module-level function); tests pass their own.
    """

    def __init__(self, workers: int | None = None, queue_size: int = DEFAULT_QUEUE,
                 time_limit: float = DEFAULT_TIME_LIMIT, work: Work = extract_record) -> None:
        workers = default_workers() if workers is None else workers
        if workers < 1 or queue_size < 0 or not time_limit > 0:
            raise ValueError("an extraction pool needs workers ≥ 1, queue ≥ 0, time limit > 0")
        self.workers = workers
        self.queue_size = queue_size
        self.time_limit = time_limit
        self._work = work
        self._ctx: mp.context.BaseContext | None = None
        self._lock = threading.Lock()
        self._close_lock = threading.Lock()
        self._admitted = 0
        self._closed = False
        self._slots: list[_Slot] = []
        self._idle: queue.Queue[_Slot] = queue.Queue()

    def __call__(self, text: str) -> dict[str, Any]:
        self._admit()
        deadline = time.monotonic() + self.time_limit
        try:
            try:
                slot = self._idle.get(timeout=self.time_limit)
            except queue.Empty:
                raise ExtractionTimeout(
                    f"no extraction worker was free within {self.time_limit:g} s") from None
            try:
                if self._closed:
                    raise ExtractionBusy(_SHUTTING_DOWN)
                return slot.run(text, deadline)
            except ExtractionFailed:
                if self._closed:  # stopped by close(), not by a fault: say so
                    raise ExtractionBusy(_SHUTTING_DOWN) from None
                raise
            finally:
                self._idle.put(slot)
        finally:
            with self._lock:
                self._admitted -= 1

    def _admit(self) -> None:
        with self._lock:
            if self._closed:
                raise ExtractionBusy(_SHUTTING_DOWN)
            if self._admitted >= self.workers + self.queue_size:
                raise ExtractionBusy(
                    f"all {self.workers} extraction workers are busy and "
                    f"{self.queue_size} requests are waiting; try again later")
            self._admitted += 1
            if not self._slots:  # the first extraction: make the slots (processes start lazily)
                self._ctx = _context()
                self._slots = [_Slot(self._ctx, self._work) for _ in range(self.workers)]
                for slot in self._slots:
                    self._idle.put(slot)

    @property
    def admitted(self) -> int:
        """Requests admitted now, running or waiting for a worker."""
        with self._lock:
            return self._admitted

    def pids(self) -> list[int]:
        """Process ids of the running workers (for tests and diagnostics)."""
        return [s.proc.pid for s in self._slots
                if s.proc is not None and s.proc.pid is not None and s.proc.is_alive()]

    def open(self) -> None:
        """Accept requests again after :meth:`close` (an app's lifespan may start again
        after it shut down, as in-process test clients do); workers restart as needed."""
        with self._lock:
            self._closed = False

    def close(self, grace: float = 0.0) -> None:
        """Refuse new requests (503), give those admitted up to ``grace`` seconds to
        finish, then stop every worker: requests still running or waiting are answered
        503 (the server is going away), so none is left for the server to cancel."""
        with self._lock:
            self._closed = True
        deadline = time.monotonic() + grace
        while self.admitted and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._close_lock:
            self._stop_all()

    def _stop_all(self) -> None:
        with self._lock:
            slots = list(self._slots)
        idle: list[_Slot] = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        procs = [s.proc for s in slots if s.proc is not None]
        for slot in slots:
            if any(slot is i for i in idle):
                slot.stop()
            else:  # in use: its request thread sees the pipe close and stops it
                slot.kill()
        for proc in procs:
            proc.join(_JOIN_TIMEOUT)
        for slot in idle:  # back, so that requests still waiting wake up and are refused
            self._idle.put(slot)
