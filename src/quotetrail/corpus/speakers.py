"""Speakers across articles: which names in the corpus are one person.

Every name an attribution is credited to (each of a joint attribution's ``speakers``)
gets a ``speaker_id``:

* a full name (first name and surname) is its own identity, ``hillary-clinton`` --
  titles and middle names aside, so "Senator Hillary Rodham Clinton" is the same;
* an organisation or group is its whole name, ``white-house``;
* a bare surname ("Clinton", "Mrs. Clinton") or an initial ("H. Clinton") joins a full
  name only when the evidence points to exactly one person: first the same quote (the
  occurrence's cluster holds exactly one compatible full name), else the corpus (it
  holds exactly one full name with that surname and a fitting initial).  Otherwise it
  stays a speaker of its own, ``clinton`` -- never guessed between two first names.

This depends on the whole corpus (a second Clinton can make a bare "Clinton"
ambiguous) and on clusters, so each batch re-resolves the names it can have changed:
its own, the bare names in clusters that changed, and the bare names of surnames that
gained a first name.  The ``speakers`` table (display name, aliases, counts) is
refreshed for every id that gained or lost an occurrence.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence

from quotetrail.corpus.names import parse_name, slug

__all__ = ["NewSpeakerRow", "ids_in_clusters", "index_names", "refresh", "resolve"]

_CHUNK = 500

#: (attribution rowid, speaker, speakers list, speaker_type) of a new attribution.
NewSpeakerRow = tuple[int, str | None, list[str], str | None]


def index_names(conn: sqlite3.Connection, rows: Iterable[NewSpeakerRow]) -> set[str]:
    """Store the parsed names of new attributions; returns surnames that gained a first name."""
    gained: set[str] = set()
    for rowid, speaker, speakers, stype in rows:
        if stype == "unnamed":
            continue
        names = speakers or ([speaker] if speaker else [])
        for position, raw in enumerate(n for n in names if n and n.strip()):
            name = parse_name(raw, stype)
            if name.first and conn.execute(
                    "INSERT OR IGNORE INTO persons VALUES (?, ?)",
                    (name.surname, name.first)).rowcount == 1:
                gained.add(name.surname)
            conn.execute(
                "INSERT INTO attribution_speakers VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                (rowid, position, raw, stype, name.surname, name.first, name.initial, name.org))
    return gained


class _Resolver:
    """Speaker ids for bare surnames, memoising corpus look-ups within one batch."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.corpus_firsts: dict[tuple[str, str], list[str]] = {}

    def _firsts(self, surname: str, initial: str, cluster: str | None = None) -> list[str]:
        """First names seen with ``surname`` (fitting ``initial``), in a cluster or anywhere."""
        if cluster:  # from the cluster's attributions outwards: a cluster is small
            sql = ("SELECT DISTINCT s.first FROM attributions a CROSS JOIN attribution_speakers s "
                   "ON s.attribution = a.rowid WHERE a.cluster_id = ? AND s.surname = ? "
                   "AND s.first <> ''")
            params: list[str] = [cluster, surname]
        else:
            sql = "SELECT first FROM persons WHERE surname = ?"
            params = [surname]
        return sorted(f for (f,) in self.conn.execute(sql, params)
                      if not initial or f.startswith(initial))

    def speaker_id(self, surname: str, first: str, initial: str, org: str,
                   cluster: str | None) -> str:
        if not surname:
            return slug(org)
        if first:
            return slug(f"{first} {surname}")
        in_cluster = self._firsts(surname, initial, cluster) if cluster else []
        if len(in_cluster) == 1:
            return slug(f"{in_cluster[0]} {surname}")
        if (surname, initial) not in self.corpus_firsts:
            self.corpus_firsts[(surname, initial)] = self._firsts(surname, initial)
        found = self.corpus_firsts[(surname, initial)]
        if len(found) == 1:
            return slug(f"{found[0]} {surname}")
        return slug(f"{initial} {surname}" if initial else surname)


def _marks(n: int) -> str:
    return ",".join("?" * n)


