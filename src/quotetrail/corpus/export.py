"""Export the store as Parquet or CSV: ``DIR/articles/`` and ``DIR/attributions/``.

One row per article and one per attribution, in directories of part files -- the
layout DuckDB (``read_parquet('DIR/articles/*.parquet')``), pandas and Polars (a
directory path), and Spark (``spark.read.parquet``) all read as one table.  Rows are
streamed from SQLite in row groups, so memory stays flat whatever the corpus size.

Columns are flat: spans become ``X_start``, ``X_end``, ``X`` (its text); ``speakers`` is a
list in Parquet and ``;``-joined in CSV; ``fragments`` is JSON text in both;
``speaker_confidence`` is empty (null) for attributions stored before it existed.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quotetrail.errors import UsageError

__all__ = ["ARTICLE_COLUMNS", "ATTRIBUTION_COLUMNS", "export"]

#: (column, pyarrow type name) of each table.
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"), ("title", "string"), ("outlet", "string"), ("url", "string"),
    ("published", "string"), ("crawled", "string"), ("location", "string"),
    ("text_hash", "string"), ("n_chars", "int64"), ("n_attributions", "int64"),
    ("model", "string"), ("text", "string"),
)
_SPANS = ("cue", "source", "addressee", "venue")
ATTRIBUTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"), ("idx", "int64"), ("kind", "string"),
    ("content_start", "int64"), ("content_end", "int64"), ("content", "string"),
    ("fragments", "string"),
    *((f"{s}{suffix}", t) for s in _SPANS
      for suffix, t in (("_start", "int64"), ("_end", "int64"), ("", "string"))),
    ("venue_type", "string"), ("speaker", "string"), ("speakers", "list<string>"),
    ("speaker_type", "string"), ("speaker_id", "string"), ("cluster_id", "string"),
    ("confidence", "float64"), ("speaker_confidence", "float64"), ("outlet", "string"),
    ("published", "string"),
)
ROWS_PER_GROUP = 10_000


def _articles(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for row in conn.execute(
            "SELECT ar.article_id, ar.title, ar.outlet, ar.url, ar.published, ar.crawled, "
            "ar.location, ar.text_hash, ar.n_chars, (SELECT COUNT(*) FROM attributions a "
            "WHERE a.article = ar.rowid" + (" AND a.requote_of IS NULL" if _has_column(
                conn, "attributions", "requote_of") else "") +
            "), ar.model, ar.text FROM articles ar ORDER BY ar.rowid"):
        yield dict(zip((c for c, _ in ARTICLE_COLUMNS), row, strict=True))


def _has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return any(r[1] == column for r in conn.execute(f"PRAGMA table_info({table})"))


def _has_speaker_confidence(conn: sqlite3.Connection) -> bool:
    """Whether the store has the column (a store not yet migrated, read as it is, has not)."""
    return any(r[1] == "speaker_confidence"
               for r in conn.execute("PRAGMA table_info(attributions)"))


def _attributions(conn: sqlite3.Connection,
                  min_speaker_confidence: float | None = None) -> Iterator[dict[str, Any]]:
    column = "a.speaker_confidence" if _has_speaker_confidence(conn) else "NULL"
    conditions: list[str] = []
    params: tuple[float, ...] = ()
    if any(r[1] == "requote_of" for r in conn.execute("PRAGMA table_info(attributions)")):
        conditions.append("a.requote_of IS NULL")  # the engine's attributions only
    if min_speaker_confidence is not None:
        conditions.append(f"{column} >= ?")
        params = (float(min_speaker_confidence),)
    where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
    for row in conn.execute(
            "SELECT ar.article_id, a.idx, a.kind, a.content_start, a.content_end, a.content, "
            "a.fragments, a.cue, a.source, a.addressee, a.venue, a.speaker, a.speakers, "
            f"a.speaker_type, a.speaker_id, a.cluster_id, a.confidence, {column}, ar.outlet, "
            "ar.published FROM attributions a JOIN articles ar ON ar.rowid = a.article "
            f"{where}ORDER BY a.article, a.idx", params):
        (article_id, idx, kind, start, end, content, fragments, *spans, speaker, speakers,
         stype, sid, cid, confidence, speaker_confidence, outlet, published) = row
        out: dict[str, Any] = {
            "article_id": article_id, "idx": idx, "kind": kind, "content_start": start,
            "content_end": end, "content": content, "fragments": fragments}
        venue_type = None
        for name, raw in zip(_SPANS, spans, strict=True):
            span = json.loads(raw) if raw else None
            out[f"{name}_start"] = span["start"] if span else None
            out[f"{name}_end"] = span["end"] if span else None
            out[name] = span["text"] if span else None
            if name == "venue" and span:
                venue_type = span.get("type")
        out.update({"venue_type": venue_type, "speaker": speaker,
                    "speakers": json.loads(speakers), "speaker_type": stype,
                    "speaker_id": sid, "cluster_id": cid, "confidence": confidence,
                    "speaker_confidence": speaker_confidence, "outlet": outlet,
                    "published": published})
        yield out


def _write_parquet(path: Path, rows: Iterator[dict[str, Any]],
                   columns: tuple[tuple[str, str], ...]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
             "list<string>": pa.list_(pa.string())}
    schema = pa.schema([(name, types[t]) for name, t in columns])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= ROWS_PER_GROUP:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def _write_csv(path: Path, rows: Iterator[dict[str, Any]],
               columns: tuple[tuple[str, str], ...]) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c for c, _ in columns])
        for row in rows:
            writer.writerow(["; ".join(v) if isinstance(v, list) else ("" if v is None else v)
                             for v in (row[c] for c, _ in columns)])
            n += 1
    return n


def export(conn: sqlite3.Connection, out: str | Path, fmt: str, *,
           min_speaker_confidence: float | None = None) -> dict[str, int]:
    """Write ``out/articles/`` and ``out/attributions/``; returns the rows written to each.

    With ``min_speaker_confidence``, only attributions whose ``speaker_confidence`` is at
    least that are written (an unknown one, stored before the field existed, is not);
    every article is written, and its ``n_attributions`` still counts all it holds.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    if min_speaker_confidence is not None and not 0.0 <= min_speaker_confidence <= 1.0:
        raise UsageError(f"--min-speaker-confidence must be from 0 to 1, "
                         f"not {min_speaker_confidence!r}")
    write = _write_parquet if fmt == "parquet" else _write_csv
    counts = {}
    for name, rows, columns in (("articles", _articles(conn), ARTICLE_COLUMNS),
                                ("attributions", _attributions(conn, min_speaker_confidence),
                                 ATTRIBUTION_COLUMNS)):
        directory = Path(out) / name
        directory.mkdir(parents=True, exist_ok=True)
        final = directory / f"part-00000.{fmt}"
        tmp = directory / f".part-00000.{fmt}.tmp"
        counts[name] = write(tmp, rows, columns)
        tmp.replace(final)
    return counts
