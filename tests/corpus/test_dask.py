"""The Dask engine: a LocalCluster of two workers gives the store the local engine gives.

The cluster binds to 127.0.0.1 only; the test re-enables sockets for loopback alone
(pytest-socket), so any attempt to reach another address fails it.  The corpus is cut
into at least four partitions, both workers must run some, and each worker process
loads the spaCy pipeline once however many partitions it gets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import CORPUS, dump, write_jsonl

from quotetrail.corpus.store import Store
from quotetrail.jobs.dask_runner import DaskStats, extract_with_dask
from quotetrail.jobs.ingest import ingest, ingest_shards
from quotetrail.readers import read_paths

pytest.importorskip("distributed")

LOOPBACK = pytest.mark.allow_hosts(["127.0.0.1"])


def articles() -> list[dict[str, Any]]:
    return [{**r, "id": f"{r['id']}-{i}", "url": f"{r['url']}?n={i}",
             "text": r["text"] + f"\nEdition {i}.\n"} for i in range(2) for r in CORPUS]


@pytest.mark.slow
@pytest.mark.enable_socket
@LOOPBACK
def test_dask_local_cluster_and_local_engine_make_the_same_store(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", articles())
    local_db, dask_db, shard_db = tmp_path / "local.db", tmp_path / "dask.db", tmp_path / "s.db"
    local = ingest([str(corpus)], str(local_db), workers=1, batch_size=5)
    assert local.stored == 14

    stats = DaskStats()
    shards = tmp_path / "shards"
    results = list(extract_with_dask(read_paths([str(corpus)]), workers=2, partition_size=3,
                                     shards=str(shards), stats=stats))
    assert [r.id for r in results] == [a["id"] for a in articles()]  # input order kept
    assert stats.partitions >= 4
    assert len(stats.by_worker) == 2, stats.by_worker  # both workers used
    assert all(n == 1 for n in stats.engine_loads.values()), stats.engine_loads
    assert all(a.startswith("tcp://127.0.0.1:") for a in stats.by_worker)
    assert len(list(shards.glob("part-*.parquet"))) == stats.partitions

    from_shards = ingest_shards([str(shards)], str(shard_db))  # batch by batch
    assert from_shards.stored == 14
    assert dump(shard_db) == dump(local_db)

    # the Dask engine's columnar build: the store a rebuild makes of the local one
    report = ingest([str(corpus)], str(dask_db), engine="dask", workers=2, batch_size=4,
                    partition_size=3)
    assert (report.stored, report.failed) == (14, 0)
    assert not list(tmp_path.glob("quotetrail-shards-*"))  # its shards were temporary
    with Store(local_db) as store:
        store.rebuild()
    assert dump(dask_db) == dump(local_db)
