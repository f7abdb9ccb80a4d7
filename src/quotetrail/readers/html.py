"""HTML pages: trafilatura's main-content extraction, so menus and comment forms are gone.

The extracted main text is the text all offsets index; the page's own metadata gives
title, canonical URL, outlet (site name) and publication date.  The date comes only
from the page's metadata, never from a guess over the body text or the fetch time.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from quotetrail import errors
from quotetrail.model import Document
from quotetrail.readers._common import (
    decode_text,
    error_document,
    looks_binary,
    os_error_detail,
    read_bounded,
    too_large_unread,
    utf16_bom,
)

__all__ = ["MARKUP_BYTES_PER_CHAR", "extract_html", "read_html"]

#: A page is rejected unread when its size exceeds this many bytes per allowed
#: character: markup is bulky, but a page this large cannot be an article.
MARKUP_BYTES_PER_CHAR = 10

_log = logging.getLogger("trafilatura")
# trafilatura logs its doubts about odd pages as warnings; without a handler Python
# would print them on stderr, mixing them with quotetrail's one-line messages.  A
# NullHandler silences only that fallback; an application that configures logging
# still sees them.
_log.addHandler(logging.NullHandler())


def _date_params() -> dict[str, Any]:
    """htmldate settings: dates from the page's metadata only (no search of the body)."""
    return {
        "original_date": True,
        "extensive_search": False,
        "outputformat": "%Y-%m-%d",
        "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
    }


def extract_html(html: bytes | str, *, id: str, location: str, max_chars: int) -> Document:
    """One document from the markup of a page (also used for WARC records later).

    Markup that starts with a UTF-16 byte-order mark is decoded first by the readers'
    one decoder (:func:`~quotetrail.readers._common.decode_text`), so a UTF-16 page is
    read, and reported with a warning, exactly as a UTF-16 ``.txt`` file is; any other
    bytes go to trafilatura, which finds the charset from the page itself.
    """
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    warnings: list[str] = []
    if isinstance(html, bytes) and utf16_bom(html) is not None:
        decoded = decode_text(html, location)
        if decoded.error is not None:
            return error_document(id, location, decoded.error)
        html, warnings = decoded.text, decoded.warnings

    try:
        page = trafilatura.bare_extraction(
            html, include_comments=False, favor_precision=True, with_metadata=True,
            date_extraction_params=_date_params(),
        )
    except Exception as exc:  # a hostile page must not stop the run
        return error_document(id, location, errors.bad_html(location, type(exc).__name__))
    if page is None or not (page.text or "").strip():
        warnings.append(f"{location}: no main text found in the page")
    text = (page.text if page is not None else None) or ""
    if len(text) > max_chars:
        return error_document(id, location, errors.too_large(location, len(text), max_chars))

    def meta(name: str) -> str | None:
        value = getattr(page, name, None) if page is not None else None
        return value if isinstance(value, str) and value.strip() else None

    return Document(id=id, text=text, location=location, title=meta("title"),
                    outlet=meta("sitename"), url=meta("url"), published=meta("date"),
                    warnings=warnings)


def read_html(path: Path, *, id: str, location: str, max_chars: int) -> Document:
    """One document from an ``.html`` / ``.htm`` file (charset detected from the page)."""
    try:
        with open(path, "rb") as stream:
            limit = max_chars * MARKUP_BYTES_PER_CHAR
            data, more = read_bounded(stream, limit)
            if more:
                return error_document(id, location,
                                      too_large_unread(stream, location, limit, max_chars))
    except OSError as exc:
        return error_document(id, location, errors.unreadable(location, os_error_detail(exc)))
    if utf16_bom(data) is None and looks_binary(data):  # UTF-16 is sniffed once decoded
        return error_document(id, location, errors.binary_input(location))
    return extract_html(data, id=id, location=location, max_chars=max_chars)
