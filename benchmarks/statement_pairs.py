"""Statement clustering on PolNeAR: do quotes of one statement share a cluster, and only they?

    # 1. PolNeAR train + dev (924 articles) as quotetrail JSONL, with outlets and dates
    .venv/bin/python benchmarks/statement_pairs.py --make-jsonl /tmp/polnear.jsonl
    # 2. a store of them (the ingest is the slow part: several minutes on two cores)
    .venv/bin/quotetrail ingest /tmp/polnear.jsonl --db /tmp/polnear.db --workers 2
    # 3. score its clusters (a few seconds)
    .venv/bin/python benchmarks/statement_pairs.py --score /tmp/polnear.db [--errors]
    # candidates for hand labelling (4-9-word runs), with both quotes in context; the
    # defaults (--sample 50 --same-source 15 --fragments 20) give the 301 pairs labelled
    .venv/bin/python benchmarks/statement_pairs.py --candidates > cands.txt
    .venv/bin/python benchmarks/statement_pairs.py --stats    # pair counts by run length

Each step but the ingest takes well under a minute (the pairs are found on a trigram
index; the bootstrap is vectorised).

Gold quotes are PolNeAR's *direct* attributions, train and dev: those whose content
holds a quotation mark, ``''`` included (``quotetrail.evaluation.gold``, as
benchmarks/accuracy.py reads it), each taken as its content span (first to last
character of its content fragments).  A quote's words are its content's word tokens,
lower-cased, apostrophes dropped (``don't`` is ``dont``), every other non-word character
a separator.  Two quotes in different articles are compared by their **longest shared
run**: the most consecutive tokens they have in common.  One of the two wash-post
articles with identical text (two dates, one text) is left out of the gold, so that
an article and its copy never make a pair.

Pair sets:

* **(b) same** -- a run of 10 tokens or more: the same statement.
* **(b) three-only** -- the longest shared run is exactly 3 tokens: merging them is a
  wrong merge.  Reported whole and split: ``fragment`` pairs, where one quote *is* the
  three words (a three-word quote inside a longer one -- a slogan, a title, a
  catchphrase), and the rest.
* **(c) hard** -- ``tests/data/statements/hard_pairs.jsonl``: pairs whose longest run is
  4-9 tokens, each read in its articles and labelled ``same`` (one statement, possibly
  truncated or re-quoted) or ``different`` (a stock phrase, a title, a slogan two people
  use, another statement sharing words), with a reason.  ``same`` also covers a
  distinctive line one speaker repeats on another occasion when one of the two quotes is
  little more than that line (``why`` starts with "repeated line", counted apart);
  a speaker's stock line inside two otherwise different statements is ``different``.
  Quotes are given by PolNeAR file stem, split and content offsets only: the corpus's
  text is never copied here.

``--make-jsonl OUT`` writes one ``{"id", "text", "outlet", "published", "title"}``
line per article (``id`` = ``split/stem``, outlet = metadata.tsv's publisher, published
= its publication_date, the text exactly as the ``.txt`` file holds it so that store
offsets are gold offsets).

``--score STORE`` reads the SQLite store (read-only).  Each gold article is found by
``article_id`` (``split/stem``, as written by ``--make-jsonl``), else by the SHA-256 of
its text.  A gold quote's stored attributions are those of its article whose content
span overlaps it by at least one character; it is *extracted* when one of them has a
cluster.  Two quotes are *merged* when their stored attributions share a ``cluster_id``.
Figures:

* (b) recall over the same pairs whose two quotes were extracted, and end to end (all
  same pairs; a quote not extracted counts as a miss);
* (b) wrong-merge rate over the three-only pairs whose two quotes were extracted;
* (c) recall on ``same`` (extracted and end to end) and wrong-merge rate on ``different``;

with counts, and bootstrap 95 % intervals over articles: each resample draws articles
with replacement and weighs a pair by the product of its two articles' draw counts.
Writes JSON (``--out``, default benchmarks/results/statement_pairs.json: offsets and
ids only, never text); ``--errors`` also prints the missed and wrongly merged pairs with
their wordings (to the terminal only).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quotetrail.evaluation.gold import GoldArticle, load_gold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import git_state

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
SPLITS = ("train", "dev")
HARD_PAIRS = ROOT / "tests" / "data" / "statements" / "hard_pairs.jsonl"
OUT = ROOT / "benchmarks" / "results" / "statement_pairs.json"
SAME_RUN = 10          # a shared run this long or longer: the same statement
THREE_RUN = 3          # the longest shared run exactly this long: different statements
HARD_RUNS = range(4, 10)
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20160926
CANDIDATE_SEED = 9
CONTEXT = 300          # characters shown on each side of a quote for labelling

_APOSTROPHES = re.compile("['\u2018\u2019\u02bc]")
_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Word tokens: lower-cased, apostrophes dropped, other punctuation a separator."""
    return _WORD.findall(_APOSTROPHES.sub("", text.lower()))


