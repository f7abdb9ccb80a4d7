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
    error_document,
    looks_binary,
    os_error_detail,
    read_bounded,
    stream_size,
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
    """One document from the markup of a page (also used for WARC records later)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        page = trafilatura.bare_extraction(
            html, include_comments=False, favor_precision=True, with_metadata=True,
            date_extraction_params=_date_params(),
        )
    except Exception as exc:  # a hostile page must not stop the run
        return error_document(id, location, errors.bad_html(location, type(exc).__name__))
    warnings: list[str] = []
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
            data, more = read_bounded(stream, max_chars * MARKUP_BYTES_PER_CHAR)
            if more:
                n_bytes = stream_size(stream, len(data) + 1)
                return error_document(id, location,
                                      errors.too_large_bytes(location, n_bytes, max_chars))
    except OSError as exc:
        return error_document(id, location, errors.unreadable(location, os_error_detail(exc)))
    if looks_binary(data):
        return error_document(id, location, errors.binary_input(location))
    return extract_html(data, id=id, location=location, max_chars=max_chars)
