"""Quote clusters: the same statement across articles, found through a shingle index.

Every attribution is one *occurrence*.  Its *wordings* are what it quotes: the content
of a direct (or indirect) attribution, the quoted fragments of a mixed one.  Occurrences
with the same wordings and the same speaker names form a *group* (a syndicated quote in
a hundred outlets is one group, so repetition costs one row, not a hundred links); groups
are the nodes of the clustering.  Two groups are *linked* when a wording of one matches a
wording of the other:

* **same** (kind 2): equal after normalisation and at least ``SAME_EXACT_WORDS`` words
  long, or near-identical (Jaccard of 3-shingles >= ``SAME_JACCARD``) -- small edits;
* **part** (kind 1): one contained in the other (containment >= ``CONTAINMENT`` of the
  shorter one's shingles) -- a truncated quote, a fragment of a mixed attribution, or
  an equal wording too short to vouch for itself.

Containment, not Jaccard, is what lets half of a long quote join it.

Candidates come from a *prefix-filtered shingle index* (SQLite tables ``postings`` and
``prefixes``), never from comparing all pairs.  For a wording with ``n`` shingles to be
contained at ``CONTAINMENT`` in another, the other must hold at least one of *any*
``n - ceil(CONTAINMENT * n) + 1`` of its shingles; the index takes its rarest ones
(fewest wordings holding them when it was indexed, then fewest function words), its
*prefix*.  A new wording probes the full postings with its prefix (finding longer
wordings that contain it) and everyone's prefixes with all its shingles (finding
shorter ones it contains).  Both directions are exact whichever order wordings arrive
in -- rarity only decides how short the probed lists are -- so the set of links
depends only on the corpus.

Clusters are cut from the link graph.  Within a connected component, links are taken
strongest first in a fixed order (kind, score, then the groups' content keys) and
two sets of groups are joined unless a *part* link would put two incompatible speakers
in one cluster (:func:`quotetrail.corpus.names.compatible`, over the engine's name
model): a phrase that two different people both used does not make their statements one.
A *same* link always joins -- it is the same wording -- and if the speakers disagree
the cluster is flagged.  Because each affected component is recomputed whole, in an
order that depends only on its content, the clusters are the same whatever order the
articles were ingested in.

A cluster's ``speaker_confidence`` is the highest ``speaker_confidence`` among the
occurrences crediting its speaker: how sure the surest article is of that name.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from quotetrail.corpus.names import Name, compatible, parse_name
from quotetrail.corpus.text import (
    function_word_counts,
    norm_key,
    normalise,
    prefix,
    shingles,
    stable_hash,
)

__all__ = [
    "CONTAINMENT", "PART", "SAME", "Occurrence", "Unit", "assign_groups", "classify",
    "cluster_id_of", "find_links", "index_units", "recluster", "refresh", "speaker_names",
    "wordings",
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
    key: str
    kind: str
    content: str
    fragments: list[str]
    speaker: str | None
    speakers: list[str]
    speaker_type: str | None


@dataclass(slots=True)
class Unit:
    """One wording of one group, normalised and shingled."""

    unit: int
    grp: int
    words: list[str]
    grams: set[int]

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


def speaker_names(speaker: str | None, speakers_json: str | list[str],
                  speaker_type: str | None) -> tuple[Name, ...]:
    """The names an occurrence is attributed to (none when the speaker is unknown)."""
    if speaker_type == "unnamed":
        return ()
    names = json.loads(speakers_json) if isinstance(speakers_json, str) else speakers_json
    if not names and speaker:
        names = [speaker]
    return tuple(parse_name(n, speaker_type) for n in names if n and n.strip())


def _prefix_size(n: int) -> int:
    return n - math.ceil(CONTAINMENT * n) + 1


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _digest(value: object) -> str:
    return hashlib.blake2b(json.dumps(value, ensure_ascii=False).encode(),
                           digest_size=12).hexdigest()


def assign_groups(conn: sqlite3.Connection, occurrences: Iterable[Occurrence]
                  ) -> tuple[list[tuple[int, list[str]]], set[str]]:
    """Put new attributions into groups (same wordings, same speaker names).

    Returns the groups created, with their wordings, and the clusters of existing groups
    that gained an attribution (their rows need refreshing, their shape does not change).
    """
    created: list[tuple[int, list[str]]] = []
    touched: set[str] = set()
    for occ in occurrences:
        norms = sorted({norm_key(words) for words in
                        (normalise(t) for t in wordings(occ.kind, occ.content, occ.fragments))
                        if words})
        names = sorted({n.identity() for n in speaker_names(occ.speaker, occ.speakers,
                                                            occ.speaker_type)})
        gkey = _digest([norms, names] if norms else ["", occ.key])
        row = conn.execute("SELECT grp, cluster_id FROM groups WHERE gkey = ?",
                           (gkey,)).fetchone()
        if row is None:
            cur = conn.execute("INSERT INTO groups (gkey, names) VALUES (?, ?)",
                               (gkey, json.dumps(names, ensure_ascii=False)))
            grp, cid = int(cur.lastrowid or 0), None
            created.append((grp, norms))
        else:
            grp, cid = row
            if cid:
                touched.add(cid)
        conn.execute("UPDATE attributions SET grp = ?, cluster_id = ? WHERE rowid = ?",
                     (grp, cid, occ.rowid))
    return created, touched


def _document_frequencies(conn: sqlite3.Connection, grams: set[int]) -> dict[int, int]:
    df: dict[int, int] = {}
    ordered = sorted(grams)
    for chunk in _chunks(ordered):
        df.update(conn.execute(
            f"SELECT shingle, n FROM shingle_df WHERE shingle IN ({_marks(len(chunk))})",
            chunk).fetchall())
    return df


def index_units(conn: sqlite3.Connection, groups: Iterable[tuple[int, list[str]]]
                ) -> tuple[list[Unit], dict[int, list[int]]]:
    """Store the wordings of new groups and their shingles (postings and prefixes).

    Returns the units and each one's prefix (its rarest shingles as the corpus stood
    before this batch), which is also what it probes the postings with.
    """
    units: list[Unit] = []
    for grp, norms in groups:
        for norm in norms:
            words = norm.split(" ")
            grams = shingles(words)
            cur = conn.execute(
                "INSERT INTO units (grp, norm, norm_hash, n_words, n_shingles) "
                "VALUES (?, ?, ?, ?, ?)",
                (grp, norm, stable_hash(norm), len(words), len(grams)))
            units.append(Unit(int(cur.lastrowid or 0), grp, words, grams))
    indexed = [u for u in units if len(u.grams) >= MIN_CONTAIN_SHINGLES]
    df = _document_frequencies(conn, {g for u in indexed for g in u.grams})
    for u in indexed:  # the batch's own wordings count too: the first batch has no history
        for g in u.grams:
            df[g] = df.get(g, 0) + 1
    prefixes: dict[int, list[int]] = {}
    for u in indexed:
        prior = function_word_counts(u.words)
        prefixes[u.unit] = prefix(u.grams, _prefix_size(len(u.grams)), df, prior)
        conn.executemany("INSERT INTO postings VALUES (?, ?)", [(g, u.unit) for g in u.grams])
        conn.executemany("INSERT INTO prefixes VALUES (?, ?)",
                         [(g, u.unit) for g in prefixes[u.unit]])
    conn.executemany("INSERT INTO shingle_df VALUES (?, 1) ON CONFLICT (shingle) "
                     "DO UPDATE SET n = n + 1", [(g,) for u in indexed for g in u.grams])
    return units, prefixes


def classify(u: Unit, v: Unit) -> tuple[int, float] | None:
    """The link two wordings make, as (kind, score), or None."""
    if u.words == v.words:
        return (SAME if len(u.words) >= SAME_EXACT_WORDS else PART), 1.0
    nu, nv = len(u.grams), len(v.grams)
    if min(nu, nv) < MIN_CONTAIN_SHINGLES:
        return None
    inter = len(u.grams & v.grams)
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
        for unit, grp, norm in conn.execute(
                f"SELECT unit, grp, norm FROM units WHERE unit IN ({_marks(len(chunk))})",
                chunk):
            words = norm.split(" ")
            found[unit] = Unit(unit, grp, words, shingles(words))
    return found


def find_links(conn: sqlite3.Connection, new: Sequence[Unit],
               prefixes: dict[int, list[int]]) -> int:
    """Link new wordings' groups to every group whose wordings match; returns pairs checked.

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
        if u.unit not in prefixes:
            continue
        pre = set(prefixes[u.unit])
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
    names = _group_names(conn, sorted({u.grp for u in units.values()}))
    best: dict[tuple[int, int], tuple[int, float]] = {}
    for a, b in pairs:
        u, v = units[a], units[b]
        if u.grp == v.grp:
            continue
        link = classify(u, v)
        if link is None or (link[0] == PART and not _may_join(u, v, names)):
            continue
        key = (min(u.grp, v.grp), max(u.grp, v.grp))
        if key not in best or link > best[key]:
            best[key] = link
    conn.executemany(
        "INSERT INTO links VALUES (?, ?, ?, ?) ON CONFLICT (a, b) DO UPDATE SET "
        "kind = excluded.kind, score = excluded.score "
        "WHERE (excluded.kind, excluded.score) > (links.kind, links.score)",
        [(a, b, k, s) for (a, b), (k, s) in best.items()])
    return len(pairs)


