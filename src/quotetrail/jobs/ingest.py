"""The ingest loop: read, skip what is stored, extract, commit in batches.

    read_paths ─> skip stored / report bad ─> engine (local processes or Dask) ─> batches ─> store

* **Exactly once.**  Documents already in the store (same identity and text) are
  skipped before extraction, and the store re-checks inside each batch's transaction,
  so a re-run adds nothing and a run killed at any point resumes where its last
  committed batch ended: nothing lost (uncommitted work is simply redone), nothing
  doubled.
* **Readers keep working.**  Each batch is one short write transaction in WAL mode;
  queries see the store as of the last commit.  Batches close after ``batch_size``
  articles or ``batch_seconds``, whichever comes first, so a slow corpus still shows up
  in searches as it goes.
* **Bad input is reported, not fatal.**  A document the readers or the engine could not
  process is passed to ``on_error`` with its location and left out; the rest is stored.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from quotetrail import api
from quotetrail.corpus.keys import article_key, text_hash
from quotetrail.corpus.store import BatchOutcome, Store, readonly_uri
from quotetrail.errors import QuotetrailError
from quotetrail.model import ArticleResult, Document, ErrorRecord
from quotetrail.readers import ReadStats, read_paths
from quotetrail.readers.inventory import counted_skips
from quotetrail.settings import DEFAULT_MAX_CHARS

__all__ = ["DEFAULT_BATCH_SIZE", "IngestReport", "close_results", "extract", "ingest",
           "ingest_results", "ingest_shards"]

DEFAULT_BATCH_SIZE = 64
DEFAULT_BATCH_SECONDS = 10.0


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: counts by outcome, and what the readers skipped by reason."""

    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    candidate_pairs: int = 0
    #: cluster ids that lead nowhere any more (their statement lost its last occurrence)
    clusters_gone: int = 0
    seconds: float = 0.0
    #: Results extracted but not yet committed (for progress displays).
    pending: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, *, stored: int = 0, unchanged: int = 0, failed: int = 0) -> None:
        """Count outcomes; safe from the feeder thread and the writer at once."""
        with self._lock:
            self.stored += stored
            self.unchanged += unchanged
            self.failed += failed

    @property
    def processed(self) -> int:
        return self.stored + self.unchanged + self.failed

    @property
    def extracted_pending(self) -> int:
        return self.pending

    @property
    def handled(self) -> int:
        """Input documents dealt with so far, on the scale of
        :func:`quotetrail.readers.inventory.count_documents` (a progress bar's total):
        stored, unchanged, failed, extracted but not yet committed, or skipped by a
        reader (a corrupt record is already counted as failed)."""
        return self.processed + self.pending + counted_skips(self.skipped)

    def summary(self) -> dict[str, object]:
        """The report as printed by ``quotetrail ingest``."""
        rate = self.processed / self.seconds if self.seconds > 0 else 0.0
        return {"stored": self.stored, "unchanged": self.unchanged, "failed": self.failed,
                "skipped": dict(self.skipped), "seconds": round(self.seconds, 2),
                "articles_per_second": round(rate, 2)}


ErrorHook = Callable[[ErrorRecord], None]
ProgressHook = Callable[[IngestReport], None]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ignore(_: object) -> None:
    return None


class _Gate:
    """Lets through the documents that need extracting; counts and reports the others.

    It runs wherever the engine pulls documents from (a pool's feeder thread), so it
    uses its own read-only view of the store, never the writer's connection.
    """

    def __init__(self, db: str, report: IngestReport, on_error: ErrorHook,
                 on_warning: Callable[[str], None]) -> None:
        self.db = db
        self.report = report
        self.on_error = on_error
        self.on_warning = on_warning
        #: (ident, text hash, reader id) of documents already stored: their ids are kept
        #: as aliases once extraction is over (the writer's connection is not ours).
        self.aliases: list[tuple[str, str, str]] = []

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        import sqlite3

        conn = sqlite3.connect(readonly_uri(self.db), uri=True, check_same_thread=False)
        try:
            for doc in docs:
                for message in doc.warnings:
                    self.on_warning(message)
                if doc.errors:
                    self.report.add(failed=1)
                    for err in doc.errors:
                        self.on_error(err)
                    continue
                ident, th = article_key(doc.url, doc.outlet), text_hash(doc.text)
                if conn.execute("SELECT 1 FROM articles WHERE ident = ? AND text_hash = ?",
                                (ident, th)).fetchone() is not None:
                    self.report.add(unchanged=1)
                    self.aliases.append((ident, th, doc.id))  # kept by the writer
                    continue
                yield doc
        finally:
            conn.close()