# -- gold ---------------------------------------------------------------------------


@dataclass(slots=True)
class Quote:
    """One gold direct quote: where it is and its word tokens."""

    split: str
    article: str
    start: int
    end: int
    source: tuple[int, int] | None
    words: list[str]

    @property
    def key(self) -> tuple[str, str, int, int]:
        return (self.split, self.article, self.start, self.end)

    @property
    def doc(self) -> str:
        return f"{self.split}/{self.article}"

    def ref(self) -> dict[str, Any]:
        return {"article": self.article, "split": self.split, "start": self.start,
                "end": self.end}


@dataclass(slots=True)
class Corpus:
    articles: dict[str, GoldArticle]        # by "split/stem"
    metadata: dict[str, dict[str, str]]     # by "split/stem"
    quotes: list[Quote]
    copies: list[str]                        # articles left out: the same text as another


def read_metadata(polnear: Path) -> dict[str, dict[str, str]]:
    """metadata.tsv rows of the train and dev compartments, by ``split/filename``."""
    rows: dict[str, dict[str, str]] = {}
    with open(polnear / "metadata.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["compartment"] in SPLITS:
                rows[f"{row['compartment']}/{row['filename']}"] = row
    return rows


def load_corpus(polnear: Path) -> Corpus:
    """Train and dev articles, their metadata, and every gold direct quote."""
    articles: dict[str, GoldArticle] = {}
    for split in SPLITS:
        gold = load_gold(polnear / split, double_apostrophe=True)
        for stem, article in gold.articles.items():
            articles[f"{split}/{stem}"] = article
    seen: dict[str, str] = {}
    copies = []
    quotes = []
    for doc, article in articles.items():
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if digest in seen:
            copies.append(doc)
            continue
        seen[digest] = doc
        split = doc.split("/", 1)[0]
        for g in article.attributions:
            if g.direct:
                s, e = g.content
                quotes.append(Quote(split, article.id, s, e, g.source, tokens(article.text[s:e])))
    return Corpus(articles, read_metadata(polnear), quotes, copies)


# -- pairs --------------------------------------------------------------------------


def longest_run(a: list[str], b: list[str]) -> int:
    """The most consecutive tokens ``a`` and ``b`` share (0, or 3 and up: found on trigrams)."""
    where: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(b) - 2):
        where[tuple(b[j:j + 3])].append(j)
    best = 0
    prev: dict[int, int] = {}
    for i in range(len(a) - 2):
        cur = {}
        for j in where.get(tuple(a[i:i + 3]), ()):
            n = cur[j] = prev.get(j - 1, 0) + 1
            best = max(best, n)
        prev = cur
    return best + 2 if best else 0


def all_pairs(quotes: list[Quote]) -> dict[tuple[int, int], int]:
    """Every pair of quotes in different articles sharing a trigram, with its longest run."""
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, q in enumerate(quotes):
        for j in range(len(q.words) - 2):
            index[tuple(q.words[j:j + 3])].add(i)
    candidates: set[tuple[int, int]] = set()
    for members in index.values():
        ordered = sorted(members)
        for x, i in enumerate(ordered):
            for j in ordered[x + 1:]:
                if quotes[i].doc != quotes[j].doc:
                    candidates.add((i, j))
    return {p: longest_run(quotes[p[0]].words, quotes[p[1]].words) for p in sorted(candidates)}


