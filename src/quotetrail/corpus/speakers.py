"""Speakers across articles: name forms, their buckets, and the ids the store keeps.

Every name an attribution credits (each of a joint attribution's ``speakers``) becomes a
row of ``attribution_speakers`` pointing at its *form* (``name_forms``): the name as
identity reads it (:class:`quotetrail.corpus.names.Form`).  Forms live in *buckets* (a
surname; an organisation's initials), and :mod:`quotetrail.corpus.identity` cuts a
bucket into speakers.  A form's ``speaker_id`` is stored on it and on its rows.

What one article tells, read when it is stored:

* **gender**, per name: honorifics in the name or in the source mentions credited to it
  ("Mr. Pellam", "board member Ms. Pellam"), else an honorific before the surname in the
  article's text, else the pronouns that are its source mentions ("he", "she");
* **people apart**: two full names of one surname credited side by side with different
  given names or suffixes are two people (``form_conflicts``), and a bare surname next
  to a full name of that surname is someone else (its form lists them as ``excluded``);
* **acronyms**: "Harwick Transit Authority (HTA)" in the text pairs the two names
  (``org_pairs``), whether or not the text is kept (``--no-store-text``);
* **stage names**: "DJ Mara Vale, real name Margaret Vale" makes the real name follow
  the stage name's speaker wherever either is credited (``name_pairs``).

And one rule across buckets: a two-word name that starts exactly one longer name of the
corpus ("Chokwe Antar", "Chokwe Antar Lumumba": a name cut short) follows that name.

Incremental: a batch recomputes only the buckets it changed -- a new form, a form whose
stated gender changed, a new conflict or pair -- and each recomputation reads that
bucket's distinct forms, not their occurrences; rows are rewritten only for forms whose
id changed.  Merges (``speaker_edits``) follow their target form, so a bucket whose ids
changed re-reads the buckets merged into it.  Because every bucket is a function of the
stored articles and the edits, the ids do not depend on the order of ingest.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from quotetrail import errors
from quotetrail.corpus import identity
from quotetrail.corpus.identity import BucketForm
from quotetrail.corpus.names import Form, form_of, kind_of, parse_name
from quotetrail.engine.speakers.gender import honorific_gender
from quotetrail.engine.speakers.names import (
    acronym_letters,
    honorific_genders,
    org_initials,
    org_key,
    parse_person,
    strip_party_tag,
)

__all__ = ["ArticleNames", "add_articles", "ids_in_groups", "merge", "rebuild", "refresh",
           "split"]

_CHUNK = 500
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
             "she": "f", "her": "f", "hers": "f", "herself": "f"}
#: "(HTA)" after a name: an acronym in parentheses.
_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z.&-]{1,14})\s*\)")
_WORD_BEFORE = re.compile(r"[^\W_]+(?:[.'’&-][^\W_]+)*\.?|&")
#: Rounds of following merges from one bucket's ids to the buckets merged into it.
_MAX_ROUNDS = 20


@dataclass(slots=True)
class ArticleNames:
    """A new article's attributions as identity needs them.

    ``rows``: (attribution rowid, speaker, speakers list, speaker_type, source text).
    ``text`` is the article's text (it is read for honorifics and acronyms even when
    the store does not keep it).
    """

    text: str | None
    rows: list[tuple[int, str | None, list[str], str | None, str | None]] = field(
        default_factory=list)


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


# -- what one article tells -----------------------------------------------------------------

def _names_of(speaker: str | None, speakers: Sequence[str], stype: str | None) -> list[str]:
    if stype == "unnamed":
        return []
    names = list(speakers) or ([speaker] if speaker else [])
    return [n for n in names if n and n.strip()]


def _one_gender(found: set[str]) -> str | None:
    """The gender when the evidence has exactly one; "" when it contradicts itself."""
    if not found:
        return None
    return next(iter(found)) if len(found) == 1 else ""


_POSSESSIVE_END = re.compile(r"['’]s?$")
_HONORIFIC_BEFORE = re.compile(
    r"(?<![\w.])(Mr|Mrs|Ms|Miss|Mx|Mister|Sir|Dame|Lady|Lord|Madam)\b\.?"
    r"((?:\s+[A-Z][\w’'-]*){1,3})")


def _honorifics_by_name(text: str | None) -> dict[str, set[str]]:
    """The genders the honorifics of ``text`` state, by the one to three capitalised
    words after them ("Ms. Le Pen said" -> {"Le": {"f"}, "Le Pen": {"f"}, ...})."""
    found: dict[str, set[str]] = {}
    if not text:
        return found
    for m in _HONORIFIC_BEFORE.finditer(text):
        gender = honorific_gender(m.group(1))
        if not gender:
            continue
        words = m.group(2).split()
        for n in range(1, len(words) + 1):
            name = " ".join(words[:n])
            found.setdefault(name, set()).add(gender)
            bare = _POSSESSIVE_END.sub("", name)
            if bare != name:
                found.setdefault(bare, set()).add(gender)
    return found


def _text_honorifics(text: str, surname: str,
                     index: dict[str, set[str]] | None = None) -> set[str]:
    """Genders of the honorifics the text puts before ``surname`` ("Ms. Pellam")."""
    if not surname:
        return set()
    return set((index if index is not None else _honorifics_by_name(text)).get(surname, ()))


#: Names whose small parsed facts the store keeps: a corpus of a few hundred thousand
#: articles credits far more distinct names than the parser's own cache holds (8,192
#: parses of some 2 KB each), and nameparser takes about half a millisecond a name.
_NAME_FACTS = 1 << 17


@lru_cache(maxsize=_NAME_FACTS)
def _surname_as_written(raw: str) -> str:
    """The surname of a person's name as the article writes it ("Le Pen", not "le pen")."""
    p = parse_person(raw)
    words = p.display.split()
    if p.suffix and words:
        words = words[:-1]
    n = len(p.last.split())
    return " ".join(words[-n:]) if n and len(words) >= n else ""


