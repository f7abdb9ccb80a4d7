"""``quotetrail extract``: articles in, one contract record per document out."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Annotated

import typer

from quotetrail.cli.base import (
    EXIT_FAILED,
    EXIT_OK,
    MaxCharsOption,
    SpacyModelOption,
    app,
    error,
    warning,
)
from quotetrail.cli.present import OutputFormat, default_format, make_writer
from quotetrail.model import ArticleResult, Document
from quotetrail.settings import DEFAULT_MAX_CHARS


def _reporting_warnings(docs: Iterable[Document]) -> Iterator[Document]:
    """Pass documents through, printing each one's reader warnings as it goes by."""
    for doc in docs:
        for message in doc.warnings:
            warning(message)
        yield doc


def _reporting_errors(results: Iterable[ArticleResult],
                      failed: list[str]) -> Iterator[ArticleResult]:
    """Pass results through, printing one line per error and noting failed ids."""
    for result in results:
        for err in result.errors:
            error(err.message)
        if result.errors:
            failed.append(result.id)
        yield result


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", show_default=False,
        help="Files (.txt, .html, .htm, .jsonl, .warc, .warc.gz), directories (walked), or - for "
             "stdin.")],
    format: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", case_sensitive=False, show_default=False,
        help="Output format (default: table on a terminal, jsonl when piped).")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=0,
        help="Worker processes; 0 means all cores.")] = 1,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    spacy_model: SpacyModelOption = None,
    beliefs: Annotated[bool, typer.Option(
        "--beliefs",
        help="Label attributions of thought, intention and evidence (\"she thinks\", "
             "\"a poll shows\") kind \"belief\" instead of indirect/mixed.")] = False,
    min_speaker_confidence: Annotated[float | None, typer.Option(
        "--min-speaker-confidence", min=0.0, max=1.0, metavar="X", show_default=False,
        help="Keep only attributions whose speaker_confidence (the probability that the "
             "speaker, a name or null, is right) is at least X, from 0 to 1 "
             "(default: keep all).")] = None,
) -> None:
    """Extract attributed statements from articles, one contract record per document."""
    from quotetrail import api
    from quotetrail.cli.progress import ArticleProgress
    from quotetrail.readers import ReadStats, read_paths  # deferred: keeps --help fast
    from quotetrail.readers.inventory import counted_skips

    fmt = format or default_format(sys.stdout)
    n_workers = api.default_workers() if workers == 0 else workers
    stats = ReadStats(on_note=warning)
    docs = _reporting_warnings(read_paths(paths, max_chars=max_chars, stats=stats))
    failed: list[str] = []
    results = _reporting_errors(
        api.extract_documents(docs, workers=n_workers, spacy_model=spacy_model,
                              max_chars=max_chars, beliefs=beliefs,
                              min_speaker_confidence=min_speaker_confidence),
        failed,
    )
    writer = make_writer(fmt, sys.stdout)
    # A bar while the output goes to a file or a pipe; on a terminal the records
    # themselves show how far it is.
    show = sys.stderr.isatty() and not sys.stdout.isatty() and paths != ["-"]
    with ArticleProgress(paths, "extract", show=show) as progress:
        for done, result in enumerate(results, 1):
            writer.write(result)
            progress.update(done + counted_skips(stats.skipped))
    writer.close()
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)
