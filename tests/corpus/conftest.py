"""Fixtures of the corpus tests (the builders live in ``corpus_fixtures``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import CORPUS, write_jsonl


@pytest.fixture
def corpus_jsonl(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "corpus.jsonl", CORPUS)
