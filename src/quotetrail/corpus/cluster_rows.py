"""Cluster rows (``clusters``) kept up to date at the cost of what a batch adds.

A statement quoted in fifty thousand articles must not cost fifty thousand rows per
batch.  So a cluster's figures are kept incrementally, beside it:

* ``cluster_articles`` (one row per article it occurs in) and ``cluster_outlets``
  (per outlet, how many occurrences): ``n_articles`` and ``n_outlets`` grow by the rows
  a batch inserts;
* ``cluster_speakers`` (per credited speaker id and name as written, how many
  occurrences and the highest ``speaker_confidence``): the cluster's speaker is the id
  credited most, shown by the name most written for it;
* ``n_occurrences`` and ``first_seen`` by addition and minimum;
* the wordings from the cluster's *groups* (distinct wordings and speakers), never from
  its occurrences: ``variants`` are the quoted wordings (the words inside the articles'
  quotation marks), ``paraphrases`` the reported ones, each list fullest first; ``text``
  is the fullest quoted wording, else the fullest paraphrase.

A merge (:func:`merge`) moves the smaller cluster's rows into the larger.  What takes
occurrences away -- a revision superseding an article, a speaker merge or split, a
speaker id that changed -- recomputes the clusters concerned from their occurrences
(:func:`recompute`), as ``rebuild`` does for all.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from quotetrail.corpus.clusters import agree, names_of, wordings
from quotetrail.corpus.names import Name
from quotetrail.corpus.text import norm_key, normalise

__all__ = ["add_groups", "add_occurrences", "finish", "merge", "recompute"]

_CHUNK = 500


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _display(text: str) -> str:
    """A wording as shown: whitespace collapsed, a trailing comma or colon dropped."""
    return " ".join(text.split()).rstrip(",;:").strip()


def _fullest_first(texts: Iterable[str]) -> list[str]:
    """Distinct wordings (by normalised words), the fullest first, then alphabetically."""
    seen: dict[str, str] = {}
    for t in texts:
        shown = _display(t)
        key = norm_key(normalise(shown))
        if key and (key not in seen or (shown.isupper(), shown) < (seen[key].isupper(),
                                                                   seen[key])):
            seen[key] = shown
    return sorted(seen.values(), key=lambda t: (-len(normalise(t)), t))


def _group_wordings(conn: sqlite3.Connection, grp: int) -> tuple[list[str], list[str]]:
    """(quoted, paraphrased) wordings of a group, from one live attribution of it: one
    not in capitals if there is one (a headline style is not how the words were said),
    else the first by key."""
    row = conn.execute("SELECT kind, content, fragments FROM attributions WHERE grp = ? "
                       "ORDER BY content = upper(content), key LIMIT 1", (grp,)).fetchone()
    if row is None:
        return [], []
    kind, content, fragments = row
    frs = [f["text"] for f in json.loads(fragments)]
    if kind == "direct":
        return [content], []
    if kind == "mixed":
        return wordings(kind, content, frs), [content]
    return [], [content]


def add_groups(conn: sqlite3.Connection, placed: Mapping[int, str]) -> None:
    """New groups' wordings join their clusters' variants (distinct wordings only)."""
    by_cluster: dict[str, list[int]] = {}
    for grp, cid in placed.items():
        by_cluster.setdefault(cid, []).append(grp)
    for cid, grps in sorted(by_cluster.items()):
        row = conn.execute("SELECT variants, paraphrases FROM clusters WHERE cluster_id = ?",
                           (cid,)).fetchone()
        if row is None:
            continue
        quoted, plain = json.loads(row[0]), json.loads(row[1])
        for grp in sorted(grps):
            q, p = _group_wordings(conn, grp)
            quoted.extend(q)
            plain.extend(p)
        _write_wordings(conn, cid, quoted, plain, len(grps))


#: A cluster row keeps this many distinct wordings of each kind, the fullest (the trail
#: has every occurrence's own): a statement repeated in ten thousand variants must not
#: rewrite ten thousand wordings per batch.
VARIANTS_KEPT = 50


def _write_wordings(conn: sqlite3.Connection, cid: str, quoted: list[str], plain: list[str],
                    added_groups: int | None = None, n_groups: int | None = None) -> None:
    variants = _fullest_first(quoted)[:VARIANTS_KEPT]
    paraphrases = _fullest_first(plain)[:VARIANTS_KEPT]
    text = (variants or paraphrases or [""])[0]
    if n_groups is None:
        conn.execute("UPDATE clusters SET text = ?, variants = ?, paraphrases = ?, "
                     "n_groups = n_groups + ? WHERE cluster_id = ?",
                     (text, json.dumps(variants, ensure_ascii=False),
                      json.dumps(paraphrases, ensure_ascii=False), added_groups or 0, cid))
    else:
        conn.execute("UPDATE clusters SET text = ?, variants = ?, paraphrases = ?, n_groups = ? "
                     "WHERE cluster_id = ?",
                     (text, json.dumps(variants, ensure_ascii=False),
                      json.dumps(paraphrases, ensure_ascii=False), n_groups, cid))


def add_occurrences(conn: sqlite3.Connection, attributions: Sequence[int]) -> set[str]:
    """Count new attributions into their clusters' rows; returns the clusters touched."""
    rows: list[tuple] = []
    ids = sorted(attributions)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        rows.extend(conn.execute(
            "SELECT a.cluster_id, a.article, ar.outlet, ar.sort_date, a.speaker_id, a.speaker, "
            "a.speaker_confidence FROM attributions a JOIN articles ar ON ar.rowid = a.article "
            f"WHERE a.rowid IN ({_marks(len(chunk))}) AND a.cluster_id IS NOT NULL", chunk))
    touched: set[str] = set()
    occ: Counter[str] = Counter()
    arts: Counter[str] = Counter()
    outs: Counter[str] = Counter()
    first: dict[str, str] = {}
    for cid, article, outlet, date, sid, raw, conf in rows:
        touched.add(cid)
        occ[cid] += 1
        arts[cid] += conn.execute("INSERT OR IGNORE INTO cluster_articles VALUES (?, ?)",
                                  (cid, article)).rowcount
        if outlet:
            if conn.execute("SELECT 1 FROM cluster_outlets WHERE cluster_id = ? AND outlet = ?",
                            (cid, outlet)).fetchone() is None:
                outs[cid] += 1
            conn.execute("INSERT INTO cluster_outlets VALUES (?, ?, 1) ON CONFLICT "
                         "(cluster_id, outlet) DO UPDATE SET n = n + 1", (cid, outlet))
        if date and (cid not in first or date < first[cid]):
            first[cid] = date
        conn.execute(
            "INSERT INTO cluster_speakers VALUES (?, ?, ?, 1, ?) ON CONFLICT "
            "(cluster_id, speaker_id, raw) DO UPDATE SET n = n + 1, "
            "best = max(coalesce(best, excluded.best), coalesce(excluded.best, best))",
            (cid, sid or "", raw or "", conf))
    for cid in sorted(touched):
        conn.execute(
            "UPDATE clusters SET n_occurrences = n_occurrences + ?, n_articles = n_articles + ?, "
            "n_outlets = n_outlets + ?, first_seen = CASE WHEN ? IS NOT NULL AND "
            "(first_seen IS NULL OR ? < first_seen) THEN ? ELSE first_seen END "
            "WHERE cluster_id = ?",
            (occ[cid], arts[cid], outs[cid], first.get(cid), first.get(cid), first.get(cid),
             cid))
    return touched


