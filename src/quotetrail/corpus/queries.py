"""Reading the store: search, clusters, trails, speakers, stats -- as plain dicts.

The records are those of DESIGN.md (the cluster record, the trail's occurrence
records, ``stats``); the CLI and the web layer print or serve them unchanged.  Every
function takes a connection, so a reader can hold one open while an ingest writes (WAL).

User queries reach FTS5 only escaped (:func:`fts_query`): each word becomes a quoted
string, so FTS5 syntax (``NEAR``, ``*``, column filters, stray quotes) in a query is
searched for as text, never interpreted.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from quotetrail.corpus import related as _related
from quotetrail.corpus import wording
from quotetrail.corpus.schema import TRAIL_KEY as _SCHEMA_TRAIL_KEY
from quotetrail.errors import UsageError
from quotetrail.model import KINDS
from quotetrail.settings import UNCERTAIN_SPEAKER_BELOW

__all__ = [
    "MAX_TRAIL_PAGE", "TRAIL_PAGE_SQL", "SearchFilters", "article", "canonical_dump", "cluster",
    "cluster_page", "current_cluster_id", "fts_query", "recent_clusters", "related", "search",
    "search_page", "sentence_anchors", "shown_attributions", "speaker", "speaker_count",
    "speaker_list", "speaker_outlets", "speaker_quotes", "speaker_weeks", "stats", "trail",
    "trail_page", "trail_summary", "with_first_sentence",
]

#: FTS matches looked at when ranking clusters for a search.
_MAX_MATCHES = 5_000
#: Above this many matches, :func:`search_page` ranks only the most recent _MAX_MATCHES.
_RANK_ALL_LIMIT = 50_000


#: A phrase in a query: words inside straight or curly double quotation marks.
_PHRASE_RE = re.compile(r'"([^"]*\w[^"]*)"|“([^”]*\w[^”]*)”|(\S+)')


def _query_terms(query: str) -> list[str]:
    """The terms of a search query, in order: each quoted phrase, each other word, with
    whitespace collapsed.  NUL characters separate words: FTS5 ends a string at one
    ("unterminated string")."""
    cleaned = query.replace("\x00", " ")
    terms = [m.group(1) or m.group(2) or m.group(3) for m in _PHRASE_RE.finditer(cleaned)]
    return [" ".join(t.split()) for t in terms if t and t.strip()]


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_query(query: str) -> str:
    """An FTS5 query matching every word of ``query`` literally (AND of quoted strings);
    words inside a pair of double quotation marks (``"get out now"``, ``“get out now”``)
    must stand together, in that order (an FTS5 phrase).  Nothing else is an operator:
    FTS5 syntax, stray marks and punctuation are searched for as text.
    """
    terms = _query_terms(query)
    if not terms:
        raise UsageError("the search query is empty")
    return " ".join(_fts_string(t) for t in terms)


def _whole_phrase(query: str) -> str | None:
    """``query``'s words as one FTS5 phrase (in order, side by side), or None when it
    has a single term: the tier that ranks "get out now" said as such above a quote
    that has the three words apart ("now is not the time to get out")."""
    terms = _query_terms(query)
    return _fts_string(" ".join(terms)) if len(terms) >= 2 else None


def _span(value: str | None) -> dict[str, Any] | None:
    return json.loads(value) if value else None


def _speaker_confidence(row: sqlite3.Row) -> float | None:
    """A row's ``speaker_confidence``; None when unknown (stored before it existed, or a
    store not yet migrated, read as it is)."""
    columns = row.keys()
    if "speaker_confidence" not in columns:
        return None
    value = row["speaker_confidence"]
    return None if value is None else float(value)


def _occurrence(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "article_id": row["article_id"], "outlet": row["outlet"], "url": row["url"],
        "published": row["published"], "crawled": row["crawled"], "speaker": row["speaker"],
        "venue": _span(row["venue"]),
        "content": {"start": row["content_start"], "end": row["content_end"],
                    "text": row["content"]},
        "kind": row["kind"], "fragments": json.loads(row["fragments"] or "[]"),
        "speaker_id": row["speaker_id"], "title": row["title"],
        "cluster_id": row["cluster_id"], "speaker_confidence": _speaker_confidence(row),
        # (a Row's ``in`` looks at values, not column names)
        **({"older_revisions": row["older_revisions"]}
           if "older_revisions" in row.keys() else {}),  # noqa: SIM118
    }


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, params).fetchall()


def _keyed_by_identity(conn: sqlite3.Connection) -> bool:
    """Does this store have migration 4 (aliases, revisions)?  A reader of an older store
    reads it as it is."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= 4


