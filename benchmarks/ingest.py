#!/usr/bin/env python3
"""Corpus benchmark: ingest throughput, memory, store size, clustering time, projection.

    .venv/bin/python benchmarks/ingest.py                 # everything (several minutes)
    .venv/bin/python benchmarks/ingest.py --quick         # 60 articles, 10,000 quotes
    .venv/bin/python benchmarks/ingest.py --only clustering --quotes 100000
    .venv/bin/python benchmarks/ingest.py --report benchmarks/results/ingest.json

Measured, each as a whole ``quotetrail ingest`` process on the PolNeAR train texts
(``../shared/data/polnear/train/text``, 840 articles) into a fresh store:

* ``local-w1`` -- ``--engine local --workers 1``
* ``local-w2`` -- ``--engine local --workers 2``
* ``dask-2``   -- ``--engine dask --workers 2`` (a LocalCluster of two worker processes),
  also writing Parquet shards, which ``shards`` then stores without extracting:
* ``shards``   -- ``ingest --from-shards``: the store's own cost (indexing, clustering,
  speakers), separated from extraction.

For each: wall time from start to exit (imports, model loads and cluster start-up
included), articles/s, peak RSS of the largest single process and the largest sum over
the process tree (see benchmarks/speed.py for the method), and the store's size on disk
after a WAL checkpoint (per 1,000 articles; with and without ``--no-store-text``).

``clustering`` times the store alone on a synthetic corpus of ``--quotes`` quotes
(default 100,000; no engine): quote-like sentences over a Zipf vocabulary with stock
phrases, of which a fifth are truncated, trimmed or edited copies of one of the last
5,000 (the news cycle), by
2,000 speakers, in articles of five quotes committed 200 articles a batch.  It reports
the total, the time per 1,000 quotes for the first and the last tenth (flat means the
index scales), the candidate pairs checked and the clusters made.

The projection for 1 million articles is computed from these figures; its arithmetic
is printed and kept in the JSON.  The store is written by one process, so the
projection is the larger of the extraction time (parallel) and the store time (serial).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from speed import run_process  # noqa: E402  (the same process and memory measurement)

DEFAULT_TEXT_DIR = REPO.parent / "shared" / "data" / "polnear" / "train" / "text"
QUOTETRAIL = Path(sys.executable).with_name("quotetrail")


def _mb(n_bytes: int) -> float:
    return round(n_bytes / 1e6, 2)


def store_size(db: Path) -> int:
    """Bytes on disk after folding the WAL into the main file."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def table_sizes(db: Path) -> dict[str, float]:
    """MB per table (indexes counted with their table where SQLite names them so)."""
    with sqlite3.connect(db) as conn:
        try:
            rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name "
                                "ORDER BY 2 DESC").fetchall()
        except sqlite3.OperationalError:  # SQLite built without dbstat
            return {}
    return {name: _mb(size) for name, size in rows}


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "attributions", "clusters", "speakers")}


def ingest_run(name: str, args: list[str], scratch: Path, n_articles: int) -> dict[str, Any]:
    db = scratch / f"{name}.db"
    for p in scratch.glob(f"{name}.db*"):
        p.unlink()
    cmd = [str(QUOTETRAIL), "ingest", *args, "--db", str(db), "--format", "jsonl"]
    wall, rc, maxrss, sampler, stderr = run_process(
        cmd, stdout_path=scratch / f"{name}.out", env=dict(os.environ), interval=0.1)
    report = json.loads((scratch / f"{name}.out").read_text() or "{}")
    peak_process = max([maxrss, *(k / 1024 for k in sampler.hwm_kib.values())])
    size = store_size(db) if db.exists() else 0
    result = {
        "name": name, "command": " ".join(cmd), "exit_status": rc, "wall_s": round(wall, 2),
        "articles_per_s": round(n_articles / wall, 2),
        "in_process_articles_per_s": report.get("articles_per_second"),
        "peak_rss_process_mb": round(peak_process, 1),
        "peak_rss_tree_mb": round(sampler.max_tree_rss_kib / 1024, 1),
        "processes": sampler.max_processes, "store_bytes": size,
        "store_mb_per_1000_articles": _mb(size * 1000 // max(1, n_articles)),
        "report": report, "counts": counts(db) if db.exists() else {},
        "table_mb": table_sizes(db) if db.exists() else {},
        "stderr_tail": stderr[-500:],
    }
    print(f"{name:10} {result['wall_s']:7.1f} s  {result['articles_per_s']:6.1f} articles/s  "
          f"peak {result['peak_rss_process_mb']:6.0f} MB/process "
          f"{result['peak_rss_tree_mb']:6.0f} MB/tree  store "
          f"{result['store_mb_per_1000_articles']:.1f} MB/1000 articles", flush=True)
    return result


def throughput(text_dir: Path, limit: int | None, scratch: Path,
               dask: bool) -> dict[str, Any]:
    files = sorted(text_dir.glob("*.txt"))[:limit] if limit else sorted(text_dir.glob("*.txt"))
    corpus = scratch / "texts"
    corpus.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, corpus / f.name)
    n = len(files)
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    print(f"{n} articles, {words:,} words from {text_dir}", flush=True)
    runs = [ingest_run("local-w1", [str(corpus), "--workers", "1"], scratch, n),
            ingest_run("local-w2", [str(corpus), "--workers", "2"], scratch, n),
            ingest_run("no-text-w2", [str(corpus), "--workers", "2", "--no-store-text"],
                       scratch, n)]
    if dask:
        shards = scratch / "shards"
        shutil.rmtree(shards, ignore_errors=True)
        runs.append(ingest_run("dask-2", [str(corpus), "--engine", "dask", "--workers", "2",
                                          "--shards", str(shards)], scratch, n))
        runs.append(ingest_run("shards", [str(shards), "--from-shards"], scratch, n))
    return {"articles": n, "words": words, "text_dir": str(text_dir), "runs": runs}


