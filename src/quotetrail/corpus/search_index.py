"""The full-text index of quotes (``attr_fts``): what ``search`` matches against.

An FTS5 table without stored content (the attributions table holds the text), so a row
is removed by giving back the values it was indexed with -- which is why adding and
removing live side by side here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

__all__ = ["add", "clear", "remove"]


def _speaker_text(speaker: str | None, speakers: Sequence[str]) -> str:
    return " ".join([speaker or "", *speakers])


def add(conn: sqlite3.Connection, rowid: int, content: str, speaker: str | None,
        speakers: Sequence[str], title: str | None) -> None:
    """Index one attribution: its wording, its speaker's names and its article's title."""
    conn.execute("INSERT INTO attr_fts (rowid, content, speaker, title) VALUES (?, ?, ?, ?)",
                 (rowid, content, _speaker_text(speaker, speakers), title or ""))


def remove(conn: sqlite3.Connection, rowid: int, content: str, speaker: str | None,
           speakers: Sequence[str], title: str | None) -> None:
    """Take out a row indexed by :func:`add` with these values."""
    conn.execute("INSERT INTO attr_fts (attr_fts, rowid, content, speaker, title) "
                 "VALUES ('delete', ?, ?, ?, ?)",
                 (rowid, content, _speaker_text(speaker, speakers), title or ""))


def clear(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO attr_fts (attr_fts) VALUES ('delete-all')")
