"""Rows a reader must never see, and forms that must be found (issue 10).

Every text here is invented for the test.  Each case names one class of false row
from real news: a headline read as speech, a plot summary, a death toll, an
anonymity formula, a slogan on a sign, a venue swallowed by its content, the same
sentence reported twice, a negated inner verb taken for the cue.
"""

from __future__ import annotations

import pytest
from engine_helpers import attributions

from quotetrail.engine.headlines import is_title_case, sentence_cased
from quotetrail.model import Attribution

BODY = ("\n\nThe council met on Monday. Ruth Okafor, the council leader, said the bank "
        "had written to every customer.\n")


_atts = attributions


def _in_headline(text: str, atts: list[Attribution]) -> list[Attribution]:
    end = text.index("\n")
    return [a for a in atts if a.content.start < end]


@pytest.mark.parametrize("headline", [
    "Tram Drivers Vote to Strike as Pay Talks Collapse",
    "Heavy Snow Closes Schools Across the County",
    "Council Budget Gap Widens After Funding Cut",
])
def test_a_headline_noun_phrase_with_a_verb_like_word_is_no_attribution(headline: str) -> None:
    text = headline + BODY
    assert _in_headline(text, _atts(text)) == []


def test_a_headline_never_makes_a_speaker_of_words_the_body_does_not_name() -> None:
    text = "Heavy Rain Expected to Arrive Late Monday" + BODY
    for a in _in_headline(text, _atts(text)):
        assert a.speaker is None, a


def test_a_title_case_headline_with_a_verb_of_saying_is_an_attribution() -> None:
    text = "Bank 'Loses' Customer Data, Regulator Claims" + BODY
    heads = _in_headline(text, _atts(text))
    assert len(heads) == 1
    a = heads[0]
    assert a.cue is not None and a.cue.text == "Claims"
    assert a.source is not None and a.source.text == "Regulator"
    assert "Loses" in a.content.text
    assert a.speaker is None  # "Regulator" is a role the body never names


def test_a_headline_naming_a_speaker_of_the_body_resolves_to_the_full_name() -> None:
    text = "Okafor: 'We Will Not Back Down on the Budget'" + BODY
    heads = _in_headline(text, _atts(text))
    assert [a.speaker for a in heads] == ["Ruth Okafor"]


def test_sentence_case_keeps_names_acronyms_and_length() -> None:
    text = "Okafor Says NHS Trust Will Close Ward\n\nRuth Okafor said the trust would act."
    span = (0, text.index("\n"))
    cased = sentence_cased(text, span)
    assert len(cased) == span[1]
    assert cased == "Okafor says NHS trust will close ward"
    assert not is_title_case("The mayor said the plan would go ahead")


@pytest.mark.parametrize(("text", "banned"), [
    ("Price tells the story of a woman named Carol who leaves her town for the city.",
     "the story of"),
    ("The storm claimed the lives of six people on the coast road.", "the lives"),
    ("One nurse, who asked not to be named, said the ward had been full for weeks.",
     "not to be named"),
])
def test_verbs_of_saying_that_report_nothing_are_no_attributions(text: str, banned: str) -> None:
    assert [a for a in _atts(text) if a.content.text.startswith(banned)] == []


@pytest.mark.parametrize("text", [
    "The crowd, many carrying signs that read “Okafor Shows Up”, cheered for a minute.",
    "Protesters carried a banner reading \"No more cuts\" past the town hall.",
    "Fans wore T-shirts saying \"We want Ruth\" to the rally.",
])
def test_a_slogan_on_a_sign_is_no_attribution(text: str) -> None:
    assert _atts(text) == []


def test_a_venue_stays_out_of_the_content_and_one_sentence_is_reported_once() -> None:
    text = ("The operator, Harwick Metro, said in a press release that it was "
            "\"disappointed\" by the vote and that its offer of 4.5 per cent was "
            "\"fair and final\".")
    atts = _atts(text)
    assert len(atts) == 1
    a = atts[0]
    assert a.content.text.startswith("that it was")
    assert a.content.text.endswith("\"fair and final\"")
    assert [f.text for f in a.fragments] == ["disappointed", "fair and final"]
    assert a.venue is not None and a.venue.text == "a press release"


def test_a_negated_inner_verb_is_not_the_cue_of_the_reporters_quotation() -> None:
    text = ("Moira Quinn told The Harwick Courier that drivers were not asking for "
            "\"anything unreasonable\", only for pay that had \"kept pace with the rent\".")
    atts = _atts(text)
    assert len(atts) == 1
    a = atts[0]
    assert a.cue is not None and a.cue.text == "told"
    assert a.speaker == "Moira Quinn"
    assert a.addressee is not None and a.addressee.text == "The Harwick Courier"


def test_a_quotation_that_is_the_inner_verbs_own_words_stays_nested() -> None:
    text = ("Ruth Okafor said that the mayor had called the plan \"a disgrace to the "
            "town\" at the meeting.")
    quoted = [a for a in _atts(text) if "disgrace" in a.content.text]
    assert len(quoted) == 1
    assert quoted[0].cue is not None and quoted[0].cue.text == "called"
    assert quoted[0].source is not None and quoted[0].source.text == "the mayor"


@pytest.mark.parametrize(("text", "first", "second_cue"), [
    ("The governor said the plan would work and promised to cut the state income tax "
     "by 2027.", "the plan would work", "promised"),
    ("Ruth Okafor said the talks had failed and warned that drivers would strike.",
     "the talks had failed", "warned"),
])
def test_a_second_report_coordinated_with_the_first_is_its_own(
        text: str, first: str, second_cue: str) -> None:
    atts = _atts(text)
    said = next(a for a in atts if a.cue is not None and a.cue.text == "said")
    assert said.content.text == first  # the content does not run on into the next report
    second = next(a for a in atts if a.cue is not None and a.cue.text == second_cue)
    assert second.source is not None and second.source.text == said.source.text


