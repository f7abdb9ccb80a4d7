"""Where the trained models' files are read from, and a fingerprint of them.

The shipped files live in the package (``quotetrail/models/data``); ``$QUOTETRAIL_MODEL_DIR``
or an explicit directory replaces them (``quotetrail train --out DIR`` writes one).  The
fingerprint names the exact weights an engine runs with: it is part of the engine name
every result carries (``quotetrail.model``), so a store can tell which of its articles a
retrained model has not read yet (``ingest --reextract``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["WEIGHT_FILES", "fingerprint", "model_dir", "reader"]

#: The files whose bytes decide what the models do.  ``meta.json`` also holds training
#: times, which do not, and the decision thresholds, which do: only its
#: ``thresholds`` entry counts (:data:`DECISION_KEYS`).
DECISION_KEYS = ("thresholds",)
WEIGHT_FILES = ("cue.npz", "content.npz", "verifier.npz", "triggers.txt", "speakers.npz",
                "speakers.json")


def model_dir() -> Path | None:
    """``$QUOTETRAIL_MODEL_DIR`` when set, else None (the shipped files)."""
    env = os.environ.get("QUOTETRAIL_MODEL_DIR")
    return Path(env) if env else None


def reader(directory: str | Path | None = None) -> Callable[[str], bytes]:
    """A function reading a model file by name from ``directory``, else
    ``$QUOTETRAIL_MODEL_DIR``, else the package (``FileNotFoundError`` when absent)."""
    path = Path(directory) if directory else model_dir()
    if path is not None:
        return lambda name: (path / name).read_bytes()
    base = resources.files("quotetrail.models").joinpath("data")
    return lambda name: base.joinpath(name).read_bytes()


@lru_cache(maxsize=4)
def _fingerprint(directory: str | None) -> str:
    read = reader(directory)
    digest = hashlib.blake2b(digest_size=4)
    for name in WEIGHT_FILES:
        try:
            data = read(name)
        except FileNotFoundError:
            data = b""
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    try:
        meta = json.loads(read("meta.json"))
    except (FileNotFoundError, ValueError):
        meta = {}
    decisions = {k: meta[k] for k in DECISION_KEYS if meta.get(k)}
    if decisions:  # a model without thresholds keeps the fingerprint it always had
        digest.update(json.dumps(decisions, sort_keys=True).encode())
    return digest.hexdigest()


def fingerprint(directory: str | Path | None = None) -> str:
    """Eight hex digits naming the weight files' bytes (missing files count as empty)."""
    path = Path(directory) if directory else model_dir()
    return _fingerprint(str(path) if path is not None else None)