def _gender(raw: str, sources: Sequence[str | None], text: str | None,
            text_index: dict[str, set[str]] | None = None) -> str:
    """What the article states of this person's gender ("" when nothing or a contradiction)."""
    surname = _surname_as_written(raw)
    honorifics: set[str] = honorific_genders(raw + " X") if raw else set()
    pronouns: set[str] = set()
    for s in sources:
        if not s:
            continue
        # only an honorific before this person's surname: "Nides, an aide to Mrs. Clinton"
        # says nothing of Nides
        honorifics |= _text_honorifics(s, surname)
        word = s.strip().lower().strip(".,;:")
        if word in _PRONOUNS:
            pronouns.add(_PRONOUNS[word])
    title_gender = _one_gender(honorifics)
    if title_gender is not None:
        return title_gender
    in_text = _one_gender(_text_honorifics(text or "", surname, text_index))
    if in_text is not None:
        return in_text
    return _one_gender(pronouns) or ""


def acronym_pairs(text: str | None) -> list[tuple[str, str]]:
    """(acronym, long form) names that ``text`` pairs: "Harwick Transit Authority (HTA)".

    The long form is the shortest run of words before the parentheses whose initials are
    the acronym's letters; both come back as organisation keys (folded, no "the").
    """
    if not text or "(" not in text:
        return []
    found = []
    for m in _PAREN_ACRONYM.finditer(text):
        acronym = acronym_letters(m.group(1))
        if not acronym:
            continue
        words = _WORD_BEFORE.findall(text[max(0, m.start() - 200):m.start()])
        for n in range(2, min(len(words), 16) + 1):
            run = words[-n:]
            if not run[0][:1].isupper():
                continue
            long = " ".join(run)
            if org_initials(long) == acronym:
                found.append((org_key(m.group(1)), org_key(long)))
                break
    return found