@pytest.mark.parametrize(("text", "cue", "first", "second_cue"), [
    ("Tomas Reyes told the crowd that the mayor had “never run anything bigger than a "
     "bake sale” and promised to cut the bus fares in his first year.", "told",
     "that the mayor had “never run anything bigger than a bake sale”", "promised"),
    ("The governor told reporters that the plan was “a disaster” and promised to repeal "
     "it.", "told", "that the plan was “a disaster”", "promised"),
])
def test_a_quoted_report_ends_before_a_second_report(
        text: str, cue: str, first: str, second_cue: str) -> None:
    atts = _atts(text)
    mixed = next(a for a in atts if a.cue is not None and a.cue.text == cue)
    assert mixed.kind == "mixed" and mixed.content.text == first
    assert all(second_cue not in a.content.text for a in atts)


def test_a_quoted_report_keeps_two_clauses_of_one_report() -> None:
    text = "He said that he “had never met” the man and that he would sue the paper."
    atts = _atts(text)
    assert [a.content.text for a in atts] == [
        "that he “had never met” the man and that he would sue the paper"]


def test_a_forecast_is_the_forecasters_not_the_weathers() -> None:
    atts = _atts("Heavy rain is expected to arrive late on Monday, forecasters said.")
    assert [a.source.text for a in atts if a.source is not None] == ["forecasters"]
    assert all("Heavy rain" not in (a.source.text if a.source else "") for a in atts)


@pytest.mark.parametrize("text", [
    "Fans were celebrating the band's new single outside the venue on Friday.",
    "Voters who believe the council lied will march to the town hall on Sunday.",
])
def test_feelings_and_groups_defined_by_a_belief_are_no_statements(text: str) -> None:
    assert _atts(text) == []


def test_a_manner_adjunct_stays_out_of_the_content() -> None:
    atts = _atts('She said, with a wry smile, that the budget was "in safe hands".')
    assert len(atts) == 1
    assert atts[0].content.text == 'that the budget was "in safe hands"'


@pytest.mark.parametrize(("text", "content"), [
    ("Smith initially told Harwick reporters on Monday that officers arrested two men "
     "near the station.", "that officers arrested two men near the station"),
    ('She says she considered this to be a "sad" move by the club.',
     'she considered this to be a "sad" move by the club'),
    ("He said his group would try to overturn the closures at the next full meeting.",
     "his group would try to overturn the closures at the next full meeting"),
])
def test_reported_forms_real_news_uses_are_found(text: str, content: str) -> None:
    assert [a.content.text for a in _atts(text)] == [content]


@pytest.mark.parametrize("text", [
    "According to the council’s finance officer, Gwen Astley, the authority faces a "
    "shortfall of £14 million over the next two years.",
    "According to Gwen Astley, the authority faces a shortfall of £14 million.",
])
def test_according_to_frames_the_content_and_is_not_in_it(text: str) -> None:
    atts = _atts(text)
    assert len(atts) == 1
    assert atts[0].content.text.startswith("the authority faces")


def test_the_addressee_of_a_verb_of_telling_stays_out_of_the_content() -> None:
    atts = _atts("Ruth Okafor also told the largely female audience that she would fight.")
    assert len(atts) == 1
    assert atts[0].content.text == "that she would fight"
    assert atts[0].addressee is not None
    assert atts[0].addressee.text == "the largely female audience"


@pytest.mark.parametrize(("headline", "source", "content"), [
    ("Okafor: No Library Will Close This Year", "Okafor", "No Library Will Close This Year"),
    ("Poll: Residents back the Sunday opening plan.", "Poll",
     "Residents back the Sunday opening plan"),
    ("EXCLUSIVE – Ruth Okafor: Don’t Trust the Budget Figures", "Ruth Okafor",
     "Don’t Trust the Budget Figures"),
])
def test_a_colon_headline_credits_its_prefix(headline: str, source: str, content: str) -> None:
    text = headline + BODY
    heads = _in_headline(text, _atts(text))
    assert [(a.source.text if a.source else None, a.cue.text if a.cue else None,
             a.content.text) for a in heads] == [(source, ":", content)]


@pytest.mark.parametrize("headline", [
    "BREAKING: Council Votes to Close Libraries",
    "The Latest: Council meets again on Monday",
    "Watch: The Moment the Bridge Opened",
])
def test_a_colon_headline_label_is_no_source(headline: str) -> None:
    text = headline + BODY
    assert [a for a in _in_headline(text, _atts(text)) if a.cue and a.cue.text == ":"] == []


def test_a_colon_headline_to_someone_names_the_addressee_not_the_speaker() -> None:
    text = "Okafor to Harwick Metro: Your Offer Is Not Enough" + BODY
    heads = _in_headline(text, _atts(text))
    assert len(heads) == 1
    assert heads[0].source is not None and heads[0].source.text == "Okafor"
    assert heads[0].addressee is not None and heads[0].addressee.text == "Harwick Metro"
    assert heads[0].speaker == "Ruth Okafor"


def test_a_venue_the_parser_hung_the_clause_on_stays_out_of_the_content() -> None:
    atts = _atts("Former mayor Ann Quinn told delegates at the party convention that the "
                 "plan had failed.")
    told = next(a for a in atts if a.cue is not None and a.cue.text == "told")
    assert told.content.text == "that the plan had failed"
    assert told.venue is not None and told.venue.text == "the party convention"
    assert told.addressee is not None and told.addressee.text == "delegates"
