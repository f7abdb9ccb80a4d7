"""Train the engine's learned parts on PolNeAR-format data: ``quotetrail train``.

The attribution models are fitted here; the speaker ranking model by
:mod:`quotetrail.training.speakers`, called at the end.

Reads ``DIR/train`` (or ``DIR`` itself when it holds ``text/``), parses every
paragraph with the engine's own lean spaCy pipeline, and fits two
:class:`~quotetrail.models.linear.LinearModel`\\ s:

* ``cue``: every candidate token (:func:`~quotetrail.models.features.is_cue_candidate`),
  labelled by whether it heads a gold cue;
* ``content``: for each gold cue, every content candidate, labelled by whether it is
  the candidate that best matches the gold content (IoU >= 0.5).

The same seed and data give the same model files, byte for byte.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Token

from quotetrail.engine.quotes import find_quotes, paragraphs
from quotetrail.evaluation import GoldArticle, GoldAttribution, iou, load_gold
from quotetrail.models.attribution import (
    CONTENT_FILE,
    CUE_FILE,
    META_FILE,
    TRIGGERS_FILE,
    VERIFIER_FILE,
    AttributionModel,
    Thresholds,
)
from quotetrail.models.features import (
    content_candidates,
    content_features,
    cue_features,
    is_cue_candidate,
    quoted_below,
)
from quotetrail.models.linear import DEFAULT_BITS, LinearModel
from quotetrail.models.verifier import draft_features
from quotetrail.training.speakers import train_speakers
from quotetrail.training.tuning import (
    choose,
    describe_objective,
    tune_thresholds,
    tuning_split,
)

if TYPE_CHECKING:
    from quotetrail.engine.pipeline import Engine

MODEL_VERSION = "1"
# The share of train held back to choose thresholds on (every seventh article).
TUNE_FRACTION = 0.15


@dataclass(slots=True)
class TrainingData:
    cue_x: list[list[str]] = field(default_factory=list)
    cue_y: list[bool] = field(default_factory=list)
    content_x: list[list[str]] = field(default_factory=list)
    content_y: list[bool] = field(default_factory=list)
    articles: int = 0
    gold_cues: int = 0
    # how often each word heads a gold cue, and how often it occurs at all
    head_words: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)


def quoted_tokens(doc: Doc, offset: int, quotes: list) -> list[bool]:
    """For each token of a chunk parsed at ``offset``: does it lie inside a quotation?"""
    out = [False] * len(doc)
    qi = 0
    for tok in doc:
        pos = tok.idx + offset
        while qi < len(quotes) and quotes[qi].end <= pos:
            qi += 1
        out[tok.i] = qi < len(quotes) and quotes[qi].start <= pos < quotes[qi].end
    return out


def cue_head(doc: Doc, offset: int, span: tuple[int, int]) -> Token | None:
    """The token that heads a cue span: a verb nearest the root, else any token nearest it."""
    toks = [t for t in doc if span[0] <= t.idx + offset < span[1]]
    if not toks:
        return None

    def depth(t: Token) -> int:
        d = 0
        while t.head is not t and d < 50:
            t, d = t.head, d + 1
        return d

    verbs = [t for t in toks if t.tag_.startswith("VB") and t.dep_ not in ("aux", "auxpass")]
    pool = verbs or toks
    return min(pool, key=lambda t: (depth(t), t.i))


def char_span(doc: Doc, offset: int, start: int, end: int) -> tuple[int, int]:
    """Character offsets in the article of the token range ``start:end`` of a chunk."""
    last = doc[end - 1]
    return doc[start].idx + offset, last.idx + len(last) + offset


def parsed_paragraphs(article: GoldArticle, nlp: Language) -> Iterator[tuple[int, Doc]]:
    """Every paragraph of an article, parsed by the engine's pipeline, with its offset."""
    text = article.text
    paras = paragraphs(text)
    docs = nlp.pipe([text[a:b] for a, b in paras], batch_size=64)
    for (p_start, _), doc in zip(paras, docs, strict=True):
        yield p_start, doc


