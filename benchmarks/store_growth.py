#!/usr/bin/env python3
"""Store growth: what each batch commit costs as the store grows (issue 9, "Flat cost").

    .venv/bin/python benchmarks/store_growth.py --mode one-quote --articles 6400
    .venv/bin/python benchmarks/store_growth.py --mode one-quote --articles 50000 --max-seconds 900
    .venv/bin/python benchmarks/store_growth.py --mode zipf --articles 20000

    # another version of quotetrail, e.g. a snapshot of a commit (no git checkout needed):
    git archive 6a0b28d src | tar -x -C /tmp/snap
    PYTHONPATH=/tmp/snap/src:benchmarks .venv/bin/python benchmarks/store_growth.py \
        --mode one-quote --articles 6400 --source-commit 6a0b28d

Which ``quotetrail`` is measured is whichever Python imports (printed first, and kept in
the JSON): without ``PYTHONPATH`` the venv's editable install, that is this checkout's
``src/`` as it is at that moment.

Pre-extracted results from ``benchmarks/synthetic_corpus.py`` (no engine: ``--mode
one-quote`` puts one recurring statement in every article, ``one-quote-exact`` the same
verbatim, ``zipf`` is the syndicated corpus; or ``--input FILE.jsonl``, contract records)
are stored with ``Store.add_batch`` in batches of ``--batch`` (64, ``quotetrail ingest``'s
default) into a fresh store, and every batch commit is timed (``time.perf_counter``
around ``add_batch``: the whole transaction, commit included; generating the batch is
not timed).

Inside each batch the benchmark times the corpus functions the store calls, by wrapping
them (in this process only; nothing in ``src/`` changes): every ``module.function(...)``
that ``Store.add_batch``'s source calls on a ``quotetrail`` module, every module-level
function of ``store.py`` and every ``self._method`` it calls, and the inner functions in
``INNER`` when they exist (``--wrap module:function`` adds more).  A function's time is
inclusive.  Each wrapped function has a *category*: ``clusters`` for modules whose name
holds ``cluster`` or ``statement`` (``clusters``, ``cluster_rows``, ``statements``),
``speakers`` for ``speaker``, ``identity`` or ``names``, else its module's name (``store``
for the store's own); a category's time per batch counts only its outermost calls, so
nested calls are not counted twice.  ``other`` is the batch time outside ``clusters`` and
``speakers`` (inserting articles, attributions and the full-text index, the commit).
``commit`` (part of ``other``) is the ``COMMIT`` statement alone, timed through a thin
wrapper of the store's connection: SQLite writes the WAL, and checkpoints it into the
main file, there.

Reported (printed, and written to ``--out``, default
``benchmarks/results/store_growth.json``, under ``runs[LABEL]``, LABEL
``MODE-ARTICLES-bBATCH@COMMIT`` (``+changes`` when that checkout's ``src/`` has
uncommitted changes) unless ``--label``; other runs in the file are kept): for each
tenth of the batches (in order), the median batch time, total and per category and
function; the ratio of the last tenth's median to the first tenth's (the issue asks at
most 1.5 for the total and for speakers with one quote in 50,000 articles); peak RSS
(``ru_maxrss``) and RSS after each batch; articles per second of store time and of wall
time; the store's counts and size at the end; every batch's figures; the environment
(which ``quotetrail`` was imported, its commit and whether its ``src/`` had changes, the
load average at the start and the end: the machines are shared, read it).  A last batch
smaller than ``--batch`` is kept in the batch list but left out of the tenths.

``--max-seconds S`` stops cleanly: no batch starts after S seconds of wall time, and a
batch still running at S + max(30, S/10) seconds is interrupted (its transaction rolls
back); what was measured is reported, with ``"stopped": "budget"``.  Ctrl-C does the
same with ``"stopped": "interrupted"``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import inspect
import json
import os
import platform
import re
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from synthetic_corpus import SEED, generate, result_from_dict  # noqa: E402

DEFAULT_OUT = HERE / "results" / "store_growth.json"
#: Inner functions worth timing on their own (wrapped when they exist).
INNER = [
    "quotetrail.corpus.clusters:_component",
    "quotetrail.corpus.clusters:_load_units",
    "quotetrail.corpus.speakers:recompute",
    "quotetrail.corpus.speakers:_apply",
    "quotetrail.corpus.speakers:_set_attribution_ids",
    "quotetrail.corpus.speakers:resolve",
]
_CATEGORY = [(("cluster", "statement"), "clusters"), (("speaker", "identity", "names"),
                                                      "speakers")]


class _Budget(Exception):
    """The time budget ran out (raised by SIGALRM in the middle of a batch)."""


def _category(module: ModuleType) -> str:
    short = module.__name__.rsplit(".", 1)[-1]
    for names, category in _CATEGORY:
        if any(name in short for name in names):
            return category
    return short


class Timers:
    """Wraps functions with timers; per-batch seconds by function and by category."""

    def __init__(self) -> None:
        self.installed: list[tuple[Any, str, Any]] = []
        self.labels: dict[str, str] = {}          # label -> category
        self.depth: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.cat: Counter[str] = Counter()

    def wrap(self, owner: Any, name: str, category: str, label: str) -> bool:
        fn = getattr(owner, name, None)
        if (not inspect.isfunction(fn) or label in self.labels  # classes stay as they are
                or inspect.isgeneratorfunction(fn) or isinstance(owner.__dict__.get(name),
                                                                 staticmethod | classmethod)):
            return False

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            outer = self.depth[category] == 0
            self.depth[category] += 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                self.depth[category] -= 1
                self.fn[label] += spent
                self.calls[label] += 1
                if outer:
                    self.cat[category] += spent

        setattr(owner, name, timed)
        self.installed.append((owner, name, fn))
        self.labels[label] = category
        return True

    def reset(self) -> None:
        self.fn.clear()
        self.calls.clear()
        self.cat.clear()
        self.depth.clear()

    def uninstall(self) -> None:
        for owner, name, fn in reversed(self.installed):
            setattr(owner, name, fn)
        self.installed.clear()


class _TimedConnection:
    """The store's connection, with ``COMMIT`` timed (WAL checkpoints happen there)."""

    def __init__(self, conn: sqlite3.Connection, timers: Timers) -> None:
        self._conn = conn
        self._timers = timers
        timers.labels.setdefault("sqlite.COMMIT", "commit")

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.lstrip()[:6].upper() != "COMMIT":
            return self._conn.execute(sql, *args)
        started = time.perf_counter()
        try:
            return self._conn.execute(sql, *args)
        finally:
            spent = time.perf_counter() - started
            self._timers.fn["sqlite.COMMIT"] += spent
            self._timers.calls["sqlite.COMMIT"] += 1
            self._timers.cat["commit"] += spent

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def install_timers(timers: Timers, extra: list[str]) -> list[str]:
    """Wrap what ``Store.add_batch`` calls (see the module docstring); returns the labels."""
    import importlib

    from quotetrail.corpus import store as store_module

    # add_batch and the store's own methods it calls, however deep (it hands its work to
    # a private method shared with re-extraction)
    source, seen, todo = "", set(), ["add_batch"]
    while todo:
        name = todo.pop()
        method = getattr(store_module.Store, name, None)
        if name in seen or not inspect.isfunction(method):
            continue
        seen.add(name)
        body = inspect.getsource(method)
        source += body
        todo.extend(re.findall(r"\bself\.(_[A-Za-z]\w*)\s*\(", body))
    for owner_name, attr in re.findall(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*\(", source):
        owner = store_module.__dict__.get(owner_name)
        if isinstance(owner, ModuleType) and owner.__name__.startswith("quotetrail."):
            timers.wrap(owner, attr, _category(owner), f"{owner.__name__.rsplit('.', 1)[-1]}"
                                                       f".{attr}")
        elif owner_name == "self" and attr.startswith("_"):
            timers.wrap(store_module.Store, attr, "store", f"store.{attr}")
    for name in re.findall(r"(?<![\w.])([A-Za-z_]\w*)\s*\(", source):
        fn = store_module.__dict__.get(name)
        if inspect.isfunction(fn) and fn.__module__ == store_module.__name__:
            timers.wrap(store_module, name, "store", f"store.{name}")
    for spec in [*INNER, *extra]:
        module_name, _, attr = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        timers.wrap(module, attr, _category(module), f"{module_name.rsplit('.', 1)[-1]}.{attr}")
    return list(timers.labels)


# -- measuring -----------------------------------------------------------------------------------

def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _results(args: argparse.Namespace) -> Iterator[Any]:
    if args.input:
        with open(args.input, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if n >= args.articles:
                    return
                if line.strip():
                    yield result_from_dict(json.loads(line))
        return
    yield from generate(args.articles, args.seed, one_quote=args.mode != "zipf",
                        exact=args.mode == "one-quote-exact")


def _batches(results: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for r in results:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _with_pragmas(pragmas: list[str]) -> None:
    """Run ``PRAGMA name = value`` on every writable connection the store opens, before
    it sets its own (so ``page_size`` applies to a new store): an experiment's knob, in
    this process only."""
    from quotetrail.corpus import store

    opened = store._connect

    def connect(path: str, *, readonly: bool) -> Any:
        conn = opened(path, readonly=readonly)
        if not readonly:
            for pragma in pragmas:
                name, _, value = pragma.partition("=")
                conn.execute(f"PRAGMA {name.strip()} = {value.strip()}")
        return conn

    store._connect = connect


def run(args: argparse.Namespace) -> dict[str, Any]:
    missing = [e for e in os.environ.get("PYTHONPATH", "").split(os.pathsep)
               if e.rstrip("/").endswith("src") and not Path(e).is_dir()]
    if missing:   # else the venv's own quotetrail would be measured, silently
        raise SystemExit(f"PYTHONPATH names {', '.join(missing)}, which does not exist")
    import quotetrail
    from quotetrail.corpus.store import Store

    if args.pragma:
        _with_pragmas(args.pragma)
    timers = Timers()
    labels = install_timers(timers, args.wrap)
    scratch = None
    if args.db:
        db = Path(args.db)
        for p in db.parent.glob(db.name + "*"):
            p.unlink()
    else:
        scratch = Path(tempfile.mkdtemp(prefix="store_growth-", dir=args.tmp))
        db = scratch / "store.db"
    env = _environment(quotetrail.__file__)
    if args.source_commit:
        env["commit"], env["src_dirty"] = args.source_commit, False
        env["commit_from"] = "--source-commit"
    print(f"quotetrail from {env['quotetrail_path']} (commit {env['commit']}"
          f"{', src/ changed' if env['src_dirty'] else ''}); store {db}", flush=True)
    print("timed: " + ", ".join(f"{lab} [{timers.labels[lab]}]" for lab in labels), flush=True)

    batches: list[dict[str, Any]] = []
    stopped = None
    started = time.perf_counter()
    generating = 0.0
    hard = args.max_seconds + max(30.0, args.max_seconds / 10) if args.max_seconds else 0.0

    fired = False

    def alarm(_signum: int, _frame: Any) -> None:
        nonlocal fired
        fired = True
        raise _Budget

    if hard:
        signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, hard)
    store = Store(db)
    real_conn = store.conn
    store.conn = _TimedConnection(real_conn, timers)  # type: ignore[assignment]
    labels = list(timers.labels)
    try:
        source = _batches(_results(args), args.batch)
        while True:
            if args.max_seconds and time.perf_counter() - started >= args.max_seconds:
                stopped = "budget"
                break
            t0 = time.perf_counter()
            batch = next(source, None)
            generating += time.perf_counter() - t0
            if batch is None:
                break
            n_att = sum(len(r.attributions) for r in batch)
            timers.reset()
            t0 = time.perf_counter()
            outcome = store.add_batch(batch, store_text=not args.no_store_text)
            spent = time.perf_counter() - t0
            record = {
                "batch": len(batches) + 1, "articles": len(batch), "stored": outcome.stored,
                "attributions": n_att, "candidate_pairs": outcome.candidate_pairs,
                "seconds": spent, "clusters": timers.cat["clusters"],
                "speakers": timers.cat["speakers"],
                "commit": timers.cat["commit"],
                "other": spent - timers.cat["clusters"] - timers.cat["speakers"],
                "categories": dict(timers.cat), "functions": dict(timers.fn),
                "calls": dict(timers.calls), "rss_mb": round(_rss_mb(), 1),
            }
            batches.append(record)
            n = record["batch"]
            if n == 1 or n % args.progress == 0:
                done = sum(b["stored"] for b in batches)
                print(f"batch {n:5d}  {done:7d} articles  {spent * 1000:8.1f} ms  "
                      f"(clusters {record['clusters'] * 1000:7.1f}, speakers "
                      f"{record['speakers'] * 1000:7.1f})  RSS {record['rss_mb']:.0f} MB  "
                      f"{time.perf_counter() - started:6.0f} s", flush=True)
    except KeyboardInterrupt:
        stopped = "interrupted"
        print("interrupted: reporting what was measured", flush=True)
    except Exception:
        if not fired:       # _Budget, or what a rollback raised while it unwound
            raise
        stopped = "budget"
        print("time budget exceeded in the middle of a batch: that batch is rolled back",
              flush=True)
    finally:
        if hard:
            signal.setitimer(signal.ITIMER_REAL, 0)
        timers.uninstall()
    wall = time.perf_counter() - started
    store.conn = real_conn
    store_state = _store_state(store.conn)
    store.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    if scratch is not None and not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    env["loadavg_end"] = os.getloadavg()
    return _summary(args, batches, labels, timers.labels, stopped, wall, generating,
                    store_state, size, env, str(db))


def _store_state(conn: sqlite3.Connection) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for table in ("articles", "attributions", "groups", "links", "clusters", "speakers",
                  "name_forms"):
        with contextlib.suppress(sqlite3.Error):
            state[table] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    try:
        row = conn.execute("SELECT cluster_id, n_occurrences FROM clusters "
                           "ORDER BY n_occurrences DESC LIMIT 1").fetchone()
        if row:
            state["largest_cluster"] = {"cluster_id": row[0], "occurrences": row[1]}
            state["largest_cluster"]["groups"] = conn.execute(
                "SELECT COUNT(*) FROM groups WHERE cluster_id = ?", (row[0],)).fetchone()[0]
        row = conn.execute("SELECT speaker_id, n_attributions FROM speakers "
                           "ORDER BY n_attributions DESC LIMIT 1").fetchone()
        if row:
            state["largest_speaker"] = {"speaker_id": row[0], "attributions": row[1]}
    except sqlite3.Error:
        pass
    return state


# -- reporting -----------------------------------------------------------------------------------

def _tenths(n: int) -> list[tuple[int, int]]:
    k = min(10, n)
    bounds = [round(i * n / k) for i in range(k + 1)] if k else [0]
    return [(bounds[i], bounds[i + 1]) for i in range(k)]


def _growth(values: list[float], parts: list[tuple[int, int]]) -> dict[str, Any]:
    medians = [statistics.median(values[a:b]) for a, b in parts]
    means = [statistics.fmean(values[a:b]) for a, b in parts]
    return {
        "median_ms": [round(m * 1000, 2) for m in medians],
        "mean_ms": [round(m * 1000, 2) for m in means],
        "ratio_last_first": (round(medians[-1] / medians[0], 3)
                             if medians and medians[0] > 0 else None),
    }


def _summary(args: argparse.Namespace, batches: list[dict[str, Any]], labels: list[str],
             categories: dict[str, str], stopped: str | None, wall: float, generating: float,
             store_state: dict[str, Any], size: int, env: dict[str, Any], db: str
             ) -> dict[str, Any]:
    full = [b for b in batches if b["articles"] == args.batch] or batches
    parts = _tenths(len(full))
    store_seconds = sum(b["seconds"] for b in batches)
    stored = sum(b["stored"] for b in batches)
    growth = {"total": _growth([b["seconds"] for b in full], parts),
              "clusters": _growth([b["clusters"] for b in full], parts),
              "speakers": _growth([b["speakers"] for b in full], parts),
              "commit": _growth([b.get("commit", 0.0) for b in full], parts),
              "other": _growth([b["other"] for b in full], parts)}
    functions = {lab: _growth([b["functions"].get(lab, 0.0) for b in full], parts)
                 for lab in labels}
    command = " ".join([sys.executable.replace(str(Path.cwd()) + "/", ""),
                        *sys.argv])
    return {
        "label": args.label or (f"{'input' if args.input else args.mode}-{args.articles}"
                                f"-b{args.batch}@{env['commit']}"
                                f"{'+changes' if env['src_dirty'] else ''}"),
        "command": command, "pythonpath": os.environ.get("PYTHONPATH", ""),
        "mode": "input" if args.input else args.mode, "input": args.input,
        "pragmas": args.pragma,
        "seed": args.seed, "articles_requested": args.articles, "batch_size": args.batch,
        "max_seconds": args.max_seconds, "stopped": stopped,
        "batches": len(batches), "articles_stored": stored,
        "attributions_stored": sum(b["attributions"] for b in batches if b["stored"]),
        "tenths": [{"batches": [a + 1, b]} for a, b in parts],
        "growth": growth, "functions": functions,
        "categories": categories,
        "store_seconds": round(store_seconds, 2), "generate_seconds": round(generating, 2),
        "wall_seconds": round(wall, 2),
        "articles_per_second_store": round(stored / store_seconds, 2) if store_seconds else 0,
        "articles_per_second_wall": round(stored / wall, 2) if wall else 0,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_mb_by_tenth": [full[b - 1]["rss_mb"] for _, b in parts] if parts else [],
        "store": store_state, "store_mb": round(size / 1e6, 1), "db": db,
        "environment": env,
        "per_batch": [{**{k: (round(v, 5) if isinstance(v, float) else v)
                          for k, v in b.items() if k not in ("functions", "categories",
                                                             "calls")},
                       "functions": {k: round(v, 5) for k, v in b["functions"].items()},
                       "calls": b["calls"]}
                      for b in batches],
    }


def _environment(quotetrail_file: str) -> dict[str, Any]:
    src = Path(quotetrail_file).resolve().parent.parent

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(src), *cmd], capture_output=True,
                                  text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in
                    Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "quotetrail_path": str(Path(quotetrail_file).resolve().parent),
        "commit": git("rev-parse", "--short", "HEAD") or "unknown",
        "src_dirty": bool(git("status", "--porcelain", "--", ".")),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "nproc": os.cpu_count(), "cpu": cpu, "loadavg_start": os.getloadavg(),
    }


def report(result: dict[str, Any]) -> str:
    lines = [f"{result['label']}: {result['articles_stored']:,} articles, "
             f"{result['attributions_stored']:,} attributions in {result['batches']} batches "
             f"of {result['batch_size']}"
             + (f"  [stopped: {result['stopped']}]" if result["stopped"] else "")]
    g = result["growth"]
    lines.append(f"{'tenth':>5} {'batches':>11} {'total ms':>10} {'clusters ms':>12} "
                 f"{'speakers ms':>12} {'other ms':>10} {'(commit)':>9} {'RSS MB':>8}")
    for i, part in enumerate(result["tenths"]):
        a, b = part["batches"]
        lines.append(f"{i + 1:>5} {f'{a}-{b}':>11} {g['total']['median_ms'][i]:>10.1f} "
                     f"{g['clusters']['median_ms'][i]:>12.1f} "
                     f"{g['speakers']['median_ms'][i]:>12.1f} "
                     f"{g['other']['median_ms'][i]:>10.1f} {g['commit']['median_ms'][i]:>9.1f} "
                     f"{result['rss_mb_by_tenth'][i]:>8.0f}")

    def ratio(x: float | None, first: float = 1.0) -> str:
        return f"{x:.2f}x" if x is not None and first >= 0.1 else "-"

    lines.append(f"{'last/first tenth (medians)':>17} {ratio(g['total']['ratio_last_first']):>10} "
                 f"{ratio(g['clusters']['ratio_last_first']):>12} "
                 f"{ratio(g['speakers']['ratio_last_first']):>12} "
                 f"{ratio(g['other']['ratio_last_first']):>10} "
                 f"{ratio(g['commit']['ratio_last_first']):>9}")
    lines.append("functions (median ms per batch, first tenth -> last tenth):")
    rows = sorted(result["functions"].items(), key=lambda kv: -(kv[1]["median_ms"] or [0])[-1])
    for label, f in rows:
        if not f["median_ms"] or max(f["median_ms"]) < 0.05:
            continue
        lines.append(f"  {label:34} [{result['categories'].get(label, '')[:8]:8}] "
                     f"{f['median_ms'][0]:9.1f} -> {f['median_ms'][-1]:9.1f}  "
                     f"{ratio(f['ratio_last_first'], f['median_ms'][0])}")
    s = result["store"]
    lines.append(f"store: {result['store_seconds']:.1f} s in add_batch "
                 f"({result['articles_per_second_store']:.1f} articles/s), wall "
                 f"{result['wall_seconds']:.1f} s ({result['articles_per_second_wall']:.1f} "
                 f"articles/s; generating {result['generate_seconds']:.1f} s); peak RSS "
                 f"{result['peak_rss_mb']:.0f} MB; {result['store_mb']:.0f} MB on disk")
    lines.append("counts: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}"
                                        for k, v in s.items()))
    return "\n".join(lines)


