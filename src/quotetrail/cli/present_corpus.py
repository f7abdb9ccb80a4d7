"""Printing corpus records (clusters, trails, speakers, stats, ingest reports).

The corpus commands print plain dict records in the four formats every command offers:
``jsonl`` (one record a line, the format programs read), ``json`` (one array), ``csv``
(flat columns, a header) and ``table`` (for people).  Each kind of record names its CSV
and table columns here; the CLI only picks the kind.  Text from articles is untrusted and
is never interpreted as Rich markup.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quotetrail.cli.present import TABLE_CONTENT_CHARS, OutputFormat, _dumps, shorten

__all__ = ["CLUSTER", "INGEST", "OCCURRENCE", "REBUILD", "REEXTRACT", "SPEAKER", "STATS",
           "RecordKind", "write_records"]

Getter = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class RecordKind:
    """How one kind of record is flattened: (column name, getter) for CSV and for tables."""

    title: str
    csv: tuple[tuple[str, Getter], ...]
    table: tuple[tuple[str, Getter, int], ...]  # (header, getter, width ratio; 0: as wide
    #                                             as its content, never wrapped)
    lines: bool = False  # a rule between rows (records of several lines each)


def _key(name: str) -> Getter:
    return lambda r: r.get(name)


def _span_text(name: str) -> Getter:
    return lambda r: (r.get(name) or {}).get("text")


def _date(r: dict[str, Any]) -> str | None:
    if r.get("published"):
        return str(r["published"])
    return f"{r['crawled']} (crawled)" if r.get("crawled") else None


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _seen(r: dict[str, Any]) -> str:
    """How often and how widely: outlets where articles name them, else articles."""
    where = (_plural(r["n_outlets"], "outlet") if r.get("n_outlets")
             else _plural(r.get("n_articles") or 0, "article"))
    flag = " ⚠ speakers differ" if r.get("speaker_disagreement") else ""
    return f"{r['n_occurrences']}× in {where}{flag}"


def _cluster_quote(r: dict[str, Any]) -> Text:
    """A statement's wording: in quotation marks only when it is the speaker's own words
    (the record's ``verbatim``); a statement only ever reported reads as reported, the
    same rule as the extract table and the pages (:mod:`quotetrail.display`)."""
    text = shorten(r.get("text") or "")
    if r.get("verbatim", True):
        return Text(f"“{text}”")
    cell = Text("reported: ", style="dim")
    cell.append(text, style="italic")
    return cell


CLUSTER = RecordKind(
    "clusters",
    csv=(("cluster_id", _key("cluster_id")), ("text", _key("text")),
         ("speaker", _key("speaker")), ("speaker_id", _key("speaker_id")),
         ("first_seen", _key("first_seen")), ("occurrences", _key("n_occurrences")),
         ("articles", _key("n_articles")), ("outlets", _key("n_outlets")),
         ("variants", lambda r: len(r.get("variants", []))),
         ("speaker_disagreement", _key("speaker_disagreement"))),
    table=(("cluster", _key("cluster_id"), 2), ("speaker", _key("speaker"), 2),
           ("first seen", _key("first_seen"), 2), ("seen", lambda r: _seen(r), 2),
           ("quote", lambda r: _cluster_quote(r), 7)),
)
#: Words left out that the trail table shows in full; a longer run shows its ends.
LEFT_OUT_SHOWN = 6


def _left_out(words: str) -> str:
    parts = words.split()
    if len(parts) <= LEFT_OUT_SHOWN:
        return words
    return f"{' '.join(parts[:3])} … {' '.join(parts[-2:])} ({len(parts)} words)"


def wording_marked(r: dict[str, Any], *, table: bool = True) -> str:
    """An occurrence's wording with its differences from the root wording marked as a
    word diff reads without colour: ``{+added+}``, ``[-left out-]``, a change as
    ``[-root words-]{+said instead+}``.  In a table, long runs left out show their ends,
    and a note follows: ``(full wording)`` when it is the root's words, or, for
    reported speech, how many of the root's words it keeps (instead of marks)."""
    from quotetrail.corpus.wording import segments

    content = r.get("content") or {}
    text = str(content.get("text") or "")
    diff = r.get("differences")
    if table and r.get("kind") == "indirect":  # reported speech: never in quotation marks
        note = ("" if not diff else "  (full wording)" if diff.get("same")
                else f"  ({diff['shared_words']} of the {diff['root_words']} words)")
        return f"reported: {shorten(text)}{note}"
    if not diff or (table and diff.get("same")):
        return _quoted(shorten(text), r, table) + ("  (full wording)" if diff else "")
    pieces = []
    for kind, piece in segments(text, int(content.get("start") or 0), diff):
        if kind == "text":
            pieces.append(piece)
        elif kind == "added":
            pieces.append(f"{{+{piece}+}}")
        else:
            pieces.append(f" [-{_left_out(piece) if table else piece}-] ")
    marked = "".join(pieces)
    return _quoted(shorten(marked, 4 * TABLE_CONTENT_CHARS), r, table) if table else marked


def _quoted(text: str, r: dict[str, Any], table: bool) -> str:
    """A direct wording in a table stands in quotation marks (a mixed one carries the
    article's own around its fragments); CSV keeps the text as it is."""
    return f"“{text}”" if table and r.get("kind") == "direct" else text


def _trail_date(r: dict[str, Any]) -> str:
    """A date that fits its column: the day, then the time (UTC) and whether it is a crawl
    date on lines of their own."""
    value = r.get("published") or r.get("crawled")
    if not value:
        return "undated"
    lines = [str(value)[:10]]
    if len(str(value)) > 10:
        lines.append(str(value)[11:16] + " UTC")
    if not r.get("published"):
        lines.append("(crawled)")
    return "\n".join(lines)


def _where_who(r: dict[str, Any]) -> str:
    """Outlet, the speaker as that outlet credits them, venue and re-quote, one a line."""
    lines = [r.get("outlet") or str(r.get("article_id") or "—"), r.get("speaker") or "unknown"]
    if r.get("venue"):
        lines.append(f"on {r['venue']['text']}")
    if r.get("requote"):  # (credited to someone else: a re-quote by the one credited)
        by = r.get("requoted_by")
        lines.append(f"re-quoted by {by}" if by and by != r.get("speaker") else "re-quote")
    return "\n".join(lines)


def _diff_count(name: str) -> Getter:
    return lambda r: (r.get("differences") or {}).get(name)


OCCURRENCE = RecordKind(
    "occurrences",
    csv=(("article_id", _key("article_id")), ("outlet", _key("outlet")), ("url", _key("url")),
         ("published", _key("published")), ("crawled", _key("crawled")),
         ("speaker", _key("speaker")), ("speaker_id", _key("speaker_id")),
         ("venue", _span_text("venue")), ("kind", _key("kind")),
         ("content_start", lambda r: r["content"]["start"]),
         ("content_end", lambda r: r["content"]["end"]), ("content", _span_text("content")),
         ("requote", _key("requote")), ("requoted_by", _key("requoted_by")),
         ("same_as_root", _diff_count("same")), ("words_left_out", _diff_count("left_out")),
         ("words_added", _diff_count("added")),
         ("wording_diff", lambda r: wording_marked(r, table=False))),
    # At 80 columns: the day, who (outlet, speaker, venue, re-quote: a line each) and the
    # wording with its differences take the width, never a column a few letters wide.
    table=(("date", _trail_date, 0), ("outlet · speaker", _where_who, 3),
           ("wording against the fullest", wording_marked, 7)),
    lines=True,
)
SPEAKER = RecordKind(
    "speakers",
    csv=(("speaker_id", _key("speaker_id")), ("name", _key("name")), ("kind", _key("kind")),
         ("aliases", lambda r: "; ".join(r["aliases"])), ("attributions", _key("attributions")),
         ("articles", _key("articles")), ("clusters", _key("clusters"))),
    # At 80 columns the counts take their width and the names share the rest; the
    # cluster count is in jsonl and csv.
    table=(("name", _key("name"), 3), ("id", _key("speaker_id"), 3),
           ("aliases", lambda r: ", ".join(a for a in r["aliases"] if a != r["name"]), 4),
           ("quotes", _key("attributions"), 0), ("articles", _key("articles"), 0)),
)
STATS = RecordKind(
    "stats",
    csv=(("articles", _key("articles")), ("attributions", _key("attributions")),
         ("clusters", _key("clusters")), ("speakers", _key("speakers"))),
    table=(("articles", _key("articles"), 1), ("attributions", _key("attributions"), 1),
           ("clusters", _key("clusters"), 1), ("speakers", _key("speakers"), 1)),
)
REBUILD = RecordKind(
    "rebuild reports",
    csv=(("attributions", _key("attributions")), ("groups", _key("groups")),
         ("clusters", _key("clusters")), ("speakers", _key("speakers")),
         ("seconds", _key("seconds"))),
    table=(("attributions", _key("attributions"), 1), ("groups", _key("groups"), 1),
           ("clusters", _key("clusters"), 1), ("speakers", _key("speakers"), 1),
           ("seconds", _key("seconds"), 1)),
)


def _skipped(r: dict[str, Any]) -> str:
    return "; ".join(f"{reason} {n}" for reason, n in r.get("skipped", {}).items())


INGEST = RecordKind(
    "ingest reports",
    csv=(("stored", _key("stored")), ("unchanged", _key("unchanged")),
         ("failed", _key("failed")), ("skipped", _skipped), ("seconds", _key("seconds")),
         ("articles_per_second", _key("articles_per_second"))),
    table=(("stored", _key("stored"), 1), ("unchanged", _key("unchanged"), 1),
           ("failed", _key("failed"), 1), ("skipped", _skipped, 3),
           ("seconds", _key("seconds"), 1), ("articles/s", _key("articles_per_second"), 1)),
)

REEXTRACT = RecordKind(
    "re-extraction reports",
    csv=(("reextracted", _key("reextracted")), ("unchanged", _key("unchanged")),
         ("failed", _key("failed")), ("skipped", _skipped),
         ("clusters_gone", _key("clusters_gone")), ("rebuilt", _key("rebuilt")),
         ("seconds", _key("seconds")), ("articles_per_second", _key("articles_per_second"))),
    table=(("re-extracted", _key("reextracted"), 1), ("unchanged", _key("unchanged"), 1),
           ("failed", _key("failed"), 1), ("skipped", _skipped, 3),
           ("rebuilt", _key("rebuilt"), 1), ("seconds", _key("seconds"), 1),
           ("articles/s", _key("articles_per_second"), 1)),
)


#: Table columns that hold identifiers or dates: never wrapped mid-token.
_NO_WRAP = frozenset({"cluster", "first seen", "quotes", "articles", "clusters", "date"})
_MIN_WIDTH = {"cluster": 13, "first seen": 10}
#: Columns of identifiers, never folded however long.
_IDENTIFIERS = frozenset({"cluster", "id"})
#: A column is made at least as wide as its longest word (header included), so that
#: words wrap whole ("unchanged", "spokeswoman"), up to this many characters; only a
#: longer word (a URL) is folded.
_LONGEST_WHOLE_WORD = 18


def _cell(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    if value is None or value == "":
        return Text("—")
    return Text(str(value))


def _longest_word(cells: Iterable[Text]) -> int:
    return max((len(w) for c in cells for w in c.plain.split()), default=0)


def _longest_line(cells: Iterable[Text]) -> int:
    return max((len(line) for c in cells for line in c.plain.splitlines()), default=1)


def _min_widths(headers: list[str], rows: list[list[Text]]) -> list[int]:
    """Each column's width floor: its longest word, capped (see ``_LONGEST_WHOLE_WORD``)."""
    floors = []
    for i, header in enumerate(headers):
        longest = _longest_word([Text(header), *(row[i] for row in rows)])
        if header not in _IDENTIFIERS:  # an id is copied into the next command: kept whole
            longest = min(longest, _LONGEST_WHOLE_WORD)
        floors.append(max(longest, _MIN_WIDTH.get(header, 0)))
    return floors


def column_widths(space: int, ratios: list[int], floors: list[int],
                  naturals: list[int]) -> list[int] | None:
    """Content widths that fill ``space``: a ratio-0 column as wide as its content,
    every other column at least its floor (its longest word) and at most its content,
    the rest shared by ratio.  None when even the floors do not fit (a terminal too
    narrow for whole words: Rich's own folding takes over).

    Rich's ratio columns ignore ``min_width`` (their minimum is ``width`` or 1), which
    is how "unchanged" became "unchang ed" at 80 columns; so the widths are worked
    out here and given to Rich as fixed ones."""
    widths = [natural if ratio == 0 else floor
              for ratio, floor, natural in zip(ratios, floors, naturals, strict=True)]
    left = space - sum(widths)
    if left < 0:
        return None
    open_ = [i for i, r in enumerate(ratios) if r and widths[i] < naturals[i]]
    while left > 0 and open_:
        total = sum(ratios[i] for i in open_)
        given = 0
        for i in open_:
            share = max(1, left * ratios[i] // total)
            share = min(share, naturals[i] - widths[i], left - given)
            widths[i] += share
            given += share
        left -= given
        open_ = [i for i in open_ if widths[i] < naturals[i]]
        if given == 0:
            break
    if left > 0:  # every column shows all it has: the flexible ones share the rest
        flexible = [i for i, r in enumerate(ratios) if r] or [len(widths) - 1]
        total = sum(ratios[i] for i in flexible) or len(flexible)
        shares = [left * (ratios[i] or 1) // total for i in flexible]
        shares[-1] += left - sum(shares)
        for i, share in zip(flexible, shares, strict=True):
            widths[i] += share
    return widths


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_records(records: Iterable[dict[str, Any]], fmt: OutputFormat | str, out: TextIO,
                  kind: RecordKind) -> int:
    """Print records in ``fmt``; returns how many there were."""
    fmt = OutputFormat(fmt)
    n = 0
    if fmt is OutputFormat.jsonl:
        for r in records:
            out.write(_dumps(r) + "\n")
            n += 1
        out.flush()
    elif fmt is OutputFormat.json:
        out.write("[")
        for r in records:
            out.write(("\n" if n == 0 else ",\n") + _dumps(r))
            n += 1
        out.write("\n]\n" if n else "]\n")
    elif fmt is OutputFormat.csv:
        writer = csv.writer(out)
        writer.writerow([name for name, _ in kind.csv])
        for r in records:
            writer.writerow([_csv_value(get(r)) for _, get in kind.csv])
            n += 1
    else:
        console = Console(file=out, highlight=False, markup=False, emoji=False)
        rows = [[_cell(get(r)) for _, get, _ in kind.table] for r in records]
        n = len(rows)
        headers = [header for header, _, _ in kind.table]
        table = Table(expand=True, show_lines=kind.lines)
        columns = [[Text(header), *(row[i] for row in rows)] for i, header in enumerate(headers)]
        ratios = [ratio for _, _, ratio in kind.table]
        widths = column_widths(console.width - 3 * len(headers) - 1, ratios,
                               _min_widths(headers, rows),
                               [_longest_line(cells) for cells in columns])
        for i, (header, _, ratio) in enumerate(kind.table):
            if widths is not None:
                table.add_column(header, width=widths[i], overflow="fold",
                                 no_wrap=header in _NO_WRAP)
            else:
                table.add_column(header, ratio=ratio or None, overflow="fold",  # 0: fit
                                 no_wrap=header in _NO_WRAP, min_width=_MIN_WIDTH.get(header))
        for row in rows:
            table.add_row(*row)
        if n:
            console.print(table)
        else:
            console.print(Text(f"no {kind.title}", style="dim"))
    out.flush()
    return n
