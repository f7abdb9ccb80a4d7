"""Speaker-name accuracy on hand-labelled PolNeAR dev sources.

    python benchmarks/speaker_names.py --list [--article STEM] [--context 200]
    python benchmarks/speaker_names.py --show STEM
    python benchmarks/speaker_names.py --score [--out benchmarks/results/speaker_names.json]

PolNeAR marks *where* a statement's source is mentioned ("He", "Mr. Obama", "the
senator"), not *who* it is.  ``tests/data/speaker_names_dev.jsonl`` holds our own
labels for a sample of those gold Source spans: offsets and the fullest name the article
gives (no article text).  This script

* ``--list`` / ``--show``: prints the gold Source spans of dev (the first ``.ann`` file in
  sorted order per article) with their context, for reading while labelling;
* ``--score``: runs quotetrail end to end (``quotetrail.api.extract_documents``) on the
  labelled articles and matches each labelled mention to the predicted attribution whose
  ``source`` overlaps it most; and, in *oracle-mention* mode, calls
  ``SpeakerResolver(text).resolve(start, end, previous_speakers=...)`` directly on each
  labelled span (previous speakers = the resolver's own names for the earlier labelled
  mentions of the article), which measures the resolver alone.

Name accuracy compares ``speaker`` with the label after normalising case, whitespace,
a leading "the" (also before each part of a joint name) and curly/straight apostrophes;
``null`` must match ``null``.  A mention that no predicted source overlaps counts as wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotetrail.evaluation.speakers import expected_calibration_error

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "data" / "polnear" / "dev"
LABELS = ROOT / "tests" / "data" / "speaker_names_dev.jsonl"
OUT = ROOT / "benchmarks" / "results" / "speaker_names.json"

MENTION_CLASSES = ("pronoun", "surname", "role", "full_name", "organisation", "group",
                   "document")
SPEAKER_TYPES = ("person", "group", "organisation", "unnamed", "document")
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20160926


# ----------------------------------------------------------------------------- data


@dataclass(slots=True, frozen=True)
class Source:
    """A gold Source span (discontinuous spans reduced to min start / max end)."""

    article: str
    start: int
    end: int
    text: str


def read_text(path: Path) -> str:
    """An article's text exactly as the offsets index it (UTF-8, no newline translation)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def ann_file(dev: Path, stem: str) -> Path | None:
    """The reference annotation of an article: the first ``.ann`` in sorted order."""
    files = sorted((dev / "attributions").glob(f"{stem}_*.ann"))
    files = [f for f in files if f.name[len(stem) + 1:-4].isalnum()]
    return files[0] if files else None


def gold_sources(dev: Path, stem: str) -> list[Source]:
    """Gold Source spans of one article, in text order."""
    path = ann_file(dev, stem)
    if path is None:
        return []
    text = read_text(dev / "text" / f"{stem}.txt")
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0].startswith("T"):
                continue
            label, _, offsets = parts[1].partition(" ")
            if label != "Source":
                continue
            pairs = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
            start = min(p[0] for p in pairs)
            end = max(p[1] for p in pairs)
            out.append(Source(stem, start, end, text[start:end]))
    return sorted(set(out), key=lambda s: (s.start, s.end))


