"""Build ``engine/data/first_names.tsv.gz``: first-name gender from public name statistics.

Source: the ``nomquamgender`` package (MIT licence; Van Buskirk, Clauset and Larremore,
2023), which aggregates 36 public name–gender datasets (national birth registers such
as the US Social Security Administration's baby names, among others) into one
probability per name that its bearer is a woman, with the number of people behind it.

Why a compact table instead of the package at run time: its data are a 22 MB JSON file
of 720,000 names (most of them noise of a handful of people) behind pandas, several
hundred MB of memory per worker.  We keep names with at least ``MIN_PEOPLE`` bearers and
store the probability with two decimals: about 40,000 names, a few hundred kB.

    .venv/bin/python scripts/build_first_names.py   # rewrites the table (deterministic)
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "quotetrail" / "engine" / "data" / "first_names.tsv.gz"
MIN_PEOPLE = 200
_NAME = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def source_file() -> Path:
    """The package's data file, found without importing the package (it imports pandas)."""
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed (it is in requirements/dev.lock)")
    return Path(next(iter(spec.submodule_search_locations))) / "name_data.json"


def build() -> list[tuple[str, float, int]]:
    data = json.loads(source_file().read_text(encoding="utf-8"))
    rows = []
    for name, values in data.items():
        people, p_female = int(values[1]), float(values[2])
        if people >= MIN_PEOPLE and _NAME.match(name):
            rows.append((name, round(p_female, 2), people))
    rows.sort()
    return rows


def main() -> None:
    rows = build()
    body = "".join(f"{n}\t{p:.2f}\t{c}\n" for n, p, c in rows)
    header = "# name\tp_female\tpeople  (from nomquamgender 0.1.4; scripts/build_first_names.py)\n"
    # mtime=0: the same input gives the same bytes
    OUT.write_bytes(gzip.compress((header + body).encode("utf-8"), mtime=0))
    print(f"{len(rows)} names -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
