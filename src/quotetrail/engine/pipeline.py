"""The engine's entry point: text in, attributions out (stub; being written)."""

from __future__ import annotations

from functools import lru_cache

from quotetrail.model import Attribution
from quotetrail.settings import spacy_model_name


class Engine:
    """Loads the spaCy pipeline once and extracts attributions from texts."""

    def __init__(self, spacy_model: str | None = None) -> None:
        self.spacy_model = spacy_model_name(spacy_model)
        self.name = f"quotetrail-rules 0.1 + {self.spacy_model}"

    def attributions(self, text: str) -> list[Attribution]:
        return []


@lru_cache(maxsize=4)
def get_engine(spacy_model: str | None = None) -> Engine:
    """One engine per process and model name."""
    return Engine(spacy_model)
