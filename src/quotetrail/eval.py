"""Scoring attributions against PolNeAR-format gold annotation (``quotetrail eval``).

Why it lives in the package: users who annotate their own outlets check quotetrail on
them with ``quotetrail eval --gold DIR``, without the team's shared tools beside the
clone.  The figures must still be *the* figures of DESIGN.md ("Measuring"): for the
same predictions this module gives exactly the numbers of the reference scorer,
``../shared/tools/polnear_score.py`` (``tests/eval`` holds it to that).  Every rule
below is one of that scorer's decisions, restated:

Gold (``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_ANNOTATOR.ann``, brat standoff)
    One gold attribution per ``E`` line; its Content, Source and Cue roles (numbered
    roles such as ``Content2``, a second fragment, count as the same role).  A role of
    several fragments, and a discontinuous span (``start end;start end``), is reduced
    to min start / max end.  An event without content cannot be scored and is
    skipped.  When several annotators' files exist, the first in sorted order is the
    reference.  Text is read as exact UTF-8 with no newline translation, since offsets
    count ``\\r`` too.

Subsets
    ``all`` is every gold attribution; ``direct`` those whose content fragments hold a
    double quotation mark (``"`` U+201C U+201D U+201E, and ``''`` with
    ``double_apostrophe``, the New York Times' quotation mark).  Predictions are
    never filtered: for ``direct``, an unmatched prediction covering (coverage >= 0.3)
    an out-of-subset gold is ignored rather than counted false (policy ``after``), or
    such predictions are dropped before matching (policy ``before``).

Predictions
    Contract records (or anything with ``id`` and ``attributions`` holding
    ``content``/``source``/``cue`` offsets).  Pieces sharing a cue span and a source
    span are merged into one (min start / max end), as the gold annotates a split
    quotation as one attribution.

Matching, per article and regime
    Gold attributions in order of (content start, content end) each take the unused
    prediction with the highest score reaching the threshold, the earliest one on a
    tie.  Scores: coverage |G&P|/|G| >= 0.3 or 0.8 (``ggt``, the Gender Gap Tracker's
    measure) and IoU |G&P|/|G|P| >= 0.5.  On matched pairs, source (``speaker_acc``)
    and cue accuracy: the predicted span overlaps the gold one by a character, or both
    are absent.  A ratio with a zero denominator is ``None``.

Beyond the reference scorer, and computed from the same per-article outcomes:
bootstrap 95 % intervals over articles, figures by predicted kind and by gold type,
figures by publisher, and every miss and false positive with its context.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from quotetrail import errors
from quotetrail.model import ArticleResult

__all__ = [
    "METRICS",
    "REGIMES",
    "SUBSETS",
    "ArticleOutcome",
    "Counts",
    "GoldArticle",
    "GoldAttribution",
    "GoldFolderError",
    "GoldReadError",
    "GoldSet",
    "Prediction",
    "PredictionSet",
    "PredictionsError",
    "Regime",
    "Report",
    "coverage",
    "error_records",
    "evaluate",
    "format_table",
    "iou",
    "load_gold",
    "merge_pieces",
    "parse_ann",
    "parse_predictions",
    "predict_with_quotetrail",
    "predictions_from_results",
    "publisher_of",
    "read_predictions",
    "score_article",
    "write_errors",
]

Offsets = tuple[int, int]
Subset = Literal["direct", "all"]
OosPolicy = Literal["after", "before"]

SUBSETS: tuple[str, ...] = ("direct", "all")
OOS_POLICIES: tuple[str, ...] = ("after", "before")
QUOTATION_MARKS = ('"', "\u201c", "\u201d", "\u201e")
DOUBLE_APOSTROPHE = "''"
OOS_COVERAGE = 0.3  # how much of an out-of-subset gold a prediction must cover to be excused
EPSILON = 1e-9  # thresholds are compared with this slack, so 0.3 means 0.3 in floating point
METRICS = ("precision", "recall", "f1", "speaker_acc", "cue_acc")
DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 20240617
CONTEXT_CHARS = 100


class GoldFolderError(errors.UsageError):
    """The gold folder is not in PolNeAR format: the user pointed at the wrong place."""


class GoldReadError(errors.QuotetrailError):
    """A gold text or annotation file cannot be read: its offsets would mean nothing."""


class PredictionsError(errors.QuotetrailError):
    """The predictions file cannot be read at all (missing, or a line that is not JSON)."""


# -- overlap measures -------------------------------------------------------------


def _length(span: Offsets) -> int:
    return max(0, span[1] - span[0])


def _overlap(a: Offsets, b: Offsets) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def coverage(gold: Offsets, pred: Offsets) -> float:
    """Share of the gold span the prediction covers; an over-long prediction still scores 1."""
    size = _length(gold)
    return _overlap(gold, pred) / size if size else 0.0


def iou(gold: Offsets, pred: Offsets) -> float:
    """Intersection over union: penalises over-long and short predictions alike."""
    inter = _overlap(gold, pred)
    union = _length(gold) + _length(pred) - inter
    return inter / union if union else 0.0


@dataclass(frozen=True, slots=True)
class Regime:
    """One way of deciding that a predicted content is the gold content."""

    name: str
    measure: Callable[[Offsets, Offsets], float]
    threshold: float

    def score(self, gold: Offsets, pred: Offsets) -> float:
        return self.measure(gold, pred)

    def accepts(self, score: float) -> bool:
        return score >= self.threshold - EPSILON


REGIMES: tuple[Regime, ...] = (
    Regime("ggt@0.3", coverage, 0.3),
    Regime("ggt@0.8", coverage, 0.8),
    Regime("iou@0.5", iou, 0.5),
)


# -- gold -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution, its roles already reduced to single spans."""

    eid: str
    content: Offsets
    source: Offsets | None
    cue: Offsets | None
    direct: bool


