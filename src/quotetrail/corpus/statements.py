"""Statements: quote clusters cut from the link graph of groups.

Two ways of cutting, with the same rule:

* **incrementally** (:func:`attach`, every batch): each new group, in the order of its
  content key, takes its links strongest first (kind, score, the other group's key); it
  joins the first linked cluster it may join, and every further linked cluster that may
  join that one is merged into it.  A link joins when a speaker of one side could be a
  speaker of the other (:func:`quotetrail.corpus.names.compatible`) or one side credits
  no one -- a phrase that two different people both used does not make their statements
  one -- or when the two wordings share an exact run of ``REQUOTE_RUN`` (8) words or
  more and both credit someone: a re-quote, or an outlet crediting the wrong person (the
  cluster is then flagged, and the trail marks the occurrence); the speaker such a
  wording credits does not become one of the statement's speakers.  A re-quote joins
  through a credited wording only: a wording credited to no one that holds a stock run
  ("not fit to serve as President of the United States", a headline) passes no one's
  statement on to another speaker.  A new group merges two
  statements it links to only when their speakers agree and through exact runs of
  ``BRIDGE_RUN`` (6) words (or when one is a lone wording it contains, a fragment that
  came first): the two halves of a quotation meet in its full wording, but
  a fragment (under eight words) inside two different statements of one speaker glues
  neither to the other, and a wording credited to no one never joins two people's.
  Nothing
  here reads a whole component: a
  batch costs its new groups' links, plus, for a merge, the smaller cluster's rows (the
  larger keeps its id, and the smaller's id redirects to it -- ``cluster_redirects``), so
  that over a whole ingest every row moves at most log2(n) times.
* **canonically** (:func:`cut_all`, ``quotetrail rebuild``): every component whole, links
  strongest first in a fixed order, each cluster named by a hash of its smallest group
  key.  The result depends only on the stored attributions, never on the order or the
  batches they came in.  An incremental store and a rebuilt one agree whenever the
  greedy joins did not depend on arrival order (the usual case); where they did (three
  speakers who are pairwise but not jointly compatible), rebuild settles it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from array import array
from collections.abc import Collection, Iterable, Sequence

from quotetrail.corpus.clusters import BRIDGE_RUN, REQUOTE_RUN, agree, names_of
from quotetrail.corpus.names import Name

__all__ = ["attach", "cluster_id_of", "cut_all", "groups_agree", "redirect", "resolve_id"]

_CHUNK = 500
NameSet = set[tuple[Name, ...]]
#: Any collection of namings: the canonical cut shares one tuple among all groups of a
#: naming and makes a set only for statements of several.
Namings = Collection[tuple[Name, ...]]


def groups_agree(a: Namings, b: Namings) -> bool:
    """Could two sets of groups be one statement: a speaker of one could be a speaker of
    the other, or one side credits no one.  ("Any", not "every": one outlet crediting the
    wrong person must not keep the right credits of a fragment out of the statement; and
    it makes the cut the same whatever order the groups are joined in.)"""
    return not a or not b or any(agree(x, y) for x in a for y in b)


def cluster_id_of(keys: Iterable[str]) -> str:
    """A cluster's canonical id: a hash of its smallest group key (content-derived)."""
    return "c" + hashlib.blake2b(min(keys).encode(), digest_size=6).hexdigest()


def _marks(n: int) -> str:
    return ",".join("?" * n)


def name_set(names_json: str) -> NameSet:
    """A cluster's stored speaker names (one tuple per distinct group naming)."""
    return {tuple(Name("", *ident) for ident in names) for names in json.loads(names_json)}


def dump_names(names: Namings) -> str:
    return json.dumps(sorted([list(n.identity()) for n in t] for t in names),
                      ensure_ascii=False)


def resolve_id(conn: sqlite3.Connection, cluster_id: str) -> str:
    """The id a cluster has now: itself, or the cluster it was merged into."""
    if conn.execute("SELECT 1 FROM clusters WHERE cluster_id = ?", (cluster_id,)).fetchone():
        return cluster_id
    row = conn.execute("SELECT new FROM cluster_redirects WHERE old = ?", (cluster_id,)
                       ).fetchone()
    return row[0] if row else cluster_id