def _write(out: Path, result: dict[str, Any]) -> None:
    data: dict[str, Any] = {"runs": {}}
    if out.exists():
        try:
            data = json.loads(out.read_text(encoding="utf-8"))
            data.setdefault("runs", {})
        except (OSError, ValueError):
            data = {"runs": {}}
    data["runs"][result["label"]] = result
    data["about"] = ("benchmarks/store_growth.py: per-batch commit times as the store grows; "
                     "see its docstring")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=6400)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--mode", choices=["one-quote", "one-quote-exact", "zipf"],
                    default="one-quote")
    ap.add_argument("--input", help="contract JSONL to store instead of generating")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="JSON file; the run is stored under runs[LABEL]")
    ap.add_argument("--label", help="key of this run in --out (default "
                    "MODE-ARTICLES-bBATCH@COMMIT)")
    ap.add_argument("--max-seconds", type=float, default=0.0,
                    help="wall-time budget; stop cleanly and report what was measured")
    ap.add_argument("--db", help="store path (default: a temporary directory, deleted)")
    ap.add_argument("--tmp", default=None, help="directory for the temporary store")
    ap.add_argument("--keep", action="store_true", help="keep the temporary store")
    ap.add_argument("--no-store-text", action="store_true")
    ap.add_argument("--source-commit", metavar="COMMIT",
                    help="the commit of the quotetrail measured, when it is no git checkout "
                         "(e.g. a 'git archive' of src/ on PYTHONPATH)")
    ap.add_argument("--wrap", action="append", default=[], metavar="MODULE:FUNCTION",
                    help="also time this function (repeatable)")
    ap.add_argument("--progress", type=int, default=25, help="print every N batches")
    ap.add_argument("--pragma", action="append", default=[], metavar="NAME=VALUE",
                    help="a PRAGMA for the store's connection, e.g. page_size=1024 or "
                         "wal_autocheckpoint=0 (repeatable; kept in the JSON)")
    args = ap.parse_args(argv)
    result = run(args)
    print(report(result))
    _write(args.out, result)
    print(f"written to {args.out} (runs[{result['label']!r}])")
    return 0


if __name__ == "__main__":
    sys.exit(main())
