"""Addressee and venue: invented news sentences with exact spans, negatives, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotetrail.engine.venues import find_addressee_and_venue
from quotetrail.model import Span, Venue


def _span(text: str, piece: str | None, after: int = 0) -> Span | None:
    if piece is None:
        return None
    i = text.index(piece, after)
    return Span.of(text, i, i + len(piece))


def run(sentence: str, cue: str | None, content: str, source: str | None = None,
        prefix: str = "", suffix: str = "") -> tuple[str, Span | None, Venue | None]:
    """Find addressee and venue for a sentence placed inside a larger text."""
    text = prefix + sentence + suffix
    a, b = len(prefix), len(prefix) + len(sentence)
    content_span = _span(text, content, a)
    assert content_span is not None
    addressee, venue = find_addressee_and_venue(
        text, (a, b), _span(text, cue, a), content_span, _span(text, source, a))
    for s in (addressee, venue):
        if s is not None:
            assert text[s.start:s.end] == s.text
            assert a <= s.start < s.end <= b
            assert s.end <= content_span.start or s.start >= content_span.end
    return text, addressee, venue


# sentence, cue, content, source, addressee, (venue text, type)
CASES: list[tuple[str, str | None, str, str | None, str | None, tuple[str, str] | None]] = [
    # --- addressee after tell verbs
    ("“We are not going anywhere,” Mayor Lena Brandt told reporters on Tuesday.",
     "told", "We are not going anywhere", "Mayor Lena Brandt", "reporters", None),
    ("Brandt told the Associated Press that the budget was “a fantasy”.",
     "told", "that the budget was “a fantasy”", "Brandt", "Associated Press", None),
    ("Senator Ruth Okafor told CNN's Jake Tamber that the bill “will not pass”.",
     "told", "that the bill “will not pass”", "Senator Ruth Okafor", "CNN's Jake Tamber", None),
    ("“I was terrified,” the singer told Pink Tribune.",
     "told", "I was terrified", "the singer", "Pink Tribune", None),
    ("“It changed my life,” Dara Quill told The Hollywood Ledger.",
     "told", "It changed my life", "Dara Quill", "The Hollywood Ledger", None),
    ("“We will fight on,” Okafor told a crowd of supporters at a rally in Dayton.",
     "told", "We will fight on", "Okafor", "a crowd of supporters", ("a rally in Dayton", "event")),
    ("“It was a long night,” he told his fans.",
     "told", "It was a long night", "he", "his fans", None),
    ("“Nothing is settled,” Mr. Vance told Fox News host Sam Reed.",
     "told", "Nothing is settled", "Mr. Vance", "Fox News host Sam Reed", None),
    ("“You have to keep going,” she told him.",
     "told", "You have to keep going", "she", "him", None),
    ("The minister told the Senate committee that the report was “incomplete”.",
     "told", "that the report was “incomplete”", "The minister", "the Senate committee", None),
    # --- addressee after "to", "with", "by", "at"
    ("“We made mistakes,” the chief executive said to reporters outside the court.",
     "said", "We made mistakes", "the chief executive", "reporters", None),
    ("She wrote to her parents that she was “finally ready”.",
     "wrote", "that she was “finally ready”", "She", "her parents", None),
    ("“No comment,” Harlan said when asked by NBC whether he would run again.",
     "said", "No comment", "Harlan", "NBC", None),
    ("“I love this city,” the rapper tweeted at @MayorBrandt late on Friday.",
     "tweeted", "I love this city", "the rapper", "@MayorBrandt", ("tweeted", "social")),
    ("Speaking to the BBC, the actor said the role “nearly broke” him.",
     "said", "the role “nearly broke” him", "the actor", "BBC", None),
    ("In a letter to donors, the senator wrote that the campaign was “on track”.",
     "wrote", "that the campaign was “on track”", "the senator", "donors", ("a letter", "other")),
    # --- interviews
    ("“We will win this,” Okafor said in an interview with The Guardian.",
     "said", "We will win this", "Okafor", "The Guardian", ("an interview with The Guardian",
                                                            "interview")),
    ("In an interview, Quill said the sequel was “already written”.",
     "said", "the sequel was “already written”", "Quill", None, ("an interview", "interview")),
    ("“It was brutal,” she said in a radio interview.",
     "said", "It was brutal", "she", None, ("a radio interview", "radio")),
    # --- tv, radio, podcast
    ("“It was fun,” Quill said on Good Morning America.",
     "said", "It was fun", "Quill", None, ("Good Morning America", "tv")),
    ("“We are ready,” Okafor told CNN's Jake Tamber on State of the Union.",
     "told", "We are ready", "Okafor", "CNN's Jake Tamber", ("State of the Union", "tv")),
    ("“We are ready,” Okafor said on CNN's State of the Union.",
     "said", "We are ready", "Okafor", None, ("CNN's State of the Union", "tv")),
    ("“Never again,” Vance said on Fox News.",
     "said", "Never again", "Vance", None, ("Fox News", "tv")),
    ("The pair appeared on Sunrise Sofa Live, calling the finale “a gift”.",
     "calling", "a gift", "The pair", None, ("Sunrise Sofa Live", "tv")),
    ("The director, during an appearance on Kellner Tonight, called the film “a love letter”.",
     "called", "a love letter", "The director", None, ("an appearance on Kellner Tonight", "tv")),
    ("“It was chaos,” the drummer said on his podcast.",
     "said", "It was chaos", "the drummer", None, ("his podcast", "podcast")),
    ("“It was chaos,” the drummer said on the podcast Off The Record Weekly.",
     "said", "It was chaos", "the drummer", None, ("the podcast Off The Record Weekly",
                                                   "podcast")),
    ("“We need the money,” Brandt said on NPR.",
     "said", "We need the money", "Brandt", None, ("NPR", "radio")),
    ("“We need the money,” Brandt said on the radio.",
     "said", "We need the money", "Brandt", None, ("the radio", "radio")),
    ("“No,” Okafor said on BBC Radio 4's Today programme.",
     "said", "No", "Okafor", None, ("BBC Radio 4's Today programme", "radio")),
    ("“I loved every minute,” Quill told viewers on This Morning.",
     "told", "I loved every minute", "Quill", "viewers", ("This Morning", "tv")),
    # --- social
    ("“See you in Dublin,” the band said in a tweet.",
     "said", "See you in Dublin", "the band", None, ("a tweet", "social")),
    ("“See you in Dublin,” the band wrote on Instagram.",
     "wrote", "See you in Dublin", "the band", None, ("Instagram", "social")),
    ("“See you in Dublin,” the band posted on X.",
     "posted", "See you in Dublin", "the band", None, ("X", "social")),
    ("The star later said on Twitter that she was “overwhelmed”.",
     "said", "that she was “overwhelmed”", "The star", None, ("Twitter", "social")),
    ("In a post on Facebook, the councillor said the vote was “rigged”.",
     "said", "the vote was “rigged”", "the councillor", None, ("a post on Facebook", "social")),
    ("She commented on Mara’s tweet, writing “This is everything”.",
     "writing", "This is everything", "She", None, ("Mara’s tweet", "social")),
    ("“What a night,” the singer tweeted.",
     "tweeted", "What a night", "the singer", None, ("tweeted", "social")),
    # --- statements
    ("“We are deeply sorry,” the studio said in a statement.",
     "said", "We are deeply sorry", "the studio", None, ("a statement", "statement")),
    ("In a press release, the league said the match was “postponed”.",
     "said", "the match was “postponed”", "the league", None, ("a press release", "statement")),
    ("The party said in a joint statement on Twitter that the deal was “dead”.",
     "said", "that the deal was “dead”", "The party", None,
     ("a joint statement on Twitter", "social")),
    # --- events
    ("“Ohio is ready,” Harlan said at a rally in Ohio.",
     "said", "Ohio is ready", "Harlan", None, ("a rally in Ohio", "event")),
    ("At an event in Colorado Springs, Harlan said the economy was “roaring”.",
     "said", "the economy was “roaring”", "Harlan", None,
     ("an event in Colorado Springs", "event")),
    ("“That is a lie,” Okafor said during the debate.",
     "said", "That is a lie", "Okafor", None, ("the debate", "event")),
    ("“We stand together,” Brandt said in a speech.",
     "said", "We stand together", "Brandt", None, ("a speech", "event")),
    ("“No more delays,” the governor said at a press conference.",
     "said", "No more delays", "the governor", None, ("a press conference", "event")),
    ("Speaking at the premiere of Moonrise Harbour, Quill said she was “exhausted”.",
     "said", "she was “exhausted”", "Quill", None, ("the premiere of Moonrise Harbour", "event")),
    ("“We owe them everything,” the senator said in remarks to veterans.",
     "said", "We owe them everything", "the senator", "veterans", ("remarks", "event")),
    # --- print and online
    ("In an op-ed in The New York Times, Okafor argued that the tax was “a trap”.",
     "argued", "that the tax was “a trap”", "Okafor", None,
     ("an op-ed in The New York Times", "print")),
    ("Harlan wrote in The Washington Post that the plan was “reckless”.",
     "wrote", "that the plan was “reckless”", "Harlan", None, ("The Washington Post", "print")),
    ("Writing for the Marston Herald, Brandt said the budget was “balanced”.",
     "said", "the budget was “balanced”", "Brandt", None, ("Marston Herald", "print")),
    ("“I regret nothing,” the chef wrote on his website.",
     "wrote", "I regret nothing", "the chef", None, ("his website", "online")),
    ("“I regret nothing,” the chef said in a blog post.",
     "said", "I regret nothing", "the chef", None, ("a blog post", "online")),
    # --- more combinations
    ("“Margins will recover,” the founder said during a call with investors.",
     "said", "Margins will recover", "the founder", "investors",
     ("a call with investors", "other")),
    ("“We are done,” she said in an interview on Fox News Sunday.",
     "said", "We are done", "she", None, ("an interview on Fox News Sunday", "tv")),
    ("“We are done,” she told NBC News' Lester Holm.",
     "told", "We are done", "she", "NBC News' Lester Holm", None),
    ("He was asked on Meet the Press whether he would “run again”.",
     "asked", "run again", "He", None, ("Meet the Press", "tv")),
]


@pytest.mark.parametrize(("sentence", "cue", "content", "source", "addressee", "venue"), CASES,
                         ids=[c[0][:40] for c in CASES])
def test_cases(sentence: str, cue: str | None, content: str, source: str | None,
               addressee: str | None, venue: tuple[str, str] | None) -> None:
    prefix = "Earlier paragraph, with “a quote”. "
    text, got_a, got_v = run(sentence, cue, content, source, prefix=prefix, suffix=" Next one.")
    if addressee is None:
        assert got_a is None, got_a
    else:
        assert got_a is not None
        assert got_a.text == addressee
        assert got_a.start == text.index(addressee, len(prefix))
    if venue is None:
        assert got_v is None, got_v
    else:
        assert got_v is not None
        assert (got_v.text, got_v.type) == venue
        assert got_v.start == text.index(venue[0], len(prefix))


# sentence, cue, content, source: nothing to find
NEGATIVES: list[tuple[str, str | None, str, str | None]] = [
    ("Follow the show on Netflix, where “Moonrise” is streaming now.", None, "Moonrise", None),
    ("“We will win,” Harlan said on Tuesday.", "said", "We will win", "Harlan"),
    ("“We will win,” Harlan said on Christmas Day.", "said", "We will win", "Harlan"),
    ("Harlan said on the issue that “nothing has changed”.", "said", "nothing has changed",
     "Harlan"),
    ("Okafor said on immigration that the bill was “cruel”.", "said", "the bill was “cruel”",
     "Okafor"),
    ("Okafor said on Ukraine that the talks were “stalled”.", "said", "the talks were “stalled”",
     "Okafor"),
    ("“We will win,” Harlan said on Capitol Hill.", "said", "We will win", "Harlan"),
    ("The actor, who stars on the show, said the finale was “perfect”.", "said",
     "the finale was “perfect”", "The actor"),
    ("Okafor, who commented on the speech, said it was “hollow”.", "said", "it was “hollow”",
     "Okafor"),
    ("“In the event of a tie, we go again,” the referee said.", "said",
     "In the event of a tie, we go again", "the referee"),
    ("He told the story of his childhood, saying it was “hard”.", "saying", "it was “hard”",
     "He"),
    ("Officials responded to the report, calling it “flawed”.", "calling", "flawed",
     "Officials"),
    ("The senator is said to be “furious”.", "said", "furious", "The senator"),
    ("“Told reporters on This Morning in a statement” was the headline, she said.", "said",
     "Told reporters on This Morning in a statement", "she"),
    ("The bill passed on Monday after a long debate; “finally”, said Brandt.", "said", "finally",
     "Brandt"),
    ("Quill, who lives on Harbour Street, said the noise was “unbearable”.", "said",
     "the noise was “unbearable”", "Quill"),
    ("The song “Live on Air” topped the charts, the label said.", "said",
     "The song “Live on Air” topped the charts", "the label"),
    ("“We are done,” he said in March.", "said", "We are done", "he"),
    ("“We are done,” he said at the White House.", "said", "We are done", "he"),
    ("“We are done,” he said in the film.", "said", "We are done", "he"),
    ("“We are done,” he said to a standing ovation.", "said", "We are done", "he"),
    ("“We are done,” she said, adding that the post office would close.", "said",
     "We are done", "she"),
]


@pytest.mark.parametrize(("sentence", "cue", "content", "source"), NEGATIVES,
                         ids=[n[0][:40] for n in NEGATIVES])
def test_negatives(sentence: str, cue: str | None, content: str, source: str | None) -> None:
    _, got_a, got_v = run(sentence, cue, content, source)
    assert got_a is None and got_v is None, (got_a, got_v)


def test_never_inside_content_or_source() -> None:
    sentence = "Twitter user Mara told Channel Nine that she said “in a statement on Twitter” it."
    _, got_a, got_v = run(sentence, "told", "in a statement on Twitter", "Twitter user Mara")
    assert got_a is not None and got_a.text == "Channel Nine"
    assert got_v is None
    # the whole reported clause is the content: the venue inside it is not ours
    sentence = "“Good,” she said, before he told reporters at a press conference it was over."
    _, _, got_v = run(sentence, "said", "Good", "she")
    assert got_v is not None and got_v.text == "a press conference"
    _, got_a, got_v = run(sentence, "said", "he told reporters at a press conference it was over",
                          "she")
    assert got_a is None and got_v is None


def test_prefers_phrase_right_after_cue() -> None:
    sentence = ("After a rally in Akron, where she spoke at a press conference, Okafor said on "
                "Fox News that the race was “tight”.")
    _, _, got_v = run(sentence, "said", "that the race was “tight”", "Okafor")
    assert got_v is not None and (got_v.text, got_v.type) == ("Fox News", "tv")


def test_no_cue_still_needs_evidence() -> None:
    _, got_a, got_v = run("“Bravo” — on Netflix now.", None, "Bravo")
    assert got_a is None and got_v is None
    _, _, got_v = run("In a statement: “We are closing.”", None, "We are closing.")
    assert got_v is not None and (got_v.text, got_v.type) == ("a statement", "statement")


def test_degenerate_inputs() -> None:
    text = "told"
    assert find_addressee_and_venue(text, (0, 4), Span.of(text, 0, 4), Span.of(text, 4, 4),
                                    None) == (None, None)
    assert find_addressee_and_venue("", (0, 0), None, Span.of("", 0, 0), None) == (None, None)
    text = "She said on"
    assert find_addressee_and_venue(text, (0, len(text)), Span.of(text, 4, 8),
                                    Span.of(text, 0, 0), None) == (None, None)
    # out-of-range sentence bounds are clamped, not trusted
    text = "“Hi,” she told reporters."
    got_a, _ = find_addressee_and_venue(text, (-5, 999), Span.of(text, 10, 14),
                                        Span.of(text, 1, 3), None)
    assert got_a is not None and got_a.text == "reporters"


@pytest.mark.shared
def test_seed(seed_text: str) -> None:
    text = seed_text

    def sentence_of(piece: str) -> tuple[int, int]:
        i = text.index(piece)
        a = max(text.rfind(". ", 0, i) + 2, text.rfind("\n", 0, i) + 1)
        b = text.find(". ", i)
        b = len(text) if b < 0 else b + 1
        return a, b

    told = text.index("told Pink News")
    sent = sentence_of("told Pink News")
    content = _span(text, "terrified", told)
    got_a, _ = find_addressee_and_venue(text, sent, Span.of(text, told, told + 4), content,
                                        _span(text, "Twitter user Esme"))
    assert got_a is not None and got_a.text == "Pink News"

    sent = sentence_of("on This Morning")
    calling = text.index("calling", sent[0])
    _, got_v = find_addressee_and_venue(text, sent, Span.of(text, calling, calling + 7),
                                        _span(text, "beautiful tweet", sent[0]),
                                        _span(text, "Connor & Locke", sent[0]))
    assert got_v is not None and (got_v.text, got_v.type) == ("This Morning", "tv")

    sent = sentence_of("commented on Esme")
    saying = text.index("saying", sent[0])
    _, got_v = find_addressee_and_venue(text, sent, Span.of(text, saying, saying + 6),
                                        _span(text, "This. This is why we did it", sent[0]),
                                        Span.of(text, sent[0], sent[0] + 2))
    assert got_v is not None and got_v.type == "social"
    assert got_v.text == "Esme’s tweet"

    # page furniture: "Follow Heartstopper on Netflix" is not a venue
    follow = text.index("Follow Heartstopper")
    end = text.index("\n", follow)
    got = find_addressee_and_venue(text, (follow, end), None,
                                   _span(text, "Heartstopper", follow), None)
    assert got == (None, None)


_ALPHABET = st.sampled_from([*"abc XYZ.,;:'\"“”‘’«»-–—@#&+\n\t0123456789sS",
                             "told ", "said ", "on ", "in a ", "at ", "to ", "the ", "Fox ",
                             "News ", "interview with ", "statement ", "tweeted ", "CNN's ",
                             "This Morning ", "of ", "by ", "asked ", "her ", "reporters "])


@given(st.lists(_ALPHABET, max_size=60).map("".join), st.data())
def test_property_spans_valid(text: str, data: st.DataObject) -> None:
    n = len(text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    c0 = data.draw(st.integers(0, n))
    c1 = data.draw(st.integers(c0, n))
    content = Span.of(text, c0, c1)
    cue = None
    if data.draw(st.booleans()):
        q0 = data.draw(st.integers(a, b))
        cue = Span.of(text, q0, data.draw(st.integers(q0, b)))
    source = None
    if data.draw(st.booleans()):
        s0 = data.draw(st.integers(0, n))
        source = Span.of(text, s0, data.draw(st.integers(s0, n)))
    got = find_addressee_and_venue(text, (a, b), cue, content, source)
    for span in got:
        if span is None:
            continue
        assert text[span.start:span.end] == span.text
        assert a <= span.start < span.end <= b
        assert span.end <= content.start or span.start >= content.end
        if source is not None and source.end > source.start:
            assert span.end <= source.start or span.start >= source.end
    if got[1] is not None:
        assert got[1].type in {"tv", "radio", "social", "print", "online", "statement",
                               "interview", "podcast", "event", "other"}


# --- the engine end to end: an addressee that is itself a programme or a network
def _only(text: str) -> object:
    import quotetrail

    atts = quotetrail.extract(text).attributions
    assert len(atts) == 1, atts
    return atts[0]


@pytest.mark.parametrize(("text", "addressee", "venue", "vtype"), [
    ("Ruth Okafor told Northern Tonight that the budget would pass.",
     "Northern Tonight", "Northern Tonight", "tv"),
    ("Paul Reyes told CNN on Tuesday that the comments were wrong.", "CNN", "CNN", "tv"),
    ("She told ABC’s “Good Morning America” on Monday that the tone was cordial.",
     "ABC’s “Good Morning America”", "ABC’s “Good Morning America”", "tv"),
    ("“We will win the cup,” the striker told the show.", "the show", "the show", "tv"),
    ("“They care about two things,” Kendall Fells told Fox News 6 in Milwaukee.",
     "Fox News 6", "Fox News 6", "tv"),
    ("“Pat Kennedy is the greatest!!!” McDonough wrote in a September 16, 2012 email to "
     "State officials.", "State officials", "a September 16, 2012 email", "other"),
])
def test_addressee_and_venue_end_to_end(text: str, addressee: str | None, venue: str,
                                        vtype: str) -> None:
    a = _only(text)
    assert (a.addressee.text if a.addressee else None) == addressee
    assert a.venue is not None and (a.venue.text, a.venue.type) == (venue, vtype)


def test_a_programme_title_in_quotation_marks_is_no_quotation() -> None:
    a = _only("She told ABC’s “Good Morning America” on Monday that the tone was cordial.")
    assert a.kind == "indirect" and a.content.text == "that the tone was cordial"


def test_whom_a_statement_was_made_to_never_made_it() -> None:
    a = _only("He told CNN’s Jake Tapper that he would run for the seat.")
    assert a.addressee is not None and a.addressee.text == "CNN’s Jake Tapper"
    assert a.venue is None  # a person of the network, not the network's programme
    assert a.speaker != "Jake Tapper"


@pytest.mark.parametrize(("sentence", "venue"), [
    ("Slaughter wrote in a June 10, 2009 email that she agreed with the plan.",
     "a June 10, 2009 email"),
    ("Okafor said in a March 2011 statement that the ward would stay open.",
     "a March 2011 statement"),
])
def test_a_written_date_inside_the_venue_phrase(sentence: str, venue: str) -> None:
    content = sentence[sentence.index("that "):-1]
    cue = "wrote" if "wrote" in sentence else "said"
    _, _, found = run(sentence, cue, content)
    assert found is not None and found.text == venue


@pytest.mark.parametrize(("text", "venue"), [
    ("“We’re not winning,” Quinn said on ABC’s “This Week” on Sunday.", "ABC’s “This Week”"),
    ("She said on NBC’s “Meet the Press” that the plan would fail.",
     "NBC’s “Meet the Press”"),
    ("Speaking Sunday on ABC’s “This Week,” Quinn admitted that the course name was wrong.",
     "ABC’s “This Week,”"),
])
def test_a_networks_programme_in_quotation_marks_is_the_venue(text: str, venue: str) -> None:
    a = _only(text)
    assert a.venue is not None and (a.venue.text, a.venue.type) == (venue, "tv")
    assert venue not in a.content.text


def test_a_programme_named_inside_what_was_said_is_no_venue() -> None:
    a = _only("Quinn said on Sunday that she liked ABC’s “Modern Family” a lot.")
    assert a.venue is None  # the programme is what she liked, not where she spoke


@pytest.mark.parametrize(("text", "venue"), [
    ("Making the rounds on the Sunday morning shows, Tomas Reyes said he was facing a "
     "unique level of scrutiny.", "the Sunday morning shows"),
    ("Speaking on a morning TV programme, Quinn said the drivers would strike.",
     "a morning TV programme"),
])
def test_a_venue_in_an_opening_participle_phrase(text: str, venue: str) -> None:
    a = _only(text)
    assert a.venue is not None and a.venue.text == venue and a.venue.type == "tv"


def test_an_opening_participle_phrase_without_a_medium_gives_no_venue() -> None:
    a = _only("Looking at the shows, Quinn said the drivers would strike.")
    assert a.venue is None


def test_a_programme_venue_needs_no_source_span() -> None:
    a = _only("It was said on ABC’s “This Week” that the plan failed.")
    assert a.venue is not None and a.venue.text == "ABC’s “This Week”"


def test_a_programme_in_a_relative_clause_about_the_speaker_is_no_venue() -> None:
    a = _only("Quinn, who appeared on ABC’s “This Week” last year, said the plan failed.")
    assert a.venue is None


def test_a_word_in_ing_that_is_no_participle_opens_no_venue_phrase() -> None:
    sentence = "Nothing on the Sunday shows, Quinn said, changed her mind."
    _, venue = find_addressee_and_venue(
        sentence, (0, len(sentence)), _span(sentence, "said"),
        _span(sentence, "changed her mind"), _span(sentence, "Quinn"))
    assert venue is None
