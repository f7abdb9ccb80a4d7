"""Accuracy on PolNeAR-format data, scored by the shared scorer (``polnear_score.py``).

    python benchmarks/accuracy.py [--gold ../shared/data/polnear/dev]
                                  [--out benchmarks/results/accuracy_dev.json]

Runs quotetrail over ``GOLD/text/*.txt`` through the Python API (the same engine the
CLI runs), writes the predictions as contract JSONL, and scores them with
``../shared/tools/polnear_score.py --double-apostrophe`` on the ``direct`` and ``all``
subsets.  Prints both tables and writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "polnear_score.py"


def predict(gold: Path, out: Path) -> tuple[int, float]:
    """Write one contract record per article of ``gold/text``; returns (articles, seconds)."""
    from quotetrail.api import extract_documents
    from quotetrail.model import Document

    names = sorted(p for p in (gold / "text").glob("*.txt"))
    docs = (Document(id=p.stem, text=p.read_text(encoding="utf-8", errors="strict"),
                     location=str(p)) for p in names)
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for result in extract_documents(docs):
            f.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    return len(names), time.perf_counter() - t0


def score(gold: Path, pred: Path, subset: str, details: Path | None = None) -> dict:
    """Run the shared scorer and return its JSON result."""
    cmd = [sys.executable, str(SCORER), "--gold-dir", str(gold), "--pred", str(pred),
           "--subset", subset, "--double-apostrophe", "--json"]
    if details is not None:
        cmd += ["--details", str(details)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "data" / "polnear" / "dev")
    ap.add_argument("--out", type=Path,
                    default=ROOT / "benchmarks" / "results" / "accuracy_dev.json")
    ap.add_argument("--pred", type=Path, default=None, help="where to keep the predictions")
    ap.add_argument("--details", type=Path, default=None,
                    help="directory for the scorer's per-item outcomes")
    args = ap.parse_args(argv)
    if not SCORER.exists() or not (args.gold / "text").is_dir():
        print(f"error: needs {SCORER} and {args.gold}/text (../shared beside the clone)",
              file=sys.stderr)
        return 2
    pred = args.pred or args.out.with_suffix(".pred.jsonl")
    pred.parent.mkdir(parents=True, exist_ok=True)
    n, secs = predict(args.gold, pred)
    summary: dict = {"gold": str(args.gold), "articles": n, "seconds": round(secs, 2),
                     "scorer": "polnear_score.py --double-apostrophe", "subsets": {}}
    for subset in ("direct", "all"):
        det = args.details / f"details_{subset}.jsonl" if args.details else None
        if det is not None:
            det.parent.mkdir(parents=True, exist_ok=True)
        res = score(args.gold, pred, subset, det)
        summary["subsets"][subset] = res["regimes"]
        print(f"{subset:<7} {'regime':<8} {'P':>6} {'R':>6} {'F1':>6} {'spk':>6} {'cue':>6}")
        for name, m in res["regimes"].items():
            cells = [m[k] for k in ("precision", "recall", "f1", "speaker_acc", "cue_acc")]
            print(f"{'':<7} {name:<8} " + " ".join(
                "     -" if c is None else f"{c:6.3f}" for c in cells))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"{n} articles in {secs:.1f} s; figures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
