"""The columnar build: a store made from Parquet shards in one pass, not batch by batch.

    shards ──> each record's place, identity and size (read shard by shard)
           ──> DuckDB: the first copy of each article, the reader ids of the other
               copies, what the store holds already, the order of identities
           ──> records copied into buckets of that order ──> bulk load, one
               transaction ──> rebuild: statements, speakers, trails, index

A Dask run leaves its results as shards (:mod:`quotetrail.jobs.shards`).  Fed to the
store batch by batch, each batch pays for finding its statements and speakers among
everything stored so far, and one SQLite writer does all of it.  Here the work that
spans the whole corpus is done as set operations.  One pass over the shards keys each
article by what it is (:mod:`quotetrail.corpus.keys`) and reports bad records; DuckDB
(spilling to disk past ``memory_limit``) keeps the first copy of each article in shard
order and the ids of the others as aliases, drops what the store holds already and
numbers the rest in the order of their identities.  Only these small columns enter
DuckDB, never the records: the store's memory budget holds at any corpus size.  The
articles are loaded in that order, so the store does not depend on how the shards were
cut or named, and then everything derived is computed once from the
stored attributions (:meth:`quotetrail.corpus.store.Store.load_all`) -- the canonical
derivation ``quotetrail rebuild`` runs, so a columnar build and a batch-by-batch ingest
of the same articles give the same store after ``rebuild``.

What it is not (yet): the statements themselves are still derived by one Python
process over SQLite (:mod:`quotetrail.corpus.rebuild`); docs/performance.md measures
where that puts the limit.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from quotetrail import errors
from quotetrail.corpus.keys import article_key, text_hash
from quotetrail.corpus.store import Store
from quotetrail.jobs.ingest import ErrorHook, IngestReport, ProgressHook, _ignore, _now
from quotetrail.jobs.shards import record_batches, result_from_record, shard_files
from quotetrail.model import ArticleResult, ErrorRecord

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

__all__ = ["DEFAULT_MEMORY_LIMIT", "build_from_shards"]

#: DuckDB's memory limit for the identity pass (it spills to a temporary directory
#: beyond it): the job's whole budget is 2 GB, and the store's writer needs the rest.
DEFAULT_MEMORY_LIMIT = "1GB"
#: About how many bytes of records one bucket of the ordered articles holds: loading
#: holds one bucket in memory at a time.
BUCKET_BYTES = 128 * 2**20
#: Bytes of records held for one bucket before they are written as a row group: the
#: copy into buckets holds at most this much per bucket.
_BUCKET_BUFFER = 4 * 2**20


def _hash(text: str | None) -> str:
    return text_hash(text or "")


def _readable(paths: Sequence[str], on_error: ErrorHook, report: IngestReport) -> list[str]:
    """Shard files that open as Parquet with a ``record`` column; the others reported."""
    import pyarrow.parquet as pq

    good = []
    for path in shard_files(paths):
        try:
            if "record" not in pq.read_schema(path).names:
                raise ValueError("no record column")
        except Exception as exc:  # missing, unreadable or not a shard: report, go on
            report.add(failed=1)
            on_error(errors.unreadable(str(path), type(exc).__name__))
            continue
        good.append(str(path))
    return good


def _connect(memory_limit: str, spill_dir: str) -> DuckDBPyConnection:
    try:
        import duckdb
    except ImportError as exc:  # pragma: no cover - the corpus extra is missing
        raise errors.QuotetrailError("the columnar build needs the 'corpus' extra "
                                     "(pip install 'quotetrail[corpus]')") from exc
    # a database file, not ":memory:": only a file's tables (a row per record here) can
    # be evicted once they outgrow the memory limit
    con = duckdb.connect(os.path.join(spill_dir, "build.duckdb"),
                         config={"memory_limit": memory_limit, "temp_directory": spill_dir,
                                 "preserve_insertion_order": False,
                                 "threads": max(1, os.cpu_count() or 1)})
    return con


def _text(value: object) -> str | None:
    """A JSON value as DuckDB's ``->>`` gives it: a string as is, anything else as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: The columns :func:`_key_records` gives DuckDB for each well-formed record.
_KEYED = (("file", "VARCHAR"), ("n", "BIGINT"), ("id", "VARCHAR"), ("ident", "VARCHAR"),
          ("th", "VARCHAR"), ("size", "BIGINT"))


