"""Quote clusters: the same statement across articles, found through a shingle index.

Every attribution is one *occurrence*.  Its *wordings* are what it quotes: the content
of a direct (or indirect) attribution, the quoted fragments of a mixed one.  Two
occurrences are *linked* when a wording of one matches a wording of the other:

* **same** (kind 2): equal after normalisation and at least ``SAME_EXACT_WORDS`` words
  long, or near-identical (Jaccard of 3-shingles >= ``SAME_JACCARD``) -- small edits;
* **part** (kind 1): one contained in the other (containment >= ``CONTAINMENT`` of the
  shorter one's shingles) -- a truncated quote, a fragment of a mixed attribution, or
  an equal wording too short to vouch for itself.

Containment, not Jaccard, is what lets half of a long quote join it.

Candidates come from a *prefix-filtered shingle index* (SQLite tables ``postings`` and
``prefixes``), never from comparing all pairs.  For a wording with ``n`` shingles to be
contained at ``CONTAINMENT`` in another, the other must hold at least one of its
``n - ceil(CONTAINMENT * n) + 1`` rarest-looking shingles (its *prefix*).  So a new
wording probes the full postings with its prefix (finding longer wordings that contain
it) and probes everyone's prefixes with all its shingles (finding shorter ones it
contains).  Both directions are exact, whatever order wordings arrive in, so the set of
links depends only on the corpus.

Clusters are cut from the link graph.  Within a connected component, links are taken
strongest first in a fixed order (kind, score, then the occurrences' content keys) and
two groups are joined unless a *part* link would put two incompatible speakers in one
cluster (:func:`quotetrail.corpus.names.compatible`): a phrase that two different people
both used does not make their statements one.  A *same* link always joins -- it is the
same wording -- and if the speakers disagree the cluster is flagged.  Because each
affected component is recomputed whole, in an order that depends only on its content,
the clusters are the same whatever order the articles were ingested in.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from quotetrail.corpus.names import Name, compatible, parse_name
from quotetrail.corpus.text import norm_key, normalise, prefix, shingles, stable_hash

__all__ = [
    "CONTAINMENT", "PART", "SAME", "Occurrence", "Unit", "classify", "cluster_id_of",
    "find_links", "index_units", "recluster", "refresh", "speaker_names", "wordings",
]

CONTAINMENT = 0.7
SAME_JACCARD = 0.8
SAME_MIN_SHINGLES = 4
SAME_EXACT_WORDS = 6
MIN_CONTAIN_SHINGLES = 2
PART, SAME = 1, 2
_CHUNK = 500


@dataclass(slots=True)
class Occurrence:
    """What clustering needs of a new attribution."""

    rowid: int
    kind: str
    content: str
    fragments: list[str]


@dataclass(slots=True)
class Unit:
    """One wording of one occurrence, normalised and shingled."""

    unit: int
    attribution: int
    words: list[str]
    grams: dict[int, int]

    @property
    def norm(self) -> str:
        return norm_key(self.words)


def wordings(kind: str, content: str, fragments: Sequence[str]) -> list[str]:
    """What an attribution quotes: a mixed one's quoted fragments, else its content."""
    if kind == "mixed":
        quoted = [f for f in fragments if f.strip()]
        if quoted:
            return quoted
    return [content]


def _prefix_size(n: int) -> int:
    return n - math.ceil(CONTAINMENT * n) + 1


def _chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def index_units(conn: sqlite3.Connection, occurrences: Iterable[Occurrence]) -> list[Unit]:
    """Store the wordings of new occurrences and their shingles (postings and prefixes)."""
    units: list[Unit] = []
    for occ in occurrences:
        for text in wordings(occ.kind, occ.content, occ.fragments):
            words = normalise(text)
            if not words:
                continue
            grams = shingles(words)
            cur = conn.execute(
                "INSERT INTO units (attribution, norm, norm_hash, n_words, n_shingles) "
                "VALUES (?, ?, ?, ?, ?)",
                (occ.rowid, norm_key(words), stable_hash(norm_key(words)), len(words),
                 len(grams)))
            unit = Unit(int(cur.lastrowid or 0), occ.rowid, words, grams)
            units.append(unit)
            if len(grams) >= MIN_CONTAIN_SHINGLES:
                conn.executemany("INSERT INTO postings VALUES (?, ?)",
                                 [(g, unit.unit) for g in grams])
                conn.executemany("INSERT INTO prefixes VALUES (?, ?)",
                                 [(g, unit.unit) for g in prefix(grams, _prefix_size(len(grams)))])
    return units


def classify(u: Unit, v: Unit) -> tuple[int, float] | None:
    """The link two wordings make, as (kind, score), or None."""
    if u.words == v.words:
        return (SAME if len(u.words) >= SAME_EXACT_WORDS else PART), 1.0
    nu, nv = len(u.grams), len(v.grams)
    if min(nu, nv) < MIN_CONTAIN_SHINGLES:
        return None
    inter = len(u.grams.keys() & v.grams.keys())
    contain = inter / min(nu, nv)
    if contain < CONTAINMENT:
        return None
    jaccard = inter / (nu + nv - inter)
    if jaccard >= SAME_JACCARD and min(nu, nv) >= SAME_MIN_SHINGLES:
        return SAME, round(jaccard, 4)
    return PART, round(contain, 4)