def _group_names(conn: sqlite3.Connection, groups: Sequence[int]) -> dict[int, tuple[Name, ...]]:
    found: dict[int, tuple[Name, ...]] = {}
    for chunk in _chunks(groups):
        for grp, names_json in conn.execute(
                f"SELECT grp, names FROM groups WHERE grp IN ({_marks(len(chunk))})", chunk):
            found[grp] = _names(names_json)
    return found


def _may_join(u: Unit, v: Unit, names: dict[int, tuple[Name, ...]]) -> bool:
    """Could a *part* link between these wordings ever join their groups?

    Not when the groups' speakers are incompatible (the cut below would refuse it
    anyway), so such links are not stored: they would only make components larger.  A
    short wording (fewer than ``SAME_MIN_SHINGLES`` shingles) is weak evidence, so it
    links by containment only between known, compatible speakers.
    """
    a, b = names[u.grp], names[v.grp]
    if min(len(u.grams), len(v.grams)) < SAME_MIN_SHINGLES and not (a and b):
        return False
    return _agree(a, b)


# -- cutting clusters from the link graph -------------------------------------------------

def _agree(a: tuple[Name, ...], b: tuple[Name, ...]) -> bool:
    """Two occurrences could have one speaker (unknown agrees with anyone)."""
    return not a or not b or any(compatible(x, y) for x in a for y in b)


