#!/usr/bin/env python3
"""A deterministic synthetic news corpus, as pre-extracted quotetrail results.

    python benchmarks/synthetic_corpus.py 20000 --out /tmp/zipf.jsonl         # Zipf syndication
    python benchmarks/synthetic_corpus.py 6400 --one-quote --out /tmp/one.jsonl # one quote
    python benchmarks/synthetic_corpus.py 1000 --truth /tmp/truth.jsonl --stats > /tmp/a.jsonl

    from synthetic_corpus import generate
    for result in generate(20000, seed=20261201): ...     # quotetrail.model.ArticleResult

Each record is what ``quotetrail extract --format jsonl`` writes (the output contract of
``../shared/DESIGN.md``): an article's text and its attributions, with every span exact
(``text[start:end] == span.text``; :func:`check` asserts it for every record generated).
No engine runs: the corpus is for the store, the clustering and the speakers, at any
size, with a known truth.

What it contains (every rate is a constant below; nothing depends on the clock or on the
machine, so one ``seed`` and ``n_articles`` always give the same bytes on CPython 3.11):

* **Outlets**: ``N_OUTLETS`` newspapers and stations, articles drawn Zipf(``OUTLET_S``) over
  them (a few big outlets, a long tail), each with its domain and UTC offset.
* **Dates**: articles ``ARTICLE_SPACING_S`` seconds apart on average (exponential gaps)
  from ``START``; ``published`` in the outlet's local time with its offset (UTC outlets
  write ``Z``), a bare local date at ``P_DATE_ONLY``, RFC 2822 at ``P_RFC2822``, missing at
  ``P_UNDATED`` (half of those have a ``crawled`` time).
* **Speakers**: ``N_PERSONS`` people whose surnames are drawn Zipf(``SURNAME_S``) over
  ``N_SURNAMES`` surnames, so common surnames are shared by many people (with the default
  seed: 132 Smiths, 62 Okafors with different given names; 4,326 surnames shared by two or
  more; ``P_JUNIOR`` are the "Jr." of someone of the same name, 90 of them); given names
  from real lists with their genders, middle names (``P_MIDDLE``), nicknames, roles
  ("Mayor", "Sen.") and party tags. Who speaks is Zipf(``SPEAKER_S``) over the people, the
  most quoted being ``ONE_QUOTE_SPEAKER`` (Mayor Ruth Adaeze Okafor). Each article names a
  person one way (``NAME_VARIANTS``): full name, middle initial, middle name, nickname,
  bare surname after "Mr."/"Ms." (speaker "Okafor"), the title kept ("Mr. Okafor"), a
  party tag ("Ruth Okafor (D)"), or cut short by the tag ("Ruth Adaeze (D)", speaker "Ruth
  Adaeze"); later mentions are the surname or a pronoun. Statements are also made by
  ``N_ORGS`` organisations (some articles name them by acronym, with "Harwick Transit
  Authority (HTA)" in the text), by unnamed sources ("officials", speaker null, type
  ``unnamed``) and by two people jointly (``speakers`` lists both), at the rates of
  ``NEW_STATEMENT_SPEAKERS``.
* **Statements**: one to three sentences of a small English grammar (clauses of 25
  subjects, 15 modals, 179 verbs, objects of 134 adjectives, 207 nouns and ``N_PLACES``
  town names, and modifiers), some opening or closing with a stock phrase
  (``P_STOCK_IN_STATEMENT``; ``STOCK_PHRASES``: "at the end of the day", "the president
  of the United States", ...) that many speakers share; and statements that are nothing
  but a stock phrase quoted as a fragment (``stock`` in ``NEW_STATEMENT_SPEAKERS``).  A
  fragment is a run within one clause, mostly of words outside the grammar's frames (the
  telling part, as a journalist would quote it): at 5,000 articles 7.9 % of fragment
  occurrences also occur word for word in another statement (0.6 % in another statement
  of the same speaker), most of them stock phrases.
* **Syndication**: a statement is carried by Zipf(``SYNDICATION_S``) outlets (at most
  ``MAX_OUTLETS_PER_STATEMENT``; mean 3.58, 61 % in one outlet only). Its first occurrence
  is the full wording, credited; every later one is in another outlet's article, drawn
  from the outstanding occurrences (a big story fills the next articles, a small one
  trickles), and is the full wording, a truncation, a 3–5-word fragment in a mixed
  attribution, or a light rewording (``OCCURRENCE_VARIANTS``), credited under that
  article's name for the speaker or, at ``P_OCC_NO_SPEAKER``, to nobody (a quote with no
  cue). Each slot of an article repeats an outstanding occurrence (one of another
  statement than the article's others, not yet in its outlet; six tries) with probability
  ``P_REPEAT + (1 - P_REPEAT) * min(1, outstanding / POOL_TARGET)``, where
  ``P_REPEAT = 1 - 1 / E[k]`` balances supply and demand and the second term absorbs the
  tries that fail; else it starts a new statement. Occurrences still outstanding ``WINDOW_ARTICLES``
  articles after the statement started are dropped. Realised at 10,000 articles: 3.47
  occurrences per statement against 3.58 drawn, about 7,000 outstanding (``--stats``).
* **Articles**: ``ATTRIBUTIONS_MIN``–``ATTRIBUTIONS_MAX`` attributions each (mean 15,
  about PolNeAR's 14.6), one paragraph each, with filler sentences that attribute
  nothing; venues ("in a statement", "on Twitter") and addressees ("told reporters") at
  ``P_VENUE`` and ``P_ADDRESSEE``.

``--one-quote``: every article carries one recurring statement (``ONE_QUOTE_TEXT`` by
``ONE_QUOTE_SPEAKER``), varied per occurrence at the same rates (wording, name variant,
no speaker), plus ``ONE_QUOTE_UNIQUE`` statements of its own; with ``exact=True``
(``--exact``) the recurring quote is always the full wording under the full name, so it
is a single group.  This is the flat-cost test of issue 9.

The truth (``generate_with_truth``, ``--truth FILE``): per attribution, the statement it
belongs to, the variant (``full``, ``truncation``, ``fragment``, ``rewording``,
``stock``), the speaking entity (``p12``, ``o3``, ``unnamed``, ``p1+p7``), whether the
occurrence credits a speaker, and whether it is the statement's first occurrence.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from itertools import accumulate
from random import Random
from typing import Any

from quotetrail.model import ArticleResult, Attribution, Span, Venue

__all__ = ["PARAMETERS", "check", "generate", "generate_with_truth", "result_from_dict"]

# -- parameters (fixed; change them and the corpus changes) -----------------------------------

SEED = 20261201
START = datetime(2024, 1, 1, tzinfo=UTC)
ARTICLE_SPACING_S = 90.0          # mean gap between articles (1 M articles: about 2.9 years)
N_OUTLETS = 300
OUTLET_S = 1.0                    # Zipf exponent of articles per outlet
P_DATE_ONLY = 0.08                # published as a bare (outlet-local) date
P_RFC2822 = 0.04                  # published as RFC 2822
P_UNDATED = 0.03                  # no published date (half of them with a crawl time)
N_SURNAMES = 6000
SURNAME_S = 0.5                   # Zipf exponent of people per surname (top: 132 people)
N_PERSONS = 20000
SPEAKER_S = 1.0                   # Zipf exponent of statements per person
P_MIDDLE = 0.35                   # people with a middle name (others: an initial at 0.5)
P_JUNIOR = 0.01                   # people who are the "Jr." of someone of the same name
P_ROLE = 0.6                      # people with a role ("Mayor", "Sen.")
P_PARTY = 0.4                     # people with a party tag
N_ORGS = 400
N_PLACES = 600                    # town names, in objects ("the Harwick levee") and outlets
#: How an article names a person (the first mention; later ones: surname or pronoun).
NAME_VARIANTS = {"full": 0.52, "initial": 0.14, "middle": 0.05, "nickname": 0.05,
                 "surname": 0.12, "titled": 0.04, "party": 0.06, "cut": 0.02}
P_ROLE_IN_MENTION = 0.4           # "Mayor Ruth Okafor" as the source mention
P_PRONOUN = 0.5                   # a person quoted again in the next paragraph: "she said"
P_ORG_ACRONYM = 0.2               # an article names an organisation by its acronym
P_ACRONYM_PAIRED = 0.5            # ... and writes "Long Name (ACR)" somewhere in its text
#: Who makes a new statement.
NEW_STATEMENT_SPEAKERS = {"person": 0.83, "org": 0.07, "unnamed": 0.06, "joint": 0.01,
                          "stock": 0.03}
P_STOCK_IN_STATEMENT = 0.15       # a statement opens or closes with a stock phrase
SYNDICATION_S = 2.0               # Zipf exponent of outlets per statement
MAX_OUTLETS_PER_STATEMENT = 200
WINDOW_ARTICLES = 5000            # outstanding occurrences expire after this many articles
POOL_TARGET = 10000               # outstanding occurrences at which every slot repeats one
#: A later occurrence of a statement (the first is always the full wording).
OCCURRENCE_VARIANTS = {"full": 0.55, "truncation": 0.20, "fragment": 0.15, "rewording": 0.10}
P_OCC_NO_SPEAKER = 0.06           # a later occurrence credits nobody
P_REWORDING_INDIRECT = 0.3        # a rewording reported without quotation marks
P_TWO_FRAGMENTS = 0.2             # a fragment occurrence quotes two pieces
ATTRIBUTIONS_MIN, ATTRIBUTIONS_MAX = 8, 22
P_FILLER = 0.3                    # a sentence that attributes nothing after a paragraph
P_VENUE = 0.12
P_ADDRESSEE = 0.06
ONE_QUOTE_TEXT = ("If you are capable of getting out now, get out now. Get out as soon as "
                  "possible. We will rebuild every school in this district before winter, "
                  "and we will not leave a single family behind.")
ONE_QUOTE_SPEAKER = ("Ruth", "Adaeze", "Okafor", "f", "Mayor", "D")   # first middle last ...
ONE_QUOTE_UNIQUE = 2

STOCK_PHRASES = [
    "at the end of the day", "make no mistake", "the president of the United States",
    "the American people", "we are not going to back down", "let me be clear",
    "this is not about politics", "the safety of our residents",
    "we will get through this together", "our thoughts and prayers are with the families",
    "it is what it is", "time will tell", "we are looking into it",
    "all options are on the table", "the people have spoken", "moving forward",
    "at this point in time", "in the best interest of everyone", "first and foremost",
    "the bottom line is", "a step in the right direction", "we have a lot of work to do",
    "we are going to do everything we can", "nothing is off the table",
]

# -- vocabulary -------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return text.split()


_MALE = _words("""James John Robert Michael William David Richard Joseph Thomas Charles Christopher
Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George
Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry
Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis
Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy
Keith Roger Terry Gerald Harold Sean Austin Carl Arthur Lawrence Dylan Jesse Bryan Bruce
Gabriel Logan Albert Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Mason
Philip Louis Chidi Emeka Tunde Kwame Ravi Arjun Hiroshi Kenji Mateo Diego Luca Marco Stanley
Leonard Theodore Oscar Victor Simon Hugo""")
_FEMALE = _words("""Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen
Lisa Nancy
Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah
Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma
Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather
Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith
Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn
Janice Jean Abigail Alice Julia Judy Sophia Grace Denise Amber Doris Marilyn Danielle Beverly
Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Lori Ngozi Adaeze Amara Priya
Anjali Yuki Keiko Lucia Sofia Elena Esme Tamsin Ines Clara""")
_NICKNAMES = {
    "Michael": "Mike", "William": "Bill", "Robert": "Bob", "Joseph": "Joe", "Daniel": "Dan",
    "James": "Jim", "Richard": "Rick", "Thomas": "Tom", "Charles": "Chuck",
    "Christopher": "Chris", "Matthew": "Matt", "Anthony": "Tony", "Steven": "Steve",
    "Andrew": "Andy", "Kenneth": "Ken", "Timothy": "Tim", "Edward": "Ed", "Jeffrey": "Jeff",
    "Nicholas": "Nick", "Jonathan": "Jon", "Benjamin": "Ben", "Samuel": "Sam",
    "Gregory": "Greg", "Alexander": "Alex", "Patrick": "Pat", "Raymond": "Ray",
    "Douglas": "Doug", "Peter": "Pete", "Stanley": "Stan", "Theodore": "Ted",
    "Elizabeth": "Liz", "Patricia": "Patty", "Jennifer": "Jen", "Margaret": "Peggy",
    "Susan": "Sue", "Jessica": "Jess", "Kimberly": "Kim", "Deborah": "Debbie",
    "Rebecca": "Becky", "Katherine": "Kate", "Catherine": "Cathy", "Victoria": "Vicky",
    "Samantha": "Sam", "Pamela": "Pam", "Cynthia": "Cindy", "Abigail": "Abby",
}
_SEED_SURNAMES = _words("""Smith Nguyen Garcia Johnson Brown Okafor Patel Kim Rossi Muller Pellam
Marchetti Lumumba Reyko Vale Adeyemi Kowalski Haddad Lindqvist Moreau""")
_ONSETS = _words("b br c ch cr d dr f g gr h j k l m n p pr r s sh st t tr th v w z")
_VOWELS = _words("a e i o u a e o ai ea ou ie")
_CODAS = ["", "", "n", "r", "l", "s", "m", "t", "nd", "rk", "ck", "ll", "ss", "ng"]
_SURNAME_ENDS = ["", "", "son", "ley", "ton", "er", "man", "wick", "field", "ez", "ini", "ov",
                 "ski", "ard", "berg", "ford", "well"]
_PLACE_ENDS = ["ton", "ville", "ford", "field", "bury", "port", "wick", "dale", "mouth",
               " Falls", " Heights", " Springs", " Bay", " Creek"]
_PAPERS = ["Courier", "Herald", "Gazette", "Tribune", "Times", "Post", "Chronicle", "Ledger",
           "Sentinel", "Observer", "Record", "Star", "Journal", "Press", "Dispatch",
           "Register", "Bulletin", "News", "Review", "Public Radio", "Daily", "Examiner"]
_OFFSETS = [-8, -7, -6, -5, -5, -5, -4, 0, 0, 1, 1, 2, 5.5, 9, 10]
_ORG_KINDS = ["Transit Authority", "Water Authority", "School Board", "City Council",
              "Police Department", "Fire Department", "Port Authority", "Housing Authority",
              "Chamber of Commerce", "Teachers Union", "Hospital Association", "Farm Bureau",
              "Parks Department", "Health Department", "Election Commission",
              "Utility Commission", "Workers Alliance", "Tenants Union"]
_ROLES_M = ["Mayor", "Sen.", "Rep.", "Gov.", "Dr.", "Councilman", "Commissioner", "Chief",
            "Judge", "Superintendent"]
_ROLES_F = ["Mayor", "Sen.", "Rep.", "Gov.", "Dr.", "Councilwoman", "Commissioner", "Chief",
            "Judge", "Superintendent"]
_UNNAMED = ["officials", "a spokesperson", "police", "residents", "organizers",
            "a senior official", "city officials", "aides", "witnesses", "a campaign adviser"]

_SUBJECTS = ["we", "I", "this city", "the council", "our families", "this administration",
             "my office", "the state", "everyone here", "our team", "the board", "this county",
             "our workers", "the people of this district", "nobody in this building",
             "our neighbors", "the department", "this campaign", "our schools", "the region",
             "the governor", "the mayor", "our state", "the voters", "you"]
_MODALS = ["will", "must", "cannot", "should", "would", "will never", "can", "could", "might",
           "may not", "will not", "should never", "must not", "will have to", "would need to"]
_VERBS = ["rebuild", "protect", "fund", "close", "reopen", "expand", "cut", "defend", "replace",
          "review", "repair", "support", "oppose", "delay", "approve", "investigate",
          "restore", "secure", "finish", "deliver", "abandon", "ignore", "raise", "lower",
          "sell", "buy", "build", "inspect", "clean up", "modernize", "staff", "audit",
          "rename", "relocate", "reform", "challenge", "block", "accept", "reject", "honor",
          "save", "move", "open", "fix", "improve", "upgrade", "fight for", "stand behind",
          "pay for", "bring back", "shut down", "speed up", "slow down", "look into", "sign",
          "veto", "extend", "end", "rethink", "revisit", "question", "welcome", "trust",
          *_words("""abolish acquire address adjust adopt advance allocate amend announce appoint
