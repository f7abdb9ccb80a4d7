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

How clusters are cut from the link graph, and kept, is :mod:`.statements` and
:mod:`.cluster_rows`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import sqlite3
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from quotetrail.corpus.names import Name, compatible, parse_name
from quotetrail.corpus.requotes import without_inner_quotes
from quotetrail.corpus.text import (
    function_word_counts,
    light_words,
    norm_key,
    normalise,
    prefix,
    shingles,
    stable_hash,
)

__all__ = [
    "BRIDGE_RUN",
    "CONTAINMENT",
    "PART",
    "REQUOTE_RUN",
    "SAME",
    "Occurrence",
    "Unit",
    "UnitCache",
    "agree",
    "assign_groups",
    "classify",
    "find_links",
    "has_run",
    "index_units",
    "names_of",
    "speaker_names",
    "wordings",
]

CONTAINMENT = 0.7
SAME_JACCARD = 0.8
SAME_MIN_SHINGLES = 4
SAME_EXACT_WORDS = 6
MIN_CONTAIN_SHINGLES = 1
#: A three-word wording (one shingle) whose shingle more wordings than this hold is a
#: stock phrase ("going to be"): it is not indexed, so it links to nothing.
FRAGMENT_DF_CAP = 10
#: An exact run of this many words joins two wordings whatever their speakers say: a
#: re-quote, or one outlet crediting the wrong person.
REQUOTE_RUN = 8
#: A wording collects at most this many equal wordings (the newest).  The wordings of one
#: much-repeated statement all share their shingles, so an exact probe would compare each
#: new variant with every earlier one (quadratic in the variants); the newest ones are in
#: the statement already, which is what the cut needs to know.
PROBE_CAP = 64
#: A wording collects at most this many candidates beyond its equal wordings, probing its
#: shingles rarest first, each through its ``PROBE_PER_SHINGLE`` newest holders: the
#: matches that count share its rarest shingles, and a probe that kept going would
#: collect, as the corpus grows, ever more wordings that share one common shingle with it
#: and nothing else (the cost of a batch would grow with the store).
PROBE_BUDGET = 8
PROBE_PER_SHINGLE = 8
#: Light rewordings: wordings of at least this many words whose stemmed content words
#: overlap this much (of the shorter one's, and of both) are one statement.
REWORD_MIN_WORDS = 8
REWORD_CONTAINMENT = 0.8
REWORD_JACCARD = 0.6
#: The score of a part link made by a shared run of ``REQUOTE_RUN`` words between
#: wordings one speaker is credited with, most of the shorter one's content words in
#: the other (below every containment and rewording score)
RUN_PART_SCORE = 0.05
#: ... or by a shared run that is this share of the shorter wording
RUN_PART_SHARE = 0.55
#: A new wording merges two statements it links to only through runs this long: a
#: fragment inside two different statements of one speaker glues neither to the other.
BRIDGE_RUN = 6
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
    _light: set[str] | None = None

    @property
    def norm(self) -> str:
        return norm_key(self.words)

    @property
    def light(self) -> set[str]:
        """Its content words, crudely stemmed (:func:`~quotetrail.corpus.text.light_words`),
        computed once."""
        if self._light is None:
            self._light = light_words(self.words)
        return self._light


#: An opening double quotation mark: curly, or straight (or two apostrophes, as some
#: archives write it) before a word and not after one.
_OPENING_MARK = re.compile(r"“|(?<![\w\"'])(?:\"|'')(?=[\w‘'])")
_CLOSING_MARK = re.compile(r"[”\"]|''")


def wordings(kind: str, content: str, fragments: Sequence[str]) -> list[str]:
    """What an attribution quotes: a mixed one's quoted fragments, else its content.

    A mixed attribution without fragments whose content opens a quotation it does not
    close (the span stopped before the closing mark: ``X's call for "a total and
    complete shutdown``) quotes the words after the mark, when there are at least three:
    the frame around them is the reporter's, not the speaker's, and would keep the
    fragment from meeting the statement it comes from.
    """
    if kind == "mixed":
        quoted = [f for f in fragments if f.strip()]
        if quoted:
            return quoted
        tail = unclosed_quotation(content)
        if tail is not None:
            return [tail]
    return [content]


