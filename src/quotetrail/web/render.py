"""Presentation helpers that turn library records into safe HTML and SVG fragments.

Everything here returns :class:`markupsafe.Markup`, built only from escaped pieces:
article text, names and wordings are untrusted, so each piece of text goes through
``escape`` before it is joined with the few tags written here.  Highlighting is built
from offsets (never by searching the text for a quote, which would mark the wrong
occurrence and could be fooled by markup), and charts are SVG drawn on the server, so
pages work with JavaScript off and need no script to show anything.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from quotetrail.corpus import wording
from quotetrail.display import content_pieces
from quotetrail.settings import UNCERTAIN_SPEAKER_BELOW

__all__ = [
    "PALETTE_SIZE", "ROLE_ORDER", "TIMELINE_ROWS", "UNCERTAIN_SPEAKER_BELOW", "Highlighted",
    "any_uncertain", "cluster_quote", "content_html", "diff_note", "distinct_speakers",
    "highlight", "http_url",
    "occurrence_wording", "other_names", "speaker_colours", "speaker_confidence",
    "speaker_links", "timeline_svg", "uncertain_mark", "uncertain_speaker", "url_id",
    "variant_diff", "weekly_chart_svg", "wording_diff",
]

#: Distinct speaker colours (CSS classes ``sp-0`` … ``sp-9``); more speakers reuse them.
PALETTE_SIZE = 10
#: When spans overlap, the more specific role wins the segment's look.
ROLE_ORDER = ("cue", "source", "fragment", "content")


def http_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) URL, else None: a stored URL becomes a link only then.

    Escaping keeps markup out of an ``href`` but not a ``javascript:`` or ``data:`` URL,
    which an article's metadata could carry; such a URL is shown as text instead.
    """
    if not value:
        return None
    scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
    return value.strip() if scheme in ("http", "https") else None


def url_id(value: str) -> str:
    """An id as one URL path segment: ``/`` and everything else reserved is percent-encoded."""
    return quote(value, safe="")


def speaker_key(att: dict[str, Any]) -> str:
    """Who an attribution is by, for colouring: resolved id, else name, else the mention."""
    source = att.get("source") or {}
    return (att.get("speaker_id") or att.get("speaker") or source.get("text") or "?").lower()


def speaker_colours(attributions: Sequence[dict[str, Any]]) -> dict[str, int]:
    """A colour index per speaker, in order of first appearance (stable within a page)."""
    colours: dict[str, int] = {}
    for att in attributions:
        colours.setdefault(speaker_key(att), len(colours) % PALETTE_SIZE)
    return colours


def speaker_links(speaker: str | None, speaker_id: str | None) -> Markup:
    """A speaker's name linked to their page; a joint id ("a+b") links each person."""
    if not speaker:
        return Markup('<span class="muted">unknown</span>')
    if not speaker_id:
        return escape(speaker)
    ids = [i for i in speaker_id.split("+") if i]
    if len(ids) == 1:
        return Markup('<a href="/speakers/{}">{}</a>').format(url_id(ids[0]), speaker)
    links = Markup(", ").join(Markup('<a href="/speakers/{}">{}</a>').format(url_id(i), i)
                              for i in ids)
    return Markup('{} <span class="muted">({})</span>').format(speaker, links)


def speaker_confidence(record: Any) -> float | None:
    """A record's ``speaker_confidence`` (0 to 1), or None when it is missing or not a number.

    Stores written before the field existed, and records that do not carry it (a cluster
    summary, say), give None: unknown, so no mark, rather than a guess.
    """
    value = record.get("speaker_confidence") if isinstance(record, Mapping) else None
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def uncertain_speaker(record: Any) -> bool:
    """Whether a record's speaker (a name or "unknown") is shown as uncertain."""
    value = speaker_confidence(record)
    return value is not None and value < UNCERTAIN_SPEAKER_BELOW


def any_uncertain(records: Iterable[Any]) -> bool:
    """Whether any of ``records`` gets the uncertain-speaker mark (so a page shows its legend)."""
    return any(uncertain_speaker(r) for r in records)


def _uncertain_words(value: float) -> str:
    return f"uncertain speaker: speaker confidence {value:.2f} (below {UNCERTAIN_SPEAKER_BELOW:g})"


