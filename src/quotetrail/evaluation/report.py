"""The report of one evaluation: figures, intervals, breakdowns, errors and the table."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotetrail import errors
from quotetrail.evaluation.bootstrap import bootstrap_intervals
from quotetrail.evaluation.gold import GoldAttribution, GoldSet, publisher_of
from quotetrail.evaluation.matching import ArticleOutcome, Counts, _ratio, figures, score_article
from quotetrail.evaluation.predictions import Prediction, PredictionSet, merge_pieces
from quotetrail.evaluation.spans import (
    CONTEXT_CHARS,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    METRICS,
    OOS_POLICIES,
    REGIMES,
    SUBSETS,
    Offsets,
    Regime,
)

# -- the report -------------------------------------------------------------------


@dataclass(slots=True)
class RegimeResult:
    """One regime's outcomes per article, with the totals and breakdowns derived from them."""

    regime: Regime
    outcomes: dict[str, ArticleOutcome]
    intervals: dict[str, tuple[float, float] | None] | None = None

    @property
    def counts(self) -> Counts:
        return sum((o.counts() for o in self.outcomes.values()), Counts())

    def by_predicted_kind(self) -> dict[str, dict[str, Any]]:
        """Precision by the kind the system gave (``none`` when it gives no kind)."""
        tallies: dict[str, list[int]] = {}
        for outcome in self.outcomes.values():
            for m in outcome.matches:
                t = tallies.setdefault(m.pred.kind or "none", [0, 0, 0, 0])
                t[0] += 1
                t[2] += m.source_ok
                t[3] += m.cue_ok
            for p in outcome.false_positives:
                tallies.setdefault(p.kind or "none", [0, 0, 0, 0])[1] += 1
        return {kind: {"tp": tp, "fp": fp, "precision": _ratio(tp, tp + fp),
                       "speaker_acc": _ratio(spk, tp), "cue_acc": _ratio(cue, tp)}
                for kind, (tp, fp, spk, cue) in sorted(tallies.items(), key=_kind_order)}

    def by_gold_type(self) -> dict[str, dict[str, Any]]:
        """Recall of golds in the direct subset and of the others (indirect, beliefs...)."""
        tallies: dict[str, list[int]] = {}
        for outcome in self.outcomes.values():
            for m in outcome.matches:
                t = tallies.setdefault("direct" if m.gold.direct else "other", [0, 0, 0, 0])
                t[0] += 1
                t[2] += m.source_ok
                t[3] += m.cue_ok
            for g in outcome.missed:
                tallies.setdefault("direct" if g.direct else "other", [0, 0, 0, 0])[1] += 1
        return {kind: {"tp": tp, "fn": fn, "recall": _ratio(tp, tp + fn),
                       "speaker_acc": _ratio(spk, tp), "cue_acc": _ratio(cue, tp)}
                for kind, (tp, fn, spk, cue) in sorted(tallies.items(), key=_kind_order)}

    def by_publisher(self) -> dict[str, dict[str, Any]]:
        """All figures per publisher: conventions differ by outlet, and so does accuracy."""
        groups: dict[str, tuple[int, Counts]] = {}
        for aid, outcome in self.outcomes.items():
            n, total = groups.get(publisher_of(aid), (0, Counts()))
            groups[publisher_of(aid)] = (n + 1, total + outcome.counts())
        return {pub: {"articles": n, **figures(total)}
                for pub, (n, total) in sorted(groups.items())}

    def to_dict(self) -> dict[str, Any]:
        out = figures(self.counts)
        out["ci95"] = (None if self.intervals is None else
                       {m: None if v is None else list(v) for m, v in self.intervals.items()})
        out["by_predicted_kind"] = self.by_predicted_kind()
        out["by_gold_type"] = self.by_gold_type()
        out["by_publisher"] = self.by_publisher()
        return out


_KIND_ORDER = {"direct": 0, "mixed": 1, "indirect": 2, "other": 3, "none": 4}


def _kind_order(item: tuple[str, Any]) -> tuple[int, str]:
    return _KIND_ORDER.get(item[0], 3), item[0]


@dataclass(slots=True)
class Report:
    """The result of one evaluation: the reference scorer's figures and the extras."""

    gold: GoldSet
    subset: str
    oos_policy: str
    regimes: dict[str, RegimeResult]
    n_articles_with_pred: int
    unknown_pred_ids: list[str]
    n_pred: int
    resamples: int
    seed: int
    warnings: list[str] = field(default_factory=list)

    @property
    def n_gold(self) -> int:
        return sum(1 for a in self.gold.articles.values() for g in a.attributions
                   if self.subset == "all" or g.direct)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; the reference scorer's ``--json`` keys, each regime with extra keys."""
        return {
            "subset": self.subset,
            "oos_policy": self.oos_policy,
            "double_apostrophe": self.gold.double_apostrophe,
            "corpus": self.gold.stats(),
            "n_articles_with_pred": self.n_articles_with_pred,
            "unknown_pred_ids": list(self.unknown_pred_ids),
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "regimes": {name: r.to_dict() for name, r in self.regimes.items()},
            "bootstrap": {"resamples": self.resamples, "seed": self.seed, "level": 0.95,
                          "unit": "article"},
        }


