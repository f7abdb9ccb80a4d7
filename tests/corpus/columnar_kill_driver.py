"""Run a columnar build that SIGKILLs itself at a chosen point (test_columnar_build.py).

    python columnar_kill_driver.py DB STAGE SHARDS...

STAGE is where the process kills itself, with no chance to clean up:

* ``loading``  -- inside the build's transaction, at the second article loaded;
* ``deriving`` -- inside it, after everything was derived, just before the commit.
"""

from __future__ import annotations

import sys

from kill_points import KillAt

from quotetrail.corpus import rebuild, store
from quotetrail.jobs.columnar import build_from_shards


def main() -> None:
    db, stage, *shards = sys.argv[1:]
    if stage == "loading":
        kill = KillAt(2)
        store.Store._insert_article = kill.wrap(store.Store._insert_article)  # type: ignore[method-assign]
    elif stage == "deriving":
        kill = KillAt(1)
        rebuild.rebuild = kill.wrap(rebuild.rebuild, after=True)  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown stage {stage}")
    build_from_shards(shards, db)
    raise SystemExit("the kill point was never reached")


if __name__ == "__main__":
    main()
