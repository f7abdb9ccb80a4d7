"""The corpus commands: ``ingest``, ``search``, ``trail``, ``speakers``, ``stats``, ``export``.

Thin, like every command: parse, call :mod:`quotetrail.corpus`, print through
:mod:`quotetrail.cli.present_corpus`.  Registered on the shared Typer ``app`` by importing
this module at the bottom of :mod:`quotetrail.cli`, so the group's one-line error
handling and exit statuses apply unchanged.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

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
from quotetrail.cli.present import OutputFormat, default_format
from quotetrail.errors import QuotetrailError, UsageError
from quotetrail.model import KINDS
from quotetrail.settings import DEFAULT_MAX_CHARS

__all__ = ["export", "ingest", "search", "speakers", "stats", "trail"]


class Engine(StrEnum):
    """Where extraction runs."""

    local = "local"
    dask = "dask"


class Build(StrEnum):
    """How results reach the store."""

    incremental = "incremental"
    columnar = "columnar"


class ExportFormat(StrEnum):
    """Formats ``export`` writes."""

    parquet = "parquet"
    csv = "csv"


DbOption = Annotated[str, typer.Option(
    "--db", metavar="FILE", show_default=False, help="The SQLite store.")]
FormatOption = Annotated[OutputFormat | None, typer.Option(
    "--format", "-f", case_sensitive=False, show_default=False,
    help="Output format (default: table on a terminal, jsonl when piped).")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")]


def _open(db: str) -> Any:
    from quotetrail.corpus.store import open_readonly

    return open_readonly(db)


def _print(records: Any, fmt: OutputFormat | None, kind: Any) -> int:
    from quotetrail.cli.present_corpus import write_records

    return write_records(records, fmt or default_format(sys.stdout), sys.stdout, kind)


def _progress(paths: list[str] | None, label: str) -> Any:
    from quotetrail.cli.progress import ArticleProgress

    return ArticleProgress(paths, label, stored=True)


def _show(progress: Any) -> Any:
    """The ingest report hook that moves the bar."""
    return lambda report: progress.update(report.handled, stored=report.stored)


@app.command()
def ingest(
    db: DbOption,
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATH", show_default=False,
        help="Files (.txt, .html, .htm, .jsonl, .warc, .warc.gz) or directories; with "
             "--from-shards, Parquet shards or directories of them.")] = None,
    reextract: Annotated[bool, typer.Option(
        "--reextract",
        help="Instead of reading PATHs, extract the stored articles again with this engine: "
             "those an older engine extracted, or with '--reextract all' every one.")
    ] = False,
    engine: Annotated[Engine, typer.Option(
        "--engine", case_sensitive=False, help="Run extraction locally or on Dask.")
    ] = Engine.local,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=0,
        help="Worker processes (local) or LocalCluster workers (dask); 0 means all cores.")
    ] = 0,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", show_default=False,
        help="An existing Dask scheduler (tcp://host:8786); implies --engine dask.")] = None,
    no_store_text: Annotated[bool, typer.Option(
        "--no-store-text", help="Keep offsets and quotes but not the articles' full text.")
    ] = False,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Articles per committed batch.")] = 64,
    partition_size: Annotated[int, typer.Option(
        "--partition-size", min=1, help="Articles per Dask task.")] = 32,
    shards: Annotated[str | None, typer.Option(
        "--shards", metavar="DIR", show_default=False,
        help="With --engine dask: workers also write their results as Parquet shards here.")
    ] = None,
    from_shards: Annotated[bool, typer.Option(
        "--from-shards", help="PATHs are Parquet shards of results: store them, extract nothing.")
    ] = False,
    build: Annotated[Build | None, typer.Option(
        "--build", case_sensitive=False, show_default=False,
        help="incremental: batch by batch (local engine, --from-shards default); columnar: "
             "shards first, then one build of the whole store (--engine dask default).")
    ] = None,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    spacy_model: SpacyModelOption = None,
    format: FormatOption = None,
) -> None:
    """Extract attributions from articles and store them, with clusters and speakers
    (or, with --reextract, extract the stored articles again)."""
    from quotetrail.jobs import ingest as corpus_ingest

    if scheduler:
        engine = Engine.dask
    if shards and engine is not Engine.dask:
        raise UsageError("--shards needs --engine dask")
    if build is Build.columnar and engine is not Engine.dask and not from_shards:
        raise UsageError("--build columnar needs --engine dask or --from-shards")
    if reextract:
        _reextract(paths or [], db, engine=engine, workers=workers, scheduler=scheduler,
                   no_store_text=no_store_text, from_shards=from_shards,
                   batch_size=batch_size, partition_size=partition_size, shards=shards,
                   max_chars=max_chars, spacy_model=spacy_model, format=format)
    if not paths:
        raise UsageError("missing PATH (or --reextract to extract the stored articles again)")
    hooks: dict[str, Any] = {"on_error": lambda err: error(err.message), "on_warning": warning}
    with _progress(None if from_shards else paths, "ingest") as progress:
        if from_shards:
            report = corpus_ingest.ingest_shards(paths, db, store_text=not no_store_text,
                                                 batch_size=batch_size,
                                                 build=(build or Build.incremental).value,
                                                 on_progress=_show(progress), **hooks)
        else:
            report = corpus_ingest.ingest(
                paths, db, engine=engine.value, workers=workers or None, scheduler=scheduler,
                store_text=not no_store_text, batch_size=batch_size,
                partition_size=partition_size, shards=shards, spacy_model=spacy_model,
                build=build.value if build else None, max_chars=max_chars,
                on_progress=_show(progress), **hooks)
    for reason, n in report.skipped.items():
        if reason != "corrupt":
            warning(f"skipped {n:,} record{'s' if n != 1 else ''}: {reason.replace('_', ' ')}")
    _print([report.summary()], format, _kind("INGEST"))
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_OK)


def _reextract(selection: list[str], db: str, *, engine: Engine, workers: int,
               scheduler: str | None, no_store_text: bool, from_shards: bool,
               batch_size: int, partition_size: int, shards: str | None, max_chars: int,
               spacy_model: str | None, format: OutputFormat | None) -> None:
    """``ingest --reextract [outdated|all]``: the word after the flag picks the articles."""
    from quotetrail.jobs.reextract import NO_TEXT, SELECTIONS, reextract

    if len(selection) > 1 or (selection and selection[0] not in SELECTIONS):
        raise UsageError("--reextract reads the store's own texts: it takes no PATH, only "
                         f"which articles ({' or '.join(SELECTIONS)}), not {' '.join(selection)!r}")
    if from_shards or no_store_text:
        raise UsageError(f"--reextract cannot go with "
                         f"{'--from-shards' if from_shards else '--no-store-text'}")
    with _progress(None, "reextract") as progress:
        report = reextract(db, select=selection[0] if selection else SELECTIONS[0],
                           engine=engine.value, workers=workers or None, scheduler=scheduler,
                           batch_size=batch_size, partition_size=partition_size,
                           shards=shards, spacy_model=spacy_model, max_chars=max_chars,
                           on_error=lambda err: error(err.message),
                           on_progress=_show(progress))
    n = report.skipped.get(NO_TEXT, 0)
    if n:
        warning(f"{n:,} article{'s were' if n != 1 else ' was'} stored without text "
                "(--no-store-text) and cannot be re-extracted: left as they are")
    _print([report.summary()], format, _kind("REEXTRACT"))
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_OK)


def _kind(name: str) -> Any:
    from quotetrail.cli import present_corpus

    return getattr(present_corpus, name)


#: The kinds ``search --kind`` narrows to (the model's list, as Typer wants an enum).
SearchKind = StrEnum("SearchKind", {kind: kind for kind in KINDS})


@app.command()
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", show_default=False,
                                         help="Words that the quote, speaker or title holds.")],
    db: DbOption,
    limit: LimitOption = 20,
    kind: Annotated[SearchKind | None, typer.Option(
        "--kind", case_sensitive=False, show_default=False,
        help="Only attributions of this kind (direct: the speaker's words).")] = None,
    format: FormatOption = None,
) -> None:
    """Quote clusters matching QUERY: every word; words in double quotation marks as a
    phrase; matches in the quote's own words first (FTS5 syntax is searched as text)."""
    from quotetrail.corpus import queries

    conn = _open(db)
    filters = queries.SearchFilters(kind=kind.value if kind else None)
    _print(queries.search(conn, query, filters=filters, limit=limit), format, _kind("CLUSTER"))


