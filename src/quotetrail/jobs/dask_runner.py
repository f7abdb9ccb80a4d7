"""Extraction on Dask distributed: a LocalCluster on one machine, or an existing cluster.

Documents are read where the ingest runs, cut into partitions of ``partition_size``
and submitted as tasks; each worker process loads the spaCy pipeline once (the engine
is cached per process, :func:`quotetrail.api.extract_documents` with one worker) and
keeps it for every partition it gets.  Results come back partition by partition and
are yielded in input order, so the store is written by one process, in one order,
whichever engine ran -- the same store as the local engine gives.

At most ``2 * workers + 2`` partitions are in flight, which bounds memory on both sides
however large the corpus is.  With ``shards``, each worker also writes its partition's
results as a Parquet file (``part-NNNNNN.parquet``) for a store built elsewhere
(:mod:`quotetrail.jobs.shards`).

A LocalCluster binds to 127.0.0.1 only and has no dashboard: nothing listens beyond
this machine.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from quotetrail import api
from quotetrail.errors import QuotetrailError
from quotetrail.model import ArticleResult, Document
from quotetrail.settings import DEFAULT_MAX_CHARS

__all__ = ["DEFAULT_PARTITION_SIZE", "DaskStats", "extract_with_dask"]

DEFAULT_PARTITION_SIZE = 32
_CLOSE_TIMEOUT_S = 20


@dataclass(slots=True)
class DaskStats:
    """Which workers did what: partitions run, by worker address, and engine loads."""

    partitions: int = 0
    by_worker: dict[str, int] = field(default_factory=dict)
    engine_loads: dict[str, int] = field(default_factory=dict)


def _extract_partition(index: int, docs: list[Document], spacy_model: str | None,
                       max_chars: int, shards: str | None) -> tuple[str, int, list[ArticleResult]]:
    """Run on a worker: extract one partition (the engine is loaded once per process)."""
    from distributed import get_worker

    results = list(api.extract_documents(docs, workers=1, spacy_model=spacy_model,
                                         max_chars=max_chars))
    if shards:
        from quotetrail.jobs.shards import write_shard

        write_shard(os.path.join(shards, f"part-{index:06d}.parquet"), results)
    loads = api.get_engine.cache_info().misses
    return get_worker().address, loads, results


def _partitions(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    part: list[Document] = []
    for doc in docs:
        part.append(doc)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def _client(workers: int, scheduler: str | None) -> tuple[Any, Any]:
    """A client on the given scheduler, or on a new loopback-only LocalCluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - the dask extra is missing
        raise QuotetrailError("--engine dask needs the 'dask' extra "
                              "(pip install 'quotetrail[dask]')") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except (OSError, TimeoutError) as exc:
            raise QuotetrailError(f"cannot reach the Dask scheduler at {scheduler} "
                                  f"({type(exc).__name__})") from exc
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None,
                           silence_logs=logging.CRITICAL)
    return Client(cluster, timeout="60s"), cluster


def extract_with_dask(docs: Iterable[Document], *, workers: int = 2,
                      scheduler: str | None = None, spacy_model: str | None = None,
                      max_chars: int = DEFAULT_MAX_CHARS, partition_size: int | None = None,
                      shards: str | None = None,
                      stats: DaskStats | None = None) -> Iterator[ArticleResult]:
    """Extract on Dask, yielding results in input order as partitions complete."""
    size = partition_size or DEFAULT_PARTITION_SIZE
    stats = stats if stats is not None else DaskStats()
    if shards:
        os.makedirs(shards, exist_ok=True)
    client, cluster = _client(workers, scheduler)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        in_flight: deque[Any] = deque()
        parts = enumerate(_partitions(docs, size))
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < 2 * n_workers + 2:
                nxt = next(parts, None)
                if nxt is None:
                    exhausted = True
                    break
                index, part = nxt
                in_flight.append(client.submit(_extract_partition, index, part, spacy_model,
                                               max_chars, shards, pure=False))
            if not in_flight:
                return
            address, loads, results = in_flight.popleft().result()
            stats.partitions += 1
            stats.by_worker[address] = stats.by_worker.get(address, 0) + 1
            stats.engine_loads[address] = loads
            yield from results
    finally:  # bounded: a stuck shutdown must not hold the run (results are already out)
        client.close(timeout=_CLOSE_TIMEOUT_S)
        if cluster is not None:
            cluster.close(timeout=_CLOSE_TIMEOUT_S)
