"""Reading shards back: every record in order, a shard at a time, bad files reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import fake_result

from quotetrail.jobs import shards


def test_a_shard_larger_than_a_batch_is_read_whole_and_in_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records come a batch at a time; a shard of several batches loses none and keeps
    their order."""
    monkeypatch.setattr(shards, "BATCH_ROWS", 3)
    results = [fake_result(f"a{i}", [(f"Quote number {i} is here.", "Ann Lee")])
               for i in range(10)]
    shards.write_shard(str(tmp_path / "part-0.parquet"), results)
    batches = list(shards.record_batches(tmp_path / "part-0.parquet"))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    read = list(shards.read_shards([str(tmp_path)]))
    assert [r.id for r in read] == [f"a{i}" for i in range(10)]
    assert read[4].attributions[0].content.text == results[4].attributions[0].content.text


def test_a_file_that_is_no_shard_is_reported_and_the_next_is_read(tmp_path: Path) -> None:
    (tmp_path / "part-0.parquet").write_bytes(b"not parquet at all")
    shards.write_shard(str(tmp_path / "part-1.parquet"),
                       [fake_result("b", [("Words of a quote said here.", "Ann Lee")])])
    read = list(shards.read_shards([str(tmp_path)]))
    assert len(read) == 2
    assert read[0].errors and read[0].errors[0].code == "unreadable"
    assert read[1].id == "b" and not read[1].errors


def test_a_record_that_is_json_but_no_object_is_reported_alone(tmp_path: Path) -> None:
    """One bad record never stops its shard: the records after it are still read."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    good = fake_result("c", [("Words of a quote said here.", "Ann Lee")])
    pq.write_table(pa.table({"id": ["x", "y", "c"], "record": [
        "[1, 2]", "null", json.dumps(good.to_dict())]}), tmp_path / "part-0.parquet")
    read = list(shards.read_shards([str(tmp_path)]))
    assert [r.errors[0].code if r.errors else None for r in read] == [
        "bad_record", "bad_record", None]
    assert read[0].location.endswith("part-0.parquet:1")
    assert read[2].id == "c"