_NAME = r"((?:[A-Z][\w’'-]*\.?\s+){1,3}[A-Z][\w’'-]+)"
#: A stage name and a real name given together: (pattern, group of the stage name,
#: words one of which the pattern needs -- a text without them is not scanned, since
#: each pattern begins with a name and would be tried at every capital letter).
_STAGE_NAMES = (
    (re.compile(_NAME + r",?\s+(?:whose\s+)?real\s+name(?:\s+is)?\s+" + _NAME), 1,
     ("real",)),
    (re.compile(_NAME + r"\s+\((?:real\s+name|born)\s+" + _NAME + r"\)"), 1,
     ("real", "born")),
    (re.compile(_NAME + r",\s+(?:better\s+|also\s+|professionally\s+)?known\s+as\s+"
                + _NAME), 2, ("known",)),
)


def stage_names(text: str | None) -> list[tuple[str, str]]:
    """(real name, stage name) pairs the text gives together: "DJ Mara Vale, real name
    Margaret Vale", "Margaret Vale, better known as DJ Mara Vale"."""
    if not text:
        return []
    found = []
    for pattern, stage, needs in _STAGE_NAMES:
        if not any(word in text for word in needs):
            continue
        for m in pattern.finditer(text):
            a = form_of(m.group(1), "person")
            b = form_of(m.group(2), "person")
            if a is None or b is None or a.tier != 0 or b.tier != 0 or a.key == b.key:
                continue
            found.append((b.key, a.key) if stage == 1 else (a.key, b.key))
    return found


@dataclass(slots=True)
class _Unit:
    """One name in one article: its raw form, rows, and what the article says of it."""

    raw: str
    stype: str | None
    places: list[tuple[int, int]] = field(default_factory=list)  # (attribution, position)
    sources: list[str | None] = field(default_factory=list)


def _article_units(article: ArticleNames) -> list[tuple[_Unit, Form, str]]:
    """(unit, its form, its stated gender) for every name the article credits."""
    units: dict[tuple[str, str | None], _Unit] = {}
    for rowid, speaker, speakers_list, stype, source in article.rows:
        names = _names_of(speaker, speakers_list, stype)
        for position, raw in enumerate(names):
            unit = units.setdefault((raw, stype), _Unit(raw, stype))
            unit.places.append((rowid, position))
            if len(names) == 1:  # a joint source ("Connor & Locke") tells nobody's gender
                unit.sources.append(source)
    out: list[tuple[_Unit, Form, str]] = []
    full_by_surname: dict[str, set[str]] = {}
    pending = []
    text_index = _honorifics_by_name(article.text)
    people = [u for u in units.values() if kind_of(u.raw, u.stype) == "person"]
    per_surname = Counter(_surname_as_written(u.raw) for u in people)
    for unit in units.values():
        gender = ""
        if kind_of(unit.raw, unit.stype) == "person":
            # "Mr. Voss" in the text says nothing of Renata Voss when Calvin Voss is there
            alone = per_surname[_surname_as_written(unit.raw)] == 1
            gender = _gender(unit.raw, unit.sources, article.text,
                             text_index if alone else {})
        form = form_of(unit.raw, unit.stype, gender=gender)
        if form is None:
            continue
        if form.kind == "person" and form.tier == 0:
            full_by_surname.setdefault(form.last, set()).add(form.tag)
        pending.append((unit, form, gender))
    for unit, form, gender in pending:
        if form.kind == "person" and form.tier == 2 and form.last in full_by_surname:
            form = form_of(unit.raw, unit.stype, gender=gender,
                           excluded=tuple(full_by_surname[form.last]))
            assert form is not None
        out.append((unit, form, gender))
    return out


# -- indexing a batch ------------------------------------------------------------------------

