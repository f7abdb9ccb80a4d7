"""What is never a speaker, and what a noun phrase names by itself, end to end.

Every text here is invented.  A speaker is a person, organisation, group or document:
never a place used as a location, a date, a storm, a work's title, a headline fragment
or the outlet or host that put the question (DESIGN.md, the output contract).
"""

from __future__ import annotations

import pytest

import quotetrail


def _speakers(text: str) -> list[tuple[str | None, str | None]]:
    return [(a.speaker, a.speaker_type) for a in quotetrail.extract(text).attributions]


@pytest.mark.parametrize(("text", "never"), [
    ("RICHMOND, Va. — The city's chief prosecutor, Dana Whitfield, said on Monday that the "
     "charges would stand.", {"Richmond", "RICHMOND"}),
    ("In Richmond, officials said the roads would reopen by noon.", {"Richmond"}),
    ("Police Chief Ana Ruiz told reporters Dogwood Dell was closed after the storm.",
     {"Dogwood Dell"}),
    ("Ahead of Hurricane Nicholas, Mayor Tom Becker said the shelters were open.",
     {"Hurricane Nicholas", "Nicholas"}),
    ("On Monday, the committee said the vote would be delayed.", {"Monday"}),
    ("The singer Mira Dale denied the reports, which she says are “simply not true”, in an "
     "Instagram Story on Tuesday.", {"Instagram Story", "Instagram"}),
    ("In an interview with Glow Magazine, the actor Tomas Reyes said he had “never felt so "
     "nervous.”", {"Glow Magazine"}),
    ("On Morning Hour, host Leah Brandt asked the minister whether the deal was dead. "
     "“Not at all,” Minister Karim Osei said.", {"Morning Hour"}),
    # the organisation a statement was made to never made it, named short or in full
    ("“We will not close a single branch,” the council's finance chief, Dana Whitfield, "
     "told the Harbour Star on Monday.\n\nThe group told the Star it would “fight every "
     "closure”.", {"Harbour Star", "Star"}),
])
def test_never_a_speaker(text: str, never: set[str]) -> None:
    got = _speakers(text)
    assert got, "no attribution found"
    assert not {s for s, _ in got if s} & never, got


@pytest.mark.parametrize(("text", "speaker", "stype"), [
    ("The bank's head of research, Jane Doe, said rates would fall.", "Jane Doe", "person"),
    ("Mayor of Jackson Chokwe Antar Lumumba said the water was safe.",
     "Chokwe Antar Lumumba", "person"),
    ("“We have done the work,” said Rep. Tomas Ardo (D-Ore.).", "Tomas Ardo", "person"),
    ("Acme Corp cut 300 jobs. A spokesman for Acme Corp said the cuts were necessary.",
     "Acme Corp", "organisation"),
    ("Nordair cancelled 40 flights on Friday. The carrier said crews were unavailable.",
     "Nordair", "organisation"),
    ("The plan was backed by Senator Ruth Amsel, who said it was overdue.", "Ruth Amsel",
     "person"),
    ("Norland said it would close the border.", "Norland", "organisation"),
    # a press office or communications team speaks for its body
    ("According to the Tolvex press office, the plan had been “costed twice”.", "Tolvex",
     "organisation"),
    ("Tolvex Group cut 300 jobs. According to the company's communications team, the cuts "
     "were “regrettable but necessary”.", "Tolvex Group", "organisation"),
    # the last speaker is an outlet; "the council" names the council, not the outlet
    ("Tolver Council voted on Monday, the Harbour Gazette reported. The council said the "
     "plan had been “costed twice”.", "Tolver Council", "organisation"),
    # a name the article describes as a body is an organisation, even when it opens with a
    # word that is also a given name
    ("Brook Watch Farley, a volunteer group, said the survey matched what its members "
     "heard on doorsteps.", "Brook Watch Farley", "organisation"),
])
def test_the_noun_phrase_names_the_speaker(text: str, speaker: str, stype: str) -> None:
    assert (speaker, stype) in _speakers(text)


def test_a_relayed_statement_belongs_to_those_relayed() -> None:
    text = ("Dara Quinlan wrote to her grandparents before the wedding. Quinlan relays that "
            "her grandparents were “over the moon” and promised that they would “be there "
            "for all of us”.")
    atts = quotetrail.extract(text).attributions
    promised = next(a for a in atts if a.cue is not None and a.cue.text == "promised")
    assert promised.speaker == "Dara Quinlan's grandparents"
    assert promised.speaker_type == "group"


@pytest.mark.parametrize("text", [
    # a plural capitalised only because it opens the sentence is a common noun
    "The funeral was held on Monday.\n\nMourners said the service was “a fitting farewell”.",
    "Immigrants say the new rules are “cruel and pointless”, according to the survey.",
    # a number names nobody
    "A poll came out on Monday. Six in 10 voters said the economy was “the top issue”.",
    "Two said they had “never seen anything like it”.",
])
def test_a_capital_by_position_or_a_number_is_no_name(text: str) -> None:
    got = _speakers(text)
    assert got, "no attribution found"
    assert all(s is None for s, _ in got), got


def test_a_description_of_a_body_the_article_never_names_is_no_name() -> None:
    """"the council's press office" where no council is named: not the outlet that
    was told something a sentence before, whose name the noun does not hold."""
    text = ("“We will not close a single branch,” the council's finance chief, Dana "
            "Whitfield, told the Harbour Gazette on Monday.\n\nAccording to the "
            "council’s press office, the plan had been “costed twice”.")
    got = dict((s, t) for s, t in _speakers(text))
    assert "Harbour Gazette" not in got, got


def test_who_after_an_unnamed_role_is_nobody_named_not_an_organisation() -> None:
    """"the Mexican president, who said": the relative pronoun stands for the role; the
    article never names its holder, so the speaker is null (a person), never the
    organisation (or the person the model typed as one) named just before."""
    text = ("In Port Aldane, Keller endured a lecture from the Ostrian president, who said "
            "that the treaty had been “good for both countries”.")
    got = _speakers(text)
    assert got == [(None, "person")], got


def test_its_office_holder_is_who_holds_the_role_or_nobody_named() -> None:
    """"Its chairman": the chairman of the body just named, never the last person the
    article mentioned; the one it names as chairman when it does."""
    unnamed = ("Residents were less sure. “I have heard that before,” said Omar Haddad, "
               "who runs a bookshop on Mill Street. The Mill Street Traders Association "
               "met on Tuesday. Its chairman said the plan was “a start”.")
    assert _speakers(unnamed)[-1] == (None, "person"), _speakers(unnamed)
    named = ("The Mill Street Traders Association met on Tuesday, Omar Haddad wrote. Its "
             "chairman, Jane Doe, said the plan was “a start”.")
    assert _speakers(named)[-1] == ("Jane Doe", "person"), _speakers(named)


def test_a_party_named_with_a_title_like_word_keeps_its_whole_name() -> None:
    """"Liberal" can open a title ("Liberal Senator X"), but before "Party" it is part of
    the name: the party is not cut to "Party" and then matched to another party."""
    text = ("The Harbour Democratic Party opposed the plan. In 2008, the Upland Liberal "
            "Party, which leans right, said the tax was “fair to families”.")
    assert ("Upland Liberal Party", "organisation") in _speakers(text)
    assert ("Harbour Democratic Party", "organisation") in _speakers(text)
    assert [s for s, _ in _speakers(text)].count("Harbour Democratic Party") == 1
