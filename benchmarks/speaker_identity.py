"""Speaker identity across articles: B-cubed precision and recall on labelled mentions.

    python benchmarks/speaker_identity.py                      # both modes
    python benchmarks/speaker_identity.py --mode identity      # (a) only: a few seconds
    python benchmarks/speaker_identity.py --mode end-to-end    # (b) only: the engine runs
    python benchmarks/speaker_identity.py --errors             # + the mentions put wrong

``tests/data/identity/labels.jsonl`` labels speaker mentions in PolNeAR *train* articles
(texts read from ``../shared/data/polnear/train/text``, never copied) and in articles
written for the purpose (``tests/data/identity/texts``): each mention's offsets, the
fullest name its article gives (``name``), and who it is across the corpus
(``person``).  ``tests/data/identity/pairs.json`` lists name-variant pairs (two names,
one person) and same-surname pairs (two people).

Two modes:

* **identity** -- the corpus identity logic alone.  Each labelled mention becomes an
  attribution crediting its ``name``, whose source span is the mention (so "Mr. Smith",
  "she" tell a gender) and whose type is the label's, in an article holding its real
  text; the articles are stored in a temporary store as an ingest would store them, and
  each mention's ``speaker_id`` is compared with ``person``.
* **end-to-end** -- quotetrail ingests the labelled articles (``.txt`` texts, id = stem,
  the outlet when the text's dateline gives one) into a temporary store; each labelled
  mention is matched to the attribution whose source span overlaps it most.  A mention
  with no such attribution, or whose attribution has no speaker, is a cluster of its own.

Both report B-cubed precision and recall (with bootstrap intervals over persons), and
the pair sets on their own: the share of variant pairs whose two names get one id, and
the share of same-surname pairs kept apart.  End to end also reports coverage, and the
scores on the mentions matched and on those whose in-article name the engine got right
(what identity across articles makes of the engine's names).  Writes JSON to ``--out`` (default
``benchmarks/results/speaker_identity.json``).  Stores are temporary and deleted.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR_TRAIN = SHARED / "data" / "polnear" / "train" / "text"
DATA = ROOT / "tests" / "data" / "identity"
LABELS = DATA / "labels.jsonl"
PAIRS = DATA / "pairs.json"
WRITTEN = DATA / "texts"
OUT = ROOT / "benchmarks" / "results" / "speaker_identity.json"
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20160926
#: "(The Averell Ledger, May 2)" after a dateline: the outlet a written text names.
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+ \(([^,()]+), [A-Z][a-z]+\.? \d{1,2}\) [—-]", re.M)


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def text_path(corpus: str, article: str) -> Path:
    return (POLNEAR_TRAIN if corpus == "polnear-train" else WRITTEN) / f"{article}.txt"


def read_text(path: Path) -> str:
    """An article's text exactly as the offsets index it (UTF-8, no newline translation)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def texts_available(labels: Sequence[dict[str, Any]]) -> str | None:
    """None when every labelled article's text can be read, else why not."""
    missing = sorted({text_path(x["corpus"], x["article"]) for x in labels
                      if not text_path(x["corpus"], x["article"]).is_file()})
    if not missing:
        return None
    return f"{len(missing)} labelled texts are missing, e.g. {missing[0]} (is ../shared there?)"


def articles_of(labels: Sequence[dict[str, Any]]) -> dict[str, tuple[str, list[int]]]:
    """article -> (its text, the indices of its labels in offset order)."""
    out: dict[str, tuple[str, list[int]]] = {}
    for i, x in enumerate(labels):
        if x["article"] not in out:
            out[x["article"]] = (read_text(text_path(x["corpus"], x["article"])), [])
        out[x["article"]][1].append(i)
    for _, idx in out.values():
        idx.sort(key=lambda i: (labels[i]["start"], labels[i]["end"], i))
    return out


def outlet_of(text: str) -> str | None:
    m = _DATELINE.search(text[:600])
    return m.group(1).strip() if m else None


# ----------------------------------------------------------------------------- modes