def _has_requotes(conn: sqlite3.Connection) -> bool:
    return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= 5


def _has_trail_keys(conn: sqlite3.Connection) -> bool:
    """Does this store keep trail keys (migration 6), so a trail page is an index range?"""
    return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= 6


#: Trail order: dated occurrences by day; within a day, those with a time first (in UTC
#: order), then the date-only ones, which are "that day", never silently first; then the
#: undated, listed apart; ties by outlet, article id, index in the article and key.  It is
#: ``attributions.trail_key`` (migration 6), or the same expression computed for a store
#: read as it was written before it (:data:`quotetrail.corpus.schema.TRAIL_KEY`).
_TRAIL_KEY_EXPR = _SCHEMA_TRAIL_KEY

#: Most occurrences a trail page holds (``trail_page``; the API's ``per_page`` maximum).
MAX_TRAIL_PAGE = 1000

#: One page of a trail: the rowids of its occurrences, in trail order.  With trail keys it
#: is a range of the covering index ``attributions_trail (cluster_id, trail_key)``: no
#: sort, no row read beyond the index entries it steps over.
TRAIL_PAGE_SQL = ("SELECT a.rowid FROM attributions a WHERE a.cluster_id = ? "
                  "ORDER BY a.trail_key LIMIT ? OFFSET ?")
_TRAIL_PAGE_SQL_OLD = ("SELECT a.rowid FROM attributions a JOIN articles ar ON ar.rowid = "
                       f"a.article WHERE a.cluster_id = ? ORDER BY {_TRAIL_KEY_EXPR} "
                       "LIMIT ? OFFSET ?")


def _trail_rows(conn: sqlite3.Connection, rowids: list[int]) -> list[sqlite3.Row]:
    """The occurrence rows of these attributions (in no particular order)."""
    requotes = _has_requotes(conn)
    out: list[sqlite3.Row] = []
    for i in range(0, len(rowids), 500):
        chunk = rowids[i:i + 500]
        out.extend(_rows(
            conn,
            "SELECT a.*, ar.article_id, ar.outlet, ar.url, ar.published, ar.crawled, ar.title, "
            "ar.sort_date, "
            + ("(SELECT COUNT(*) FROM articles o WHERE o.superseded_by = ar.rowid)"
               if _keyed_by_identity(conn) else "0") + " AS older_revisions, "
            + ("o.speaker AS outer_speaker, o.rowid AS outer_rowid "
               if requotes else "NULL AS outer_speaker, NULL AS outer_rowid ")
            + "FROM attributions a JOIN articles ar ON ar.rowid = a.article "
            + ("LEFT JOIN attributions o ON o.rowid = a.requote_of " if requotes else "")
            + f"WHERE a.rowid IN ({','.join('?' * len(chunk))})", tuple(chunk)))
    return out


def trail_page(conn: sqlite3.Connection, cluster_id: str, *, limit: int | None = None,
               offset: int = 0, sentence_links: bool = False
               ) -> tuple[int, list[dict[str, Any]]]:
    """(how many occurrences the cluster has, ``limit`` of them from ``offset``) in trail
    order (see ``_TRAIL_KEY_EXPR``); ``limit`` None is the rest of the trail.

    A page costs an index range (``TRAIL_PAGE_SQL``) and its own rows, whatever the size
    of the cluster; the count is the cluster row's kept ``n_occurrences``.  Each occurrence
    says how precisely it is dated (``date_precision``: "time", "day" or null), whether it
    is a **re-quote** -- the words inside another speaker's quotation marks, or words
    credited to someone other than the statement's speaker -- with who repeated them
    (``requoted_by``), and how its wording differs from the statement's root wording
    (``differences``, :func:`quotetrail.corpus.wording.differences`).  Only the newest
    revision of an article is in a trail; ``older_revisions`` says how many earlier texts
    its URL had.

    ``sentence_links`` adds each occurrence's ``anchor`` (:func:`sentence_anchors`), what
    a page needs to link it to its sentence; the API and CLI records go without it."""
    principal = conn.execute("SELECT speaker_id, text, n_occurrences FROM clusters "
                             "WHERE cluster_id = ?", (cluster_id,)).fetchone()
    if principal is None:
        return 0, []
    speaker_id, root, total = principal
    sql = TRAIL_PAGE_SQL if _has_trail_keys(conn) else _TRAIL_PAGE_SQL_OLD
    rowids = [r[0] for r in conn.execute(sql, (cluster_id, -1 if limit is None else limit,
                                               max(0, offset)))]
    by_id = {r["rowid"]: r for r in _trail_rows(conn, rowids)}
    out = []
    for rowid in rowids:
        r = by_id[rowid]
        occ = _occurrence(r)
        date = r["sort_date"]
        occ["date_precision"] = None if not date else ("day" if len(date) == 10 else "time")
        if r["outer_rowid"] is not None:
            occ["requote"], occ["requoted_by"] = True, r["outer_speaker"]
        elif speaker_id and r["speaker_id"] and \
                speaker_id not in r["speaker_id"].split("+"):
            occ["requote"], occ["requoted_by"] = True, r["speaker"]
        else:
            occ["requote"], occ["requoted_by"] = False, None
        occ["differences"] = wording.differences(root, wording.occurrence_parts(
            r["kind"], occ["content"], r["fragments"], r["outer_rowid"] is not None))
        out.append(occ)
    if sentence_links:
        _add_anchors(conn, rowids, out)
    return int(total), out