def uncertain_mark(record: Any) -> Markup:
    """The mark after an uncertain speaker: a "?" whose title (shown on hover) and hidden
    text (read by screen readers) give the confidence; nothing for a sure or unknown one.
    """
    value = speaker_confidence(record)
    if value is None or value >= UNCERTAIN_SPEAKER_BELOW:
        return Markup("")
    words = _uncertain_words(value)
    return Markup('<span class="unsure" title="{w}" data-speaker-confidence="{v:.2f}">'
                  '<span aria-hidden="true">?</span><span class="visually-hidden"> ({w})'
                  '</span></span>').format(w=words, v=value)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def other_names(name: str | None, aliases: Iterable[str] | None) -> list[str]:
    """The aliases of a speaker other than its display name, each form once (in order).

    Forms that differ from the name, or from each other, only in case or spacing count
    as the same.
    """
    seen = {_name_key(name)} if name else set()
    found = []
    for alias in aliases or ():
        if not isinstance(alias, str) or not alias.strip():
            continue
        key = _name_key(alias)
        if key not in seen:
            seen.add(key)
            found.append(alias)
    return found


@dataclass(slots=True, frozen=True)
class _Mark:
    start: int
    end: int
    role: str
    att: int


@dataclass(slots=True, frozen=True)
class Highlighted:
    """An article's text as HTML with attributions marked, and the colour of each one."""

    html: Markup
    colours: list[int]


def _valid(span: dict[str, Any] | None, n: int) -> tuple[int, int] | None:
    """A span's offsets clamped into the text; None when there is nothing to mark."""
    if not span:
        return None
    try:
        start, end = max(0, int(span["start"])), min(n, int(span["end"]))
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if start < end else None