@app.command()
def trail(
    cluster_id: Annotated[str, typer.Argument(metavar="CLUSTER_ID", show_default=False,
                                              help="A cluster id, as search prints it.")],
    db: DbOption,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", min=1, show_default=False,
        help="At most this many occurrences (default: all).")] = None,
    offset: Annotated[int, typer.Option(
        "--offset", min=0, help="Skip this many occurrences first (trail order).")] = 0,
    format: FormatOption = None,
) -> None:
    """A cluster's occurrences, oldest first: date, outlet, speaker, venue, re-quote, and
    the wording with its differences from the fullest."""
    from quotetrail.corpus import queries

    conn = _open(db)
    current = queries.current_cluster_id(conn, cluster_id)
    if current is None:
        raise QuotetrailError(f"{db}: no cluster {cluster_id!r}")
    if current != cluster_id:
        warning(f"cluster {cluster_id} was merged into {current}")
    _print(queries.trail(conn, current, limit=limit, offset=offset), format,
           _kind("OCCURRENCE"))


speakers_app = typer.Typer(
    name="speakers", invoke_without_command=True, no_args_is_help=False,
    help="Speakers across the corpus, most quoted first, with aliases and counts; "
         "'merge' and 'split' correct who is who.")
app.add_typer(speakers_app)

