"""Export the store as Parquet or CSV: ``DIR/articles/``, ``DIR/attributions/``,
``DIR/clusters/`` and ``DIR/speakers/``.

One row per article, per attribution, per statement (quote cluster) and per speaker
identity, in directories of part files -- the layout DuckDB
(``read_parquet('DIR/articles/*.parquet')``), pandas and Polars (a directory path), and
Spark (``spark.read.parquet``) all read as one table.  Rows are streamed from SQLite in
row groups (at most ``ROWS_PER_GROUP`` rows and about ``BYTES_PER_GROUP`` of text each),
so memory stays flat whatever the corpus size.  The four tables are read in one read
transaction: an ingest committing meanwhile does not make them disagree.

The tables join: ``attributions.cluster_id`` and ``clusters.cluster_id``;
``attributions.speaker_ids`` / ``clusters.speaker_ids`` (each person of a joint credit,
whose ``speaker_id`` is ``a+b``) and ``speakers.speaker_id``;
``attributions.article_id`` and ``clusters.first_article_id`` with
``articles.article_id``.

Columns are flat: spans become ``X_start``, ``X_end``, ``X`` (its text); ``speakers`` and
``speaker_ids`` are lists in Parquet and ``;``-joined in CSV; ``variants``,
``paraphrases`` and ``aliases`` are lists in Parquet and JSON text in CSV;
``fragments`` is JSON text in both; ``speaker_confidence`` is empty (null) for
attributions stored before it existed (and for clusters of a store read before
migration 3).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from quotetrail.corpus.schema import TRAIL_KEY
from quotetrail.errors import UsageError

__all__ = ["ARTICLE_COLUMNS", "ATTRIBUTION_COLUMNS", "CLUSTER_COLUMNS", "SPEAKER_COLUMNS",
           "TABLES", "export"]

# Column types: "string", "int64", "float64", "bool"; "list<string>" is a list in Parquet
# and "; "-joined in CSV (names and ids, which hold no ";"); "list<string>/json" is a list
# in Parquet and JSON text in CSV (wordings and aliases, which may).

#: (column, type) of each table.
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
    ("published", "string"), ("speaker_ids", "list<string>"),
)
CLUSTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("cluster_id", "string"), ("text", "string"), ("speaker", "string"),
    ("speaker_id", "string"), ("speaker_ids", "list<string>"),
    ("speaker_confidence", "float64"), ("speaker_disagreement", "bool"),
    ("first_seen", "string"), ("first_article_id", "string"), ("first_outlet", "string"),
    ("n_occurrences", "int64"), ("n_articles", "int64"), ("n_outlets", "int64"),
    ("n_variants", "int64"), ("variants", "list<string>/json"),
    ("paraphrases", "list<string>/json"),
)
SPEAKER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("speaker_id", "string"), ("name", "string"), ("type", "string"),
    ("aliases", "list<string>/json"), ("n_aliases", "int64"), ("n_attributions", "int64"),
    ("n_articles", "int64"), ("n_clusters", "int64"),
)
ROWS_PER_GROUP = 10_000
#: A row group is also cut once its text reaches about this many characters (articles
#: may hold up to 2,000,000 each): memory stays flat whatever the articles' size.
BYTES_PER_GROUP = 64 << 20


def _has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return any(r[1] == column for r in conn.execute(f"PRAGMA table_info({table})"))


def _speaker_ids(speaker_id: str | None) -> list[str]:
    """Each person's id in an attribution's or a cluster's ``speaker_id`` (a joint credit
    is ``a+b``, :func:`quotetrail.corpus.speakers._set_attribution_ids`)."""
    return list(dict.fromkeys(i for i in (speaker_id or "").split("+") if i))


def _articles(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for row in conn.execute(
            "SELECT ar.article_id, ar.title, ar.outlet, ar.url, ar.published, ar.crawled, "
            "ar.location, ar.text_hash, ar.n_chars, (SELECT COUNT(*) FROM attributions a "
            "WHERE a.article = ar.rowid" + (" AND a.requote_of IS NULL" if _has_column(
                conn, "attributions", "requote_of") else "") +
            "), ar.model, ar.text FROM articles ar ORDER BY ar.rowid"):
        yield dict(zip((c for c, _ in ARTICLE_COLUMNS), row, strict=True))


def _attributions(conn: sqlite3.Connection,
                  min_speaker_confidence: float | None = None) -> Iterator[dict[str, Any]]:
    # (a store not yet migrated, read as it is, has no speaker_confidence)
    column = ("a.speaker_confidence" if _has_column(conn, "attributions", "speaker_confidence")
              else "NULL")
    conditions: list[str] = []
    params: tuple[float, ...] = ()
    if _has_column(conn, "attributions", "requote_of"):
        # the engine's attributions only; ("+": not through the requote_of index, so the
        # rows come in article order and only each article's are sorted, not the table)
        conditions.append("+a.requote_of IS NULL")
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
                    "published": published, "speaker_ids": _speaker_ids(sid)})
        yield out


def _first_occurrence(conn: sqlite3.Connection) -> str:
    """SQL for the article (rowid) of cluster ``c``'s first occurrence in trail order: an
    index lookup with trail keys (migration 6), else the trail's sort."""
    if _has_column(conn, "attributions", "trail_key"):
        return ("(SELECT a.article FROM attributions a WHERE a.cluster_id = c.cluster_id "
                "ORDER BY a.trail_key LIMIT 1)")
    return ("(SELECT a.article FROM attributions a JOIN articles ar ON ar.rowid = a.article "
            f"WHERE a.cluster_id = c.cluster_id ORDER BY {TRAIL_KEY} LIMIT 1)")


