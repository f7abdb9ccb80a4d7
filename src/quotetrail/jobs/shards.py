"""Parquet shards of extraction results: one row per article, the contract record as JSON.

A Dask run can leave its results as shards (``ingest --engine dask --shards DIR``) so
that the store is built elsewhere, later or from several clusters' output: shards are
read back as :class:`~quotetrail.model.ArticleResult` objects and fed to the store like
fresh results (``ingest --from-shards``).  Keeping the whole contract record in one JSON
column means a shard holds exactly what ``extract --format jsonl`` prints, and grows
with the contract without a schema change.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from quotetrail import errors
from quotetrail.model import ArticleResult, Attribution, ErrorRecord, Span, Venue

__all__ = ["BATCH_ROWS", "read_shards", "record_batches", "result_from_record", "shard_files",
           "write_shard"]


def write_shard(path: str, results: Sequence[ArticleResult]) -> None:
    """Write results as one Parquet file, atomically (a reader never sees half a shard)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "id": [r.id for r in results],
        "record": [json.dumps(r.to_dict(), ensure_ascii=False) for r in results],
    })
    tmp = f"{path}.tmp-{os.getpid()}"
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _span(d: dict[str, Any] | None) -> Span | None:
    return Span(d["start"], d["end"], d["text"]) if d else None


def result_from_record(record: dict[str, Any]) -> ArticleResult:
    """An :class:`ArticleResult` from its contract record (unknown keys ignored)."""
    atts = []
    for a in record.get("attributions", []):
        venue = a.get("venue")
        atts.append(Attribution(
            kind=a["kind"], content=Span(**a["content"]),
            fragments=[Span(**f) for f in a.get("fragments", [])],
            cue=_span(a.get("cue")), source=_span(a.get("source")), speaker=a.get("speaker"),
            speakers=list(a.get("speakers", [])), speaker_type=a.get("speaker_type"),
            speaker_confidence=float(a.get("speaker_confidence", 0.0)),
            addressee=_span(a.get("addressee")),
            venue=Venue(venue["start"], venue["end"], venue["text"], venue.get("type", "other"))
            if venue else None,
            confidence=float(a.get("confidence", 0.0))))
    meta = record.get("quotetrail") or {}
    return ArticleResult(
        id=record["id"], text=record.get("text", ""), attributions=atts,
        errors=[ErrorRecord(e["code"], e["message"]) for e in record.get("errors", [])],
        location=record.get("location"), title=record.get("title"),
        outlet=record.get("outlet"), url=record.get("url"), published=record.get("published"),
        crawled=record.get("crawled"), version=meta.get("version", ""),
        model=meta.get("model", ""))


def shard_files(paths: Iterable[str]) -> Iterator[Path]:
    """Shard files named, and the ``*.parquet`` files of directories named, in name order."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            yield from sorted(p.glob("*.parquet"))
        else:
            yield p


#: Records read from a shard at a time: a shard written by hand may hold any number.
BATCH_ROWS = 1024


def record_batches(path: str | Path) -> Iterator[list[str | None]]:
    """The ``record`` column of one shard, ``BATCH_ROWS`` rows at a time (a shard is
    never held whole in memory)."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as shard:
        for batch in shard.iter_batches(batch_size=BATCH_ROWS, columns=["record"]):
            yield batch.column(0).to_pylist()


def read_shards(paths: Iterable[str]) -> Iterator[ArticleResult]:
    """Results from shard files or directories of them, in file-name order.

    A file that cannot be read as a shard, or stops being readable part-way, gets an
    error record, and the files after it are read as usual."""
    for path in shard_files(paths):
        n = 0
        try:
            for records in record_batches(path):
                for record in records:
                    n += 1
                    yield _result_or_error(record, f"{path}:{n}")
        except Exception as exc:  # missing, unreadable or not a shard: report, go on
            yield ArticleResult(id=str(path), text="", location=str(path), errors=[
                errors.unreadable(str(path), type(exc).__name__)])


def _result_or_error(record: str | None, where: str) -> ArticleResult:
    try:
        return result_from_record(json.loads(record or ""))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # (a JSON non-object)
        return ArticleResult(id=where, text="", location=where, errors=[
            errors.bad_record(where, f"not a contract record ({type(exc).__name__})")])