OptionalDbOption = Annotated[str | None, typer.Option(
    "--db", metavar="FILE", show_default=False, help="The SQLite store.")]


def _db_of(ctx: typer.Context, db: str | None) -> str:
    """``--db`` given to the subcommand, or to ``speakers`` before it."""
    found = db or (ctx.parent.params.get("db") if ctx.parent is not None else None)
    if not found:
        raise UsageError("missing option '--db'")
    return str(found)


@speakers_app.callback()
def speakers(
    ctx: typer.Context,
    db: OptionalDbOption = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", min=1, show_default=False, help="At most this many.")] = None,
    format: FormatOption = None,
) -> None:
    """Speakers across the corpus, most quoted first, with aliases and counts."""
    if ctx.invoked_subcommand is not None:
        return
    from quotetrail.corpus import queries

    _print(queries.speaker_list(_open(_db_of(ctx, db)), limit=limit), format, _kind("SPEAKER"))


def _write_store(db: str) -> Any:
    from pathlib import Path

    from quotetrail.corpus.store import Store

    if not Path(db).is_file():
        raise UsageError(f"{db}: no such store (create one with 'quotetrail ingest')")
    return Store(db)


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@speakers_app.command("merge")
def speakers_merge(
    ctx: typer.Context,
    into: Annotated[str, typer.Argument(metavar="A", show_default=False,
                                        help="The speaker id that stays.")],
    other: Annotated[str, typer.Argument(metavar="B", show_default=False,
                                         help="The speaker id whose names join A.")],
    db: OptionalDbOption = None,
    format: FormatOption = None,
) -> None:
    """Make B's names part of speaker A, now and in later ingests; prints A's record."""
    with _write_store(_db_of(ctx, db)) as store:
        record = store.merge_speakers(into, other, _now())
    _print([record], format, _kind("SPEAKER"))


@speakers_app.command("split")
def speakers_split(
    ctx: typer.Context,
    speaker_id: Annotated[str, typer.Argument(metavar="ID", show_default=False,
                                              help="The speaker id holding the alias.")],
    name: Annotated[str, typer.Argument(metavar="NAME", show_default=False,
                                        help="The alias that leaves, as `speakers` lists it.")],
    db: OptionalDbOption = None,
    format: FormatOption = None,
) -> None:
    """Take alias NAME out of speaker ID as a speaker of its own, now and in later ingests;
    prints the new speaker's record."""
    with _write_store(_db_of(ctx, db)) as store:
        record = store.split_speaker(speaker_id, name, _now())
    _print([record], format, _kind("SPEAKER"))


@app.command()
def stats(db: DbOption, format: FormatOption = None) -> None:
    """Counts of articles, attributions, clusters and speakers in the store."""
    from quotetrail.corpus import queries

    _print([queries.stats(_open(db))], format, _kind("STATS"))


@app.command()
def rebuild(db: DbOption, format: FormatOption = None) -> None:
    """Recompute clusters, speakers and the search index from the stored attributions
    (the same store whatever order and batches the articles came in)."""
    import time

    started = time.monotonic()
    with _write_store(db) as store:
        counts = store.rebuild()
    counts["seconds"] = round(time.monotonic() - started, 2)
    _print([counts], format, _kind("REBUILD"))


@app.command()
def export(
    db: DbOption,
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False, help="parquet or csv.")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="DIR", show_default=False,
                                     help="Output directory.")],
    min_speaker_confidence: Annotated[float | None, typer.Option(
        "--min-speaker-confidence", metavar="X", min=0.0, max=1.0, show_default=False,
        help="Only attributions whose speaker_confidence is at least X (0 to 1); "
             "articles, clusters and speakers are all written.")] = None,
) -> None:
    """Write DIR/articles/, DIR/attributions/, DIR/clusters/ and DIR/speakers/ (one row
    each) as Parquet or CSV."""
    from quotetrail.corpus.export import export as write

    counts = write(_open(db), out, format.value, min_speaker_confidence=min_speaker_confidence)
    print(f"wrote {counts['articles']:,} articles, {counts['attributions']:,} attributions, "
          f"{counts['clusters']:,} clusters and {counts['speakers']:,} speakers to {out}",
          file=sys.stderr)
