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
