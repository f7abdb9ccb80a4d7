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

import os
import signal
import sys
from typing import Any

from quotetrail.corpus import cluster_rows, clusters, rebuild, store
from quotetrail.jobs.reextract import reextract


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    db, select, batch_size, stage, n = sys.argv[1:]
    target = int(n)
    calls = {"n": 0}

    def counting(original: Any, after: bool = False) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == target and not after:
                die()
            result = original(*args, **kwargs)
            if calls["n"] == target and after:
                die()
            return result
        return wrapper

    if stage == "articles":
        clusters.index_units = counting(clusters.index_units)  # type: ignore[assignment]
    elif stage == "clusters":
        cluster_rows.add_occurrences = counting(cluster_rows.add_occurrences)  # type: ignore[assignment]
    elif stage == "committed":
        store.Store.replace_batch = counting(store.Store.replace_batch, after=True)  # type: ignore[method-assign]
    elif stage == "rebuild":
        target = 1
        rebuild.rebuild = counting(rebuild.rebuild, after=True)  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown stage {stage}")
    reextract(db, select=select, workers=1, batch_size=int(batch_size))
    raise SystemExit("the kill point was never reached")


if __name__ == "__main__":
    main()