def resolve(conn: sqlite3.Connection, new: Sequence[int], clusters: Iterable[str],
            surnames: Iterable[str]) -> tuple[set[int], set[str]]:
    """(Re)assign speaker ids where they can have changed.

    Returns the attributions whose ``speaker_id`` changed and every speaker id that
    gained or lost an occurrence.
    """
    wanted: dict[tuple[int, int], tuple[str, str, str, str, str | None, str | None]] = {}
    query = ("SELECT s.attribution, s.position, s.surname, s.first, s.initial, s.org, "
             "s.speaker_id, a.cluster_id FROM attribution_speakers s "
             "JOIN attributions a ON a.rowid = s.attribution ")
    selections: list[tuple[str, list[object]]] = []
    new_list = list(new)
    for i in range(0, len(new_list), _CHUNK):
        chunk = new_list[i:i + _CHUNK]
        selections.append((f"WHERE s.attribution IN ({_marks(len(chunk))})", list(chunk)))
    cluster_list = sorted(clusters)
    for i in range(0, len(cluster_list), _CHUNK):
        chunk = cluster_list[i:i + _CHUNK]
        selections.append((f"WHERE a.cluster_id IN ({_marks(len(chunk))}) AND s.first = '' "
                           "AND s.surname <> ''", list(chunk)))
    for surname in sorted(surnames):
        selections.append(("WHERE s.surname = ? AND s.first = ''", [surname]))
    for where, params in selections:
        for att, pos, surname, first, initial, org, sid, cid in conn.execute(query + where,
                                                                           params):
            wanted[(att, pos)] = (surname, first, initial, org, sid, cid)
    resolver = _Resolver(conn)
    changed_rows = []
    affected: set[str] = set()
    changed_attributions: set[int] = set()
    for (att, pos), (surname, first, initial, org, old, cid) in sorted(wanted.items()):
        sid = resolver.speaker_id(surname, first, initial, org, cid)
        if sid != old:
            changed_rows.append((sid, att, pos))
            changed_attributions.add(att)
            affected.add(sid)
            if old:
                affected.add(old)
    conn.executemany("UPDATE attribution_speakers SET speaker_id = ? "
                     "WHERE attribution = ? AND position = ?", changed_rows)
    for att in sorted(changed_attributions | set(new_list)):
        ids = [r[0] for r in conn.execute(
            "SELECT speaker_id FROM attribution_speakers WHERE attribution = ? "
            "ORDER BY position", (att,))]
        conn.execute("UPDATE attributions SET speaker_id = ? WHERE rowid = ?",
                     ("+".join(ids) if ids else None, att))
    return changed_attributions, affected


def refresh(conn: sqlite3.Connection, speaker_ids: Iterable[str]) -> None:
    """Rewrite the ``speakers`` rows of these ids: display name, aliases and counts.

    Aggregated in SQL over the speaker's index entries, so a speaker quoted a hundred
    thousand times costs milliseconds, not a Python loop over its rows, per batch.
    """
    for sid in sorted(speaker_ids):
        forms = conn.execute(
            "SELECT raw, first <> '', speaker_type, COUNT(*) FROM attribution_speakers "
            "WHERE speaker_id = ? GROUP BY raw, first <> '', speaker_type", (sid,)).fetchall()
        if not forms:
            conn.execute("DELETE FROM speakers WHERE speaker_id = ?", (sid,))
            continue
        raws: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        full: set[str] = set()
        for raw, is_full, stype, n in forms:
            raws[raw] += n
            if stype:
                kinds[stype] += n
            if is_full:
                full.add(raw)
        name = min(raws, key=lambda r: (r not in full, -raws[r], -len(r), r))
        kind = min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None
        n_attributions, n_articles, n_clusters = conn.execute(
            "SELECT COUNT(DISTINCT s.attribution), COUNT(DISTINCT a.article), "
            "COUNT(DISTINCT a.cluster_id) FROM attribution_speakers s "
            "JOIN attributions a ON a.rowid = s.attribution WHERE s.speaker_id = ?",
            (sid,)).fetchone()
        conn.execute(
            "INSERT OR REPLACE INTO speakers VALUES (?, ?, ?, ?, ?, ?, ?)",
            (sid, name, kind, json.dumps(sorted(raws), ensure_ascii=False),
             n_attributions, n_articles, n_clusters))


def ids_in_clusters(conn: sqlite3.Connection, clusters: Iterable[str]) -> set[str]:
    """Speaker ids credited in these clusters (their cluster counts may have changed)."""
    found: set[str] = set()
    cluster_list = sorted(clusters)
    for i in range(0, len(cluster_list), _CHUNK):
        chunk = cluster_list[i:i + _CHUNK]
        found.update(r[0] for r in conn.execute(
            "SELECT DISTINCT s.speaker_id FROM attribution_speakers s JOIN attributions a "
            f"ON a.rowid = s.attribution WHERE a.cluster_id IN ({_marks(len(chunk))}) "
            "AND s.speaker_id IS NOT NULL", chunk))
    return found
