"""What a mention says by itself (``engine/speakers/reading.py``): the producer a document
phrase names, joint producers, possessed and modified groups, campaigns, a party member
met once.  Texts written for these tests; each asserts the reading's own answer (the
candidate the ranker is offered), and, where the answer is plain, the resolved speaker."""

from __future__ import annotations

import pytest

from quotetrail.engine.pipeline import get_engine
from quotetrail.engine.speakers import SpeakerResolver
from quotetrail.engine.speakers.reading import read_mention


def _resolver(text: str) -> SpeakerResolver:
    entities = get_engine().entity_tagger.tag([text], [[(0, len(text))]])[0]
    return SpeakerResolver(text, entities)


def _own(text: str, mention: str, after: str = ""):
    r = _resolver(text)
    s = text.index(mention, text.index(after) if after else 0)
    reading = read_mention(r.index, s, s + len(mention))
    return reading, r


@pytest.mark.parametrize(("mention", "producer"), [
    ("A report by the accountancy firm Holbeck & Strand", "Holbeck & Strand"),
    ("a letter from the Marlow Harbour Trust", "Marlow Harbour Trust"),
    ("The survey, carried out by the Pennine Polling Group for the Wexcombe Echo",
     "Pennine Polling Group"),
    ("A poll conducted for the Wexcombe Echo by Brantley Research", "Brantley Research"),
    ("a study by economists at Ostmere University", "Ostmere University"),
    ("a tally by the Wexcombe Echo", "Wexcombe Echo"),
])
def test_a_document_phrase_names_its_producer(mention: str, producer: str) -> None:
    text = f"The council met on Monday. {mention} said the harbour fees were too high."
    reading, r = _own(text, mention)
    assert reading.form == "document"
    assert reading.own is not None and reading.own.speaker == producer
    assert r.resolve(text.index(mention), text.index(mention) + len(mention)).speaker == \
        producer


def test_a_document_commissioned_by_one_body_from_another_is_the_others() -> None:
    text = ("A report commissioned by the council from the engineering firm Dunmore & Pike "
            "said the bridge was safe.")
    reading, _ = _own(text, "A report commissioned by the council from the engineering "
                            "firm Dunmore & Pike")
    assert reading.own is not None and reading.own.speaker == "Dunmore & Pike"


@pytest.mark.parametrize(("mention", "speakers"), [
    ("A new Harbour Times/Kelso Institute poll", ["Harbour Times", "Kelso Institute"]),
    ("the latest Wexcombe Echo-Brantley Research survey", ["Wexcombe Echo",
                                                          "Brantley Research"]),
])
def test_joint_producers_are_listed_each(mention: str, speakers: list[str]) -> None:
    text = f"Turnout may fall. {mention} found that most voters were undecided."
    reading, _ = _own(text, mention)
    assert reading.own is not None
    assert list(reading.own.speakers) == speakers
    assert reading.own.speaker == " and ".join(speakers)


def test_a_hyphenated_one_word_name_stays_whole() -> None:
    text = "Sales rose. A Kell-Marrow poll found that most buyers were pleased."
    reading, _ = _own(text, "A Kell-Marrow poll")
    assert reading.own is not None and reading.own.speakers == ("Kell-Marrow",)


def test_a_dated_possessive_is_not_part_of_the_producer() -> None:
    text = "The race is close. Wednesday's Brantley Research poll found a tie."
    reading, _ = _own(text, "Wednesday's Brantley Research poll")
    assert reading.own is not None and reading.own.speaker == "Brantley Research"


def test_a_document_of_a_person_named_in_full_elsewhere() -> None:
    text = ("Columnist Ingrid Hallvard wrote about the vote. Hallvard's article said the "
            "count was fair.")
    reading, _ = _own(text, "Hallvard's article")
    assert reading.own is not None and reading.own.speaker == "Ingrid Hallvard"


def test_a_short_organisation_name_takes_the_articles_longer_form() -> None:
    text = ("Ferries run by Corrin Sealink were late again. Corrin's own timetable "
            "promised a boat every hour.")
    reading, _ = _own(text, "Corrin's own timetable")
    assert reading.own is not None and reading.own.speaker == "Corrin Sealink"


@pytest.mark.parametrize(("mention", "group"), [
    ("most of her rivals", "Helga Marsh's rivals"),
    ("many Marsh supporters", "Helga Marsh's supporters"),
    ("Supporters of Marsh", "Helga Marsh's supporters"),
])
def test_a_group_known_through_a_named_person(mention: str, group: str) -> None:
    text = (f"Helga Marsh launched her bid for mayor on Tuesday. {mention} said the "
            f"launch had gone well.")
    r = _resolver(text)
    s = text.index(mention)
    reading, cands = r.candidates(s, s + len(mention))
    assert any(c.answer.speaker == group for c in cands)
    if not mention.startswith("most"):
        assert reading.own is not None and reading.own.speaker == group


def test_a_quantified_collective_is_the_collective() -> None:
    text = "The vote was close. A significant number of Greens said they would abstain."
    reading, _ = _own(text, "A significant number of Greens")
    assert reading.form != "role"
    assert reading.own is not None and reading.own.speaker == "Greens"


def test_a_named_persons_campaign_is_named_by_the_surname() -> None:
    text = ("Tomas Berglund entered the race in May. Tomas Berglund's campaign said it "
            "had raised more than expected.")
    reading, _ = _own(text, "Tomas Berglund's campaign")
    assert reading.own is not None and reading.own.speaker == "Berglund campaign"


def test_a_party_member_met_once_is_unnamed_not_the_place() -> None:
    text = ("Insiders were asked about the race. A Wexcombe Republican said the debate "
            "had changed nothing.")
    mention = "A Wexcombe Republican"
    reading, r = _own(text, mention)
    assert reading.form == "role" and reading.det == "indef"
    s = text.index(mention)
    res = r.resolve(s, s + len(mention))
    assert res.speaker is None