def _clusters(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    confidence = ("c.speaker_confidence" if _has_column(conn, "clusters", "speaker_confidence")
                  else "NULL")
    paraphrases = "c.paraphrases" if _has_column(conn, "clusters", "paraphrases") else "'[]'"
    for row in conn.execute(
            "SELECT c.cluster_id, c.text, s.name, c.speaker, c.speaker_id, "
            f"{confidence}, c.speaker_disagreement, c.first_seen, f.article_id, f.outlet, "
            "f.sort_date, c.n_occurrences, c.n_articles, c.n_outlets, c.variants, "
            f"{paraphrases} FROM clusters c LEFT JOIN speakers s ON s.speaker_id = c.speaker_id "
            f"LEFT JOIN articles f ON f.rowid = {_first_occurrence(conn)} "
            "ORDER BY c.cluster_id"):
        (cid, text, name, credited, sid, conf, disagree, first_seen, first_id, first_outlet,
         first_date, n_occ, n_art, n_out, variants, para) = row
        wordings = json.loads(variants)
        dated = first_date is not None  # an undated occurrence is never first
        yield {"cluster_id": cid, "text": text, "speaker": name or credited,
               "speaker_id": sid, "speaker_ids": _speaker_ids(sid),
               "speaker_confidence": None if conf is None else float(conf),
               "speaker_disagreement": bool(disagree), "first_seen": first_seen,
               "first_article_id": first_id if dated else None,
               "first_outlet": first_outlet if dated else None,
               "n_occurrences": n_occ, "n_articles": n_art, "n_outlets": n_out,
               "n_variants": len(wordings), "variants": wordings,
               "paraphrases": json.loads(para)}


def _speakers(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for sid, name, kind, aliases, n_att, n_art, n_clu in conn.execute(
            "SELECT speaker_id, name, kind, aliases, n_attributions, n_articles, n_clusters "
            "FROM speakers ORDER BY speaker_id"):
        names = json.loads(aliases)
        yield {"speaker_id": sid, "name": name, "type": kind, "aliases": names,
               "n_aliases": len(names), "n_attributions": n_att, "n_articles": n_art,
               "n_clusters": n_clu}


def _size(row: dict[str, Any]) -> int:
    """About how much text a row holds (what a row group's memory grows with)."""
    n = 0
    for v in row.values():
        if isinstance(v, str):
            n += len(v)
        elif isinstance(v, list):
            n += sum(len(x) for x in v)
    return n


def _write_parquet(path: Path, rows: Iterator[dict[str, Any]],
                   columns: tuple[tuple[str, str], ...]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    listed = pa.list_(pa.string())
    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
             "bool": pa.bool_(), "list<string>": listed, "list<string>/json": listed}
    schema = pa.schema([(name, types[t]) for name, t in columns])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict[str, Any]] = []
        size = 0
        for row in rows:
            chunk.append(row)
            size += _size(row)
            if len(chunk) >= ROWS_PER_GROUP or size >= BYTES_PER_GROUP:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk, size = [], 0
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def _csv_cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == "list<string>":
        return "; ".join(value)
    if kind == "list<string>/json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "bool":
        return "true" if value else "false"
    return value


def _write_csv(path: Path, rows: Iterator[dict[str, Any]],
               columns: tuple[tuple[str, str], ...]) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c for c, _ in columns])
        for row in rows:
            writer.writerow([_csv_cell(row[c], kind) for c, kind in columns])
            n += 1
    return n


#: The tables ``export`` writes, in this order: (directory, columns).
TABLES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("articles", ARTICLE_COLUMNS), ("attributions", ATTRIBUTION_COLUMNS),
    ("clusters", CLUSTER_COLUMNS), ("speakers", SPEAKER_COLUMNS))


def export(conn: sqlite3.Connection, out: str | Path, fmt: str, *,
           min_speaker_confidence: float | None = None) -> dict[str, int]:
    """Write ``out/articles/``, ``out/attributions/``, ``out/clusters/`` and
    ``out/speakers/``; returns the rows written to each.

    With ``min_speaker_confidence``, only attributions whose ``speaker_confidence`` is at
    least that are written (an unknown one, stored before the field existed, is not).
    It filters attributions only: every article, cluster and speaker is written, with the
    store's figures (an article's ``n_attributions``, a cluster's ``n_occurrences``, a
    speaker's ``n_attributions`` still count all they hold), so every attribution written
    still finds its cluster and its speakers.  A cluster's own ``speaker_confidence`` is
    a column to filter on.

    The tables are read in one read transaction (one snapshot of the store), unless the
    connection is in a transaction already.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    if min_speaker_confidence is not None and not 0.0 <= min_speaker_confidence <= 1.0:
        raise UsageError(f"--min-speaker-confidence must be from 0 to 1, "
                         f"not {min_speaker_confidence!r}")
    write = _write_parquet if fmt == "parquet" else _write_csv
    readers: dict[str, Callable[[], Iterator[dict[str, Any]]]] = {
        "articles": lambda: _articles(conn),
        "attributions": lambda: _attributions(conn, min_speaker_confidence),
        "clusters": lambda: _clusters(conn),
        "speakers": lambda: _speakers(conn),
    }
    snapshot = not conn.in_transaction
    if snapshot:
        conn.execute("BEGIN")
    try:
        counts = {}
        for name, columns in TABLES:
            directory = Path(out) / name
            directory.mkdir(parents=True, exist_ok=True)
            final = directory / f"part-00000.{fmt}"
            tmp = directory / f".part-00000.{fmt}.tmp"
            counts[name] = write(tmp, readers[name](), columns)
            tmp.replace(final)
    finally:
        if snapshot:
            conn.execute("COMMIT")
    return counts