def trail(conn: sqlite3.Connection, cluster_id: str, *, limit: int | None = None,
          offset: int = 0) -> list[dict[str, Any]]:
    """A cluster's occurrences in publication order, as :func:`trail_page` gives them
    (all of them unless ``limit``)."""
    return trail_page(conn, cluster_id, limit=limit, offset=offset)[1]


def current_cluster_id(conn: sqlite3.Connection, cluster_id: str) -> str | None:
    """The id a cluster has now: itself, the cluster it was merged into (an id given out
    before a merge or a rebuild stays valid), or None when there is no such cluster."""
    if conn.execute("SELECT 1 FROM clusters WHERE cluster_id = ?", (cluster_id,)).fetchone():
        return cluster_id
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) < 5:
        return None
    row = conn.execute("SELECT new FROM cluster_redirects WHERE old = ?", (cluster_id,)
                       ).fetchone()
    return row[0] if row else None


def cluster(conn: sqlite3.Connection, cluster_id: str, *,
            occurrences: bool = True) -> dict[str, Any] | None:
    """The cluster record of DESIGN.md, or None when there is no such cluster."""
    rows = _rows(conn,
                 "SELECT c.*, s.name AS speaker_name FROM clusters c LEFT JOIN speakers s "
                 "ON s.speaker_id = c.speaker_id WHERE c.cluster_id = ?", (cluster_id,))
    if not rows:
        return None
    c = rows[0]
    variants = json.loads(c["variants"])
    record: dict[str, Any] = {
        "cluster_id": c["cluster_id"], "text": c["text"],
        "speaker": c["speaker_name"] or c["speaker"], "speaker_id": c["speaker_id"],
        "first_seen": c["first_seen"], "variants": variants,
        # ``text`` is the fullest quoted wording when there is one (the speaker's own
        # words), else the fullest paraphrase: pages show only the former as a quote
        "verbatim": bool(c["text"]) and bool(variants),
        "speaker_disagreement": bool(c["speaker_disagreement"]),
        "n_occurrences": c["n_occurrences"], "n_articles": c["n_articles"],
        "n_outlets": c["n_outlets"], "speaker_confidence": _speaker_confidence(c),
    }
    if occurrences:
        record["occurrences"] = trail(conn, cluster_id)
    return record


def cluster_page(conn: sqlite3.Connection, cluster_id: str, *, limit: int = 100,
                 offset: int = 0, sentence_links: bool = False) -> dict[str, Any] | None:
    """The cluster record with one page of its trail (``limit`` occurrences from
    ``offset``, :func:`trail_page`), ``total`` (all its occurrences) and the statements
    ``related`` to it (:func:`related`); None when there is no such cluster.

    ``sentence_links``: each occurrence gets its ``anchor`` and each related statement
    its ``first_sentence`` (:func:`with_first_sentence`), for the page's links."""
    record = cluster(conn, cluster_id, occurrences=False)
    if record is None:
        return None
    total, occurrences = trail_page(conn, cluster_id, limit=limit, offset=offset,
                                    sentence_links=sentence_links)
    neighbours = related(conn, cluster_id)
    if sentence_links:
        neighbours = with_first_sentence(conn, neighbours)
    record.update(total=total, occurrences=occurrences, related=neighbours)
    return record


def related(conn: sqlite3.Connection, cluster_id: str, *,
            limit: int = _related.LIMIT) -> list[dict[str, Any]]:
    """Statements related to a cluster (:mod:`quotetrail.corpus.related`): by the same
    speaker in the same articles, or sharing a substantial part of its wording.  Each is
    the cluster's summary record (as :func:`search` gives one, without occurrences) plus
    ``relations``, ``same_speaker_articles``, ``overlap`` and ``shared``."""
    out = []
    for entry in _related.related(conn, cluster_id, limit=limit,
                                  keyed=_has_trail_keys(conn)):
        summary = cluster(conn, entry["cluster_id"], occurrences=False)
        if summary is not None:
            out.append({**summary, **entry})
    return out


