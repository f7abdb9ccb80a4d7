"""The ``quotetrail`` command line: parse arguments, call the library, print.

One module per command group, each registering its commands on the one Typer app of
:mod:`quotetrail.cli.base` when imported here.  No logic lives in them (DESIGN.md,
"surfaces only call the layers below").
"""

from __future__ import annotations

from quotetrail.cli import corpus, evaluate, extract, serve, train  # noqa: F401  (registration)
from quotetrail.cli.base import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point (``quotetrail``)."""
    app(prog_name="quotetrail")