def ingest_results(store: Store, results: Iterable[ArticleResult], report: IngestReport, *,
                   store_text: bool = True, batch_size: int = DEFAULT_BATCH_SIZE,
                   batch_seconds: float = DEFAULT_BATCH_SECONDS,
                   on_error: ErrorHook = _ignore, on_progress: ProgressHook = _ignore,
                   write: Callable[[list[ArticleResult]], BatchOutcome] | None = None) -> None:
    """Commit extraction results to ``store`` in batches (results with errors reported).

    ``write`` commits one batch (default: :meth:`Store.add_batch`; re-extraction passes
    :meth:`Store.replace_batch`)."""
    batch: list[ArticleResult] = []
    opened = time.monotonic()

    def commit() -> None:
        nonlocal opened
        if batch:
            outcome = (write(batch) if write is not None
                       else store.add_batch(batch, store_text=store_text))
            report.add(stored=outcome.stored, unchanged=outcome.already)
            report.candidate_pairs += outcome.candidate_pairs
            report.clusters_gone += outcome.clusters_gone
            report.batches += 1
            batch.clear()
            report.pending = 0
            on_progress(report)
        opened = time.monotonic()

    for result in results:
        if result.errors:
            report.add(failed=1)
            for err in result.errors:
                on_error(err)
            on_progress(report)
            continue
        batch.append(result)
        report.pending = len(batch)
        if len(batch) >= batch_size or time.monotonic() - opened >= batch_seconds:
            commit()
        else:
            on_progress(report)
    commit()


def extract(docs: Iterable[Document], *, engine: str = "local", workers: int | None = None,
            scheduler: str | None = None, spacy_model: str | None = None,
            max_chars: int = DEFAULT_MAX_CHARS, partition_size: int | None = None,
            shards: str | None = None) -> Iterable[ArticleResult]:
    """The results of ``docs``, in input order, from local worker processes (``workers``,
    default all cores) or Dask (``engine="dask"``): what ingest and re-extraction run.
    Local workers start (fork) here, before the caller opens the store for writing."""
    n_workers = workers if workers else api.default_workers()
    if engine == "dask":
        from quotetrail.jobs.dask_runner import extract_with_dask

        return extract_with_dask(docs, workers=n_workers, scheduler=scheduler,
                                 spacy_model=spacy_model, max_chars=max_chars,
                                 partition_size=partition_size, shards=shards)
    return api.extract_documents(docs, workers=n_workers, spacy_model=spacy_model,
                                 max_chars=max_chars)


def ingest(paths: Sequence[str], db: str, *, engine: str = "local", workers: int | None = None,
           scheduler: str | None = None, store_text: bool = True,
           batch_size: int = DEFAULT_BATCH_SIZE, batch_seconds: float = DEFAULT_BATCH_SECONDS,
           spacy_model: str | None = None, max_chars: int = DEFAULT_MAX_CHARS,
           partition_size: int | None = None, shards: str | None = None,
           build: str | None = None,
           on_error: ErrorHook = _ignore, on_warning: Callable[[str], None] = _ignore,
           on_progress: ProgressHook = _ignore) -> IngestReport:
    """Ingest ``paths`` into the store at ``db`` (created if missing); see the module doc.

    ``engine`` is ``local`` (``workers`` processes, default all cores) or ``dask``
    (a LocalCluster of ``workers`` processes, or the cluster at ``scheduler``).
    ``build`` is how results reach the store: ``incremental`` (batch by batch, as they
    come; the local engine's only way) or ``columnar`` (the Dask engine's default: all
    results as Parquet shards first, in ``shards`` or a temporary directory beside the
    store, then one columnar build, :mod:`quotetrail.jobs.columnar`).
    """
    build = build or ("columnar" if engine == "dask" else "incremental")
    if build == "columnar":
        if engine != "dask":
            raise QuotetrailError("a columnar build needs --engine dask (or --from-shards)")
        return _ingest_columnar(paths, db, workers=workers, scheduler=scheduler,
                                store_text=store_text, spacy_model=spacy_model,
                                max_chars=max_chars, partition_size=partition_size,
                                shards=shards, on_error=on_error, on_warning=on_warning,
                                on_progress=on_progress)
    started = time.monotonic()
    report = IngestReport()
    stats, gate, docs = _gated(paths, db, report, max_chars, on_error, on_warning)
    # extraction starts (local workers fork) before the store is opened for writing: no
    # SQLite connection crosses a fork
    results = extract(docs, engine=engine, workers=workers, scheduler=scheduler,
                      spacy_model=spacy_model, max_chars=max_chars,
                      partition_size=partition_size, shards=shards)
    try:
        with Store(db) as store:
            run = store.start_run(engine, paths, _now())
            ingest_results(store, results, report, store_text=store_text,
                           batch_size=batch_size, batch_seconds=batch_seconds,
                           on_error=on_error, on_progress=on_progress)
            store.add_aliases(gate.aliases)
            report.skipped = dict(sorted(stats.skipped.items()))
            report.seconds = time.monotonic() - started
            store.finish_run(run, _now(), report.stored, report.unchanged, report.failed,
                             report.skipped)
    finally:
        close_results(results)
    return report


