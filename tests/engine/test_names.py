"""The name model shared by the engine and the corpus (engine/speakers/names.py)."""

from __future__ import annotations

import pytest

from quotetrail.engine.speakers.names import compatible, parse_person, strip_party_tag


@pytest.mark.parametrize(("raw", "display", "first", "last"), [
    ("Chokwe Antar Lumumba (D)", "Chokwe Antar Lumumba", "chokwe", "lumumba"),
    ("Rep. Tomas Ardo (D-Ore.)", "Tomas Ardo", "tomas", "ardo"),
    ("Sen. Rand Paul (R-Ky.)", "Rand Paul", "rand", "paul"),
    ("Mr. Trump", "Trump", "", "trump"),
    ("Ms. Le Pen", "Le Pen", "", "le pen"),
    ("Bill de Blasio", "Bill de Blasio", "bill", "de blasio"),
    ("Okafor’s", "Okafor", "", "okafor"),
])
def test_parse(raw: str, display: str, first: str, last: str) -> None:
    name = parse_person(raw)
    assert (name.display, name.first, name.last) == (display, first, last)


def test_party_tags_are_stripped() -> None:
    assert strip_party_tag("Jane Roe (R-Texas)") == ("Jane Roe", "(R-Texas)")
    assert strip_party_tag("Jane Roe") == ("Jane Roe", None)


def test_honorific_and_given_name_give_gender() -> None:
    assert parse_person("Mr. Smith").gender == "m"
    assert parse_person("Ms. Smith").gender == "f"
    assert parse_person("Margaret Vale").gender == "f"
    assert parse_person("Jordan Vale").gender is None  # an ambiguous given name


@pytest.mark.parametrize(("a", "b"), [
    ("Mike Pence", "Michael R. Pence"),           # nickname and middle initial
    ("Hillary Clinton", "Hillary Rodham Clinton"),  # middle name
    ("Clinton", "Bill Clinton"),                   # a bare surname may be anyone of it
    ("Chokwe Antar Lumumba (D)", "Chokwe Lumumba"),
    ("Rep. Tomas Ardo (D-Ore.)", "Tomas Ardo"),
])
def test_variants_are_compatible(a: str, b: str) -> None:
    assert compatible(parse_person(a), parse_person(b))


@pytest.mark.parametrize(("a", "b"), [
    ("Barack Obama", "Michelle Obama"),   # two given names
    ("Mr. Smith", "Ms. Smith"),           # two genders
    ("George H.W. Bush", "George W. Bush"),  # middle initials disagree
    ("Donald Trump", "Donald Trump Jr."),  # a suffix is part of identity
    ("Ruth Okafor", "Ruth Okonkwo"),      # two surnames
])
def test_namesakes_are_not(a: str, b: str) -> None:
    assert not compatible(parse_person(a), parse_person(b))
