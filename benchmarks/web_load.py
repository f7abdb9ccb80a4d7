"""Load on ``quotetrail serve``: requests/s and latency of ``/api/search`` and ``/articles/{id}``.

    python benchmarks/web_load.py --db news.db
    python benchmarks/web_load.py --polnear ../shared/data/polnear/train/text \
        --store /tmp/polnear.db
    python benchmarks/web_load.py --synthetic --store /tmp/synthetic.db  # 100k articles, 1M quotes

It starts ``quotetrail serve`` (a subprocess, 127.0.0.1, a free port, default options:
one Uvicorn process) and drives it from ``--concurrency`` client threads with keep-alive
connections (httpx).  The load is bounded twice: at most ``--requests`` requests and
``--seconds`` seconds per endpoint, whichever comes first; it targets the loopback
address only and stops by itself.  Queries are two consecutive words of quotes drawn
from the store (so they match), article ids are drawn from the store; both with a fixed
seed.  Reported per endpoint: requests, requests/s, latency p50/p95/p99 in ms, and the
status codes seen.  ``--json FILE`` writes the figures.

``--synthetic`` writes a store straight into the schema (migrations from
``quotetrail.corpus.store``): ``--articles`` articles (default 100,000) with
``--quotes`` attributions (default 1,000,000) over ~30 % as many clusters, a Zipf-like
speaker popularity over 20,000 speakers, 200 outlets, four years of dates, fake words
(no third-party text), and the FTS5 index, clusters and speakers the readers use.  The
clustering index (groups, shingles, links) is not built: serving never reads it.  Keep
such stores outside the repository (e.g. /tmp).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from serve_util import start_server

SEED = 20240506


# -- the synthetic store ---------------------------------------------------------------

def _vocabulary(rng: random.Random, n: int = 6000) -> list[str]:
    """Pronounceable fake words, so that no text in the store comes from anywhere."""
    onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br",
              "st", "pl", "tr", "kr", "sh"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(onsets) + rng.choice(vowels)
                          for _ in range(rng.choice((1, 2, 2, 3)))))
    return sorted(words)


def _zipf_index(rng: random.Random, n: int, s: float = 1.1) -> int:
    """An index in [0, n) drawn with a heavy head (popular speakers, common words)."""
    u = rng.random()
    return min(n - 1, int(n ** (u ** s)) - 1) if n > 1 else 0


def build_synthetic(path: Path, n_articles: int, n_quotes: int) -> dict[str, Any]:
    """Write a store of ``n_articles`` articles and ``n_quotes`` attributions at ``path``."""
    from quotetrail.corpus.store import Store

    if path.exists():
        raise SystemExit(f"{path} exists; remove it or pass another --store")
    started = time.monotonic()
    rng = random.Random(SEED)
    vocab = _vocabulary(rng)
    n_speakers, n_outlets = 20_000, 200
    n_clusters = max(1, int(n_quotes * 0.3))
    firsts = [w.capitalize() for w in vocab[:800]]
    lasts = [w.capitalize() for w in vocab[800:3000]]
    speakers = []
    for i in range(n_speakers):
        first, last = firsts[i % len(firsts)], lasts[(i * 7919) % len(lasts)]
        speakers.append((f"{first.lower()}-{last.lower()}-{i}", f"{first} {last}", first, last))
    outlets = [f"The {vocab[3000 + i].capitalize()} {('Post', 'Times', 'Herald', 'Wire')[i % 4]}"
               for i in range(n_outlets)]
    cluster_text: list[str] = []
    cluster_speaker: list[int] = []
    for _ in range(n_clusters):
        n_words = rng.randint(6, 22)
        cluster_text.append(" ".join(vocab[_zipf_index(rng, len(vocab), 1.6)]
                                     for _ in range(n_words)).capitalize())
        cluster_speaker.append(_zipf_index(rng, n_speakers))
    cluster_ids = [f"s{c:012x}" for c in range(n_clusters)]
    n_occ = [0] * n_clusters
    first_seen: list[str | None] = [None] * n_clusters
    cluster_outlets: list[set[int]] = [set() for _ in range(n_clusters)]
    disagree = [False] * n_clusters
    spk_attr = Counter[int]()
    spk_articles: dict[int, set[int]] = {}
    spk_clusters: dict[int, set[int]] = {}
    start_day = date(2020, 1, 1)

    store = Store(path)  # creates the schema through the real migrations
    conn = store.conn
    conn.execute("PRAGMA synchronous = OFF")
    per_article = n_quotes / n_articles
    made_quotes = 0
    conn.execute("BEGIN")
    attr_rowid = 0
    for a in range(n_articles):
        day = (start_day + timedelta(days=rng.randrange(4 * 365))).isoformat()
        outlet = rng.randrange(n_outlets)
        want = round(per_article * (a + 1)) - made_quotes
        parts: list[str] = []
        pos = 0
        rows = []
        for idx in range(want):
            c = rng.randrange(n_clusters) if rng.random() < 0.5 else _zipf_index(rng, n_clusters)
            sp = cluster_speaker[c]
            if rng.random() < 0.01:  # an outlet crediting someone else
                sp = rng.randrange(n_speakers)
                disagree[c] = True
            sid, name, _first, last = speakers[sp]
            filler = " ".join(rng.choice(vocab) for _ in range(rng.randint(4, 12))).capitalize()
            lead = f"{filler}. “"
            content_start = pos + len(lead)
            content = cluster_text[c] + ","
            after = "” said "
            source_start = content_start + len(content) + len("” ")
            cue_start = source_start - 0
            sentence = f"{lead}{content}{after}{name}.\n\n"
            cue = {"start": content_start + len(content) + 2,
                   "end": content_start + len(content) + 6, "text": "said"}
            source = {"start": cue_start + 5, "end": cue_start + 5 + len(name), "text": name}
            parts.append(sentence)
            attr_rowid += 1
            rows.append((attr_rowid, idx, content_start, content, cue, source, name, sid, c, last))
            pos += len(sentence)
            n_occ[c] += 1
            cluster_outlets[c].add(outlet)
            if first_seen[c] is None or day < first_seen[c]:  # type: ignore[operator]
                first_seen[c] = day
            spk_attr[sp] += 1
            spk_articles.setdefault(sp, set()).add(a)
            spk_clusters.setdefault(sp, set()).add(c)
        made_quotes += want
        text = "".join(parts)
        article_id = f"synthetic/{a:06d}"
        title = " ".join(rng.choice(vocab) for _ in range(6)).capitalize()
        cur = conn.execute(
            "INSERT INTO articles (article_id, uid, ident, text_hash, location, title, outlet, "
            "url, published, crawled, sort_date, text, n_chars, model, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 'synthetic', '0')",
            (article_id, f"u{a:019d}", f"https://synthetic.example/{a}", f"h{a:063d}",
             article_id, title, outlets[outlet], f"https://synthetic.example/{a}", day, day,
             text, len(text)))
        article_rowid = cur.lastrowid
        conn.executemany(
            "INSERT INTO attributions (rowid, article, idx, key, kind, content_start, "
            "content_end, content, fragments, cue, source, speaker, speakers, speaker_type, "
            "addressee, venue, confidence, speaker_id, cluster_id, grp) VALUES (?, ?, ?, ?, "
            "'direct', ?, ?, ?, '[]', ?, ?, ?, ?, 'person', NULL, NULL, 0.9, ?, ?, 0)",
            [(r, article_rowid, idx, f"u{a:019d}:{idx:05d}", cs, cs + len(content), content,
              json.dumps(cue), json.dumps(source), name, json.dumps([name]), sid,
              cluster_ids[c])
             for r, idx, cs, content, cue, source, name, sid, c, _ in rows])
        conn.executemany(
            "INSERT INTO attribution_speakers VALUES (?, 0, ?, 'person', ?, ?, '', '', ?)",
            [(r, name, last.lower(), name.split()[0].lower(), sid)
             for r, _, _, _, _, _, name, sid, _, last in rows])
        conn.executemany("INSERT INTO attr_fts (rowid, content, speaker, title) "
                         "VALUES (?, ?, ?, ?)",
                         [(r, content, name, title) for r, _, _, content, _, _, name, _, _, _
                          in rows])
        if a % 5000 == 4999:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
            print(f"  {a + 1:,} articles, {made_quotes:,} quotes, "
                  f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    conn.executemany(
        "INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(cluster_ids[c], cluster_text[c], speakers[cluster_speaker[c]][1],
          speakers[cluster_speaker[c]][0], first_seen[c], json.dumps([cluster_text[c]]),
          int(disagree[c]), n_occ[c], n_occ[c], len(cluster_outlets[c]))
         for c in range(n_clusters) if n_occ[c]])
    conn.executemany(
        "INSERT INTO speakers VALUES (?, ?, 'person', ?, ?, ?, ?)",
        [(speakers[s][0], speakers[s][1], json.dumps([speakers[s][1], speakers[s][3]]),
          spk_attr[s], len(spk_articles[s]), len(spk_clusters[s])) for s in spk_attr])
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return {"articles": n_articles, "quotes": made_quotes,
            "clusters": sum(1 for n in n_occ if n), "speakers": len(spk_attr),
            "seconds": round(time.monotonic() - started, 1),
            "megabytes": round(path.stat().st_size / 1e6, 1)}


def build_polnear(text_dir: Path, path: Path) -> dict[str, Any]:
    """Ingest PolNeAR's text files into ``path`` with ``quotetrail ingest``."""
    if path.exists():
        return {"reused": str(path)}
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "from quotetrail.cli import main; main()", "ingest",
                    str(text_dir), "--db", str(path), "--format", "json"],
                   check=True, stdout=subprocess.DEVNULL)
    return {"seconds": round(time.monotonic() - started, 1),
            "megabytes": round(path.stat().st_size / 1e6, 1)}