class _Clusters:
    """The state of the clusters a batch touches: names and sizes, read once each."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.names: dict[str, NameSet] = {}
        self.size: dict[str, int] = {}
        self.groups: dict[str, int] = {}

    def load(self, cid: str) -> None:
        if cid in self.names:
            return
        row = self.conn.execute("SELECT names, n_occurrences + n_groups, n_groups FROM "
                                "clusters WHERE cluster_id = ?", (cid,)).fetchone()
        self.names[cid] = name_set(row[0]) if row else set()
        self.size[cid] = int(row[1]) if row else 0
        self.groups[cid] = int(row[2]) if row else 0

    def create(self, cid: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO clusters (cluster_id, text, variants, speaker_disagreement, "
            "n_occurrences, n_articles, n_outlets) VALUES (?, '', '[]', 0, 0, 0, 0)", (cid,))
        # an id that had gone (and led elsewhere) names this statement again
        self.conn.execute("DELETE FROM cluster_redirects WHERE old = ?", (cid,))
        self.names[cid], self.size[cid], self.groups[cid] = set(), 0, 0


def attach(conn: sqlite3.Connection, new_groups: Sequence[int]
           ) -> tuple[dict[int, str], list[tuple[str, str]]]:
    """Give each new group a cluster (see the module doc).

    Returns each new group's cluster, and the merges made, ``(gone, kept)`` in order:
    :mod:`.cluster_rows` moves the gone clusters' rows into the kept ones.
    """
    if not new_groups:
        return {}, []
    info: dict[int, tuple[str, tuple[Name, ...]]] = {}
    for i in range(0, len(new_groups), _CHUNK):
        chunk = list(new_groups[i:i + _CHUNK])
        for grp, gkey, names_json in conn.execute(
                f"SELECT grp, gkey, names FROM groups WHERE grp IN ({_marks(len(chunk))})",
                chunk):
            info[grp] = (gkey, names_of(names_json))
    state = _Clusters(conn)
    placed: dict[int, str] = {}
    merges: list[tuple[str, str]] = []
    forward: dict[str, str] = {}
    inner_now: set[int] = set()  # groups found inside a longer wording of their statement

    def current(cid: str) -> str:
        while cid in forward:
            cid = forward[cid]
        return cid

    for grp in sorted(new_groups, key=lambda g: info[g][0]):
        gkey, names = info[grp]
        links = conn.execute(
            "SELECT l.b, l.kind, l.score, g.gkey, g.cluster_id, l.run, g.inner, "
            "(SELECT MAX(n_words) FROM units u WHERE u.grp = l.b), g.names <> '[]' "
            "FROM links l JOIN groups g ON g.grp = l.b WHERE l.a = ? UNION ALL "
            "SELECT l.a, l.kind, l.score, g.gkey, g.cluster_id, l.run, g.inner, "
            "(SELECT MAX(n_words) FROM units u WHERE u.grp = l.a), g.names <> '[]' "
            "FROM links l "
            "JOIN groups g ON g.grp = l.a WHERE l.b = ?", (grp, grp)).fetchall()
        links.sort(key=lambda r: (-r[1], -r[2], r[3]))
        length = conn.execute("SELECT MAX(n_words) FROM units WHERE grp = ?", (grp,)
                              ).fetchone()[0] or 0
        mine: str | None = None
        credited = False
        inner_of: set[int] = set()  # the wordings this one holds, in the statement it joins
        for other, _kind, _score, _okey, cid, run, other_inner, other_length, \
                other_credited in links:
            cid = placed.get(other, cid)
            if not cid:
                continue  # a new group not placed yet: it meets this one when it is
            cid = current(cid)
            state.load(cid)
            holds = length > (other_length or 0)
            if holds and (other_inner or other in inner_now) and run < REQUOTE_RUN:
                continue  # a short wording inside another statement: it joins no more
            if mine is None:
                agrees = groups_agree({names} if names else set(), state.names[cid])
                if agrees or (run >= REQUOTE_RUN and names and other_credited):
                    mine = cid
                    credited = agrees  # a re-quote's speaker is not the statement's
                    if holds:
                        inner_of.add(other)
                    elif length < (other_length or 0):
                        inner_now.add(grp)
            elif cid != mine and holds and \
                    (run >= BRIDGE_RUN or state.groups[cid] <= 1) and \
                    groups_agree(state.names[mine], state.names[cid]):
                # this wording holds the other's: two pieces of a quotation meet in it, and
                # a lone wording it contains (a fragment that came first) joins it; a
                # wording inside two statements bridges nothing
                inner_of.add(other)
                kept, gone = (mine, cid) if (state.size[mine], cid) >= (state.size[cid], mine) \
                    else (cid, mine)
                _merge(conn, state, gone, kept)
                forward[gone] = kept
                merges.append((gone, kept))
                mine = kept
        inner_now |= inner_of
        if mine is None:
            mine = cluster_id_of([gkey])
            state.create(mine)
            credited = True
        if names and credited:
            state.names[mine].add(names)
        state.size[mine] += 1
        state.groups[mine] += 1
        placed[grp] = mine
        conn.execute("UPDATE groups SET cluster_id = ? WHERE grp = ?", (mine, grp))
        conn.execute("UPDATE attributions SET cluster_id = ? WHERE grp = ?", (mine, grp))
    conn.executemany("UPDATE groups SET inner = 1 WHERE grp = ?", [(g,) for g in inner_now])
    placed = {g: current(c) for g, c in placed.items()}
    for cid, names in state.names.items():
        if cid not in forward:
            conn.execute("UPDATE clusters SET names = ? WHERE cluster_id = ?",
                         (dump_names(names), cid))
    return placed, merges


def redirect(conn: sqlite3.Connection, gone: str, kept: str) -> None:
    """Make the id ``gone`` (and every id that led to it) lead to cluster ``kept``: an id
    given out stays valid.  Redirects stay one step long."""
    conn.execute("UPDATE cluster_redirects SET new = ? WHERE new = ?", (kept, gone))
    conn.execute("INSERT OR REPLACE INTO cluster_redirects (old, new) VALUES (?, ?)",
                 (gone, kept))
    conn.execute("DELETE FROM cluster_redirects WHERE old = new")


def _merge(conn: sqlite3.Connection, state: _Clusters, gone: str, kept: str) -> None:
    """Point the smaller cluster's groups and attributions at the larger; redirect its id."""
    conn.execute("UPDATE groups SET cluster_id = ? WHERE cluster_id = ?", (kept, gone))
    conn.execute("UPDATE attributions SET cluster_id = ? WHERE cluster_id = ?", (kept, gone))
    redirect(conn, gone, kept)
    state.names[kept] |= state.names.pop(gone)
    state.size[kept] += state.size.pop(gone)
    state.groups[kept] += state.groups.pop(gone)