def article_examples(article: GoldArticle, parsed: Iterable[tuple[int, Doc]],
                     data: TrainingData) -> None:
    """Add one article's cue and content examples to ``data``."""
    quotes = find_quotes(article.text)
    golds = [g for g in article.attributions if g.cue is not None]
    data.gold_cues += len(golds)
    for p_start, doc in parsed:
        p_end = p_start + len(doc.text)
        in_q = quoted_tokens(doc, p_start, quotes)
        heads: dict[int, GoldAttribution] = {}
        for g in golds:
            if p_start <= g.cue[0] < p_end:
                h = cue_head(doc, p_start, g.cue)
                if h is not None:
                    heads[h.i] = g
        data.words.update(t.lower_ for t in doc)
        data.head_words.update(doc[i].lower_ for i in heads)
        below = quoted_below(doc, in_q)
        for tok in doc:
            if is_cue_candidate(tok, in_q):
                data.cue_x.append(cue_features(tok, in_q, below))
                data.cue_y.append(tok.i in heads)
        for i, g in heads.items():
            cue = doc[i]
            cands = content_candidates(cue)
            scores = [iou(g.content, char_span(doc, p_start, c.start, c.end)) for c in cands]
            best = max(range(len(cands)), key=lambda k: scores[k], default=None)
            for k, c in enumerate(cands):
                data.content_x.append(content_features(cue, c, in_q))
                data.content_y.append(k == best and scores[k] >= 0.5)
    data.articles += 1


def fit(data: TrainingData, seed: int) -> tuple[LinearModel, LinearModel]:
    """The cue and content models for the examples in ``data``."""
    cue = LinearModel.train(data.cue_x, data.cue_y, bits=DEFAULT_BITS, seed=seed, rate=0.05,
                            positive_weight=2.0)
    content = LinearModel.train(data.content_x, data.content_y, bits=16, seed=seed, rate=0.05)
    return cue, content


def collect(articles: Iterable[GoldArticle], nlp: Language) -> dict[str, TrainingData]:
    """Cue and content examples, article by article (the unit of cross-validation)."""
    out: dict[str, TrainingData] = {}
    for article in articles:
        data = TrainingData()
        article_examples(article, parsed_paragraphs(article, nlp), data)
        out[article.id] = data
    return out


def merge(parts: Iterable[TrainingData]) -> TrainingData:
    total = TrainingData()
    for d in parts:
        total.cue_x += d.cue_x
        total.cue_y += d.cue_y
        total.content_x += d.content_x
        total.content_y += d.content_y
        total.articles += d.articles
        total.gold_cues += d.gold_cues
        total.head_words += d.head_words
        total.words += d.words
    return total


def triggers(data: TrainingData, min_count: int = 2, min_rate: float = 0.1) -> list[str]:
    """Words that head a cue at least ``min_count`` times and in ``min_rate`` of their uses.

    Sentences holding one are parsed; on PolNeAR dev this list and the verbs of saying
    reach 95 % of gold cues while 88 % of the words get parsed (verbs alone: 86 % / 78 %).
    """
    return sorted(w for w, c in data.head_words.items()
                  if c >= min_count and c / data.words[w] >= min_rate and w.isalpha())


def same_attribution(pred: tuple[int, int], gold: tuple[int, int]) -> bool:
    """The verifier's label: the draft lies mostly inside a gold content.

    Boundaries are the content model's business; the verifier only learns whether a
    draft is an attribution at all, so a piece of a split quotation counts.
    """
    inter = min(pred[1], gold[1]) - max(pred[0], gold[0])
    if inter <= 0:
        return False
    return inter >= 0.5 * (pred[1] - pred[0]) and inter >= 0.1 * (gold[1] - gold[0])


def verifier_examples(engine: Engine, articles: Sequence[GoldArticle]
                      ) -> tuple[list[list[str]], list[bool]]:
    """Drafts the engine proposes for ``articles``, labelled against their gold."""
    xs: list[list[str]] = []
    ys: list[bool] = []
    for article in articles:
        golds = [g.content for g in article.attributions]
        for d in engine.drafts(article.text):
            xs.append(draft_features(article.text, d))
            ys.append(any(same_attribution(d.content, g) for g in golds))
    return xs, ys


def train_dir(polnear: Path) -> Path:
    """``DIR/train`` when given the corpus root, else ``DIR`` itself."""
    return polnear / "train" if (polnear / "train" / "text").is_dir() else polnear


@dataclass(slots=True)
class FittedModels:
    """What one fitting run produces: the model, and the verifier's example counts."""

    model: AttributionModel
    verifier_examples: int
    verifier_positives: int
    data: TrainingData