def trail_summary(conn: sqlite3.Connection, cluster_id: str) -> list[dict[str, Any]]:
    """A whole trail as a timeline draws it: one record per (outlet, day, speaker as
    credited, uncertain or not), in trail order of its first occurrence, with how many
    occurrences it holds (``n``) and the first one's ``article_id`` and
    ``speaker_confidence`` (SQLite gives the bare columns of the row ``MIN`` picks; the
    record's occurrences are all uncertain or all not).  ``published`` is the day (UTC).

    One grouped pass over the cluster's index range that builds no occurrence records, so
    a page can chart a trail of tens of thousands while listing a page of it."""
    key = "a.trail_key" if _has_trail_keys(conn) else _TRAIL_KEY_EXPR
    rows = conn.execute(
        f"SELECT MIN({key}) AS first, ar.article_id, ar.outlet, substr(ar.sort_date, 1, 10), "
        "a.speaker, a.speaker_id, a.speaker_confidence, COUNT(*) "
        "FROM attributions a JOIN articles ar ON ar.rowid = a.article WHERE a.cluster_id = ? "
        "GROUP BY ar.outlet, substr(ar.sort_date, 1, 10), a.speaker, a.speaker_id, "
        "coalesce(a.speaker_confidence, 1) < ? ORDER BY first",
        (cluster_id, UNCERTAIN_SPEAKER_BELOW)).fetchall()
    return [{"article_id": article_id, "outlet": outlet, "published": day, "crawled": None,
             "speaker": speaker, "speaker_id": speaker_id, "speaker_confidence": conf,
             "n": n} for _first, article_id, outlet, day, speaker, speaker_id, conf, n in rows]


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20,
           occurrences: bool = True, filters: SearchFilters | None = None
           ) -> list[dict[str, Any]]:
    """Clusters matching every word of ``query``, narrowed and ranked as
    :func:`search_page` does it (matches in the quote's own words first), each with its
    trail when ``occurrences``."""
    results = search_page(conn, query, filters=filters or SearchFilters(), limit=limit)[1]
    if occurrences:
        for r in results:
            r["occurrences"] = trail(conn, r["cluster_id"])
    return results


def _speaker_record(r: sqlite3.Row) -> dict[str, Any]:
    return {"speaker_id": r["speaker_id"], "name": r["name"], "kind": r["kind"],
            "aliases": json.loads(r["aliases"]), "attributions": r["n_attributions"],
            "articles": r["n_articles"], "clusters": r["n_clusters"]}


def speaker_list(conn: sqlite3.Connection, *, limit: int | None = None,
                 offset: int = 0) -> Iterator[dict[str, Any]]:
    """Speakers with aliases and counts, most quoted first (``offset`` pages through them)."""
    sql = "SELECT * FROM speakers ORDER BY n_attributions DESC, speaker_id"
    params: tuple[int, ...] = ()
    if limit or offset:
        sql += " LIMIT ? OFFSET ?"
        params = (limit if limit else -1, offset)
    for r in _rows(conn, sql, params):
        yield _speaker_record(r)


def speaker_count(conn: sqlite3.Connection) -> int:
    """How many speakers the store knows (what :func:`speaker_list` pages through)."""
    return int(conn.execute("SELECT COUNT(*) FROM speakers").fetchone()[0])


def speaker(conn: sqlite3.Connection, speaker_id: str) -> dict[str, Any] | None:
    """One speaker's record (as :func:`speaker_list` gives it), or None."""
    rows = _rows(conn, "SELECT * FROM speakers WHERE speaker_id = ?", (speaker_id,))
    return _speaker_record(rows[0]) if rows else None


# Every occurrence crediting a speaker, joint attributions included: the per-person ids
# live in attribution_speakers (``attributions.speaker_id`` of a joint one is "a+b").
_SPEAKER_FROM = ("FROM attribution_speakers s JOIN attributions a ON a.rowid = s.attribution "
                 "JOIN articles ar ON ar.rowid = a.article WHERE s.speaker_id = ?")


