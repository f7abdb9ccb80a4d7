"""What every reader shares: bounded reading, binary sniffing, UTF-8/UTF-16/cp1252 decoding.

Kept in one place so that ``.txt`` files and standard input follow exactly the same
rules, and so that the rules about offsets (no newline translation, ever) are stated once.
"""

from __future__ import annotations

import io
import os
import stat
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
    "too_large_unread",
    "utf16_bom",
    "utf16_name",
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


def stream_size(stream: BinaryIO) -> int | None:
    """The stream's whole size in bytes when it is known (regular files, in-memory bytes).

    None for pipes and sockets: their size cannot be known without reading them to the
    end, which is exactly what a bounded read avoids.
    """
    if isinstance(stream, io.BytesIO):
        return stream.getbuffer().nbytes
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # in-memory streams without a buffer
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def too_large_unread(stream: BinaryIO, location: str, limit: int,
                     max_chars: int) -> ErrorRecord:
    """The ``too_large`` error of an input that holds more than ``limit`` bytes.

    It states the true size when the stream knows it, and otherwise only what was
    seen ("over ``limit`` bytes"): counting a pipe's bytes would mean reading it all,
    and the number of bytes read so far is not the size of the input.
    """
    n_bytes = stream_size(stream)
    if n_bytes is not None and n_bytes > limit:
        return errors.too_large_bytes(location, n_bytes, max_chars)
    return errors.too_large_over_bytes(location, limit, max_chars)


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


#: Byte-order marks of UTF-16 and the codec that decodes the bytes *with* their BOM
#: kept as U+FEFF (the explicit-endian codecs do not strip it; ``utf-16`` would).
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def utf16_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` / ``"utf-16-be"`` when ``data`` starts with that byte-order mark."""
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom):
            return codec
    return None


def utf16_name(codec: str) -> str:
    """How messages name a codec of :func:`utf16_bom`: ``"UTF-16 LE"`` / ``"UTF-16 BE"``."""
    return codec.upper().replace("UTF-16-", "UTF-16 ")


def _decode_utf16(data: bytes, codec: str, location: str) -> Decoded:
    """UTF-16 text that announced itself with a BOM; the BOM stays in the text as U+FEFF.

    Binary sniffing cannot run on the bytes (every ASCII character of UTF-16 has a NUL
    byte), so it runs on the decoded text instead: a binary file that happens to start
    with ``FF FE`` (or UTF-32, whose BOM begins the same way) is still refused.
    """
    name = utf16_name(codec)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        return Decoded(error=errors.undecodable(
            location, f"starts with a {name} byte-order mark, but {exc.reason} at byte "
                      f"offset {exc.start}"))
    if looks_binary(text.encode("utf-8")):
        return Decoded(error=errors.binary_input(location))
    return Decoded(text, [f"{location}: starts with a {name} byte-order mark; decoded as "
                          f"{name} (the text keeps the mark as U+FEFF)"])


def decode_text(data: bytes, location: str) -> Decoded:
    """Decode file bytes as DESIGN.md says: UTF-8; UTF-16 when it starts with a
    byte-order mark; otherwise cp1252 — the last two with a warning saying so.

    The bytes are decoded as they are: no newline translation and no BOM stripping
    (a UTF-8 or UTF-16 BOM is U+FEFF at offset 0), because every offset in the output
    indexes exactly this string and users re-read the file with
    ``open(path, encoding="utf-8", newline="")`` (``"utf-16-le"``/``"utf-16-be"`` for
    UTF-16).  This is the one decoder: files, standard input and bytes given to the
    Python API all come through here.
    """
    codec = utf16_bom(data)
    if codec is not None:
        return _decode_utf16(data, codec, location)
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
