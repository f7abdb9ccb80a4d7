#!/usr/bin/env python3
"""Addressee and venue labels: a tool to write them, and the score of quotetrail on them.

    .venv/bin/python benchmarks/venue_labels.py show STEM           # a PolNeAR train article
    .venv/bin/python benchmarks/venue_labels.py show written/NAME   # a text we wrote
    .venv/bin/python benchmarks/venue_labels.py find STEM "snippet" [--from N]
    .venv/bin/python benchmarks/venue_labels.py check FILE...       # offsets, types, coverage
    .venv/bin/python benchmarks/venue_labels.py --score [--part test|tune|all]

Labels live in ``tests/data/venues/*.jsonl``, one line per attribution::

    {"article": "STEM" | "written/NAME", "cue": {"start", "end", "text"},
     "addressee": {"start", "end", "text"} | null,
     "venue": {"start", "end", "text", "type"} | null}

A PolNeAR article is labelled whole: one line for every gold attribution that has a
cue (``show`` lists them), so that a predicted addressee or venue where the label says
none counts against precision.  A written text (``tests/data/venues/texts/NAME.txt``)
is labelled whole too, its cues chosen by the labeller.  Venue types:
tv, radio, social, print, online, statement, interview, podcast, event, other.

Scoring (``--score``): quotetrail extracts every labelled article; a predicted
attribution belongs to the label whose cue it overlaps.  An addressee (venue) is
right when it overlaps the labelled span by at least half of the shorter of the two;
recall is over labelled spans, precision over predicted spans of the labelled
attributions; venue type accuracy is over matched venues.  A predicted span inside the
gold cue (PolNeAR's cue is sometimes "said in a statement"), predicted or labelled, is
not scored: the labellers' guidelines differed on the cue's own words.  The labelled articles are
split by a hash of their name: ``tune`` (a third) may be used to improve the rules,
``test`` (the rest) is only reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
POLNEAR_TRAIN = REPO.parent / "shared" / "data" / "polnear" / "train"
LABELS = REPO / "tests" / "data" / "venues"
WRITTEN = LABELS / "texts"
OUT = REPO / "benchmarks" / "results" / "venue_labels.json"
VENUE_TYPES = ("tv", "radio", "social", "print", "online", "statement", "interview",
               "podcast", "event", "other")


def article_text(article: str) -> str:
    if article.startswith("written/"):
        path = WRITTEN / (article.removeprefix("written/") + ".txt")
    else:
        path = POLNEAR_TRAIN / "text" / (article + ".txt")
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def gold_cues(article: str) -> list[tuple[int, int]]:
    """Cue spans of the PolNeAR gold attributions (the first annotator's file)."""
    sys.path.insert(0, str(REPO / "src"))
    from quotetrail.evaluation.gold import parse_ann

    anns = sorted((POLNEAR_TRAIN / "attributions").glob(article + "_*.ann"))
    if not anns:
        return []
    text = article_text(article)
    golds, _ = parse_ann(anns[0].read_text(encoding="utf-8"), text)
    return sorted({(g.cue[0], g.cue[1]) for g in golds if g.cue is not None})


def part_of(article: str) -> str:
    """``tune`` for about a third of the articles, ``test`` for the rest (stable)."""
    digest = hashlib.sha256(article.encode("utf-8")).digest()
    return "tune" if digest[0] % 3 == 0 else "test"


def _sentence(text: str, a: int, b: int) -> tuple[int, int]:
    lo = max(text.rfind("\n", 0, a) + 1, 0)
    hi = text.find("\n", b)
    return lo, len(text) if hi < 0 else hi


def cmd_show(article: str) -> None:
    text = article_text(article)
    print(f"# {article}  ({len(text)} chars, part {part_of(article)})")
    if article.startswith("written/"):
        print(text)
        return
    for k, (a, b) in enumerate(gold_cues(article)):
        lo, hi = _sentence(text, a, b)
        para = text[lo:hi]
        print(f"\n[{k}] cue {a}-{b} {text[a:b]!r}  paragraph starts at {lo}:")
        print("   " + para[: a - lo] + "[[" + text[a:b] + "]]" + para[b - lo:])


def cmd_find(article: str, snippet: str, start: int) -> None:
    text = article_text(article)
    pos = text.find(snippet, start)
    if pos < 0:
        print("not found", file=sys.stderr)
        raise SystemExit(1)
    print(json.dumps({"start": pos, "end": pos + len(snippet), "text": snippet},
                     ensure_ascii=False))


def read_labels(paths: list[Path]) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{path.name}:{n}"
                rows.append(row)
    return rows


def check(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_article.setdefault(row["article"], []).append(row)
    for article, labels in by_article.items():
        try:
            text = article_text(article)
        except OSError as exc:
            problems.append(f"{article}: {exc}")
            continue
        for row in labels:
            for role in ("cue", "addressee", "venue"):
                span = row.get(role)
                if span is None:
                    if role == "cue":
                        problems.append(f"{row['_where']}: no cue")
                    continue
                if text[span["start"]:span["end"]] != span["text"]:
                    problems.append(f"{row['_where']}: {role} offsets do not give "
                                    f"{span['text']!r}: {text[span['start']:span['end']]!r}")
            venue = row.get("venue")
            if venue is not None and venue.get("type") not in VENUE_TYPES:
                problems.append(f"{row['_where']}: venue type {venue.get('type')!r}")
        cues = [(r["cue"]["start"], r["cue"]["end"]) for r in labels]
        if len(set(cues)) != len(cues):
            problems.append(f"{article}: a cue labelled twice")
        if not article.startswith("written/"):
            missing = set(gold_cues(article)) - set(cues)
            if missing:
                problems.append(f"{article}: {len(missing)} gold cues without a label "
                                f"(first at {min(missing)[0]})")
    return problems


def _overlap_ok(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return False
    inter = min(a["end"], b["end"]) - max(a["start"], b["start"])
    shorter = min(a["end"] - a["start"], b["end"] - b["start"])
    return shorter > 0 and inter * 2 >= shorter


def score(rows: list[dict[str, Any]], part: str) -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "src"))
    import quotetrail

    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if part == "all" or part_of(row["article"]) == part:
            by_article.setdefault(row["article"], []).append(row)
    counts = {role: {"gold": 0, "pred": 0, "tp_gold": 0, "tp_pred": 0}
              for role in ("addressee", "venue")}
    type_ok = type_n = 0
    errors: list[dict[str, Any]] = []
    for article, labels in sorted(by_article.items()):
        text = article_text(article)
        atts = quotetrail.extract(text, id=article).attributions
        for row in labels:
            cue = row["cue"]
            mine = [a for a in atts if a.cue is not None and
                    min(a.cue.end, cue["end"]) > max(a.cue.start, cue["start"])]
            for role in ("addressee", "venue"):
                gold = row.get(role)
                if gold is not None and cue["start"] <= gold["start"] and \
                        gold["end"] <= cue["end"]:
                    gold = None  # labelled inside the cue by some labellers: not scored
                # a span inside the gold cue ("said in a statement" is PolNeAR's cue)
                # could not be labelled: it is neither right nor wrong
                preds = [getattr(a, role) for a in mine if getattr(a, role) is not None
                         and not (cue["start"] <= getattr(a, role).start
                                  and getattr(a, role).end <= cue["end"])]
                pred_spans = [{"start": p.start, "end": p.end, "text": p.text,
                               **({"type": p.type} if role == "venue" else {})}
                              for p in preds]
                c = counts[role]
                c["gold"] += gold is not None
                c["pred"] += len(pred_spans)
                hit = next((p for p in pred_spans if _overlap_ok(gold, p)), None)
                c["tp_gold"] += hit is not None
                c["tp_pred"] += sum(_overlap_ok(gold, p) for p in pred_spans)
                if role == "venue" and hit is not None and gold is not None:
                    type_n += 1
                    type_ok += hit["type"] == gold["type"]
                if (gold is not None and hit is None) or any(not _overlap_ok(gold, p)
                                                             for p in pred_spans):
                    errors.append({"article": article, "cue": cue["text"], "role": role,
                                   "gold": gold, "pred": pred_spans})
    out: dict[str, Any] = {"part": part, "articles": len(by_article),
                           "attributions": sum(len(v) for v in by_article.values())}
    both = {"gold": 0, "pred": 0, "tp_gold": 0, "tp_pred": 0}
    for role, c in counts.items():
        for k in both:
            both[k] += c[k]
        out[role] = _figures(c)
    out["both"] = _figures(both)
    out["venue_type_accuracy"] = round(type_ok / type_n, 3) if type_n else None
    out["venue_type_n"] = type_n
    out["errors"] = errors
    return out


def _figures(c: dict[str, int]) -> dict[str, Any]:
    recall = c["tp_gold"] / c["gold"] if c["gold"] else None
    precision = c["tp_pred"] / c["pred"] if c["pred"] else None
    return {**c, "recall": None if recall is None else round(recall, 3),
            "precision": None if precision is None else round(precision, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", nargs="?", choices=("show", "find", "check"))
    ap.add_argument("args", nargs="*")
    ap.add_argument("--from", dest="start", type=int, default=0)
    ap.add_argument("--score", action="store_true")
    ap.add_argument("--part", choices=("test", "tune", "all"), default="test")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if args.command == "show":
        cmd_show(args.args[0])
    elif args.command == "find":
        cmd_find(args.args[0], args.args[1], args.start)
    elif args.command == "check":
        paths = [Path(p) for p in args.args] or sorted(LABELS.glob("*.jsonl"))
        problems = check(read_labels(paths))
        for p in problems:
            print(p)
        rows = read_labels(paths)
        n_ad = sum(r.get("addressee") is not None for r in rows)
        n_ve = sum(r.get("venue") is not None for r in rows)
        print(f"{len(rows)} attributions, {n_ad} addressees, {n_ve} venues; "
              f"{len(problems)} problems")
        return 1 if problems else 0
    elif args.score:
        rows = read_labels(sorted(LABELS.glob("*.jsonl")))
        result = score(rows, args.part)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        for role in ("addressee", "venue", "both"):
            f = result[role]
            print(f"{role:10} gold {f['gold']:4}  predicted {f['pred']:4}  "
                  f"recall {f['recall']}  precision {f['precision']}")
        print(f"venue type accuracy {result['venue_type_accuracy']} "
              f"(n={result['venue_type_n']}); {result['articles']} articles, part "
              f"{result['part']}; figures in {args.out}")
    else:
        ap.print_help()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
