"""One sortable form for the dates articles carry, so trails order by publication.

Pages and JSONL records give dates as ``2024-03-05``, ISO timestamps with any offset,
or RFC 2822 (``Tue, 05 Mar 2024 10:00:00 GMT``).  Trails sort on a normalised string:
``YYYY-MM-DD`` for a bare date and ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) for a timestamp, which
compare correctly as text.  A date that cannot be read does not order anything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["sort_date"]


def _normalise(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    text = value.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def sort_date(published: str | None, crawled: str | None) -> str | None:
    """The date a trail orders an article by: its publication, else its crawl time."""
    return _normalise(published) or _normalise(crawled)