# -- the load --------------------------------------------------------------------------



def sample_targets(db: Path, n: int) -> tuple[list[str], list[str]]:
    """Search queries (two consecutive words of stored quotes) and article ids, seeded."""
    rng = random.Random(SEED)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n_attr = conn.execute("SELECT MAX(rowid) FROM attributions").fetchone()[0] or 0
    n_art = conn.execute("SELECT MAX(rowid) FROM articles").fetchone()[0] or 0
    queries: list[str] = []
    while len(queries) < n and n_attr:
        row = conn.execute("SELECT content FROM attributions WHERE rowid = ?",
                           (rng.randint(1, n_attr),)).fetchone()
        words = re.findall(r"[^\W_]{3,}", row[0]) if row else []
        if len(words) >= 2:
            i = rng.randrange(len(words) - 1)
            queries.append(f"{words[i]} {words[i + 1]}")
    ids: list[str] = []
    while len(ids) < n and n_art:
        row = conn.execute("SELECT article_id FROM articles WHERE rowid = ?",
                           (rng.randint(1, n_art),)).fetchone()
        if row:
            ids.append(row[0])
    conn.close()
    return queries, ids


def drive(base: str, paths: list[str], *, requests: int, seconds: float,
          concurrency: int) -> dict[str, Any]:
    """Send at most ``requests`` GETs (cycling through ``paths``) for at most ``seconds``."""
    if urlsplit(base).hostname != "127.0.0.1":
        raise SystemExit("the load generator only targets 127.0.0.1")
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: Counter[int | str] = Counter()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        nonlocal issued
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    if issued >= requests or time.monotonic() >= stop_at:
                        return
                    path = paths[issued % len(paths)]
                    issued += 1
                t0 = time.perf_counter()
                try:
                    status: int | str = client.get(path).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    statuses[status] += 1

    # warm-up: the first request of each thread opens a connection and a store handle
    with httpx.Client(base_url=base, timeout=30) as client:
        for path in paths[: min(len(paths), 20)]:
            client.get(path)
    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {"requests": len(ordered), "seconds": round(wall, 2),
            "requests_per_second": round(len(ordered) / wall, 1) if wall else 0.0,
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "mean_ms": round(1000 * statistics.fmean(ordered), 1) if ordered else 0.0,
            "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
            "concurrency": concurrency}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", type=Path, help="an existing store")
    source.add_argument("--polnear", type=Path, help="a folder of texts to ingest into --store")
    source.add_argument("--synthetic", action="store_true", help="generate a store at --store")
    parser.add_argument("--store", type=Path, help="where --polnear/--synthetic put the store")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=3000, help="at most, per endpoint")
    parser.add_argument("--seconds", type=float, default=30.0, help="at most, per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--samples", type=int, default=300, help="distinct queries and ids")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()

    build: dict[str, Any] = {}
    if args.db:
        db = args.db
    else:
        if args.store is None:
            parser.error("--polnear and --synthetic need --store FILE (outside the repository)")
        db = args.store
        if args.synthetic:
            if db.exists():
                build = {"reused": str(db)}
            else:
                build = build_synthetic(db, args.articles, args.quotes)
        else:
            build = build_polnear(args.polnear, db)
    from quotetrail.corpus import queries
    from quotetrail.corpus.store import open_readonly

    stats = queries.stats(open_readonly(db))
    print(f"store {db}: {json.dumps(stats)} {json.dumps(build)}", file=sys.stderr)
    search_q, article_ids = sample_targets(db, args.samples)
    results: dict[str, Any] = {"store": str(db), "stats": stats, "build": build}
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(db, Path(tmp) / "serve.log")
        try:
            for name, paths in (
                    ("/api/search", [f"/api/search?q={quote(q)}" for q in search_q]),
                    ("/articles/{id}", [f"/articles/{quote(i, safe='')}" for i in article_ids])):
                figures = drive(base, paths, requests=args.requests, seconds=args.seconds,
                                concurrency=args.concurrency)
                results[name] = figures
                print(f"{name:16} {figures['requests']:6} requests  "
                      f"{figures['requests_per_second']:8.1f} req/s  "
                      f"p50 {figures['p50_ms']:7.1f} ms"
                      f"  p95 {figures['p95_ms']:7.1f} ms  p99 {figures['p99_ms']:7.1f} ms  "
                      f"{figures['statuses']}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