def merge(conn: sqlite3.Connection, merges: Sequence[tuple[str, str]]) -> set[str]:
    """Move each gone cluster's rows into the kept one (the groups and attributions moved
    already, :func:`quotetrail.corpus.statements.attach`).  Returns the speaker ids the
    gone clusters credited (their cluster counts change)."""
    speakers: set[str] = set()
    for gone, kept in merges:
        row = conn.execute("SELECT n_occurrences, first_seen, n_groups, variants, paraphrases "
                           "FROM clusters WHERE cluster_id = ?", (gone,)).fetchone()
        if row is None:
            continue
        n_occ, first_seen, n_groups, variants, paraphrases = row
        arts = conn.execute("INSERT OR IGNORE INTO cluster_articles SELECT ?, article FROM "
                            "cluster_articles WHERE cluster_id = ?", (kept, gone)).rowcount
        outs = 0
        for outlet, n in conn.execute("SELECT outlet, n FROM cluster_outlets WHERE "
                                      "cluster_id = ?", (gone,)).fetchall():
            if conn.execute("SELECT 1 FROM cluster_outlets WHERE cluster_id = ? AND outlet = ?",
                            (kept, outlet)).fetchone() is None:
                outs += 1
            conn.execute("INSERT INTO cluster_outlets VALUES (?, ?, ?) ON CONFLICT "
                         "(cluster_id, outlet) DO UPDATE SET n = n + excluded.n",
                         (kept, outlet, n))
        for sid, raw, n, best in conn.execute("SELECT speaker_id, raw, n, best FROM "
                                              "cluster_speakers WHERE cluster_id = ?",
                                              (gone,)).fetchall():
            if sid:
                speakers.add(sid)
            conn.execute(
                "INSERT INTO cluster_speakers VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                "(cluster_id, speaker_id, raw) DO UPDATE SET n = n + excluded.n, "
                "best = max(coalesce(best, excluded.best), coalesce(excluded.best, best))",
                (kept, sid, raw, n, best))
        for table in ("cluster_articles", "cluster_outlets", "cluster_speakers"):
            conn.execute(f"DELETE FROM {table} WHERE cluster_id = ?", (gone,))
        k = conn.execute("SELECT variants, paraphrases, n_groups FROM clusters "
                         "WHERE cluster_id = ?", (kept,)).fetchone()
        _write_wordings(conn, kept, json.loads(k[0]) + json.loads(variants),
                        json.loads(k[1]) + json.loads(paraphrases), n_groups=k[2] + n_groups)
        conn.execute(
            "UPDATE clusters SET n_occurrences = n_occurrences + ?, n_articles = n_articles + ?, "
            "n_outlets = n_outlets + ?, first_seen = CASE WHEN ? IS NOT NULL AND "
            "(first_seen IS NULL OR ? < first_seen) THEN ? ELSE first_seen END "
            "WHERE cluster_id = ?",
            (n_occ, arts, outs, first_seen, first_seen, first_seen, kept))
        conn.execute("DELETE FROM clusters WHERE cluster_id = ?", (gone,))
    return speakers


