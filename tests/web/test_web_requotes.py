"""The trail page says which occurrences repeat the statement under someone else's name,
and which are dated to the day only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from quotetrail.corpus.store import Store
from quotetrail.model import ArticleResult, Attribution, Span

ORDER = ("The ferry will run every hour from the first of June, and the fares will stay "
         "exactly where they are for children and pensioners")


def _article(id: str, speaker: str, published: str) -> ArticleResult:
    text = f"“{ORDER},” said {speaker}.\n"
    return ArticleResult(
        id=id, text=text, url=f"https://ferry.example/{id}", published=published,
        model="fake 0", version="0",
        attributions=[Attribution(kind="direct", content=Span.of(text, 1, 1 + len(ORDER)),
                                  speaker=speaker, speakers=[speaker], speaker_type="person",
                                  confidence=0.9, speaker_confidence=0.9)])


def test_the_trail_marks_requotes_and_day_only_dates(tmp_path: Path,
                                                     make_client: Callable[..., Any]) -> None:
    db = tmp_path / "ferry.db"
    with Store(db) as store:
        store.add_batch([_article("a", "Ines Moreau", "2024-06-01T08:00:00Z"),
                         _article("b", "Ines Moreau", "2024-06-01"),
                         _article("c", "Tomasz Rybak", "2024-06-03T10:00:00Z")])
        cid = store.conn.execute("SELECT cluster_id FROM clusters").fetchone()[0]
    page = make_client(db).get(f"/clusters/{cid}").text
    rows = page[page.index('<table class="trail">'):].split("<tr")[2:]
    assert len(rows) == 3
    assert "re-quoted by Tomasz Rybak" in rows[2] and "re-quoted" not in rows[0] + rows[1]
    assert "(day)" in rows[1] and "(day)" not in rows[0]