class _Batch:
    """The forms, conflicts and pairs of one batch, and the buckets they dirtied."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.forms: dict[str, tuple[int, str]] = {}  # key -> (form id, bucket)
        self.dirty: set[str] = set()

    def form(self, form: Form, gender: str) -> int:
        """The id of ``form`` (created when new), counting the article's gender evidence."""
        key = form.key
        n_m, n_f = int(gender == "m"), int(gender == "f")
        counted = form.kind == "person" and form.tier != 2
        row = self.conn.execute("SELECT form, n_m, n_f FROM name_forms WHERE key = ?",
                                (key,)).fetchone()
        if row is None:
            prefix = _prefix(form)
            cur = self.conn.execute(
                "INSERT INTO name_forms (key, kind, bucket, n_m, n_f, prefix) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key, form.kind, form.bucket, n_m if counted else 0, n_f if counted else 0,
                 prefix))
            self.dirty.add(form.bucket)
            if prefix:  # "Chokwe Antar" may be this name cut short
                self.dirty.add(_prefix_bucket(form))
            fid = int(cur.lastrowid or 0)
            self.dirty.update(r[0] for r in self.conn.execute(  # names waiting for this one
                "SELECT bucket FROM name_pairs WHERE stage_key = ?", (key,)))
        else:
            fid, old_m, old_f = row
            if counted and (n_m or n_f):
                self.conn.execute("UPDATE name_forms SET n_m = n_m + ?, n_f = n_f + ? "
                                  "WHERE form = ?", (n_m, n_f, fid))
                if identity.gender_class(old_m, old_f) != identity.gender_class(
                        old_m + n_m, old_f + n_f):
                    self.dirty.add(form.bucket)
        self.forms[key] = (fid, form.bucket)
        return fid

    def conflict(self, bucket: str, a: int, b: int) -> None:
        if self.conn.execute("INSERT OR IGNORE INTO form_conflicts VALUES (?, ?, ?)",
                             (bucket, min(a, b), max(a, b))).rowcount:
            self.dirty.add(bucket)

    def stage_name(self, real: str, stage: str) -> None:
        bucket = Form.from_key(real).bucket
        if self.conn.execute("INSERT OR IGNORE INTO name_pairs VALUES (?, ?, ?)",
                             (bucket, real, stage)).rowcount:
            self.dirty.add(bucket)

    def pair(self, acronym: str, long: str) -> None:
        letters = acronym_letters(acronym.upper()) or ""
        bucket = "oi:" + letters
        if self.conn.execute("INSERT OR IGNORE INTO org_pairs VALUES (?, ?, ?)",
                             (bucket, acronym, long)).rowcount:
            self.dirty.add(bucket)


def _index_article(batch: _Batch, article: ArticleNames) -> list[tuple[int, int, str, str | None,
                                                                      int, str]]:
    rows = []
    full: dict[str, list[tuple[int, Form]]] = {}
    for unit, form, gender in _article_units(article):
        fid = batch.form(form, gender)
        if form.kind == "person" and form.tier == 0:
            full.setdefault(form.bucket, []).append((fid, form))
        for attribution, position in unit.places:
            rows.append((attribution, position, unit.raw, unit.stype, fid, gender))
    for bucket, forms in full.items():
        for i, (a, fa) in enumerate(forms):
            for b, fb in forms[i + 1:]:
                if fa.first != fb.first or fa.suffix != fb.suffix:
                    batch.conflict(bucket, a, b)
    for acronym, long in acronym_pairs(article.text):
        batch.pair(acronym, long)
    for real, stage in stage_names(article.text):
        batch.stage_name(real, stage)
    return rows


