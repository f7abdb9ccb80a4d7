"""Readers: turn paths into :class:`~quotetrail.model.Document` objects, lazily.

``read_paths`` is the one entry point the surfaces use.  It dispatches on the file
extension (``.txt``, ``.html``/``.htm``, ``.jsonl``, ``.warc``/``.warc.gz``), walks
directories in sorted order, reads ``-`` as standard input, and gives every document
a unique id.  Nothing here raises for a bad input: a file that cannot be read becomes
a document carrying an error record, so one bad file never stops a run over a corpus.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from quotetrail import errors
from quotetrail.model import Document
from quotetrail.readers._common import ReadStats, error_document, os_error_detail
from quotetrail.readers.html import read_html
from quotetrail.readers.jsonl import read_jsonl
from quotetrail.readers.txt import read_txt, read_txt_stream
from quotetrail.readers.warc import is_warc, read_warc
from quotetrail.settings import DEFAULT_MAX_CHARS

__all__ = ["DIRECTORY_SUFFIXES", "STDIN", "IdRegistry", "ReadStats", "input_files", "read_path",
           "read_paths"]

#: The path that means standard input.
STDIN = "-"
#: Files a directory walk picks up (and web archives, ``.warc``/``.warc.gz``, which
#: :func:`~quotetrail.readers.warc.is_warc` recognises); anything else is skipped.
DIRECTORY_SUFFIXES = frozenset({".txt", ".html", ".htm", ".jsonl"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})


class IdRegistry:
    """Hands out unique document ids: a clash gets ``-2``, ``-3``, … and a warning.

    Ids are the keys of everything downstream (the store, the trail), so two
    documents must never share one, yet renaming must be predictable.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, doc: Document) -> Document:
        """Give ``doc`` an unused id (in place), recording a warning if it had to change."""
        wanted = doc.id
        if wanted in self._used:
            n = 2
            while f"{wanted}-{n}" in self._used:
                n += 1
            doc.id = f"{wanted}-{n}"
            where = doc.location or wanted
            doc.warnings.append(f"{where}: id {wanted!r} is already used; renamed to {doc.id!r}")
        self._used.add(doc.id)
        return doc


def _stdin_binary() -> BinaryIO:
    """Standard input as bytes (decoding is ours to do, not the locale's)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    import io

    return io.BytesIO(sys.stdin.read().encode("utf-8"))


def _read_file(path: Path, *, id: str, location: str, max_chars: int,
               stats: ReadStats) -> Iterator[Document]:
    """Dispatch one file on its extension; anything unknown is read as plain text."""
    suffix = path.suffix.lower()
    if is_warc(path):
        yield from read_warc(path, location=location, max_chars=max_chars, stats=stats)
    elif suffix == ".jsonl":
        yield from read_jsonl(path, file_id=id, location=location, max_chars=max_chars)
    elif suffix in _HTML_SUFFIXES:
        yield read_html(path, id=id, location=location, max_chars=max_chars)
    else:
        yield read_txt(path, id=id, location=location, max_chars=max_chars)


def _dir_key(path: Path | os.DirEntry[str]) -> tuple[int, int] | None:
    """The real directory behind a path (device, inode), or None if it cannot be stat'ed."""
    try:
        st = path.stat()  # follows symlinks: the directory the walk would enter
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _walk_files(root: Path, directory: Path, stats: ReadStats,
                walked: dict[tuple[int, int], Path]) -> Iterator[Path | Document]:
    """Depth-first over ``directory`` in name order, hidden entries skipped: the files a
    directory read takes, and an error document for a directory that cannot be listed.

    Each real directory is entered once: a symlink back to a directory already walked
    (a loop, or a second way into the same folder) is noted, not followed.
    """
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        rel = directory.relative_to(root).as_posix()
        yield error_document(rel if rel != "." else directory.name or str(directory),
                             str(directory), errors.unreadable(str(directory),
                                                               os_error_detail(exc)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            key = _dir_key(entry)
            if key is not None and key in walked:
                stats.note(f"{path}: the same directory as {walked[key]} (a symlink); "
                           "not walked twice")
                continue
            if key is not None:
                walked[key] = path
            yield from _walk_files(root, path, stats, walked)
        elif is_file and (path.suffix.lower() in DIRECTORY_SUFFIXES or is_warc(path)):
            yield path


def _walk_root(root: Path, stats: ReadStats) -> Iterator[Path | Document]:
    """:func:`_walk_files` from the top: ``root`` itself counts as walked."""
    root_key = _dir_key(root)
    walked = {root_key: root} if root_key is not None else {}
    yield from _walk_files(root, root, stats, walked)


def _walk(root: Path, max_chars: int, stats: ReadStats) -> Iterator[Document]:
    """The documents of the files under ``root`` (:func:`_walk_files`)."""
    for item in _walk_root(root, stats):
        if isinstance(item, Document):
            yield item
            continue
        doc_id = item.relative_to(root).with_suffix("").as_posix()
        yield from _read_file(item, id=doc_id, location=str(item), max_chars=max_chars,
                              stats=stats)


def input_files(path: str) -> Iterator[Path]:
    """The files reading ``path`` opens, in reading order: the path itself, or the files
    a directory walk picks up (what :mod:`quotetrail.readers.inventory` counts)."""
    p = Path(path)
    if not p.is_dir():
        yield p
        return
    for item in _walk_root(p, ReadStats()):
        if isinstance(item, Path):
            yield item


def read_path(path: str, *, max_chars: int = DEFAULT_MAX_CHARS,
              stats: ReadStats | None = None) -> Iterator[Document]:
    """Documents from one path (file, directory or ``-``), ids not yet made unique."""
    stats = stats if stats is not None else ReadStats()
    if path == STDIN:
        yield read_txt_stream(_stdin_binary(), id="stdin", location="<stdin>",
                              max_chars=max_chars)
        return
    p = Path(path)
    if p.is_dir():
        yield from _walk(p, max_chars, stats)
        return
    # Missing files and files we may not open are reported by the reader itself.
    yield from _read_file(p, id=p.stem or path, location=path, max_chars=max_chars, stats=stats)


def read_paths(paths: Iterable[str], *, max_chars: int = DEFAULT_MAX_CHARS,
               stats: ReadStats | None = None) -> Iterator[Document]:
    """All documents under ``paths``, in order, lazily, with unique ids.

    Ids: a file given directly is its stem; a file inside a directory is its path
    relative to that directory, without extension, with ``/`` separators; a JSONL
    record is its ``id``; a WARC record is its target URI; standard input is ``stdin``.
    Clashes are renamed (``x``, ``x-2``, …) and noted in ``Document.warnings``.
    Records deliberately left out (a crawl's revisits, non-HTML or non-English pages)
    are counted in ``stats`` when one is given.
    """
    registry = IdRegistry()
    for path in paths:
        for doc in read_path(path, max_chars=max_chars, stats=stats):
            yield registry.claim(doc)