# -- clustering on a synthetic corpus ------------------------------------------------------

def alpha(i: int, stem: str) -> str:
    """A name-like word for ``i`` (names are letters: digits would be dropped from names)."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[r]
        if i == 0:
            return stem + letters


def synthetic(n_quotes: int, seed: int = 4) -> list[tuple[str, str]]:
    """(quote, speaker) pairs; a fifth are truncated, trimmed or edited earlier quotes."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    weights = [1 / (i + 1) ** 0.9 for i in range(len(vocab))]
    stock = ["we are going to", "at the end of the day", "i think that", "it is important",
             "the american people", "we need to", "i don't know", "thank you very much"]
    surnames = [alpha(i, "Sur") for i in range(1_400)]
    speakers = [f"{alpha(i % 300, 'Fir')} {surnames[i % len(surnames)]}" for i in range(2_000)]
    out: list[tuple[str, str]] = []
    for _ in range(n_quotes):
        if out and rng.random() < 0.2:
            quote, speaker = rng.choice(out[-5_000:])  # from the current news cycle
            words = quote.split()
            roll = rng.random()
            if roll < 0.4:
                words = words[: max(4, len(words) // 2)]  # truncated
            elif roll < 0.7:
                cut = rng.randint(1, 3)
                words = words[cut:-cut] if len(words) > 8 else words  # trimmed
            else:
                words[rng.randrange(len(words))] = rng.choice(vocab)  # edited
            speaker = speaker if rng.random() < 0.8 else speaker.split()[-1]  # bare surname
            out.append((" ".join(words), speaker))
            continue
        words = rng.choices(vocab, weights, k=rng.randint(6, 40))
        words.insert(rng.randrange(len(words) + 1), rng.choice(stock))
        out.append((" ".join(words), rng.choice(speakers)))
    return out


def clustering(n_quotes: int, scratch: Path) -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "tests" / "corpus"))
    from corpus_fixtures import fake_result

    from quotetrail.corpus.store import Store

    quotes = synthetic(n_quotes)
    per_article, per_batch = 5, 200
    results = [fake_result(f"s{i}", quotes[i:i + per_article], published="2024-01-01")
               for i in range(0, len(quotes), per_article)]
    db = scratch / "clusters.db"
    for p in scratch.glob("clusters.db*"):
        p.unlink()
    store = Store(db)
    times: list[float] = []
    t0 = time.perf_counter()
    for i in range(0, len(results), per_batch):
        t = time.perf_counter()
        store.add_batch(results[i:i + per_batch])
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - t0
    quotes_per_batch = per_article * per_batch
    tenth = max(1, len(times) // 10)
    first = sum(times[:tenth]) / (tenth * quotes_per_batch) * 1000
    last = sum(times[-tenth:]) / (tenth * quotes_per_batch) * 1000
    c = counts(db)
    pairs = store.candidate_pairs
    store.close()
    result = {
        "quotes": n_quotes, "seconds": round(total, 1),
        "quotes_per_s": round(n_quotes / total, 1),
        "ms_per_1000_quotes_first_tenth": round(first * 1000, 1),
        "ms_per_1000_quotes_last_tenth": round(last * 1000, 1),
        "ms_per_1000_quotes_by_tenth": [
            round(sum(times[i:i + tenth]) / (tenth * quotes_per_batch) * 1e6, 1)
            for i in range(0, tenth * 10, tenth)],
        "candidate_pairs": pairs, "all_pairs": n_quotes * (n_quotes - 1) // 2,
        "clusters": c["clusters"], "speakers": c["speakers"],
        "store_mb": _mb(store_size(db)),
    }
    print(f"clustering {n_quotes:,} quotes: {total:.1f} s ({result['quotes_per_s']:,.0f} "
          f"quotes/s); per 1,000 quotes {result['ms_per_1000_quotes_first_tenth']:.0f} ms "
          f"(first tenth) vs {result['ms_per_1000_quotes_last_tenth']:.0f} ms (last); "
          f"{pairs:,} candidate pairs of {result['all_pairs']:,}; {c['clusters']:,} clusters",
          flush=True)
    return result


# -- projection ------------------------------------------------------------------------------

def _store_growth(cl: dict[str, Any] | None) -> tuple[float, float, float] | None:
    """(seconds per quote in the last tenth, at how many quotes, growth exponent).

    The cost per quote rises as the store grows; fitting ``c(q) = c1 * (q / q1) ** alpha``
    through the first and last tenths of the clustering run (at their midpoints)
    extrapolates it to corpora larger than the benchmark.
    """
    series = (cl or {}).get("ms_per_1000_quotes_by_tenth")
    if not series or series[0] <= 0:
        return None
    n = cl["quotes"] if cl else 0
    q0, q1 = n * 0.05, n * 0.95
    alpha = max(0.0, math.log(series[-1] / series[0]) / math.log(q1 / q0))
    return series[-1] / 1e6, q1, alpha  # seconds per quote


def projection(tp: dict[str, Any] | None, cl: dict[str, Any] | None) -> dict[str, Any]:
    """1 million articles on one 16-core machine and on ten such machines (Dask)."""
    if not tp:
        return {}
    runs = {r["name"]: r for r in tp["runs"]}
    n = tp["articles"]
    per_core = runs["local-w1"]["articles_per_s"]
    lines = [f"extraction: {per_core:.1f} articles/s on one core (local-w1, whole process)"]
    two = runs["local-w2"]["articles_per_s"]
    eff = min(1.0, two / (2 * per_core))
    lines.append(f"two cores: {two:.1f} articles/s, parallel efficiency {two:.1f} / (2 × "
                 f"{per_core:.1f}) = {eff:.2f}")
    atts = runs["local-w1"]["counts"].get("attributions", 0) / max(1, n)
    lines.append(f"attributions per article: {atts:.1f}, so 1,000,000 articles hold "
                 f"{atts * 1e6:,.0f} quotes")
    out: dict[str, Any] = {"per_core_articles_per_s": per_core, "efficiency": round(eff, 2),
                           "attributions_per_article": round(atts, 1)}
    store_s = None
    if "shards" in runs:
        rate = runs["shards"]["articles_per_s"]
        lines.append(f"store, fresh (from shards, {n} articles): {rate:.1f} articles/s")
        store_s = 1e6 / rate
    growth = _store_growth(cl)
    if growth:
        c1, q1, alpha = growth
        total_q = atts * 1e6
        c_end = c1 * (total_q / q1) ** alpha
        store_s = c_end * total_q / (1 + alpha)
        lines.append(
            f"store, growing: {c1 * 1000:.2f} ms per quote at {q1:,.0f} quotes, rising as "
            f"q^{alpha:.2f}; at {total_q:,.0f} quotes {c1 * 1000:.2f} × ({total_q:,.0f} / "
            f"{q1:,.0f})^{alpha:.2f} = {c_end * 1000:.2f} ms; total ∫ = {c_end * 1000:.2f} ms "
            f"× {total_q:,.0f} / {1 + alpha:.2f} = {store_s:,.0f} s = {store_s / 3600:.1f} h")
    out["store_s"] = round(store_s) if store_s else None
    for label, cores in (("one 16-core machine", 16), ("ten 16-core machines", 160)):
        extract = 1_000_000 / (per_core * cores * eff)
        total = max(extract, store_s or 0.0)
        lines.append(
            f"{label}: extraction 1,000,000 / ({per_core:.1f} × {cores} × {eff:.2f}) = "
            f"{extract:,.0f} s = {extract / 3600:.1f} h; with the store's "
            f"{(store_s or 0) / 3600:.1f} h alongside (one writer, pipelined), the larger: "
            f"{total / 3600:.1f} h")
        out[label] = {"extract_s": round(extract), "total_h": round(total / 3600, 1)}
    out["arithmetic"] = lines
    return out


def environment() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                                  check=False).stdout.strip()
        except OSError:
            return ""

    cpu = ""
    if Path("/proc/cpuinfo").exists():
        info = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
        cpu = next((line.split(":", 1)[1].strip() for line in info.splitlines()
                    if line.startswith("model name")), "")
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git("rev-parse", "--short", "HEAD"), "nproc": os.cpu_count(),
            "cpu": cpu, "loadavg_start": os.getloadavg(), "python": sys.version.split()[0]}


