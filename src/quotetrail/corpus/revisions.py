"""Revisions: the same URL stored with another text.

Every revision is kept (a fact-checker may need what an article said before it was
corrected), but only the newest is part of the corpus: its attributions are clustered,
searched and counted, and the older revisions point at it (``superseded_by``).  Newest
means the latest publication (else crawl) date; between equal dates, the one that
arrived last.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from quotetrail.corpus import search_index

__all__ = ["retire", "settle"]


def settle(conn: sqlite3.Connection, idents: Sequence[str]
           ) -> tuple[set[int], set[str], set[str]]:
    """Mark the newest revision of each URL in ``idents`` live and the others superseded.

    Returns the attributions taken out of the corpus (rowids), the clusters and the
    speakers they were counted in (both to be refreshed).
    """
    retired: set[int] = set()
    clusters: set[str] = set()
    speakers: set[str] = set()
    for ident in idents:
        rows = conn.execute("SELECT rowid, sort_date, crawled, superseded_by FROM articles "
                            "WHERE ident = ?", (ident,)).fetchall()
        if len(rows) < 2:
            continue
        newest = max(rows, key=lambda r: (r[1] is not None, r[1] or "", r[2] or "", r[0]))[0]
        for rowid, _date, _crawled, superseded_by in rows:
            want = None if rowid == newest else newest
            if superseded_by == want:
                continue
            conn.execute("UPDATE articles SET superseded_by = ? WHERE rowid = ?", (want, rowid))
            if superseded_by is None:  # it was live: take it out
                retire(conn, rowid, retired, clusters, speakers)
    return retired, clusters, speakers


def retire(conn: sqlite3.Connection, article: int, retired: set[int], clusters: set[str],
           speakers: set[str]) -> None:
    """Take a live article's attributions out of the corpus (search index, credited names,
    groups, clusters); collect their rowids, and the clusters and speakers to refresh."""
    title = conn.execute("SELECT title FROM articles WHERE rowid = ?", (article,)).fetchone()[0]
    for rowid, content, speaker, speakers_json, grp, cid in conn.execute(
            "SELECT rowid, content, speaker, speakers, grp, cluster_id FROM attributions "
            "WHERE article = ?", (article,)).fetchall():
        retired.add(rowid)
        if cid:
            clusters.add(cid)
        if grp:  # stored in an earlier batch: indexed, named, grouped
            search_index.remove(conn, rowid, content, speaker, json.loads(speakers_json), title)
            speakers.update(r[0] for r in conn.execute(
                "SELECT speaker_id FROM attribution_speakers WHERE attribution = ? AND "
                "speaker_id IS NOT NULL", (rowid,)))
            conn.execute("DELETE FROM attribution_speakers WHERE attribution = ?", (rowid,))
        conn.execute("UPDATE attributions SET grp = 0, cluster_id = NULL, speaker_id = NULL "
                     "WHERE rowid = ?", (rowid,))