def _load_units(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Unit]:
    found: dict[int, Unit] = {}
    for chunk in _chunks(ids):
        for unit, attribution, norm in conn.execute(
                f"SELECT unit, attribution, norm FROM units WHERE unit IN ({_marks(len(chunk))})",
                chunk):
            words = norm.split(" ")
            found[unit] = Unit(unit, attribution, words, shingles(words))
    return found


def find_links(conn: sqlite3.Connection, new: Sequence[Unit]) -> int:
    """Link new wordings to every wording they match; returns the candidate pairs checked.

    The count is what makes the index honest: it grows with the matches a wording
    has, not with the size of the corpus (an all-pairs loop would make it quadratic).
    """
    if not new:
        return 0
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS probe "
                 "(unit INTEGER NOT NULL, shingle INTEGER NOT NULL, pre INTEGER NOT NULL)")
    conn.execute("DELETE FROM probe")
    rows = []
    for u in new:
        if len(u.grams) < MIN_CONTAIN_SHINGLES:
            continue
        pre = set(prefix(u.grams, _prefix_size(len(u.grams))))
        rows.extend((u.unit, g, int(g in pre)) for g in u.grams)
    conn.executemany("INSERT INTO probe VALUES (?, ?, ?)", rows)
    pairs: set[tuple[int, int]] = set()
    for a, b in conn.execute(
            "SELECT p.unit, q.unit FROM probe p JOIN postings q ON q.shingle = p.shingle "
            "WHERE p.pre = 1 AND q.unit <> p.unit "
            "UNION SELECT p.unit, q.unit FROM probe p JOIN prefixes q ON q.shingle = p.shingle "
            "WHERE q.unit <> p.unit"):
        pairs.add((min(a, b), max(a, b)))
    new_ids = [u.unit for u in new]
    for chunk in _chunks(new_ids):  # equal wordings too short to have shingles
        for a, b in conn.execute(
                "SELECT u.unit, v.unit FROM units u JOIN units v ON v.norm_hash = u.norm_hash "
                f"WHERE u.unit IN ({_marks(len(chunk))}) AND v.unit <> u.unit", chunk):
            pairs.add((min(a, b), max(a, b)))
    units = {u.unit: u for u in new}
    units.update(_load_units(conn, sorted({x for p in pairs for x in p} - units.keys())))
    best: dict[tuple[int, int], tuple[int, float]] = {}
    for a, b in pairs:
        u, v = units[a], units[b]
        if u.attribution == v.attribution:
            continue
        link = classify(u, v)
        if link is None:
            continue
        key = (min(u.attribution, v.attribution), max(u.attribution, v.attribution))
        if key not in best or link > best[key]:
            best[key] = link
    conn.executemany(
        "INSERT INTO links VALUES (?, ?, ?, ?) ON CONFLICT (a, b) DO UPDATE SET "
        "kind = excluded.kind, score = excluded.score "
        "WHERE (excluded.kind, excluded.score) > (links.kind, links.score)",
        [(a, b, k, s) for (a, b), (k, s) in best.items()])
    return len(pairs)


# -- cutting clusters from the link graph -------------------------------------------------

def speaker_names(speaker: str | None, speakers_json: str | list[str],
                  speaker_type: str | None) -> tuple[Name, ...]:
    """The names an occurrence is attributed to (none when the speaker is unknown)."""
    if speaker_type == "unnamed":
        return ()
    names = json.loads(speakers_json) if isinstance(speakers_json, str) else speakers_json
    if not names and speaker:
        names = [speaker]
    return tuple(parse_name(n, speaker_type) for n in names if n and n.strip())


def _agree(a: tuple[Name, ...], b: tuple[Name, ...]) -> bool:
    """Two occurrences could have one speaker (unknown agrees with anyone)."""
    return not a or not b or any(compatible(x, y) for x in a for y in b)


def _groups_agree(a: set[tuple[Name, ...]], b: set[tuple[Name, ...]]) -> bool:
    return all(_agree(x, y) for x in a for y in b)


def cluster_id_of(keys: Iterable[str]) -> str:
    """A cluster's id: a hash of its smallest occurrence key (content-derived, not ordinal)."""
    return "c" + hashlib.blake2b(min(keys).encode(), digest_size=6).hexdigest()


def _component(conn: sqlite3.Connection, seeds: Iterable[int]
               ) -> tuple[set[int], dict[tuple[int, int], tuple[int, float]]]:
    """All occurrences linked, directly or not, to the seeds, and the links among them."""
    seen = set(seeds)
    frontier = sorted(seen)
    edges: dict[tuple[int, int], tuple[int, float]] = {}
    while frontier:
        nxt: set[int] = set()
        for chunk in _chunks(frontier):
            marks = _marks(len(chunk))
            for a, b, kind, score in conn.execute(
                    f"SELECT a, b, kind, score FROM links WHERE a IN ({marks}) "
                    f"UNION SELECT a, b, kind, score FROM links WHERE b IN ({marks})",
                    [*chunk, *chunk]):
                edges[(a, b)] = (kind, score)
                for n in (a, b):
                    if n not in seen:
                        seen.add(n)
                        nxt.add(n)
        frontier = sorted(nxt)
    return seen, edges