def add_articles(conn: sqlite3.Connection, articles: Sequence[ArticleNames]
                 ) -> tuple[set[int], set[str]]:
    """Index the names of a batch's new attributions and assign speaker ids.

    Returns the attributions whose ``speaker_id`` changed (new ones aside) and every
    speaker id that gained or lost an occurrence (for :func:`refresh`).
    """
    batch = _Batch(conn)
    new_rows = []
    for article in articles:
        new_rows.extend(_index_article(batch, article))
    for attribution, position, raw, stype, fid, gender in new_rows:
        name = parse_name(raw, stype)
        conn.execute(
            "INSERT INTO attribution_speakers (attribution, position, raw, speaker_type, "
            "surname, first, initial, org, speaker_id, form, gender) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
            (attribution, position, raw, stype, name.surname, name.first, name.initial,
             name.org, fid, gender))
    changed_forms = recompute(conn, batch.dirty)
    changed, affected = _apply(conn, changed_forms)
    new_attributions = sorted({r[0] for r in new_rows})
    ids = {}
    for chunk in _chunks(sorted({r[4] for r in new_rows})):
        ids.update(conn.execute(
            f"SELECT form, speaker_id FROM name_forms WHERE form IN ({_marks(len(chunk))})",
            chunk).fetchall())
    conn.executemany("UPDATE attribution_speakers SET speaker_id = ? "
                     "WHERE attribution = ? AND position = ?",
                     [(ids[r[4]], r[0], r[1]) for r in new_rows])
    affected.update(ids[r[4]] for r in new_rows if ids[r[4]])
    _set_attribution_ids(conn, changed | set(new_attributions))
    return changed - set(new_attributions), affected


def _set_attribution_ids(conn: sqlite3.Connection, attributions: Iterable[int]) -> None:
    for att in sorted(attributions):
        ids = [r[0] for r in conn.execute(
            "SELECT speaker_id FROM attribution_speakers WHERE attribution = ? "
            "ORDER BY position", (att,))]
        conn.execute("UPDATE attributions SET speaker_id = ? WHERE rowid = ?",
                     ("+".join(i for i in ids if i) if ids else None, att))


def _apply(conn: sqlite3.Connection, changed_forms: dict[int, tuple[str | None, str]]
           ) -> tuple[set[int], set[str]]:
    """Rewrite the rows of forms whose id changed; (attributions changed, ids affected)."""
    changed: set[int] = set()
    affected: set[str] = set()
    for fid, (old, new) in sorted(changed_forms.items()):
        rows = [r[0] for r in conn.execute(
            "SELECT attribution FROM attribution_speakers WHERE form = ?", (fid,))]
        if not rows:
            continue
        conn.execute("UPDATE attribution_speakers SET speaker_id = ? WHERE form = ?", (new, fid))
        changed.update(rows)
        affected.add(new)
        if old:
            affected.add(old)
    _set_attribution_ids(conn, changed)
    return changed, affected


# -- recomputing buckets -------------------------------------------------------------------

def _prefix(form: Form) -> str | None:
    """"chokwe antar" for "Chokwe Antar Lumumba": a given and a middle name, which a name
    cut short ("Chokwe Antar (D)") reads as a given name and a surname."""
    if form.kind == "person" and form.tier == 0 and form.middle and len(form.middle[0]) > 1:
        return f"{form.first} {form.middle[0]}"
    return None


def _prefix_bucket(form: Form) -> str:
    return "p:" + form.middle[0]


def _latest_edits(conn: sqlite3.Connection, bucket: str, forms: Sequence[BucketForm]
                  ) -> dict[str, tuple[str, str | None, str]]:
    """form key -> (op, target key, tag) of the latest edit touching it, in one bucket.

    Two rules of the store act as merges older than any edit of the user's: a real name
    an article gives with a stage name follows the stage name; a two-word name that is
    the start of exactly one longer name of the corpus ("Chokwe Antar", "Chokwe Antar
    Lumumba") follows that name.
    """
    latest: dict[str, tuple[str, str | None, str]] = {}
    for real, stage in conn.execute("SELECT real_key, stage_key FROM name_pairs "
                                    "WHERE bucket = ? ORDER BY real_key, stage_key", (bucket,)):
        latest.setdefault(real, ("merge", stage, "stage-name"))
    for f in forms:
        form = f.form
        if form.kind != "person" or form.tier != 0 or form.middle or form.suffix:
            continue
        longer = conn.execute("SELECT key FROM name_forms WHERE prefix = ? LIMIT 2",
                              (f"{form.first} {form.last}",)).fetchall()
        if len(longer) == 1:
            latest.setdefault(f.key, ("merge", longer[0][0], "cut-short"))
    for key, op, target, tag in conn.execute(
            "SELECT form_key, op, target_key, tag FROM speaker_edits WHERE bucket = ? "
            "ORDER BY edit", (bucket,)):
        latest[key] = (op, target, tag)
    return latest