def is_fragment(quotes: list[Quote], pair: tuple[int, int]) -> bool:
    """One of the two quotes is nothing but the three shared words."""
    return min(len(quotes[pair[0]].words), len(quotes[pair[1]].words)) <= THREE_RUN


def read_hard_pairs(path: Path, quotes: list[Quote]
                    ) -> list[tuple[int, int, str, int, str]]:
    """(quote, quote, label, run, why) for each labelled pair; unknown quotes are an error."""
    by_key = {q.key: i for i, q in enumerate(quotes)}
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            ends = []
            for side in ("a", "b"):
                r = rec[side]
                key = (r["split"], r["article"], int(r["start"]), int(r["end"]))
                if key not in by_key:
                    raise SystemExit(f"{path}:{lineno}: {side} is no gold direct quote: {key}")
                ends.append(by_key[key])
            if rec["label"] not in ("same", "different"):
                raise SystemExit(f"{path}:{lineno}: label must be same or different")
            out.append((ends[0], ends[1], rec["label"], int(rec["run"]), rec.get("why", "")))
    return out


# -- --make-jsonl -------------------------------------------------------------------


def make_jsonl(corpus: Corpus, out: Path) -> int:
    """Write every train and dev article as a quotetrail JSONL record; return how many."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for doc, article in corpus.articles.items():
            meta = corpus.metadata.get(doc, {})
            rec = {"id": doc, "text": article.text,
                   "outlet": meta.get("publisher") or article.publisher,
                   "published": meta.get("publication_date") or None,
                   "title": meta.get("title") or None}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


# -- --candidates -------------------------------------------------------------------


def _context(article: GoldArticle, q: Quote, width: int = CONTEXT) -> str:
    text = article.text
    s, e = q.start, q.end
    lo, hi = max(0, s - width), min(len(text), e + width)
    shown = text[lo:s] + "[[" + text[s:e] + "]]" + text[e:hi]
    return " ".join(shown.split())


def _shared(a: list[str], b: list[str], n: int) -> str:
    grams = {tuple(b[j:j + n]) for j in range(len(b) - n + 1)}
    for i in range(len(a) - n + 1):
        if tuple(a[i:i + n]) in grams:
            return " ".join(a[i:i + n])
    return ""


_NOT_NAMES = frozenset((
    "a", "an", "the", "he", "she", "they", "it", "we", "i", "you", "his", "her", "their",
    "its", "our", "this", "that", "who", "which", "mr", "mrs", "ms", "dr", "sen", "rep",
    "gov", "president", "former", "senator", "representative", "governor", "secretary",
    "spokesman", "spokeswoman", "campaign", "chairman", "director", "of", "for", "and",
    "to", "in", "on", "at", "with", "said"))


def source_names(corpus: Corpus, q: Quote) -> frozenset[str]:
    """The capitalised words of a quote's gold source that could be a name."""
    if q.source is None:
        return frozenset()
    text = corpus.articles[q.doc].text[q.source[0]:q.source[1]]
    return frozenset(w.lower() for w in re.findall(r"[A-Z][\w'’-]+", text)
                     if w.lower() not in _NOT_NAMES)