def unclosed_quotation(content: str) -> str | None:
    """The words after the last opening quotation mark of ``content`` when no closing mark
    follows it and they are at least three words; else None."""
    last = None
    for m in _OPENING_MARK.finditer(content):
        last = m
    if last is None or _CLOSING_MARK.search(content, last.end()):
        return None
    tail = content[last.end():].strip()
    return tail if len(tail.split()) >= 3 else None


def speaker_names(speaker: str | None, speakers_json: str | list[str],
                  speaker_type: str | None) -> tuple[Name, ...]:
    """The names an occurrence is attributed to (none when the speaker is unknown)."""
    if speaker_type == "unnamed":
        return ()
    names = json.loads(speakers_json) if isinstance(speakers_json, str) else speakers_json
    if not names and speaker:
        names = [speaker]
    return tuple(parse_name(n, speaker_type) for n in names if n and n.strip())


def pack_grams(grams: set[int]) -> bytes:
    """A wording's shingles as stored with it (sorted, so equal sets are equal bytes)."""
    return array("q", sorted(grams)).tobytes()


def unpack_grams(packed: bytes) -> set[int]:
    """The shingles :func:`pack_grams` stored."""
    values = array("q")
    values.frombytes(packed)
    return set(values)


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


def assign_groups(conn: sqlite3.Connection, occurrences: Iterable[Occurrence],
                  unplaced: list[int] | None = None
                  ) -> tuple[list[tuple[int, list[str]]], set[str]]:
    """Put new attributions into groups (same wordings, same speaker names).

    Returns the groups created, with their wordings, and the clusters of existing groups
    that gained an attribution (their rows need refreshing, their shape does not change).
    Existing groups that belong to no cluster (their statement lost its last occurrence)
    and gained an attribution are appended to ``unplaced``, when given: they are indexed
    already and only need placing.
    """
    created: list[tuple[int, list[str]]] = []
    touched: set[str] = set()
    made: set[int] = set()
    placed: list[tuple[int, str | None, int]] = []  # (group, cluster, attribution)
    for occ in occurrences:
        # a quotation is grouped by its own words: what it re-quotes is an occurrence of
        # its own (quotetrail.corpus.requotes)
        content = without_inner_quotes(occ.content) if occ.kind == "direct" else occ.content
        norms = sorted({norm_key(words) for words in
                        (normalise(t) for t in wordings(occ.kind, content, occ.fragments))
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
            made.add(grp)
        else:
            grp, cid = row
            if cid:
                touched.add(cid)
            elif unplaced is not None and grp not in made:
                made.add(grp)
                unplaced.append(grp)
        placed.append((grp, cid, occ.rowid))
    conn.executemany("UPDATE attributions SET grp = ?, cluster_id = ? WHERE rowid = ?", placed)
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

    Returns the units and each indexed one's shingles, rarest first as the corpus stood
    before this batch: the first ``_prefix_size`` of them are its prefix, and the order
    is the order :func:`find_links` probes in.
    """
    units: list[Unit] = []
    priors: dict[int, dict[int, int]] = {}
    for grp, norms in groups:
        for norm in norms:
            words = norm.split(" ")
            prior = function_word_counts(words)  # keyed by shingle: hashed once, not twice
            grams = set(prior)
            cur = conn.execute(
                "INSERT INTO units (grp, norm, norm_hash, n_words, n_shingles, grams) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (grp, norm, stable_hash(norm), len(words), len(grams), pack_grams(grams)))
            units.append(Unit(int(cur.lastrowid or 0), grp, words, grams))
            priors[units[-1].unit] = prior
    indexed = [u for u in units if len(u.grams) >= MIN_CONTAIN_SHINGLES]
    df = _document_frequencies(conn, {g for u in indexed for g in u.grams})
    indexed = [u for u in indexed if len(u.grams) > 1 or df.get(next(iter(u.grams)), 0) <
               FRAGMENT_DF_CAP]
    for u in indexed:  # the batch's own wordings count too: the first batch has no history
        for g in u.grams:
            df[g] = df.get(g, 0) + 1
    ranked: dict[int, list[int]] = {}
    for u in indexed:
        ranked[u.unit] = prefix(u.grams, len(u.grams), df, priors[u.unit])
        conn.executemany("INSERT INTO postings VALUES (?, ?)", [(g, u.unit) for g in u.grams])
        conn.executemany("INSERT INTO prefixes VALUES (?, ?)",
                         [(g, u.unit) for g in ranked[u.unit][:_prefix_size(len(u.grams))]])
    conn.executemany("INSERT INTO shingle_df VALUES (?, 1) ON CONFLICT (shingle) "
                     "DO UPDATE SET n = n + 1", [(g,) for u in indexed for g in u.grams])
    return units, ranked


def has_run(a: Sequence[str], b: Sequence[str], n: int = REQUOTE_RUN) -> bool:
    """Do two word lists share a run of ``n`` consecutive words?"""
    if min(len(a), len(b)) < n:
        return False
    grams = {tuple(a[i:i + n]) for i in range(len(a) - n + 1)}
    return any(tuple(b[i:i + n]) in grams for i in range(len(b) - n + 1))


def _run_part_length(u: Unit, v: Unit) -> int:
    """The exact run that makes a part link on its own: ``REQUOTE_RUN`` words, and more
    than half (``RUN_PART_SHARE``) of the shorter wording."""
    return max(REQUOTE_RUN, math.ceil(RUN_PART_SHARE * min(len(u.words), len(v.words))))


def _mostly_held(u: Unit, v: Unit) -> bool:
    """Whether ``REWORD_CONTAINMENT`` of the shorter wording's content words, crudely
    stemmed, are in the other (the rewording test without its Jaccard bound, which keeps
    a short wording from joining a much longer one)."""
    a, b = u.light, v.light
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= REWORD_CONTAINMENT


class _Runs:
    """The runs of ``n`` words of the wordings one batch compares, each built once: a
    wording meets several candidates in a batch, and building its runs for every pair
    (as :func:`has_run` does) was most of comparing them."""

    def __init__(self) -> None:
        self._sets: dict[tuple[int, int], set[tuple[str, ...]]] = {}

    def _of(self, u: Unit, n: int) -> set[tuple[str, ...]]:
        found = self._sets.get((u.unit, n))
        if found is None:
            w = u.words
            found = self._sets[(u.unit, n)] = {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
        return found

    def shared(self, u: Unit, v: Unit) -> int:
        """The exact run of words two wordings share, as the cut needs it: ``REQUOTE_RUN``
        (8) or more, ``BRIDGE_RUN`` (6) or more, or less (0)."""
        shorter = min(len(u.words), len(v.words))
        for n in (REQUOTE_RUN, BRIDGE_RUN):
            if shorter >= n and not self._of(u, n).isdisjoint(self._of(v, n)):
                return n
        return 0


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
        return _reworded(u, v)
    jaccard = inter / (nu + nv - inter)
    if jaccard >= SAME_JACCARD and min(nu, nv) >= SAME_MIN_SHINGLES:
        return SAME, round(jaccard, 4)
    return PART, round(contain, 4)


def _reworded(u: Unit, v: Unit) -> tuple[int, float] | None:
    """A light rewording of a long wording (inflection, a synonym or two, swapped function
    words) is a *part* link, scored below any exact containment: most of the shorter
    one's content words, crudely stemmed, are in the other."""
    if min(len(u.words), len(v.words)) < REWORD_MIN_WORDS:
        return None
    a, b = u.light, v.light
    if not a or not b:
        return None
    inter = len(a & b)
    if inter / min(len(a), len(b)) < REWORD_CONTAINMENT or inter / len(a | b) < REWORD_JACCARD:
        return None
    return PART, round(0.5 * inter / len(a | b), 4)


#: How many loaded wordings a :class:`UnitCache` keeps.
UNIT_CACHE_SIZE = 20_000


class UnitCache(OrderedDict[int, "Unit"]):
    """Wordings loaded lately, kept by a store between batches: a much-repeated
    statement's newest wordings are the candidates of every batch, and a stored wording
    never changes (the store clears this when a batch rolls back or it is rebuilt)."""


def _load_units(conn: sqlite3.Connection, ids: Sequence[int],
                cache: UnitCache | None = None) -> dict[int, Unit]:
    cache = cache if cache is not None else UnitCache()
    found: dict[int, Unit] = {}
    missing = []
    for i in ids:
        u = cache.get(i)
        if u is None:
            missing.append(i)
        else:
            cache.move_to_end(i)
            found[i] = u
    for chunk in _chunks(missing):
        for unit, grp, norm, packed in conn.execute(
                f"SELECT unit, grp, norm, grams FROM units WHERE unit IN "
                f"({_marks(len(chunk))})", chunk):
            words = norm.split(" ")
            grams = unpack_grams(packed) if packed is not None else shingles(words)
            found[unit] = cache[unit] = Unit(unit, grp, words, grams)
    while len(cache) > UNIT_CACHE_SIZE:
        cache.popitem(last=False)
    return found


def find_links(conn: sqlite3.Connection, new: Sequence[Unit],
               prefixes: dict[int, list[int]], cache: UnitCache | None = None) -> int:
    """Link new wordings' groups to every group whose wordings match; returns pairs checked.

    The count is what makes the index honest: it grows with the matches a wording
    has, not with the size of the corpus (an all-pairs loop would make it quadratic).
    """
    if not new:
        return 0
    pairs: set[tuple[int, int]] = set()
    for u in new:
        found: set[int] = set(r[0] for r in conn.execute(  # equal wordings
            "SELECT unit FROM units WHERE norm_hash = ? ORDER BY unit DESC LIMIT ?",
            (stable_hash(u.norm), PROBE_CAP)))
        ranked = prefixes.get(u.unit, [])
        in_prefix = _prefix_size(len(ranked)) if ranked else 0
        found.discard(u.unit)
        budget = len(found) + PROBE_BUDGET
        for i, g in enumerate(ranked):  # rarest shingle first, both directions
            # longer wordings holding this one hold one of its prefix shingles; shorter
            # ones it holds have one of their prefix shingles among its shingles
            tables = ("postings", "prefixes") if i < in_prefix else ("prefixes",)
            for table in tables:
                for (x,) in conn.execute(f"SELECT unit FROM {table} WHERE shingle = ? "
                                         "ORDER BY unit DESC LIMIT ?", (g, PROBE_PER_SHINGLE)):
                    if x != u.unit and len(found) < budget:
                        found.add(x)
            if len(found) >= budget:
                break  # enough: the statements this wording could join are among them
        found.discard(u.unit)
        pairs.update((min(u.unit, x), max(u.unit, x)) for x in found)
    units = {u.unit: u for u in new}
    units.update(_load_units(conn, sorted({x for p in pairs for x in p} - units.keys()), cache))
    if cache is not None:  # this batch's wordings are the next batches' newest holders
        for u in new:
            cache[u.unit] = u
    names = _group_names(conn, sorted({u.grp for u in units.values()}))
    stock = _Stock(conn)
    runs = _Runs()
    best: dict[tuple[int, int], tuple[int, float, int]] = {}
    for a, b in pairs:
        u, v = units[a], units[b]
        if u.grp == v.grp:
            continue
        link = classify(u, v)
        run = runs.shared(u, v)
        if link is None:
            if run < REQUOTE_RUN or not (names[u.grp] and names[v.grp]):
                continue
            if not agree(names[u.grp], names[v.grp]) or not (
                    has_run(u.words, v.words, _run_part_length(u, v)) or _mostly_held(u, v)):
                continue
            # one speaker's long exact run, most of the shorter wording or with most of
            # its content words in the other: a quote cut and re-ordered, or cut across
            # two pieces, one statement, weakest of links.  A line shared by two
            # otherwise different statements of one speaker leaves most of the shorter
            # one out, and joins nothing.
            link = PART, RUN_PART_SCORE
        if not agree(names[u.grp], names[v.grp]):
            if run < REQUOTE_RUN:
                continue  # two speakers, no long run: never one statement
        elif not _may_join(u, v, names, stock):
            continue
        key = (min(u.grp, v.grp), max(u.grp, v.grp))
        if key not in best or (*link, run) > best[key]:
            best[key] = (*link, run)
    conn.executemany(
        "INSERT INTO links (a, b, kind, score, run) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, score = excluded.score, "
        "run = excluded.run "
        "WHERE (excluded.kind, excluded.score, excluded.run) > "
        "(links.kind, links.score, links.run)",
        [(a, b, k, s, r) for (a, b), (k, s, r) in best.items()])
    return len(pairs)


class _Stock:
    """Is a short wording a stock phrase: do two speakers who cannot be one person both
    say it?  ("at the end of the day", "we are where we are")  Then an occurrence of it
    that credits no one belongs to no statement in particular."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.seen: dict[str, bool] = {}

    def __call__(self, u: Unit) -> bool:
        norm = u.norm
        if norm not in self.seen:
            named = [names_of(r[0]) for r in self.conn.execute(
                "SELECT DISTINCT g.names FROM units x JOIN groups g ON g.grp = x.grp "
                "WHERE x.norm_hash = ? AND x.norm = ? AND g.names <> '[]' LIMIT 20",
                (stable_hash(norm), norm))]
            self.seen[norm] = any(not agree(x, y) for i, x in enumerate(named)
                                  for y in named[i + 1:])
        return self.seen[norm]


def _group_names(conn: sqlite3.Connection, groups: Sequence[int]) -> dict[int, tuple[Name, ...]]:
    found: dict[int, tuple[Name, ...]] = {}
    for chunk in _chunks(groups):
        for grp, names_json in conn.execute(
                f"SELECT grp, names FROM groups WHERE grp IN ({_marks(len(chunk))})", chunk):
            found[grp] = names_of(names_json)
    return found


def _may_join(u: Unit, v: Unit, names: dict[int, tuple[Name, ...]], stock: _Stock) -> bool:
    """May a link between wordings whose speakers agree join their groups?

    A fragment or rewording joins when its speaker agrees or is unknown -- unless it is
    short (under ``REQUOTE_RUN`` words), credits no one and is a stock phrase two
    different speakers use: then it could be anyone's.
    """
    a, b = names[u.grp], names[v.grp]
    if a and b:
        return True
    short = u if len(u.words) <= len(v.words) else v
    if len(short.grams) < 2:
        return False  # three words credited to no one could be anyone's
    return len(short.words) >= REQUOTE_RUN or not stock(short)


def agree(a: tuple[Name, ...], b: tuple[Name, ...]) -> bool:
    """Two occurrences could have one speaker (unknown agrees with anyone)."""
    return not a or not b or any(compatible(x, y) for x in a for y in b)


@functools.lru_cache(maxsize=65_536)
def names_of(names_json: str) -> tuple[Name, ...]:
    """A group's speaker names, from the identities stored with it (cached: names are
    immutable, and one statement's groups are read by every batch that touches it)."""
    return tuple(Name("", *ident) for ident in json.loads(names_json))
