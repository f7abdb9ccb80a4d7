"""Which name forms of a bucket are one speaker: the identity rules, as a pure function.

A *bucket* holds the forms that could name the same speaker: a surname's forms ("Hillary
Rodham Clinton", "Bill Clinton", "H. Clinton", a bare "Clinton" said of a woman), or the
organisations sharing a set of initials ("Federal Bureau of Investigation", "FBI").
:func:`cluster_bucket` cuts a bucket into speakers; :func:`speaker_ids` names them.  The
result depends only on the bucket's content (its forms, their gender evidence, the
pairs that articles set apart or together, the user's edits), never on the order in
which articles arrived, so the store can recompute one bucket whenever it changes.

Persons.  Forms are taken most informative first -- given names before initials before
bare surnames; within each, names without a suffix, then more middle names, then longer
given names (the formal "Joseph" before the nickname "Joe") -- and each form joins the
one speaker it fits, or starts its own:

* a form fits a speaker when it fits every form already in it: same surname; given names
  equal, a nickname or short form of each other ("Mike" ~ "Michael", "Stan" ~ "Stanley"),
  an initial that agrees, or missing; middle names that do not contradict ("George W." is
  not "George H. W."); suffixes that do not contradict ("Jr." is not "Sr.");
* the fit is *strong* when only middle names are missing, *weak* when it needs a
  nickname, an initial, a missing given name or a missing suffix; a weak fit also needs
  the genders articles state (honorifics, pronouns) not to contradict;
* two full names that an article credits side by side with different given names or
  suffixes ("Donald Trump" and "Donald Trump Jr.") are two people, everywhere;
* a bare surname never fits a person its article names apart ("Obama" next to
  "Michelle Obama" is someone else);
* a form joins the one speaker it fits strongly, else the one it fits weakly; when it
  fits two or more, the gender its given names suggest may leave one ("Mr. Obama" and
  Barack, not Michelle); otherwise it is a speaker of its own -- never a guess between
  two people.

Organisations.  Two different names are two organisations.  An acronym joins the long
form an article pairs it with ("Harwick Transit Authority (HTA)") when the pairs found
name exactly one; with no pair, the one organisation of the corpus whose initials its
letters are; otherwise it is an organisation of its own.  Groups and documents are their
whole name.

Edits.  A split form (``quotetrail speakers split``) is a speaker of its own, which no
other form joins; merges are applied by the store, over the speakers this module cuts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quotetrail.corpus.names import Form, slug
from quotetrail.engine.speakers.gender import given_name_gender
from quotetrail.engine.speakers.names import given_forms, given_variant

__all__ = ["NO", "STRONG", "WEAK", "BucketForm", "Speaker", "cluster_bucket", "gender_class",
           "speaker_ids"]

NO, WEAK, STRONG = 0, 1, 2
#: Share of a speaker's gendered evidence that must agree for the speaker to have that gender.
GENDER_AGREEMENT = 0.8


def gender_class(n_m: int, n_f: int) -> str:
    """"m", "f" or "" from counts of articles stating each (a clear majority decides)."""
    total = n_m + n_f
    if not total:
        return ""
    if n_m >= GENDER_AGREEMENT * total:
        return "m"
    if n_f >= GENDER_AGREEMENT * total:
        return "f"
    return ""


@dataclass(frozen=True, slots=True)
class BucketForm:
    """A form of the bucket with what the rules read: its id, the form, its gender counts."""

    id: int
    form: Form
    n_m: int = 0
    n_f: int = 0

    @property
    def key(self) -> str:
        return self.form.key

    @property
    def stated_gender(self) -> str:
        """The gender articles state for this form ("" when none or when they disagree)."""
        if self.form.kind == "person" and self.form.tier == 2:
            return self.form.gender
        return gender_class(self.n_m, self.n_f)

    @property
    def gender(self) -> str:
        """Stated gender, else that of a clear given name."""
        stated = self.stated_gender
        if stated or self.form.tier != 0:
            return stated
        return given_name_gender(self.form.first) or ""


@dataclass(slots=True)
class Speaker:
    """One speaker of a bucket: its forms, the first (most informative) one its head."""

    members: list[BucketForm]
    isolated: str | None = None
    n_m: int = 0
    n_f: int = 0
    given_genders: set[str] = field(default_factory=set)

    @property
    def head(self) -> BucketForm:
        return self.members[0]

    def add(self, f: BucketForm) -> None:
        self.members.append(f)
        if f.form.kind == "person" and f.form.tier == 0:
            self.n_m += f.n_m
            self.n_f += f.n_f
            g = given_name_gender(f.form.first)
            self.given_genders.add(g or "")

    @property
    def stated_gender(self) -> str:
        """The gender its articles state ("" when none, or when they disagree)."""
        if self.head.form.tier == 2:
            return self.head.form.gender
        return gender_class(self.n_m, self.n_f)

    @property
    def gender(self) -> str:
        """Stated gender, else the one all its given names clearly have."""
        if self.head.form.tier == 2 or self.n_m + self.n_f:
            return self.stated_gender
        known = self.given_genders - {""}
        return next(iter(known)) if len(known) == 1 and "" not in self.given_genders else ""


def _middle_fits(a: Sequence[str], b: Sequence[str]) -> bool:
    """No middle name or initial of one contradicts the other's at the same place."""
    for x, y in zip(a, b, strict=False):
        if x[0] != y[0] or (len(x) > 1 and len(y) > 1 and x != y):
            return False
    return True