def identity_mode(labels: Sequence[dict[str, Any]]) -> list[str | None]:
    """Mode (a): each labelled mention's speaker id from the corpus identity logic alone."""
    from quotetrail.corpus import queries
    from quotetrail.corpus.store import Store
    from quotetrail.model import ArticleResult, Attribution, Span

    results = []
    for article, (text, idx) in sorted(articles_of(labels).items()):
        atts = []
        for i in idx:
            x = labels[i]
            span = Span.of(text, x["start"], x["end"])
            atts.append(Attribution(kind="direct", content=span, source=span,
                                    speaker=x["name"], speakers=[x["name"]],
                                    speaker_type=x["type"], confidence=1.0,
                                    speaker_confidence=1.0))
        results.append((article, idx, ArticleResult(id=article, text=text, attributions=atts,
                                                    model="labels", version="0")))
    predicted: list[str | None] = [None] * len(labels)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "identity.db") as store:
        store.add_batch([r for _, _, r in results])
        for article, idx, _ in results:
            record = queries.article(store.conn, article)
            assert record is not None
            for i, att in zip(idx, record["attributions"], strict=True):
                predicted[i] = att["speaker_id"]
    return predicted


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def end_to_end_mode(labels: Sequence[dict[str, Any]], workers: int = 1
                    ) -> tuple[list[str | None], list[bool], list[str | None], float]:
    """Mode (b): ingest the labelled articles; per mention (speaker id, matched?, the
    in-article name the engine gave), and the seconds the ingest took."""
    from quotetrail.corpus import queries
    from quotetrail.corpus.store import open_readonly

    articles = articles_of(labels)
    predicted: list[str | None] = [None] * len(labels)
    matched = [False] * len(labels)
    names: list[str | None] = [None] * len(labels)
    with tempfile.TemporaryDirectory() as tmp:
        records = []
        for article, (text, _) in sorted(articles.items()):
            record: dict[str, Any] = {"id": article, "text": text}
            if outlet := outlet_of(text):
                record["outlet"] = outlet
            records.append(record)
        source = Path(tmp) / "labelled.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                          encoding="utf-8")
        db = Path(tmp) / "e2e.db"
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", "from quotetrail.cli import main; main()",
                              "ingest", str(source),
                              "--db", str(db), "--workers", str(workers), "--format", "jsonl"],
                             capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        if run.returncode != 0:
            raise SystemExit(f"quotetrail ingest failed ({run.returncode}): {run.stderr.strip()}")
        conn = open_readonly(db)
        try:
            for article, (_, idx) in articles.items():
                record = queries.article(conn, article)
                atts = record["attributions"] if record else []
                for i in idx:
                    span = (labels[i]["start"], labels[i]["end"])
                    best, best_overlap = None, 0
                    for att in atts:
                        src = att["source"]
                        if src is None:
                            continue
                        o = _overlap(span, (src["start"], src["end"]))
                        if o > best_overlap:
                            best, best_overlap = att, o
                    if best is not None:
                        matched[i] = True
                        predicted[i] = best["speaker_id"]
                        names[i] = best["speaker"]
        finally:
            conn.close()
    return predicted, matched, names, seconds


# --------------------------------------------------------------------------- scoring

def singletons(predicted: Sequence[str | None]) -> list[str]:
    """Predictions with every missing id made a cluster of its own."""
    return [p if p else f"\0none:{i}" for i, p in enumerate(predicted)]


def bcubed_by_person(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, dict]:
    """B-cubed precision, recall, and bootstrap 95 % intervals (persons resampled, each
    drawn person's mentions kept with their labels)."""
    from quotetrail.evaluation.speakers import bcubed

    precision, recall = bcubed(gold, pred)
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        by_person[g].append(i)
    persons = sorted(by_person)
    rng = random.Random(BOOTSTRAP_SEED)
    ps, rs = [], []
    for _ in range(BOOTSTRAP_SAMPLES):
        idx = [i for _ in persons for i in by_person[rng.choice(persons)]]
        p, r = bcubed([gold[i] for i in idx], [pred[i] for i in idx])
        ps.append(p)
        rs.append(r)
    ps.sort()
    rs.sort()
    lo, hi = int(0.025 * len(ps)), int(0.975 * len(ps)) - 1
    return precision, recall, {"precision": [ps[lo], ps[hi]], "recall": [rs[lo], rs[hi]]}


