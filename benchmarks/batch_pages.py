#!/usr/bin/env python3
"""Which pages one batch commit writes, by table and index (issue 9, "flat cost").

    PYTHONPATH=benchmarks .venv/bin/python benchmarks/store_growth.py --mode one-quote \\
        --articles 20000 --db /tmp/s20k.db --out /tmp/s20k.json
    PYTHONPATH=benchmarks .venv/bin/python benchmarks/batch_pages.py /tmp/s20k.db 20000

A store made by ``store_growth.py`` (``--db``, so that it is kept) holds the first N
articles of the synthetic generator; this adds the next ``--batch`` (the same generator,
mode and seed) to a copy of it with ``Store.add_batch``, checkpoints, and compares the
copy's file page by page with the original: each page that changed is counted under the
table or index that owns it (SQLite's ``dbstat``).  A batch's ``COMMIT`` writes each of
these pages to the WAL and, at the next checkpoint, to the file, a system call each, so
this count is what the commit's cost follows.  Printed; nothing is written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quotetrail.corpus.store import Store
from synthetic_corpus import SEED, generate


def dirtied(db: Path, stored: int, batch: int, mode: str, seed: int) -> tuple[Counter, int, float]:
    """(pages changed per owner, pages in the file, seconds of the batch)."""
    results = list(generate(stored + batch, seed, one_quote=mode != "zipf",
                            exact=mode == "one-quote-exact"))[stored:]
    work = Path(tempfile.mkdtemp(prefix="batch_pages-"))
    try:
        copy = work / "store.db"
        shutil.copy(db, copy)
        before = copy.read_bytes()
        store = Store(copy)
        page = store.conn.execute("PRAGMA page_size").fetchone()[0]
        started = time.perf_counter()
        store.add_batch(results)
        seconds = time.perf_counter() - started
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        owner = dict(store.conn.execute("SELECT pageno, name FROM dbstat"))
        store.close()
        after = copy.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    changed: Counter = Counter()
    pages = len(after) // page
    for n in range(pages):
        if after[n * page:(n + 1) * page] != before[n * page:(n + 1) * page]:
            changed[owner.get(n + 1, "(free or header)")] += 1
    return changed, pages, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path, help="a store from store_growth.py --db")
    ap.add_argument("stored", type=int, help="how many articles it holds (--articles)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--mode", choices=["one-quote", "one-quote-exact", "zipf"],
                    default="one-quote")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args(argv)
    changed, pages, seconds = dirtied(args.db, args.stored, args.batch, args.mode, args.seed)
    print(f"batch of {args.batch} after {args.stored:,} articles: {seconds * 1000:.0f} ms, "
          f"{sum(changed.values()):,} of {pages:,} pages written")
    for name, n in changed.most_common(args.top):
        print(f"{n:7,d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
