"""The corpus store: one SQLite file in WAL mode, written one atomic batch at a time.

Why these choices:

* **WAL** lets readers (``search``, the web UI) query while an ingest writes; a
  reader sees the store as of the last committed batch.
* **One transaction per batch**: articles, attributions, the shingle index, links,
  clusters and speakers of a batch are committed together or not at all.  A process
  killed mid-batch (SIGKILL included) leaves the store as it was after the previous
  batch; SQLite's journal guarantees it.  ``synchronous=NORMAL`` keeps that guarantee
  for a killed process (not for a power cut, where the last batches may be lost but the
  file stays consistent).
* **Identity**: an article is ``(ident, text_hash)``: ``text_hash`` is the SHA-256 of its
  text and ``ident`` its URL, or its outlet when it has no URL, or nothing when it has
  neither (:func:`identity`).  The reader's id (a path, a JSONL id) is only the visible
  ``article_id``: how a path was typed, the walk root or the order of the inputs never
  makes a second article, and the ids the same article arrives under later are kept as
  aliases.  Storing an article that is already there does nothing, so re-running an
  ingest is harmless and a killed one resumes by skipping what it committed.  The same
  text from two outlets (a wire story) is two articles, linked as copies through
  ``text_hash``.  The same URL with another text is a *revision*: every revision is
  kept, the newest (by date, then by arrival) is the one clustered and counted, and the
  older ones point at it (``superseded_by``).
* Everything derived (clusters, speakers) depends only on the articles stored, never
  on the order or the batches they came in, so any interrupted-and-resumed ingest ends
  with the store an uninterrupted one makes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotetrail import errors
from quotetrail.corpus import (
    cluster_rows,
    clusters,
    rebuild,
    reextract,
    requotes,
    revisions,
    search_index,
    speakers,
    statements,
)
from quotetrail.corpus.dates import sort_date
from quotetrail.corpus.keys import article_key, text_hash
from quotetrail.corpus.schema import MIGRATIONS, SCHEMA_VERSION
from quotetrail.model import ArticleResult, Attribution, Span

__all__ = ["BatchOutcome", "Store", "article_key", "identity", "open_readonly", "readonly_uri",
           "text_hash"]

BUSY_TIMEOUT_MS = 60_000
#: The writer's page cache (KiB): a corpus's indexes are read at random places (shingles,
#: wordings, the newest holders of a statement's words), and once they outgrow the cache
#: every batch pays for disk pages; 256 MiB keeps a million-article store's hot pages in
#: memory at a fraction of the 2 GB a large ingest may use.
PAGE_CACHE_KIB = 262_144


def identity(result: ArticleResult) -> tuple[str, str]:
    """An article's identity: (:func:`article_key`, SHA-256 of its text)."""
    return article_key(result.url, result.outlet), text_hash(result.text)


def _uid(ident: str, text_hash: str) -> str:
    return hashlib.sha256(f"{ident}\0{text_hash}".encode("utf-8", "surrogatepass")
                          ).hexdigest()[:20]


def _span(span: Span | None) -> str | None:
    return json.dumps(span.to_dict(), ensure_ascii=False) if span is not None else None


@dataclass(slots=True)
class BatchOutcome:
    """What one committed batch did."""

    stored: int = 0
    already: int = 0
    candidate_pairs: int = 0
    #: cluster ids that lead nowhere any more (their quotation is no longer found)
    clusters_gone: int = 0


def readonly_uri(path: str | Path) -> str:
    """A read-only SQLite URI for ``path`` (percent-encoded: ``?`` or ``#`` in a name is safe)."""
    return Path(path).absolute().as_uri() + "?mode=ro"