def finish(conn: sqlite3.Connection, cluster_ids: Iterable[str]) -> None:
    """The cluster's speaker (the id credited most, its name as most written), its
    confidence (the highest among the occurrences crediting it) and whether its
    speakers disagree, from the kept figures."""
    for cid in sorted(set(cluster_ids)):
        row = conn.execute("SELECT names FROM clusters WHERE cluster_id = ?", (cid,)).fetchone()
        if row is None:
            continue
        ids: Counter[str] = Counter()
        raws: dict[str, Counter[str]] = {}
        best: dict[str, float] = {}
        for sid, raw, n, conf in conn.execute("SELECT speaker_id, raw, n, best FROM "
                                              "cluster_speakers WHERE cluster_id = ?", (cid,)):
            if not sid:
                continue
            ids[sid] += n
            raws.setdefault(sid, Counter())[raw or sid] += n
            if conf is not None:
                best[sid] = max(best.get(sid, 0.0), float(conf))
        speaker_id = min(ids, key=lambda s: (-ids[s], s)) if ids else None
        speaker = (min(raws[speaker_id], key=lambda r: (-raws[speaker_id][r], r))
                   if speaker_id else None)
        # outlets disagree when they credit someone the statement's speaker is not (a
        # joint credit that includes them is not a disagreement)
        disagree = any(speaker_id not in sid.split("+") for sid in ids) if speaker_id else False
        conn.execute("UPDATE clusters SET speaker = ?, speaker_id = ?, speaker_confidence = ?, "
                     "speaker_disagreement = ? WHERE cluster_id = ?",
                     (speaker, speaker_id, best.get(speaker_id) if speaker_id else None,
                      int(disagree), cid))


