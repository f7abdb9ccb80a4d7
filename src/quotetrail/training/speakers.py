"""Train the speaker ranking model (part of ``quotetrail train``).

Training data, all shipped in ``training/data/`` (offsets and names only for PolNeAR):

* ``speaker_names_train.jsonl``: gold Source mentions of PolNeAR **train** articles,
  labelled by reading with the fullest name the article gives (docs/speakers.md has
  the guidelines); their cue and content come from the article's gold annotation;
* ``texts/*.txt`` with ``texts_labels.jsonl``: interviews, entertainment, business,
  politics and weather texts the team wrote, every attribution labelled with its
  spans and speaker.

For each labelled mention the engine's own resolver proposes its candidates
(:meth:`~quotetrail.engine.speakers.resolution.SpeakerResolver.candidates`), with the
entity recogniser run on the same sentences the engine would tag; the speakers of the
earlier labelled statements of the article are given as context (teacher forcing).
A candidate is positive when its answer is the label's.  A logistic regression
(scikit-learn, ``liblinear``: deterministic) over the hashed features is the model;
the regularisation strength is chosen by article-grouped cross-validation on these
data, and the same out-of-fold predictions fit the calibration (isotonic regression of
"the value given is right" on its raw probability) and the abstention threshold (the
one that maximises the share of right values).  PolNeAR dev labels are never read.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from quotetrail.engine.speakers.candidates import Candidate, Context, Previous, is_question
from quotetrail.engine.speakers.mentions import EntityTagger, entity_sentences
from quotetrail.engine.speakers.reading import Answer
from quotetrail.engine.speakers.resolution import SpeakerResolver, decide
from quotetrail.evaluation.gold import load_gold
from quotetrail.evaluation.speakers import load_labels, same_name
from quotetrail.models.linear import LinearModel
from quotetrail.models.speaker_ranker import RANKER_FILE, RANKER_META

__all__ = ["ArticleCase", "MentionCase", "load_cases", "train_speakers"]

BITS = 18
C_GRID = (0.03, 0.1, 0.3, 1.0)
FOLDS = 4
RANKER_VERSION = "1"


@dataclass(slots=True)
class MentionCase:
    start: int
    end: int
    context: Context
    gold: Answer


@dataclass(slots=True)
class ArticleCase:
    id: str
    text: str
    mentions: list[MentionCase] = field(default_factory=list)
    entities: list[tuple[int, int, str]] = field(default_factory=list)


def _data_dir() -> Path:
    return Path(str(resources.files("quotetrail.training").joinpath("data")))


def _answer(label: dict[str, Any]) -> Answer:
    speakers = tuple(label.get("speakers") or ([label["speaker"]] if label.get("speaker")
                                               else []))
    return Answer(label.get("speaker"), speakers, label.get("speaker_type"))


def polnear_cases(train_dir: Path, labels: Sequence[dict[str, Any]]) -> list[ArticleCase]:
    """Labelled mentions of PolNeAR train, with cue and content from the gold annotation."""
    wanted = sorted({lab["article"] for lab in labels})
    gold = load_gold(train_dir)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for lab in labels:
        by_article.setdefault(lab["article"], []).append(lab)
    out = []
    for stem in wanted:
        art = gold.articles.get(stem)
        if art is None:
            continue
        by_source = {}
        for g in art.attributions:
            if g.source is not None:
                by_source.setdefault(g.source, g)
        case = ArticleCase(stem, art.text)
        for lab in sorted(by_article[stem], key=lambda x: (x["start"], x["end"])):
            g = by_source.get((lab["start"], lab["end"]))
            ctx = Context(cue=g.cue, content=g.content) if g is not None else Context()
            case.mentions.append(MentionCase(lab["start"], lab["end"], ctx, _answer(lab)))
        out.append(case)
    return out


def written_cases(data: Path) -> list[ArticleCase]:
    """Every labelled attribution with a source in the team's own texts (one per source)."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for lab in load_labels([data / "texts_labels.jsonl"]):
        by_article.setdefault(lab["article"], []).append(lab)
    out = []
    for stem in sorted(by_article):
        text = (data / "texts" / f"{stem}.txt").read_text(encoding="utf-8")
        case = ArticleCase(stem, text)
        seen: set[tuple[int, int]] = set()
        for lab in sorted(by_article[stem], key=lambda x: x["content"]["start"]):
            src = lab.get("source")
            if not src or (src["start"], src["end"]) in seen:
                continue
            seen.add((src["start"], src["end"]))

            def span(key: str, lab: dict[str, Any] = lab) -> tuple[int, int] | None:
                v = lab.get(key)
                return (v["start"], v["end"]) if v else None

            ctx = Context(cue=span("cue"), content=span("content"), addressee=span("addressee"))
            case.mentions.append(MentionCase(src["start"], src["end"], ctx, _answer(lab)))
        case.mentions.sort(key=lambda m: (m.start, m.end))
        out.append(case)
    return out


def load_cases(polnear: Path | None, data: Path | None = None) -> list[ArticleCase]:
    """All training articles: PolNeAR train (when given) and the team's own texts."""
    data = data or _data_dir()
    cases: list[ArticleCase] = []
    if polnear is not None:
        train_dir = polnear / "train" if (polnear / "train" / "text").is_dir() else polnear
        labels = load_labels([data / "speaker_names_train.jsonl"])
        cases.extend(polnear_cases(train_dir, labels))
    cases.extend(written_cases(data))
    return cases


def tag_entities(cases: Sequence[ArticleCase], tagger: EntityTagger) -> None:
    """Run the entity recogniser on the sentences the engine would tag."""
    spans = [entity_sentences(c.text, [(m.start, m.end) for m in c.mentions]) for c in cases]
    for case, ents in zip(cases, tagger.tag([c.text for c in cases], spans), strict=True):
        case.entities = ents