def mention_ids(labels: Sequence[dict[str, Any]], predicted: Sequence[str | None]
                ) -> dict[tuple[str, str], Counter[str | None]]:
    """(article, name) -> the ids its mentions got."""
    out: dict[tuple[str, str], Counter[str | None]] = defaultdict(Counter)
    for x, p in zip(labels, predicted, strict=True):
        out[(x["article"], x["name"])][p] += 1
    return out


def _side_id(ids: dict[tuple[str, str], Counter[str | None]], side: dict[str, str]) -> str | None:
    found = ids.get((side["article"], side["name"]))
    if not found:
        return None
    named = Counter({k: v for k, v in found.items() if k})
    return min(named, key=lambda k: (-named[k], k)) if named else None


def pair_sets(labels: Sequence[dict[str, Any]], predicted: Sequence[str | None],
              pairs: dict[str, Any]) -> dict[str, Any]:
    """Variant pairs joined and same-surname pairs kept apart, per corpus and overall."""
    ids = mention_ids(labels, predicted)
    out: dict[str, Any] = {}
    for name, want_same in (("variant_pairs", True), ("same_surname_pairs", False)):
        per: dict[str, Any] = {}
        total_ok = total = total_missing = 0
        failures = []
        for corpus, items in sorted(pairs[name].items()):
            ok = missing = 0
            for item in items:
                a, b = _side_id(ids, item["a"]), _side_id(ids, item["b"])
                if a is None or b is None:
                    missing += 1
                    good = not want_same  # an unidentified name is apart from anyone
                else:
                    good = (a == b) == want_same
                ok += good
                if not good:
                    failures.append({"a": item["a"]["name"], "b": item["b"]["name"],
                                     "ids": [a, b]})
            per[corpus] = {"pairs": len(items), "right": ok, "share": ok / len(items) if items
                           else None, "without_id": missing}
            total_ok += ok
            total += len(items)
            total_missing += missing
        out[name] = {"pairs": total, "right": total_ok,
                     "share": total_ok / total if total else None,
                     "without_id": total_missing, "by_corpus": per, "wrong": failures}
    return out


def report(labels: Sequence[dict[str, Any]], predicted: Sequence[str | None],
           pairs: dict[str, Any]) -> dict[str, Any]:
    gold = [x["person"] for x in labels]
    pred = singletons(predicted)
    precision, recall, ci = bcubed_by_person(gold, pred)
    by_corpus = {}
    for corpus in sorted({x["corpus"] for x in labels}):
        idx = [i for i, x in enumerate(labels) if x["corpus"] == corpus]
        from quotetrail.evaluation.speakers import bcubed

        p, r = bcubed([gold[i] for i in idx], [pred[i] for i in idx])
        by_corpus[corpus] = {"mentions": len(idx), "precision": p, "recall": r}
    return {"mentions": len(labels), "persons": len(set(gold)),
            "articles": len({x["article"] for x in labels}),
            "bcubed_precision": precision, "bcubed_recall": recall, "interval_95": ci,
            "by_corpus": by_corpus, "pair_sets": pair_sets(labels, predicted, pairs)}


def errors_of(labels: Sequence[dict[str, Any]], predicted: Sequence[str | None]
              ) -> dict[str, Any]:
    """Persons split over several ids, and ids shared by several persons."""
    ids_of: dict[str, Counter[str]] = defaultdict(Counter)
    persons_of: dict[str, Counter[str]] = defaultdict(Counter)
    for x, p in zip(labels, singletons(predicted), strict=True):
        ids_of[x["person"]][p if not p.startswith("\0") else "(none)"] += 1
        if not p.startswith("\0"):
            persons_of[p][x["person"]] += 1
    split = {person: dict(c) for person, c in sorted(ids_of.items()) if len(c) > 1}
    merged = {sid: dict(c) for sid, c in sorted(persons_of.items()) if len(c) > 1}
    return {"split_persons": split, "merged_ids": merged}