# -- the canonical cut ----------------------------------------------------------------------

def _joined(a: Namings, b: Namings) -> Namings:
    """The names of two statements joined, reusing ``a`` when it is a statement's own set
    (a group alone shares one tuple with every group of its naming)."""
    if not b:
        return a
    if not a:
        return b
    if isinstance(a, set):
        a |= set(b)
        return a
    return set(a) | set(b)


def cut_all(conn: sqlite3.Connection) -> None:
    """Cut every component of the link graph afresh (``rebuild``): every group and
    attribution gets its canonical cluster id, and every cluster a row (figures to come,
    :func:`quotetrail.corpus.cluster_rows.recompute`).

    Held in memory are arrays indexed by each group's rank in key order (a few machine
    words a group) and a name set only for statements that join more than one naming: a
    Python dict entry, set and key string per group came to some 850 bytes each, and the
    300,000-article build passed 3.3 GB here.  A statement's root is its smallest-keyed
    group: comparing ranks compares keys, and its id is the hash of the root's key.
    """
    top = int(conn.execute("SELECT coalesce(max(grp), 0) FROM groups").fetchone()[0])
    rank_of = array("q", bytes(8 * (top + 1)))  # grp -> rank
    grp_of = array("q")  # rank -> grp
    names: list[Namings] = []  # rank -> its one-naming set (shared by all groups so named)
    alone: dict[str, Namings] = {}
    sets: dict[int, Namings] = {}  # a statement of several groups -> its names
    for grp, names_json in conn.execute("SELECT grp, names FROM groups ORDER BY gkey"):
        r = len(grp_of)
        rank_of[grp] = r
        grp_of.append(grp)
        if names_json not in alone:
            credited = names_of(names_json)
            alone[names_json] = (credited,) if credited else ()
        names.append(alone[names_json])
    n = len(grp_of)
    parent = array("q", range(n))
    size = array("q", [1]) * n
    length = array("q", bytes(8 * n))
    for grp, words in conn.execute("SELECT grp, MAX(n_words) FROM units GROUP BY grp"):
        length[rank_of[grp]] = words
    attached = bytearray(n)  # groups that joined a statement as the wording inside it

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def named(root: int) -> Namings:
        """A group alone has the names it is credited with; a statement, what its joins
        kept."""
        return sets.get(root, ()) if size[root] > 1 else names[root]

    # strongest links first, ties by the two groups' keys: sorted by SQLite (which spills
    # to disk) and read as a stream, not held as a list -- the links are the corpus's
    # largest graph (hex keys compare the same in SQL and in Python)
    edges = conn.execute(
        "SELECT l.a, l.b, l.kind, l.score, l.run FROM links l JOIN groups ga ON ga.grp = l.a "
        "JOIN groups gb ON gb.grp = l.b "
        "ORDER BY l.kind DESC, l.score DESC, min(ga.gkey, gb.gkey), max(ga.gkey, gb.gkey)")
    for ga, gb, _kind, _score, run in edges:
        a, b = rank_of[ga], rank_of[gb]
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        # a link joins a group to a statement; it merges two statements (neither a lone
        # group) only through a run of BRIDGE_RUN words, and a wording joins only one
        # statement as the wording inside it -- as attach() does
        inner = a if length[a] < length[b] else b if length[b] < length[a] else None
        bridging = size[ra] > 1 and size[rb] > 1
        if inner is not None and attached[inner] and run < REQUOTE_RUN:
            continue  # a short wording inside a statement already: it joins no other
        sa, sb = named(ra), named(rb)
        agrees = groups_agree(sa, sb)
        requote = run >= REQUOTE_RUN and not bridging and bool(names[a]) and bool(names[b])
        if (agrees or requote) and \
                (run >= BRIDGE_RUN or not bridging):
            if inner is not None:
                attached[inner] = 1
            if not agrees:  # a re-quote joins; its speaker is not the statement's
                keep = sa if size[ra] > 1 else sb if size[rb] > 1 else _joined(sa, sb)
                sa, sb = keep, ()
            if ra > rb:  # the smaller key is the root
                ra, rb, sa, sb = rb, ra, sb, sa
            parent[rb] = ra
            joined = _joined(sa, sb)
            sets.pop(rb, None)
            if joined:
                sets[ra] = joined
            else:
                sets.pop(ra, None)
            size[ra] += size[rb]
    # each statement's id from its root's key: six bytes a group, read as a stream
    digest = bytearray(6 * n)
    for r, (gkey,) in enumerate(conn.execute("SELECT gkey FROM groups ORDER BY gkey")):
        if parent[r] == r:
            digest[6 * r:6 * r + 6] = bytes.fromhex(cluster_id_of([gkey])[1:])

    def cid(root: int) -> str:
        return "c" + digest[6 * root:6 * root + 6].hex()

    conn.executemany(
        "INSERT OR REPLACE INTO clusters (cluster_id, text, variants, speaker_disagreement, "
        "n_occurrences, n_articles, n_outlets, names) VALUES (?, '', '[]', 0, 0, 0, 0, ?)",
        ((cid(r), dump_names(named(r))) for r in range(n) if parent[r] == r))
    conn.executemany("UPDATE groups SET cluster_id = ? WHERE grp = ?",
                     ((cid(find(r)), grp_of[r]) for r in range(n)))
    conn.execute("UPDATE groups SET inner = 0")
    conn.executemany("UPDATE groups SET inner = 1 WHERE grp = ?",
                     ((grp_of[r],) for r in range(n) if attached[r]))
    conn.execute("UPDATE attributions SET cluster_id = (SELECT g.cluster_id FROM groups g "
                 "WHERE g.grp = attributions.grp) WHERE grp <> 0")