def sample_candidates(corpus: Corpus, pairs: dict[tuple[int, int], int], per_run: int,
                      per_run_same_source: int, per_run_fragment: int,
                      seed: int = CANDIDATE_SEED, max_per_quote: int = 2
                      ) -> list[tuple[int, int, int]]:
    """A deterministic sample of hard pairs (run 4-9), in four strata.

    1. ``per_run`` pairs for each run length 4-9, shuffled with a fixed seed; a quote
       appears in at most ``max_per_quote`` of them, so that one long speech quoted
       everywhere does not fill the sample.
    2. Every other pair with a run of 7-9 (where most same-statement pairs are), a quote
       in at most ``max_per_quote + 1`` sampled pairs (a title phrase would fill it).
    3. ``per_run_same_source`` pairs for each run length 4-6 whose gold sources share a
       name word (both credit "Trump", say): where a shared run is most often a truncated
       or repeated quote rather than a stock phrase (the same cap).
    4. ``per_run_fragment`` pairs for each run length 4-6 where the shorter quote is
       little more than the shared run (at most 3 other tokens): a fragment, which is
       either a piece of the longer quote or a stock phrase (the same cap).
    """
    quotes = corpus.quotes
    rng = random.Random(seed)
    uses: Counter[int] = Counter()
    chosen: list[tuple[int, int, int]] = []
    taken_pairs: set[tuple[int, int]] = set()

    def take(pool: list[tuple[int, int]], run: int, limit: int | None, cap: int) -> None:
        n = 0
        for i, j in pool:
            if limit is not None and n == limit:
                break
            if (i, j) in taken_pairs or uses[i] >= cap or uses[j] >= cap:
                continue
            uses[i] += 1
            uses[j] += 1
            taken_pairs.add((i, j))
            chosen.append((i, j, run))
            n += 1

    by_run = {run: [p for p, n in pairs.items() if n == run] for run in HARD_RUNS}
    for run in HARD_RUNS:
        pool = list(by_run[run])
        rng.shuffle(pool)
        take(pool, run, per_run, max_per_quote)
    for run in (7, 8, 9):
        take(by_run[run], run, None, max_per_quote + 1)
    names = [source_names(corpus, q) for q in quotes]
    for run in (4, 5, 6):
        pool = [(i, j) for i, j in by_run[run] if names[i] & names[j]]
        rng.shuffle(pool)
        take(pool, run, per_run_same_source, max_per_quote + 1)
    for run in (4, 5, 6):
        pool = [(i, j) for i, j in by_run[run]
                if min(len(quotes[i].words), len(quotes[j].words)) <= run + 3]
        rng.shuffle(pool)
        take(pool, run, per_run_fragment, max_per_quote + 1)
    return chosen


def print_candidates(corpus: Corpus, pairs: dict[tuple[int, int], int], per_run: int,
                     per_run_same_source: int, per_run_fragment: int) -> None:
    quotes = corpus.quotes
    sample = sample_candidates(corpus, pairs, per_run, per_run_same_source, per_run_fragment)
    for n, (i, j, run) in enumerate(sample, 1):
        a, b = quotes[i], quotes[j]
        print(f"=== {n} run={run} shared: {_shared(a.words, b.words, run)}")
        print(json.dumps({"a": a.ref(), "b": b.ref(), "run": run}))
        for tag, q in (("A", a), ("B", b)):
            article = corpus.articles[q.doc]
            meta = corpus.metadata.get(q.doc, {})
            src = article.text[q.source[0]:q.source[1]] if q.source else None
            print(f"--- {tag} {q.doc} ({meta.get('publication_date')}) source: {src!r}")
            print(_context(article, q))
        print()


# -- --score ------------------------------------------------------------------------


def _store_articles(conn: sqlite3.Connection, corpus: Corpus) -> dict[str, int]:
    """The store's row of each gold article: by article_id or alias, else by text hash."""
    by_id: dict[str, int] = {}
    by_hash: dict[str, int] = {}
    for rowid, article_id, text_hash in conn.execute(
            "SELECT rowid, article_id, text_hash FROM articles ORDER BY rowid"):
        by_id[article_id] = rowid
        by_hash.setdefault(text_hash, rowid)
    has_aliases = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                               "name = 'article_aliases'").fetchone()
    if has_aliases:  # schema 4: ids of copies folded into one article
        for alias, rowid in conn.execute("SELECT alias, article FROM article_aliases"):
            by_id.setdefault(alias, rowid)
    found = {}
    for doc, article in corpus.articles.items():
        if doc in by_id:
            found[doc] = by_id[doc]
            continue
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if digest in by_hash:
            found[doc] = by_hash[digest]
    return found


