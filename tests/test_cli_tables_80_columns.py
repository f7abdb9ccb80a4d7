"""Every corpus table (search results, trails, speakers, stats, ingest and rebuild
reports) reads in an 80-column terminal: no line is wider, and no word is broken
across lines ("unchang ed", "spokeswo man") -- words wrap whole.

The check is generic: every word the table shows must be a whole word of some cell's
text (or of a header), so a word cut in two shows up as two pieces that are not.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from quotetrail.cli.present_corpus import (
    CLUSTER,
    INGEST,
    OCCURRENCE,
    REBUILD,
    REEXTRACT,
    SPEAKER,
    STATS,
    RecordKind,
    _cell,
    column_widths,
    write_records,
)

_BOX = re.compile(r"[│┃─━┏┓┗┛┡┩┣┫╇┳┻╋┼├┤┬┴┌┐└┘╭╮╰╯]")

LONG_WORDS = ("spokeswoman for the Northern Tonight programme on Instagram said the "
              "unprecedented counterproductive intergovernmental negotiations were over")


def cluster(i: int, verbatim: bool) -> dict[str, Any]:
    return {"cluster_id": f"c{i:012x}", "text": LONG_WORDS, "verbatim": verbatim,
            "speaker": "Councillor Margaret Vale-Okonkwo", "first_seen": "2024-03-05",
            "n_occurrences": 3, "n_articles": 3, "n_outlets": i % 2,
            "speaker_disagreement": bool(i % 2), "variants": []}


def occurrence(kind: str) -> dict[str, Any]:
    return {"article_id": "northern-tonight-2024", "outlet": "Northern Tonight Broadcasting",
            "published": "2024-03-05T18:30:00Z", "speaker": "Margaret Vale-Okonkwo",
            "venue": {"text": "Instagram"}, "kind": kind, "requote": True,
            "requoted_by": "a spokeswoman",
            "content": {"text": LONG_WORDS, "start": 0, "end": len(LONG_WORDS)},
            "differences": None}


RECORDS: list[tuple[RecordKind, list[dict[str, Any]]]] = [
    (CLUSTER, [cluster(i, verbatim=i % 3 != 0) for i in range(4)]),
    (OCCURRENCE, [occurrence(k) for k in ("direct", "mixed", "indirect")]),
    (SPEAKER, [{"speaker_id": "margaret-vale-okonkwo", "name": "Margaret Vale-Okonkwo",
                "kind": "person", "aliases": ["Vale-Okonkwo", "Councillor Vale-Okonkwo"],
                "attributions": 12345, "articles": 678, "clusters": 9}]),
    (STATS, [{"articles": 1234567, "attributions": 7654321, "clusters": 99999,
              "speakers": 4242}]),
    (INGEST, [{"stored": 840, "unchanged": 123456, "failed": 3,
               "skipped": {"not_english": 12, "revisit": 4}, "seconds": 1234.56,
               "articles_per_second": 12.34}]),
    (REEXTRACT, [{"reextracted": 840, "unchanged": 12, "failed": 0, "skipped": {},
                  "clusters_gone": 2, "rebuilt": True, "seconds": 3.2,
                  "articles_per_second": 260.1}]),
    (REBUILD, [{"attributions": 7654321, "groups": 123, "clusters": 99999,
                "speakers": 4242, "seconds": 12.5}]),
]


def words(text: str) -> set[str]:
    return {w.strip("“”\"'(),.:;·…⚠{}+-[]") for w in _BOX.sub(" ", text).split()} - {""}


@pytest.mark.parametrize(("kind", "records"), RECORDS, ids=[k.title for k, _ in RECORDS])
def test_table_at_80_columns_breaks_no_word(kind: RecordKind, records: list[dict[str, Any]],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    assert write_records(records, "table", out, kind) == len(records)
    table = out.getvalue()
    assert all(len(line) <= 80 for line in table.splitlines()), table
    allowed = set().union(*(words(h) for h, _, _ in kind.table))
    for r in records:
        for _, get, _ in kind.table:
            allowed |= words(_cell(get(r)).plain)
    broken = words(table) - allowed
    assert not broken, f"words cut in two: {sorted(broken)}\n{table}"


def test_cluster_ids_are_shown_whole_so_they_can_be_copied(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    write_records([cluster(1, True)], "table", out, CLUSTER)
    assert "c000000000001" in out.getvalue()


def test_reported_statements_are_labelled_and_verbatim_ones_quoted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = io.StringIO()
    write_records([cluster(0, verbatim=False), cluster(1, verbatim=True)], "table", out,
                  CLUSTER)
    reported, quoted = [ln for ln in out.getvalue().splitlines() if "spokeswoman" in ln]
    assert "reported: spokeswoman" in reported and "“" not in reported
    assert "“spokeswoman" in quoted and "reported" not in quoted


def test_indirect_trail_rows_are_reported_and_direct_ones_quoted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    out = io.StringIO()
    write_records([occurrence("direct"), occurrence("indirect")], "table", out, OCCURRENCE)
    rows = [ln for ln in out.getvalue().splitlines() if "spokeswoman for" in ln]
    assert "“spokeswoman for" in rows[0] and "reported" not in rows[0]
    assert "reported: spokeswoman for" in rows[1] and "“" not in rows[1]


@pytest.mark.parametrize(("space", "ratios", "floors", "naturals"), [
    (60, [1, 1, 3, 1, 1, 1], [6, 9, 6, 7, 7, 10], [6, 9, 30, 7, 7, 10]),
    (70, [2, 2, 2, 2, 7], [13, 8, 10, 7, 14], [13, 30, 10, 20, 300]),
    (40, [0, 3, 7], [10, 12, 14], [10, 60, 400]),
])
def test_column_widths_fill_the_space_and_keep_each_floor(
        space: int, ratios: list[int], floors: list[int], naturals: list[int]) -> None:
    widths = column_widths(space, ratios, floors, naturals)
    assert widths is not None and sum(widths) == space
    assert all(w >= f for w, f in zip(widths, floors, strict=True))


def test_column_widths_give_up_when_the_floors_do_not_fit() -> None:
    assert column_widths(20, [1, 1], [15, 15], [30, 30]) is None