def recluster(conn: sqlite3.Connection, seeds: Iterable[int]) -> set[str]:
    """Recompute the clusters of every component touching ``seeds``; returns ids to refresh.

    The ids returned are the clusters that lost or gained occurrences (old ids and new
    ones), so that their rows can be rewritten.
    """
    nodes, edges = _component(conn, seeds)
    if not nodes:
        return set()
    key: dict[int, str] = {}
    names: dict[int, tuple[Name, ...]] = {}
    old: dict[int, str | None] = {}
    ordered = sorted(nodes)
    for chunk in _chunks(ordered):
        for rowid, k, speaker, speakers, stype, cid in conn.execute(
                "SELECT rowid, key, speaker, speakers, speaker_type, cluster_id "
                f"FROM attributions WHERE rowid IN ({_marks(len(chunk))})", chunk):
            key[rowid], old[rowid] = k, cid
            names[rowid] = speaker_names(speaker, speakers, stype)
    parent = {n: n for n in nodes}
    groups: dict[int, set[tuple[Name, ...]]] = {n: ({names[n]} if names[n] else set())
                                                 for n in nodes}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def order(edge: tuple[tuple[int, int], tuple[int, float]]) -> tuple[int, float, str, str]:
        (a, b), (kind, score) = edge
        ka, kb = sorted((key[a], key[b]))
        return (-kind, -score, ka, kb)

    for (a, b), (kind, _score) in sorted(edges.items(), key=order):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if kind == SAME or _groups_agree(groups[ra], groups[rb]):
            if key[ra] > key[rb]:
                ra, rb = rb, ra
            parent[rb] = ra
            groups[ra] |= groups.pop(rb)
    members: dict[int, list[int]] = {}
    for n in nodes:
        members.setdefault(find(n), []).append(n)
    touched: set[str] = {c for c in old.values() if c}
    updates = []
    for group in members.values():
        cid = cluster_id_of(key[n] for n in group)
        touched.add(cid)
        updates.extend((cid, n) for n in group if old[n] != cid)
    conn.executemany("UPDATE attributions SET cluster_id = ? WHERE rowid = ?", updates)
    return touched


# -- cluster rows ----------------------------------------------------------------------

def _display(text: str) -> str:
    """A wording as shown: whitespace collapsed, a trailing comma or colon dropped."""
    return " ".join(text.split()).rstrip(",;:").strip()


def refresh(conn: sqlite3.Connection, cluster_ids: Iterable[str]) -> None:
    """Rewrite the rows of these clusters from their occurrences (or drop emptied ones)."""
    for cid in sorted(cluster_ids):
        rows = conn.execute(
            "SELECT a.kind, a.content, a.fragments, a.speaker, a.speakers, a.speaker_type, "
            "a.speaker_id, ar.sort_date, ar.outlet, ar.rowid "
            "FROM attributions a JOIN articles ar ON ar.rowid = a.article "
            "WHERE a.cluster_id = ? ORDER BY ar.sort_date IS NULL, ar.sort_date, "
            "ar.outlet, ar.article_id, a.idx", (cid,)).fetchall()
        if not rows:
            conn.execute("DELETE FROM clusters WHERE cluster_id = ?", (cid,))
            continue
        quoted: list[str] = []
        plain: list[str] = []
        names: set[tuple[Name, ...]] = set()
        ids: Counter[str] = Counter()
        raw_of: dict[str, Counter[str]] = {}
        for kind, content, fragments, speaker, speakers, stype, sid, *_ in rows:
            if kind == "direct":
                quoted.append(content)
            elif kind == "mixed":
                quoted.extend(f["text"] for f in json.loads(fragments))
            plain.append(content)
            n = speaker_names(speaker, speakers, stype)
            if n:
                names.add(n)
            if sid:
                ids[sid] += 1
                raw_of.setdefault(sid, Counter())[speaker or sid] += 1
        variants: dict[str, str] = {}
        for text in quoted or plain:
            variants.setdefault(norm_key(normalise(text)), _display(text))
        wording = max(variants.values(), key=lambda t: len(normalise(t)))  # first longest
        speaker_id = min(ids, key=lambda s: (-ids[s], s)) if ids else None
        speaker = (min(raw_of[speaker_id], key=lambda r: (-raw_of[speaker_id][r], r))
                   if speaker_id else None)
        disagree = any(not _agree(x, y) for x in names for y in names)
        first_seen = next((r[7] for r in rows if r[7]), None)
        conn.execute(
            "INSERT OR REPLACE INTO clusters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (cid, wording, speaker, speaker_id, first_seen,
             json.dumps(list(variants.values()), ensure_ascii=False), int(disagree),
             len(rows), len({r[9] for r in rows}), len({r[8] for r in rows if r[8]})))
