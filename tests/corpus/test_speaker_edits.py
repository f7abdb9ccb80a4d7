"""Merging and splitting speakers by hand: ``quotetrail speakers merge|split``.

An edit is stored (``speaker_edits``) and applied whenever ids are assigned, so it holds
for articles ingested later: after ``merge A B`` a new article crediting one of B's
names goes to A; after ``split ID NAME`` a new article crediting NAME stays apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import fake_result
from typer.testing import CliRunner

from quotetrail import errors
from quotetrail.cli import app
from quotetrail.corpus import queries
from quotetrail.corpus.store import Store

NOW = "2024-05-01T00:00:00Z"
runner = CliRunner()


def say(id: str, name: str, n: int = 0, **kw: Any) -> Any:
    words = ["the ferry will run all winter long", "the council has no plan for the pier",
             "we asked for one page and got a handshake", "nobody wins a strike in winter"]
    return fake_result(id, [(f"{words[n % len(words)]} said {id}", name)], **kw)


def ids(store: Store, article_id: str) -> list[str | None]:
    record = queries.article(store.conn, article_id)
    assert record is not None
    return [a["speaker_id"] for a in record["attributions"]]


def speaker_ids(store: Store) -> set[str]:
    return {s["speaker_id"] for s in queries.speaker_list(store.conn)}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.db")
    for r in (say("stage", "Mara Vale", 0), say("real", "Margaret Vale", 1),
              say("bare", "Vale", 2), say("o1", "Barack Obama", 3),
              say("o2", "Obama", 0, sources=["President Obama"]),
              say("o3", "Michelle Obama", 1)):
        s.add_batch([r])
    return s


def test_merge_makes_b_part_of_a_and_holds_for_later_articles(store: Store) -> None:
    assert {"mara-vale", "margaret-vale"} <= speaker_ids(store)
    record = store.merge_speakers("mara-vale", "margaret-vale", NOW)
    assert record["speaker_id"] == "mara-vale"
    assert set(record["aliases"]) == {"Mara Vale", "Margaret Vale"}
    assert "margaret-vale" not in speaker_ids(store)
    assert ids(store, "real") == ["mara-vale"]
    store.add_batch([say("later", "Margaret Vale", 3)])
    assert ids(store, "later") == ["mara-vale"]
    assert queries.speaker(store.conn, "mara-vale")["attributions"] == 3


def test_merge_of_a_bare_surname_into_one_of_two_people(store: Store) -> None:
    assert ids(store, "o2") == ["obama"]  # Barack or Michelle: not guessed
    store.merge_speakers("barack-obama", "obama", NOW)
    assert ids(store, "o2") == ["barack-obama"]
    store.add_batch([say("o4", "Obama", 2)])
    assert ids(store, "o4") == ["barack-obama"]
    assert ids(store, "o3") == ["michelle-obama"]


def test_split_takes_an_alias_out_and_keeps_it_out(store: Store) -> None:
    store.merge_speakers("mara-vale", "margaret-vale", NOW)
    record = store.split_speaker("mara-vale", "Margaret Vale", NOW)
    assert record["speaker_id"] == "margaret-vale" and record["aliases"] == ["Margaret Vale"]
    assert ids(store, "real") == ["margaret-vale"] and ids(store, "stage") == ["mara-vale"]
    store.add_batch([say("later", "Margaret Vale", 3)])
    assert ids(store, "later") == ["margaret-vale"]


def test_split_of_a_name_the_rules_had_joined(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    store.add_batch([say("p", "Gordon Pellam", 0)])
    store.add_batch([say("b", "Pellam", 1)])
    assert ids(store, "b") == ["gordon-pellam"]
    store.split_speaker("gordon-pellam", "Pellam", NOW)
    assert ids(store, "b") == ["pellam"] and ids(store, "p") == ["gordon-pellam"]
    store.add_batch([say("b2", "Pellam", 2)])  # the same name later: still apart
    assert ids(store, "b2") == ["pellam"]


def test_edits_are_refused_with_a_reason(store: Store) -> None:
    with pytest.raises(errors.QuotetrailError, match="no speaker 'nobody'"):
        store.merge_speakers("mara-vale", "nobody", NOW)
    with pytest.raises(errors.UsageError):
        store.merge_speakers("mara-vale", "mara-vale", NOW)
    with pytest.raises(errors.QuotetrailError, match="has no alias"):
        store.split_speaker("mara-vale", "Nobody", NOW)
    with pytest.raises(errors.UsageError, match="nothing to split"):
        store.split_speaker("mara-vale", "Mara Vale", NOW)
    assert queries.stats(store.conn)["speakers"] == 6  # nothing changed


def test_edits_from_the_command_line(store: Store) -> None:
    db = store.path
    store.close()
    merged = runner.invoke(app, ["speakers", "merge", "mara-vale", "margaret-vale", "--db", db,
                                 "-f", "jsonl"])
    assert merged.exit_code == 0, merged.stderr
    assert json.loads(merged.stdout)["aliases"] == ["Mara Vale", "Margaret Vale"]
    split = runner.invoke(app, ["speakers", "--db", db, "split", "mara-vale", "Margaret Vale",
                                "-f", "jsonl"])  # --db before the subcommand works too
    assert split.exit_code == 0, split.stderr
    assert json.loads(split.stdout)["speaker_id"] == "margaret-vale"
    unknown = runner.invoke(app, ["speakers", "merge", "mara-vale", "nobody", "--db", db])
    assert unknown.exit_code == 1 and unknown.stderr.startswith("error: ")
    assert len(unknown.stderr.splitlines()) == 1
    no_db = runner.invoke(app, ["speakers", "merge", "a", "b"])
    assert no_db.exit_code == 2 and "--db" in no_db.stderr
    missing = runner.invoke(app, ["speakers", "split", "a", "b", "--db", db + ".nope"])
    assert missing.exit_code == 2 and "no such store" in missing.stderr


def test_the_speakers_table_shows_aliases_and_fits_80_columns(store: Store) -> None:
    store.merge_speakers("mara-vale", "margaret-vale", NOW)
    db = store.path
    store.close()
    table = runner.invoke(app, ["speakers", "--db", db, "-f", "table"],
                          env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("Margaret Vale" in line for line in lines)  # the alias is listed
    header = next(line for line in lines if "name" in line)
    for column in ("name", "id", "aliases", "quotes", "articles"):
        assert f" {column} " in header  # headers are whole words, not wrapped
