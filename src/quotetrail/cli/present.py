"""Formatting results for the terminal and for pipes: jsonl, json, table, csv.

The CLI only picks a writer and feeds it results; every format decision lives here
so that later commands (search, trail, speakers) print the same way.  Writers work
one result at a time, so output appears as documents are processed and nothing is
held in memory.  Article text is untrusted: the table never interprets it as Rich
markup.
"""

from __future__ import annotations

import csv
import json
import math
import re
from enum import StrEnum
from typing import Any, Protocol, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from quotetrail.display import content_pieces, quoted_text
from quotetrail.model import ArticleResult, Attribution
from quotetrail.settings import UNCERTAIN_SPEAKER_BELOW

__all__ = [
    "CSV_COLUMNS",
    "TABLE_LEGEND",
    "OutputFormat",
    "ResultWriter",
    "default_format",
    "make_writer",
]


class OutputFormat(StrEnum):
    """The output formats every result-printing command offers."""

    jsonl = "jsonl"
    json = "json"
    table = "table"
    csv = "csv"


def default_format(stream: TextIO) -> OutputFormat:
    """``table`` for a person at a terminal, ``jsonl`` for a program reading a pipe."""
    try:
        return OutputFormat.table if stream.isatty() else OutputFormat.jsonl
    except (AttributeError, ValueError):  # closed or unusual streams
        return OutputFormat.jsonl


class ResultWriter(Protocol):
    """Writes contract records one at a time; ``close`` finishes the document."""

    def write(self, result: ArticleResult) -> None: ...

    def close(self) -> None: ...


#: Characters that JSON leaves raw but many line splitters (``str.splitlines``,
#: JavaScript) treat as line ends; escaped so one record is always one line.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029",
                                "\x85": "\\u0085"})


def _dumps(obj: Any) -> str:
    """JSON as the contract prints it: UTF-8 text, not ``\\u`` escapes, on one line."""
    return json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKERS)


class JsonlWriter:
    """One JSON object a line, flushed at once so a consumer sees each record as it comes."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, result: ArticleResult) -> None:
        self.out.write(_dumps(result.to_dict()) + "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


class JsonWriter:
    """One JSON array, streamed element by element (valid JSON once closed)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, result: ArticleResult) -> None:
        self.out.write(("[\n" if self.count == 0 else ",\n") + _dumps(result.to_dict()))
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()


#: One CSV row per attribution; offsets are those of the content span.  New columns go
#: at the end, so that readers going by position keep working.
CSV_COLUMNS = (
    "article_id", "kind", "speaker", "speakers", "speaker_type", "source", "cue", "content",
    "content_start", "content_end", "addressee", "venue", "venue_type", "confidence",
    "speaker_confidence",
)


def _span_text(span: Any) -> str:
    return span.text if span is not None else ""


def csv_row(article_id: str, a: Attribution) -> list[str | int | float]:
    """The CSV row of one attribution (``speakers`` joined with ``; ``)."""
    return [
        article_id, a.kind, a.speaker or "", "; ".join(a.speakers), a.speaker_type or "",
        _span_text(a.source), _span_text(a.cue), a.content.text, a.content.start,
        a.content.end, _span_text(a.addressee), _span_text(a.venue),
        a.venue.type if a.venue is not None else "", round(float(a.confidence), 4),
        round(float(a.speaker_confidence), 4),
    ]


class CsvWriter:
    """A header, then one row per attribution with its article id; failed articles add none."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.writer = csv.writer(out)
        self.writer.writerow(CSV_COLUMNS)

    def write(self, result: ArticleResult) -> None:
        for a in result.attributions:
            self.writer.writerow(csv_row(result.id, a))
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


#: Longest quotation shown whole in a table cell; longer ones keep head and tail.
TABLE_CONTENT_CHARS = 240

#: What the table's words and marks mean, printed once under the last table (each line
#: fits 80 columns).
TABLE_LEGEND = (
    "direct: the speaker's words, in quotation marks",
    "mixed: the article's paraphrase; only the words in quotation marks are quoted",
    "indirect: reported speech (\"reported:\", in italics); nothing in it is quoted",
    f"? 0.31: uncertain speaker (speaker confidence < {UNCERTAIN_SPEAKER_BELOW:g}) · "
    "(he): mention, no name",
)

#: C0 and C1 control characters (tab, newline and the like are whitespace, gone by then)
#: and the bidirectional embeddings, overrides and isolates.  Article text could carry
#: terminal escape sequences, or reorder what a terminal shows; the table shows each of
#: them as U+FFFD instead.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shorten(text: str, limit: int = TABLE_CONTENT_CHARS) -> str:
    """Whitespace collapsed, control characters replaced by ``�``, and the middle of an
    over-long text replaced by ``…``."""
    flat = _CONTROLS.sub("\ufffd", " ".join(text.split()))
    if len(flat) <= limit:
        return flat
    head = flat[: (limit * 2) // 3]
    tail = flat[len(flat) - (limit - len(head) - 3):]
    # Cut at word boundaries where there are any, so no word is shown half.
    if " " in head:
        head = head[: head.rindex(" ")]
    if " " in tail:
        tail = tail[tail.index(" ") + 1:]
    return f"{head} … {tail}"


def uncertain_speaker(a: Attribution) -> bool:
    """Whether the table marks ``a``'s speaker (a name or null) as uncertain."""
    value = float(a.speaker_confidence)
    return math.isnan(value) or value < UNCERTAIN_SPEAKER_BELOW


