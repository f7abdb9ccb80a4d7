"""Search judged on 28 labelled queries (``search_judgments``): the floors are the
figures measured when the set was written (docs/web.md), so a ranking change that
loses a relevant quote, or lets a title-only match climb above one, fails here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from search_judgments import ARTICLES, JUDGED, score

from quotetrail.corpus.store import Store


@pytest.fixture(scope="module")
def metrics(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db: Path = tmp_path_factory.mktemp("judged") / "s.db"
    with Store(db) as s:
        s.add_batch(ARTICLES)
        return score(s.conn)


def test_the_set_is_big_enough_and_has_phrases_and_filters() -> None:
    assert len(JUDGED) >= 20
    assert sum('"' in j.query or "“" in j.query for j in JUDGED) >= 4
    assert {j.kind for j in JUDGED if j.kind} >= {"direct", "mixed", "indirect"}
    assert any(j.speaker for j in JUDGED) and any(j.outlet for j in JUDGED)


def test_every_query_finds_a_relevant_quote(metrics: dict[str, Any]) -> None:
    missing = [q for q in metrics["per_query"] if q["first_relevant_rank"] is None]
    assert not missing, missing


def test_ranking_floors(metrics: dict[str, Any]) -> None:
    assert metrics["precision_at_1"] >= 1.0, metrics["per_query"]
    assert metrics["mrr"] >= 1.0
    assert metrics["recall_at_5"] >= 1.0


def test_no_title_only_match_ranks_above_a_quote_match(metrics: dict[str, Any]) -> None:
    assert metrics["title_above_quote"] == []
