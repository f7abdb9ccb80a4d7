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
from enum import StrEnum
from typing import Any, Protocol, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quotetrail.model import ArticleResult, Attribution

__all__ = [
    "CSV_COLUMNS",
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


#: One CSV row per attribution; offsets are those of the content span.
CSV_COLUMNS = (
    "article_id", "kind", "speaker", "speakers", "speaker_type", "source", "cue", "content",
    "content_start", "content_end", "addressee", "venue", "venue_type", "confidence",
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


def shorten(text: str, limit: int = TABLE_CONTENT_CHARS) -> str:
    """Whitespace collapsed, and the middle of an over-long text replaced by ``…``."""
    flat = " ".join(text.split())
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


def _who(a: Attribution) -> str:
    """The resolved speaker, else the mention in the text, else a dash."""
    if a.speaker:
        return a.speaker
    if a.source is not None:
        return shorten(a.source.text, 60)
    return "—"


def _cell(value: str | None) -> Text:
    """A table cell that shows ``value`` literally (no Rich markup, no emoji codes)."""
    return Text(value if value else "—")


class TableWriter:
    """A Rich table per article: who said what, how, to whom and where."""

    def __init__(self, out: TextIO) -> None:
        self.console = Console(file=out, highlight=False, markup=False, emoji=False)
        self.count = 0

    def write(self, result: ArticleResult) -> None:
        if not result.ok:
            return  # the error is already on stderr; nothing to tabulate
        if self.count:
            self.console.print()
        self.count += 1
        heading = Text(result.id, style="bold")
        if result.title:
            heading.append(f" — {shorten(result.title, 120)}", style="")
        n = len(result.attributions)
        heading.append(f"  ({n} attribution{'' if n == 1 else 's'})", style="dim")
        self.console.print(heading)
        if not n:
            return
        # Columns but "kind" and "cue" share the width by ratio, so the table always fits
        # the terminal (fixed caps would crop it on 80 columns); content gets the most.
        table = Table(show_lines=True, expand=True)
        table.add_column("speaker", style="bold", ratio=3, overflow="fold")
        table.add_column("kind", no_wrap=True, min_width=8)
        table.add_column("cue", max_width=14, overflow="fold")  # cues are short words
        table.add_column("content", ratio=9, overflow="fold")
        table.add_column("to", ratio=2, overflow="fold")
        table.add_column("venue", ratio=3, overflow="fold")
        for a in result.attributions:
            venue = None
            if a.venue is not None:
                venue = f"{shorten(a.venue.text, 60)} ({a.venue.type})"
            table.add_row(
                _cell(_who(a)), _cell(a.kind), _cell(shorten(_span_text(a.cue), 40)),
                _cell(shorten(a.content.text)), _cell(shorten(_span_text(a.addressee), 60)),
                _cell(venue),
            )
        self.console.print(table)

    def close(self) -> None:
        self.console.file.flush()


def make_writer(fmt: OutputFormat | str, out: TextIO) -> ResultWriter:
    """The writer for ``fmt`` on ``out``."""
    writers: dict[OutputFormat, type[ResultWriter]] = {
        OutputFormat.jsonl: JsonlWriter, OutputFormat.json: JsonWriter,
        OutputFormat.table: TableWriter, OutputFormat.csv: CsvWriter,
    }
    return writers[OutputFormat(fmt)](out)  # type: ignore[call-arg]