def _person_fit(f: Form, m: Form) -> int:
    """How ``f`` fits ``m`` on names alone: NO, WEAK or STRONG."""
    weak = False
    if f.suffix and m.suffix and f.suffix != m.suffix:
        return NO
    if f.suffix != m.suffix:
        weak = True
    a, b = f.first, m.first
    if not a or not b:
        weak = True
        if not a and not b and f.gender and m.gender and f.gender != m.gender:
            return NO
    elif len(a) == 1 or len(b) == 1:
        if a[0] != b[0]:
            return NO
        weak = True
    elif a != b:
        if not given_variant(a, b):
            return NO
        weak = True
    if a and b and not _middle_fits(f.middle, m.middle):
        return NO
    return WEAK if weak else STRONG


def _fit(f: BucketForm, s: Speaker, conflicts: set[tuple[int, int]]) -> tuple[int, bool]:
    """(how ``f`` fits speaker ``s``, whether their genders agree counting given names).

    Genders articles state ("Mr.", "she") must not contradict for a weak fit; a gender
    that only a given name's statistics suggest ("Lindsey" is mostly a woman's name) is
    soft: it chooses between several speakers, never keeps a form from the only one.
    """
    if s.isolated is not None:
        return NO, False
    level = STRONG
    excluded = set(f.form.excluded)
    for m in s.members:
        if (min(f.id, m.id), max(f.id, m.id)) in conflicts:
            return NO, False
        if excluded and m.form.tier != 2 and m.form.tag in excluded:
            return NO, False
        level = min(level, _person_fit(f.form, m.form))
        if level == NO:
            return NO, False
    if level == STRONG:
        return STRONG, True
    stated, speaker_stated = f.stated_gender, s.stated_gender
    if stated and speaker_stated and stated != speaker_stated:
        return NO, False
    g, sg = f.gender, s.gender
    return WEAK, not (g and sg and g != sg)


def _letters(first: str) -> set[str]:
    """Index keys of a given name: the first letters of it and of the names it may stand for."""
    if not first:
        return set()
    if len(first) == 1:
        return {first}
    return {first[0], *(g[0] for g in given_forms(first) if g)}


def _order_persons(forms: Iterable[BucketForm]) -> list[BucketForm]:
    return sorted(forms, key=lambda b: (b.form.tier, bool(b.form.suffix), -len(b.form.middle),
                                        -len(b.form.first), 0 if b.form.gender else 1,
                                        -len(b.form.excluded), b.key))


def _cluster_persons(forms: Sequence[BucketForm], conflicts: set[tuple[int, int]],
                     isolated: Mapping[int, str]) -> list[Speaker]:
    speakers: list[Speaker] = []
    by_tag: dict[str, Speaker] = {}
    by_letter: dict[str, list[int]] = {}
    for f in _order_persons(forms):
        tag = isolated.get(f.id)
        if tag is not None:
            if tag in by_tag:
                by_tag[tag].add(f)
            else:
                s = Speaker([], isolated=tag)
                s.add(f)
                by_tag[tag] = s
                speakers.append(s)
            continue
        if f.form.tier == 2:  # a bare surname may fit anyone
            candidates: Iterable[int] = range(len(speakers))
        else:
            candidates = sorted({i for k in _letters(f.form.first) for i in by_letter.get(k, ())})
        strong, weak, agreeing = [], [], set()
        for i in candidates:
            level, agrees = _fit(f, speakers[i], conflicts)
            if level == STRONG:
                strong.append(i)
            elif level == WEAK:
                weak.append(i)
            if agrees:
                agreeing.add(i)
        chosen = strong if strong else weak
        if len(chosen) > 1:  # given names' genders may tell them apart
            chosen = [i for i in chosen if i in agreeing]
        if len(chosen) == 1:
            speakers[chosen[0]].add(f)
            index = chosen[0]
        else:
            s = Speaker([])
            s.add(f)
            speakers.append(s)
            index = len(speakers) - 1
        for k in _letters(f.form.first):
            if index not in by_letter.setdefault(k, []):
                by_letter[k].append(index)
    return speakers