def _bucket_ids(conn: sqlite3.Connection, bucket: str) -> dict[int, tuple[str | None, str, str]]:
    """form id -> (stored id, new id, key) for every form of a bucket, merges applied."""
    rows = conn.execute("SELECT form, key, n_m, n_f, speaker_id FROM name_forms "
                        "WHERE bucket = ?", (bucket,)).fetchall()
    forms = [BucketForm(fid, Form.from_key(key), n_m, n_f) for fid, key, n_m, n_f, _ in rows]
    stored = {fid: sid for fid, _, _, _, sid in rows}
    edits = _latest_edits(conn, bucket, forms)
    by_key = {f.key: f.id for f in forms}
    isolated = {by_key[k]: tag for k, (op, _, tag) in edits.items()
                if op == "split" and k in by_key}
    conflicts = conn.execute("SELECT a, b FROM form_conflicts WHERE bucket = ?",
                             (bucket,)).fetchall()
    pairs = conn.execute("SELECT acronym, long FROM org_pairs WHERE bucket = ?",
                         (bucket,)).fetchall()
    speakers = identity.cluster_bucket(forms, conflicts=conflicts, pairs=pairs,
                                       isolated=isolated)
    ids = identity.speaker_ids(speakers)
    out: dict[int, tuple[str | None, str, str]] = {}
    for s, sid in zip(speakers, ids, strict=True):
        target = next((edits[m.key][1] for m in s.members
                       if m.key in edits and edits[m.key][0] == "merge"), None)
        if target is not None and target not in {m.key for m in s.members}:
            sid = _merge_target(conn, target) or sid
        for m in s.members:
            out[m.id] = (stored[m.id], sid, m.key)
    return out


def _merge_target(conn: sqlite3.Connection, target: str) -> str | None:
    """The speaker id a merge's target form has now (None when it is not in the store)."""
    row = conn.execute("SELECT speaker_id FROM name_forms WHERE key = ?", (target,)).fetchone()
    return row[0] if row and row[0] else None


def recompute(conn: sqlite3.Connection, buckets: Iterable[str]
              ) -> dict[int, tuple[str | None, str]]:
    """Recompute these buckets' ids (and, through merges, the buckets that follow them).

    Writes the new ids on ``name_forms`` and returns form id -> (old id, new id) for the
    forms whose id changed; their rows are rewritten by the caller.
    """
    changed: dict[int, tuple[str | None, str]] = {}
    todo = set(buckets)
    for _ in range(_MAX_ROUNDS):
        if not todo:
            break
        moved_keys = []
        for bucket in sorted(todo):
            for fid, (old, new, key) in _bucket_ids(conn, bucket).items():
                if old == new:
                    continue
                conn.execute("UPDATE name_forms SET speaker_id = ? WHERE form = ?", (new, fid))
                first_old = changed[fid][0] if fid in changed else old
                changed[fid] = (first_old, new)
                moved_keys.append(key)
        todo = set()
        for key in moved_keys:  # names cut short follow the name they start
            form = Form.from_key(key)
            if _prefix(form):
                todo.add(_prefix_bucket(form))
        for chunk in _chunks(moved_keys):
            todo.update(r[0] for r in conn.execute(
                "SELECT DISTINCT bucket FROM speaker_edits WHERE op = 'merge' AND "
                f"target_key IN ({_marks(len(chunk))}) UNION SELECT DISTINCT bucket FROM "
                f"name_pairs WHERE stage_key IN ({_marks(len(chunk))})", [*chunk, *chunk]))
    return {fid: (old, new) for fid, (old, new) in changed.items() if old != new}


# -- the speakers table --------------------------------------------------------------------