def fit_models(engine: Engine, articles: Sequence[GoldArticle],
               by_article: dict[str, TrainingData], *, folds: int, seed: int
               ) -> FittedModels:
    """Cue, content and verifier models (and trigger words) for ``articles``.

    The verifier must learn from drafts made by cue and content models that have not
    seen the article, as at run time; so the articles are split into ``folds``, each
    fold's drafts come from models fitted on the others, and only then are the final
    cue and content models fitted on all of ``articles``.
    """
    vx: list[list[str]] = []
    vy: list[bool] = []
    for k in range(folds):
        held = [a for i, a in enumerate(articles) if i % folds == k]
        rest = merge(by_article[a.id] for i, a in enumerate(articles) if i % folds != k)
        cue, content = fit(rest, seed)
        engine.model = AttributionModel(cue, content, {"model_version": f"fold{k}"})
        engine.triggers = frozenset(triggers(rest))
        x, y = verifier_examples(engine, held)
        vx += x
        vy += y
    verifier = LinearModel.train(vx, vy, bits=16, seed=seed, rate=0.05)
    data = merge(by_article[a.id] for a in articles)
    cue, content = fit(data, seed)
    model = AttributionModel(cue, content, {"model_version": MODEL_VERSION},
                             verifier_model=verifier, triggers=frozenset(triggers(data)))
    return FittedModels(model, len(vy), int(sum(vy)), data)


def tuned_thresholds(engine: Engine, articles: Sequence[GoldArticle],
                     by_article: dict[str, TrainingData], *, fraction: float, folds: int,
                     seed: int) -> tuple[Thresholds, dict]:
    """Thresholds chosen on a held-back slice of ``articles`` (:mod:`.tuning`), and a
    record of how: the slice, the best trials, the defaults' score for comparison."""
    fit_part, tune_part = tuning_split(articles, fraction)
    if len(tune_part) < 1 or len(fit_part) < folds:
        return Thresholds(), {"skipped": "too few articles to hold a slice back"}
    fitted = fit_models(engine, fit_part, by_article, folds=folds, seed=seed)
    engine.model, engine.triggers = fitted.model, fitted.model.triggers
    trials = tune_thresholds(engine, tune_part)
    chosen, decision = choose(trials, Thresholds())
    record = {
        "fraction": fraction,
        "fit_articles": len(fit_part),
        "tune_articles": len(tune_part),
        "objective": describe_objective(),
        **decision,
        "chosen": chosen.to_dict(),
        "trials": [t.to_dict() for t in trials],
    }
    return chosen.thresholds, record


def train(polnear: Path, out: Path, *, seed: int = 13, spacy_model: str | None = None,
          folds: int = 2, tune_fraction: float = TUNE_FRACTION) -> dict:
    """Fit the cue, content and verifier models on ``polnear``; write them to ``out``.

    With ``tune_fraction`` > 0 the thresholds are first chosen on that share of the
    articles, held back from models fitted on the rest (:func:`tuned_thresholds`); the
    models written are then fitted on all the articles.
    """
    from quotetrail.engine.pipeline import Engine
    from quotetrail.settings import spacy_model_name

    t0 = time.perf_counter()
    name = spacy_model_name(spacy_model)
    engine = Engine(name, learned=False)
    gold = load_gold(train_dir(polnear), double_apostrophe=True)
    articles = [gold.articles[k] for k in sorted(gold.articles)]
    by_article = collect(articles, engine.nlp)
    t_examples = time.perf_counter() - t0
    thresholds, tuning = tuned_thresholds(engine, articles, by_article,
                                          fraction=tune_fraction, folds=folds, seed=seed)
    t_tuning = time.perf_counter() - t0 - t_examples
    fitted = fit_models(engine, articles, by_article, folds=folds, seed=seed)
    data = fitted.data
    out.mkdir(parents=True, exist_ok=True)
    fitted.model.cue_model.save(out / CUE_FILE)
    fitted.model.content_model.save(out / CONTENT_FILE)
    assert fitted.model.verifier_model is not None
    fitted.model.verifier_model.save(out / VERIFIER_FILE)
    (out / TRIGGERS_FILE).write_text("\n".join(sorted(fitted.model.triggers)) + "\n",
                                     encoding="utf-8")
    meta = {
        "model_version": MODEL_VERSION,
        "trained_on": str(train_dir(polnear)),
        "articles": data.articles,
        "gold_cues": data.gold_cues,
        "cue_examples": len(data.cue_y),
        "cue_positives": int(sum(data.cue_y)),
        "content_examples": len(data.content_y),
        "content_positives": int(sum(data.content_y)),
        "verifier_examples": fitted.verifier_examples,
        "verifier_positives": fitted.verifier_positives,
        "folds": folds,
        "seed": seed,
        "spacy_model": name,
        "thresholds": thresholds.to_dict(),
        "tuning": tuning,
        "seconds_parse_and_features": round(t_examples, 1),
        "seconds_tuning": round(t_tuning, 1),
        "seconds_total": round(time.perf_counter() - t0, 1),
    }
    meta["speakers"] = train_speakers(polnear, out, tagger=engine.entity_tagger,
                                      log=lambda _msg: None)
    meta["seconds_total"] = round(time.perf_counter() - t0, 1)
    (out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta
