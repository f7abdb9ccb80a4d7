"""``quotetrail train``: rebuild the learned models from PolNeAR-format data.

Thin, like every command: parse the options, call :func:`quotetrail.training.attribution.train`,
print what it wrote.  Registered by one import line at the bottom of
:mod:`quotetrail.cli`.  Point ``QUOTETRAIL_MODEL_DIR`` at the output to use it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from quotetrail import errors
from quotetrail.cli.base import EXIT_OK, app


@app.command("train")
def train_command(
    polnear: Annotated[Path, typer.Option(
        "--polnear", show_default=False,
        help="PolNeAR-format data: a folder with train/text and train/attributions, "
             "or one folder with text/ and attributions/.")],
    out: Annotated[Path, typer.Option(
        "--out", show_default=False, help="Folder to write the model files into.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")
                    ] = 13,
    folds: Annotated[int, typer.Option(
        "--folds", min=2, help="Cross-validation folds for the verifier's training drafts.")
    ] = 2,
    tune_fraction: Annotated[float, typer.Option(
        "--tune-fraction", min=0.0, max=0.5,
        help="Share of the articles held back to choose the thresholds on "
             "(0: keep the defaults).")] = 0.15,
    spacy_model: Annotated[str | None, typer.Option(
        "--spacy-model", help="spaCy pipeline package (default: the pinned one).")] = None,
) -> None:
    """Train the cue, content, verifier and speaker models (7-9 minutes on 2 cores)."""
    from quotetrail.training.attribution import train, train_dir

    if not (train_dir(polnear) / "text").is_dir():
        raise errors.UsageError(f"{polnear}: no train/text or text/ folder (PolNeAR format)")
    meta = train(polnear, out, seed=seed, folds=folds, spacy_model=spacy_model,
                 tune_fraction=tune_fraction)
    typer.echo(json.dumps(meta, indent=1))
    typer.echo(f"model written to {out}; use it with QUOTETRAIL_MODEL_DIR={out}")
    raise typer.Exit(EXIT_OK)