def _connect(path: str, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


#: The migration that keys articles by URL, outlet or text: older stores are re-keyed.
_ARTICLE_KEYS_VERSION = 4
#: The last migration that changed what is derived: older stores are rebuilt.  (Later
#: ones fill their own columns: migration 6's trail keys are one UPDATE.)
_DERIVED_VERSION = 5


def _migrate(conn: sqlite3.Connection, path: str, up_to: int = SCHEMA_VERSION) -> None:
    """Apply the migrations this store lacks, each in its own transaction.

    A store before migration 5 that already held articles is brought up to date in the
    transaction of the last migration: its articles re-keyed
    (:func:`quotetrail.corpus.rebuild.rekey`, for stores before migration 4) and
    everything derived rebuilt -- names, clusters and the figures kept beside them -- so
    that a store is never left half-migrated.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise errors.QuotetrailError(
            f"{path}: store schema version {version} is newer than this quotetrail "
            f"understands ({SCHEMA_VERSION}); upgrade quotetrail")
    for number in range(version, up_to):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] == number:  # not raced
                for statement in _statements(MIGRATIONS[number]):
                    conn.execute(statement)
                if number + 1 == SCHEMA_VERSION and 0 < version < _DERIVED_VERSION:
                    if version < _ARTICLE_KEYS_VERSION:
                        rebuild.rekey(conn)
                    rebuild.rebuild(conn)
                conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # not when Ctrl-C lands just after a COMMIT that worked
                conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (a trigger's body keeps its ``;``)."""
    out: list[str] = []
    buf = ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A connection for queries; the store must exist and be of a known schema."""
    p = str(path)
    if not Path(p).is_file():
        raise errors.UsageError(f"{p}: no such store (create one with 'quotetrail ingest')")
    try:
        conn = _connect(p, readonly=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise errors.QuotetrailError(f"{p}: not a quotetrail store ({exc})") from exc
    if version == 0:
        raise errors.QuotetrailError(f"{p}: not a quotetrail store (no schema)")
    if version > SCHEMA_VERSION:
        raise errors.QuotetrailError(
            f"{p}: store schema version {version} is newer than this quotetrail "
            f"understands ({SCHEMA_VERSION}); upgrade quotetrail")
    return conn


class Store:
    """A writable store: creates or migrates the file, then takes batches of results."""

    def __init__(self, path: str | Path, *, migrate_to: int = SCHEMA_VERSION) -> None:
        self.path = str(path)
        try:
            self.conn = _connect(self.path, readonly=False)
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
            _migrate(self.conn, self.path, migrate_to)
        except sqlite3.DatabaseError as exc:
            raise errors.QuotetrailError(f"{self.path}: cannot open the store ({exc})") from exc
        #: Candidate pairs the shingle index produced, over this object's lifetime.
        self.candidate_pairs = 0
        #: Wordings loaded by earlier batches (cleared when a batch rolls back).
        self.unit_cache = clusters.UnitCache()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _bulk_journal(self) -> Iterator[None]:
        """A build into an empty store writes through a rollback journal, not the WAL.

        In WAL mode one transaction holding a whole corpus writes every page to the WAL
        first and copies it into the file at the checkpoint: twice the disk and a WAL as
        large as the store.  An empty file's rollback journal holds next to nothing, and
        a build killed midway is still rolled back (the journal is hot at the next open).
        With readers attached (the mode cannot change) or a store that holds articles,
        the WAL stays."""
        empty = self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM articles)").fetchone()[0]
        switched = False
        if empty:
            try:
                mode = self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
                switched = mode == "delete"
            except sqlite3.OperationalError:  # another connection holds the WAL open
                switched = False
        try:
            yield
        finally:
            if switched:
                self.conn.execute("PRAGMA journal_mode = WAL")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back (and the
        wordings cached since forgotten) when it raises -- a killed process is rolled
        back by SQLite's journal the same way."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            # A KeyboardInterrupt can land after COMMIT succeeded and before this block
            # ends: the transaction is over, and a ROLLBACK would fail ("no transaction
            # is active") and hide the interrupt behind an OperationalError.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.unit_cache.clear()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def has(self, ident: str, text_hash: str) -> bool:
        """Is this article stored already (as of the last commit)?"""
        return self.conn.execute("SELECT 1 FROM articles WHERE ident = ? AND text_hash = ?",
                                 (ident, text_hash)).fetchone() is not None

    def add_batch(self, results: Sequence[ArticleResult], *,
                  store_text: bool = True) -> BatchOutcome:
        """Store a batch of results atomically, with the clusters and speakers they change.

        Results with errors are not stored (the caller reports them); results already in
        the store are counted and skipped (their ids kept as aliases).
        """
        return self._write_batch(results, store_text=store_text)

    def replace_batch(self, results: Sequence[ArticleResult], *,
                      job: dict[str, Any] | None = None) -> BatchOutcome:
        """Replace the attributions of stored articles by these re-extracted results, as
        one atomic batch (``quotetrail ingest --reextract``, :mod:`.reextract`).

        Each result is matched to its stored article by identity (its text is the stored
        one); the article keeps its row, ids, aliases, revisions and metadata and takes
        the result's engine name and version; its old attributions leave the corpus and
        the new ones go through the same steps as an ingested batch's.  A cluster left
        with no occurrence redirects to the one its quotation is in now.  ``job``
        (selection and engine) is saved with the last article replaced, in the same
        transaction.  Results with errors, or of no stored article, change nothing.
        """
        return self._write_batch(results, replace=True, job=job)

    def _write_batch(self, results: Sequence[ArticleResult], *, store_text: bool = True,
                     replace: bool = False, job: dict[str, Any] | None = None
                     ) -> BatchOutcome:
        outcome = BatchOutcome()
        conn = self.conn
        with self._transaction():
            inserted: list[tuple[ArticleResult, str | None, list[tuple[int, str, Any]]]] = []
            revised: set[str] = set()
            replaced: list[tuple[int, reextract.Cleared]] = []
            out_of_corpus: set[int] = set()  # new rows of older revisions: not clustered
            last_article = 0
            for result in results:
                if result.errors:
                    continue
                if replace:
                    found = self._replace_article(result)
                    if found is None:
                        outcome.already += 1
                        continue
                    article, live, title, rows, cleared = found
                    replaced.append((article, cleared))
                    last_article = max(last_article, article)
                    if not live:
                        out_of_corpus.update(rowid for rowid, _, _ in rows)
                else:
                    stored = self._insert_article(result, store_text)
                    if stored is None:
                        outcome.already += 1
                        continue
                    rows, title = stored, result.title
                    if result.url:
                        revised.add(article_key(result.url, result.outlet))
                outcome.stored += 1
                inserted.append((result, title, rows))
            retired, touched, speaker_ids = revisions.settle(conn, sorted(revised))
            retired |= out_of_corpus
            for _article, cleared in replaced:
                touched |= cleared.clusters
                speaker_ids |= cleared.speakers
            occurrences: list[clusters.Occurrence] = []
            names: list[speakers.ArticleNames] = []
            for result, title, rows in inserted:
                live = [(rowid, key, a) for rowid, key, a in rows if rowid not in retired]
                if not live:
                    continue
                article = speakers.ArticleNames(result.text)
                for rowid, _key, a in live:
                    occurrences.append(clusters.Occurrence(
                        rowid, _key, a.kind, a.content.text, [f.text for f in a.fragments],
                        a.speaker, list(a.speakers), a.speaker_type))
                    article.rows.append((rowid, a.speaker, list(a.speakers), a.speaker_type,
                                         a.source.text if a.source is not None else None))
                    search_index.add(conn, rowid, a.content.text, a.speaker, list(a.speakers),
                                     title)
                names.append(article)
            unplaced: list[int] = []  # known wordings whose statement had gone
            created, _grown = clusters.assign_groups(conn, occurrences, unplaced)
            units, prefixes = clusters.index_units(conn, created)
            outcome.candidate_pairs = clusters.find_links(conn, units, prefixes,
                                                          self.unit_cache)
            placed, merges = statements.attach(conn, [grp for grp, _ in created] + unplaced)
            speaker_ids |= cluster_rows.merge(conn, merges)
            cluster_rows.add_groups(conn, placed)
            changed, new_ids = speakers.add_articles(conn, names)
            speaker_ids |= new_ids
            grown = cluster_rows.add_occurrences(conn, [o.rowid for o in occurrences])
            # what lost occurrences, or whose speaker ids changed: from its occurrences
            redo = {statements.resolve_id(conn, c) for c in touched} | \
                _clusters_of(conn, changed)
            deleted = cluster_rows.recompute(conn, redo)
            cluster_rows.finish(conn, (grown | {kept for _, kept in merges}) - redo)
            speakers.refresh(conn, speaker_ids)
            # ids given out stay valid: a statement that lost its last occurrence leads to
            # where its quotation is now (re-extracted), or nowhere (superseded)
            outcome.clusters_gone = reextract.keep_ids(conn, replaced, deleted)
            if job is not None and last_article:
                reextract.save_job(conn, job, last_article)
        self.candidate_pairs += outcome.candidate_pairs
        return outcome

    def _replace_article(self, result: ArticleResult
                         ) -> tuple[int, bool, str | None, list[tuple[int, str, Any]],
                                    reextract.Cleared] | None:
        """Replace a stored article's attributions by ``result``'s: (article, whether it
        is live -- not an older revision --, its stored title, the new rows, what was
        cleared)."""
        ident, th = identity(result)
        row = self.conn.execute("SELECT rowid, uid, superseded_by, title FROM articles WHERE "
                                "ident = ? AND text_hash = ?", (ident, th)).fetchone()
        if row is None:
            return None
        article, uid, superseded_by, title = row
        cleared = reextract.clear(self.conn, article)
        self.conn.execute("UPDATE articles SET model = ?, version = ? WHERE rowid = ?",
                          (result.model, result.version, article))
        return article, superseded_by is None, title, self._insert_attributions(
            article, uid, result), cleared

    def add_aliases(self, aliases: Sequence[tuple[str, str, str]]) -> int:
        """Keep reader ids that arrived for articles already stored: ``(ident, text_hash,
        id)`` each.  Returns how many were new.  One short transaction."""
        if not aliases:
            return 0
        with self._transaction():
            n = self._keep_aliases(aliases)
        return n

    def _keep_aliases(self, aliases: Sequence[tuple[str, str, str]]) -> int:
        n = 0
        for ident, th, alias in aliases:
            row = self.conn.execute("SELECT rowid, article_id FROM articles WHERE ident = ? "
                                    "AND text_hash = ?", (ident, th)).fetchone()
            if row is not None:
                n += self._alias(row[0], row[1], alias)
        return n

    def _alias(self, article: int, article_id: str, alias: str) -> int:
        """Record ``alias`` for ``article`` unless it is its id or another article's."""
        if alias == article_id or self.conn.execute(
                "SELECT 1 FROM articles WHERE article_id = ?", (alias,)).fetchone():
            return 0
        cur = self.conn.execute("INSERT OR IGNORE INTO article_aliases (alias, article) "
                                "VALUES (?, ?)", (alias, article))
        return cur.rowcount

    def load_all(self, results: Iterable[ArticleResult], *, store_text: bool = True,
                 aliases: Sequence[tuple[str, str, str]] = (),
                 on_article: Callable[[], None] | None = None,
                 on_phase: Callable[[str], None] | None = None) -> BatchOutcome:
        """Store many results at once and derive everything from scratch, in one
        transaction: the bulk load of the columnar build (:mod:`quotetrail.jobs.columnar`).

        Articles and attributions go in as :meth:`add_batch` writes them, with nothing
        derived per article; then revisions are settled, ``aliases`` (``(ident, text
        hash, id)``) kept, and statements, speakers and the search index rebuilt
        (:func:`quotetrail.corpus.rebuild.rebuild`) -- the store a ``quotetrail rebuild``
        gives after ingesting the same results batch by batch.  Killed at any point, the
        store is as it was.  Results with errors are not stored (the caller reports them).
        """
        outcome = BatchOutcome()
        conn = self.conn
        with self._bulk_journal(), self._transaction():
            self.unit_cache.clear()
            revised: set[str] = set()
            for result in results:
                if result.errors:
                    continue
                if self._insert_article(result, store_text, derive=False) is None:
                    outcome.already += 1
                else:
                    outcome.stored += 1
                    if result.url:
                        revised.add(article_key(result.url, result.outlet))
                if on_article is not None:
                    on_article()
            if on_phase is not None:
                on_phase("deriving statements, speakers and trails")
            revisions.settle(conn, sorted(revised))
            self._keep_aliases(aliases)
            rebuild.rebuild(conn)
        return outcome

    def _insert_article(self, result: ArticleResult, store_text: bool, *, derive: bool = True
                        ) -> list[tuple[int, str, Any]] | None:
        """Insert an article and its attributions, with the re-quotes derived from them
        unless ``derive`` is false (a rebuild derives them all afterwards)."""
        ident, th = identity(result)
        row = self.conn.execute("SELECT rowid, article_id FROM articles WHERE ident = ? AND "
                                "text_hash = ?", (ident, th)).fetchone()
        if row is not None:
            self._alias(row[0], row[1], result.id)
            return None
        uid = _uid(ident, th)
        article_id = result.id
        taken = self.conn.execute("SELECT 1 FROM articles WHERE article_id = ? UNION ALL "
                                  "SELECT 1 FROM article_aliases WHERE alias = ?",
                                  (article_id, article_id))
        if taken.fetchone() is not None:  # the id names another article (or revision)
            article_id = f"{result.id}~{th[:10]}"
        cur = self.conn.execute(
            "INSERT INTO articles (article_id, uid, ident, text_hash, location, title, outlet, "
            "url, published, crawled, sort_date, text, n_chars, model, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, uid, ident, th, result.location, result.title, result.outlet,
             result.url, result.published, result.crawled,
             sort_date(result.published, result.crawled),
             result.text if store_text else None, len(result.text), result.model,
             result.version))
        return self._insert_attributions(int(cur.lastrowid or 0), uid, result, derive=derive)

    def _insert_attributions(self, article: int, uid: str, result: ArticleResult, *,
                             derive: bool = True) -> list[tuple[int, str, Any]]:
        """Insert ``result``'s attributions for ``article`` (and, unless ``derive`` is
        false, the re-quotes derived from them): (rowid, key, attribution) each."""
        rows = []
        for idx, a in enumerate(result.attributions):
            speakers_list = list(a.speakers)
            cur = self.conn.execute(
                "INSERT INTO attributions (article, idx, key, kind, content_start, content_end, "
                "content, fragments, cue, source, speaker, speakers, speaker_type, addressee, "
                "venue, confidence, speaker_confidence, grp) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (article, idx, f"{uid}:{idx:05d}", a.kind, a.content.start, a.content.end,
                 a.content.text,
                 json.dumps([f.to_dict() for f in a.fragments], ensure_ascii=False),
                 _span(a.cue), _span(a.source), a.speaker,
                 json.dumps(speakers_list, ensure_ascii=False), a.speaker_type,
                 _span(a.addressee), _span(a.venue), float(a.confidence),
                 float(a.speaker_confidence)))
            rowid = int(cur.lastrowid or 0)
            rows.append((rowid, f"{uid}:{idx:05d}", a))
            if not derive:
                continue
            for n, inner in enumerate(requotes.derive(self.conn, rowid), 1):
                s, e = self.conn.execute("SELECT content_start, content_end FROM attributions "
                                         "WHERE rowid = ?", (inner,)).fetchone()
                rows.append((inner, f"{uid}:{idx:05d}:q{n}", Attribution(
                    kind="direct", content=Span.of(result.text, s, e),
                    confidence=float(a.confidence))))
        return rows

    def rebuild(self) -> dict[str, int]:
        """Recompute clusters, speakers and the search index from the stored articles
        (:func:`quotetrail.corpus.rebuild.rebuild`), in one transaction."""
        with self._transaction():
            self.unit_cache.clear()
            counts = rebuild.rebuild(self.conn)
        return counts

    def reextract_job(self) -> dict[str, Any] | None:
        """The re-extraction this store is in the middle of (one killed before it ended):
        ``{"select", "model", "version", "after"}``, or None."""
        return reextract.job(self.conn)

    def finish_reextract(self) -> dict[str, int]:
        """End a re-extraction: :meth:`rebuild`, and the job closed, in one transaction
        (killed before it commits, the job is still there for the next run to finish)."""
        with self._transaction():
            self.unit_cache.clear()
            counts = rebuild.rebuild(self.conn)
            reextract.close_job(self.conn)
        return counts

    # -- speaker edits -----------------------------------------------------------------

    def merge_speakers(self, into: str, other: str, made: str) -> dict[str, Any]:
        """Make speaker ``other``'s names part of ``into`` (kept across later ingests).

        Returns ``into``'s speaker record.  One transaction, like a batch.
        """
        from quotetrail.corpus import queries

        def run() -> str:
            changed = speakers.merge(self.conn, into, other, made)
            cluster_rows.recompute(self.conn, _clusters_of(self.conn, changed))
            return into

        return self._edit(run, queries)

    def split_speaker(self, speaker_id: str, name: str, made: str) -> dict[str, Any]:
        """Take alias ``name`` out of ``speaker_id`` as a speaker of its own (kept across later
        ingests).  Returns the new speaker's record."""
        from quotetrail.corpus import queries

        def run() -> str:
            new_id, changed = speakers.split(self.conn, speaker_id, name, made)
            cluster_rows.recompute(self.conn, _clusters_of(self.conn, changed))
            return new_id

        return self._edit(run, queries)

    def _edit(self, run: Any, queries: Any) -> dict[str, Any]:
        with self._transaction():
            sid = run()
        record = queries.speaker(self.conn, sid)
        assert record is not None
        return record

    # -- bookkeeping -------------------------------------------------------------------

    def start_run(self, engine: str, paths: Sequence[str], started: str) -> int:
        cur = self.conn.execute("INSERT INTO runs (started, engine, paths) VALUES (?, ?, ?)",
                                (started, engine, json.dumps(list(paths))))
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int, finished: str, stored: int, unchanged: int, failed: int,
                   skipped: dict[str, int]) -> None:
        self.conn.execute(
            "UPDATE runs SET finished = ?, n_stored = ?, n_unchanged = ?, n_failed = ?, "
            "skipped = ? WHERE rowid = ?",
            (finished, stored, unchanged, failed, json.dumps(skipped, sort_keys=True), run))


def _clusters_of(conn: sqlite3.Connection, attributions: set[int]) -> set[str]:
    found: set[str] = set()
    ids = sorted(attributions)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found.update(r[0] for r in conn.execute(
            f"SELECT cluster_id FROM attributions WHERE rowid IN ({','.join('?' * len(chunk))}) "
            "AND cluster_id IS NOT NULL", chunk))
    return found