@dataclass(slots=True)
class _Row:
    """One labelled mention: its candidates' features and which candidates are right."""

    article: str
    candidates: list[Candidate]
    positive: list[bool]
    gold: Answer


def _is_right(answer: Answer, gold: Answer) -> bool:
    if gold.speaker is None:
        return answer.speaker is None and answer.speaker_type == gold.speaker_type
    return same_name(answer.speaker, gold.speaker)


def build_rows(cases: Iterable[ArticleCase]) -> list[_Row]:
    rows = []
    for case in cases:
        resolver = SpeakerResolver(case.text, case.entities, use_shipped=False)
        previous: list[Previous] = []
        for m in case.mentions:
            _, cands = resolver.candidates(m.start, m.end, m.context, previous)
            rows.append(_Row(case.id, cands, [_is_right(c.answer, m.gold) for c in cands],
                             m.gold))
            if m.gold.speaker:
                previous.append(Previous(m.start, m.gold, is_question(case.text, m.context),
                                         resolver.addressee_name(m.context)))
    return rows


def _matrix(rows: Sequence[_Row], bits: int):
    from scipy.sparse import csr_matrix

    indptr, indices, y = [0], [], []
    mask = (1 << bits) - 1
    for row in rows:
        for cand, pos in zip(row.candidates, row.positive, strict=True):
            cols = sorted({zlib.crc32(f.encode("utf-8")) & mask for f in cand.features})
            indices.extend(cols)
            indptr.append(len(indices))
            y.append(1 if pos else 0)
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, indices, indptr), shape=(len(y), 1 << bits)), np.asarray(y)


def _fit(rows: Sequence[_Row], c: float, bits: int = BITS) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    x, y = _matrix(rows, bits)
    lr = LogisticRegression(C=c, solver="liblinear", fit_intercept=False, max_iter=500)
    lr.fit(x, y)
    return LinearModel(lr.coef_[0].astype(np.float32), bits)


def _folds(rows: Sequence[_Row], k: int) -> list[int]:
    """Fold of each row, by a stable hash of its article (articles never split)."""
    return [zlib.crc32(r.article.encode("utf-8")) % k for r in rows]


def _raw_outputs(model: LinearModel, rows: Sequence[_Row]) -> list[tuple[list[float], _Row]]:
    out = []
    for row in rows:
        z = model.scores([sorted(c.features) for c in row.candidates]).astype(np.float64)
        z = np.exp(z - z.max())
        out.append(((z / z.sum()).tolist(), row))
    return out


def _evaluate(scored: Sequence[tuple[list[float], _Row]], abstain: float
              ) -> list[tuple[float, bool]]:
    """(raw probability of the value given, is it right) for each mention."""
    out = []
    for probs, row in scored:
        res = decide(row.candidates, probs, abstain, lambda x: x)
        ok = same_name(res.speaker, row.gold.speaker)
        out.append((res.confidence, ok))
    return out


def train_speakers(polnear: Path | None, out: Path, *, data: Path | None = None,
                   tagger: EntityTagger | None = None, log=print) -> dict[str, Any]:
    """Fit the ranker on the labelled mentions, calibrate it, write it to ``out``."""
    from sklearn.isotonic import IsotonicRegression

    cases = load_cases(polnear, data)
    if tagger is not None:
        tag_entities(cases, tagger)
    rows = build_rows(cases)
    if not rows:
        raise ValueError("no labelled speaker mentions to train on")
    folds = _folds(rows, FOLDS)
    best: tuple[float, float, list[tuple[list[float], _Row]]] | None = None
    for c in C_GRID:
        scored: list[tuple[list[float], _Row]] = []
        for k in range(FOLDS):
            train = [r for r, f in zip(rows, folds, strict=True) if f != k]
            held = [r for r, f in zip(rows, folds, strict=True) if f == k]
            if train and held:
                scored.extend(_raw_outputs(_fit(train, c), held))
        acc = sum(ok for _, ok in _evaluate(scored, 0.0)) / len(scored)
        log(f"speakers: C={c} cross-validated accuracy {acc:.3f}")
        if best is None or acc > best[1] + 1e-9:
            best = (c, acc, scored)
    assert best is not None
    c, _, scored = best
    abstain, best_acc = 0.0, -1.0
    for t in (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        acc = sum(ok for _, ok in _evaluate(scored, t)) / len(scored)
        if acc > best_acc + 1e-9:
            abstain, best_acc = t, acc
    outputs = _evaluate(scored, abstain)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    xs = np.asarray([p for p, _ in outputs])
    ys = np.asarray([1.0 if ok else 0.0 for _, ok in outputs])
    iso.fit(xs, ys)
    model = _fit(rows, c)
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "ranker_version": RANKER_VERSION,
        "bits": BITS,
        "C": c,
        "abstain": abstain,
        "cv_accuracy": round(best_acc, 4),
        "folds": FOLDS,
        "mentions": len(rows),
        "articles": len({r.article for r in rows}),
        "candidates": sum(len(r.candidates) for r in rows),
        "calibration": {"x": [round(float(v), 6) for v in iso.X_thresholds_],
                        "y": [round(float(v), 6) for v in iso.y_thresholds_]},
    }
    (out / RANKER_FILE).write_bytes(model.to_bytes())
    (out / RANKER_META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    log(f"speakers: {meta['mentions']} mentions in {meta['articles']} articles, C={c}, "
        f"abstain below {abstain}, cross-validated accuracy {best_acc:.3f}")
    return meta