def markdown(result: dict[str, Any]) -> str:
    """The tables for docs/performance.md."""
    lines = []
    env = result["environment"]
    lines.append(f"Commit `{env['commit']}`, {env['date']}, {env['nproc']} cores "
                 f"({env['cpu']}), load average {env['loadavg_start'][0]:.2f} at the start "
                 f"and {env.get('loadavg_end', [0])[0]:.2f} at the end.")
    tp = result.get("throughput")
    if tp:
        lines += ["", f"PolNeAR train, {tp['articles']} articles, {tp['words']:,} words:", "",
                  "| run | wall s | articles/s | peak RSS, largest process | peak RSS, whole "
                  "tree | store MB per 1,000 articles |", "|---|---:|---:|---:|---:|---:|"]
        for r in tp["runs"]:
            lines.append(f"| `{r['name']}` | {r['wall_s']:.1f} | {r['articles_per_s']:.1f} | "
                         f"{r['peak_rss_process_mb']:.0f} MB | {r['peak_rss_tree_mb']:.0f} MB | "
                         f"{r['store_mb_per_1000_articles']:.1f} |")
    cl = result.get("clustering")
    if cl:
        lines += ["", f"Clustering, {cl['quotes']:,} synthetic quotes: {cl['seconds']:.0f} s "
                  f"({cl['quotes_per_s']:,.0f} quotes/s); "
                  f"{cl['ms_per_1000_quotes_first_tenth']:.0f} ms per 1,000 quotes in the "
                  f"first tenth, {cl['ms_per_1000_quotes_last_tenth']:.0f} ms in the last; "
                  f"{cl['candidate_pairs']:,} candidate pairs checked (all pairs: "
                  f"{cl['all_pairs']:,}); {cl['clusters']:,} clusters; store "
                  f"{cl['store_mb']:.0f} MB."]
    pr = result.get("projection")
    if pr:
        lines += ["", "Projection for 1,000,000 articles:", ""]
        lines += [f"    {line}" for line in pr["arithmetic"]]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--text-dir", type=Path, default=DEFAULT_TEXT_DIR)
    p.add_argument("--limit", type=int, help="first N articles only")
    p.add_argument("--quotes", type=int, default=100_000, help="synthetic quotes to cluster")
    p.add_argument("--only", choices=("throughput", "clustering"))
    p.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    p.add_argument("--quick", action="store_true", help="60 articles, 10,000 quotes")
    p.add_argument("--out", type=Path)
    p.add_argument("--report", type=Path, help="print the markdown of a results file")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        result = json.loads(args.report.read_text())
        result["projection"] = projection(result.get("throughput"), result.get("clustering"))
        print(markdown(result))
        return 0
    if args.quick:
        args.limit, args.quotes = args.limit or 60, min(args.quotes, 10_000)
    out = args.out or HERE / "results" / ("ingest-quick.json" if args.quick else "ingest.json")
    result: dict[str, Any] = {"environment": environment()}
    if args.only and out.exists():  # keep the other part of an earlier full run
        earlier = json.loads(out.read_text())
        for part in ("throughput", "clustering"):
            if part != args.only and part in earlier:
                result[part] = earlier[part]
                result.setdefault("earlier_environment", earlier.get("environment"))
    with tempfile.TemporaryDirectory(prefix="qt-ingest-bench-") as tmp:
        scratch = Path(tmp)
        if args.only in (None, "throughput"):
            if not args.text_dir.is_dir():
                print(f"{args.text_dir} is absent (PolNeAR lives in ../shared)", file=sys.stderr)
                return 1
            result["throughput"] = throughput(args.text_dir, args.limit, scratch,
                                              dask=not args.no_dask)
        if args.only in (None, "clustering"):
            result["clustering"] = clustering(args.quotes, scratch)
    result["projection"] = projection(result.get("throughput"), result.get("clustering"))
    for line in result["projection"].get("arithmetic", []):
        print(line)
    result["environment"]["loadavg_end"] = os.getloadavg()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {out}\n")
    print(markdown(result))
    failed = [r["name"] for r in result.get("throughput", {}).get("runs", [])
              if r["exit_status"] != 0]
    if failed:
        print(f"failed runs: {failed}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