def quote_clusters(store: Path, corpus: Corpus) -> tuple[list[frozenset[str]], dict[str, Any]]:
    """For each gold quote, the cluster ids of the stored attributions overlapping it."""
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        rows = _store_articles(conn, corpus)
        versions = sorted({f"{v} ({m})" for m, v in conn.execute(
            "SELECT DISTINCT model, version FROM articles")})
        spans: dict[int, list[tuple[int, int, str | None]]] = defaultdict(list)
        for article, s, e, cluster in conn.execute(
                "SELECT article, content_start, content_end, cluster_id FROM attributions"):
            spans[article].append((s, e, cluster))
    finally:
        conn.close()
    out = []
    for q in corpus.quotes:
        row = rows.get(q.doc)
        ids = frozenset(c for s, e, c in spans.get(row, ()) if c and s < q.end and q.start < e)
        out.append(ids)
    info = {"gold_articles": len(corpus.articles), "found_in_store": len(rows),
            "written_by": versions,
            "missing": sorted(set(corpus.articles) - set(rows))[:20]}
    return out, info


def _bootstrap(pairs: list[tuple[str, str, float]], resamples: int, seed: int
               ) -> list[float] | None:
    """95 % interval of a pair mean, resampling articles (a pair weighs the product)."""
    if not pairs or resamples <= 0:
        return None
    import numpy as np

    docs = sorted({d for a, b, _ in pairs for d in (a, b)})
    pos = {d: k for k, d in enumerate(docs)}
    ia = np.array([pos[a] for a, _, _ in pairs])
    ib = np.array([pos[b] for _, b, _ in pairs])
    val = np.array([v for _, _, v in pairs], dtype=float)
    rng = np.random.default_rng(seed)
    stats: list[float] = []
    chunk = max(1, 4_000_000 // max(len(pairs), 1))
    done = 0
    while done < resamples:
        k = min(chunk, resamples - done)
        counts = rng.multinomial(len(docs), [1 / len(docs)] * len(docs), size=k)
        w = counts[:, ia] * counts[:, ib]
        tot = w.sum(axis=1)
        num = (w * val).sum(axis=1)
        stats.extend(float(x) for x in (num[tot > 0] / tot[tot > 0]))
        done += k
    if not stats:
        return None
    lo, hi = np.percentile(stats, [2.5, 97.5])
    return [round(float(lo), 6), round(float(hi), 6)]


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 6) if den else None


def pair_figures(quotes: list[Quote], clusters: list[frozenset[str]],
                 pairs: list[tuple[int, int]], want_merged: bool, resamples: int
                 ) -> dict[str, Any]:
    """Counts, the rate over pairs both extracted, end to end, and their intervals.

    ``want_merged``: the pairs are one statement (the rate is recall); else they are not
    (the rate is the wrong-merge rate, and no end-to-end figure is given).
    """
    both = [(i, j) for i, j in pairs if clusters[i] and clusters[j]]
    merged = [(i, j) for i, j in both if clusters[i] & clusters[j]]
    one_side = sum(bool(clusters[i]) != bool(clusters[j]) for i, j in pairs)
    name = "recall" if want_merged else "wrong_merge_rate"
    merged_set = set(merged)
    fig: dict[str, Any] = {
        "pairs": len(pairs), "both_extracted": len(both), "one_extracted": one_side,
        "neither_extracted": len(pairs) - len(both) - one_side, "same_cluster": len(merged),
        name: _rate(len(merged), len(both)),
        f"{name}_ci95": _bootstrap([(quotes[i].doc, quotes[j].doc, float((i, j) in merged_set))
                                    for i, j in both],
                                   resamples, BOOTSTRAP_SEED)}
    if want_merged:
        fig["recall_end_to_end"] = _rate(len(merged), len(pairs))
        fig["recall_end_to_end_ci95"] = _bootstrap(
            [(quotes[i].doc, quotes[j].doc, float((i, j) in merged_set)) for i, j in pairs],
            resamples, BOOTSTRAP_SEED)
    return fig


def _pair_record(quotes: list[Quote], clusters: list[frozenset[str]], i: int, j: int,
                 run: int) -> dict[str, Any]:
    return {"a": quotes[i].ref(), "b": quotes[j].ref(), "run": run,
            "clusters_a": sorted(clusters[i]), "clusters_b": sorted(clusters[j])}