def speaker_quotes(conn: sqlite3.Connection, speaker_id: str, *, limit: int = 50,
                   offset: int = 0, sentence_links: bool = False
                   ) -> tuple[int, list[dict[str, Any]]]:
    """(how many, a page of) the occurrences crediting a speaker, newest first.

    Undated articles come last.  Records are trail occurrence records; with
    ``sentence_links`` each has its ``anchor`` (:func:`sentence_anchors`).
    """
    total = conn.execute(f"SELECT COUNT(DISTINCT a.rowid) {_SPEAKER_FROM}",
                         (speaker_id,)).fetchone()[0]
    rows = _rows(conn,
                 "SELECT DISTINCT a.*, ar.article_id, ar.outlet, ar.url, ar.published, ar.crawled, "
                 f"ar.title, ar.sort_date {_SPEAKER_FROM} ORDER BY ar.sort_date IS NULL, "
                 "ar.sort_date DESC, ar.article_id, a.idx LIMIT ? OFFSET ?",
                 (speaker_id, limit, offset))
    quotes = [_occurrence(r) for r in rows]
    if sentence_links:
        _add_anchors(conn, [r["rowid"] for r in rows], quotes)
    return total, quotes


def speaker_outlets(conn: sqlite3.Connection, speaker_id: str,
                    limit: int = 50) -> list[tuple[str | None, int]]:
    """Outlets that quoted a speaker, with how many of the speaker's quotes each carried."""
    return [(r[0], r[1]) for r in conn.execute(
        f"SELECT ar.outlet, COUNT(DISTINCT a.rowid) AS n {_SPEAKER_FROM} "
        "GROUP BY ar.outlet ORDER BY n DESC, ar.outlet LIMIT ?", (speaker_id, limit))]


def speaker_weeks(conn: sqlite3.Connection, speaker_id: str) -> list[tuple[str, int]]:
    """Quotes per ISO week (``YYYY-MM-DD`` of its Monday), every week between first and last.

    Weeks without a quote are present with 0 so that a chart shows gaps as gaps.
    Undated occurrences are not counted.
    """
    per_day = conn.execute(
        f"SELECT substr(ar.sort_date, 1, 10) AS d, COUNT(DISTINCT a.rowid) {_SPEAKER_FROM} "
        "AND ar.sort_date IS NOT NULL GROUP BY d", (speaker_id,)).fetchall()
    weeks: Counter[date] = Counter()
    for day, n in per_day:
        try:
            d = date.fromisoformat(day)
        except ValueError:
            continue
        weeks[d - timedelta(days=d.weekday())] += n
    if not weeks:
        return []
    out = []
    week, last = min(weeks), max(weeks)
    while week <= last:
        out.append((week.isoformat(), weeks.get(week, 0)))
        week += timedelta(days=7)
    return out


def recent_clusters(conn: sqlite3.Connection, limit: int = 10, *,
                    sentence_links: bool = False) -> list[dict[str, Any]]:
    """The clusters first seen most recently (dated ones), as records without occurrences
    (each with its ``first_sentence`` when ``sentence_links``, :func:`with_first_sentence`)."""
    ids = [r[0] for r in conn.execute(
        "SELECT cluster_id FROM clusters WHERE first_seen IS NOT NULL "
        "ORDER BY first_seen DESC, n_occurrences DESC, cluster_id LIMIT ?", (limit,))]
    records = [r for c in ids if (r := cluster(conn, c, occurrences=False)) is not None]
    return with_first_sentence(conn, records) if sentence_links else records


