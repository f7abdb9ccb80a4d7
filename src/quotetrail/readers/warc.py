"""Web archives (``.warc``, ``.warc.gz``, e.g. Common Crawl's CC-NEWS) through warcio.

Each HTML ``response`` (or ``resource``) record becomes one document: the main text
through the HTML reader's trafilatura path, the id and ``url`` from the record's target
URI, the ``outlet`` from its host, ``published`` from the page's own metadata only, and
the fetch time (``WARC-Date``) kept apart as ``crawled`` -- a crawl date is not a
publication date, and trails order statements by publication.

A crawl is mostly not articles.  Revisit records (the crawler saw the page unchanged),
non-HTML payloads, HTTP errors and redirects, pages without main text and non-English
pages are skipped and counted in :class:`~quotetrail.readers._common.ReadStats`; that
is not an error.  A corrupt or truncated record is: it becomes an error document whose
location is ``path@offset`` (the record's byte offset in the file), and reading goes on
from the next record found after it, so one bad record never costs the rest of a file.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from quotetrail import errors
from quotetrail.model import Document
from quotetrail.readers._common import ReadStats, error_document, os_error_detail
from quotetrail.readers.html import MARKUP_BYTES_PER_CHAR, extract_html
from quotetrail.readers.language import looks_english

__all__ = ["WARC_SUFFIXES", "is_warc", "outlet_of", "read_warc"]

WARC_SUFFIXES = (".warc", ".warc.gz")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SCAN_CHUNK = 1 << 20


def is_warc(path: Path) -> bool:
    """``.warc`` and ``.warc.gz`` files (the double suffix is why ``Path.suffix`` won't do)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def outlet_of(url: str | None) -> str | None:
    """The outlet of a page: its host without ``www.`` (``www.bbc.co.uk`` -> ``bbc.co.uk``)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _archive_iterator(stream: BinaryIO) -> Any:
    """warcio's iterator, with its direct writes to stderr silenced.

    warcio prints a note on stderr when a record's length looks wrong; quotetrail's
    stderr carries one-line ``error:``/``warning:`` messages only, and a record that is
    really broken is reported by this module anyway.
    """
    from warcio.archiveiterator import ArchiveIterator

    class _QuietIterator(ArchiveIterator):  # type: ignore[misc]
        def _consume_blanklines(self) -> Any:
            with contextlib.redirect_stderr(io.StringIO()):
                return super()._consume_blanklines()

    return _QuietIterator(stream, check_digests=True)  # problems recorded, not printed


def _next_record_start(stream: BinaryIO, start: int, gzipped: bool) -> int | None:
    """Byte offset of the next plausible record start at or after ``start``, or None."""
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    pos = start
    while True:
        stream.seek(pos)
        chunk = stream.read(_SCAN_CHUNK + len(magic))
        if len(chunk) < len(magic):
            return None
        at = chunk.find(magic)
        if at >= 0:
            return pos + at
        pos += _SCAN_CHUNK


def _header(record: Any, name: str) -> str | None:
    value = record.rec_headers.get_header(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";")[0].strip().lower()


class _Damaged(Exception):
    """A record was reported as damaged; reading resumes after its start."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


class _WarcFile:
    """Reads one open archive; keeps the position needed to resynchronise after damage."""

    def __init__(self, stream: BinaryIO, location: str, max_chars: int,
                 stats: ReadStats) -> None:
        self.stream = stream
        self.location = location
        self.max_chars = max_chars
        self.stats = stats
        self.gzipped = stream.read(2) == _GZIP_MAGIC[:2]
        stream.seek(0)
        self.next_offset = 0  # where the record after the last good one starts
        self.quiet = False  # inside a damaged stretch: report it once, not per probe

    def documents(self) -> Iterator[Document]:
        start = 0
        while True:
            self.stream.seek(start)
            iterator = _archive_iterator(self.stream)
            self.next_offset = start
            try:
                for record in iterator:
                    yield from self._record(record, iterator, start)
            except _Damaged as damaged:  # reported; the framing after it is not to be trusted
                self.quiet = True
                found = _next_record_start(self.stream, damaged.offset + 1, self.gzipped)
                if found is None:
                    return
                start = found
                continue
            except Exception as exc:  # warcio raises many kinds on damaged input
                if not self.quiet:
                    where = f"{self.location}@{self._skip_blank_lines(self.next_offset)}"
                    yield self._bad(where, f"corrupt WARC record ({type(exc).__name__})")
                self.quiet = True
                found = _next_record_start(self.stream, self.next_offset + 1, self.gzipped)
                if found is None:
                    return
                start = found
                continue
            return

    def _skip_blank_lines(self, pos: int) -> int:
        """Where the damaged record starts: uncompressed records are followed by blank lines."""
        self.stream.seek(pos)
        head = self.stream.read(64)
        return pos + len(head) - len(head.lstrip(b"\r\n"))

    def _bad(self, where: str, detail: str) -> Document:
        self.stats.skip("corrupt")
        return error_document(where, where, errors.bad_record(where, detail))

    def _record(self, record: Any, iterator: Any, base: int) -> Iterator[Document]:
        """The document of one record, if it is an article; offsets known after reading."""
        kind = record.rec_type
        wanted = kind in ("response", "resource")
        payload = b""
        too_large = truncated = False
        if wanted:
            if kind == "response" and (record.http_headers is None
                                       or record.http_headers.get_statuscode() != "200"):
                wanted = False
                self.stats.skip("http_status")
            elif not _content_type(record).startswith(_HTML_TYPES):
                wanted = False
                self.stats.skip("not_html")
            else:
                limit = self.max_chars * MARKUP_BYTES_PER_CHAR
                payload = record.content_stream().read(limit + 1)
                too_large = len(payload) > limit
                truncated = getattr(record.raw_stream, "limit", 0) > 0 and not too_large
        elif kind == "revisit":
            self.stats.skip("revisit")
        offset = base + iterator.get_record_offset()  # reads the rest of the record
        self.next_offset = offset + iterator.get_record_length()
        where = f"{self.location}@{offset}"
        self.quiet = False
        if not wanted:
            return
        if truncated:
            yield self._bad(where, "truncated WARC record (fewer bytes than its Content-Length)")
            raise _Damaged(offset)
        checker = getattr(record, "digest_checker", None)
        if checker is not None and checker.passed is False:
            yield self._bad(where, "corrupt WARC record (its digest does not match)")
            raise _Damaged(offset)
        uri = _header(record, "WARC-Target-URI") or where
        if too_large:  # only limit + 1 bytes were read: the payload's size is not known
            yield error_document(uri, where, errors.too_large_over_bytes(
                where, self.max_chars * MARKUP_BYTES_PER_CHAR, self.max_chars))
            return
        doc = extract_html(payload, id=uri, location=where, max_chars=self.max_chars)
        if doc.errors:
            yield doc
            return
        if not doc.text.strip():
            self.stats.skip("no_text")
            return
        if not looks_english(doc.text):
            self.stats.skip("not_english")
            return
        doc.url = uri if uri != where else doc.url
        doc.outlet = outlet_of(doc.url) or doc.outlet
        doc.crawled = _header(record, "WARC-Date")
        yield doc


def read_warc(path: Path, *, location: str, max_chars: int,
              stats: ReadStats | None = None) -> Iterator[Document]:
    """Documents from one web archive, lazily; an unreadable file is one error document."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, across yields
    except OSError as exc:
        yield error_document(location, location,
                             errors.unreadable(location, os_error_detail(exc)))
        return
    with stream:
        try:
            yield from _WarcFile(stream, location, max_chars, stats or ReadStats()).documents()
        except OSError as exc:  # e.g. EIO halfway through
            yield error_document(location, location,
                                 errors.unreadable(location, os_error_detail(exc)))
