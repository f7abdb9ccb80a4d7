"""Search quality on the judged set of tests/corpus/search_judgments.py.

    .venv/bin/python benchmarks/search_quality.py

Builds the set's store in a temporary directory and prints precision@1, MRR, recall@5
and, per query, the rank of the first relevant cluster.  Needs no network and no
``../shared``: the articles are the set's own.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpus"))

from search_judgments import ARTICLES, score

from quotetrail.corpus.store import Store


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "judged.db") as store:
        store.add_batch(ARTICLES)
        m = score(store.conn)
    print(f"{m['queries']} queries: precision@1 {m['precision_at_1']:.3f}, "
          f"MRR {m['mrr']:.3f}, recall@5 {m['recall_at_5']:.3f}, "
          f"title-only above a quote match in {len(m['title_above_quote'])}")
    for q in m["per_query"]:
        filters = " ".join(f"{k}={v}" for k, v in q["filters"].items())
        print(f"  {q['query']:<22} {filters:<22} first relevant at "
              f"{q['first_relevant_rank']} of {q['results']}")


if __name__ == "__main__":
    main()