@dataclass(slots=True, frozen=True)
class SearchFilters:
    """Narrowing a search: who is credited, which outlet, which dates (inclusive, ISO),
    which kind of attribution (``direct``, ``mixed`` or ``indirect``)."""

    speaker: str | None = None
    kind: str | None = None
    outlet: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def search_page(conn: sqlite3.Connection, query: str, *,
                filters: SearchFilters = SearchFilters(), limit: int = 20,
                offset: int = 0, sentence_links: bool = False
                ) -> tuple[int, list[dict[str, Any]]]:
    """(number of clusters found, one page of them) for ``query``, narrowed by ``filters``.

    A match in the quote's own words (its content) ranks above one in its speaker's
    names or its article's title only, whatever bm25 says: someone searching "get out
    now" wants the quotes that say it, not every article headlined with it.  Among the
    quote matches, those holding the query's words side by side, in order, come first
    (a query of several terms is also tried as one phrase).  Within each tier clusters
    go by their best-ranked match (FTS5's bm25), then by size.  Each
    result says why it matched: ``matched`` is ``"quote"`` (the words are in one of its
    wordings) or ``"speaker or title"``.

    A cluster is kept when one of its matching occurrences passes every filter:
    ``speaker`` is a speaker id or a display name (case-insensitive) and matches joint
    attributions too; ``outlet`` is compared case-insensitively; dates compare the
    article's publication (else crawl) date; ``kind`` the attribution's kind.  The
    count covers the first matches FTS5 ranks (``_MAX_MATCHES``) in each tier.

    Ranking every match costs time in proportion to their number (bm25 over 600,000
    matches of a very common word takes about a second), so when more than
    ``_RANK_ALL_LIMIT`` attributions match, only the ``_MAX_MATCHES`` most recently
    stored ones are ranked: a bounded cost per request for the web server.

    ``sentence_links`` adds each result's ``first_sentence`` (:func:`with_first_sentence`).
    """
    fts = fts_query(query)
    if filters.kind is not None and filters.kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}, not {filters.kind!r}")
    where: list[str] = []
    extra: list[Any] = []
    if filters.speaker:
        where.append("EXISTS (SELECT 1 FROM attribution_speakers s WHERE s.attribution = a.rowid "
                     "AND s.speaker_id IN (SELECT speaker_id FROM speakers WHERE speaker_id = ? "
                     "OR name = ? COLLATE NOCASE))")
        extra += [filters.speaker, filters.speaker]
    if filters.outlet:
        where.append("ar.outlet = ? COLLATE NOCASE")
        extra.append(filters.outlet)
    if filters.date_from:
        where.append("ar.sort_date >= ?")
        extra.append(filters.date_from.isoformat())
    if filters.date_to:
        where.append("ar.sort_date < ?")
        extra.append((filters.date_to + timedelta(days=1)).isoformat())
    if filters.kind:
        where.append("a.kind = ?")
        extra.append(filters.kind)
    joins_article = bool(filters.outlet or filters.date_from or filters.date_to)
    best: dict[str, tuple[int, int]] = {}
    size: dict[str, int] = {}
    phrase = _whole_phrase(query)
    quote_tiers = [f"content : ({fts})"] if phrase is None else [
        f"content : {phrase}", f"content : ({fts})"]
    for tier, match in enumerate((*quote_tiers, fts)):
        n_matches = conn.execute("SELECT COUNT(*) FROM attr_fts WHERE attr_fts MATCH ?",
                                 (match,)).fetchone()[0]
        order = "rank" if n_matches <= _RANK_ALL_LIMIT else "rowid DESC"
        sql = ("SELECT a.cluster_id, c.n_occurrences FROM (SELECT rowid, rank FROM attr_fts "
               f"WHERE attr_fts MATCH ? ORDER BY {order} LIMIT ?) m "
               "JOIN attributions a ON a.rowid = m.rowid "
               "JOIN clusters c ON c.cluster_id = a.cluster_id "
               + ("JOIN articles ar ON ar.rowid = a.article " if joins_article else "")
               + ("WHERE " + " AND ".join(where) + " " if where else "") + "ORDER BY m.rank")
        for rank, (cid, n) in enumerate(conn.execute(sql, [match, _MAX_MATCHES, *extra])):
            best.setdefault(cid, (tier, rank))
            size[cid] = n
    ranked = sorted(best, key=lambda c: (best[c], -size[c], c))[offset:offset + limit]
    out = []
    for c in ranked:
        record = cluster(conn, c, occurrences=False)
        if record is not None:
            record["matched"] = "quote" if best[c][0] < len(quote_tiers) else "speaker or title"
            out.append(record)
    return len(best), with_first_sentence(conn, out) if sentence_links else out


def stats(conn: sqlite3.Connection) -> dict[str, int]:
    """``{"articles", "attributions", "clusters", "speakers"}``: counts of each."""
    return {name: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for name, table in (("articles", "articles"), ("attributions", "attributions"),
                                ("clusters", "clusters"), ("speakers", "speakers"))}


