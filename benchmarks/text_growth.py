#!/usr/bin/env python3
"""Growth benchmark: does one article's cost grow faster than its length?

    .venv/bin/python benchmarks/text_growth.py [--runs 3] [--kinds prose,unbalanced,tiny]
                                               [--out benchmarks/results/text_growth.json]

Three kinds of input, each at several sizes (issue 10, "cost linear in the text"):

* ``prose`` — the bundled example articles (``examples/*.txt``, written for this
  project) repeated to 100 KB, 400 KB and 1.6 MB: quotations, reported speech, names;
* ``unbalanced`` — ``The mayor said " and the council agreed …`` repeated: every
  sentence opens a quotation it never closes (hostile input for quote pairing);
* ``tiny`` — 25,000, 50,000 and 100,000 one-line paragraphs, some with a quotation.

Each size runs ``--runs`` times, each in a fresh process (``quotetrail.extract`` on
the text, model loaded and warmed first, so that only the extraction is timed), and
the process's peak RSS (``ru_maxrss``) is its memory figure.  Reported per kind and
size: median seconds, microseconds per character at the median, the ratio of that to
the smallest size's (1.0 = linear), and peak RSS (max over runs).  The issue's targets:
time per character within 1.3x across sizes, peak memory at most 500 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = {"prose": [100_000, 400_000, 1_600_000],
         "unbalanced": [100_000, 400_000, 1_600_000],
         "tiny": [25_000, 50_000, 100_000]}  # tiny: paragraphs, not characters

# Runs in the child: builds the text, extracts once warm, prints one JSON line.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import quotetrail
kind, size, repo = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
if kind == "prose":
    paths = sorted((repo / "examples").glob("*.txt"))
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p in paths)
    text = (unit * (size // len(unit) + 1))[:size]
elif kind == "unbalanced":
    unit = 'The mayor said " and the council agreed that the plan would go ahead. '
    text = (unit * (size // len(unit) + 1))[:size]
else:
    lines = ["Short line.", 'She said "yes, we will".', "The council met.", "Rain."]
    text = "\n\n".join(lines[i % len(lines)] for i in range(size))
quotetrail.extract('Warm up. "We are ready," she said.')
t = time.perf_counter()
result = quotetrail.extract(text, max_chars=len(text) + 1)
seconds = time.perf_counter() - t
print(json.dumps({"chars": len(text), "seconds": seconds,
                  "attributions": len(result.attributions),
                  "errors": [e.code for e in result.errors],
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_one(kind: str, size: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(size), str(REPO)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--kinds", default="prose,unbalanced,tiny")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks/results/text_growth.json")
    args = ap.parse_args(argv)
    results: dict[str, list[dict]] = {}
    for kind in args.kinds.split(","):
        rows = []
        for size in SIZES[kind]:
            runs = [run_one(kind, size) for _ in range(args.runs)]
            med = statistics.median(r["seconds"] for r in runs)
            chars = runs[0]["chars"]
            rows.append({"size": size, "chars": chars, "runs": runs, "median_seconds": med,
                         "us_per_char": med / chars * 1e6,
                         "attributions": runs[0]["attributions"],
                         "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)})
            print(f"{kind:10} {size:>9,} {chars:>10,} chars {med:8.2f} s "
                  f"{rows[-1]['us_per_char']:7.2f} us/char {rows[-1]['peak_rss_mb']:7.0f} MB",
                  flush=True)
        base = rows[0]["us_per_char"]
        for r in rows:
            r["per_char_ratio"] = round(r["us_per_char"] / base, 3)
        results[kind] = rows
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    record = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "commit": commit, "runs": args.runs, "nproc": os.cpu_count(),
              "loadavg": os.getloadavg(), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print("\nkind        size          per-char ratio   peak MB")
    for kind, rows in results.items():
        for r in rows:
            print(f"{kind:10} {r['size']:>10,} {r['per_char_ratio']:>14.2f} "
                  f"{r['peak_rss_mb']:>9.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