def _gated(paths: Sequence[str], db: str, report: IngestReport, max_chars: int,
           on_error: ErrorHook, on_warning: Callable[[str], None]
           ) -> tuple[ReadStats, _Gate, Iterator[Document]]:
    """The documents of ``paths`` that need extracting, with what the readers skipped
    and the gate that counted the rest (the store is created or migrated first, so the
    gate can read it)."""
    stats = ReadStats(on_note=on_warning)
    report.skipped = stats.skipped  # live while the run goes (progress); a copy at the end
    Store(db).close()
    gate = _Gate(db, report, on_error, on_warning)
    return stats, gate, gate(read_paths(paths, max_chars=max_chars, stats=stats))


def close_results(results: Iterable[ArticleResult]) -> None:
    """Stop an extraction the caller no longer reads (its workers, its Dask client)."""
    close = getattr(results, "close", None)
    if close is not None:
        close()


def _ingest_columnar(paths: Sequence[str], db: str, *, workers: int | None,
                     scheduler: str | None, store_text: bool, spacy_model: str | None,
                     max_chars: int, partition_size: int | None, shards: str | None,
                     on_error: ErrorHook, on_warning: Callable[[str], None],
                     on_progress: ProgressHook) -> IngestReport:
    """Extract on Dask into shards, then build the store from them in one go."""
    import shutil
    import tempfile

    from quotetrail.jobs.columnar import build_from_shards

    started = time.monotonic()
    report = IngestReport()
    stats, gate, docs = _gated(paths, db, report, max_chars, on_error, on_warning)
    where = shards or tempfile.mkdtemp(prefix="quotetrail-shards-",
                                       dir=os.path.dirname(os.path.abspath(db)))
    try:
        results = extract(docs, engine="dask", workers=workers, scheduler=scheduler,
                          spacy_model=spacy_model, max_chars=max_chars,
                          partition_size=partition_size, shards=where)
        try:
            for _result in results:  # each partition is in its shard already
                report.pending += 1  # extracted, not stored yet
                on_progress(report)
        finally:
            close_results(results)
        build_from_shards([where], db, store_text=store_text, report=report,
                          on_error=on_error, on_progress=on_progress)
    finally:
        if shards is None:
            shutil.rmtree(where, ignore_errors=True)
    with Store(db) as store:
        store.add_aliases(gate.aliases)
    report.skipped = dict(sorted(stats.skipped.items()))
    report.seconds = time.monotonic() - started
    return report


def ingest_shards(paths: Sequence[str], db: str, *, store_text: bool = True,
                  batch_size: int = DEFAULT_BATCH_SIZE, build: str = "incremental",
                  on_error: ErrorHook = _ignore,
                  on_warning: Callable[[str], None] = _ignore,
                  on_progress: ProgressHook = _ignore) -> IngestReport:
    """Store results that a Dask run left as Parquet shards (no extraction here):
    batch by batch, or with ``build="columnar"`` in one columnar build."""
    from quotetrail.jobs.shards import read_shards

    if build == "columnar":
        from quotetrail.jobs.columnar import build_from_shards

        return build_from_shards(paths, db, store_text=store_text, on_error=on_error,
                                 on_progress=on_progress)
    started = time.monotonic()
    report = IngestReport()
    with Store(db) as store:
        run = store.start_run("shards", paths, _now())
        ingest_results(store, read_shards(paths), report, store_text=store_text,
                       batch_size=batch_size, on_error=on_error, on_progress=on_progress)
        report.seconds = time.monotonic() - started
        store.finish_run(run, _now(), report.stored, report.unchanged, report.failed, {})
    return report
