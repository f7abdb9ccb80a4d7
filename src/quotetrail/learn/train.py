"""Train the engine's learned parts on PolNeAR-format data: ``quotetrail train``.

Reads ``DIR/train`` (or ``DIR`` itself when it holds ``text/``), parses every
paragraph with the engine's own lean spaCy pipeline, and fits two
:class:`~quotetrail.learn.linear.LinearModel`\\ s:

* ``cue``: every candidate token (:func:`~quotetrail.learn.features.is_cue_candidate`),
  labelled by whether it heads a gold cue;
* ``content``: for each gold cue, every content candidate, labelled by whether it is
  the candidate that best matches the gold content (IoU >= 0.5).

The same seed and data give the same model files, byte for byte.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from quotetrail.engine.quotes import find_quotes, paragraphs
from quotetrail.eval import GoldArticle, iou, load_gold
from quotetrail.learn.features import (
    content_candidates,
    content_features,
    cue_features,
    is_cue_candidate,
)
from quotetrail.learn.linear import DEFAULT_BITS, LinearModel

MODEL_VERSION = "1"
CUE_FILE, CONTENT_FILE, META_FILE = "cue.npz", "content.npz", "meta.json"


@dataclass(slots=True)
class TrainingData:
    cue_x: list[list[str]] = field(default_factory=list)
    cue_y: list[bool] = field(default_factory=list)
    content_x: list[list[str]] = field(default_factory=list)
    content_y: list[bool] = field(default_factory=list)
    articles: int = 0
    gold_cues: int = 0


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


def _article_examples(article: GoldArticle, nlp: Language, data: TrainingData) -> None:
    text = article.text
    paras = paragraphs(text)
    quotes = find_quotes(text, paras)
    golds = [g for g in article.attributions if g.cue is not None]
    data.gold_cues += len(golds)
    for (p_start, p_end), doc in zip(paras, nlp.pipe([text[a:b] for a, b in paras],
                                                     batch_size=64), strict=True):
        in_q = quoted_tokens(doc, p_start, quotes)
        here = [g for g in golds if p_start <= g.cue[0] < p_end]
        heads: dict[int, object] = {}
        for g in here:
            h = cue_head(doc, p_start, g.cue)
            if h is not None:
                heads[h.i] = g
        for tok in doc:
            if is_cue_candidate(tok, in_q):
                data.cue_x.append(cue_features(tok, in_q))
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


def collect(folder: Path, nlp: Language) -> TrainingData:
    gold = load_gold(folder)
    data = TrainingData()
    for article in gold.articles.values():
        _article_examples(article, nlp, data)
    return data


def train_dir(polnear: Path) -> Path:
    """``DIR/train`` when given the corpus root, else ``DIR`` itself."""
    return polnear / "train" if (polnear / "train" / "text").is_dir() else polnear


def train(polnear: Path, out: Path, *, seed: int = 13, spacy_model: str | None = None,
          progress: bool = False) -> dict:
    """Fit both models on ``polnear`` and write them to ``out``; returns the metadata."""
    from quotetrail.engine.pipeline import load_nlp
    from quotetrail.settings import spacy_model_name

    t0 = time.perf_counter()
    name = spacy_model_name(spacy_model)
    nlp = load_nlp(name)
    data = collect(train_dir(polnear), nlp)
    t_parse = time.perf_counter() - t0
    cue = LinearModel.train(data.cue_x, data.cue_y, bits=DEFAULT_BITS, seed=seed,
                            positive_weight=2.0)
    content = LinearModel.train(data.content_x, data.content_y, bits=16, seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    cue.save(out / CUE_FILE)
    content.save(out / CONTENT_FILE)
    meta = {
        "model_version": MODEL_VERSION,
        "trained_on": str(train_dir(polnear)),
        "articles": data.articles,
        "gold_cues": data.gold_cues,
        "cue_examples": len(data.cue_y),
        "cue_positives": int(sum(data.cue_y)),
        "content_examples": len(data.content_y),
        "content_positives": int(sum(data.content_y)),
        "seed": seed,
        "spacy_model": name,
        "seconds_parse_and_features": round(t_parse, 1),
        "seconds_total": round(time.perf_counter() - t0, 1),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def iter_files(out: Path) -> Iterator[Path]:
    yield from (out / n for n in (CUE_FILE, CONTENT_FILE, META_FILE))
