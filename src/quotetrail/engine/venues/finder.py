"""Addressee and venue: to whom a statement was made, and where.

``find_addressee_and_venue`` reads only the text of the sentence(s) that hold a quote's
cue and content.  It uses regex tokens and small lexicons (``data/venues_*.txt``), no
parse, so one call costs tens of microseconds.  It returns exact spans of the document
text (``text[s.start:s.end] == s.text``) that lie inside the sentence and never overlap
the content, the source, or any other quoted stretch of the sentence.

Why rules and lexicons: the phrases that name an addressee or a venue are few and
formulaic in news ("told Pink News", "said in a statement", "on This Morning"), while
the look-alikes ("on Tuesday", "on the issue", "on immigration", "Follow X on Netflix")
are frequent.  A wrong venue pollutes every quote trail it enters, so every rule below
asks for positive evidence, and the function returns ``None`` when it has none.

Addressee (a noun phrase, never a clause):

* object of a *tell* verb: "told Pink News", "told reporters", "told her parents",
  "told CNN's Jake Tapper", "told Fox News host Sam Reed", "told a crowd of supporters";
* object of *to* after a speech verb or a message noun: "said to reporters", "wrote to
  her parents", "speaking to the BBC", "in a letter to donors", "in remarks to reporters";
* object of *with* after an interview noun: "in an interview with The Guardian";
* object of *by* after a question verb: "asked by NBC", "when pressed by reporters";
* other object verbs (assured, reminded, warned, urged, asked, informed...) and
  "tweeted at": only a name, a pronoun or a person-like noun ("voters", "the committee").

  A capitalised name is returned without a lower-case "the" ("told the Associated
  Press" gives "Associated Press") but with a capital "The" ("The Guardian"); a common
  noun phrase keeps its determiner ("the crowd", "her parents").  After verbs other
  than *tell*, a common noun must be a person or audience word (``venues_people.txt``),
  so "responded to the report" gives nothing.

Venue (the object of the preposition, with its determiner; a ``Venue.type`` from
tv, radio, social, print, online, statement, interview, podcast, event, other):

* a preposition (in, on, at, during, via) + a medium noun from ``venues_heads.txt``:
  "in a statement", "in a tweet", "at a press conference", "in an op-ed", "on his
  podcast", "on his website", "on the radio", "commented on Esme’s tweet" -> "Esme’s
  tweet".  The phrase may carry one extension: "with <addressee>" for interviews
  ("an interview with The Guardian", type interview, and the addressee "The Guardian"),
  "in/at <Place>" for events ("a rally in Ohio"), "in/for <Publication>" for writing
  ("an op-ed in The New York Times"), "on <Programme/Platform>" ("a statement on X",
  which then takes the platform's type), "of <Name>" ("the premiere of Moonrise"), or an
  appositive name ("the podcast Pod Save Town").  A medium modifier overrides interview,
  event and other heads: "a radio interview" is radio, "a televised address" tv.
  The preposition must fit the type: "on" only for tv/radio/podcast/social/online
  ("commented on the speech" is not a venue), "at" only for events.
* "on <Name>" / "during <Name>": a capitalised name that is a known network, programme
  or platform (``venues_names.txt``, also as owner: "CNN's State of the Union"), or that
  carries evidence of being one ("... Live", "... Tonight", "... Radio", "... Podcast"),
  or any name after an appearance word ("an appearance on", "a conversation on").
  Dates and places ("on Tuesday", "on Capitol Hill") never qualify.
* "wrote in / writing for <Publication>": print or online names, known or evident
  ("The Washington Post", "the Herald").

  Gating: strong medium nouns (statement, press release, tweet, interview, press
  conference, speech, op-ed, blog post, podcast) are accepted anywhere in the sentence,
  as is "during" + an event.  Other medium phrases need the cue or a speech/appearance
  word right before the preposition (skipping adverbs, times and the addressee: "told
  viewers on This Morning"), or must open the sentence or follow a comma ("At a rally in
  Ohio, she said").  Named venues always need the cue or such a word: "Follow Heartstopper
  on Netflix" gives nothing.
* Fallback: when nothing else is found and the cue itself names a medium ("tweeted",
  "posted", "blogged"), the venue is the cue word itself with type social/online.  This
  keeps the fact that the words travelled through a platform without inventing a
  platform name; a cue like "wrote" gives nothing, since letters and books are written too.

Choice: candidates whose trigger is the cue itself (the phrase right after the cue) win,
then the one nearest the cue (or the content when there is no cue).

Known limits: no parse, so a venue or addressee belonging to another clause of the same
sentence can be picked; sentence-initial named venues ("On This Morning, Connor said")
are missed on purpose; lexicon-free programme names without evidence ("said on
Sunrise") are missed; lower-case outlet names are not names.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from quotetrail.model import Span, Venue

__all__ = ["addressee_as_venue", "find_addressee_and_venue"]

_S = TypeVar("_S", bound=Span)

_DATA = Path(__file__).parent.parent / "data"


def _rows(name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    with open(_DATA / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                rows.append(line.split("\t"))
    return rows


def _norm(name: str) -> str:
    low = name.lower().replace("’", "'")
    return low[4:] if low.startswith("the ") else low


@dataclass(frozen=True, slots=True)
class _Head:
    type: str
    strong: bool
    nodet: bool


_NAMES: dict[str, str] = {_norm(r[1]): r[0] for r in _rows("venues_names.txt")}
_HEADS: dict[tuple[str, ...], _Head] = {}
for _r in _rows("venues_heads.txt"):
    _flags = set(_r[1].split(","))
    _HEADS[tuple(_r[2].split())] = _Head(_r[0], "strong" in _flags, "nodet" in _flags)
_MAX_HEAD = max(len(k) for k in _HEADS)
_SUFFIX: dict[str, str] = {r[1]: r[0] for r in _rows("venues_suffixes.txt")}
_PEOPLE: frozenset[str] = frozenset(r[0] for r in _rows("venues_people.txt") if len(r) == 1)
_ROLES: frozenset[str] = frozenset(r[1] for r in _rows("venues_people.txt") if r[0] == "role")

_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[@#]?\w+(?:[-'’.&]\w+)*\+?|[^\w\s]")

_TELL = frozenset({"told", "tell", "tells", "telling"})
_OBJ_VERBS = frozenset({
    "assured", "assures", "assuring", "reminded", "reminds", "reminding", "informed",
    "informs", "warned", "warns", "warning", "urged", "urges", "urging", "asked", "asks",
    "asking", "begged", "emailed", "texted", "messaged", "briefed", "promised", "reassured",
    "thanked", "congratulated", "addressed", "addressing",
})
_TO_VERBS = frozenset({
    "said", "says", "say", "saying", "spoke", "speaks", "speak", "speaking", "talked",
    "talking", "talks", "talk", "wrote", "writes", "write", "writing", "explained",
    "explaining", "explains", "admitted", "admitting", "confided", "confiding", "confirmed",
    "confirming", "revealed", "revealing", "complained", "insisted", "replied", "replying",
    "responded", "responding", "remarked", "conceded", "boasted", "joked", "stated",
    "announced", "declared", "lied", "gushed", "apologised", "apologized", "apologising",
    "apologizing", "confessed", "whispered", "shouted", "yelled", "mentioned", "tweeted",
    "tweeting", "pleaded", "protested", "described", "signalled", "signaled",
})
_TO_NOUNS = frozenset({
    "letter", "letters", "email", "e-mail", "emails", "message", "messages", "note", "memo",
    "speech", "address", "remarks", "comments", "statement", "post", "tweet", "video",
    "testimony", "interview", "interviews", "briefing",
})
_WITH_NOUNS = frozenset({
    "interview", "interviews", "conversation", "chat", "sit-down", "exchange", "q&a",
    "call", "podcast", "discussion",
})
_BY_VERBS = frozenset({
    "asked", "questioned", "pressed", "interviewed", "quizzed", "challenged", "approached",
    "contacted",
})
_AT_VERBS = frozenset({"tweeted", "tweeting", "tweets", "lashed", "hit", "fired", "snapped"})
_OBJ_PRONOUNS = frozenset({"me", "us", "him", "them", "you", "her"})
_DETS = frozenset({
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "several", "some",
    "many", "two", "three", "four", "five", "dozens", "hundreds", "thousands", "fellow",
    "both", "all", "these", "those", "this", "other", "assembled", "gathered",
})
_VENUE_DETS = frozenset({
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that",
    "one", "another", "last", "national", "live", "local",
})
_TIME = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sept", "sep", "oct", "nov", "dec", "christmas", "easter", "thanksgiving", "halloween",
    "yesterday", "today", "tonight", "tomorrow", "last", "next", "earlier", "later",
    "week", "weekend", "month", "year", "morning", "afternoon", "evening", "night", "day",
    "recently", "ago", "now", "then", "again", "also", "previously", "first", "once",
    "newyear", "eve",
})
_DATES = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "christmas", "easter", "thanksgiving", "halloween",
})
_FUNCTION = frozenset({
    "that", "which", "who", "whom", "whose", "what", "when", "where", "while", "why", "how",
    "if", "whether", "because", "as", "and", "or", "but", "so", "than", "to", "of", "in",
    "on", "at", "by", "for", "with", "from", "about", "during", "after", "before", "over",
    "under", "into", "onto", "via", "since", "until", "through", "against", "i", "you",
    "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "this", "these",
    "those", "is", "was", "were", "are", "be", "been", "being", "had", "has", "have",
    "would", "could", "should", "will", "can", "may", "might", "must", "did", "do", "does",
    "not", "no", "there", "here", "all", "too", "very", "just", "only", "even", "a", "an",
    "the", "his", "their", "its", "our", "my", "your", "said", "says", "say", "told",
    "it's", "he's", "she's", "they're", "we're", "i'm", "i've", "everything", "nothing",
    "something", "anything", "it’s", "he’s", "she’s",
})
_NOT_ADDRESSEE = frozenset({
    "story", "stories", "truth", "tale", "tales", "lie", "lies", "joke", "jokes", "news",
    "time", "way", "difference", "same", "rest", "whole", "other", "fortune",
})
_NAME_CONNECT = frozenset({"of", "the", "and", "&", "de", "du", "da", "del", "van", "von",
                           "der", "la", "le", "for"})
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Lt", "Col",
                     "Prof", "Sgt", "Capt", "Rev", "Hon", "Pres"})
_CAP_STOP = frozenset({"I", "He", "She", "It", "They", "We", "You", "There", "That", "A",
                       "An", "But", "And", "Or", "So", "If", "When", "While"})
_PLACE_END = frozenset({"hill", "street", "avenue", "road", "lane", "square", "boulevard",
                        "island", "islands", "beach", "campus", "mall", "strip", "drive",
                        "way", "bridge", "coast", "day", "eve", "one"})
_OF_HEADS = frozenset({"members", "member", "crowd", "crowds", "group", "audience", "meeting",
                       "panel", "committee", "room", "gathering", "number", "dozens",
                       "hundreds", "thousands", "delegation", "coalition", "congregation",
                       "board", "couple", "roomful", "hall"})
_TRIGGERS = frozenset({
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "wrote", "writes",
    "write", "writing", "written", "posted", "posting", "posts", "shared", "shares",
    "sharing", "tweeted", "tweeting", "commented", "commenting", "added", "adds", "adding",
    "explained", "explains", "explaining", "revealed", "reveals", "revealing", "admitted",
    "admits", "admitting", "joked", "jokes", "joking", "appeared", "appears", "appearing",
    "appear", "spoke", "speaks", "speaking", "talked", "talking", "talks", "confirmed",
    "confirms", "announced", "announces", "insisted", "insists", "argued", "argues",
    "claimed", "claims", "declared", "stated", "states", "replied", "replies", "responded",
    "responds", "responding", "remarked", "warned", "warns", "noted", "notes", "conceded",
    "boasted", "vowed", "pledged", "promised", "urged", "called", "calling", "described",
    "describing", "recalled", "recalls", "reflected", "gushed", "raved", "quipped",
    "teased", "hinted", "acknowledged", "stressed", "emphasised", "emphasized",
    "suggested", "predicted", "blasted", "slammed", "praised", "criticised", "criticized",
    "defended", "discussed", "discussing", "asked", "answered", "interviewed", "questioned",
    "guested", "featured", "opened", "broke", "weighed", "hit", "reacted", "reacting",
    "appearance", "appearances", "interview", "interviews", "conversation", "chat",
    "segment", "remarks", "comments", "statement", "post", "video", "message", "thread",
    "episode", "guest", "spot", "sit-down", "broadcast", "livestream", "stint", "words",
    "penned", "published", "publishing", "blogged", "messaged", "replying",
})
_APPEAR = frozenset({"appearance", "appearances", "appeared", "appearing", "appears",
                     "appear", "guest", "guested", "interview", "interviews", "conversation",
                     "chat", "segment", "episode", "spot", "stint", "sit-down", "interviewed"})
_WRITE = frozenset({"wrote", "writes", "write", "writing", "written", "penned", "pens",
                    "published", "publishing", "column", "op-ed", "essay", "article",
                    "piece", "editorial", "letter"})
_SKIP = frozenset({"up", "out", "back", "off", "down", "in", "both", "later", "earlier",
                   "also", "then", "again", "live", "first", "once", "further", "last",
                   "this", "week", "night", "morning", "evening", "afternoon", "the",
                   "yesterday", "today", "tonight", "publicly", "previously", "recently"})
_MEDIUM_MOD = {"radio": "radio", "tv": "tv", "television": "tv", "televised": "tv",
               "broadcast": "tv", "podcast": "podcast", "online": "online", "web": "online",
               "newspaper": "print", "magazine": "print", "print": "print"}
_PREP_TYPES = {
    "on": frozenset({"tv", "radio", "podcast", "social", "online"}),
    "at": frozenset({"event"}),
    "during": frozenset({"event", "interview", "tv", "radio", "podcast", "other"}),
    "via": frozenset({"social", "online", "statement"}),
    "in": frozenset({"tv", "radio", "podcast", "social", "online", "print", "statement",
                     "interview", "event", "other"}),
}
_OVERRIDABLE = frozenset({"interview", "other", "statement", "event", "social"})
_CUE_MEDIUM = {"tweeted": "social", "tweets": "social", "tweet": "social",
               "tweeting": "social", "retweeted": "social", "posted": "social",
               "posts": "social", "posting": "social", "blogged": "online",
               "instagrammed": "social", "livestreamed": "social"}
_HEAD_FOLLOW_STOP = frozenset({
    "office", "offices", "room", "process", "horizon", "piece", "pieces", "host", "hosts",
    "producer", "producers", "series", "schedule", "slot", "ratings", "writer", "writers",
    "fee", "fees", "card", "cards", "code", "box", "match", "war", "graduate", "season",
    "runner", "runners", "organiser", "organisers", "organizer", "organizers", "venue",
    "ticket", "tickets", "circuit", "industry", "business", "star", "stars", "format",
})
_PUNCT_OPEN = frozenset({",", "(", "—", "–", ";", ":", "-"})


def _is_cap(t: str) -> bool:
    c = t[1] if t[0] in "@#" and len(t) > 1 else t[0]
    return c.isupper() or (t[0] == "@" and len(t) > 1)


def _is_word(t: str) -> bool:
    return t[0].isalnum() or (t[0] in "@#" and len(t) > 1)


def _poss(t: str) -> bool:
    return len(t) > 2 and (t.endswith("'s") or t.endswith("’s"))


def _bare(t: str) -> str:
    return t[:-2] if _poss(t) else t


def _person(low: str) -> bool:
    return low in _PEOPLE or (low.endswith("s") and low[:-1] in _PEOPLE)


class _Sent:
    """The tokens of one sentence, with the stretches that no answer may touch."""

    __slots__ = ("base", "blocked", "cue", "ends", "lows", "n", "starts", "toks")

    def __init__(self, text: str, a: int, b: int, blocks: list[tuple[int, int]],
                 cue: tuple[int, int] | None) -> None:
        self.base = a
        ms = list(_TOKEN_RE.finditer(text, a, b))
        self.starts: list[int] = [m.start() for m in ms]
        self.ends: list[int] = [m.end() for m in ms]
        self.toks: list[str] = [m.group() for m in ms]
        self.lows = [t.lower() for t in self.toks]
        self.n = len(self.toks)
        self.blocked = self._marks(sorted(blocks))
        self.cue = self._marks([cue] if cue is not None else [])

    def _marks(self, spans: list[tuple[int, int]]) -> list[bool]:
        """For each token, whether it overlaps one of the character spans."""
        out = [False] * self.n
        for bs, be in spans:
            for i in range(bisect_right(self.ends, bs), bisect_left(self.starts, be)):
                out[i] = True
        return out

    def ok(self, i: int) -> bool:
        return 0 <= i < self.n and not self.blocked[i]

    def word(self, i: int) -> bool:
        return self.ok(i) and _is_word(self.toks[i])


_QUOTE_RE = re.compile(r"[“”«»„\"‘]")


def _quoted(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Stretches of text[a:b] between quotation marks (marks included); an unclosed opening
    mark runs to the end, a closing mark without an opening one runs from the start."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    straight: int | None = None
    for m in _QUOTE_RE.finditer(text, a, b):
        i = m.start()
        c = text[i]
        if c in "“«„":
            if open_at is None:
                open_at = i
        elif c in "”»":
            out.append((a if open_at is None else open_at, i + 1))
            open_at = None
        elif c == '"':
            if straight is None:
                straight = i
            else:
                out.append((straight, i + 1))
                straight = None
        elif i == a or not text[i - 1].isalnum():  # ‘ opening a single-quoted title
            j = text.find("’", i + 1, b)
            while j >= 0 and j + 1 < b and text[j + 1].isalnum():
                j = text.find("’", j + 1, b)
            if j >= 0:
                out.append((i, j + 1))
    if open_at is not None:
        out.append((open_at, b))
    if straight is not None:
        out.append((straight, b))
    return out


def _name_end(s: _Sent, i: int) -> int:
    """End (exclusive) of a capitalised name starting at token i, or i when there is none.

    Connectors (of, the, and, &, de...) join capitalised words ("State of the Union");
    a possessive ends the name ("CNN's"); dates at either end are not part of it unless
    the whole is a known name ("Fox News Sunday", "Good Morning America").
    """
    j = i
    last = i
    while s.ok(j):
        t = s.toks[j]
        if _is_word(t) and (_is_cap(t) or (t[0].isdigit() and last > i)):
            if j == i and t in _CAP_STOP:
                break
            j += 1
            last = j
            if _poss(t):
                break
            if t in _TITLES and s.ok(j) and s.toks[j] == "." and s.starts[j] == s.ends[j - 1]:
                j += 1
                last = j
            continue
        if last == j > i and (s.lows[j] in _NAME_CONNECT or t == "&"):
            m = j + 1
            if s.ok(m) and s.lows[m] == "the" and s.lows[j] != "the":
                m += 1
            if s.word(m) and _is_cap(s.toks[m]) and s.toks[m] not in _CAP_STOP:
                j = m
                continue
        break
    if all(s.toks[k] in ("The", "A", "An") for k in range(i, last)):
        return i
    if _norm(" ".join(_bare(t) for t in s.toks[i:last])) in _NAMES:
        return last
    while last > i and _bare(s.lows[last - 1]) in _DATES:
        last -= 1
        if _poss(s.toks[last]):
            return i
    if last > i and s.lows[i] in _TIME:
        return i
    return last


def _poss_end(s: _Sent, j: int) -> int:
    """If the name ending at token j is possessive, the index after the possessive, else -1."""
    if j > 0 and _poss(s.toks[j - 1]):
        return j
    if (s.ok(j) and s.toks[j] in ("'", "’") and s.starts[j] == s.ends[j - 1]
            and s.lows[j - 1].endswith("s")):
        return j + 1
    return -1


def _np_words(s: _Sent, i: int, limit: int = 5) -> list[int]:
    out: list[int] = []
    j = i
    while len(out) < limit and s.word(j):
        low = s.lows[j]
        if low in _FUNCTION or low in _TIME or _poss(s.toks[j]):
            break
        if not (s.toks[j][0].isalpha()):
            break
        out.append(j)
        j += 1
    return out


def _common_np(s: _Sent, i: int, human: bool, has_det: bool) -> int:
    """End of a common noun phrase whose words start at i (after any determiner), or -1."""
    words = _np_words(s, i)
    if not words:
        return -1
    end = -1
    for k in range(len(words) - 1, -1, -1):
        if _person(s.lows[words[k]]) and s.toks[words[k]][0].islower():
            end = words[k] + 1
            break
    if end < 0:
        if human or not has_det:
            return -1
        for k, w in enumerate(words):
            low = s.lows[w]
            if low.endswith("ly") or low in _NOT_ADDRESSEE:
                if k == 0:
                    return -1
                break
            end = w + 1
        if end < 0 or not s.toks[end - 1][0].islower():
            return -1
    if (s.ok(end) and s.lows[end] == "of" and s.lows[end - 1] in _OF_HEADS):
        j = end + 1
        sub = -1
        if s.ok(j) and s.lows[j] in _DETS:
            sub = _common_np(s, j + 1, False, True)
            if sub < 0:
                sub = _name_end(s, j + 1)
                sub = sub if sub > j + 1 else -1
        elif s.word(j) and _is_cap(s.toks[j]):
            sub = _name_end(s, j)
            sub = sub if sub > j else -1
        else:
            sub = _common_np(s, j, True, False)
        if sub > 0:
            end = sub
    return end


def _addressee_at(s: _Sent, i: int, human: bool) -> tuple[int, int] | None:
    """The addressee noun phrase starting at token i, as a token range, or None."""
    if not s.word(i):
        return None
    t, low = s.toks[i], s.lows[i]
    if low in _OBJ_PRONOUNS and t[0].islower():
        nxt = _np_words(s, i + 1, 3) if low == "her" else []
        if not nxt:
            return (i, i + 1)
        end = _common_np(s, i + 1, human, True)
        return (i, end) if end > 0 else (i, i + 1)
    start = i
    if low == "the" and t[0] == "t" and s.word(i + 1) and _is_cap(s.toks[i + 1]):
        j = _name_end(s, i + 1)
        if j > i + 1:
            if s.ok(j) and _person(s.lows[j]) and s.toks[j][0].islower():
                return (i, j + 1)  # "the Senate committee"
            return _name_tail(s, i + 1, j)
    if _is_cap(t):
        j = _name_end(s, i)
        if j == i:
            return None
        return _name_tail(s, start, j)
    if low in _DETS:
        end = _common_np(s, i + 1, human, True)
        return (i, end) if end > 0 else None
    end = _common_np(s, i, True, False)
    return (i, end) if end > 0 else None


def _name_tail(s: _Sent, i: int, j: int) -> tuple[int, int] | None:
    """Extend the name tokens [i, j) with a possessive, a role or a person noun."""
    if s.lows[i] in _TIME:
        return None
    p = _poss_end(s, j)
    if p > 0:
        k = _name_end(s, p)
        if k > p:
            j = k
        else:
            end = _common_np(s, p, True, True)
            if end < 0:
                return None
            return (i, end)
    if s.ok(j) and s.lows[j] in _ROLES and s.toks[j][0].islower():
        k = _name_end(s, j + 1)
        j = k if k > j + 1 else j + 1
    elif s.ok(j) and _person(s.lows[j]) and s.toks[j][0].islower():
        j += 1
    return (i, j)


def _next_word(s: _Sent, i: int) -> int:
    """Index after skipping one adverb or time word at i."""
    if s.ok(i) and (s.lows[i] in _TIME or (s.lows[i].endswith("ly") and len(s.lows[i]) > 4)):
        return i + 1
    return i


_ADDR_TRIGGERS = _TELL | _OBJ_VERBS | _TO_VERBS | _TO_NOUNS | _WITH_NOUNS | _BY_VERBS | _AT_VERBS


def _addressees(s: _Sent) -> list[tuple[int, int, int]]:
    """Candidate addressees as (trigger index, first token, end token)."""
    out: list[tuple[int, int, int]] = []
    for k, low in enumerate(s.lows):
        if low not in _ADDR_TRIGGERS or s.blocked[k]:
            continue
        got: tuple[int, int] | None = None
        nxt = s.lows[k + 1] if s.ok(k + 1) else ""
        if (low in _BY_VERBS and nxt == "by") or (low in _AT_VERBS and nxt == "at"):
            got = _addressee_at(s, k + 2, True)
        elif low in _TELL:
            got = _addressee_at(s, k + 1, False)
        elif low in _OBJ_VERBS:
            got = _addressee_at(s, k + 1, True)
        if got is None and (low in _TO_VERBS or low in _TO_NOUNS):
            j = _next_word(s, k + 1)
            if s.ok(j) and s.lows[j] == "to":
                got = _addressee_at(s, j + 1, True)
        if got is None and low in _WITH_NOUNS and s.ok(k + 1) and s.lows[k + 1] == "with":
            got = _addressee_at(s, k + 2, True)
        if got is not None and got[1] > got[0]:
            out.append((k, got[0], got[1]))
    return out


def _named_type(s: _Sent, i: int, j: int) -> str | None:
    """The type of the capitalised name tokens [i, j): lexicon, then evidence."""
    name = " ".join(_bare(t) for t in s.toks[i:j])
    hit = _NAMES.get(_norm(name))
    if hit:
        return hit
    for k in range(j - 1, i, -1):  # longest known prefix: "Fox News Sunday"
        hit = _NAMES.get(_norm(" ".join(s.toks[i:k])))
        if hit:
            return hit
    words = [_bare(t) for t in s.toks[i:j]]
    for w in words:
        if w in ("Radio", "FM", "Podcast", "Channel", "TV"):
            return _SUFFIX[w]
    return _SUFFIX.get(words[-1])


def _named_stop(s: _Sent, i: int, j: int) -> bool:
    """Dates and places: "on Tuesday", "on Capitol Hill" (unless a known name)."""
    if _norm(" ".join(_bare(t) for t in s.toks[i:j])) in _NAMES:
        return False
    return s.lows[i] in _TIME or _bare(s.lows[j - 1]) in _PLACE_END


def _match_head(s: _Sent, i: int) -> tuple[int, _Head] | None:
    for size in range(_MAX_HEAD, 0, -1):
        if i + size > s.n:
            continue
        key = tuple(s.lows[i:i + size])
        head = _HEADS.get(key)
        if head is None:
            continue
        if any(s.blocked[k] or not (s.toks[k].islower() or s.toks[k].isupper())
               for k in range(i, i + size)):
            continue
        return size, head
    return None


@dataclass(slots=True)
class _Cand:
    start: int  # token range
    end: int
    type: str
    strong: bool
    named: bool
    prep: int
    addressee: tuple[int, int] | None = None


_MONTHS = _DATES - {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday", "christmas", "easter", "thanksgiving", "halloween"}


def _date_end(s: _Sent, j: int) -> int:
    """The token after a written date starting at j ("June 10, 2009", "March 2011"), or j."""
    if not s.ok(j) or s.lows[j].rstrip(".") not in _MONTHS or not _is_cap(s.toks[j]):
        return j
    k = j + 1
    if s.ok(k) and s.toks[k].isdigit() and len(s.toks[k]) <= 2:
        k += 1
        if s.ok(k + 1) and s.toks[k] == "," and s.toks[k + 1].isdigit() and \
                len(s.toks[k + 1]) == 4:
            k += 2
    elif s.ok(k) and s.toks[k].isdigit() and len(s.toks[k]) == 4:
        k += 1
    return k if k > j + 1 else j


def _medium_np(s: _Sent, p: int) -> _Cand | None:
    """prep + [det] [modifiers] medium-head [extension]."""
    prep = s.lows[p]
    j = p + 1
    has_det = False
    owner_type: str | None = None
    if s.ok(j) and s.lows[j] in _VENUE_DETS and s.toks[j][0].islower():
        j += 1
        has_det = True
    elif s.word(j) and _is_cap(s.toks[j]):
        e = _name_end(s, j)
        pe = _poss_end(s, e) if e > j else -1
        if pe > 0:
            owner_type = _named_type(s, j, e)
            j = pe
            has_det = True
    mods: list[int] = []
    found: tuple[int, _Head] | None = None
    for _ in range(4):
        found = _match_head(s, j)
        if found and _match_head(s, j + found[0]) is None:
            break
        if found:  # "radio interview", "video message": the first head is a modifier
            mods.extend(range(j, j + found[0]))
            j += found[0]
            found = None
            continue
        date_end = _date_end(s, j)
        if date_end > j:  # "a June 10, 2009 email": a date inside the phrase
            mods.extend(range(j, date_end))
            j = date_end
            continue
        if not s.word(j) or s.lows[j] in _FUNCTION or _poss(s.toks[j]):
            return None
        mods.append(j)
        j += 1
    if found is None:
        return None
    size, head = found
    end = j + size
    if not (has_det or head.nodet or mods):
        return None
    if not has_det and not head.nodet and not any(_is_cap(s.toks[m]) for m in mods):
        return None
    last = s.toks[end - 1]
    if _poss(last):
        return None
    if s.ok(end) and (s.lows[end] in _HEAD_FOLLOW_STOP
                      or (s.toks[end] in ("'", "’", "-") and s.starts[end] == s.ends[end - 1])):
        return None
    if prep == "in" and s.lows[end - 1] == "event":
        return None
    if prep == "in" and s.lows[end - 1] == "post" and s.lows[p + 1] == "the" and not mods:
        return None  # "in the post": the mail
    vtype = head.type
    # a medium modifier ("radio interview", "televised address", "CNN interview")
    mod_type: str | None = owner_type
    for m in mods:
        mt = _MEDIUM_MOD.get(s.lows[m])
        if mt is None and _is_cap(s.toks[m]):
            mt = _NAMES.get(_norm(s.toks[m]))
        if mt is not None:
            mod_type = mt
    if mod_type is None:
        caps = [m for m in mods if _is_cap(s.toks[m])]
        if caps:
            mod_type = _NAMES.get(_norm(" ".join(s.toks[caps[0]:caps[-1] + 1])))
    if owner_type in ("tv", "radio", "podcast"):
        mod_type = owner_type
    broadcast_mod = vtype == "tv" and mod_type in ("radio", "podcast")
    if broadcast_mod or (mod_type and mod_type not in ("print", "other", "event")
                         and vtype in _OVERRIDABLE):
        vtype = mod_type or vtype
    elif mod_type == "print" and vtype in ("interview", "other"):
        vtype = "print"
    cand = _Cand(p + 1, end, vtype, head.strong, False, p)
    _extend(s, cand, head)
    if prep == "in" and s.lows[p + 1] in ("the",) and not mods and vtype == "tv" \
            and s.lows[end - 1] == "show":
        cand.strong = False
    return cand


def _extend(s: _Sent, c: _Cand, head: _Head) -> None:
    """Add one extension after the head: with/on/in/at/for/of + name, or an appositive name."""
    e = c.end
    if not s.ok(e):
        return
    low = s.lows[e]
    t = head.type
    if low == "with" and t in ("interview", "other", "podcast", "tv", "radio"):
        got = _addressee_at(s, e + 1, True)
        if got:
            c.end = got[1]
            c.addressee = got
        return
    if low in ("on", "via") and s.word(e + 1):
        j = e + 1
        if s.lows[j] == "the" and s.word(j + 1) and _is_cap(s.toks[j + 1]):
            j += 1
        k = _name_end(s, j)
        if k > j and not _named_stop(s, j, k):
            nt = _named_type(s, j, k)
            if nt is None and t == "event" and s.lows[c.end - 1] == "appearance":
                nt = "tv"
            if nt is not None and nt not in ("print", "event", "other"):
                c.end = k
                if t in _OVERRIDABLE or t == "tv":
                    c.type = nt
        return
    if low in ("in", "for", "at") and s.word(e + 1):
        j = e + 1
        if s.lows[j] == "the" and s.word(j + 1) and _is_cap(s.toks[j + 1]):
            j += 1
        k = _name_end(s, j)
        if k <= j or s.lows[j] in _TIME or _poss_end(s, k) > 0:
            return
        if (t in ("print", "online") and low in ("in", "for")) or (
                t == "event" and low in ("in", "at")):
            c.end = k
        elif t == "interview" and low in ("for", "in"):
            nt = _named_type(s, j, k)
            if nt in ("print", "online"):
                c.end = k
        return
    if low == "of" and t in ("event", "tv", "podcast", "radio") and s.word(e + 1):
        j = e + 1
        if s.lows[j] == "the" and s.word(j + 1) and _is_cap(s.toks[j + 1]):
            j += 1
        k = _name_end(s, j)
        if k > j and s.lows[j] not in _TIME and _poss_end(s, k) < 0:
            c.end = k
        return
    if t in ("podcast", "tv", "radio") and _is_cap(s.toks[e]) and s.word(e):
        k = _name_end(s, e)
        if k > e and s.lows[e] not in _TIME and _poss_end(s, k) < 0:
            c.end = k


def _named(s: _Sent, p: int) -> _Cand | None:
    """prep + a capitalised programme, network or platform name ("on CNN's State of the Union")."""
    j = p + 1
    if s.ok(j) and s.toks[j] == "the":
        j += 1
    if not (s.word(j) and _is_cap(s.toks[j])):
        return None
    start = j
    k = _name_end(s, j)
    if k == j or _named_stop(s, j, k):
        return None
    ntype = _named_type(s, j, k)
    pe = _poss_end(s, k)
    end = k
    if pe > 0:  # owner's programme: "CNN's State of the Union", "BBC Radio 4's Today programme"
        k2 = _name_end(s, pe)
        if k2 == pe:
            return None
        own = ntype if ntype in ("tv", "radio", "podcast") else _named_type(s, pe, k2)
        ntype, end = own, k2
        if ntype in ("print", "other", "event", "social"):
            ntype = None
    found = _match_head(s, end)
    if found:
        size, head = found
        if head.type in ("tv", "radio", "podcast", "online"):
            if ntype is None or ntype in ("other", "print"):
                ntype = head.type
            end += size
            if s.toks[start - 1] == "the" and start - 1 > p:
                start -= 1
    elif s.toks[start - 1] == "the" and start - 1 > p and ntype is None:
        return None
    if ntype is None and s.lows[p] == "on" and _appear_before(s, p):
        ntype = "tv"
    if ntype is None:
        return None
    return _Cand(start, end, ntype, False, True, p)


# words in -ing that open sentences without being participles
_NOT_PARTICIPLES = frozenset({
    "nothing", "something", "anything", "everything", "according", "during", "morning",
    "evening", "thing", "things", "king", "spring", "wedding", "building", "meeting",
    "ceiling", "string", "sibling", "pudding", "darling", "notwithstanding"})


def _fronted_participle(s: _Sent, p: int, end: int) -> bool:
    """The preposition sits in a participle phrase opening the sentence and set off by a
    comma before the cue: "Making the rounds on the Sunday shows, Quinn said …"."""
    first = s.lows[0] if s.lows else ""
    if not (first.endswith("ing") and len(first) > 4) or first in _NOT_PARTICIPLES or \
            s.blocked[0]:
        return False
    if any(s.blocked[i] or s.cue[i] for i in range(p)):
        return False
    after = next((i for i in range(end, len(s.toks)) if s.toks[i] == ","), None)
    cue_at = next((i for i in range(len(s.toks)) if s.cue[i]), None)
    return after is not None and cue_at is not None and after < cue_at


def _appear_before(s: _Sent, p: int) -> bool:
    k = _back(s, p, {})
    return k >= 0 and s.lows[k] in _APPEAR


def _back(s: _Sent, p: int, addr_ends: dict[int, int]) -> int:
    """Index of the token that governs the preposition at p, skipping adverbs, times, addressees."""
    k = p - 1
    while k >= 0:
        if s.blocked[k]:
            return k
        if k + 1 in addr_ends:
            k = addr_ends[k + 1] - 1
            continue
        low = s.lows[k]
        if (low in _SKIP or low in _TIME or (low.endswith("ly") and len(low) > 4
                                             and not _person(low))
                or (_poss(low) and _bare(low) in _TIME)):
            k -= 1
            continue
        break
    return k


def _print_named(s: _Sent, p: int, addr_ends: dict[int, int]) -> _Cand | None:
    """'wrote in The Washington Post', 'writing for the Herald'."""
    k = _back(s, p, addr_ends)
    if k < 0 or s.blocked[k] or s.lows[k] not in _WRITE:
        return None
    j = p + 1
    if s.ok(j) and s.toks[j] == "the":
        j += 1
    if not (s.word(j) and _is_cap(s.toks[j])):
        return None
    e = _name_end(s, j)
    if e == j or _named_stop(s, j, e) or _poss_end(s, e) > 0:
        return None
    nt = _named_type(s, j, e)
    if nt not in ("print", "online"):
        return None
    return _Cand(j, e, nt, False, True, p)


def _gap(a: int, b: int, c0: int, c1: int) -> int:
    if b <= c0:
        return c0 - b
    if a >= c1:
        return a - c1
    return 0


def find_addressee_and_venue(text: str, sentence: tuple[int, int], cue: Span | None,
                             content: Span, source: Span | None,
                             ) -> tuple[Span | None, Venue | None]:
    """Within text[sentence[0]:sentence[1]] (the sentence(s) holding the cue and/or the
    content), outside the content span, find to whom the statement was addressed and
    where it was made.  See the module docstring for the rules."""
    n = len(text)
    a = min(max(sentence[0], 0), n)
    b = min(max(sentence[1], a), n)
    if a >= b:
        return None, None
    # what a venue or addressee may never overlap: the content and the source
    guard: list[tuple[int, int]] = [(content.start, max(content.end, content.start + 1))]
    if source is not None:
        guard.append((source.start, max(source.end, source.start + 1)))
    blocks = [*guard, *_quoted(text, a, b)]
    s = _Sent(text, a, b, blocks, (cue.start, cue.end) if cue is not None else None)
    anchor = (cue.start, cue.end) if cue is not None else (content.start, content.end)

    # --- addressee
    addr = _addressees(s)
    addr_ends = {e: st for _, st, e in addr}
    best_addr: tuple[int, int, int, int] | None = None  # rank, gap, start, end (tokens)
    for trig, st, e in addr:
        rank = 0 if s.cue[trig] else 1
        gap = _gap(s.starts[st], s.ends[e - 1], *anchor)
        key = (rank, gap, st, e)
        if best_addr is None or key < best_addr:
            best_addr = key

    # --- venue
    best_venue: tuple[int, int, int, int, str] | None = None
    for p, prep in enumerate(s.lows):
        if (prep not in _PREP_TYPES and prep != "for") or s.blocked[p]:
            continue
        cand: _Cand | None = None
        if prep in _PREP_TYPES:
            cand = _medium_np(s, p)
            if cand is None and prep in ("on", "during", "via"):
                cand = _named(s, p)
        if cand is None and prep in ("in", "for"):
            cand = _print_named(s, p, addr_ends)
        if cand is None:
            continue
        if prep in _PREP_TYPES and not cand.named and cand.type not in _PREP_TYPES[prep]:
            continue
        if prep == "on" and cand.named and cand.type not in _PREP_TYPES["on"]:
            continue
        k = _back(s, p, addr_ends)
        if k >= 0 and s.cue[k]:
            ctx = 0
        elif k >= 0 and not s.blocked[k] and s.lows[k] in _TRIGGERS:
            ctx = 1
        elif k < 0 or (not s.blocked[k] and s.toks[k] in _PUNCT_OPEN) or \
                _fronted_participle(s, p, cand.end):
            ctx = 2
        else:
            ctx = 3
        if cand.named:
            if ctx > 1 and not (cand.type in ("print", "online") and prep in ("in", "for")):
                continue
        elif not cand.strong and ctx > 2 and not (
                prep == "during" and cand.type in _PREP_TYPES["during"]):
            continue
        if any(s.blocked[i] for i in range(cand.start, cand.end)):
            continue
        rank = 0 if ctx == 0 else 1
        gap = _gap(s.starts[cand.start], s.ends[cand.end - 1], *anchor)
        key = (rank, gap, cand.start, cand.end, cand.type)
        if best_venue is None or key < best_venue:
            best_venue = key

    addressee: Span | None = None
    venue: Venue | None = None
    if best_addr is not None:
        addressee = Span.of(text, s.starts[best_addr[2]], s.ends[best_addr[3] - 1])
    if best_venue is not None:
        venue = Venue.of_type(text, s.starts[best_venue[2]], s.ends[best_venue[3] - 1],
                              best_venue[4])
    elif (titled := _quoted_programme(text, a, b, anchor, guard)) is not None:
        venue = titled
    elif cue is not None and a <= cue.start < cue.end <= b:
        medium = _CUE_MEDIUM.get(text[cue.start:cue.end].lower())
        if medium:
            venue = Venue.of_type(text, cue.start, cue.end, medium)
    return _safe(addressee, guard, a, b), _safe(venue, guard, a, b)


def _safe(span: _S | None, guard: list[tuple[int, int]], a: int, b: int) -> _S | None:
    """The last guard of the contract: inside the sentence, outside content and source."""
    if span is None or span.start >= span.end or span.start < a or span.end > b:
        return None
    for bs, be in guard:
        if span.start < be and span.end > bs:
            return None
    return span


_PROGRAMME_AFTER_RE = re.compile(r"(?:['’]s|['’])\s?([“\"])([^“”\"\n]{1,60})([”\"])")
_BROADCAST = ("tv", "radio", "podcast")
_TITLE_SMALL = ("the", "a", "of", "and", "in", "on", "at", "to")
# "on ABC's “This Week”": a preposition of broadcasting, then a network's name
_ON_OWNER_RE = re.compile(r"\b(?:on|during)\s+((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,3})"
                          r"(?=['’]s?\s?[“\"])")


def _is_title(words: str) -> bool:
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL for w in words.split())


_RELATIVE_RE = re.compile(r"\b(?:who|which|whose|where)\b")


def _programme_after(text: str, pos: int, owner: str | None) -> re.Match[str] | None:
    """A broadcaster's programme title in quotation marks right after its name's end
    ("ABC’s “This Week”"), or None."""
    if owner not in _BROADCAST:
        return None
    m = _PROGRAMME_AFTER_RE.match(text, pos)
    return m if m is not None and _is_title(m.group(2).rstrip(",. ")) else None


def _quoted_programme(text: str, a: int, b: int, anchor: tuple[int, int],
                      blocks: list[tuple[int, int]]) -> Venue | None:
    """'said on ABC’s “This Week” on Sunday', 'Speaking on CNN’s “State of the Union,”':
    a network the lexicon knows, then its programme's title in quotation marks.  The
    token rules stop at the quotation (a quotation is nobody's venue), so the title is
    read here; the one nearest the cue wins."""
    best: tuple[int, int, int, str] | None = None
    for m in _ON_OWNER_RE.finditer(text, a, b):
        owner = _NAMES.get(_norm(m.group(1)))
        title = _programme_after(text, m.end(1), owner)
        if title is None or title.end() > b:
            continue
        start, end = m.start(1), title.end()
        if any(start < be and end > bs for bs, be in blocks):
            continue
        clause_start = max(a, text.rfind(",", a, start) + 1)
        between = text[min(end, anchor[0]):max(start, anchor[1])]
        if _RELATIVE_RE.search(text, clause_start, start) or _RELATIVE_RE.search(between):
            continue  # "Quinn, who appeared on ABC’s “This Week” last year, said": not here
        key = (_gap(start, end, *anchor), start, end, owner)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    return Venue.of_type(text, best[1], best[2], best[3])


def addressee_as_venue(text: str, addressee: Span) -> tuple[Span, Venue] | None:
    """The addressee and venue when the addressee is itself a programme or a network.

    "told CNN" (a network the lexicon knows), "he told the show" (a broadcast head), and
    "told ABC's “Good Morning America”" (a network's programme in quotation marks,
    which the addressee then takes in): to whom and where are one name.
    """
    name = addressee.text
    if name.endswith(("'s", "’s", "'", "’")) and _PROGRAMME_AFTER_RE.match(
            text, addressee.end - 2 if name.endswith("s") else addressee.end - 1) is None:
        return None  # "CNN’s" cut from "CNN’s Jake Tapper": a person, not the network
    owner = _NAMES.get(_norm(_bare(name)))
    words = name.split()
    if owner is None and name[:1].isupper() and len(words) > 1:
        owner = _SUFFIX.get(words[-1])  # "Northern Tonight", "Harwick FM"
        if owner is None and words[-1].isdigit():  # "Fox News 6": a local station
            owner = _NAMES.get(_norm(" ".join(words[:-1])))
    m = _programme_after(text, addressee.end, owner)
    if m is not None:
        whole = Span.of(text, addressee.start, m.end())
        return whole, Venue.of_type(text, whole.start, whole.end, owner)
    if owner in _BROADCAST:
        return addressee, Venue.of_type(text, addressee.start, addressee.end, owner)
    lows = name.lower().split()
    head = _HEADS.get((lows[-1],)) if len(lows) == 2 else None
    if head is not None and lows[0] in ("the", "his", "her", "their") and \
            head.type in _BROADCAST and name.split()[-1].islower():
        return addressee, Venue.of_type(text, addressee.start, addressee.end, head.type)
    return None