def score(store: Path, corpus: Corpus, pairs: dict[tuple[int, int], int], hard: Path,
          resamples: int, errors: bool) -> dict[str, Any]:
    quotes = corpus.quotes
    clusters, info = quote_clusters(store, corpus)
    same = [p for p, n in pairs.items() if n >= SAME_RUN]
    three = [p for p, n in pairs.items() if n == THREE_RUN]
    frag = [p for p in three if is_fragment(quotes, p)]
    rest = [p for p in three if not is_fragment(quotes, p)]
    labelled = read_hard_pairs(hard, quotes) if hard.is_file() else []
    hard_same = [(i, j) for i, j, lab, _, _ in labelled if lab == "same"]
    hard_diff = [(i, j) for i, j, lab, _, _ in labelled if lab == "different"]
    repeated = [(i, j) for i, j, lab, _, why in labelled
                if lab == "same" and why.startswith("repeated line")]
    extracted = sum(bool(c) for c in clusters)
    report: dict[str, Any] = {
        "store": str(store), "date": datetime.now(UTC).isoformat(timespec="seconds"),
        **git_state(), "articles": info, "copies_left_out": corpus.copies,
        "gold_direct_quotes": len(quotes), "gold_quotes_extracted": extracted,
        "bootstrap": {"resamples": resamples, "seed": BOOTSTRAP_SEED,
                      "unit": "article (a pair weighs the product of its articles' draws)"},
        "b_same_10plus": pair_figures(quotes, clusters, same, True, resamples),
        "b_three_only": pair_figures(quotes, clusters, three, False, resamples),
        "b_three_only_fragment": pair_figures(quotes, clusters, frag, False, resamples),
        "b_three_only_not_fragment": pair_figures(quotes, clusters, rest, False, resamples),
        "c_hard_same": pair_figures(quotes, clusters, hard_same, True, resamples),
        "c_hard_same_repeated_line": pair_figures(quotes, clusters, repeated, True, 0),
        "c_hard_different": pair_figures(quotes, clusters, hard_diff, False, resamples),
        "hard_pairs_file": str(hard) if labelled else None,
    }
    missed = [_pair_record(quotes, clusters, i, j, pairs[(i, j)]) for i, j in same
              if clusters[i] and clusters[j] and not clusters[i] & clusters[j]]
    wrong3 = [_pair_record(quotes, clusters, i, j, 3) for i, j in three
              if clusters[i] & clusters[j]]
    runs = {(i, j): r for i, j, _, r, _ in labelled}
    missed_c = [_pair_record(quotes, clusters, i, j, runs[(i, j)]) for i, j in hard_same
                if clusters[i] and clusters[j] and not clusters[i] & clusters[j]]
    wrong_c = [_pair_record(quotes, clusters, i, j, runs[(i, j)]) for i, j in hard_diff
               if clusters[i] & clusters[j]]
    report["errors"] = {"b_same_missed": missed, "b_three_only_merged": wrong3,
                        "c_same_missed": missed_c, "c_different_merged": wrong_c}
    if errors:
        for title, recs in report["errors"].items():
            print(f"\n## {title}: {len(recs)}")
            for rec in recs:
                a, b = (quotes[k] for k in (_index(quotes, rec["a"]), _index(quotes, rec["b"])))
                print(f"- run {rec['run']}  {a.doc} {rec['clusters_a']} | {b.doc} "
                      f"{rec['clusters_b']}")
                for q in (a, b):
                    print("    " + " ".join(corpus.articles[q.doc].text[q.start:q.end].split()))
    return report


def _index(quotes: list[Quote], ref: dict[str, Any]) -> int:
    key = (ref["split"], ref["article"], ref["start"], ref["end"])
    return next(k for k, q in enumerate(quotes) if q.key == key)