def _cluster_orgs(forms: Sequence[BucketForm], pairs: set[tuple[str, str]],
                  isolated: Mapping[int, str]) -> list[Speaker]:
    speakers: list[Speaker] = []
    by_name: dict[str, Speaker] = {}
    by_tag: dict[str, Speaker] = {}
    acronyms = []
    for f in sorted(forms, key=lambda b: (bool(b.form.acronym), b.key)):
        tag = isolated.get(f.id)
        if tag is not None:
            if tag not in by_tag:
                by_tag[tag] = Speaker([], isolated=tag)
                speakers.append(by_tag[tag])
            by_tag[tag].add(f)
        elif f.form.acronym:
            acronyms.append(f)
        else:
            s = Speaker([f])
            by_name[f.form.name] = s
            speakers.append(s)
    if not acronyms:
        return speakers
    paired = {long for acronym, long in pairs
              if long in by_name and any(a.form.name == acronym for a in acronyms)}
    if paired:
        target = by_name[next(iter(paired))] if len(paired) == 1 else None
    else:
        target = next(iter(by_name.values())) if len(by_name) == 1 else None
    if target is None:  # the acronym (in every spelling: "AFL-CIO", "AFLCIO") on its own
        target = Speaker([])
        speakers.append(target)
    for a in acronyms:
        target.add(a)
    return speakers


def cluster_bucket(forms: Sequence[BucketForm], *, conflicts: Iterable[tuple[int, int]] = (),
                   pairs: Iterable[tuple[str, str]] = (),
                   isolated: Mapping[int, str] | None = None) -> list[Speaker]:
    """Cut one bucket's forms into speakers (in a content-defined order, heads first).

    ``conflicts``: pairs of form ids an article credits side by side (two people);
    ``pairs``: (acronym, long form) names an article pairs; ``isolated``: form id -> a
    tag, for forms a user split off (forms sharing a tag are one speaker).
    """
    isolated = isolated or {}
    if not forms:
        return []
    if forms[0].form.kind == "person":
        conflict_set = {(min(a, b), max(a, b)) for a, b in conflicts}
        return _cluster_persons(forms, conflict_set, isolated)
    if forms[0].form.kind == "org":
        return _cluster_orgs(forms, set(pairs), isolated)
    speakers = []
    for f in sorted(forms, key=lambda b: b.key):
        s = Speaker([], isolated=isolated.get(f.id))
        s.add(f)
        speakers.append(s)
    return speakers


def _short_id(s: Speaker) -> str:
    f = s.head.form
    if f.acronym:  # "F.B.I." and "FBI" are "fbi"; "AFL-CIO" stays "afl-cio"
        return slug(f.name.replace(".", ""))
    if f.kind != "person":
        return slug(f.name)
    if f.tier == 2:
        return slug(f"{f.last} {f.suffix}")
    return slug(f"{f.first} {f.last} {f.suffix}")


def _long_id(s: Speaker) -> str:
    f = s.head.form
    if f.kind != "person":
        return _short_id(s)
    if f.tier == 2:
        title = {"m": "mr", "f": "ms"}.get(f.gender, "")
        return slug(f"{title} {f.last} {f.suffix}")
    return slug(" ".join([f.first, *f.middle, f.last, f.suffix]))


def speaker_ids(speakers: Sequence[Speaker]) -> list[str]:
    """An id per speaker: "hillary-clinton", "george-h-w-bush" when another George Bush
    shares the short one, "ms-pellam" for a bare surname apart from a Mr. Pellam, then a
    numeric suffix in bucket order."""
    shorts = [_short_id(s) for s in speakers]
    counts: dict[str, int] = {}
    for short in shorts:
        counts[short] = counts.get(short, 0) + 1
    taken: set[str] = set()
    out = []
    for s, short in zip(speakers, shorts, strict=True):
        candidate = short if counts[short] == 1 else _long_id(s)
        base, n = candidate, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out.append(candidate)
    return out