def articles(dev: Path) -> list[str]:
    return sorted(p.stem for p in (dev / "text").glob("*.txt"))


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    """The labelled mentions, in file order."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ------------------------------------------------------------------- reading aids

_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "his", "her", "their", "who",
             "which", "that", "him", "them", "me", "us", "our", "my", "its"}


def guess_class(mention: str) -> str:
    """A rough class for listing only (labels carry the annotator's own class)."""
    m = mention.strip()
    low = m.lower()
    if low in _PRONOUNS:
        return "pronoun"
    words = m.split()
    if low.startswith(("the ", "a ", "an ", "one ")) or (words and words[0].islower()):
        return "role?"
    if len(words) == 1 or re.match(r"(Mr|Mrs|Ms|Sen|Gov|Rep|Dr|President)\.? \S+$", m):
        return "surname?"
    return "name?"


def context(text: str, start: int, end: int, width: int) -> str:
    left = text[max(0, start - width):start].replace("\n", " ¶ ")
    right = text[end:end + width].replace("\n", " ¶ ")
    return f"…{left}[[{text[start:end]}]]{right}…"


def cmd_list(dev: Path, stems: Iterable[str], width: int) -> None:
    for stem in stems:
        text = read_text(dev / "text" / f"{stem}.txt")
        for i, s in enumerate(gold_sources(dev, stem)):
            print(f"{stem}\t{i}\t{s.start}\t{s.end}\t{guess_class(s.text)}\t{s.text!r}")
            print(textwrap.indent(context(text, s.start, s.end, width), "    "))


def cmd_show(dev: Path, stem: str) -> None:
    """The whole article with every gold Source span marked ``[[n:mention]]``."""
    text = read_text(dev / "text" / f"{stem}.txt")
    srcs = gold_sources(dev, stem)
    out, pos = [], 0
    # nested or overlapping spans: mark each start in order, close at the end
    events: list[tuple[int, int, str]] = []
    for i, s in enumerate(srcs):
        events.append((s.start, 1, f"[[{i}:"))
        events.append((s.end, 0, "]]"))
    for off, _, mark in sorted(events):
        out.append(text[pos:off])
        out.append(mark)
        pos = off
    out.append(text[pos:])
    print("".join(out))
    print()
    for i, s in enumerate(srcs):
        print(f"{i}\t{s.start}\t{s.end}\t{s.text!r}")


# --------------------------------------------------------------------------- scoring

_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def normalise(name: str | None) -> str | None:
    """Case, whitespace, a leading "the" (of the name or of each part of a joint name,
    "China and the United States") and curly apostrophes do not count."""
    if name is None:
        return None
    n = " ".join(name.translate(_APOS).split()).lower()
    n = re.sub(r"(^|, | and )the ", r"\1", n)  # also each part of a joint speaker
    return n or None


def same_name(pred: str | None, gold: str | None) -> bool:
    return normalise(pred) == normalise(gold)


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match_predictions(labels: Sequence[dict[str, Any]],
                      predictions: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """For each label, the predicted attribution whose source overlaps it most (or None)."""
    out = []
    for lab in labels:
        best, best_ov = None, 0
        for att in predictions.get(lab["article"], []):
            src = att.get("source")
            if not src:
                continue
            ov = overlap(lab["start"], lab["end"], src["start"], src["end"])
            if ov > best_ov:
                best, best_ov = att, ov
        out.append({"covered": best is not None,
                    "speaker": best.get("speaker") if best else None,
                    "speaker_type": best.get("speaker_type") if best else None,
                    "speaker_confidence": best.get("speaker_confidence") if best else None,
                    "source": best["source"]["text"] if best else None})
    return out


def oracle_predictions(labels: Sequence[dict[str, Any]], dev: Path) -> list[dict[str, Any]]:
    """The resolver alone on each labelled span, with the gold cue and content as context,
    the entity recogniser on the sentences the engine would tag, and the resolver's own
    answers for the earlier labelled mentions of the article as previous speakers."""
    from quotetrail.engine.pipeline import get_engine
    from quotetrail.engine.speakers import Previous, SpeakerResolver, is_question
    from quotetrail.training.speakers import polnear_cases, tag_entities

    cases = polnear_cases(dev, labels)
    tag_entities(cases, get_engine().entity_tagger)
    index = {(lab["article"], lab["start"], lab["end"]): i for i, lab in enumerate(labels)}
    out: list[dict[str, Any]] = [{} for _ in labels]
    for case in cases:
        resolver = SpeakerResolver(case.text, case.entities)
        prev: list[Previous] = []
        for m in case.mentions:
            r = resolver.resolve(m.start, m.end, context=m.context, previous=prev)
            i = index[(case.id, m.start, m.end)]
            out[i] = {"covered": True, "speaker": r.speaker, "speaker_type": r.speaker_type,
                      "speaker_confidence": r.confidence, "source": None}
            if r.speaker:
                prev.append(Previous(m.start, r.answer, is_question(case.text, m.context)))
    return out


def end_to_end_predictions(labels: Sequence[dict[str, Any]], dev: Path,
                           keep: Path | None = None) -> list[dict[str, Any]]:
    """quotetrail through its Python API on every labelled article."""
    from quotetrail.api import extract_documents
    from quotetrail.model import Document

    stems = sorted({lab["article"] for lab in labels})
    docs = (Document(id=s, text=read_text(dev / "text" / f"{s}.txt"), location=s)
            for s in stems)
    preds: dict[str, list[dict[str, Any]]] = {}
    records = []
    for result in extract_documents(docs):
        rec = result.to_dict()
        preds[rec["id"]] = rec["attributions"]
        records.append(rec)
    if keep is not None:
        with open(keep, "w", encoding="utf-8") as f:
            for rec in records:
                rec = {k: v for k, v in rec.items() if k != "text"}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return match_predictions(labels, preds)


def bootstrap(labels: Sequence[dict[str, Any]], correct: Sequence[bool],
              samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED,
              ) -> tuple[float, float]:
    """95 % interval of accuracy, resampling articles with replacement."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for lab, ok in zip(labels, correct, strict=True):
        per[lab["article"]][0] += int(ok)
        per[lab["article"]][1] += 1
    arts = sorted(per)
    rng = random.Random(seed)
    values = []
    for _ in range(samples):
        pick = [arts[rng.randrange(len(arts))] for _ in arts]
        n = sum(per[a][1] for a in pick)
        values.append(sum(per[a][0] for a in pick) / n if n else 0.0)
    values.sort()
    return values[int(0.025 * samples)], values[min(samples - 1, int(0.975 * samples))]


def summarise(labels: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]
              ) -> dict[str, Any]:
    """Name accuracy, coverage, accuracy among covered, per class, bootstrap interval."""
    correct = [p["covered"] and same_name(p["speaker"], lab["speaker"])
               for lab, p in zip(labels, preds, strict=True)]
    covered = [p["covered"] for p in preds]
    n = len(labels)
    n_cov = sum(covered)
    lo, hi = bootstrap(labels, correct)
    per_class: dict[str, dict[str, Any]] = {}
    for cls in MENTION_CLASSES:
        idx = [i for i, lab in enumerate(labels) if lab["mention_class"] == cls]
        if idx:
            ok = sum(correct[i] for i in idx)
            per_class[cls] = {"n": len(idx), "correct": ok, "accuracy": round(ok / len(idx), 4),
                              "covered": sum(covered[i] for i in idx)}
    for cls, fig in per_class.items():
        idx = [i for i, lab in enumerate(labels) if lab["mention_class"] == cls]
        lo_c, hi_c = bootstrap([labels[i] for i in idx], [correct[i] for i in idx])
        fig["ci95"] = [round(lo_c, 4), round(hi_c, 4)]
    cov_idx = [i for i, c in enumerate(covered) if c]
    lo_cov, hi_cov = bootstrap([labels[i] for i in cov_idx], [correct[i] for i in cov_idx])
    type_ok = sum(p["covered"] and p["speaker_type"] == lab["speaker_type"]
                  for lab, p in zip(labels, preds, strict=True))
    return {
        "n": n, "correct": sum(correct),
        "name_accuracy": round(sum(correct) / n, 4) if n else None,
        "ci95": [round(lo, 4), round(hi, 4)],
        "coverage": round(n_cov / n, 4) if n else None,
        "accuracy_among_covered": round(sum(correct) / n_cov, 4) if n_cov else None,
        "speaker_type_accuracy": round(type_ok / n, 4) if n else None,
        "accuracy_among_covered_ci95": [round(lo_cov, 4), round(hi_cov, 4)],
        "per_class": per_class,
        "confidence": confidence_figures(labels, preds, correct),
    }


def confidence_figures(labels: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]],
                       correct: Sequence[bool]) -> dict[str, Any]:
    """How well ``speaker_confidence`` is calibrated, on the mentions that got a value.

    ECE over 10 equal-mass bins (nulls included); the share right among values given with
    confidence >= 0.5; and the share of the mentions whose article names the speaker that
    reach that confidence (and that reach it with the right name).
    """
    idx = [i for i, p in enumerate(preds) if p["covered"] and
           p.get("speaker_confidence") is not None]
    if not idx:
        return {}
    conf = [float(preds[i]["speaker_confidence"]) for i in idx]
    ok = [correct[i] for i in idx]
    sure = [k for k, c in enumerate(conf) if c >= 0.5]
    named = [k for k, i in enumerate(idx) if labels[i]["speaker"]]
    named_all = [i for i, lab in enumerate(labels) if lab["speaker"]]
    return {
        "n": len(idx),
        "ece_10_equal_mass": round(expected_calibration_error(conf, ok), 4),
        "mean_confidence": round(sum(conf) / len(conf), 4),
        "accuracy": round(sum(ok) / len(ok), 4),
        "at_least_0.5": {
            "n": len(sure),
            "right": round(sum(ok[k] for k in sure) / len(sure), 4) if sure else None,
        },
        "named_reaching_0.5": round(sum(conf[k] >= 0.5 for k in named) / len(named_all), 4)
        if named_all else None,
        "named_reaching_0.5_right": round(
            sum(conf[k] >= 0.5 and ok[k] for k in named) / len(named_all), 4)
        if named_all else None,
    }


def errors(labels: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]],
           dev: Path) -> list[dict[str, Any]]:
    """The misses, with the mention text (for the report; not stored in the repo)."""
    texts: dict[str, str] = {}
    out = []
    for lab, p in zip(labels, preds, strict=True):
        if p["covered"] and same_name(p["speaker"], lab["speaker"]):
            continue
        if lab["article"] not in texts:
            texts[lab["article"]] = read_text(dev / "text" / f"{lab['article']}.txt")
        out.append({"article": lab["article"], "start": lab["start"],
                    "mention": texts[lab["article"]][lab["start"]:lab["end"]],
                    "class": lab["mention_class"], "gold": lab["speaker"],
                    "gold_type": lab["speaker_type"], "covered": p["covered"],
                    "pred": p["speaker"], "pred_type": p["speaker_type"]})
    return out


def code_state() -> dict[str, Any]:
    """The commit scored, and whether ``src/`` had uncommitted changes (engine in flux)."""
    def git(*args: str) -> str:
        try:
            res = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                 check=True)
        except (OSError, subprocess.CalledProcessError):
            return ""
        return res.stdout

    changed = [line[3:] for line in git("status", "--porcelain", "--", "src").splitlines()
               if line.strip()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip() or None,
            "src_dirty": bool(changed), "src_changes": changed}


def print_table(results: dict[str, dict[str, Any]]) -> None:
    modes = list(results)
    print(f"{'':<26}" + "".join(f"{m:>22}" for m in modes))

    def row(label: str, cells: list[str]) -> None:
        print(f"{label:<26}" + "".join(f"{c:>22}" for c in cells))

    row("mentions", [str(results[m]["n"]) for m in modes])
    row("name accuracy", [f"{results[m]['name_accuracy']:.3f}" for m in modes])
    row("  95% CI (articles)", [f"{results[m]['ci95'][0]:.3f}-{results[m]['ci95'][1]:.3f}"
                                for m in modes])
    row("coverage", [f"{results[m]['coverage']:.3f}" for m in modes])
    row("accuracy among covered", [f"{results[m]['accuracy_among_covered']:.3f}" for m in modes])
    row("speaker_type accuracy", [f"{results[m]['speaker_type_accuracy']:.3f}" for m in modes])
    for cls in MENTION_CLASSES:
        cells = []
        for m in modes:
            c = results[m]["per_class"].get(cls)
            cells.append(f"{c['accuracy']:.3f} ({c['correct']}/{c['n']})" if c else "-")
        row(f"  {cls}", cells)
    conf = {m: results[m].get("confidence") or {} for m in modes}
    row("confidence: ECE (10 bins)", [f"{conf[m].get('ece_10_equal_mass', float('nan')):.3f}"
                                      for m in modes])
    row("  right at >= 0.5", [f"{(conf[m].get('at_least_0.5') or {}).get('right') or 0:.3f}"
                              for m in modes])
    row("  named reaching 0.5", [f"{conf[m].get('named_reaching_0.5') or 0:.3f}"
                                 for m in modes])


def cmd_score(dev: Path, labels_path: Path, out: Path, oracle_only: bool,
              errors_path: Path | None, keep: Path | None) -> int:
    labels = load_labels(labels_path)
    results: dict[str, dict[str, Any]] = {}
    errs: dict[str, list[dict[str, Any]]] = {}
    if not oracle_only:
        e2e = end_to_end_predictions(labels, dev, keep)
        results["end_to_end"] = summarise(labels, e2e)
        errs["end_to_end"] = errors(labels, e2e, dev)
    orc = oracle_predictions(labels, dev)
    results["oracle_mention"] = summarise(labels, orc)
    errs["oracle_mention"] = errors(labels, orc, dev)
    print_table(results)
    summary = {"labels": str(labels_path.relative_to(ROOT)) if labels_path.is_relative_to(ROOT)
               else str(labels_path),
               "articles": len({lab["article"] for lab in labels}),
               "code": code_state(),
               "composition": dict(Counter(lab["mention_class"] for lab in labels)),
               "bootstrap": {"samples": BOOTSTRAP_SAMPLES, "seed": BOOTSTRAP_SEED,
                             "unit": "article"},
               "results": results}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"figures in {out}")
    if errors_path is not None:
        # mention texts are quotations of the article: keep them outside the repository
        errors_path.write_text(json.dumps(errs, indent=1, ensure_ascii=False) + "\n",
                               encoding="utf-8")
        print(f"errors in {errors_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--list", action="store_true", help="gold sources with context")
    mode.add_argument("--show", metavar="STEM", help="one article with its sources marked")
    mode.add_argument("--score", action="store_true", help="score quotetrail on the labels")
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--article", action="append", help="--list: only these articles")
    ap.add_argument("--context", type=int, default=200, help="--list: characters each side")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--oracle-only", action="store_true",
                    help="--score: only the resolver on the labelled spans (fast)")
    ap.add_argument("--errors", type=Path, default=None,
                    help="--score: write the misses with their mention text here "
                         "(outside the repository)")
    ap.add_argument("--keep-predictions", type=Path, default=None,
                    help="--score: write quotetrail's records (without text) here")
    args = ap.parse_args(argv)
    if not (args.dev / "text").is_dir():
        print(f"error: needs {args.dev}/text (../shared beside the clone)", file=sys.stderr)
        return 2
    if args.list or args.show:
        try:
            if args.list:
                cmd_list(args.dev, args.article or articles(args.dev), args.context)
            else:
                cmd_show(args.dev, args.show)
        except BrokenPipeError:  # piped into head, less ...
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the exit flush
        return 0
    return cmd_score(args.dev, args.labels, args.out, args.oracle_only, args.errors,
                     args.keep_predictions)


if __name__ == "__main__":
    sys.exit(main())
