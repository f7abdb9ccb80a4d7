"""Speakers across articles: full names, titles and bare surnames join only on evidence.

A bare surname joins a full name when the corpus holds exactly one person of that
surname, or when the same quote credits exactly one of them; two different first names
never join (two Clintons stay two people), and an ambiguous bare surname stays apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus_fixtures import fake_result

from quotetrail.corpus import queries
from quotetrail.corpus.names import compatible, parse_name
from quotetrail.corpus.store import Store


def build(path: Path, *results: Any) -> Store:
    store = Store(path)
    for r in results:
        store.add_batch([r])
    return store


def speakers(store: Store) -> dict[str, dict[str, Any]]:
    return {s["speaker_id"]: s for s in queries.speaker_list(store.conn)}


def ids_of(store: Store, article_id: str) -> list[str | None]:
    record = queries.article(store.conn, article_id)
    assert record is not None
    return [a["speaker_id"] for a in record["attributions"]]


def test_names_compatible_only_without_two_first_names() -> None:
    hillary, bill = parse_name("Hillary Rodham Clinton"), parse_name("Bill Clinton")
    assert not compatible(hillary, bill)
    assert compatible(hillary, parse_name("Senator Hillary Clinton"))
    assert compatible(hillary, parse_name("Clinton")) and compatible(bill, parse_name("Clinton"))
    assert compatible(hillary, parse_name("H. Clinton"))
    assert not compatible(bill, parse_name("H. Clinton"))
    assert not compatible(hillary, parse_name("Hillary Duff"))
    assert parse_name("Martin Luther King Jr.").surname == "king"
    assert parse_name("Ursula von der Leyen").surname == "von der leyen"
    org = parse_name("the White House", "organisation")
    assert not org.is_person and compatible(org, parse_name("White House", "organisation"))


def test_a_bare_surname_joins_the_only_person_of_that_name(tmp_path: Path) -> None:
    store = build(tmp_path / "s.db",
                  fake_result("a", [("The plan is ready and it is fully funded", "Kit Connor")]),
                  fake_result("b", [("Nobody expected the vote to be this close", "Connor")]))
    assert ids_of(store, "b") == ["kit-connor"]
    found = speakers(store)
    assert list(found) == ["kit-connor"]
    assert found["kit-connor"]["name"] == "Kit Connor"
    assert found["kit-connor"]["aliases"] == ["Connor", "Kit Connor"]
    assert found["kit-connor"]["attributions"] == 2 and found["kit-connor"]["articles"] == 2


def test_two_clintons_stay_two_and_a_bare_clinton_stays_apart(tmp_path: Path) -> None:
    store = build(
        tmp_path / "s.db",
        fake_result("c", [("We have to talk about the economy first and foremost", "Clinton")]),
        fake_result("h", [("I am in this race to win it for every family", "Hillary Clinton")]),
        fake_result("b", [("She is in this race to win it and she will", "Bill Clinton")]),
    )
    found = speakers(store)
    assert {"hillary-clinton", "bill-clinton", "clinton"} == set(found)
    assert ids_of(store, "c") == ["clinton"]  # two candidates, no evidence: not guessed


def test_a_second_person_of_the_same_surname_undoes_a_corpus_guess(tmp_path: Path) -> None:
    store = build(
        tmp_path / "s.db",
        fake_result("h", [("I am in this race to win it for every family", "Hillary Clinton")]),
        fake_result("c", [("We have to talk about the economy first and foremost", "Clinton")]),
    )
    assert ids_of(store, "c") == ["hillary-clinton"]
    store.add_batch([fake_result(
        "b", [("She is in this race to win it and she will", "Bill Clinton")])])
    assert ids_of(store, "c") == ["clinton"]
    assert speakers(store)["hillary-clinton"]["attributions"] == 1


def test_a_quote_shared_with_one_clinton_is_no_evidence_but_an_honorific_is(
        tmp_path: Path) -> None:
    quote = "I am in this race to win it for every family in this country"
    store = build(
        tmp_path / "s.db",
        fake_result("h", [(quote, "Hillary Clinton")]),
        fake_result("b", [("She is in this race to win it and she will", "Bill Clinton")]),
        fake_result("c", [(quote, "Clinton")]),
        fake_result("m", [("Our campaign is about working families", "Clinton")],
                    sources=["Mrs. Clinton"]),
    )
    assert ids_of(store, "c") == ["clinton"]  # two Clintons: the same words do not choose
    assert ids_of(store, "m") == ["hillary-clinton"]  # "Mrs." does


def test_an_initial_joins_only_a_fitting_first_name(tmp_path: Path) -> None:
    store = build(
        tmp_path / "s.db",
        fake_result("h", [("I am in this race to win it for every family", "Hillary Clinton")]),
        fake_result("b", [("She is in this race to win it and she will", "Bill Clinton")]),
        fake_result("i", [("Our campaign is about working families", "H. Clinton")]),
    )
    assert ids_of(store, "i") == ["hillary-clinton"]


def test_joint_speakers_count_for_each_person(tmp_path: Path) -> None:
    from quotetrail.model import ArticleResult, Attribution, Span

    text = "“It was the most gratifying moment,” said Connor & Locke."
    joint = ArticleResult(id="j", text=text, attributions=[Attribution(
        kind="direct", content=Span.of(text, 1, 34), speaker="Kit Connor and Joe Locke",
        speakers=["Kit Connor", "Joe Locke"], speaker_type="person")], model="m", version="0")
    store = build(tmp_path / "s.db", joint)
    assert ids_of(store, "j") == ["kit-connor+joe-locke"]
    found = speakers(store)
    assert found["kit-connor"]["attributions"] == 1 and found["joe-locke"]["attributions"] == 1


def test_unnamed_sources_are_no_speaker(tmp_path: Path) -> None:
    store = build(tmp_path / "s.db",
                  fake_result("u", [("The talks have stalled again this week", None)]))
    assert ids_of(store, "u") == [None] and speakers(store) == {}