def _who(a: Attribution) -> Text:
    """The resolved speaker; else the source mention in parentheses; else a dash.  An
    uncertain speaker gets ``? 0.31`` (its speaker confidence) on a line of its own.

    Cells are :class:`~rich.text.Text`, so that names and article words show literally
    (never read as Rich markup or emoji codes).
    """
    if a.speaker:
        who = Text(shorten(a.speaker, 80), style="bold")
    elif a.source is not None:
        who = Text(f"({shorten(a.source.text, 60)})", style="italic")
    else:
        who = Text("—")
    if uncertain_speaker(a):
        value = float(a.speaker_confidence)
        who.append("\n")
        who.append(f"? {value:.2f}" if not math.isnan(value) else "?", style="bold yellow")
    return who


def _content(a: Attribution) -> Text:
    """The content (shortened), then to whom and where it was said, dimmer, below it:
    ``to fans · venue: Instagram (social)``.

    Only the speaker's own words stand in quotation marks (a direct content; the quoted
    fragments of a mixed one, :func:`quotetrail.display.content_pieces`); reported
    speech is in italics after a "reported:" label, never inside marks."""
    pieces = content_pieces(a)
    if pieces and not any(p.verbatim for p in pieces):
        cell = Text("reported: ", style="dim")
        cell.append(shorten(a.content.text), style="italic")
    else:
        cell = Text(shorten(quoted_text(pieces)))
    context = []
    if a.addressee is not None:
        context.append(f"to {shorten(a.addressee.text, 60)}")
    if a.venue is not None:
        context.append(f"venue: {shorten(a.venue.text, 60)} ({a.venue.type})")
    if context:
        cell.append("\n" + " · ".join(context), style="dim")
    return cell


#: The kind-and-cue column fits "indirect" and "according to"; the frame of a
#: three-column table (four borders, a space each side of every cell) takes 10.
_HOW_WIDTH = 12
_TABLE_FRAME = 10


def _how(a: Attribution) -> Text:
    """The kind, and under it the cue's words (in italics)."""
    how = Text(a.kind or "—")
    if a.cue is not None:
        how.append("\n" + shorten(a.cue.text, 40), style="italic")
    return how


class TableWriter:
    """A Rich table per article: who said what, how, and (below the words) to whom and
    where; a legend of kinds and marks once at the end.

    Laid out for an 80-column terminal first: three columns (speaker; kind with its cue;
    content with addressee and venue below it), so that names get about 20 characters
    and quotations about 40, wrapped at spaces (never mid-word unless a word is wider
    than its column).  Wider terminals give the extra room to the quotation.
    """

    def __init__(self, out: TextIO) -> None:
        self.console = Console(file=out, highlight=False, markup=False, emoji=False)
        self.count = 0
        self.rows = 0

    def _speaker_width(self) -> int:
        """A third of what the kind column leaves (19 at 80 columns), from 12 to 26."""
        room = self.console.width - _TABLE_FRAME - _HOW_WIDTH
        return max(12, min(26, room // 3))

    def write(self, result: ArticleResult) -> None:
        if not result.ok:
            return  # the error is already on stderr; nothing to tabulate
        if self.count:
            self.console.print()
        self.count += 1
        heading = Text(shorten(result.id, 200), style="bold")
        if result.title:
            heading.append(f" — {shorten(result.title, 120)}", style="")
        n = len(result.attributions)
        heading.append(f"  ({n} attribution{'' if n == 1 else 's'})", style="dim")
        self.console.print(heading)
        if not n:
            return
        self.rows += n
        table = Table(show_lines=True, expand=True, box=box.ROUNDED)
        table.add_column("speaker", width=self._speaker_width(), overflow="fold")
        table.add_column("kind, cue", width=_HOW_WIDTH, overflow="fold")
        table.add_column("content", ratio=1, overflow="fold")
        for a in result.attributions:
            table.add_row(_who(a), _how(a), _content(a))
        self.console.print(table)

    def close(self) -> None:
        if self.rows:
            self.console.print()
            for line in TABLE_LEGEND:
                self.console.print(Text(line, style="dim"))
        self.console.file.flush()


def make_writer(fmt: OutputFormat | str, out: TextIO) -> ResultWriter:
    """The writer for ``fmt`` on ``out``."""
    writers: dict[OutputFormat, type[ResultWriter]] = {
        OutputFormat.jsonl: JsonlWriter, OutputFormat.json: JsonWriter,
        OutputFormat.table: TableWriter, OutputFormat.csv: CsvWriter,
    }
    return writers[OutputFormat(fmt)](out)  # type: ignore[call-arg]
