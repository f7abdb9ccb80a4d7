"""The figures a store keeps incrementally equal the same figures counted from scratch.

Cluster rows (occurrences, articles, outlets, first seen, speaker) and speaker rows
(attributions, articles, clusters, aliases) are kept by additions, merges and triggers
so that a batch costs what it adds (docs/performance.md).  After every kind of change --
batches that grow a statement, a wording that merges two statements, a speaker merge and
split, a revision that supersedes an article, a rebuild -- each figure must be what a
full count over the stored attributions gives.  The quotes are written for this test.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from corpus_fixtures import fake_result

from quotetrail.corpus.store import Store

FIRST = "the ferry will run every hour from the first of June until the end of August"
SECOND = "and the fares will stay exactly where they are for children and pensioners"
OTHER = "we have asked the harbour board twice and heard nothing back from them at all"
SPEAKERS = ["Ines Moreau", "Moreau", "Ines M. Moreau", "Tomasz Rybak", "Rybak", None]
OUTLETS = ["The Herald", "The Post", "Harbour FM", None]


def counted_clusters(store: Store) -> dict[str, tuple[Any, ...]]:
    """(occurrences, articles, outlets, first seen, speaker id) per cluster, from scratch."""
    out = {}
    for cid, n, arts, outs, first in store.conn.execute(
            "SELECT a.cluster_id, COUNT(*), COUNT(DISTINCT a.article), "
            "COUNT(DISTINCT nullif(ar.outlet, '')), MIN(ar.sort_date) FROM attributions a "
            "JOIN articles ar ON ar.rowid = a.article WHERE a.cluster_id IS NOT NULL "
            "GROUP BY a.cluster_id"):
        ids = store.conn.execute(
            "SELECT speaker_id, COUNT(*) AS n FROM attributions WHERE cluster_id = ? AND "
            "speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY n DESC, speaker_id LIMIT 1",
            (cid,)).fetchone()
        out[cid] = (n, arts, outs, first, ids[0] if ids else None)
    return out


def kept_clusters(store: Store) -> dict[str, tuple[Any, ...]]:
    return {r[0]: tuple(r[1:]) for r in store.conn.execute(
        "SELECT cluster_id, n_occurrences, n_articles, n_outlets, first_seen, speaker_id "
        "FROM clusters")}


def counted_speakers(store: Store) -> dict[str, tuple[Any, ...]]:
    out = {}
    for sid, n, arts, clusters in store.conn.execute(
            "SELECT s.speaker_id, COUNT(*), COUNT(DISTINCT a.article), "
            "COUNT(DISTINCT a.cluster_id) FROM attribution_speakers s JOIN attributions a "
            "ON a.rowid = s.attribution WHERE s.speaker_id IS NOT NULL GROUP BY s.speaker_id"):
        raws = sorted(r[0] for r in store.conn.execute(
            "SELECT DISTINCT raw FROM attribution_speakers WHERE speaker_id = ?", (sid,)))
        out[sid] = (n, arts, clusters, raws)
    return out


def kept_speakers(store: Store) -> dict[str, tuple[Any, ...]]:
    return {r[0]: (r[1], r[2], r[3], json.loads(r[4])) for r in store.conn.execute(
        "SELECT speaker_id, n_attributions, n_articles, n_clusters, aliases FROM speakers")}


def check(store: Store, when: str) -> None:
    assert kept_clusters(store) == counted_clusters(store), when
    assert kept_speakers(store) == counted_speakers(store), when


def test_kept_figures_equal_a_full_count_after_every_kind_of_change(tmp_path: Path) -> None:
    rng = random.Random(3)
    results = []
    for i in range(60):
        quote = rng.choice([FIRST, SECOND, OTHER, FIRST[:40], f"{FIRST}, {SECOND}"])
        speaker = rng.choice(SPEAKERS)
        day = f"2024-06-{1 + rng.randrange(28):02d}"
        results.append(fake_result(f"a{i}", [(quote, speaker)], outlet=rng.choice(OUTLETS),
                                   published=day if rng.random() < 0.8 else None))
    with Store(tmp_path / "s.db") as store:
        for i in range(0, len(results), 7):
            store.add_batch(results[i:i + 7])
            check(store, f"after batch {i // 7}")
        store.merge_speakers("ines-moreau", "tomasz-rybak", "2024-07-01T00:00:00Z")
        check(store, "after a speaker merge")
        store.split_speaker("ines-moreau", "Tomasz Rybak", "2024-07-01T00:00:01Z")
        check(store, "after a speaker split")
        revised = fake_result("a3", [(OTHER, "Tomasz Rybak")], url="https://news.example/a3",
                              published="2024-07-02")
        store.add_batch([revised])  # the same URL as a3, a new text: a3's words leave
        check(store, "after a revision")
        store.rebuild()
        check(store, "after a rebuild")
