"""Statements related to a statement: the neighbours a reader goes to from its trail.

Two relations, each found by bounded, indexed queries (a statement carried by fifty
thousand articles costs what a small one does):

* **the same speaker in the same article** (``same_speaker_article``): another statement
  credited to the same speaker (the same ``speaker_id``) in an article where this one
  occurs -- what else they said there.  The first ``ARTICLES_READ`` occurrences of the
  trail are read (the index ``attributions_trail``), then those articles' attributions
  (``attributions_article``): a much-carried statement is read where it began.
* **shared wording** (``shared_wording``): another statement one of whose wordings shares
  at least ``MIN_SHARED`` of the root wording's word 3-shingles and at least
  ``MIN_OVERLAP`` of the shorter wording's -- a substantial part said again, below the
  containment that links two wordings into one statement (0.7), or above it but kept
  apart by the statement rules (another speaker, no bridging run of words).  The root's
  ``SHINGLES_PROBED`` rarest shingles are looked up in the shingle index through their
  ``HOLDERS`` newest holders each (the primary key of ``postings``), and at most
  ``CANDIDATES`` wordings are measured exactly.

Each list keeps its ``limit`` best: the same-speaker ones by how many articles they
share, the wording ones by overlap.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections import Counter
from typing import Any

from quotetrail.corpus.schema import TRAIL_KEY
from quotetrail.corpus.text import normalise, shingles
from quotetrail.corpus.wording import tokens

__all__ = ["ARTICLES_READ", "CANDIDATES", "HOLDERS", "LIMIT", "MIN_OVERLAP", "MIN_SHARED",
           "SHINGLES_PROBED", "related"]

#: Occurrences of a trail (the first, in trail order) whose articles are read.
ARTICLES_READ = 50
#: Rarest root shingles probed, newest holders read per shingle, wordings measured.
SHINGLES_PROBED = 32
HOLDERS = 256
CANDIDATES = 200
#: Shingles shared at least, and the share of the shorter wording's shingles at least.
MIN_SHARED = 2
MIN_OVERLAP = 0.25
#: Related statements kept of each relation.
LIMIT = 8


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _same_speaker(conn: sqlite3.Connection, cluster_id: str, limit: int,
                  keyed: bool) -> list[tuple[str, int]]:
    """(cluster, articles shared) of statements the same speaker makes beside this one."""
    first = (f"SELECT a.article, a.speaker_id FROM attributions a WHERE a.cluster_id = ? "
             f"ORDER BY a.trail_key LIMIT {ARTICLES_READ}" if keyed else
             f"SELECT a.article, a.speaker_id FROM attributions a JOIN articles ar ON "
             f"ar.rowid = a.article WHERE a.cluster_id = ? ORDER BY {TRAIL_KEY} "
             f"LIMIT {ARTICLES_READ}")
    return [(r[0], int(r[1])) for r in conn.execute(
        f"SELECT b.cluster_id, COUNT(DISTINCT b.article) AS n FROM ({first}) x "
        "JOIN attributions b ON b.article = x.article AND b.speaker_id = x.speaker_id "
        "JOIN clusters c ON c.cluster_id = b.cluster_id "
        "WHERE b.cluster_id <> ? GROUP BY b.cluster_id "
        "ORDER BY n DESC, c.n_occurrences DESC, b.cluster_id LIMIT ?",
        (cluster_id, cluster_id, limit))]


def _shared_wording(conn: sqlite3.Connection, cluster_id: str, root: str,
                    limit: int) -> list[tuple[str, float, dict[str, Any] | None]]:
    """(cluster, overlap, the longest run of root words it shares) of statements whose
    wordings share a substantial part of the root wording."""
    words = normalise(root)
    grams = shingles(words)
    if len(grams) < MIN_SHARED:
        return []
    ordered = sorted(grams)
    df = dict(conn.execute(f"SELECT shingle, n FROM shingle_df WHERE shingle IN "
                           f"({_marks(len(ordered))})", ordered).fetchall())
    hits: Counter[int] = Counter()
    for g in sorted(ordered, key=lambda g: (df.get(g, 0), g))[:SHINGLES_PROBED]:
        for (unit,) in conn.execute("SELECT unit FROM postings WHERE shingle = ? "
                                    "ORDER BY unit DESC LIMIT ?", (g, HOLDERS)):
            hits[unit] += 1
    if not hits:
        return []
    units = [u for u, _ in sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))[:CANDIDATES]]
    best: dict[str, tuple[float, int, list[str]]] = {}
    for norm, cid in conn.execute(
            "SELECT u.norm, g.cluster_id FROM units u JOIN groups g ON g.grp = u.grp "
            "JOIN clusters c ON c.cluster_id = g.cluster_id "
            f"WHERE u.unit IN ({_marks(len(units))}) AND g.cluster_id <> ? "
            "AND EXISTS (SELECT 1 FROM attributions a WHERE a.grp = g.grp)",
            (*units, cluster_id)):
        other = norm.split(" ")
        theirs = shingles(other)
        inter = len(grams & theirs)
        overlap = inter / min(len(grams), len(theirs)) if theirs else 0.0
        if inter < MIN_SHARED or overlap < MIN_OVERLAP:
            continue
        if cid not in best or (overlap, inter) > best[cid][:2]:
            best[cid] = (overlap, inter, other)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:limit]
    return [(cid, round(overlap, 3), _longest_run(root, other))
            for cid, (overlap, _inter, other) in ranked]


def _longest_run(root: str, other: list[str]) -> dict[str, Any] | None:
    """The longest run of words the root shares with another wording, as a span of the
    root (exact: ``root[start:end] == text``)."""
    toks = tokens(root)
    match = difflib.SequenceMatcher(a=[t.key for t in toks], b=other, autojunk=False
                                    ).find_longest_match(0, len(toks), 0, len(other))
    if not match.size:
        return None
    start, end = toks[match.a].start, toks[match.a + match.size - 1].end
    return {"start": start, "end": end, "text": root[start:end]}


def related(conn: sqlite3.Connection, cluster_id: str, *, limit: int = LIMIT,
            keyed: bool = True) -> list[dict[str, Any]]:
    """The statements related to ``cluster_id``: ``{"cluster_id", "relations",
    "same_speaker_articles", "overlap", "shared"}`` each -- which relations hold, in how
    many of its articles the same speaker makes it, the share of the shorter wording's
    shingles the two share (0 when they share none that counts) and the longest run of
    the root's words they share (a span of this statement's ``text``, or None).
    Same-speaker ones first; at most ``limit`` of each relation.  ``keyed``: the store has
    trail keys (migration 6)."""
    row = conn.execute("SELECT text FROM clusters WHERE cluster_id = ?", (cluster_id,)
                       ).fetchone()
    if row is None:
        return []
    found: dict[str, dict[str, Any]] = {}
    for cid, n in _same_speaker(conn, cluster_id, limit, keyed):
        found[cid] = {"cluster_id": cid, "relations": ["same_speaker_article"],
                      "same_speaker_articles": n, "overlap": 0.0, "shared": None}
    for cid, overlap, shared in _shared_wording(conn, cluster_id, row[0], limit):
        entry = found.setdefault(cid, {"cluster_id": cid, "relations": [],
                                       "same_speaker_articles": 0})
        entry["relations"].append("shared_wording")
        entry["overlap"], entry["shared"] = overlap, shared
    return list(found.values())