assess authorize ban bolster borrow broaden cancel cap certify clarify combine commission
compensate complete condemn consolidate construct contest convert cover criticize curb defer
demolish deploy design dismantle divert document double draft drain drop eliminate enforce
enlarge ensure evaluate examine expose finance freeze guarantee halt handle hire house
implement increase insure lease license limit maintain manage map measure merge monitor
negotiate oversee patrol pledge postpone preserve privatize prioritize promote pursue recall
reconsider redesign reduce refinance regulate reinforce reinstate remove renegotiate renovate
repave repeal reroute rescue reshape resolve restructure retain retire revive scrap shrink
simplify stabilize strengthen subsidize suspend tackle test track transform triple unveil
vacate widen withdraw""")]
_DETS = ["every", "the", "our", "this", "that", "each", "a", "their", "your", "no"]
_ADJS = ["new", "old", "public", "local", "broken", "entire", "small", "rural", "historic",
         "aging", "crowded", "empty", "failing", "proposed", "current", "last", "next", "only",
         "first", "final", "regional", "federal", "private", "temporary", "permanent", "vital",
         "costly", "flooded", "damaged", "beloved", "main", "downtown", "northern", "southern",
         "coastal", "neglected", "unsafe", "modern", "single", "whole", "community", "county",
         "city", "state", "national", "emergency", "annual", "dangerous", "fragile",
         "popular", "controversial", "expensive", "cheap", "quiet", "busy", "shared",
         *_words("""abandoned affordable ambitious antiquated bankrupt bipartisan bloated
