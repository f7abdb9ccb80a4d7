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


def test_a_calendar_word_is_not_part_of_a_producer() -> None:
    text = ("In an early-October Harbour Times poll, Marsh led. A new Harbour Times/Kelso "
            "Institute survey found she still led.")
    mention = "A new Harbour Times/Kelso Institute survey"
    reading, _ = _own(text, mention)
    assert reading.own is not None
    assert list(reading.own.speakers) == ["Harbour Times", "Kelso Institute"]
    early = "an early-October Harbour Times poll"
    reading, _ = _own(text, early)
    assert reading.own is not None and reading.own.speaker == "Harbour Times"


def test_an_acronym_spelt_out_across_in() -> None:
    text = ("The request came from Residents for Safety and Quiet in Dunmore (RSQD). "
            "RSQD said the council had not replied.")
    reading, _ = _own(text, "RSQD", after="). ")
    assert reading.own is not None
    assert reading.own.speaker == "Residents for Safety and Quiet in Dunmore"


def test_the_closing_credit_of_an_excerpt_names_the_writer_of_i() -> None:
    text = ("The hearing began late.\n\nI looked at the clerks, who were bored. I said I was "
            "sorry.\n\nFrom A LONG WINTER by Tomasz Wrenfield. Copyright © 2015 by Tomasz "
            "Wrenfield.")
    r = _resolver(text)
    s = text.index("I said")
    reading = read_mention(r.index, s, s + 1)
    assert reading.form == "first_person"
    assert reading.own is not None and reading.own.speaker == "Tomasz Wrenfield"


def test_a_name_ending_a_lower_case_title_phrase() -> None:
    text = ("Hana Brisk ran the office for years. Former deputy chief of staff Hana Brisk, "
            "who left in May, said the plan was sound.")
    mention = "Former deputy chief of staff Hana Brisk, who left in May,"
    reading, _ = _own(text, mention)
    assert reading.own is not None and reading.own.speaker == "Hana Brisk"


def test_a_person_in_a_t_shirt_is_not_named_by_it() -> None:
    text = ("The Velvet Ferns played on. Outside, a man in a Velvet Ferns T-shirt said he had "
            "come twice.")
    reading, _ = _own(text, "a man in a Velvet Ferns T-shirt")
    assert reading.own is None or reading.own.speaker_type != "person"


@pytest.mark.parametrize(("mention", "name"), [
    ("Orla Feeny, a spokeswoman for the Harbour Trust,", "Orla Feeny"),
    ("Trust spokesman Declan Moyles", "Declan Moyles"),
])
def test_a_named_spokesperson_is_the_person(mention: str, name: str) -> None:
    text = f"The Harbour Trust met on Friday. {mention} said the fees would rise."
    reading, r = _own(text, mention)
    assert reading.own is not None and reading.own.speaker == name
    s = text.index(mention)
    assert r.resolve(s, s + len(mention)).speaker == name


def test_a_spokesman_for_a_named_person_is_unnamed() -> None:
    text = ("Mayor Ines Calloway of Dunmore was away. A spokesman for Mayor Ines Calloway of "
            "Dunmore said the plan was on hold.")
    mention = "A spokesman for Mayor Ines Calloway of Dunmore"
    reading, _ = _own(text, mention, after="away.")
    assert reading.own is None or reading.own.speaker is None


def test_both_before_a_pair_of_organisations_is_dropped() -> None:
    text = ("The Harbour Times and the Kelso Courier ran the story. Both The Harbour Times "
            "and the Kelso Courier said the figures were right.")
    mention = "Both The Harbour Times and the Kelso Courier"
    reading, _ = _own(text, mention)
    assert reading.own is not None
    assert list(reading.own.speakers) == ["Harbour Times", "Kelso Courier"]


def test_the_place_republican_is_a_role_the_article_fills() -> None:
    text = ("Ruth Avenel won the primary. The Wexcombe Republican said the result was a "
            "mandate.")
    reading, _ = _own(text, "The Wexcombe Republican")
    assert reading.form == "role" and reading.det == "def"


@pytest.mark.parametrize(("mention", "name"), [
    ("a onetime rival, former Wexcombe mayor Ruth Avenel", "Ruth Avenel"),
    ("Another supporter in Kelso Vale, Ruth Avenel", "Ruth Avenel"),
])
def test_an_apposition_ending_in_a_known_name(mention: str, name: str) -> None:
    text = f"Ruth Avenel spoke first. Later {mention} said the vote was fair."
    reading, _ = _own(text, mention)
    assert reading.own is not None and reading.own.speaker == name


def test_a_person_of_a_paper_is_the_person() -> None:
    text = "The debate went on. Daniel Marsh of the Kelso Courier said the figures were wrong."
    reading, _ = _own(text, "Daniel Marsh of the Kelso Courier")
    assert reading.own is not None
    assert reading.own.speaker == "Daniel Marsh" and reading.own.speaker_type == "person"


def test_a_dash_aside_is_dropped() -> None:
    text = ("Gov. Helen Strand spoke on Monday. Gov. Helen Strand — who is seeking a second "
            "term — said the budget was balanced.")
    mention = "Gov. Helen Strand — who is seeking a second term —"
    reading, _ = _own(text, mention, after="Monday.")
    assert reading.own is not None and reading.own.speaker == "Helen Strand"


def test_a_named_persons_camp_is_named_by_the_surname() -> None:
    text = "Tomas Berglund spoke in May. Berglund's camp said the figures were wrong."
    reading, _ = _own(text, "Berglund's camp")
    assert reading.own is not None and reading.own.speaker == "Berglund camp"


@pytest.mark.parametrize("mention", ["the former CEO of Tarnwell-Price",
                                     "one CEO at Tarnwell-Price"])
def test_a_role_of_an_employer_is_a_role_not_the_employer(mention: str) -> None:
    # an upper-case role ("CEO") before "of <Name>" once read the employer as the speaker
    text = f"Mara Quell said on Monday that bids were fair. But, {mention} added, they fail."
    reading, _ = _own(text, mention)
    assert reading.form == "role"
    assert reading.own is None or "Tarnwell" not in (reading.own.speaker or "")


@pytest.mark.parametrize(("text", "org", "head"), [
    ("Brook Watch Farley, a volunteer group, said the survey was right.", "brook watch farley",
     "group"),
    ("Fares rose again. The carrier, Nordair, said fuel cost more.", "nordair", "carrier"),
])
def test_the_index_keeps_how_an_article_describes_a_body(text: str, org: str, head: str) -> None:
    # the feature "the group" / "the carrier" reads: the body the article called that
    assert head in _resolver(text).index.org_described.get(org, set())