def _print(name: str, r: dict[str, Any]) -> None:
    ci = r["interval_95"]
    print(f"{name}: {r['mentions']} mentions, {r['persons']} persons, {r['articles']} articles")
    print(f"  B-cubed precision {r['bcubed_precision']:.3f} "
          f"[{ci['precision'][0]:.3f}, {ci['precision'][1]:.3f}]  "
          f"recall {r['bcubed_recall']:.3f} [{ci['recall'][0]:.3f}, {ci['recall'][1]:.3f}]")
    for corpus, c in r["by_corpus"].items():
        print(f"    {corpus}: {c['mentions']} mentions, precision {c['precision']:.3f}, "
              f"recall {c['recall']:.3f}")
    for key, label in (("variant_pairs", "variant pairs joined"),
                       ("same_surname_pairs", "same-surname pairs kept apart")):
        s = r["pair_sets"][key]
        print(f"  {label}: {s['right']}/{s['pairs']} = {s['share']:.3f}"
              + (f" ({s['without_id']} with a side unidentified)" if s["without_id"] else ""))
    if "coverage" in r:
        print(f"  coverage: {r['coverage']:.3f} of the mentions matched a predicted source, "
              f"{r['with_speaker']:.3f} with a speaker id; ingest {r['ingest_seconds']:.1f} s")
        m, n = r["matched_only"], r["engine_name_right"]
        print(f"  on the {m['mentions']} matched mentions: precision "
              f"{m['bcubed_precision']:.3f}, recall {m['bcubed_recall']:.3f}; the engine's "
              f"in-article name is the labelled one for {r['engine_name_right_on_matched']:.3f}")
        print(f"  on the {n['mentions']} whose in-article name is right: precision "
              f"{n['bcubed_precision']:.3f}, recall {n['bcubed_recall']:.3f}")


def _commit() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"),
            "src_dirty": bool(git("status", "--porcelain", "src"))}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("both", "identity", "end-to-end"), default="both")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=1, help="ingest workers (end to end)")
    parser.add_argument("--errors", action="store_true",
                        help="print the persons split and the ids shared")
    args = parser.parse_args(argv)
    labels = load_labels()
    problem = texts_available(labels)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))
    out: dict[str, Any] = {"labels": str(LABELS.relative_to(ROOT)), **_commit()}
    if args.mode in ("both", "identity"):
        started = time.perf_counter()
        predicted = identity_mode(labels)
        r = report(labels, predicted, pairs)
        r["seconds"] = time.perf_counter() - started
        r["errors"] = errors_of(labels, predicted)
        out["identity"] = r
        _print("identity alone", r)
        if args.errors:
            print(json.dumps(r["errors"], indent=1, ensure_ascii=False))
    if args.mode in ("both", "end-to-end"):
        from quotetrail.evaluation.speakers import bcubed, same_name

        predicted, matched, names, seconds = end_to_end_mode(labels, args.workers)
        r = report(labels, predicted, pairs)
        r["coverage"] = sum(matched) / len(labels)
        r["with_speaker"] = sum(1 for p in predicted if p) / len(labels)
        r["ingest_seconds"] = seconds
        covered = [i for i, m in enumerate(matched) if m]
        right = [i for i in covered if same_name(names[i], labels[i]["name"])]
        r["engine_name_right_on_matched"] = len(right) / len(covered) if covered else None
        p_m, r_m = bcubed([labels[i]["person"] for i in covered],
                          [singletons(predicted)[i] for i in covered])
        p_n, r_n = bcubed([labels[i]["person"] for i in right],
                          [singletons(predicted)[i] for i in right])
        r["matched_only"] = {"mentions": len(covered), "bcubed_precision": p_m,
                             "bcubed_recall": r_m}
        r["engine_name_right"] = {"mentions": len(right), "bcubed_precision": p_n,
                                  "bcubed_recall": r_n}
        r["errors"] = errors_of(labels, predicted)
        out["end_to_end"] = r
        _print("end to end", r)
        if args.errors:
            print(json.dumps(r["errors"], indent=1, ensure_ascii=False))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
