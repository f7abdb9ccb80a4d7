"""Recompute everything derived from the stored articles and attributions.

The incremental path (one batch at a time) and this one build the same groups, links,
clusters, speakers and search index; ``rebuild`` is what makes a store independent of
the order and the batches its articles came in, what a migration runs after changing
how articles are keyed, and what ``quotetrail rebuild`` does.  Attributions are fed in
the order of their keys, which are derived from the articles' identities, so two stores
holding the same articles rebuild to the same corpus.

Also here: :func:`rekey`, migration 4's step that keys every stored article by its URL,
outlet or text instead of its reader id, folding the copies that only a path made
distinct into one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from quotetrail.corpus import (
    cluster_rows,
    clusters,
    requotes,
    revisions,
    search_index,
    speakers,
    statements,
)
from quotetrail.corpus.keys import article_key

__all__ = ["rebuild", "rekey"]

#: Attributions fed to the clustering steps at a time.
CHUNK = 4096

_DERIVED = ("groups", "units", "postings", "prefixes", "shingle_df", "links", "clusters")


def _pages(conn: sqlite3.Connection, select: str) -> Iterator[tuple]:
    """Rows of ``select`` (its first column the attribution key, in key order), a page at
    a time: the clustering steps write to the tables read, and a corpus of millions of
    attributions is not held in memory."""
    last = ""
    while True:
        rows = conn.execute(select, (last, CHUNK)).fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


_LIVE = ("SELECT a.key, a.rowid, a.kind, a.content, a.fragments, a.speaker, a.speakers, "
         "a.speaker_type, ar.title FROM attributions a JOIN articles ar ON ar.rowid = a.article "
         "WHERE ar.superseded_by IS NULL AND a.key > ? ORDER BY a.key LIMIT ?")
_LIVE_DIRECT = ("SELECT a.key, a.rowid FROM attributions a JOIN articles ar "
                "ON ar.rowid = a.article WHERE ar.superseded_by IS NULL AND a.kind = 'direct' "
                "AND a.requote_of IS NULL AND a.key > ? ORDER BY a.key LIMIT ?")


def rebuild(conn: sqlite3.Connection) -> dict[str, int]:
    """Drop and recompute groups, links, clusters, speakers and the search index.

    Runs inside the caller's transaction.  Returns counts of what was rebuilt.
    """
    conn.execute("DROP TABLE IF EXISTS temp.clustered_before")
    conn.execute("CREATE TEMP TABLE clustered_before (key TEXT PRIMARY KEY, cluster_id TEXT) "
                 "WITHOUT ROWID")
    conn.execute("INSERT INTO temp.clustered_before SELECT key, cluster_id FROM attributions "
                 "WHERE cluster_id IS NOT NULL")
    for table in _DERIVED:
        conn.execute(f"DELETE FROM {table}")
    for table in ("cluster_articles", "cluster_outlets", "cluster_speakers"):
        conn.execute(f"DELETE FROM {table}")
    search_index.clear(conn)
    conn.execute("UPDATE attributions SET grp = 0, cluster_id = NULL")
    # re-quotes derived afresh from the engine's attributions of the live articles
    conn.execute("DELETE FROM attributions WHERE requote_of IS NOT NULL")
    for _key, rowid in _pages(conn, _LIVE_DIRECT):
        requotes.derive(conn, rowid)
    groups: list[int] = []
    chunk: list[clusters.Occurrence] = []
    n = 0
    cache = clusters.UnitCache()

    def flush() -> None:
        created, _ = clusters.assign_groups(conn, chunk)
        units, prefixes = clusters.index_units(conn, created)
        clusters.find_links(conn, units, prefixes, cache)
        groups.extend(grp for grp, _ in created)
        chunk.clear()

    for key, rowid, kind, content, fragments, speaker, speakers_json, stype, title in \
            _pages(conn, _LIVE):
        names = json.loads(speakers_json)
        chunk.append(clusters.Occurrence(rowid, key, kind, content,
                                         [f["text"] for f in json.loads(fragments)],
                                         speaker, names, stype))
        search_index.add(conn, rowid, content, speaker, names, title)
        n += 1
        if len(chunk) >= CHUNK:
            flush()
    if chunk:
        flush()
    statements.cut_all(conn)
    renamed: dict[str, str] = {}
    for old, cid in conn.execute(
            "SELECT b.cluster_id, a.cluster_id FROM attributions a JOIN temp.clustered_before b "
            "ON b.key = a.key WHERE a.cluster_id IS NOT NULL AND a.cluster_id <> b.cluster_id "
            "ORDER BY a.key"):
        renamed.setdefault(old, cid)
    conn.execute("DROP TABLE temp.clustered_before")
    speaker_ids = speakers.rebuild(conn)
    all_clusters = [r[0] for r in conn.execute("SELECT cluster_id FROM clusters")]
    cluster_rows.recompute(conn, all_clusters)
    # ids given out before stay valid: an old id leads to the cluster it is part of now
    conn.executemany("INSERT OR REPLACE INTO cluster_redirects (old, new) VALUES (?, ?)",
                     sorted(renamed.items()))
    conn.execute("UPDATE cluster_redirects SET new = coalesce((SELECT r.new FROM "
                 "cluster_redirects r WHERE r.old = cluster_redirects.new), new)")
    conn.execute("DELETE FROM cluster_redirects WHERE old = new OR old IN "
                 "(SELECT cluster_id FROM clusters) OR new NOT IN "
                 "(SELECT cluster_id FROM clusters)")
    return {"attributions": n, "groups": len(groups), "speakers": len(speaker_ids),
            "clusters": int(conn.execute("SELECT COUNT(*) FROM clusters").fetchone()[0])}


def rekey(conn: sqlite3.Connection) -> int:
    """Key every article by :func:`article_key` and its text hash (migration 4).

    Articles that only their reader ids kept apart become one: the earliest stored is
    kept, the others' ids become its aliases and their rows go.  Then the revisions of
    each URL are settled.  The caller rebuilds what is derived.  Returns how many
    articles were folded into another.
    """
    keep: dict[tuple[str, str], tuple[int, str]] = {}
    folded: list[tuple[int, int, str]] = []  # (gone, kept, gone's article_id)
    for rowid, article_id, url, outlet, th in conn.execute(
            "SELECT rowid, article_id, url, outlet, text_hash FROM articles ORDER BY rowid"
            ).fetchall():
        key = (article_key(url, outlet), th)
        if key in keep:
            folded.append((rowid, keep[key][0], article_id))
        else:
            keep[key] = (rowid, article_id)
    for gone, kept, alias in folded:
        conn.execute("DELETE FROM attribution_speakers WHERE attribution IN "
                     "(SELECT rowid FROM attributions WHERE article = ?)", (gone,))
        conn.execute("DELETE FROM attributions WHERE article = ?", (gone,))
        conn.execute("DELETE FROM articles WHERE rowid = ?", (gone,))
        conn.execute("INSERT OR IGNORE INTO article_aliases (alias, article) VALUES (?, ?)",
                     (alias, kept))
    # two steps, so that no row ever holds another's new key in between
    conn.execute("UPDATE articles SET ident = 'rekeying:' || rowid")
    conn.executemany("UPDATE articles SET ident = ? WHERE rowid = ?",
                     [(ident, rowid) for (ident, _th), (rowid, _id) in keep.items()])
    urls = [r[0] for r in conn.execute(
        "SELECT ident FROM articles WHERE url IS NOT NULL GROUP BY ident HAVING COUNT(*) > 1")]
    revisions.settle(conn, urls)
    return len(folded)