def print_report(rep: dict[str, Any]) -> None:
    def ci(v: list[float] | None) -> str:
        return f" [{v[0]:.3f}, {v[1]:.3f}]" if v else ""

    def f(v: float | None) -> str:
        return "–" if v is None else f"{v:.3f}"

    def pct(v: float | None) -> str:
        return "–" if v is None else f"{100 * v:.3f} %"

    def ci_pct(v: list[float] | None) -> str:
        return f" [{100 * v[0]:.3f}, {100 * v[1]:.3f}]" if v else ""

    print(f"store {rep['store']}: {rep['articles']['found_in_store']}/"
          f"{rep['articles']['gold_articles']} gold articles found; "
          f"{rep['gold_quotes_extracted']}/{rep['gold_direct_quotes']} gold direct quotes "
          "extracted (an overlapping attribution with a cluster)")
    for key, label in (("b_same_10plus", "(b) same, run >= 10"),
                       ("c_hard_same", "(c) hard, labelled same"),
                       ("c_hard_same_repeated_line", "    of which a line repeated on another "
                                                     "occasion")):
        v = rep[key]
        print(f"{label}: {v['pairs']} pairs, {v['both_extracted']} both extracted, "
              f"{v['same_cluster']} in one cluster: recall {f(v['recall'])}"
              f"{ci(v['recall_ci95'])}; end to end {f(v['recall_end_to_end'])}"
              f"{ci(v['recall_end_to_end_ci95'])}")
    for key, label in (("b_three_only", "(b) three-word runs only"),
                       ("b_three_only_fragment", "    of which one quote is the 3 words"),
                       ("b_three_only_not_fragment", "    the rest"),
                       ("c_hard_different", "(c) hard, labelled different")):
        v = rep[key]
        print(f"{label}: {v['pairs']} pairs, {v['both_extracted']} both extracted, "
              f"{v['same_cluster']} merged: wrong-merge rate {pct(v['wrong_merge_rate'])}"
              f"{ci_pct(v['wrong_merge_rate_ci95'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--make-jsonl", type=Path, metavar="OUT",
                      help="write PolNeAR train+dev as quotetrail JSONL input")
    what.add_argument("--candidates", action="store_true",
                      help="print hard-pair candidates (4-9-word runs) in context")
    what.add_argument("--score", type=Path, metavar="STORE", help="score a store's clusters")
    what.add_argument("--stats", action="store_true", help="print the pair counts only")
    ap.add_argument("--polnear", type=Path, default=POLNEAR,
                    help="PolNeAR folder with train/, dev/ and metadata.tsv")
    ap.add_argument("--hard", type=Path, default=HARD_PAIRS, help="the labelled hard pairs")
    ap.add_argument("--sample", type=int, default=50, metavar="N",
                    help="--candidates: pairs per run length 4-9 (default %(default)s)")
    ap.add_argument("--same-source", type=int, default=15, metavar="N",
                    help="--candidates: pairs per run length 4-6 whose gold sources share a "
                         "name word (default %(default)s)")
    ap.add_argument("--fragments", type=int, default=20, metavar="N",
                    help="--candidates: pairs per run length 4-6 where the shorter quote is "
                         "little more than the run (default %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT, help="--score: the JSON report")
    ap.add_argument("--bootstrap", type=int, default=BOOTSTRAP_SAMPLES, metavar="N",
                    help="bootstrap resamples (default %(default)s; 0: none)")
    ap.add_argument("--errors", action="store_true",
                    help="--score: print missed and wrongly merged pairs with their words")
    args = ap.parse_args(argv)
    if not (args.polnear / "train" / "text").is_dir():
        print(f"error: needs {args.polnear}/train/text (../shared beside the clone)",
              file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    corpus = load_corpus(args.polnear)
    if args.make_jsonl is not None:
        n = make_jsonl(corpus, args.make_jsonl)
        print(f"{n} articles written to {args.make_jsonl}")
        return 0
    pairs = all_pairs(corpus.quotes)
    runs = Counter(min(n, SAME_RUN) for n in pairs.values())
    print(f"{len(corpus.quotes)} gold direct quotes; pairs in different articles by longest "
          f"run: " + ", ".join(f"{k}{'+' if k == SAME_RUN else ''}: {runs[k]}"
                               for k in sorted(runs)), file=sys.stderr)
    if args.stats:
        return 0
    if args.candidates:
        print_candidates(corpus, pairs, args.sample, args.same_source, args.fragments)
        return 0
    rep = score(args.score, corpus, pairs, args.hard, args.bootstrap, args.errors)
    rep["seconds"] = round(time.perf_counter() - t0, 1)
    print_report(rep)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rep, indent=1) + "\n", encoding="utf-8")
    print(f"figures in {args.out} ({rep['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