bustling chronic congested contaminated corrupt crumbling decaying deficient derelict
dilapidated disputed eroding essential expired faulty flawed fledgling forgotten generous
hazardous hidden idle illegal inadequate independent industrial innovative leaking legendary
lengthy massive mismanaged moldy municipal neighborhood obsolete outdated overcrowded overdue
overgrown overpriced polluted premier promising prosperous reckless renovated rickety risky
rusty secret shabby shuttered sprawling stalled struggling sturdy suburban toxic troubled
unfinished unfunded unpopular urgent vacant vulnerable wasteful waterfront weathered wooden
yearly""")]
_NOUNS = ["school", "bridge", "budget", "hospital", "road", "plan", "contract", "library",
          "park", "clinic", "station", "shelter", "program", "policy", "law", "rule", "tax",
          "fee", "bus line", "route", "building", "factory", "port", "airport", "runway",
          "pipeline", "reservoir", "levee", "dam", "tunnel", "highway", "street", "market",
          "farm", "mill", "mine", "power plant", "tower", "stadium", "museum", "court", "jail",
          "agency", "committee", "fund", "grant", "loan", "bond", "deal", "report", "audit",
          "study", "survey", "election", "ballot", "border", "wall", "fence", "water system",
          "power grid", "rail line", "bus service", "police force", "fire department",
          "housing project", "senior center", "food bank", "pension", "permit", "license",
          "lease", "zoning code", "curfew", "ban", "mandate", "subsidy", "tariff", "treaty",
          "merger", "strike", "investigation", "inquiry", "lawsuit", "settlement",
          "recovery plan", "cleanup", "evacuation", "shutdown", "vaccine drive",
          "testing site", "playground", "ferry", "pier", "canal", "dump", "landfill",
          *_words("""academy aquarium arena armory auditorium bakery bandstand barracks basin
