#!/usr/bin/env python3
"""The columnar build at scale: a store made from shards of synthetic results in one go.

    .venv/bin/python benchmarks/columnar_build.py --articles 20000
    .venv/bin/python benchmarks/columnar_build.py --articles 100000 --workdir /big/tmp

``benchmarks/synthetic_corpus.py`` (fixed seed and parameters: Zipf syndication, fragments,
rewordings, stock phrases, shared surnames) generates ``--articles`` pre-extracted
results, written as Parquet shards of ``--shard-size`` articles (not timed); then
:func:`quotetrail.jobs.columnar.build_from_shards` builds a fresh store from them, timed
by phase (DuckDB reading and keying the shards; loading the articles and deriving
statements, speakers and trails in one transaction).  Printed, and kept in
``--out`` (default ``benchmarks/results/columnar_build.json``, one entry per run): wall
and CPU seconds, articles and attributions per second, the store's size and counts, and
the process's peak RSS (DuckDB's memory included: it runs in this process).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quotetrail.jobs.columnar import build_from_shards
from quotetrail.jobs.shards import write_shard
from synthetic_corpus import generate

OUT = Path(__file__).resolve().parent / "results" / "columnar_build.json"


def _write_shards(where: Path, n: int, seed: int, size: int) -> int:
    attributions, part = 0, []
    index = 0
    for result in generate(n, seed):
        attributions += len(result.attributions)
        part.append(result)
        if len(part) >= size:
            write_shard(str(where / f"part-{index:06d}.parquet"), part)
            part, index = [], index + 1
    if part:
        write_shard(str(where / f"part-{index:06d}.parquet"), part)
    return attributions


def _peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, cwd=Path(__file__).parent).stdout.strip()


def run(args: argparse.Namespace) -> dict[str, Any]:
    commit = _commit()  # at the start: the code that runs, whatever is committed meanwhile
    work = Path(tempfile.mkdtemp(prefix="columnar-", dir=args.workdir))
    shards = work / "shards"
    shards.mkdir()
    attributions = _write_shards(shards, args.articles, args.seed, args.shard_size)
    db = work / "store.db"
    phases: list[tuple[str, float]] = []
    peaks: dict[str, int] = {}  # peak RSS so far when each phase ended

    def phase(name: str) -> None:
        if phases:
            peaks[phases[-1][0]] = _peak_rss_mb()
        phases.append((name, time.perf_counter()))

    peaks["before the build"] = _peak_rss_mb()  # generating and writing the shards
    started, cpu = time.perf_counter(), time.process_time()
    report = build_from_shards([str(shards)], str(db), on_phase=phase)
    if phases:
        peaks[phases[-1][0]] = _peak_rss_mb()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    marks = [*phases, ("end", started + wall)]
    by_phase = {name: round(marks[i + 1][1] - at, 1) for i, (name, at) in enumerate(marks[:-1])}
    conn = sqlite3.connect(db)
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("articles", "attributions", "clusters", "speakers")}
    conn.close()
    result = {
        "articles": args.articles, "attributions_generated": attributions, "seed": args.seed,
        "shard_size": args.shard_size, "commit": commit, "stored": report.stored,
        "failed": report.failed, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
        "phases_s": by_phase, "articles_per_s": round(args.articles / wall, 1),
        "attributions_per_s": round(attributions / wall, 1), "counts": counts,
        "store_mb": round(os.path.getsize(db) / 2**20, 1),
        "peak_rss_mb": _peak_rss_mb(), "peak_rss_mb_by_phase_end": peaks,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if not args.keep:
        for p in sorted(work.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        work.rmdir()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--shard-size", type=int, default=1000)
    ap.add_argument("--workdir", default=None, help="where shards and the store go (temp)")
    ap.add_argument("--keep", action="store_true", help="keep the shards and the store")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    result = run(args)
    print(json.dumps(result, indent=2))
    runs = json.loads(args.out.read_text()) if args.out.exists() else []
    runs.append(result)
    args.out.write_text(json.dumps(runs, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
