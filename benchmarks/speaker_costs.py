#!/usr/bin/env python3
"""Where the engine's time goes, per component, and how the speaker resolver scales.

    .venv/bin/python benchmarks/speaker_costs.py [--runs 3]
        [--out benchmarks/results/speaker_costs.json]

Part 1, per component, on PolNeAR dev (one process, the engine loaded once, medians of
``--runs`` passes over all articles): planning (quotations, sentences worth parsing),
the spaCy parse (tok2vec, tagger, parser), linking (rules and learned models), the
entity recogniser on the sentences the speaker resolver asks for, and speaker
resolution with addressees and venues.  Also the share of words the recogniser reads.

Part 2, growth: the resolver alone (index, reading, candidates, ranking) on one
synthetic article of increasing length (paragraphs of quotes and names repeated, every
source resolved), so that cost that grows faster than the text shows as a rising
seconds-per-100k-characters column.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "data" / "polnear" / "dev" / "text"


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def components(texts: list[str], runs: int) -> dict:
    from quotetrail.engine.pipeline import get_engine
    from quotetrail.engine.speakers import entity_sentences

    engine = get_engine()
    totals: dict[str, list[float]] = {k: [] for k in
                                      ("plan", "parse", "link", "entities", "speakers")}
    ner_chars = 0
    for _ in range(runs):
        t = dict.fromkeys(totals, 0.0)
        ner_chars = 0
        for text in texts:
            t0 = time.perf_counter()
            plan = engine._plan(text)
            t1 = time.perf_counter()
            docs = list(engine.nlp.pipe([text[a:b] for a, b in plan.chunks], batch_size=64))
            t2 = time.perf_counter()
            drafts = engine._link(text, plan, docs)
            t3 = time.perf_counter()
            spans = entity_sentences(text, [d.source for d in drafts if d.source])
            ents = engine.entity_tagger.tag([text], [spans])[0]
            t4 = time.perf_counter()
            engine._finish(text, drafts, ents)
            t5 = time.perf_counter()
            ner_chars += sum(b - a for a, b in spans)
            for k, (a, b) in zip(totals, ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5)),
                                 strict=True):
                t[k] += b - a
        for k in totals:
            totals[k].append(t[k])
    chars = sum(len(t) for t in texts)
    words = sum(len(t.split()) for t in texts)
    med = {k: statistics.median(v) for k, v in totals.items()}
    total = sum(med.values())
    return {
        "articles": len(texts), "words": words, "chars": chars, "runs": runs,
        "seconds": {k: round(v, 3) for k, v in med.items()},
        "share": {k: round(v / total, 3) for k, v in med.items()},
        "entity_recogniser_reads_chars_share": round(ner_chars / chars, 3),
    }


def growth(sizes: list[int], runs: int) -> list[dict]:
    from quotetrail.engine.speakers import Previous, SpeakerResolver

    para = ("Mayor Ruth Okafor said the plan was fair. “We will build it,” she said. "
            "Her rival, Gil Harlan, told reporters that the plan was “a fantasy”. "
            "The council said in a statement that it would vote on Monday. "
            "Okafor’s spokesman, Leon Dubois, said the mayor would not back down.\n\n")
    mentions = ["Mayor Ruth Okafor", "she", "Gil Harlan", "The council", "Leon Dubois"]
    out = []
    for n_chars in sizes:
        reps = max(1, n_chars // len(para))
        text = para * reps
        spans = []
        for r in range(reps):
            base = r * len(para)
            for m in mentions:
                i = text.index(m, base)
                spans.append((i, i + len(m)))
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            res = SpeakerResolver(text)
            prev: list[Previous] = []
            for s, e in spans:
                r = res.resolve(s, e, previous=prev)
                if r.speaker:
                    prev.append(Previous(s, r.answer))
            times.append(time.perf_counter() - t0)
        sec = statistics.median(times)
        out.append({"chars": len(text), "mentions": len(spans), "seconds": round(sec, 3),
                    "seconds_per_100k_chars": round(sec / len(text) * 100_000, 3)})
        print(f"  {len(text):>9,} chars {len(spans):>6} mentions {sec:8.3f} s "
              f"({sec / len(text) * 100_000:.3f} s per 100k chars)", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--sizes", default="42000,168000,672000")
    args = ap.parse_args(argv)
    if not DEV.is_dir():
        print(f"skipped: {DEV} is absent (PolNeAR dev lives in ../shared)", file=sys.stderr)
        return 0
    texts = [_read(p) for p in sorted(DEV.glob("*.txt"))]
    comp = components(texts, args.runs)
    print(json.dumps(comp, indent=1))
    grow = growth([int(x) for x in args.sizes.split(",")], args.runs)
    report = {"components": comp, "growth": grow}
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