def refresh(conn: sqlite3.Connection, speaker_ids: Iterable[str]) -> None:
    """Rewrite the ``speakers`` rows of these ids: display name, aliases and counts.

    Read from the figures the store's triggers keep per speaker (``speaker_raws``: each
    name as written, with its count; ``speaker_totals``: distinct articles and clusters),
    so a speaker quoted a hundred thousand times costs its distinct names, not its
    attributions, per batch.
    """
    for sid in sorted(i for i in speaker_ids if i):
        forms = conn.execute(
            "SELECT raw, is_full, speaker_type, n FROM speaker_raws WHERE speaker_id = ?",
            (sid,)).fetchall()
        if not forms:
            conn.execute("DELETE FROM speakers WHERE speaker_id = ?", (sid,))
            continue
        raws: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        full: set[str] = set()
        for raw, is_full, stype, n in forms:
            raws[raw] += n
            if stype:
                kinds[stype] += n
            if is_full:
                full.add(raw)
        # the most frequent full name, a party tag ("(D)") or a title ("Mayor") aside
        name = min(raws, key=lambda r: (r not in full, strip_party_tag(r)[1] is not None,
                                        _has_title(r), -raws[r], -len(r), r))
        kind = min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None
        n_attributions = sum(n for *_, n in forms)
        totals = conn.execute("SELECT n_articles, n_clusters FROM speaker_totals "
                              "WHERE speaker_id = ?", (sid,)).fetchone()
        n_articles, n_clusters = totals if totals else (0, 0)
        conn.execute(
            "INSERT OR REPLACE INTO speakers VALUES (?, ?, ?, ?, ?, ?, ?)",
            (sid, name, kind, json.dumps(sorted(raws), ensure_ascii=False),
             n_attributions, n_articles, n_clusters))


@lru_cache(maxsize=_NAME_FACTS)
def _has_title(raw: str) -> bool:
    return bool(parse_person(raw).title)


def ids_in_groups(conn: sqlite3.Connection, groups: Iterable[int]) -> set[str]:
    """Speaker ids credited by these groups' attributions (groups that changed cluster:
    their speakers' cluster counts may have changed)."""
    found: set[str] = set()
    for chunk in _chunks(sorted(set(groups))):
        found.update(r[0] for r in conn.execute(
            "SELECT DISTINCT s.speaker_id FROM attributions a JOIN attribution_speakers s "
            f"ON s.attribution = a.rowid WHERE a.grp IN ({_marks(len(chunk))}) "
            "AND s.speaker_id IS NOT NULL", chunk))
    return found


# -- edits ---------------------------------------------------------------------------------

def _forms_of(conn: sqlite3.Connection, speaker_id: str) -> list[tuple[int, str, str, int]]:
    """(form id, key, bucket, rows) of every form a speaker has, most quoted first."""
    return conn.execute(
        "SELECT f.form, f.key, f.bucket, (SELECT COUNT(*) FROM attribution_speakers s "
        "WHERE s.form = f.form) AS n FROM name_forms f WHERE f.speaker_id = ? "
        "ORDER BY n DESC, f.key", (speaker_id,)).fetchall()


