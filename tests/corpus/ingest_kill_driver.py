"""Run an ingest that SIGKILLs itself at a chosen point (used by test_ingest_resume.py).

    python ingest_kill_driver.py DB BATCH_SIZE STAGE N PATH...

STAGE is where in batch N the process kills itself, with no chance to clean up:

* ``articles``   -- inside the batch's transaction, after its articles and attributions
  are written, before any clustering;
* ``clusters``   -- inside the transaction, after links and clusters were recomputed,
  just before the cluster rows are rewritten and the batch committed;
* ``committed``  -- right after batch N committed, before the next one starts.
"""

from __future__ import annotations

import sys

from kill_points import KillAt

from quotetrail.corpus import cluster_rows, clusters, store
from quotetrail.jobs.ingest import ingest


def main() -> None:
    db, batch_size, stage, n, *paths = sys.argv[1:]
    kill = KillAt(int(n))
    if stage == "articles":
        clusters.index_units = kill.wrap(clusters.index_units)  # type: ignore[assignment]
    elif stage == "clusters":
        cluster_rows.add_occurrences = kill.wrap(cluster_rows.add_occurrences)  # type: ignore[assignment]
    elif stage == "committed":
        store.Store.add_batch = kill.wrap(store.Store.add_batch, after=True)  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown stage {stage}")
    ingest(paths, db, workers=1, batch_size=int(batch_size))
    raise SystemExit("the kill point was never reached")


if __name__ == "__main__":
    main()