beach boardwalk boathouse brewery carousel cathedral cemetery chapel college courthouse
creamery depot dock dormitory embankment estuary fairground firehouse foundry garage gazebo
greenhouse gymnasium hangar harbor hatchery hotel incinerator jetty laboratory lighthouse
lodge marina monument motel observatory orchard pavilion pharmacy planetarium plaza pool
prison quarry racetrack railyard ranch refinery rink sawmill schoolhouse seawall shipyard
stable substation synagogue mosque temple terminal theater tramway trolley university viaduct
warehouse waterworks wharf windmill zoo amendment appropriation bailout bylaw census charter
compact covenant deficit dividend easement exemption forecast franchise levy moratorium
ordinance overhaul payroll quota rebate referendum regulation reserve revenue scholarship
stipend surcharge surplus toll voucher warrant waiver""")]
_PPS = ["in this district", "by next spring", "before the election", "for our children",
        "on day one", "this year", "next year", "without delay", "at any cost",
        "for the first time", "in the coming weeks", "before winter", "after the storm",
        "by the end of the month", "for every family", "with or without federal help",
        "as soon as possible", "right now", "once and for all", "in {place}",
        "across {place}", "for the people of {place}", "with {n} million dollars",
        "for {n} more days", "by {n} percent", "", "", ""]
_JUDGEMENTS = ["not for sale", "a disgrace", "our top priority", "long overdue",
               "not going anywhere", "working", "failing our families",
               "a matter of public safety", "safe", "unsafe", "on track", "a mistake",
               "the right call", "simply too expensive", "worth every penny"]
_BELIEFS = ["believe", "know", "think", "promise", "am confident", "am afraid", "hope"]
_FRAMES = ["that the city would", "the plan was meant to", "it was time to", "residents should",
           "the council had a duty to", "they had promised to", "the goal was to", "that it would",
           "the vote showed", "the decision was", "that nobody could", "the effort would"]
_TAILS = ["", "", "", "before the vote", "in the coming weeks", "this year", "if needed",
          "despite the cost", "after the storm"]
_FILLERS = ["The council meets again on {day}.", "{place} has about {n},000 residents.",
            "The {noun} opened in {year}.", "The vote is expected on {day}.",
            "The meeting lasted {n} hours.", "Work on the {noun} began in {year}."]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
#: Light rewordings: (words, replacement).  Matched on lower-case words.
_REWORDINGS = [
    ("capable of getting", "able to get"), ("as soon as possible", "as quickly as possible"),
    ("every", "each"), ("cannot", "can't"), ("will not", "won't"), ("we are", "we're"),
    ("it is", "it's"), ("must", "will have to"), ("need to", "have to"), ("rebuild", "repair"),
    ("protect", "defend"), ("fund", "pay for"), ("close", "shut"), ("reopen", "open again"),
    ("expand", "grow"), ("cut", "reduce"), ("review", "examine"), ("support", "back"),
    ("oppose", "fight"), ("delay", "postpone"), ("approve", "pass"),
    ("restore", "bring back"), ("finish", "complete"), ("fix", "repair"),
    ("improve", "make better"), ("shut down", "close"), ("speed up", "accelerate"),
    ("look into", "investigate"), ("new", "brand new"), ("broken", "damaged"),
    ("entire", "whole"), ("right now", "immediately"), ("before winter", "before the winter"),
    ("in the coming weeks", "in the next few weeks"), ("without delay", "immediately"),
    ("at any cost", "no matter the cost"), ("for our children", "for our kids"),
    ("nobody", "no one"), ("everyone", "everybody"), ("get out", "leave"),
    ("a single family", "one family"), ("will never", "won't ever"), ("should", "ought to"),
]
_FILLER_WORDS = ["really", "simply", "absolutely", "just"]
_CUES = {"said": 0.55, "says": 0.1, "added": 0.08, "wrote": 0.04, "warned": 0.05,
         "insisted": 0.04, "declared": 0.03, "explained": 0.03, "argued": 0.02}
_VENUES = [("in a statement", "a statement", "statement"), ("on Twitter", "Twitter", "social"),
           ("in an interview", "an interview", "interview"),
           ("at a news conference", "a news conference", "event"),
           ("on Facebook", "Facebook", "social")]
_FUNCTION = frozenset(_words(
    "a an the of to in on at for and or but is are was were be been being we i you it this that "
    "our my your their no not will would can could should must may might if as so with from by "
    "has have had he she they them us me all any every each do does did there here than then "
    "what who which when about into out up"))

#: The grammar's fixed words (frames, modals, subjects, modifiers, judgements): a fragment
#: is mostly made of the others, the words that tell one statement from another.
_FRAME_WORDS = _FUNCTION | frozenset(
    w.lower() for phrase in (*_SUBJECTS, *_MODALS, *_BELIEFS, *_DETS, *_PPS, *_JUDGEMENTS,
                             "it is time to this is about and nothing else we have to before it "
                             "is too late nobody should have to")
    for w in phrase.split() if "{" not in w)

PARAMETERS: dict[str, Any] = {
    k: v for k, v in dict(globals()).items()
    if k.isupper() and not k.startswith("_") and k != "PARAMETERS"
}
PARAMETERS["START"] = START.isoformat()


# -- sampling ---------------------------------------------------------------------------------

class _Zipf:
    """Ranks 0..n-1 with P(rank k) proportional to (k+1)^-s."""

    def __init__(self, n: int, s: float) -> None:
        self.cum = list(accumulate((k + 1) ** -s for k in range(n)))

    def __call__(self, rng: Random) -> int:
        return min(bisect_right(self.cum, rng.random() * self.cum[-1]), len(self.cum) - 1)

    def mean(self) -> float:
        total, prev, mean = self.cum[-1], 0.0, 0.0
        for k, c in enumerate(self.cum):
            mean += (k + 1) * (c - prev) / total
            prev = c
        return mean


class _Choice:
    """A weighted choice among a dict's keys (in the dict's order)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.keys = list(weights)
        self.cum = list(accumulate(weights.values()))

    def __call__(self, rng: Random) -> str:
        return self.keys[min(bisect_right(self.cum, rng.random() * self.cum[-1]),
                             len(self.keys) - 1)]


# -- the population ---------------------------------------------------------------------------

@dataclass(slots=True)
class Person:
    eid: str
    first: str
    middle: str          # a middle name, an initial ("J"), or ""
    last: str
    gender: str          # "m" or "f"
    role: str | None
    party: str | None
    suffix: str = ""

    def full(self) -> str:
        return " ".join(p for p in (self.first, self.last, self.suffix) if p)


@dataclass(slots=True)
class Org:
    eid: str
    name: str
    acronym: str
    short: str           # "the authority"


@dataclass(slots=True)
class Unnamed:
    eid: str
    phrase: str


@dataclass(slots=True)
class Joint:
    eid: str
    a: Person
    b: Person


Entity = Person | Org | Unnamed | Joint


def _word(rng: Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(syllables))


@dataclass(slots=True)
class Population:
    surnames: list[str]
    places: list[str]
    outlets: list[tuple[str, str, float]]          # name, domain, UTC offset in hours
    persons: list[Person]
    orgs: list[Org]
    speaker_rank: _Zipf
    outlet_rank: _Zipf


def _population(seed: int) -> Population:
    rng = Random(f"population-{seed}")
    taken = {n.lower() for n in (*_MALE, *_FEMALE)}
    surnames = list(_SEED_SURNAMES)
    taken.update(s.lower() for s in surnames)
    while len(surnames) < N_SURNAMES:
        name = (_word(rng, rng.choice((1, 2, 2))) + rng.choice(_SURNAME_ENDS)).capitalize()
        if 4 <= len(name) <= 12 and name.lower() not in taken:
            taken.add(name.lower())
            surnames.append(name)
    places: list[str] = []
    while len(places) < N_PLACES:
        place = (_word(rng, rng.choice((1, 2))) + rng.choice(_PLACE_ENDS)).title()
        if place.lower() not in taken:
            taken.add(place.lower())
            places.append(place)
    outlets = []
    for i in range(N_OUTLETS):
        place, paper = places[i % len(places)], _PAPERS[(i * 7) % len(_PAPERS)]
        name = f"The {place} {paper}" if i % 5 else f"{place} {paper}"
        domain = (place + paper).lower().replace(" ", "") + f"{i}.example"
        outlets.append((name, domain, float(rng.choice(_OFFSETS))))
    surname_rank = _Zipf(N_SURNAMES, SURNAME_S)
    first, middle, last, gender, role, party = ONE_QUOTE_SPEAKER
    persons = [Person("p0", first, middle, last, gender, role, party)]
    names = {(first, last)}
    while len(persons) < N_PERSONS:
        eid = f"p{len(persons)}"
        if rng.random() < P_JUNIOR:
            senior = persons[rng.randrange(len(persons))]
            if senior.gender == "m" and not senior.suffix:
                persons.append(Person(eid, senior.first, "", senior.last, "m",
                                      None, None, "Jr."))
                continue
        gender = "f" if rng.random() < 0.5 else "m"
        last = surnames[surname_rank(rng)]
        pool = _FEMALE if gender == "f" else _MALE
        for _ in range(20):
            first = rng.choice(pool)
            if (first, last) not in names:
                break
        else:
            continue
        names.add((first, last))
        r = rng.random()
        middle = (rng.choice(pool) if r < P_MIDDLE else
                  rng.choice("ABCDEFGHJKLMNPRSTW") if r < P_MIDDLE + (1 - P_MIDDLE) / 2 else "")
        role = (rng.choice(_ROLES_F if gender == "f" else _ROLES_M)
                if rng.random() < P_ROLE else None)
        party = rng.choice("DDDDRRRRI") if rng.random() < P_PARTY else None
        persons.append(Person(eid, first, middle, last, gender, role, party))
    order = list(range(1, len(persons)))
    rng.shuffle(order)                       # popularity independent of the surname
    persons = [persons[0]] + [persons[i] for i in order]
    orgs = []
    seen_orgs: set[str] = set()
    while len(orgs) < N_ORGS:
        kind = rng.choice(_ORG_KINDS)
        name = f"{rng.choice(places)} {kind}"
        if name in seen_orgs:
            continue
        seen_orgs.add(name)
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        orgs.append(Org(f"o{len(orgs)}", name, acronym, "the " + kind.split()[-1].lower()))
    return Population(surnames, places, outlets, persons, orgs,
                      _Zipf(len(persons), SPEAKER_S), _Zipf(N_OUTLETS, OUTLET_S))