def _edit(conn: sqlite3.Connection, forms: Sequence[tuple[int, str, str, int]], op: str,
          target: str | None, made: str) -> set[str]:
    cur = conn.execute("SELECT COALESCE(MAX(edit), 0) + 1 FROM speaker_edits")
    tag = f"{op}-{cur.fetchone()[0]}"
    conn.executemany("INSERT INTO speaker_edits (op, form_key, target_key, tag, bucket, made) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     [(op, key, target, tag, bucket, made) for _, key, bucket, _ in forms])
    return {bucket for _, _, bucket, _ in forms}


def _after_edit(conn: sqlite3.Connection, buckets: set[str], also: set[str]) -> set[int]:
    changed, affected = _apply(conn, recompute(conn, buckets))
    refresh(conn, affected | also)
    return changed


def merge(conn: sqlite3.Connection, into: str, other: str, made: str) -> set[int]:
    """Make ``other``'s names part of speaker ``into``, now and in later ingests.

    Returns the attributions whose speaker id changed.  Runs inside the caller's
    transaction.
    """
    if into == other:
        raise errors.UsageError(f"cannot merge speaker {into!r} with itself")
    target_forms = _forms_of(conn, into)
    if not target_forms:
        raise errors.QuotetrailError(f"no speaker {into!r}")
    forms = _forms_of(conn, other)
    if not forms:
        raise errors.QuotetrailError(f"no speaker {other!r}")
    buckets = _edit(conn, forms, "merge", target_forms[0][1], made)
    return _after_edit(conn, buckets, {into, other})


def split(conn: sqlite3.Connection, speaker_id: str, name: str, made: str) -> tuple[str, set[int]]:
    """Take the alias ``name`` out of speaker ``speaker_id`` as a speaker of its own, now and
    in later ingests.  Returns (the new speaker's id, the attributions that changed)."""
    all_forms = _forms_of(conn, speaker_id)
    if not all_forms:
        raise errors.QuotetrailError(f"no speaker {speaker_id!r}")
    wanted = " ".join(name.split()).casefold()
    form_ids = {r[0] for r in conn.execute(
        "SELECT DISTINCT form FROM attribution_speakers WHERE speaker_id = ? AND raw = ?",
        (speaker_id, name))}
    if not form_ids:
        form_ids = {fid for fid, raw in conn.execute(
            "SELECT DISTINCT form, raw FROM attribution_speakers WHERE speaker_id = ?",
            (speaker_id,)) if " ".join(raw.split()).casefold() == wanted}
    if not form_ids:
        raise errors.QuotetrailError(f"speaker {speaker_id!r} has no alias {name!r}")
    forms = [f for f in all_forms if f[0] in form_ids]
    if len(forms) == len(all_forms):
        raise errors.UsageError(
            f"every name of speaker {speaker_id!r} is {name!r}: there is nothing to split off")
    buckets = _edit(conn, forms, "split", None, made)
    changed = _after_edit(conn, buckets, {speaker_id})
    new_id = conn.execute("SELECT speaker_id FROM name_forms WHERE form = ?",
                          (forms[0][0],)).fetchone()[0]
    refresh(conn, {new_id})
    return new_id, changed


# -- migrating an older store --------------------------------------------------------------

def rebuild(conn: sqlite3.Connection) -> set[str]:
    """Re-index every stored attribution's names (a store written before name forms, a
    rebuild); older revisions of an article are left out.

    Reads the stored text where there is one.  Returns every speaker id now in use.
    """
    conn.execute("DELETE FROM attribution_speakers")
    conn.execute("DELETE FROM name_forms")
    # conflicts name forms by id: they are read again from the attributions (acronym and
    # stage-name pairs are keyed by name and come from the texts: they are kept, since a
    # text the store does not keep cannot be read again)
    conn.execute("DELETE FROM form_conflicts")
    conn.execute("DELETE FROM speakers")
    columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    live = "WHERE superseded_by IS NULL" if "superseded_by" in columns else ""  # (migration 4)
    articles = [r[0] for r in conn.execute(f"SELECT rowid FROM articles {live} ORDER BY uid")]
    batch: list[ArticleNames] = []
    affected: set[str] = set()
    for rowid in articles:
        text = conn.execute("SELECT text FROM articles WHERE rowid = ?", (rowid,)).fetchone()[0]
        item = ArticleNames(text)
        for att, speaker, speakers_json, stype, source in conn.execute(
                "SELECT rowid, speaker, speakers, speaker_type, source FROM attributions "
                "WHERE article = ? ORDER BY idx", (rowid,)):
            src = json.loads(source)["text"] if source else None
            item.rows.append((att, speaker, json.loads(speakers_json), stype, src))
        batch.append(item)
        if len(batch) >= 256:
            affected |= add_articles(conn, batch)[1]
            batch = []
    if batch:
        affected |= add_articles(conn, batch)[1]
    refresh(conn, affected)
    return affected
