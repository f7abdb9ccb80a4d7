"""Statement clustering on the multi-outlet stories written for it (tests/data/statements/stories).

    .venv/bin/python benchmarks/statement_stories.py                 # ingest, then score
    .venv/bin/python benchmarks/statement_stories.py --store S.db    # score a store
    .venv/bin/python benchmarks/statement_stories.py --errors        # list what went wrong
    .venv/bin/python benchmarks/statement_stories.py --rebuild       # after a rebuild

Three invented stories (a mayor's evacuation order, a chief executive's job cuts, a
footballer's remark), each in seven or eight outlets, hold one main statement in full,
truncated, as three- to five-word fragments, reworded, with no named speaker, under name
variants and re-quoted by a rival, beside stock phrases ("at the end of the day") that
other speakers use and other statements of the same speakers.  ``expected.json`` labels
every occurrence with its statement (README.md there).

Each labelled occurrence is matched to the stored attribution of its article whose
content or quoted fragment overlaps it most (the tightest among equals: a re-quote the
store derived inside a quotation); its *cluster* is that attribution's.
Figures:

* **pairwise recall**: of the pairs of occurrences of one statement whose two occurrences
  were extracted, the share in one cluster (and end to end, counting the others as
  missed);
* **wrong merges**: of the ``must_not_join`` pairs of statements, the share that share a
  cluster anywhere;
* **first appearance**: per statement with a dated occurrence, whether its cluster's
  trail starts at the article labelled first (undated and date-only articles are never
  first);
* **re-quotes**: per re-quote occurrence, whether it is in the original's cluster.

The store is built with ``quotetrail ingest`` from the stories' JSONL (the real engine),
into a temporary directory unless ``--store`` names one.  Results:
``benchmarks/results/statement_stories.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT / "tests" / "data" / "statements" / "stories"
OUT = ROOT / "benchmarks" / "results" / "statement_stories.json"


def load_expected(stories: Path = STORIES) -> dict[str, Any]:
    return json.loads((stories / "expected.json").read_text(encoding="utf-8"))


def build_store(db: Path, stories: Path = STORIES) -> None:
    from quotetrail.jobs.ingest import ingest

    files = sorted(str(p) for p in stories.glob("*.jsonl"))
    report = ingest(files, str(db), workers=1)
    if report.failed:
        raise SystemExit(f"ingest failed for {report.failed} documents")


def _attributions(conn: sqlite3.Connection, article_id: str) -> list[tuple[int, int, list, str]]:
    row = conn.execute("SELECT rowid FROM articles WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return []
    return [(s, e, json.loads(fr), cid) for s, e, fr, cid in conn.execute(
        "SELECT content_start, content_end, fragments, cluster_id FROM attributions "
        "WHERE article = ? AND cluster_id IS NOT NULL", (row[0],))]


def cluster_of(conn: sqlite3.Connection, occ: dict[str, Any]) -> str | None:
    """The cluster of the stored attribution overlapping the occurrence most."""
    start = occ["start"]
    end = start + len(occ["wording"])
    best, score = None, (0, 0)
    for s, e, fragments, cid in _attributions(conn, occ["article"]):
        spans = [(f["start"], f["end"]) for f in fragments] or [(s, e)]
        o = max(min(end, b) - max(start, a) for a, b in spans)
        key = (o, -(e - s))  # most overlap, then the tightest (a re-quote inside a quote)
        if o > 0 and key > score:
            best, score = cid, key
    return best


def current_id(conn: sqlite3.Connection, cid: str) -> str:
    from quotetrail.corpus.queries import current_cluster_id

    return current_cluster_id(conn, cid) or cid


def score(db: Path, expected: dict[str, Any]) -> dict[str, Any]:
    from quotetrail.corpus import queries
    from quotetrail.corpus.store import open_readonly

    conn = open_readonly(db)
    statements = [s for story in expected["stories"].values() for s in story["statements"]]
    clusters: dict[str, list[str | None]] = {
        s["statement"]: [cluster_of(conn, o) for o in s["occurrences"]] for s in statements}
    same = found = end_to_end = 0
    errors: list[str] = []
    for s in statements:
        cids = clusters[s["statement"]]
        for (i, a), (j, b) in itertools.combinations(enumerate(cids), 2):
            end_to_end += 1
            if a is None or b is None:
                continue
            found += 1
            if a == b:
                same += 1
            else:
                oa, ob = s["occurrences"][i], s["occurrences"][j]
                errors.append(f"split {s['statement']}: {oa['form']} {oa['wording'][:40]!r} "
                              f"({oa['article']}) / {ob['form']} {ob['wording'][:40]!r} "
                              f"({ob['article']})")
    wrong = 0
    pairs = [p for story in expected["stories"].values() for p in story.get("must_not_join", [])]
    pairs += expected.get("must_not_join", [])
    for a, b in pairs:
        if {c for c in clusters.get(a, []) if c} & {c for c in clusters.get(b, []) if c}:
            wrong += 1
            errors.append(f"merged {a} + {b}")
    first_right = 0
    dated = [s for s in statements if s["first"]]
    for s in dated:
        cids = [c for c in clusters[s["statement"]] if c]
        if not cids:
            continue
        main = max(set(cids), key=cids.count)
        trail = queries.trail(conn, current_id(conn, main))
        if trail and trail[0]["article_id"] == s["first"]:
            first_right += 1
        else:
            errors.append(f"first {s['statement']}: {trail[0]['article_id'] if trail else None} "
                          f"(expected {s['first']})")
    requotes = [(s, i) for s in statements for i, o in enumerate(s["occurrences"])
                if o["form"] == "requote"]
    requotes_joined = 0
    for s, i in requotes:
        cids = clusters[s["statement"]]
        others = [c for j, c in enumerate(cids) if j != i and c]
        if cids[i] and others and cids[i] == max(set(others), key=others.count):
            requotes_joined += 1
    n_occ = sum(len(s["occurrences"]) for s in statements)
    extracted = sum(c is not None for cids in clusters.values() for c in cids)
    conn.close()
    return {
        "statements": len(statements), "occurrences": n_occ, "extracted": extracted,
        "pairwise_recall": round(same / found, 4) if found else None,
        "pairs_extracted": found, "pairs_same_cluster": same,
        "pairwise_recall_end_to_end": round(same / end_to_end, 4) if end_to_end else None,
        "must_not_join": len(pairs), "wrong_merges": wrong,
        "first_appearance_right": first_right, "dated_statements": len(dated),
        "requotes": len(requotes),
        "requotes_joined": requotes_joined, "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="score this store instead of building one")
    ap.add_argument("--stories", type=Path, default=STORIES)
    ap.add_argument("--errors", action="store_true", help="print every miss")
    ap.add_argument("--rebuild", action="store_true",
                    help="score after 'quotetrail rebuild' (the canonical cut)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    expected = load_expected(args.stories)
    if args.store:
        rep = score(args.store, expected)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "stories.db"
            build_store(db, args.stories)
            if args.rebuild:
                from quotetrail.corpus.store import Store

                with Store(db) as store:
                    store.rebuild()
            rep = score(db, expected)
    print(f"statements {rep['statements']}, occurrences {rep['occurrences']} "
          f"({rep['extracted']} extracted)")
    print(f"pairwise recall {rep['pairwise_recall']} ({rep['pairs_same_cluster']}/"
          f"{rep['pairs_extracted']}), end to end {rep['pairwise_recall_end_to_end']}")
    print(f"wrong merges {rep['wrong_merges']}/{rep['must_not_join']}; first appearance right "
          f"{rep['first_appearance_right']}/{rep['dated_statements']}; re-quotes joined "
          f"{rep['requotes_joined']}/{rep['requotes']}")
    if args.errors:
        for e in rep["errors"]:
            print("  " + e)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({k: v for k, v in rep.items() if k != "errors"}, indent=1)
                        + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