# -- statements -------------------------------------------------------------------------------

Token = tuple[str, str]          # (word, punctuation after it)
_SENTENCE_END = (".", "!", "?")


@dataclass(slots=True)
class Statement:
    sid: str
    speaker: Entity
    tokens: list[Token]
    stock: bool = False
    started: int = 0
    outlets: set[int] = field(default_factory=set)


def _clause(rng: Random, places: list[str]) -> str:
    def pp() -> str:
        return rng.choice(_PPS).format(place=rng.choice(places), n=rng.randint(2, 400))

    def obj() -> str:
        r = rng.random()
        if r < 0.45:
            return f"{rng.choice(_DETS)} {rng.choice(_ADJS)} {rng.choice(_NOUNS)}"
        if r < 0.75:
            return f"the {rng.choice(places)} {rng.choice(_NOUNS)}"
        return f"{rng.choice(_DETS)} {rng.choice(_NOUNS)}"

    form = rng.random()
    if form < 0.45:
        text = f"{rng.choice(_SUBJECTS)} {rng.choice(_MODALS)} {rng.choice(_VERBS)} {obj()} {pp()}"
    elif form < 0.55:
        text = f"it is time to {rng.choice(_VERBS)} {obj()} {pp()}"
    elif form < 0.63:
        text = f"this is about {obj()} and nothing else"
    elif form < 0.75:
        det = rng.choice(["the", "this", "our", "that"])
        text = f"{det} {rng.choice(_ADJS)} {rng.choice(_NOUNS)} is {rng.choice(_JUDGEMENTS)}"
    elif form < 0.83:
        text = f"we have to {rng.choice(_VERBS)} {obj()} before it is too late"
    elif form < 0.90:
        text = f"nobody should have to {rng.choice(_VERBS)} {obj()} {pp()}"
    else:
        text = (f"I {rng.choice(_BELIEFS)} {rng.choice(_SUBJECTS)} {rng.choice(_MODALS)} "
                f"{rng.choice(_VERBS)} {obj()}")
    return _AN.sub(r"an \1", " ".join(text.split()))


_AN = re.compile(r"\ba ([aeiou])")


def _tokens(text: str) -> list[Token]:
    """Words with the punctuation that follows them ("now," -> ("now", ",")); a sentence's
    first word in lower case (rendering capitalises it again)."""
    out: list[Token] = []
    start = True
    for raw in text.split():
        word = raw.rstrip(".,;:!?")
        punct = raw[len(word):]
        if start and word != "I" and word[1:].islower():
            word = word.lower()
        out.append((word, punct))
        start = punct[-1:] in _SENTENCE_END
    return out


def _new_wording(rng: Random, places: list[str]) -> list[Token]:
    sentences = []
    for _ in range(rng.choices((1, 2, 3), (0.35, 0.45, 0.2))[0]):
        sentence = _clause(rng, places)
        r = rng.random()
        if r < 0.25:
            sentence += ", and " + _clause(rng, places)
        elif r < 0.35:
            sentence += ", but " + _clause(rng, places)
        sentences.append(sentence)
    if rng.random() < P_STOCK_IN_STATEMENT:
        phrase = rng.choice(STOCK_PHRASES)
        if rng.random() < 0.5:
            sentences[0] = f"{phrase}, {sentences[0]}"
        else:
            sentences.append(phrase)
    return _tokens(" ".join(s + "." for s in sentences))


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _render(tokens: list[Token], end: str | None = None, *, sentence_case: bool = True) -> str:
    """Words joined; sentences capitalised; the last punctuation replaced by ``end``."""
    words = []
    start = sentence_case
    for word, punct in tokens:
        words.append((word[:1].upper() + word[1:] if start else word) + punct)
        start = sentence_case and punct[-1:] in _SENTENCE_END
    if end is not None and words:
        punct = tokens[-1][1]
        words[-1] = words[-1][:len(words[-1]) - len(punct)] + end
    return " ".join(words)


def _truncation(rng: Random, tokens: list[Token]) -> list[Token]:
    n = len(tokens)
    keep = max(4, min(n - 1, round(n * rng.uniform(0.4, 0.8))))
    if n <= 5:
        return tokens[:-1] if n > 4 else list(tokens)
    if rng.random() < 0.2:          # the start dropped, the end kept
        return list(tokens[n - keep:])
    return list(tokens[:keep])


def _fragment(rng: Random, tokens: list[Token]) -> list[Token]:
    """3-5 consecutive words within one clause, all but two of them (at least two) outside
    the grammar's frames ("it is time to", modals, subjects, function words), neither end a
    function word: the telling part of a quote."""
    n = len(tokens)
    if n <= 3:
        return [(w, p) for w, p in tokens[:-1]] + [(tokens[-1][0], "")]
    best: tuple[int, list[Token]] = (-1, [])
    for _ in range(30):
        size = min(n, rng.randint(3, 5))
        i = rng.randrange(n - size + 1)
        piece = tokens[i:i + size]
        if any(p for _, p in piece[:-1]):          # within one clause
            continue
        telling = sum(w.lower() not in _FRAME_WORDS for w, _ in piece)
        if (telling >= max(2, size - 2)                                    # a telling piece
                and piece[0][0].lower() not in _FUNCTION
                and piece[-1][0].lower() not in _FUNCTION):
            best = (telling, piece)
            break
        if telling > best[0]:
            best = (telling, piece)
    piece = best[1] or list(tokens[:3])
    return [(w, p) for w, p in piece[:-1]] + [(piece[-1][0], "")]


def _rewording(rng: Random, tokens: list[Token]) -> list[Token]:
    """One or two substitutions from the table (else an inserted or dropped filler word)."""
    out = list(tokens)
    for _ in range(rng.choice((1, 1, 2))):
        lower = [w.lower() for w, _ in out]
        options = []
        for i, word in enumerate(lower):
            for words, replacement in _REWORDING_INDEX.get(word, ()):
                size = len(words)
                if lower[i:i + size] == words and not any(p for _, p in out[i:i + size - 1]):
                    options.append((i, size, replacement))
        if options:
            i, size, replacement = rng.choice(options)
            new = [(w, "") for w in replacement.split()]
            new[-1] = (new[-1][0], out[i + size - 1][1])
            out[i:i + size] = new
            continue
        fillers = [i for i, (w, p) in enumerate(out) if w.lower() in _FILLER_WORDS and not p]
        if fillers and len(out) > 4:
            del out[rng.choice(fillers)]
        else:
            out.insert(rng.randrange(1, len(out)) if len(out) > 1 else 0,
                       (rng.choice(_FILLER_WORDS), ""))
    return out


