"""How many documents a set of paths holds, for progress bars: counted, not read.

A progress bar needs a total before the run ends.  Files are counted by the same walk
the readers make (:func:`quotetrail.readers.input_files`); a JSONL file holds one
record a non-blank line, and a web archive one per response, resource or revisit record
(the ones its reader turns into a document or counts as skipped).  Counting reads the
bytes but parses nothing, so it runs far ahead of extraction; the CLI runs it in a
background thread and shows the total once it is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

__all__ = ["count_documents", "counted_skips", "documents_in_file"]

#: WARC record types a reader either reads or counts as skipped (ReadStats).
_COUNTED_RECORDS = frozenset({"response", "resource", "revisit"})


def counted_skips(skipped: Mapping[str, int]) -> int:
    """The records readers skipped (``ReadStats.skipped``) that :func:`count_documents`
    counts as documents: every reason but ``corrupt``, a damaged WARC record, which also
    gives an error document and so is counted once, as failed."""
    return sum(n for reason, n in list(skipped.items()) if reason != "corrupt")


def documents_in_file(path: Path) -> int:
    """How many documents (or skip counts) reading ``path`` gives; 1 if it cannot be
    opened, as the reader then gives one error document."""
    from quotetrail.readers.warc import is_warc

    try:
        if is_warc(path):
            return _warc_records(path)
        if path.suffix.lower() == ".jsonl":
            with open(path, "rb") as f:
                return sum(1 for line in f if line.strip())
    except (OSError, ValueError):
        return 1
    except Exception:  # a damaged archive: its reader reports it; the count stops there
        return 1
    return 1


def _warc_records(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as f:
        try:
            for record in ArchiveIterator(f):
                if record.rec_type in _COUNTED_RECORDS:
                    n += 1
        except Exception:  # damaged further on: the reader resynchronises, we estimate
            return max(n, 1)
    return n


def count_documents(paths: Iterable[str],
                    stop: Callable[[], bool] = lambda: False) -> int | None:
    """The number of documents under ``paths`` (``-``, standard input, is one), or None
    if ``stop()`` turned true first (the run ended: the count is no longer wanted)."""
    from quotetrail.readers import STDIN, input_files

    total = 0
    for path in paths:
        if path == STDIN:
            total += 1
            continue
        for file in input_files(path):
            if stop():
                return None
            total += documents_in_file(file)
    return total
