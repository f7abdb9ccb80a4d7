"""Plain-text articles: the file's exact decoded content is the text all offsets index.

A first paragraph that is one short line followed by a blank line is the article's
``title`` (:func:`quotetrail.engine.sentences.headline_span`); it stays in the text, so
offsets still index the whole file.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from quotetrail import errors
from quotetrail.engine.sentences import headline_text
from quotetrail.model import Document
from quotetrail.readers._common import (
    UTF8_MAX_BYTES_PER_CHAR,
    decode_text,
    error_document,
    os_error_detail,
    read_bounded,
    too_large_unread,
)

__all__ = ["read_txt", "read_txt_stream"]


def read_txt_stream(stream: BinaryIO, *, id: str, location: str, max_chars: int) -> Document:
    """One document from a binary stream (a file or standard input).

    The size check comes first and is done on bytes, so an oversized input is never
    decoded or held whole; the exact character count is checked after decoding.
    (UTF-16 also needs at most 4 bytes per character, so the byte bound holds for it.)
    """
    limit = max_chars * UTF8_MAX_BYTES_PER_CHAR
    data, more = read_bounded(stream, limit)
    if more:
        return error_document(id, location,
                              too_large_unread(stream, location, limit, max_chars))
    decoded = decode_text(data, location)
    if decoded.error is not None:
        return error_document(id, location, decoded.error)
    if len(decoded.text) > max_chars:
        return error_document(id, location,
                              errors.too_large(location, len(decoded.text), max_chars))
    return Document(id=id, text=decoded.text, location=location,
                    title=headline_text(decoded.text),
                    warnings=decoded.warnings)


def read_txt(path: Path, *, id: str, location: str, max_chars: int) -> Document:
    """One document from a text file; OS errors become an ``unreadable`` error document."""
    try:
        with open(path, "rb") as stream:
            return read_txt_stream(stream, id=id, location=location, max_chars=max_chars)
    except OSError as exc:
        return error_document(id, location, errors.unreadable(location, os_error_detail(exc)))