_REWORDING_INDEX: dict[str, list[tuple[list[str], str]]] = {}
for _pattern, _replacement in _REWORDINGS:
    _REWORDING_INDEX.setdefault(_pattern.split()[0], []).append((_pattern.split(), _replacement))


# -- articles ---------------------------------------------------------------------------------

class _Text:
    """An article's text, built piece by piece so that every span's offsets are exact."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(piece)
        self.pos += len(piece)
        return start, self.pos

    def value(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class _Mention:
    source: str | None
    speaker: str | None
    speakers: list[str]
    stype: str | None
    gender: str | None = None       # for a pronoun


class _Article:
    def __init__(self, rng: Random, pop: Population) -> None:
        self.rng = rng
        self.pop = pop
        self.text = _Text()
        self.attributions: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.named: dict[str, tuple[str, str]] = {}     # eid -> (intro, speaker name)
        self.mentioned: set[str] = set()
        self.surnames: Counter[str] = Counter()
        self.last_speaker: str | None = None

    # naming ---------------------------------------------------------------------------------

    def _person_name(self, p: Person) -> tuple[str, str]:
        """(first mention, speaker) for a person, by this article's name variant."""
        rng = self.rng
        variant = _NAME_VARIANT(rng)
        honorific = "Ms." if p.gender == "f" else "Mr."
        full = p.full()
        if variant == "initial" and p.middle and not p.suffix:
            name = f"{p.first} {p.middle[0]}. {p.last}"
        elif variant == "middle" and len(p.middle) > 1:
            name = f"{p.first} {p.middle} {p.last}"
        elif variant == "nickname" and p.first in _NICKNAMES:
            name = " ".join(x for x in (_NICKNAMES[p.first], p.last, p.suffix) if x)
        elif variant == "surname" and not p.suffix:
            return f"{honorific} {p.last}", p.last
        elif variant == "titled" and not p.suffix:
            return f"{honorific} {p.last}", f"{honorific} {p.last}"
        elif variant == "party" and p.party:
            name = f"{full} ({p.party})"
            intro = f"{p.role} {name}" if p.role and rng.random() < P_ROLE_IN_MENTION else name
            return intro, name
        elif variant == "cut" and p.party and len(p.middle) > 1:
            return f"{p.first} {p.middle} ({p.party})", f"{p.first} {p.middle}"
        else:
            name = full
        intro = f"{p.role} {name}" if p.role and rng.random() < P_ROLE_IN_MENTION else name
        return intro, name

    def mention(self, who: Entity) -> _Mention:
        rng = self.rng
        again = who.eid in self.mentioned
        self.mentioned.add(who.eid)
        if isinstance(who, Person):
            if who.eid not in self.named:
                self.named[who.eid] = self._person_name(who)
                self.surnames[who.last] += 1
            intro, name = self.named[who.eid]
            if not again:
                return _Mention(intro, name, [name], "person")
            if self.last_speaker == who.eid and rng.random() < P_PRONOUN:
                return _Mention(None, name, [name], "person", who.gender)
            unique = self.surnames[who.last] == 1 and not intro.endswith(")")
            return _Mention(who.last if unique else intro, name, [name], "person")
        if isinstance(who, Org):
            if who.eid not in self.named:
                acronym = rng.random() < P_ORG_ACRONYM
                self.named[who.eid] = (("the " + who.name, who.name) if not acronym
                                       else (who.acronym, who.acronym))
                if acronym and rng.random() < P_ACRONYM_PAIRED:
                    self.filler(f"The {who.name} ({who.acronym}) oversees the work.")
                    self.text.add("\n\n")
            intro, name = self.named[who.eid]
            if again and rng.random() < 0.5:
                return _Mention(who.short, name, [name], "organisation")
            return _Mention(intro, name, [name], "organisation")
        if isinstance(who, Joint):
            if who.eid not in self.named:
                na = self.named.get(who.a.eid, self._person_name(who.a))[1]
                nb = self.named.get(who.b.eid, self._person_name(who.b))[1]
                self.named[who.eid] = (f"{na} and {nb}", f"{na} and {nb}")
                self.surnames[who.a.last] += 1
                self.surnames[who.b.last] += 1
            intro, joint = self.named[who.eid]
            source = f"{who.a.last} and {who.b.last}" if again else intro
            return _Mention(source, joint, joint.split(" and "), "person")
        return _Mention(who.phrase, None, [], "unnamed")

    # writing ----------------------------------------------------------------------------------

    def filler(self, sentence: str) -> None:
        if self.text.pos:
            self.text.add("\n\n")
        self.text.add(sentence)

    def _source(self, m: _Mention, *, start: bool) -> tuple[int, int]:
        if m.source is None:
            pronoun = "she" if m.gender == "f" else "he"
            return self.text.add(_cap(pronoun) if start else pronoun)
        return self.text.add(_cap(m.source) if start else m.source)

    def add(self, st: Statement, variant: str, who: Entity | None, truth: dict[str, Any]
            ) -> None:
        """Write one occurrence of ``st`` as a paragraph; ``who`` None: credited to nobody."""
        rng = self.rng
        t = self.text
        if t.pos:
            t.add("\n\n")
        m = self.mention(who) if who is not None else None
        spans: dict[str, Any] = {"fragments": []}
        kind = "direct"
        if variant in ("fragment", "stock"):
            kind = "mixed"
            pieces = ([st.tokens] if variant == "stock" else
                      [_fragment(rng, st.tokens)] +
                      ([_fragment(rng, st.tokens)] if rng.random() < P_TWO_FRAGMENTS else []))
            if m is None:
                t.add(rng.choice(["Residents were", "Voters were", "Families were"]) + " ")
                spans["cue"] = t.add("told")
            else:
                spans["source"] = self._source(m, start=True)
                t.add(" ")
                spans["cue"] = t.add(_CUE(rng))
            t.add(" ")
            start = t.pos
            t.add(rng.choice(_FRAMES) + " “")
            spans["fragments"].append(t.add(_render(pieces[0], "", sentence_case=False)))
            t.add("”")
            if len(pieces) > 1:
                t.add(" and “")
                spans["fragments"].append(t.add(_render(pieces[1], "", sentence_case=False)))
                t.add("”")
            tail = rng.choice(_TAILS)
            if tail:
                t.add(" " + tail)
            spans["content"] = (start, t.pos)
            t.add(".")
        else:
            indirect = variant == "rewording" and m is not None and rng.random() < \
                P_REWORDING_INDIRECT
            words = st.tokens
            if indirect:                                    # the first sentence, reworded
                ends = [j for j, (_, p) in enumerate(words) if p[-1:] in _SENTENCE_END]
                if ends and ends[0] < len(words) - 1:
                    words = words[:ends[0] + 1]
            words = (words if variant == "full" else
                     _truncation(rng, words) if variant == "truncation" else
                     _rewording(rng, words))
            if indirect:
                kind = "indirect"
                assert m is not None
                spans["source"] = self._source(m, start=True)
                t.add(" ")
                spans["cue"] = t.add(_CUE(rng))
                t.add(" ")
                spans["content"] = t.add(_render(words, "", sentence_case=False))
                t.add(".")
            elif m is None:
                t.add("“")
                spans["content"] = t.add(_render(words, "."))
                t.add("”")
            elif rng.random() < 0.65:                       # “...,” Okafor said.
                t.add("“")
                spans["content"] = t.add(_render(words, ","))
                t.add("” ")
                if rng.random() < P_ADDRESSEE:
                    spans["source"] = self._source(m, start=False)
                    t.add(" ")
                    spans["cue"] = t.add("told")
                    t.add(" ")
                    spans["addressee"] = t.add(
                        "reporters" if rng.random() < 0.5 else rng.choice(self.pop.outlets)[0])
                elif m.source is not None and m.source[:1].isupper() and rng.random() < 0.4:
                    spans["cue"] = t.add("said")
                    t.add(" ")
                    spans["source"] = self._source(m, start=False)
                else:
                    spans["source"] = self._source(m, start=False)
                    t.add(" ")
                    spans["cue"] = t.add(_CUE(rng))
                if rng.random() < P_VENUE:
                    phrase, venue, vtype = rng.choice(_VENUES)
                    t.add(" ")
                    start, _ = t.add(phrase)
                    offset = start + phrase.index(venue)
                    spans["venue"] = (offset, offset + len(venue), vtype)
                t.add(".")
            else:                                           # Okafor said: “...”
                spans["source"] = self._source(m, start=True)
                t.add(" ")
                spans["cue"] = t.add(_CUE(rng))
                t.add(": “")
                spans["content"] = t.add(_render(words, "."))
                t.add("”")
        if m is None:
            speaker, speakers, stype = None, [], None
        else:
            speaker, speakers, stype = m.speaker, list(m.speakers), m.stype
        named = speaker is not None
        self.attributions.append(({
            "kind": kind, "spans": spans, "speaker": speaker, "speakers": speakers,
            "speaker_type": stype,
            "speaker_confidence": round(rng.uniform(0.75, 0.99) if named else
                                        rng.uniform(0.4, 0.9), 4),
            "confidence": round(rng.uniform(0.6, 0.99), 4),
        }, {**truth, "variant": variant, "credited": named}))
        self.last_speaker = who.eid if who is not None else None
        if rng.random() < P_FILLER:
            self.filler(rng.choice(_FILLERS).format(
                day=rng.choice(_DAYS), place=rng.choice(self.pop.places),
                n=rng.randint(2, 90), noun=rng.choice(_NOUNS), year=rng.randint(1950, 2020)))

    def result(self, **meta: Any) -> tuple[ArticleResult, list[dict[str, Any]]]:
        text = self.text.value()

        def span(pair: tuple[int, int] | None) -> Span | None:
            return Span.of(text, *pair) if pair else None

        atts = []
        for a, _ in self.attributions:
            s = a["spans"]
            venue = s.get("venue")
            atts.append(Attribution(
                kind=a["kind"], content=Span.of(text, *s["content"]),
                fragments=[Span.of(text, *f) for f in s["fragments"]],
                cue=span(s.get("cue")), source=span(s.get("source")), speaker=a["speaker"],
                speakers=a["speakers"], speaker_type=a["speaker_type"],
                addressee=span(s.get("addressee")),
                venue=Venue.of_type(text, *venue) if venue else None,
                confidence=a["confidence"], speaker_confidence=a["speaker_confidence"]))
        return (ArticleResult(text=text, attributions=atts, version="synthetic",
                              model="benchmarks/synthetic_corpus.py", **meta),
                [t for _, t in self.attributions])


