"""Every error code quotetrail reports, with its one-line message, kept in one place.

A document that cannot be processed yields an :class:`~quotetrail.model.ErrorRecord`
built here, never an exception escaping to the user.
"""

from __future__ import annotations

from quotetrail.model import ErrorRecord


class QuotetrailError(Exception):
    """Base class for errors that surfaces turn into one-line messages."""


class UsageError(QuotetrailError):
    """The user asked for something impossible (exit status 2)."""


class ModelNotFound(QuotetrailError):
    """The spaCy pipeline package is not installed."""


def binary_input(location: str) -> ErrorRecord:
    return ErrorRecord("binary", f"{location}: looks like binary data, not text; skipped")


def undecodable(location: str, detail: str) -> ErrorRecord:
    return ErrorRecord("undecodable", f"{location}: cannot be decoded as text ({detail}); skipped")


def too_large(location: str, n_chars: int, max_chars: int) -> ErrorRecord:
    return ErrorRecord(
        "too_large",
        f"{location}: {n_chars:,} characters exceeds --max-chars {max_chars:,}; skipped",
    )


def unreadable(location: str, detail: str) -> ErrorRecord:
    return ErrorRecord("unreadable", f"{location}: cannot be read ({detail}); skipped")


def bad_record(location: str, detail: str) -> ErrorRecord:
    return ErrorRecord("bad_record", f"{location}: {detail}; skipped")


def engine_failure(location: str, detail: str) -> ErrorRecord:
    return ErrorRecord("engine", f"{location}: extraction failed ({detail}); skipped")


def too_large_bytes(location: str, n_bytes: int, max_chars: int) -> ErrorRecord:
    """Too large judged by size on disk, before decoding (so a huge file is never held whole)."""
    return ErrorRecord(
        "too_large",
        f"{location}: {n_bytes:,} bytes is too large for --max-chars {max_chars:,}; skipped",
    )


def bad_html(location: str, detail: str) -> ErrorRecord:
    """The HTML main-content extractor failed on a page."""
    return ErrorRecord("bad_html", f"{location}: cannot extract the main text ({detail}); skipped")


def too_large_over_bytes(location: str, limit: int, max_chars: int) -> ErrorRecord:
    """Too large judged after reading only ``limit`` bytes of an input of unknown size.

    Only "over ``limit``" is known then (a pipe, a line whose rest was not counted), and
    the message says just that rather than passing the bytes read off as the size.
    """
    return ErrorRecord(
        "too_large",
        f"{location}: over {limit:,} bytes is too large for --max-chars {max_chars:,}; skipped",
    )


def not_text(what: str, value: object, position: int | None = None) -> TypeError:
    """The TypeError of a Python API call given something that is not text.

    Without it the caller would see Python's own ``object of type 'NoneType' has no
    len()`` from deep inside the engine; ``position`` names the item of a batch.
    """
    got = type(value).__name__
    if position is None:
        return TypeError(f"{what} takes a str (or bytes, decoded as files are); got {got}")
    return TypeError(f"{what} takes texts that are str (or bytes, decoded as files are); "
                     f"text {position} is {got}")