@dataclass(slots=True)
class GoldArticle:
    """An article text and its reference annotation (none if no .ann file exists)."""

    id: str
    text: str
    ann_file: str | None = None
    attributions: list[GoldAttribution] = field(default_factory=list)
    skipped_events: int = 0

    @property
    def publisher(self) -> str:
        return publisher_of(self.id)


@dataclass(slots=True)
class GoldSet:
    """A whole PolNeAR-format folder, read once and scored in any number of ways."""

    folder: str
    articles: dict[str, GoldArticle]
    double_apostrophe: bool = False

    def stats(self) -> dict[str, int]:
        """The reference scorer's ``corpus`` block: what the figures were computed on."""
        golds = [g for a in self.articles.values() for g in a.attributions]
        return {
            "articles": len(self.articles),
            "articles_without_ann": sum(a.ann_file is None for a in self.articles.values()),
            "words": sum(len(a.text.split()) for a in self.articles.values()),
            "chars": sum(len(a.text) for a in self.articles.values()),
            "gold_all": len(golds),
            "gold_direct": sum(g.direct for g in golds),
            "gold_with_source": sum(g.source is not None for g in golds),
            "events_skipped_no_content": sum(a.skipped_events for a in self.articles.values()),
        }


def publisher_of(article_id: str) -> str:
    """PolNeAR names files ``publisher_date_slug``: the part before the first ``_``."""
    return article_id.split("_", 1)[0]


# A text-bound line: id, type, one or more ``start end`` fragments (then the span text).
_TEXTBOUND = re.compile(r"(T\d+)\t\S+ (\d+ \d+(?:;\d+ \d+)*)")
# An event line: id, then ``Type:Trigger`` (the trigger copies the cue), then the roles.
_EVENT = re.compile(r"(E\d+)\t\S+(.*)")
_ROLES = ("Content", "Source", "Cue")


def _envelope(fragments: list[Offsets]) -> Offsets | None:
    if not fragments:
        return None
    return (min(s for s, _ in fragments), max(e for _, e in fragments))


def parse_ann(ann: str, text: str, double_apostrophe: bool = False
              ) -> tuple[list[GoldAttribution], int]:
    """Gold attributions of one brat file, in content order, and how many events had no content.

    Only ``T`` and ``E`` lines matter; notes, relations and the continuation lines of
    a span text holding a line break are ignored.  Events may name text-bound spans
    defined further down, so all spans are read first.
    """
    spans: dict[str, list[Offsets]] = {}
    events: list[tuple[str, str]] = []
    for line in ann.splitlines():
        if m := _TEXTBOUND.match(line):
            spans[m.group(1)] = [(int(a), int(b)) for a, b in
                                 (frag.split() for frag in m.group(2).split(";"))]
        elif m := _EVENT.match(line):
            events.append((m.group(1), m.group(2)))
    marks = (*QUOTATION_MARKS, DOUBLE_APOSTROPHE) if double_apostrophe else QUOTATION_MARKS
    found: list[GoldAttribution] = []
    skipped = 0
    for eid, roles in events:
        frags: dict[str, list[Offsets]] = {role: [] for role in _ROLES}
        for token in roles.split():
            role, _, ref = token.partition(":")
            role = role.rstrip("0123456789")  # Content2 is more of the Content
            if ref and role in frags and ref in spans:
                frags[role].extend(spans[ref])
        content = _envelope(frags["Content"])
        if content is None:
            skipped += 1
            continue
        # Fragments are joined with a space so that a mark never forms across a gap.
        content_text = " ".join(text[s:e] for s, e in frags["Content"])
        found.append(GoldAttribution(
            eid=eid, content=content, source=_envelope(frags["Source"]),
            cue=_envelope(frags["Cue"]), direct=any(m in content_text for m in marks)))
    found.sort(key=lambda g: g.content)
    return found, skipped


