"""Where each missed gold attribution was lost: which stage of the engine dropped it.

    .venv/bin/python benchmarks/miss_stages.py --gold DIR [--out FILE]

For every gold attribution that no final prediction matches at iou@0.5, the first
stage that lost it:

1. ``not parsed``: its cue lies outside every chunk the engine parses;
2. ``no cue token``: the cue's head token is not one the cue model is asked about
   (a name, an adjective, a quoted word) and no rule made a draft there;
3. ``cue doubted``: the cue model's probability is under the cue threshold and no rule
   made a draft with that cue;
4. ``no content``: the cue model took the gold cue's head (or a rule's draft has the
   gold cue) but no draft with a content overlapping the gold was made;
5. ``verifier``: a draft with the gold cue and a good content (iou >= 0.5) was proposed
   and the verifier refused it;
6. ``later``: such a draft passed the verifier and a later step (one per content, cue
   sharing) lost it, or a draft with another cue took the content;
7. ``boundaries``: a draft had the gold cue and a content overlapping the gold, but
   iou < 0.5;
8. ``no cue in gold``: the gold attribution has no cue (and no draft matched it).

Run it on text the models were not trained on (dev once per change, or a held-back
slice of train with a model trained on the rest: ``quotetrail train --tune-fraction 0``
on the rest).  It reads the engine's stages directly, so its counts explain the scorer's
misses, not restate them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotetrail.engine.draft import Draft
from quotetrail.engine.pipeline import Engine, get_engine
from quotetrail.engine.quotes import Quote, find_quotes
from quotetrail.evaluation import GoldAttribution, evaluate, iou, load_gold
from quotetrail.models.features import is_cue_candidate
from quotetrail.training.attribution import cue_head, quoted_tokens
from quotetrail.training.tuning import prediction_of


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def stages(gold_dir: Path) -> tuple[Counter[str], list[dict]]:
    engine = get_engine(None)
    assert engine.model is not None
    gold = load_gold(gold_dir, double_apostrophe=True)
    counts: Counter[str] = Counter()
    examples: list[dict] = []
    for aid in sorted(gold.articles):
        article = gold.articles[aid]
        text = article.text
        plan, docs = engine.parsed(text)
        proposed = engine.proposed_drafts(text, plan, docs)
        probs = engine.verifier_probabilities(text, proposed)
        # the decided step sets confidences in place: keep copies of what was proposed
        pairs = list(zip([replace(d) for d in proposed], probs or [1.0] * len(proposed),
                         strict=True))
        final = engine.decided_drafts(text, plan, proposed, probs)
        preds = {aid: [prediction_of(d) for d in final]}
        one = type(gold)(gold.folder, {aid: article}, gold.double_apostrophe)
        report = evaluate(one, preds, "all", resamples=0)
        quotes = find_quotes(text)
        for g in report.regimes["iou@0.5"].outcomes[aid].missed:
            stage = _stage(engine, plan, docs, quotes, g, pairs)
            counts[stage] += 1
            examples.append({"id": aid, "stage": stage,
                             "cue": text[g.cue[0]:g.cue[1]] if g.cue else None,
                             "content": text[g.content[0]:g.content[1]][:160]})
    return counts, examples


def _stage(engine: Engine, plan: Any, docs: list[Doc], quotes: list[Quote],
           g: GoldAttribution, pairs: list[tuple[Draft, float]]) -> str:
    assert engine.model is not None
    with_cue = [(d, p) for d, p in pairs if _overlaps(d.cue, g.cue)]
    good = [(d, p) for d, p in with_cue if iou(d.content, g.content) >= 0.5]
    if good:
        kept = any(engine.model.thresholds.keeps(d.how, p) for d, p in good)
        return "later" if kept else "verifier"
    if any(_overlaps(d.content, g.content) for d, _ in with_cue):
        return "boundaries"
    if with_cue:
        return "no content"
    if g.cue is None:
        return "no cue in gold"
    for (a, b), doc in zip(plan.chunks, docs, strict=True):
        if a <= g.cue[0] < b:
            head = cue_head(doc, a, g.cue)
            if head is None:
                return "no cue token"
            in_q = quoted_tokens(doc, a, quotes)
            if not is_cue_candidate(head, in_q):
                return "no cue token"
            p = engine.model.cue_probability(head, in_q)
            return "cue doubted" if p < engine.model.thresholds.cue else "no content"
    return "not parsed"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=None, help="every miss as JSON lines")
    args = ap.parse_args(argv)
    counts, examples = stages(args.gold)
    total = sum(counts.values())
    print(f"{total} missed gold attributions (all, iou@0.5)")
    for stage, n in counts.most_common():
        print(f"  {stage:<16} {n:>5}  {n / total:6.1%}")
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as f:
            for e in examples:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
