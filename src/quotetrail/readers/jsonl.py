"""JSON Lines: one ``{"id", "text", "title", "url", "outlet", "published"}`` object a line.

Read line by line so a corpus of any size streams.  A broken line becomes an error
document for that line (``bad_record`` at ``path:lineno``) and the file goes on.
The ``text`` field is kept unchanged: it is the text all offsets index.

JSON Lines are UTF-8 (a UTF-8 BOM on the first line is allowed).  A file that starts
with a UTF-16 byte-order mark is one ``undecodable`` error, not a ``bad_record`` for
each of its lines: its ``\\n`` bytes are half characters, so it has no lines to speak of.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from quotetrail import errors
from quotetrail.model import Document
from quotetrail.readers._common import (
    error_document,
    os_error_detail,
    utf16_bom,
    utf16_name,
)

__all__ = ["OPTIONAL_FIELDS", "parse_record", "read_jsonl", "read_jsonl_stream"]

OPTIONAL_FIELDS = ("title", "url", "outlet", "published")

#: A line may hold this many bytes per allowed character: JSON escapes such as
#: ``\\ud83d\\ude00`` take 12 bytes for one emoji (2 str characters).
_LINE_BYTES_PER_CHAR = 6
#: Room on a line for the other fields.
_LINE_SLACK_BYTES = 1 << 16
_SKIP_CHUNK = 1 << 20
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_record(line: bytes, *, location: str, fallback_id: str, max_chars: int) -> Document:
    """One document from one line; every problem becomes an error document."""
    def bad(detail: str, id: str = fallback_id) -> Document:
        return error_document(id, location, errors.bad_record(location, detail))

    try:
        obj: Any = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return bad(f"not UTF-8 (byte 0x{line[exc.start]:02x} at offset {exc.start})")
    except json.JSONDecodeError as exc:
        return bad(f"not JSON ({exc.msg} at column {exc.colno})")
    except (ValueError, RecursionError) as exc:  # e.g. a 5000-digit number, deep nesting
        return bad(f"not usable JSON ({type(exc).__name__})")
    if not isinstance(obj, dict):
        return bad(f"expected a JSON object, got {type(obj).__name__}")
    if "id" not in obj:
        return bad('"id" is missing')
    id, id_warning = _record_id(obj["id"], location)
    if id is None:
        return bad(id_warning)
    if _SURROGATE.search(id):
        return bad('"id" holds lone surrogates (not representable in UTF-8)')
    text = obj.get("text")
    if text is None:
        return bad('"text" is missing', id)
    if not isinstance(text, str):
        return bad('"text" must be a string', id)
    meta: dict[str, str | None] = {}
    for name in OPTIONAL_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return bad(f'"{name}" must be a string or null', id)
        meta[name] = value
    for name, value in (("text", text), *meta.items()):
        # JSON may escape half a surrogate pair ("\ud800"); such a str cannot be written
        # back out as UTF-8, so the record is refused here rather than crash the output.
        if value and _SURROGATE.search(value):
            return bad(f'"{name}" holds lone surrogates (not representable in UTF-8)', id)
    if len(text) > max_chars:
        return error_document(id, location, errors.too_large(location, len(text), max_chars))
    return Document(id=id, text=text, location=location, **meta,
                    warnings=[id_warning] if id_warning else [])


def _json_type(value: object) -> str:
    """What a JSON value is, in JSON's words (messages are read by people writing JSON)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _record_id(raw: object, location: str) -> tuple[str | None, str]:
    """``(id, warning)`` for a usable ``"id"``; ``(None, problem)`` for an unusable one.

    An integer (``"id": 7``) is common in exported feeds and unambiguous, so it is read
    as the string ``"7"``, with a warning because the documented type is a string.  A
    number with a fraction or an exponent is refused: ``7.0`` or ``1e21`` has no one
    obvious string form, and a float beyond 2**53 has already lost digits.  Booleans,
    null, arrays and objects are not ids at all.
    """
    if isinstance(raw, str):
        return (raw, "") if raw else (None, '"id" must be a non-empty string')
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw), f'{location}: "id" is the number {raw}, not a string; read as "{raw}"'
    return None, f'"id" must be a non-empty string (or an integer), not {_json_type(raw)}'


def _skip_rest_of_line(stream: BinaryIO) -> int:
    """Discard the remainder of an overlong line without holding it; its byte count.

    The count (the ending ``\\n`` not included) is what lets the error state the line's
    true size rather than the size of the part read before the limit was hit.
    """
    n_bytes = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if chunk.endswith(b"\n"):
            return n_bytes + len(chunk) - 1
        if not chunk:
            return n_bytes
        n_bytes += len(chunk)


def read_jsonl_stream(stream: BinaryIO, *, path: str, file_id: str,
                      max_chars: int) -> Iterator[Document]:
    """Documents from an open JSONL stream, lazily, one per non-blank line.

    Lines are split on ``\\n`` only (bytes mode), so U+2028 and friends inside a JSON
    string never split a record.  ``file_id`` names records whose own id is unusable.
    """
    limit = max_chars * _LINE_BYTES_PER_CHAR + _LINE_SLACK_BYTES
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        location = f"{path}:{lineno}"
        if lineno == 1 and (codec := utf16_bom(line)) is not None:
            yield error_document(file_id, path, errors.undecodable(
                path, f"JSON Lines are UTF-8, but the file starts with a {utf16_name(codec)} "
                      "byte-order mark"))
            return
        if len(line) > limit and not line.endswith(b"\n"):
            n_bytes = len(line) + _skip_rest_of_line(stream)  # the line's size, not its head
            yield error_document(f"{file_id}:{lineno}", location,
                                 errors.too_large_bytes(location, n_bytes, max_chars))
            continue
        if not line.strip():
            continue
        yield parse_record(line, location=location, fallback_id=f"{file_id}:{lineno}",
                           max_chars=max_chars)


def read_jsonl(path: Path, *, file_id: str, location: str,
               max_chars: int) -> Iterator[Document]:
    """Documents from a ``.jsonl`` file; an unreadable file is one error document."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, across yields
    except OSError as exc:
        yield error_document(file_id, location, errors.unreadable(location, os_error_detail(exc)))
        return
    with stream:
        try:
            yield from read_jsonl_stream(stream, path=location, file_id=file_id,
                                         max_chars=max_chars)
        except OSError as exc:  # e.g. EIO halfway through: report and move on
            yield error_document(file_id, location,
                                 errors.unreadable(location, os_error_detail(exc)))