def _statement_names(conn: sqlite3.Connection, cid: str,
                     group_names: list[tuple[Name, ...]]) -> set[tuple[Name, ...]]:
    """The speakers a statement is by: the names credited most, and those that could be
    the same speaker -- not the re-quoters and misattributions an eight-word run let in."""
    named = [n for n in group_names if n]
    if not named:
        return set()
    counts: Counter[tuple[Name, ...]] = Counter()
    for n in named:
        counts[n] += 1
    principal = max(counts, key=lambda n: (counts[n], [x.identity() for x in n]))
    return {n for n in named if agree(n, principal)}


def recompute(conn: sqlite3.Connection, cluster_ids: Iterable[str]) -> set[str]:
    """Rebuild these clusters' rows from their occurrences and groups (costs their size:
    for what takes occurrences away, and for ``rebuild``).

    A cluster left with no occurrence (its articles superseded or re-extracted) is
    deleted, and its groups -- wordings no live attribution holds any more -- belong to
    no cluster: nothing joins a statement that is gone, and an attribution that brings
    such a wording back places its group afresh.  Returns the clusters deleted.
    """
    ids = sorted(set(cluster_ids))
    deleted: set[str] = set()
    for cid in ids:
        for table in ("cluster_articles", "cluster_outlets", "cluster_speakers"):
            conn.execute(f"DELETE FROM {table} WHERE cluster_id = ?", (cid,))
        n_occ, first_seen = conn.execute(
            "SELECT COUNT(*), MIN(ar.sort_date) FROM attributions a JOIN articles ar ON "
            "ar.rowid = a.article WHERE a.cluster_id = ?", (cid,)).fetchone()
        groups = conn.execute("SELECT g.grp, g.names FROM groups g WHERE g.cluster_id = ? AND "
                              "EXISTS (SELECT 1 FROM attributions a WHERE a.grp = g.grp) "
                              "ORDER BY g.gkey", (cid,)).fetchall()
        if not n_occ:
            conn.execute("DELETE FROM clusters WHERE cluster_id = ?", (cid,))
            conn.execute("UPDATE groups SET cluster_id = NULL, inner = 0 WHERE cluster_id = ?",
                         (cid,))
            deleted.add(cid)
            continue
        conn.execute("INSERT INTO cluster_articles SELECT DISTINCT cluster_id, article FROM "
                     "attributions WHERE cluster_id = ?", (cid,))
        conn.execute("INSERT INTO cluster_outlets SELECT a.cluster_id, ar.outlet, COUNT(*) FROM "
                     "attributions a JOIN articles ar ON ar.rowid = a.article WHERE "
                     "a.cluster_id = ? AND ar.outlet IS NOT NULL AND ar.outlet <> '' "
                     "GROUP BY ar.outlet", (cid,))
        conn.execute("INSERT INTO cluster_speakers SELECT cluster_id, coalesce(speaker_id, ''), "
                     "coalesce(speaker, ''), COUNT(*), MAX(speaker_confidence) FROM attributions "
                     "WHERE cluster_id = ? GROUP BY 2, 3", (cid,))
        names = _statement_names(conn, cid, [names_of(n) for _, n in groups])
        quoted: list[str] = []
        plain: list[str] = []
        for grp, _ in groups:
            q, p = _group_wordings(conn, grp)
            quoted.extend(q)
            plain.extend(p)
        from quotetrail.corpus.statements import dump_names

        conn.execute(
            "UPDATE clusters SET n_occurrences = ?, first_seen = ?, names = ?, "
            "n_articles = (SELECT COUNT(*) FROM cluster_articles WHERE cluster_id = ?), "
            "n_outlets = (SELECT COUNT(*) FROM cluster_outlets WHERE cluster_id = ?) "
            "WHERE cluster_id = ?", (n_occ, first_seen, dump_names(names), cid, cid, cid))
        _write_wordings(conn, cid, quoted, plain, n_groups=len(groups))
    finish(conn, ids)
    return deleted