def _groups_agree(a: set[tuple[Name, ...]], b: set[tuple[Name, ...]]) -> bool:
    return all(_agree(x, y) for x in a for y in b)


def cluster_id_of(keys: Iterable[str]) -> str:
    """A cluster's id: a hash of its smallest group key (content-derived, not ordinal)."""
    return "c" + hashlib.blake2b(min(keys).encode(), digest_size=6).hexdigest()


def _component(conn: sqlite3.Connection, seeds: Iterable[int]
               ) -> tuple[set[int], dict[tuple[int, int], tuple[int, float]]]:
    """All groups linked, directly or not, to the seeds, and the links among them."""
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


def _names(names_json: str) -> tuple[Name, ...]:
    return tuple(Name("", *ident) for ident in json.loads(names_json))


def recluster(conn: sqlite3.Connection, seeds: Iterable[int]) -> tuple[set[str], set[int]]:
    """Recompute the clusters of every component touching the ``seeds`` groups.

    Returns the clusters that lost or gained groups (old ids and new ones), so that
    their rows can be rewritten, and the groups whose cluster changed (new ones
    included), whose speakers' cluster counts may have changed.
    """
    nodes, edges = _component(conn, seeds)
    if not nodes:
        return set(), set()
    key: dict[int, str] = {}
    names: dict[int, tuple[Name, ...]] = {}
    old: dict[int, str | None] = {}
    for chunk in _chunks(sorted(nodes)):
        for grp, gkey, names_json, cid in conn.execute(
                "SELECT grp, gkey, names, cluster_id "
                f"FROM groups WHERE grp IN ({_marks(len(chunk))})", chunk):
            key[grp], old[grp], names[grp] = gkey, cid, _names(names_json)
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
    changed = []
    for group in members.values():
        cid = cluster_id_of(key[n] for n in group)
        touched.add(cid)
        changed.extend((cid, n) for n in group if old[n] != cid)
    conn.executemany("UPDATE groups SET cluster_id = ? WHERE grp = ?", changed)
    conn.executemany("UPDATE attributions SET cluster_id = ? WHERE grp = ?", changed)
    return touched, {n for _, n in changed}


# -- cluster rows ----------------------------------------------------------------------

def _display(text: str) -> str:
    """A wording as shown: whitespace collapsed, a trailing comma or colon dropped."""
    return " ".join(text.split()).rstrip(",;:").strip()


def refresh(conn: sqlite3.Connection, cluster_ids: Iterable[str]) -> None:
    """Rewrite the rows of these clusters from their occurrences (or drop emptied ones)."""
    for cid in sorted(cluster_ids):
        rows = conn.execute(
            "SELECT a.kind, a.content, a.fragments, a.speaker, a.speakers, a.speaker_type, "
            "a.speaker_id, ar.sort_date, ar.outlet, ar.rowid, a.speaker_confidence "
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
        best: dict[str, float] = {}
        for kind, content, fragments, speaker, speakers, stype, sid, *_, sconf in rows:
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
                if sconf is not None:
                    best[sid] = max(best.get(sid, 0.0), float(sconf))
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
            "INSERT OR REPLACE INTO clusters (cluster_id, text, speaker, speaker_id, first_seen, "
            "variants, speaker_disagreement, n_occurrences, n_articles, n_outlets, "
            "speaker_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (cid, wording, speaker, speaker_id, first_seen,
             json.dumps(list(variants.values()), ensure_ascii=False), int(disagree),
             len(rows), len({r[9] for r in rows}), len({r[8] for r in rows if r[8]}),
             best.get(speaker_id) if speaker_id else None))