def _key_records(files: list[str], on_error: ErrorHook, report: IngestReport
                 ) -> Iterator[dict[str, list]]:
    """Every record's place, identity and size, a shard at a time (one shard's columns
    in memory): the columns DuckDB ranks (:data:`_KEYED`), for the well-formed
    records only.  Records that are not JSON objects with an id, or that carry the
    engine's error records, are reported here, in file and row order, and left out.

    The records themselves never enter DuckDB: a table of them (about 10 KB each) outgrew
    its memory limit at 300,000 articles ("failed to allocate", a traceback), while these
    columns are some 150 bytes a record.
    """
    for file in sorted(files):
        columns: dict[str, list] = {name: [] for name, _type in _KEYED}
        n = 0
        for records in record_batches(file):
            for record in records:
                where = f"{file}:{n + 1}"
                try:
                    data = json.loads(record) if record is not None else None
                except ValueError:
                    data = None
                if data is None:
                    report.add(failed=1)
                    on_error(errors.bad_record(where, "not a contract record (not JSON)"))
                elif not isinstance(data, dict) or data.get("id") is None:
                    report.add(failed=1)
                    on_error(errors.bad_record(where, "not a contract record (no id)"))
                elif isinstance(data.get("errors"), list) and data["errors"]:
                    report.add(failed=1)
                    for err in data["errors"]:
                        err = err if isinstance(err, dict) else {}
                        on_error(ErrorRecord(err.get("code", "error"),
                                             err.get("message", where)))
                else:
                    columns["file"].append(file)
                    columns["n"].append(n)
                    columns["id"].append(_text(data["id"]))
                    columns["ident"].append(article_key(_text(data.get("url")),
                                                        _text(data.get("outlet"))))
                    columns["th"].append(_hash(_text(data.get("text"))))
                    columns["size"].append(len(record or ""))
                n += 1
        yield columns


def _stage(con: DuckDBPyConnection, files: list[str], db: str, on_error: ErrorHook,
           report: IngestReport) -> None:
    """Tables ``keyed`` (every well-formed record's place, identity and size), ``stored``
    (the identities the store holds) and ``ranked`` (which copy of its article each
    record is, and whether the store holds it)."""
    import pyarrow as pa

    con.execute("CREATE TABLE keyed ({})".format(
        ", ".join(f"{name} {kind}" for name, kind in _KEYED)))
    schema = pa.schema([(name, pa.string() if kind == "VARCHAR" else pa.int64())
                        for name, kind in _KEYED])
    for columns in _key_records(files, on_error, report):
        con.register("keyed_view", pa.table(columns, schema=schema))
        con.execute("INSERT INTO keyed SELECT * FROM keyed_view")
        con.unregister("keyed_view")
    with Store(db) as store:
        pairs = store.conn.execute("SELECT ident, text_hash FROM articles").fetchall()
    stored = pa.table({"ident": pa.array([p[0] for p in pairs], pa.string()),
                       "th": pa.array([p[1] for p in pairs], pa.string())})
    con.register("stored_view", stored)
    con.execute("CREATE TABLE stored AS SELECT * FROM stored_view")
    con.unregister("stored_view")
    con.execute(
        "CREATE TABLE ranked AS SELECT k.*, row_number() OVER (PARTITION BY ident, th "
        "ORDER BY file, n) AS copy, EXISTS (SELECT 1 FROM stored s WHERE s.ident = k.ident "
        "AND s.th = k.th) AS held FROM keyed k")


def _write_ordered(con: DuckDBPyConnection, files: list[str], where: str) -> None:
    """The first copy of each article not stored yet, in the order of identities, as
    Parquet buckets under ``where``: loading reads them back one at a time, after DuckDB
    is closed and its memory given back (the store's derivation, which follows, needs it).

    DuckDB orders only the small columns (identity, text hash, where a record is): each
    record's position.  The records are then copied shard by shard, unsorted, into
    buckets of consecutive positions of about ``BUCKET_BYTES`` each, a row group at a
    time (at most ``_BUCKET_BUFFER`` bytes held per bucket), and :func:`_results` sorts
    one bucket at a time.  Sorting the records in DuckDB failed past its memory limit
    ("failed to pin block") from about 100,000 articles on: a sort's large string
    payloads cannot all be spilled.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    con.execute(
        "CREATE TABLE ordered AS SELECT file, n, size, row_number() OVER (ORDER BY ident, th) "
        "- 1 AS pos FROM ranked WHERE copy = 1 AND NOT held")
    count, size = con.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM ordered").fetchone()
    os.makedirs(where, exist_ok=True)
    if not count:
        return
    per_bucket = max(1, int(count * BUCKET_BYTES // max(size, 1)))
    positions: dict[str, np.ndarray] = {}
    for file, rows, spots in con.execute(
            "SELECT file, list(n ORDER BY n), list(pos ORDER BY n) FROM ordered "
            "GROUP BY file").fetchall():
        at = np.full(max(rows) + 1, -1, dtype=np.int64)
        at[np.asarray(rows, dtype=np.int64)] = np.asarray(spots, dtype=np.int64)
        positions[file] = at
    schema = pa.schema([("pos", pa.int64()), ("file", pa.string()), ("n", pa.int64()),
                        ("record", pa.string())])
    writers: dict[int, pq.ParquetWriter] = {}
    buffers: dict[int, list[tuple[int, str, int, str]]] = {}
    held: dict[int, int] = {}

    def flush(bucket: int) -> None:
        rows = buffers.pop(bucket, [])
        held.pop(bucket, None)
        if not rows:
            return
        if bucket not in writers:
            folder = os.path.join(where, f"bucket={bucket}")
            os.makedirs(folder, exist_ok=True)
            writers[bucket] = pq.ParquetWriter(os.path.join(folder, "records.parquet"),
                                               schema)
        writers[bucket].write_table(pa.table(list(map(list, zip(*rows, strict=True))),
                                             schema=schema))

    try:
        for file in sorted(positions):
            at = positions[file]
            n = 0
            for records in record_batches(file):
                for record in records:
                    pos = int(at[n]) if n < len(at) else -1
                    if pos >= 0:  # a numbered record was read as JSON: never null
                        bucket = pos // per_bucket
                        buffers.setdefault(bucket, []).append((pos, file, n, record))
                        held[bucket] = held.get(bucket, 0) + len(record)
                        if held[bucket] >= _BUCKET_BUFFER:
                            flush(bucket)
                    n += 1
        for bucket in sorted(buffers):
            flush(bucket)
    finally:
        for writer in writers.values():
            writer.close()


def _buckets(where: str) -> list[str]:
    """The bucket directories :func:`_write_ordered` made (``bucket=K``), in K's order."""
    found = [(int(name.partition("=")[2]), os.path.join(where, name))
             for name in os.listdir(where) if name.startswith("bucket=")]
    return [path for _k, path in sorted(found)]


