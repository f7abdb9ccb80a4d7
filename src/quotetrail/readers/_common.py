"""What every reader shares: bounded reading, binary sniffing, UTF-8/cp1252 decoding.

Kept in one place so that ``.txt`` files and standard input follow exactly the same
rules, and so that the rules about offsets (no newline translation, ever) are stated once.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from quotetrail import errors
from quotetrail.model import Document, ErrorRecord

__all__ = [
    "UTF8_MAX_BYTES_PER_CHAR",
    "Decoded",
    "ReadStats",
    "decode_text",
    "error_document",
    "looks_binary",
    "os_error_detail",
    "read_bounded",
    "stream_size",
]

#: UTF-8 needs at most 4 bytes per character (cp1252 needs 1), so a text file of more
#: than ``4 * max_chars`` bytes is too large whatever it holds: reject it unread.
UTF8_MAX_BYTES_PER_CHAR = 4

#: Bytes that never occur in text files (C0 controls except tab, LF, VT, FF, CR; and DEL).
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
#: How much of the start of a file the control-character ratio is measured on.
_SNIFF_BYTES = 8192
#: More than this share of control bytes in the sniffed start means binary data.
_MAX_CONTROL_RATIO = 0.10


def read_bounded(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Read at most ``limit`` bytes; the flag says whether there was more.

    Reading ``limit + 1`` bytes rather than the whole stream means a multi-gigabyte
    file (or an endless pipe) costs at most ``limit`` bytes of memory before it is
    rejected.
    """
    data = stream.read(limit + 1)
    if len(data) > limit:
        return data[:limit], True
    return data, False


def stream_size(stream: BinaryIO, at_least: int) -> int:
    """The stream's size when the OS knows it (regular files), else ``at_least``."""
    try:
        return max(os.fstat(stream.fileno()).st_size, at_least)
    except (OSError, ValueError, AttributeError):  # pipes, in-memory streams
        return at_least


def looks_binary(data: bytes) -> bool:
    """NUL bytes anywhere, or many control bytes at the start: not text worth reading."""
    if b"\x00" in data:
        return True
    sample = data[:_SNIFF_BYTES]
    if not sample:
        return False
    n_control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return n_control / len(sample) > _MAX_CONTROL_RATIO


@dataclass(slots=True)
class Decoded:
    """The outcome of decoding: either ``text`` (plus warnings) or an ``error``."""

    text: str = ""
    warnings: list[str] = field(default_factory=list)
    error: ErrorRecord | None = None


def decode_text(data: bytes, location: str) -> Decoded:
    """Decode file bytes as DESIGN.md says: UTF-8, else cp1252 with a warning.

    The bytes are decoded as they are: no newline translation and no BOM stripping,
    because every offset in the output indexes exactly this string and users re-read
    the file with ``open(path, encoding="utf-8", newline="")``.
    """
    if looks_binary(data):
        return Decoded(error=errors.binary_input(location))
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        utf8_problem = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        detail = (f"not UTF-8 ({utf8_problem}), and byte 0x{data[exc.start]:02x} at offset "
                  f"{exc.start} is undefined in cp1252")
        return Decoded(error=errors.undecodable(location, detail))
    return Decoded(text, [f"{location}: not valid UTF-8 ({utf8_problem}); decoded as cp1252"])


def error_document(id: str, location: str, error: ErrorRecord) -> Document:
    """A document that could not be read: empty text, one error, no attributions to come."""
    return Document(id=id, text="", location=location, errors=[error])


def os_error_detail(exc: OSError) -> str:
    """A one-line reason for an OS error, without the path (messages already lead with it)."""
    return exc.strerror or type(exc).__name__


@dataclass(slots=True)
class ReadStats:
    """Records a reader saw but deliberately turned into no document, counted by reason.

    A web archive holds far more than articles (revisits, images, other languages):
    skipping those is not an error, yet a user must be able to see how much was left
    out, so readers count here what they skip and the surfaces report the counts.
    """

    skipped: Counter[str] = field(default_factory=Counter)
    #: What a walk noticed but did not read (a symlink loop), one line each.
    notes: list[str] = field(default_factory=list)
    #: Called with each note as it happens (the CLI prints it as a warning).
    on_note: Callable[[str], None] | None = None

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def note(self, message: str) -> None:
        self.notes.append(message)
        if self.on_note is not None:
            self.on_note(message)