def load_gold(folder: str | Path, double_apostrophe: bool = False) -> GoldSet:
    """Read ``folder/text/*.txt`` and, for each, its first ``attributions/*.ann`` file."""
    root = Path(folder)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir():
        raise GoldFolderError(f"{root}: no text/ folder (expected PolNeAR format: "
                              "text/NAME.txt and attributions/NAME_ANNOTATOR.ann)")
    ann_files: dict[str, list[str]] = {}
    if ann_dir.is_dir():
        for path in ann_dir.iterdir():
            if path.name.endswith(".ann") and "_" in path.name:
                stem = path.name.removesuffix(".ann").rsplit("_", 1)[0]
                ann_files.setdefault(stem, []).append(path.name)
    articles: dict[str, GoldArticle] = {}
    for name in sorted(p.name for p in text_dir.iterdir() if p.name.endswith(".txt")):
        stem = name.removesuffix(".txt")
        text = _read_exact(text_dir / name)
        article = GoldArticle(id=stem, text=text)
        if ann_files.get(stem):
            article.ann_file = min(ann_files[stem])
            ann = _read_exact(ann_dir / article.ann_file)
            article.attributions, article.skipped_events = parse_ann(ann, text,
                                                                     double_apostrophe)
        articles[stem] = article
    return GoldSet(folder=str(root), articles=articles, double_apostrophe=double_apostrophe)


def _read_exact(path: Path) -> str:
    """UTF-8 without newline translation: brat offsets count every character."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldReadError(f"{path}: cannot be read as UTF-8 text ({exc})") from None


# -- predictions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted attribution, reduced to what is scored (plus its kind, for breakdowns)."""

    content: Offsets
    source: Offsets | None = None
    cue: Offsets | None = None
    kind: str | None = None


