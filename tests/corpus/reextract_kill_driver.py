"""Run a re-extraction that SIGKILLs itself at a chosen point (used by test_reextract.py).

    python reextract_kill_driver.py DB SELECT BATCH_SIZE STAGE N

STAGE is where the process kills itself, with no chance to clean up:

* ``articles``   -- inside replace batch N's transaction, after the old attributions
  went and the new ones were written, before any clustering;
* ``clusters``   -- inside batch N's transaction, after links and clusters were
  recomputed, just before the cluster rows are rewritten and the batch committed;
* ``committed``  -- right after batch N committed, before the next one starts;
* ``rebuild``    -- inside the closing rebuild's transaction, after it recomputed
  everything, before it commits (N is ignored).
"""

from __future__ import annotations

import sys

from kill_points import KillAt

from quotetrail.corpus import cluster_rows, clusters, rebuild, store
from quotetrail.jobs.reextract import reextract


def main() -> None:
    db, select, batch_size, stage, n = sys.argv[1:]
    kill = KillAt(int(n))
    if stage == "articles":
        clusters.index_units = kill.wrap(clusters.index_units)  # type: ignore[assignment]
    elif stage == "clusters":
        cluster_rows.add_occurrences = kill.wrap(cluster_rows.add_occurrences)  # type: ignore[assignment]
    elif stage == "committed":
        store.Store.replace_batch = kill.wrap(store.Store.replace_batch, after=True)  # type: ignore[method-assign]
    elif stage == "rebuild":
        kill.target = 1
        rebuild.rebuild = kill.wrap(rebuild.rebuild, after=True)  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown stage {stage}")
    reextract(db, select=select, workers=1, batch_size=int(batch_size))
    raise SystemExit("the kill point was never reached")


if __name__ == "__main__":
    main()