_NAME_VARIANT = _Choice(NAME_VARIANTS)
_CUE = _Choice(_CUES)
_OCCURRENCE = _Choice(OCCURRENCE_VARIANTS)
_NEW_SPEAKER = _Choice(NEW_STATEMENT_SPEAKERS)
_SYNDICATION = _Zipf(MAX_OUTLETS_PER_STATEMENT, SYNDICATION_S)
#: A slot repeats an outstanding occurrence at the rate that balances supply and demand.
P_REPEAT = 1 - 1 / _SYNDICATION.mean()
PARAMETERS["P_REPEAT"] = round(P_REPEAT, 4)


def _published(rng: Random, when: datetime, offset: float) -> tuple[str | None, str | None]:
    local = when.astimezone(timezone(timedelta(hours=offset)))
    r = rng.random()
    if r < P_UNDATED:
        crawled = (when + timedelta(hours=rng.uniform(1, 48))).strftime("%Y-%m-%dT%H:%M:%SZ")
        return None, crawled if rng.random() < 0.5 else None
    if r < P_UNDATED + P_DATE_ONLY:
        return local.date().isoformat(), None
    if r < P_UNDATED + P_DATE_ONLY + P_RFC2822:
        return format_datetime(local), None
    if offset == 0:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ"), None
    return local.isoformat(timespec="seconds"), None


# -- the generator ----------------------------------------------------------------------------