def article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """One stored article with its attributions (``text`` is null under --no-store-text)."""
    keyed = _keyed_by_identity(conn)
    rows = _rows(conn, "SELECT * FROM articles WHERE article_id = ?", (article_id,)) or (
        _rows(conn, "SELECT ar.* FROM article_aliases x JOIN articles ar ON ar.rowid = "
                    "x.article WHERE x.alias = ?", (article_id,)) if keyed else [])
    if not rows:
        return None
    a = rows[0]
    aliases = [r[0] for r in conn.execute(
        "SELECT alias FROM article_aliases WHERE article = ? ORDER BY alias", (a["rowid"],))
               ] if keyed else []
    revisions = [r[0] for r in conn.execute(
        "SELECT article_id FROM articles WHERE ident = ? AND url IS NOT NULL AND rowid <> ? "
        "ORDER BY sort_date, rowid", (a["ident"], a["rowid"]))] if a["url"] else []
    newest = conn.execute("SELECT article_id FROM articles WHERE rowid = ?",
                          (a["superseded_by"],)).fetchone() \
        if keyed and a["superseded_by"] else None
    copies = [r[0] for r in conn.execute(
        "SELECT article_id FROM articles WHERE text_hash = ? AND rowid <> ? ORDER BY article_id",
        (a["text_hash"], a["rowid"]))]
    atts = [{
        "kind": r["kind"],
        "content": {"start": r["content_start"], "end": r["content_end"], "text": r["content"]},
        "fragments": json.loads(r["fragments"]), "cue": _span(r["cue"]),
        "source": _span(r["source"]), "speaker": r["speaker"],
        "speakers": json.loads(r["speakers"]), "speaker_type": r["speaker_type"],
        "addressee": _span(r["addressee"]), "venue": _span(r["venue"]),
        "confidence": r["confidence"], "speaker_confidence": _speaker_confidence(r),
        "speaker_id": r["speaker_id"], "cluster_id": r["cluster_id"],
    } for r in shown_attributions(conn, a["rowid"])]
    return {"id": a["article_id"], "location": a["location"], "title": a["title"],
            "outlet": a["outlet"], "url": a["url"], "published": a["published"],
            "crawled": a["crawled"], "text": a["text"], "text_hash": a["text_hash"],
            "copies": copies, "aliases": aliases, "revisions": revisions,
            "superseded_by": newest[0] if newest else None,
            "model": a["model"], "attributions": atts}


def shown_attributions(conn: sqlite3.Connection, article_rowid: int, columns: str = "*"
                       ) -> list[sqlite3.Row]:
    """The attributions an article's record lists, in its order: the engine's own, by their
    index in the article; the re-quotes the store derives from them (words inside their
    quotation marks) are not listed.

    The article page numbers them in this order (``#att-1``, ``#att-2``, …), so this is
    the one definition of those numbers: :func:`article` lists these rows and
    :func:`sentence_anchors` counts them.  ``columns`` is the select list.
    """
    return _rows(conn, f"SELECT {columns} FROM attributions WHERE article = ? "
                 + ("AND requote_of IS NULL " if _has_requotes(conn) else "")
                 + "ORDER BY idx, rowid", (article_rowid,))


def sentence_anchors(conn: sqlite3.Connection, rowids: Iterable[int]) -> dict[int, int]:
    """For attributions (by rowid), the number ``N`` of the ``#att-N`` anchor that opens
    their sentence on their article page, so that a list can link each quote to it.

    ``N`` is the attribution's place among :func:`shown_attributions`.  A re-quote the
    store derived (``requote_of``) is not listed on the page: it gets the number of the
    attribution whose words hold it.  An attribution the page does not show otherwise
    gets no number (a link to the article alone is all there is).  One query per article
    concerned: a page of 100 occurrences costs at most 100 small index reads.
    """
    wanted = sorted(set(rowids))
    outer = "requote_of" if _has_requotes(conn) else "NULL"
    shown_as: dict[int, int] = {}
    articles: set[int] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        for rowid, article_rowid, holder in conn.execute(
                f"SELECT rowid, article, {outer} FROM attributions "
                f"WHERE rowid IN ({','.join('?' * len(chunk))})", chunk):
            shown_as[rowid] = rowid if holder is None else holder
            articles.add(article_rowid)
    number: dict[int, int] = {}
    for article_rowid in sorted(articles):
        number.update((r["rowid"], n) for n, r in
                      enumerate(shown_attributions(conn, article_rowid, "rowid"), 1))
    return {rowid: number[target] for rowid, target in shown_as.items() if target in number}


def _add_anchors(conn: sqlite3.Connection, rowids: list[int],
                 records: list[dict[str, Any]]) -> None:
    """Set ``anchor`` (:func:`sentence_anchors`, or None) on ``records``, one per rowid."""
    anchors = sentence_anchors(conn, rowids)
    for rowid, record in zip(rowids, records, strict=True):
        record["anchor"] = anchors.get(rowid)


