"""Re-extraction: the engine run again on a store's own texts (``ingest --reextract``).

    stored articles (outdated | all) ─> engine (local processes or Dask) ─> batches ─> store

A store made by an older engine gets the current engine's attributions this way: every
article whose engine name or version differs from the running one (``outdated``, the
default), or every article (``all``), is read back from the store -- text, id, URL,
outlet, dates -- and extracted by the same path as an ingest (:func:`.ingest.extract`:
worker processes or Dask, in input order), and each batch of results replaces the
articles' attributions in one transaction (:meth:`Store.replace_batch`).  At the end
the store is rebuilt (:meth:`Store.finish_reextract`), so it is the store that ingesting
the same texts afresh with this engine and running ``quotetrail rebuild`` gives; the
user's speaker merges and splits hold, and cluster ids given out before lead on.

* **Resumable.**  A run killed at any point leaves the store as of its last committed
  batch -- a consistent store, some articles re-extracted -- and the same command run
  again finishes the job: ``outdated`` finds what is left by itself; ``all`` goes on after
  the last article committed (kept in the store with each batch); the rebuild runs if the
  killed run did not get to commit it.
* **Articles stored without text** (``--no-store-text``) cannot be re-extracted: they are
  counted (``skipped: {"text_not_stored": n}``) and left as they are.
* **Bad text** -- longer than ``max_chars``, or text the engine fails on -- is an error
  record (``on_error``), as in an ingest; that article keeps its attributions.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from quotetrail import api
from quotetrail.corpus import reextract as rx
from quotetrail.corpus.store import BatchOutcome, Store, readonly_uri
from quotetrail.errors import UsageError
from quotetrail.jobs.ingest import (
    DEFAULT_BATCH_SECONDS,
    DEFAULT_BATCH_SIZE,
    ErrorHook,
    IngestReport,
    _ignore,
    _now,
    close_results,
    extract,
    ingest_results,
)
from quotetrail.model import ArticleResult, Document
from quotetrail.settings import DEFAULT_MAX_CHARS

__all__ = ["SELECTIONS", "ReextractReport", "reextract"]

SELECTIONS = rx.SELECTIONS
#: The ``skipped`` reason of articles stored without their text.
NO_TEXT = "text_not_stored"


@dataclass(slots=True)
class ReextractReport(IngestReport):
    """What a re-extraction did: ``stored`` counts the articles re-extracted,
    ``unchanged`` those it left as they were (already this engine's)."""

    select: str = "outdated"
    #: whether the run ended with the rebuild (it had something to finish)
    rebuilt: bool = False

    def summary(self) -> dict[str, object]:
        """The report as printed by ``quotetrail ingest --reextract``."""
        done = self.stored + self.failed
        rate = done / self.seconds if self.seconds > 0 else 0.0
        return {"reextracted": self.stored, "unchanged": self.unchanged,
                "failed": self.failed, "skipped": dict(self.skipped),
                "clusters_gone": self.clusters_gone, "rebuilt": self.rebuilt,
                "seconds": round(self.seconds, 2), "articles_per_second": round(rate, 2)}


class _StoredDocuments:
    """The articles to re-extract, read back from the store as documents.

    Read through its own read-only connection, a page at a time, wherever the engine
    pulls documents from; opened only when iteration starts (after workers fork).
    """

    def __init__(self, db: str, select: str, model: str, version: str, after: int) -> None:
        self.db, self.select, self.model, self.version, self.after = (
            db, select, model, version, after)
        self.no_text = 0

    def __iter__(self) -> Iterator[Document]:
        conn = sqlite3.connect(readonly_uri(self.db), uri=True, check_same_thread=False)
        try:
            for a in rx.selected(conn, self.select, self.model, self.version, self.after):
                if a.text is None:
                    self.no_text += 1
                    continue
                yield Document(id=a.article_id, text=a.text,
                               location=f"stored article {a.article_id}", title=a.title,
                               outlet=a.outlet, url=a.url, published=a.published,
                               crawled=a.crawled)
        finally:
            conn.close()


def reextract(db: str, *, select: str = "outdated", engine: str = "local",
              workers: int | None = None, scheduler: str | None = None,
              batch_size: int = DEFAULT_BATCH_SIZE,
              batch_seconds: float = DEFAULT_BATCH_SECONDS, spacy_model: str | None = None,
              max_chars: int = DEFAULT_MAX_CHARS, partition_size: int | None = None,
              shards: str | None = None, on_error: ErrorHook = _ignore,
              on_progress: Callable[[IngestReport], None] = _ignore) -> ReextractReport:
    """Re-extract the stored articles of the store at ``db`` (see the module doc).

    ``select`` is ``outdated`` (articles another engine name or version extracted) or
    ``all``; ``engine``, ``workers``, ``scheduler`` as for :func:`.ingest.ingest`.
    """
    if select not in SELECTIONS:
        raise UsageError(f"--reextract takes one of {', '.join(SELECTIONS)}, not {select!r}")
    if not Path(db).is_file():
        raise UsageError(f"{db}: no such store (create one with 'quotetrail ingest')")
    started = time.monotonic()
    report = ReextractReport(select=select)
    model, version = api.engine_identity(spacy_model)
    state = {"select": select, "model": model, "version": version}
    with Store(db) as store:  # migrated if it is older; read before any worker forks
        pending = store.reextract_job()
        after = 0
        if pending is not None and all(pending.get(k) == v for k, v in state.items()):
            after = int(pending.get("after", 0)) if select == "all" else 0
        total = int(store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        todo = rx.count_selected(store.conn, select, model, version, after)
    docs = _StoredDocuments(db, select, model, version, after)
    results: Iterable[ArticleResult] = iter(()) if not todo else extract(
        docs, engine=engine, workers=workers, scheduler=scheduler, spacy_model=spacy_model,
        max_chars=max_chars, partition_size=partition_size, shards=shards)
    try:
        with Store(db) as store:
            run = store.start_run(engine, [f"--reextract {select}"], _now())

            def write(batch: list[ArticleResult]) -> BatchOutcome:
                return store.replace_batch(batch, job=state)

            ingest_results(store, results, report, batch_size=batch_size,
                           batch_seconds=batch_seconds, on_error=on_error,
                           on_progress=on_progress, write=write)
            report.unchanged += total - todo
            if docs.no_text:
                report.skipped[NO_TEXT] = docs.no_text
            if report.stored or store.reextract_job() is not None:
                store.finish_reextract()
                report.rebuilt = True
            report.seconds = time.monotonic() - started
            store.finish_run(run, _now(), report.stored, report.unchanged, report.failed,
                             report.skipped)
    finally:
        close_results(results)
    return report