def evaluate(gold: GoldSet, predictions: PredictionSet | Mapping[str, list[Prediction]],
             subset: str = "direct", *, oos_policy: str = "after", merge: bool = True,
             resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> Report:
    """Score predictions against a gold folder in every regime.

    ``resamples`` bootstrap resamples of the articles give the 95 % intervals (0: none).
    ``merge=False`` scores each piece of a split quotation on its own (not the
    DESIGN.md figures; for diagnosis only).
    """
    if subset not in SUBSETS:
        raise errors.UsageError(f"subset must be one of {', '.join(SUBSETS)}, not {subset!r}")
    if oos_policy not in OOS_POLICIES:
        raise errors.UsageError(f"oos_policy must be one of {', '.join(OOS_POLICIES)}")
    if isinstance(predictions, PredictionSet):
        by_id, warnings = predictions.by_id, list(predictions.warnings)
    else:
        by_id, warnings = dict(predictions), []
    if merge:
        by_id = merge_pieces(by_id)
    articles = gold.articles
    regimes = {
        regime.name: RegimeResult(regime, {
            aid: score_article(art.attributions, by_id.get(aid, []), regime, subset, oos_policy)
            for aid, art in sorted(articles.items())})
        for regime in REGIMES}
    if resamples > 0:
        intervals = bootstrap_intervals(
            {name: [o.counts() for o in r.outcomes.values()] for name, r in regimes.items()},
            resamples, seed)
        for name, result in regimes.items():
            result.intervals = intervals[name]
    return Report(
        gold=gold, subset=subset, oos_policy=oos_policy, regimes=regimes,
        n_articles_with_pred=sum(aid in articles for aid in by_id),
        unknown_pred_ids=sorted(aid for aid in by_id if aid not in articles),
        n_pred=sum(len(preds) for aid, preds in by_id.items() if aid in articles),
        resamples=max(0, resamples), seed=seed, warnings=warnings)


# -- errors output ----------------------------------------------------------------


def _span_record(text: str, span: Offsets | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span[0], "end": span[1], "text": text[span[0]:span[1]]}


def _gold_record(text: str, g: GoldAttribution) -> dict[str, Any]:
    return {"eid": g.eid, "direct": g.direct, "content": _span_record(text, g.content),
            "source": _span_record(text, g.source), "cue": _span_record(text, g.cue)}


def _pred_record(text: str, p: Prediction) -> dict[str, Any]:
    return {"kind": p.kind, "content": _span_record(text, p.content),
            "source": _span_record(text, p.source), "cue": _span_record(text, p.cue)}


def _context(text: str, span: Offsets) -> dict[str, str]:
    start, end = max(0, span[0]), max(0, span[1])
    return {"before": text[max(0, start - CONTEXT_CHARS):start],
            "after": text[end:end + CONTEXT_CHARS]}


def error_records(report: Report) -> Iterator[dict[str, Any]]:
    """Every miss (``fn``), false positive (``fp``) and matched pair with a wrong source or
    cue (``mismatch``), per regime, with texts and 100 characters of context each side.

    A miss names the nearest prediction (highest score, even below the threshold or
    taken by another gold) and a false positive the nearest gold: that separates
    boundary errors from things not found at all.
    """
    for name, result in report.regimes.items():
        regime = result.regime
        for aid, outcome in result.outcomes.items():
            article = report.gold.articles[aid]
            text = article.text
            base = {"regime": name, "subset": report.subset, "id": aid,
                    "publisher": article.publisher}
            all_preds = ([m.pred for m in outcome.matches] + outcome.false_positives
                         + outcome.ignored)
            matched_preds = {id(m.pred) for m in outcome.matches}
            matched_golds = {m.gold.eid for m in outcome.matches}
            for g in outcome.missed:
                rec = {**base, "outcome": "fn", "gold": _gold_record(text, g),
                       "context": _context(text, g.content)}
                scored = [(regime.score(g.content, p.content), p) for p in all_preds]
                best = max(scored, key=lambda sp: sp[0], default=None)
                if best is not None and best[0] > 0:
                    rec["nearest_pred"] = {**_pred_record(text, best[1]), "score": best[0],
                                           "matched": id(best[1]) in matched_preds}
                yield rec
            for p in outcome.false_positives:
                rec = {**base, "outcome": "fp", "pred": _pred_record(text, p),
                       "context": _context(text, p.content)}
                scored_g = [(regime.score(g.content, p.content), g)
                            for g in article.attributions]
                best_g = max(scored_g, key=lambda sg: sg[0], default=None)
                if best_g is not None and best_g[0] > 0:
                    g = best_g[1]
                    rec["nearest_gold"] = {
                        **_gold_record(text, g), "score": best_g[0],
                        "in_subset": report.subset == "all" or g.direct,
                        "matched": g.eid in matched_golds}
                yield rec
            for m in outcome.matches:
                if m.source_ok and m.cue_ok:
                    continue
                yield {**base, "outcome": "mismatch", "source_ok": m.source_ok,
                       "cue_ok": m.cue_ok, "score": m.score,
                       "gold": _gold_record(text, m.gold), "pred": _pred_record(text, m.pred),
                       "context": _context(text, m.gold.content)}


def write_errors(report: Report, path: str | Path) -> int:
    """Write :func:`error_records` as JSON lines; returns how many were written."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for rec in error_records(report):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


# -- table ------------------------------------------------------------------------


def _cell(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _interval(v: tuple[float, float] | None) -> str:
    return "-" if v is None else f"{v[0]:.3f}–{v[1]:.3f}"


def _rows(head: list[str], rows: list[list[str]], text_cols: int = 1) -> list[str]:
    """Aligned columns: the first ``text_cols`` to the left, figures to the right."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i < text_cols else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    out = [line(head), "-" * len(line(head))]
    out.extend(line(r) for r in rows)
    return out


def format_table(report: Report, predictions_label: str = "") -> str:
    """A plain-text report: figures with intervals, then by kind and by publisher."""
    stats = report.gold.stats()
    lines = [f"gold: {report.gold.folder}" + (f"   predictions: {predictions_label}"
                                             if predictions_label else "")]
    lines.append(
        f"subset {report.subset}{' (+ double apostrophe)' if report.gold.double_apostrophe else ''}"
        f", out-of-subset policy {report.oos_policy}; {stats['articles']} articles "
        f"({report.n_articles_with_pred} with predictions), {stats['words']} words; "
        f"gold all {stats['gold_all']}, direct {stats['gold_direct']}, in subset "
        f"{report.n_gold}; predictions {report.n_pred}")
    if report.unknown_pred_ids:
        lines.append(f"ignored {len(report.unknown_pred_ids)} prediction ids not in the gold")
    lines.append("")
    rows = []
    for name, result in report.regimes.items():
        f = figures(result.counts)
        rows.append([name, *(_cell(f[m]) for m in METRICS),
                     *(str(f[k]) for k in ("tp", "fp", "fn", "ignored_pred"))])
    lines += _rows(["regime", "P", "R", "F1", "speaker", "cue", "TP", "FP", "FN", "ignored"],
                   rows)
    if report.resamples:
        lines += ["", f"95 % intervals (bootstrap over articles, {report.resamples} resamples,"
                      f" seed {report.seed})"]
        lines += _rows(["regime", "P", "R", "F1", "speaker", "cue"],
                       [[name, *(_interval((r.intervals or {}).get(m)) for m in METRICS)]
                        for name, r in report.regimes.items()])
    lines += ["", "precision by predicted kind"]
    rows = [[name, kind, _cell(v["precision"]), _cell(v["speaker_acc"]), str(v["tp"]),
             str(v["fp"])]
            for name, r in report.regimes.items() for kind, v in r.by_predicted_kind().items()]
    lines += _rows(["regime", "kind", "P", "speaker", "TP", "FP"], rows, text_cols=2)
    lines += ["", "recall by gold type (direct: content holds a quotation mark)"]
    rows = [[name, kind, _cell(v["recall"]), _cell(v["speaker_acc"]), str(v["tp"]),
             str(v["fn"])]
            for name, r in report.regimes.items() for kind, v in r.by_gold_type().items()]
    lines += _rows(["regime", "gold", "R", "speaker", "TP", "FN"], rows, text_cols=2)
    lines += ["", "by publisher"]
    rows = [[name, pub, str(v["articles"]), *(_cell(v[m]) for m in METRICS), str(v["tp"]),
             str(v["fp"]), str(v["fn"])]
            for name, r in report.regimes.items() for pub, v in r.by_publisher().items()]
    lines += _rows(["regime", "publisher", "articles", "P", "R", "F1", "speaker", "cue", "TP",
                    "FP", "FN"], rows, text_cols=2)
    return "\n".join(lines)