def highlight(text: str, attributions: Sequence[dict[str, Any]]) -> Highlighted:
    """The text with every attribution's content, fragments, cue and source marked.

    Spans may overlap (a split quotation's pieces share one cue and source; a mixed
    content holds its fragments), so the text is cut at every span boundary and each
    piece becomes one flat ``<span>`` whose classes say its most specific role, its
    speaker's colour and its kind, and whose ``data-att`` lists every attribution it
    belongs to.  A numbered anchor (``#att-N``) opens each content: the side list links
    to it, so a click scrolls there even without JavaScript.
    """
    n = len(text)
    colours_by_key = speaker_colours(attributions)
    colours = [colours_by_key[speaker_key(a)] for a in attributions]
    marks: list[_Mark] = []
    anchors: dict[int, list[int]] = {}
    for i, att in enumerate(attributions):
        content = _valid(att.get("content"), n)
        if content:
            marks.append(_Mark(*content, "content", i))
            anchors.setdefault(content[0], []).append(i)
        for fragment in att.get("fragments") or []:
            if span := _valid(fragment, n):
                marks.append(_Mark(*span, "fragment", i))
        for role in ("cue", "source"):
            if span := _valid(att.get(role), n):
                marks.append(_Mark(*span, role, i))
    cuts = sorted({0, n, *anchors, *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[_Mark]] = defaultdict(list)
    for m in marks:
        starting[m.start].append(m)
    active: set[_Mark] = set()
    out: list[Markup] = []
    for start, end in itertools.pairwise(cuts):
        active = {m for m in active if m.end > start}
        active.update(starting.get(start, ()))
        for i in anchors.get(start, ()):
            att = attributions[i]
            out.append(Markup(
                '<a class="anchor sp-{c}" id="att-{n}" href="#item-{n}" title="{k}">{n}</a>'
            ).format(c=colours[i], n=i + 1, k=att.get("kind") or ""))
        piece = text[start:end]
        covering = active
        if not covering:
            out.append(escape(piece))
            continue
        top = min(covering, key=lambda m: (ROLE_ORDER.index(m.role), m.att))
        atts = sorted({m.att for m in covering})
        att = attributions[top.att]
        title = f"{att.get('kind') or ''} · {att.get('speaker') or 'unknown speaker'} · {top.role}"
        if uncertain_speaker(att):
            title += f" · {_uncertain_words(speaker_confidence(att) or 0.0)}"
        out.append(Markup(
            '<span class="hl r-{role} sp-{c} k-{kind}" data-att="{atts}" title="{title}">'
            '{piece}</span>').format(
                role=top.role, c=colours[top.att], kind=att.get("kind") or "none",
                atts=" ".join(str(a + 1) for a in atts), title=title, piece=piece))
    return Highlighted(Markup("").join(out), colours)


#: Words left out that a diff shows in full; a longer run shows its ends (all of it on hover).
LEFT_OUT_SHOWN = 8


def _left_out(words: str) -> Markup:
    parts = words.split()
    if len(parts) <= LEFT_OUT_SHOWN:
        return Markup('<del class="left-out">{}</del>').format(words)
    short = " ".join(parts[:4]) + " … " + " ".join(parts[-3:])
    return Markup('<del class="left-out" title="left out: {full}">{short} '
                  '<span class="muted">({n} words)</span></del>').format(
                      full=" ".join(parts), short=short, n=len(parts))


def wording_diff(text: str, offset: int, diff: Mapping[str, Any]) -> Markup:
    """``text`` (starting at ``offset`` of the text the edits' spans index) with the
    library's differences from the root wording marked (:func:`quotetrail.corpus.wording.
    segments`): added words in ``<ins>``, words left out struck (``<del>``) where they
    would be, changed words as the root's struck then the new.  Every piece escaped."""
    out: list[Markup] = []
    replaced = ""
    for kind, piece in wording.segments(text, offset, dict(diff)):
        if kind == "text":
            out.append(escape(piece))
        elif kind in ("left_out", "replaced"):
            out.append(Markup(" ") + _left_out(piece) + Markup(" "))
            replaced = piece if kind == "replaced" else ""
        else:
            out.append(Markup('<ins title="{t}">{w}</ins>').format(
                t=f"instead of: {replaced}" if replaced else "added", w=piece))
            replaced = ""
    return Markup("").join(out)


def variant_diff(base: str, variant: str) -> Markup:
    """``variant`` against ``base`` word by word: words it lacks struck, words it adds marked
    (the library's comparison, :func:`quotetrail.corpus.wording.differences`)."""
    return wording_diff(variant, 0, wording.differences(base, [(0, variant)]))


def _words(span: Mapping[str, Any] | None) -> int:
    return len(str((span or {}).get("text") or "").split())


def diff_note(diff: Mapping[str, Any] | None, kind: str | None = None) -> str:
    """What a trail row says under its wording: "full wording", or how many of the root's
    words it leaves out, changes and adds ("12 of 25 words left out"); for reported
    speech, how many of the root's words it keeps."""
    if not diff:
        return ""
    if diff.get("same"):
        return "full wording"
    if kind == "indirect":
        return f"reported: {diff.get('shared_words', 0)} of the {diff.get('root_words', 0)} words"
    counts = {"left_out": 0, "changed": 0, "added": 0}
    for edit in diff.get("edits") or ():
        op = edit.get("op")
        if op in counts:
            counts[op] += _words(edit.get("text") if op == "added" else edit.get("root"))
    of = f" of {diff.get('root_words', 0)} words"
    parts = []
    if counts["left_out"]:
        parts.append(f"{counts['left_out']}{of} left out")
        of = ""
    if counts["changed"]:
        parts.append(f"{counts['changed']}{of} changed")
        of = ""
    if counts["added"]:
        parts.append(f"{counts['added']} added")
    return ", ".join(parts)


#: The title a reported stretch carries, for readers who hover over it.
_REPORTED_TITLE = "reported: the article's paraphrase, not the speaker's words"


def _reported(text: str) -> Markup:
    return Markup('<span class="reported" title="{t}">{w}</span>').format(
        t=_REPORTED_TITLE, w=text)


def content_html(record: Mapping[str, Any]) -> Markup:
    """An attribution's content as a reader must see it: only the speaker's own words
    (a direct content, the quoted fragments of a mixed one) inside ``<q>`` (quotation
    marks); paraphrase in a ``reported`` style, and a content that is reported speech
    as a whole labelled "reported" (:func:`quotetrail.display.content_pieces`)."""
    pieces = content_pieces(record)
    out = [Markup('<q class="verbatim">{}</q>').format(p.text) if p.verbatim
           else _reported(p.text) for p in pieces]
    body = Markup("").join(out)
    if pieces and not any(p.verbatim for p in pieces):
        return Markup('<span class="reported-label">reported</span> ') + body
    return body


def cluster_quote(record: Mapping[str, Any]) -> Markup:
    """A statement's wording (a cluster's ``text``) in quotation marks when it is a quoted
    wording, as reported speech (labelled) when the statement is only ever reported."""
    text = str(record.get("text") or "")
    if record.get("verbatim", True):
        return Markup('<q class="verbatim">{}</q>').format(text)
    return Markup('<span class="reported-label">reported</span> ') + _reported(text)


def occurrence_wording(occ: Mapping[str, Any]) -> Markup:
    """A trail occurrence's wording with its differences from the root marked: a direct
    quote inside quotation marks; a mixed clause in the paraphrase style, where only
    the article's own marks stand around its quoted fragments; reported speech as
    :func:`content_html` shows it (its difference is told by :func:`diff_note`)."""
    content = occ.get("content") or {}
    text = str(content.get("text") or "")
    diff = occ.get("differences")
    kind = occ.get("kind")
    if kind not in ("direct", "mixed") or (kind == "mixed" and not diff):
        return content_html(occ)
    body = wording_diff(text, int(content.get("start") or 0), diff) if diff else escape(text)
    if kind == "mixed":
        # the differences run over the whole clause, so it is shown as the article has
        # it: paraphrase style, the article's own quotation marks around its fragments
        return Markup('<span class="reported mixed-wording" title="{t}">{b}</span>').format(
            t="mixed: the article's paraphrase; only the words in its quotation marks "
              "are the speaker's", b=body)
    return Markup('<q class="verbatim">{}</q>').format(body)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _occurrence_date(occ: dict[str, Any]) -> date | None:
    return _day(occ.get("published")) or _day(occ.get("crawled"))


#: Outlet rows a timeline draws; the rest share one row ("other outlets").
TIMELINE_ROWS = 20
_OTHER = "other outlets"
#: Occurrences of one row closer than this many pixels in time share one dot.
_DOT_BUCKET_PX = 6


def _outlet_rows(occurrences: Sequence[dict[str, Any]], first: int) -> tuple[list[str],
                                                                            dict[str, str]]:
    """The outlets that get a row (in order of appearance) and each outlet's row label.

    Up to ``TIMELINE_ROWS``: the outlets that carried the quote most often, always with
    the first appearance's; the others share a last row, so that a quote syndicated to
    hundreds of outlets still draws a chart of readable height.
    """
    counts: dict[str, int] = {}
    for occ in occurrences:
        name = occ.get("outlet") or "(no outlet)"
        counts[name] = counts.get(name, 0) + _weight(occ)
    order = list(counts)
    if len(order) <= TIMELINE_ROWS:
        return order, {o: o for o in order}
    first_outlet = (occurrences[first].get("outlet") or "(no outlet)") if occurrences else ""
    ranked = sorted(order, key=lambda o: (o != first_outlet, -counts[o], order.index(o)))
    kept = set(ranked[:TIMELINE_ROWS - 1])
    rows = [o for o in order if o in kept]
    others = len(order) - len(rows)
    label = f"{_OTHER} ({others})"
    return [*rows, label], {o: (o if o in kept else label) for o in order}


def _weight(occ: Mapping[str, Any]) -> int:
    """How many occurrences a record stands for: ``n`` of a trail summary's, else one."""
    n = occ.get("n", 1)
    return n if isinstance(n, int) and n > 0 else 1


def timeline_svg(occurrences: Sequence[dict[str, Any]], colours: dict[str, int]) -> Markup:
    """A cluster's trail as SVG: one row per outlet, dots along time.

    ``occurrences`` are trail occurrence records, or the records of
    :func:`quotetrail.corpus.queries.trail_summary`, each standing for ``n`` of them.

    A dot is the occurrences of one outlet on one day (bigger when there are several);
    it links to the first of their articles and carries a ``<title>`` (date, outlet,
    count, speaker) that browsers show on hover.  Its colour is the speaker credited, so
    an outlet that credits someone else stands out.  The first appearance is ringed and
    labelled; undated occurrences sit in a column of their own at the right.  Rows and
    dots are bounded, so a quote carried thousands of times draws a chart of the same
    size.
    """
    first = _first_index(occurrences)
    outlets, row_of = _outlet_rows(occurrences, first)
    dated = [d for o in occurrences if (d := _occurrence_date(o))]
    has_undated = len(dated) < len(occurrences)
    left, right, top, row = 170, 40 + (70 if has_undated else 0), 34, 30
    width = 760
    height = top + row * max(1, len(outlets)) + 34
    plot = width - left - right
    lo, hi = (min(dated), max(dated)) if dated else (None, None)
    span_days = max(1, (hi - lo).days) if lo and hi else 1

    def x_of(d: date | None) -> float:
        if d is None or lo is None:
            return float(width - right + 40)
        if hi == lo:
            return left + plot / 2
        return left + plot * (d - lo).days / span_days

    parts: list[Markup] = [Markup(
        '<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="timeline-title">'
        '<title id="timeline-title">Timeline: {n} occurrences in {m} outlets</title>'
    ).format(w=width, h=height, n=sum(_weight(o) for o in occurrences), m=len(row_of))]
    axis_y = top + row * len(outlets) + 4
    parts.append(Markup('<line class="axis" x1="{a}" y1="{y}" x2="{b}" y2="{y}"/>').format(
        a=left, b=width - right, y=axis_y))
    if lo and hi:
        for t in _ticks(lo, hi):
            parts.append(Markup(
                '<line class="tick" x1="{x:.1f}" y1="{y1}" x2="{x:.1f}" y2="{y2}"/>'
                '<text class="tick-label" x="{x:.1f}" y="{ty}" text-anchor="middle">{t}</text>'
            ).format(x=x_of(t), y1=top - 6, y2=axis_y, ty=axis_y + 16, t=t.isoformat()))
    if has_undated:
        parts.append(Markup('<text class="tick-label" x="{x}" y="{y}" text-anchor="middle">'
                            'undated</text>').format(x=width - right + 40, y=axis_y + 16))
    for r, name in enumerate(outlets):
        y = top + row * r + row / 2
        parts.append(Markup(
            '<text class="outlet-label" x="{x}" y="{y:.1f}" text-anchor="end">{name}</text>'
            '<line class="row" x1="{a}" y1="{y:.1f}" x2="{b}" y2="{y:.1f}"/>').format(
                x=left - 10, y=y + 4, name=_clip(name, 24), a=left, b=width - right))
    # one dot per row and few pixels of time: the group's first occurrence stands for it
    groups: dict[tuple[str, int], list[int]] = {}
    for i, occ in enumerate(occurrences):
        key = (row_of[occ.get("outlet") or "(no outlet)"],
               int(x_of(_occurrence_date(occ)) // _DOT_BUCKET_PX))
        groups.setdefault(key, []).append(i)
    for (row_name, _), members in groups.items():
        i = members[0]
        occ = occurrences[i]
        count = sum(_weight(occurrences[j]) for j in members)
        d = _occurrence_date(occ)
        last = _occurrence_date(occurrences[members[-1]])
        y = top + row * outlets.index(row_name) + row / 2
        x = x_of(d)
        colour = colours.get(speaker_key(occ), 0)
        names = sorted({(occurrences[j].get("speaker") or "unknown speaker")
                        + (" (uncertain)" if uncertain_speaker(occurrences[j]) else "")
                        for j in members})
        when = d.isoformat() if d else "undated"
        if d and last and last != d:
            when += f" to {last.isoformat()}"
        label = (f"{when} · "
                 f"{occ.get('outlet') if len(members) == 1 else row_name} · "
                 + (f"{count} occurrences · " if count > 1 else "")
                 + ", ".join(names[:3]) + (" …" if len(names) > 3 else ""))
        ring = Markup("")
        if first in members:
            ring = Markup(
                '<circle class="first-ring" cx="{x:.1f}" cy="{y:.1f}" r="11"/>'
                '<text class="first-label" x="{x:.1f}" y="{ty:.1f}" text-anchor="middle">'
                'first</text>').format(x=x, y=y, ty=y - 14)
        radius = min(10.0, 7.0 + 1.5 * math.log2(count))
        parts.append(Markup(
            '<a href="/articles/{href}" class="dot-link">{ring}'
            '<circle class="dot sp-{c}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" data-index="{i}">'
            '<title>{label}</title></circle></a>').format(
                href=url_id(occ.get("article_id") or ""), ring=ring, c=colour, x=x, y=y,
                r=radius, i=i, label=label))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _ticks(lo: date, hi: date) -> list[date]:
    """Up to six dates at an even step of whole days (or weeks, months) from ``lo``."""
    days = (hi - lo).days
    if days == 0:
        return [lo]
    step = next((s for s in (1, 2, 7, 14, 30, 61, 91, 182, 365) if days / s <= 5), 365 * 2)
    if days > 5 * step:
        step = -(-days // 5)
    return [lo + timedelta(days=k) for k in range(0, days + 1, step)]


def _first_index(occurrences: Sequence[dict[str, Any]]) -> int:
    """The earliest dated occurrence (a trail comes oldest first, undated last)."""
    for i, occ in enumerate(occurrences):
        if _occurrence_date(occ):
            return i
    return 0


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


#: Width of a week label, ``YYYY-MM-DD`` at 11px: 64 px in DejaVu Sans, the widest of the
#: usual sans-serif faces (Arial and Segoe UI draw it in about 57), and a little more.
_WEEK_LABEL_TEXT_PX = 66
#: Room a week label needs along the axis: its width and a gap before the next one.
_WEEK_LABEL_PX = _WEEK_LABEL_TEXT_PX + 10
#: Width of one digit of the count labels (11px, DejaVu Sans), to make room for the peak.
_DIGIT_PX = 7


def weekly_chart_svg(weeks: Sequence[tuple[str, int]]) -> Markup:
    """Quotes per week as an SVG bar chart; each bar's ``<title>`` gives week and count.

    Labels are laid out from their drawn width, so that none overlaps another or runs
    off the chart, whatever the number of weeks (one, or six years of them): a week label
    every so many bars (at most about six, never closer than a label is wide), none that
    would be cut off at the right edge, and a left margin wide enough for the peak count.
    """
    if not weeks:
        return Markup('<p class="muted">No dated quotes.</p>')
    peak = max(n for _, n in weeks) or 1
    width, height, bottom, top = 760, 180, 26, 12
    left = max(40, 12 + _DIGIT_PX * len(str(peak)))
    plot_w, plot_h = width - left - 10, height - bottom - top
    bar = min(plot_w / len(weeks), 48.0)
    parts = [Markup(
        '<svg class="weekly" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="weekly-title">'
        '<title id="weekly-title">Quotes per week, {a} to {b}</title>'
        '<line class="axis" x1="{l}" y1="{y}" x2="{r}" y2="{y}"/>'
        '<text class="tick-label" x="{tl}" y="{tt}" text-anchor="end">{peak}</text>'
        '<text class="tick-label" x="{tl}" y="{y}" text-anchor="end">0</text>'
    ).format(w=width, h=height, a=weeks[0][0], b=weeks[-1][0], l=left, r=width - 10,
             y=top + plot_h, tl=left - 6, tt=top + 10, peak=peak)]
    label_every = max(1, len(weeks) // 6, math.ceil(_WEEK_LABEL_PX / bar))
    for i, (week, n) in enumerate(weeks):
        h = plot_h * n / peak
        x = left + i * bar
        parts.append(Markup(
            '<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{h:.1f}">'
            '<title>week of {week}: {n} quote{s}</title></rect>').format(
                x=x + bar * 0.1, y=top + plot_h - h, bw=max(1.0, bar * 0.8), h=h, week=week,
                n=n, s="" if n == 1 else "s"))
        if i % label_every == 0 and x + bar * 0.1 + _WEEK_LABEL_TEXT_PX <= width:
            parts.append(Markup(
                '<text class="tick-label" x="{x:.1f}" y="{y}" text-anchor="start">{week}</text>'
            ).format(x=x + bar * 0.1, y=height - 8, week=week))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def distinct_speakers(occurrences: Iterable[dict[str, Any]], *, limit: int = 8,
                      outlets_each: int = 5) -> tuple[list[tuple[str, int, list[str], int]], int]:
    """Who a trail credits, for the disagreement warning: the ``limit`` speakers credited
    most often, each as (name, occurrences, up to ``outlets_each`` outlets, how many
    more outlets), and how many other speakers are credited.  Bounded because a quote
    carried thousands of times may be credited to hundreds of people.
    """
    # one line per speaker identity: "Okafor" and "Ruth Okafor" credited to one person
    # are outlets agreeing, not disagreeing
    found: dict[str, tuple[list[int], dict[str, None], dict[str, None]]] = {}
    for occ in occurrences:
        name = occ.get("speaker") or "unknown speaker"
        count, outlets, names = found.setdefault(occ.get("speaker_id") or f"name:{name}",
                                                 ([0], {}, {}))
        count[0] += _weight(occ)
        outlets[occ.get("outlet") or "(no outlet)"] = None
        names[name] = None
    ranked = sorted(found.values(), key=lambda v: -v[0][0])
    shown = [(_credited_as(list(names)), count[0], list(outlets)[:outlets_each],
              max(0, len(outlets) - outlets_each)) for count, outlets, names in ranked[:limit]]
    return shown, max(0, len(ranked) - limit)


def _credited_as(names: list[str]) -> str:
    """The fullest of the names one speaker is credited under, and the others."""
    fullest = max(names, key=lambda n: (len(n), n))
    others = [n for n in names if n != fullest]
    return fullest + (f" (also as {', '.join(others)})" if others else "")
