"""``quotetrail eval``: score quotetrail (or a predictions file) on a PolNeAR-format folder.

Thin on purpose, like every command: parse the options, call :mod:`quotetrail.evaluation`,
print.  Registered by one import line at the bottom of :mod:`quotetrail.cli`.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from quotetrail import errors
from quotetrail import evaluation as scoring
from quotetrail.cli.base import EXIT_FAILED, EXIT_OK, app, error, warning

MAX_WARNINGS = 20  # a broken predictions file should not bury the figures


class EvalSubset(StrEnum):
    direct = "direct"
    all = "all"


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option(
        "--gold", show_default=False,
        help="PolNeAR-format folder: text/NAME.txt and attributions/NAME_ANNOTATOR.ann.")],
    subset: Annotated[EvalSubset, typer.Option(
        "--subset", case_sensitive=False,
        help="direct: golds whose content holds a double quotation mark; all: every gold.",
    )] = EvalSubset.direct,
    double_apostrophe: Annotated[bool, typer.Option(
        "--double-apostrophe",
        help="Count '' (the New York Times' quotation mark) as a double quotation mark.",
    )] = False,
    pred: Annotated[Path | None, typer.Option(
        "--pred", show_default=False,
        help="Predictions (JSONL, contract records) to score instead of running quotetrail.",
    )] = None,
    errors_file: Annotated[Path | None, typer.Option(
        "--errors", show_default=False,
        help="Write every miss, false positive and wrong source/cue as JSON lines.")] = None,
    bootstrap: Annotated[int, typer.Option(
        "--bootstrap", min=0,
        help="Bootstrap resamples over articles for the 95 % intervals; 0 for none.",
    )] = scoring.DEFAULT_RESAMPLES,
    format: Annotated[EvalFormat, typer.Option(
        "--format", "-f", case_sensitive=False, help="Output format.")] = EvalFormat.table,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=0,
        help="Worker processes when running quotetrail; 0 means all cores.")] = 1,
) -> None:
    """Score quotetrail (or --pred) against PolNeAR-format gold annotation."""
    gold_set = scoring.load_gold(gold, double_apostrophe=double_apostrophe)
    failures: list[str] = []
    if pred is not None:
        predictions = scoring.read_predictions(pred)
        label = str(pred)
    else:
        from quotetrail import api

        n_workers = api.default_workers() if workers == 0 else workers
        predictions, failures = scoring.predict_with_quotetrail(gold_set, workers=n_workers)
        label = "quotetrail (run now)"
    for message in failures:
        error(message)
    report = scoring.evaluate(gold_set, predictions, subset.value, resamples=bootstrap)
    for message in report.warnings[:MAX_WARNINGS]:
        warning(message)
    if len(report.warnings) > MAX_WARNINGS:
        warning(f"{len(report.warnings) - MAX_WARNINGS} more warnings about the predictions")
    if report.unknown_pred_ids:
        warning(f"{len(report.unknown_pred_ids)} prediction ids are not in the gold and were "
                f"ignored (first: {report.unknown_pred_ids[0]})")
    if errors_file is not None:
        try:
            scoring.write_errors(report, errors_file)
        except OSError as exc:
            raise errors.QuotetrailError(f"{errors_file}: cannot be written ({exc})") from None
    if format is EvalFormat.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True))
    else:
        print(scoring.format_table(report, label))
    sys.stdout.flush()
    raise typer.Exit(EXIT_FAILED if failures else EXIT_OK)