def with_first_sentence(conn: sqlite3.Connection,
                        records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cluster records, each with ``first_sentence``: where the statement was first seen
    -- the first occurrence of its trail, as ``{"article_id", "outlet", "published",
    "crawled", "anchor"}`` (``anchor`` as :func:`sentence_anchors` gives it, or None) --
    or None for a cluster without occurrences.

    A list of statements (search results, recent quotes, related statements) links each
    to the sentence of the article that carried it first: what a reporter checks before
    quoting it.  One index read per cluster (the trail's first step) and one per article.
    """
    sql = TRAIL_PAGE_SQL if _has_trail_keys(conn) else _TRAIL_PAGE_SQL_OLD
    firsts: dict[str, int] = {}
    for record in records:
        row = conn.execute(sql, (record["cluster_id"], 1, 0)).fetchone()
        if row is not None:
            firsts[record["cluster_id"]] = row[0]
    anchors = sentence_anchors(conn, firsts.values())
    out = []
    for record in records:
        rowid = firsts.get(record["cluster_id"])
        first = None
        if rowid is not None:
            article_id, outlet, published, crawled = conn.execute(
                "SELECT ar.article_id, ar.outlet, ar.published, ar.crawled FROM attributions a "
                "JOIN articles ar ON ar.rowid = a.article WHERE a.rowid = ?", (rowid,)
            ).fetchone()
            first = {"article_id": article_id, "outlet": outlet, "published": published,
                     "crawled": crawled, "anchor": anchors.get(rowid)}
        out.append({**record, "first_sentence": first})
    return out


def canonical_dump(conn: sqlite3.Connection, *, reader_ids: bool = True
                   ) -> dict[str, list[Any]]:
    """The whole corpus without row numbers or run logs, in a content-defined order.

    Two stores with equal dumps hold the same corpus: what the resumption and engine
    comparisons in the tests check.  ``reader_ids=False`` leaves out what depends on how
    the inputs were named (``article_id``, ``location``, aliases): two ingests of the same
    files under other paths or walk roots must agree on the rest.
    """
    def table(sql: str) -> list[Any]:
        return [list(r) for r in conn.execute(sql)]

    return {
        "articles": table(
            "SELECT uid, " + ("article_id, location, " if reader_ids else "") +
            "ident, text_hash, title, outlet, url, published, crawled, sort_date, text, "
            "n_chars, model, (SELECT uid FROM articles n WHERE n.rowid = articles.superseded_by) "
            "FROM articles ORDER BY uid"),
        "attributions": table(
            "SELECT key, kind, content_start, content_end, content, fragments, cue, source, "
            "speaker, speakers, speaker_type, addressee, venue, confidence, speaker_confidence, "
            "speaker_id, cluster_id FROM attributions ORDER BY key"),
        "speaker_names": table(
            "SELECT a.key, s.position, s.raw, s.speaker_id, f.key, s.gender FROM "
            "attribution_speakers s JOIN attributions a ON a.rowid = s.attribution "
            "LEFT JOIN name_forms f ON f.form = s.form ORDER BY a.key, s.position"),
        "groups": table(
            "SELECT g.gkey, g.names, g.cluster_id, (SELECT group_concat(key, ' ') FROM "
            "(SELECT a.key FROM attributions a WHERE a.grp = g.grp ORDER BY a.key)) "
            "FROM groups g ORDER BY g.gkey"),
        "links": table(
            "SELECT MIN(x.gkey, y.gkey) AS k1, MAX(x.gkey, y.gkey) AS k2, l.kind, l.score "
            "FROM links l JOIN groups x ON x.grp = l.a "
            "JOIN groups y ON y.grp = l.b ORDER BY k1, k2"),
        "units": table(
            "SELECT g.gkey, u.norm, u.n_shingles FROM units u JOIN groups g ON "
            "g.grp = u.grp ORDER BY g.gkey, u.norm"),
        "name_forms": table("SELECT key, kind, bucket, n_m, n_f, speaker_id FROM name_forms "
                            "ORDER BY key"),
        "form_conflicts": table(
            "SELECT c.bucket, x.key, y.key FROM form_conflicts c JOIN name_forms x ON "
            "x.form = c.a JOIN name_forms y ON y.form = c.b ORDER BY 1, 2, 3"),
        **({"article_aliases": table(
            "SELECT x.alias, ar.uid FROM article_aliases x JOIN articles ar ON ar.rowid = "
            "x.article ORDER BY x.alias")} if reader_ids else {}),
        "org_pairs": table("SELECT * FROM org_pairs ORDER BY bucket, acronym, long"),
        "name_pairs": table("SELECT * FROM name_pairs ORDER BY bucket, real_key, stage_key"),
        "speaker_edits": table("SELECT op, form_key, target_key, tag, bucket, made FROM "
                               "speaker_edits ORDER BY edit"),
        "clusters": table("SELECT * FROM clusters ORDER BY cluster_id"),
        "speakers": table("SELECT * FROM speakers ORDER BY speaker_id"),
    }