@dataclass(slots=True)
class PredictionSet:
    """Predictions by article id, in file order (the order breaks matching ties)."""

    by_id: dict[str, list[Prediction]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _offsets(value: Any) -> Offsets:
    """``{"start", "end"}`` as ints; raises ValueError on anything else."""
    try:
        return int(value["start"]), int(value["end"])
    except (TypeError, KeyError, ValueError, OverflowError) as exc:
        raise ValueError(f"bad span {value!r}") from exc


def _prediction(record: Any, where: str, warnings: list[str]) -> Prediction | None:
    """One attribution of a predictions line; a bad source or cue is dropped, not the whole."""
    if not isinstance(record, dict):
        warnings.append(f"{where}: attribution is not an object; skipped")
        return None
    try:
        content = _offsets(record.get("content"))
    except ValueError:
        warnings.append(f"{where}: attribution without a valid content span; skipped")
        return None
    roles: dict[str, Offsets | None] = {}
    for role in ("source", "cue"):
        value = record.get(role)
        try:
            roles[role] = None if value is None else _offsets(value)
        except ValueError as exc:
            warnings.append(f"{where}: {role}: {exc}; read as absent")
            roles[role] = None
    kind = record.get("kind")
    return Prediction(content=content, source=roles["source"], cue=roles["cue"],
                      kind=kind if isinstance(kind, str) else None)


def parse_predictions(lines: Iterable[str], origin: str = "predictions") -> PredictionSet:
    """Predictions from JSON lines; a repeated id adds to that article's predictions."""
    found = PredictionSet()
    for lineno, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        where = f"{origin}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PredictionsError(f"{where}: not JSON ({exc.msg})") from None
        aid = record.get("id") if isinstance(record, dict) else None
        if not isinstance(aid, str):
            found.warnings.append(f"{where}: no string id; line skipped")
            continue
        if aid in found.by_id:
            found.warnings.append(f"{where}: id {aid} repeated; attributions appended")
        preds = found.by_id.setdefault(aid, [])
        for att in record.get("attributions") or []:
            pred = _prediction(att, where, found.warnings)
            if pred is not None:
                preds.append(pred)
    return found


def read_predictions(path: str | Path) -> PredictionSet:
    """Predictions from a JSONL file (contract records, or the reference scorer's input)."""
    try:
        with open(path, encoding="utf-8") as f:
            return parse_predictions(f, origin=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise PredictionsError(f"{path}: cannot be read ({exc})") from None


def predictions_from_results(results: Iterable[ArticleResult]) -> PredictionSet:
    """Predictions straight from quotetrail's results, as if written and read back as JSONL."""
    found = PredictionSet()
    for result in results:
        preds = found.by_id.setdefault(result.id, [])
        for a in result.attributions:
            preds.append(Prediction(
                content=(a.content.start, a.content.end),
                source=(a.source.start, a.source.end) if a.source else None,
                cue=(a.cue.start, a.cue.end) if a.cue else None,
                kind=a.kind))
    return found


def predict_with_quotetrail(gold: GoldSet, *, workers: int = 1, spacy_model: str | None = None
                            ) -> tuple[PredictionSet, list[str]]:
    """Run quotetrail on the gold texts (ids are the file stems); returns predictions and
    one message per document that failed, whose predictions are then empty.

    The texts are the ones the gold offsets index, read exactly once, so there is no
    second reading that could translate newlines differently.
    """
    from quotetrail.api import extract_documents  # deferred: scoring a file needs no spaCy
    from quotetrail.model import Document

    text_dir = Path(gold.folder) / "text"
    docs = (Document(id=a.id, text=a.text, location=str(text_dir / f"{a.id}.txt"))
            for a in gold.articles.values())
    failures: list[str] = []

    def note_failures(results: Iterable[ArticleResult]) -> Iterator[ArticleResult]:
        for result in results:
            failures.extend(err.message for err in result.errors)
            yield result

    preds = predictions_from_results(note_failures(
        extract_documents(docs, workers=workers, spacy_model=spacy_model)))
    return preds, failures


def merge_pieces(by_id: Mapping[str, list[Prediction]]) -> dict[str, list[Prediction]]:
    """Merge the pieces of split quotations: predictions sharing one cue and one source.

    ``"X," said Y. "Z."`` is one gold attribution spanning both pieces; the contract
    reports two, with the same cue.  The merged prediction keeps the first piece's
    place (ties go to the earliest) and kind.  Predictions without a cue are kept as is.
    """
    merged: dict[str, list[Prediction]] = {}
    for aid, preds in by_id.items():
        out: list[Prediction] = []
        slot: dict[tuple[Offsets, Offsets | None], int] = {}
        for p in preds:
            if p.cue is None:
                out.append(p)
                continue
            key = (p.cue, p.source)
            if key not in slot:
                slot[key] = len(out)
                out.append(p)
                continue
            first = out[slot[key]]
            out[slot[key]] = Prediction(
                content=(min(first.content[0], p.content[0]), max(first.content[1], p.content[1])),
                source=first.source, cue=first.cue, kind=first.kind)
        merged[aid] = out
    return merged


# -- matching ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    """What the figures are ratios of; sums over articles, publishers or resamples."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored_pred: int = 0
    speaker_ok: int = 0
    cue_ok: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                      self.ignored_pred + other.ignored_pred,
                      self.speaker_ok + other.speaker_ok, self.cue_ok + other.cue_ok)

    def as_dict(self) -> dict[str, int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "ignored_pred": self.ignored_pred,
                "speaker_ok": self.speaker_ok, "cue_ok": self.cue_ok}


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(counts: Counts) -> dict[str, Any]:
    """Precision, recall, F1, source and cue accuracy, then the counts behind them."""
    p = _ratio(counts.tp, counts.tp + counts.fp)
    r = _ratio(counts.tp, counts.tp + counts.fn)
    return {"precision": p, "recall": r, "f1": _f1(p, r),
            "speaker_acc": _ratio(counts.speaker_ok, counts.tp),
            "cue_acc": _ratio(counts.cue_ok, counts.tp), **counts.as_dict()}


def _same_role(gold: Offsets | None, pred: Offsets | None) -> bool:
    """Right when the spans share a character, or when neither side has one."""
    if gold is None or pred is None:
        return gold is None and pred is None
    return _overlap(gold, pred) >= 1


@dataclass(frozen=True, slots=True)
class Match:
    """A gold attribution and the prediction that took it."""

    gold: GoldAttribution
    pred: Prediction
    score: float
    source_ok: bool
    cue_ok: bool


@dataclass(slots=True)
class ArticleOutcome:
    """Everything that happened to one article's golds and predictions in one regime."""

    matches: list[Match] = field(default_factory=list)
    missed: list[GoldAttribution] = field(default_factory=list)
    false_positives: list[Prediction] = field(default_factory=list)
    ignored: list[Prediction] = field(default_factory=list)

    def counts(self) -> Counts:
        return Counts(tp=len(self.matches), fp=len(self.false_positives), fn=len(self.missed),
                      ignored_pred=len(self.ignored),
                      speaker_ok=sum(m.source_ok for m in self.matches),
                      cue_ok=sum(m.cue_ok for m in self.matches))


def score_article(golds: list[GoldAttribution], preds: list[Prediction], regime: Regime,
                  subset: str = "all", oos_policy: str = "after") -> ArticleOutcome:
    """Match one article's predictions to its golds (greedy, golds in content order)."""
    in_subset = [g for g in golds if subset == "all" or g.direct]
    outside = [g for g in golds if not (subset == "all" or g.direct)]

    def excused(p: Prediction) -> bool:
        return any(coverage(g.content, p.content) >= OOS_COVERAGE - EPSILON for g in outside)

    outcome = ArticleOutcome()
    candidates = list(preds)
    if oos_policy == "before":
        outcome.ignored = [p for p in candidates if excused(p)]
        candidates = [p for p in candidates if not excused(p)]
    taken = [False] * len(candidates)
    for gold in sorted(in_subset, key=lambda g: g.content):
        best, best_score = -1, -1.0
        for i, pred in enumerate(candidates):
            if taken[i]:
                continue
            score = regime.score(gold.content, pred.content)
            if regime.accepts(score) and score > best_score:  # strict: earliest wins a tie
                best, best_score = i, score
        if best < 0:
            outcome.missed.append(gold)
            continue
        taken[best] = True
        pred = candidates[best]
        outcome.matches.append(Match(gold, pred, best_score, _same_role(gold.source, pred.source),
                                     _same_role(gold.cue, pred.cue)))
    for pred, used in zip(candidates, taken, strict=True):
        if used:
            continue
        if oos_policy == "after" and excused(pred):
            outcome.ignored.append(pred)
        else:
            outcome.false_positives.append(pred)
    return outcome


# -- bootstrap --------------------------------------------------------------------


def _percentile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default method)."""
    h = (len(sorted_values) - 1) * q
    lo = int(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def bootstrap_intervals(per_article: Mapping[str, list[Counts]], resamples: int,
                        seed: int = DEFAULT_SEED, level: float = 0.95
                        ) -> dict[str, dict[str, tuple[float, float] | None]]:
    """Percentile intervals of every metric, resampling whole articles with replacement.

    Attributions within an article are not independent (one misread convention costs
    a dozen), so articles are the unit.  All regimes share each resample, and a fixed
    seed makes the intervals reproducible.  A metric undefined in a resample (zero
    denominator) is left out of that resample.
    """
    names = list(per_article)
    n = len(per_article[names[0]]) if names else 0
    if resamples <= 0 or n == 0:
        return {name: dict.fromkeys(METRICS) for name in names}
    rng = random.Random(seed)
    rows = {name: [(c.tp, c.fp, c.fn, c.speaker_ok, c.cue_ok) for c in per_article[name]]
            for name in names}
    samples: dict[str, dict[str, list[float]]] = {name: {m: [] for m in METRICS}
                                                  for name in names}
    for _ in range(resamples):
        picks = rng.choices(range(n), k=n)
        for name in names:
            tp, fp, fn, spk, cue = (sum(col) for col in zip(*(rows[name][i] for i in picks),
                                                            strict=True))
            values = figures(Counts(tp=tp, fp=fp, fn=fn, speaker_ok=spk, cue_ok=cue))
            for m in METRICS:
                if values[m] is not None:
                    samples[name][m].append(values[m])
    tail = (1 - level) / 2
    out: dict[str, dict[str, tuple[float, float] | None]] = {}
    for name in names:
        out[name] = {}
        for m in METRICS:
            values = sorted(samples[name][m])
            out[name][m] = ((_percentile(values, tail), _percentile(values, 1 - tail))
                            if values else None)
    return out


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
