"""Re-extraction: a stored article's attributions replaced by what a newer engine finds.

``quotetrail ingest --reextract`` runs the engine again on the stored text of articles an
older engine extracted (or of all of them) and hands the results to
:meth:`quotetrail.corpus.store.Store.replace_batch`, which keeps each article -- its row,
``article_id``, key, aliases, revisions and metadata -- and replaces its attributions:

* :func:`clear` takes an article's attributions out of the corpus the way a superseded
  revision's are (:func:`quotetrail.corpus.revisions.retire`: search index, credited
  names, clusters and speakers to refresh) and deletes them, with the re-quotes derived
  from them; the store then inserts the new ones and runs them through the batch path
  of an ingest (groups, links, statements, speakers), in the same transaction;
* :func:`keep_ids`: a cluster that lost its last occurrence leads, through
  ``cluster_redirects``, to the cluster of the new attribution that overlaps its old
  occurrence most in the same article -- a cluster id given out before stays valid as
  long as the engine still finds the quotation;
* the run's progress is a row of ``meta`` (:func:`job`, saved in every batch's
  transaction), so that a run killed at any point is finished by running it again:
  the selection ``outdated`` finds what is left by itself (the re-extracted articles
  carry the new engine's name); ``all`` goes on after the last article committed;
* at the end :func:`quotetrail.corpus.rebuild.rebuild` recomputes everything derived
  (the old engine's wordings leave the shingle index, its names the name index), in the
  transaction that closes the job: the store is then the one a fresh ingest of the same
  texts with this engine gives after ``quotetrail rebuild``, the user's speaker merges
  and splits applied again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from quotetrail.corpus import revisions, statements

__all__ = ["SELECTIONS", "Cleared", "Stored", "clear", "close_job", "count_selected", "job",
           "keep_ids", "save_job", "selected"]

#: Which articles a re-extraction takes: those another engine (name or version)
#: extracted, or every one.
SELECTIONS = ("outdated", "all")
_JOB_KEY = "reextract"
_PAGE = 64


@dataclass(slots=True)
class Cleared:
    """What clearing an article's attributions took out of the corpus."""

    #: (content start, content end, cluster id) of its clustered occurrences
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    #: attributions taken out (rowids), clusters and speakers to refresh
    retired: set[int] = field(default_factory=set)
    clusters: set[str] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)


def clear(conn: sqlite3.Connection, article: int) -> Cleared:
    """Take article ``article``'s attributions (and the re-quotes derived from them) out
    of the corpus and delete them.  Runs inside the caller's transaction."""
    cleared = Cleared()
    cleared.spans = [(s, e, c) for s, e, c in conn.execute(
        "SELECT content_start, content_end, cluster_id FROM attributions WHERE article = ? "
        "AND cluster_id IS NOT NULL ORDER BY key", (article,))]
    revisions.retire(conn, article, cleared.retired, cleared.clusters, cleared.speakers)
    conn.execute("DELETE FROM attribution_speakers WHERE attribution IN "
                 "(SELECT rowid FROM attributions WHERE article = ?)", (article,))
    conn.execute("DELETE FROM attributions WHERE article = ?", (article,))
    return cleared


def keep_ids(conn: sqlite3.Connection, replaced: Sequence[tuple[int, Cleared]],
             deleted: Iterable[str]) -> int:
    """Redirect each deleted cluster to the cluster of the new attribution overlapping
    its old occurrences most (in the articles ``replaced``, ``(article, cleared)``);
    ids with no such attribution lead nowhere any more, and so do the ids that led to
    them.  Returns how many ids went that way."""
    gone = set(deleted)
    if not gone:
        return 0
    best: dict[str, tuple[int, str, str]] = {}  # gone id -> (-overlap, key, new cluster)
    for article, cleared in replaced:
        olds = [(s, e, c) for s, e, c in cleared.spans if c in gone]
        if not olds:
            continue
        news = conn.execute("SELECT key, content_start, content_end, cluster_id FROM "
                            "attributions WHERE article = ? AND cluster_id IS NOT NULL",
                            (article,)).fetchall()
        for s, e, cid in olds:
            for key, ns, ne, ncid in news:
                overlap = min(e, ne) - max(s, ns)
                if overlap > 0 and ncid not in gone:
                    cand = (-overlap, key, ncid)
                    if cid not in best or cand < best[cid]:
                        best[cid] = cand
    lost = 0
    for cid in sorted(gone):
        if cid in best:
            statements.redirect(conn, cid, statements.resolve_id(conn, best[cid][2]))
        else:
            conn.execute("DELETE FROM cluster_redirects WHERE new = ? OR old = ?", (cid, cid))
            lost += 1
    return lost


# -- the job ----------------------------------------------------------------------------------

def job(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The re-extraction this store is in the middle of (killed before it finished), or None."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_JOB_KEY,)).fetchone()
    return json.loads(row[0]) if row else None


def save_job(conn: sqlite3.Connection, state: dict[str, Any], after: int) -> None:
    """Record a batch of the job (inside the batch's transaction): its selection, the
    engine, and the last article re-extracted."""
    previous = job(conn)
    same = previous is not None and all(previous.get(k) == state.get(k)
                                        for k in ("select", "model", "version"))
    done = max(after, int(previous.get("after", 0))) if same and previous else after
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                 (_JOB_KEY, json.dumps({**state, "after": done}, sort_keys=True)))


def close_job(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM meta WHERE key = ?", (_JOB_KEY,))


@dataclass(slots=True)
class Stored:
    """A stored article as re-extraction reads it."""

    rowid: int
    article_id: str
    text: str | None
    location: str | None
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    crawled: str | None


def selected(conn: sqlite3.Connection, select: str, model: str, version: str,
             after: int = 0) -> Iterable[Stored]:
    """The articles to re-extract, by rowid, from after ``after``: for ``outdated`` those
    another engine extracted, for ``all`` every one.  Read a page at a time (short reads:
    the writer commits in between)."""
    if select not in SELECTIONS:
        raise ValueError(f"unknown selection {select!r}")
    where = "" if select == "all" else " AND (model IS NOT ? OR version IS NOT ?)"
    args: tuple[Any, ...] = () if select == "all" else (model, version)
    last = after
    while True:
        rows = conn.execute(
            "SELECT rowid, article_id, text, location, title, outlet, url, published, crawled "
            f"FROM articles WHERE rowid > ?{where} ORDER BY rowid LIMIT {_PAGE}",
            (last, *args)).fetchall()
        if not rows:
            return
        for row in rows:
            yield Stored(*row)
        last = rows[-1][0]


def count_selected(conn: sqlite3.Connection, select: str, model: str, version: str,
                   after: int = 0) -> int:
    """How many articles :func:`selected` gives."""
    if select == "all":
        return int(conn.execute("SELECT COUNT(*) FROM articles WHERE rowid > ?",
                                (after,)).fetchone()[0])
    return int(conn.execute("SELECT COUNT(*) FROM articles WHERE rowid > ? AND "
                            "(model IS NOT ? OR version IS NOT ?)",
                            (after, model, version)).fetchone()[0])