def generate_with_truth(n_articles: int, seed: int = SEED, *, one_quote: bool = False,
                        exact: bool = False, validate: bool = True
                        ) -> Iterator[tuple[ArticleResult, list[dict[str, Any]]]]:
    """Articles and, per attribution, its truth (see the module docstring)."""
    pop = _population(seed)
    rng = Random(f"articles-{seed}-{'one' if one_quote else 'zipf'}")
    when = START
    n_statements = 0
    tickets: list[Statement] = []
    one_speaker = pop.persons[0]
    one = Statement("s0", one_speaker, _tokens(ONE_QUOTE_TEXT))

    def speaker_of(kind: str) -> Entity:
        if kind == "org":
            return pop.orgs[rng.randrange(len(pop.orgs))]
        if kind == "unnamed":
            return Unnamed("unnamed", rng.choice(_UNNAMED))
        if kind == "joint":
            a, b = pop.persons[pop.speaker_rank(rng)], pop.persons[pop.speaker_rank(rng)]
            if a.eid != b.eid and a.last != b.last:
                return Joint(f"{a.eid}+{b.eid}", a, b)
        return pop.persons[pop.speaker_rank(rng)]

    def new_statement(article: int) -> Statement:
        nonlocal n_statements
        n_statements += 1
        kind = _NEW_SPEAKER(rng)
        who = speaker_of("person" if kind == "stock" else kind)
        if kind == "stock":
            return Statement(f"s{n_statements}", who, _tokens(rng.choice(STOCK_PHRASES)),
                             stock=True, started=article)
        return Statement(f"s{n_statements}", who, _new_wording(rng, pop.places),
                         started=article)

    for i in range(n_articles):
        when += timedelta(seconds=rng.expovariate(1 / ARTICLE_SPACING_S))
        o = pop.outlet_rank(rng)
        outlet, domain, offset = pop.outlets[o]
        art = _Article(rng, pop)
        if one_quote and exact:                 # the recurring speaker always by full name
            art.named[one_speaker.eid] = (one_speaker.full(), one_speaker.full())
            art.surnames[one_speaker.last] += 1
        if rng.random() < 0.3:
            art.filler(rng.choice(_FILLERS).format(
                day=rng.choice(_DAYS), place=rng.choice(pop.places), n=rng.randint(2, 90),
                noun=rng.choice(_NOUNS), year=rng.randint(1950, 2020)))
        if one_quote:
            slots: list[tuple[Statement, str]] = []
            variant = "full" if exact or i == 0 else _OCCURRENCE(rng)
            slots.append((one, variant))
            for _ in range(ONE_QUOTE_UNIQUE):
                st = new_statement(i)
                slots.append((st, "stock" if st.stock else "full"))
            rng.shuffle(slots)
            for st, variant in slots:
                who: Entity | None = st.speaker
                if (st is one and not exact and i > 0 and rng.random() < P_OCC_NO_SPEAKER):
                    who = None
                art.add(st, variant, who, {"statement": st.sid, "entity": st.speaker.eid,
                                           "origin": st is not one or i == 0})
        else:
            used: set[str] = set()
            for _ in range(rng.randint(ATTRIBUTIONS_MIN, ATTRIBUTIONS_MAX)):
                st = None
                pressure = min(1.0, len(tickets) / POOL_TARGET)
                if tickets and rng.random() < P_REPEAT + (1 - P_REPEAT) * pressure:
                    for _attempt in range(6):
                        j = rng.randrange(len(tickets))
                        cand = tickets[j]
                        if i - cand.started > WINDOW_ARTICLES:   # expired: drop the ticket
                            tickets[j] = tickets[-1]
                            tickets.pop()
                            if not tickets:
                                break
                            continue
                        if cand.sid in used or o in cand.outlets:
                            continue
                        tickets[j] = tickets[-1]
                        tickets.pop()
                        st = cand
                        break
                origin = st is None
                if st is None:
                    st = new_statement(i)
                    tickets.extend([st] * _SYNDICATION(rng))   # k outlets: k - 1 more to come
                variant = ("stock" if st.stock else "full" if origin else _OCCURRENCE(rng))
                who = st.speaker
                if not origin and rng.random() < P_OCC_NO_SPEAKER:
                    who = None
                used.add(st.sid)
                st.outlets.add(o)
                art.add(st, variant, who, {"statement": st.sid, "entity": st.speaker.eid,
                                           "origin": origin})
        published, crawled = _published(rng, when, offset)
        first = art.attributions[0][0]["speaker"] if art.attributions else None
        title = f"{first or 'Officials'} on the {rng.choice(_NOUNS)}"
        day = when.date().isoformat()
        slug = title.lower().replace(" ", "-").replace(".", "").replace("(", "").replace(")", "")
        result, truth = art.result(
            id=f"syn-{i:07d}", location=f"synthetic:{seed}:{i}", title=title, outlet=outlet,
            url=f"https://{domain}/{day.replace('-', '/')}/{slug}-{i}", published=published,
            crawled=crawled)
        if validate:
            check(result)
        yield result, truth


def generate(n_articles: int, seed: int = SEED, *, one_quote: bool = False,
             exact: bool = False) -> Iterator[ArticleResult]:
    """``n_articles`` pre-extracted results (:class:`quotetrail.model.ArticleResult`)."""
    for result, _ in generate_with_truth(n_articles, seed, one_quote=one_quote, exact=exact):
        yield result


def check(result: ArticleResult) -> None:
    """Assert the contract's offset rule for every span of a result."""
    text = result.text
    for a in result.attributions:
        spans = [a.content, *a.fragments, a.cue, a.source, a.addressee, a.venue]
        for s in spans:
            if s is not None:
                assert 0 <= s.start <= s.end <= len(text), (result.id, s)
                assert text[s.start:s.end] == s.text, (result.id, s)
        for f in a.fragments:
            assert a.content.start <= f.start and f.end <= a.content.end, (result.id, f)


def result_from_dict(record: dict[str, Any]) -> ArticleResult:
    """An :class:`ArticleResult` from a contract record (what ``--out`` writes)."""
    def span(d: dict[str, Any] | None) -> Span | None:
        return Span(d["start"], d["end"], d["text"]) if d else None

    atts = []
    for a in record.get("attributions", []):
        v = a.get("venue")
        atts.append(Attribution(
            kind=a["kind"], content=Span(**a["content"]),
            fragments=[Span(**f) for f in a.get("fragments", [])], cue=span(a.get("cue")),
            source=span(a.get("source")), speaker=a.get("speaker"),
            speakers=list(a.get("speakers", [])), speaker_type=a.get("speaker_type"),
            addressee=span(a.get("addressee")),
            venue=Venue(v["start"], v["end"], v["text"], v.get("type", "other")) if v else None,
            confidence=float(a.get("confidence", 0.0)),
            speaker_confidence=float(a.get("speaker_confidence", 0.0))))
    meta = record.get("quotetrail") or {}
    return ArticleResult(
        id=record["id"], text=record.get("text", ""), attributions=atts,
        location=record.get("location"), title=record.get("title"),
        outlet=record.get("outlet"), url=record.get("url"), published=record.get("published"),
        crawled=record.get("crawled"), version=meta.get("version", ""),
        model=meta.get("model", ""))


# -- command line -----------------------------------------------------------------------------

def _stats(n: int, seed: int, one_quote: bool, exact: bool) -> dict[str, Any]:
    variants: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    per_statement: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    speakers: set[str] = set()
    uncredited = 0
    n_att = 0
    for result, truth in generate_with_truth(n, seed, one_quote=one_quote, exact=exact):
        outlets[result.outlet or ""] += 1
        for a, t in zip(result.attributions, truth, strict=True):
            n_att += 1
            variants[t["variant"]] += 1
            kinds[a.kind] += 1
            per_statement[t["statement"]] += 1
            uncredited += not t["credited"]
            if a.speaker:
                speakers.add(a.speaker)
    sizes = Counter(per_statement.values())
    return {
        "articles": n, "attributions": n_att, "statements": len(per_statement),
        "outlets_used": len(outlets), "largest_outlet_articles": max(outlets.values()),
        "distinct_speaker_strings": len(speakers),
        "variants": dict(variants), "kinds": dict(kinds), "uncredited": uncredited,
        "occurrences_per_statement": {
            "mean": round(n_att / max(1, len(per_statement)), 3),
            "max": max(per_statement.values()),
            "histogram": {str(k): sizes[k] for k in sorted(sizes)[:10]},
            "over_10": sum(v for k, v in sizes.items() if k > 10)},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("--out", help="JSONL file to write (default: standard output)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--one-quote", action="store_true",
                    help="every article carries the same recurring statement")
    ap.add_argument("--exact", action="store_true",
                    help="with --one-quote: the recurring quote verbatim, under the full name")
    ap.add_argument("--truth", help="also write the truth, one JSON line per article")
    ap.add_argument("--stats", action="store_true", help="print a summary on standard error")
    ap.add_argument("--params", action="store_true", help="print the parameters and exit")
    args = ap.parse_args(argv)
    if args.params:
        print(json.dumps(PARAMETERS, indent=1, default=str))
        return 0
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115
    truth = open(args.truth, "w", encoding="utf-8") if args.truth else None  # noqa: SIM115
    try:
        for result, t in generate_with_truth(args.n, args.seed, one_quote=args.one_quote,
                                             exact=args.exact):
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            if truth is not None:
                truth.write(json.dumps({"id": result.id, "attributions": t}) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
        if truth is not None:
            truth.close()
    if args.stats:
        print(json.dumps(_stats(args.n, args.seed, args.one_quote, args.exact), indent=1),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