def _results(where: str, on_error: ErrorHook, report: IngestReport
             ) -> Iterator[ArticleResult]:
    """The records :func:`_write_ordered` wrote, as results in the order of identities
    (bad ones reported); one bucket in memory at a time."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    for bucket in _buckets(where):
        table = ds.dataset(bucket, format="parquet").to_table(columns=["pos", "file", "n",
                                                                         "record"])
        table = table.take(pc.sort_indices(table, sort_keys=[("pos", "ascending")]))
        for file, n, record in zip(*(table.column(c).to_pylist() for c in
                                     ("file", "n", "record")), strict=True):
            try:
                yield result_from_record(json.loads(record))
            except (ValueError, KeyError, TypeError) as exc:
                where_in = f"{file}:{n + 1}"
                report.add(failed=1)
                on_error(errors.bad_record(where_in,
                                           f"not a contract record ({type(exc).__name__})"))
        del table


def build_from_shards(paths: Sequence[str], db: str, *, store_text: bool = True,
                      memory_limit: str = DEFAULT_MEMORY_LIMIT,
                      report: IngestReport | None = None,
                      on_error: ErrorHook = _ignore,
                      on_progress: ProgressHook = _ignore,
                      on_phase: Callable[[str], None] | None = None) -> IngestReport:
    """Build (or add to) the store at ``db`` from shard files or directories of them.

    Articles the store holds already are counted as unchanged, and so are later copies
    of one article in the shards (their reader ids kept as aliases); bad shards and bad
    records are reported through ``on_error`` and counted as failed.  One transaction:
    a build killed at any point leaves the store as it was.  Counts are added to
    ``report`` when one is given (an ingest that extracted the shards first).
    """
    started = time.monotonic()
    report = report if report is not None else IngestReport()
    phase = on_phase or (lambda _name: None)
    Store(db).close()  # create or migrate it before reading what it holds
    files = _readable(paths, on_error, report)
    if not files:
        report.seconds = time.monotonic() - started
        return report
    spill = tempfile.mkdtemp(prefix="quotetrail-duckdb-", dir=os.path.dirname(
        os.path.abspath(db)) or None)
    con = _connect(memory_limit, spill)
    try:
        phase("reading shards")
        _stage(con, files, db, on_error, report)
        (held,) = con.execute("SELECT count(*) FROM ranked WHERE held OR copy > 1").fetchone()
        aliases = con.execute(
            "SELECT ident, th, id FROM ranked WHERE held OR copy > 1 ORDER BY ident, th, id"
        ).fetchall()
        report.add(unchanged=int(held))
        ordered = os.path.join(spill, "ordered")
        _write_ordered(con, files, ordered)
        con.close()
        phase("loading articles")

        report.pending = 0

        def loaded() -> None:
            report.pending += 1
            if report.pending % 256 == 0:
                on_progress(report)

        with Store(db) as store:
            run = store.start_run("columnar", list(paths), _now())
            outcome = store.load_all(_results(ordered, on_error, report), store_text=store_text,
                                     aliases=aliases, on_article=loaded, on_phase=phase)
            report.pending = 0
            report.add(stored=outcome.stored, unchanged=outcome.already)
            report.batches += 1
            report.seconds = time.monotonic() - started
            store.finish_run(run, _now(), report.stored, report.unchanged, report.failed, {})
        on_progress(report)
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    return report
