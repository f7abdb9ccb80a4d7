"""To whom and where a statement was made: addressees and venues."""

from quotetrail.engine.venues.finder import find_addressee_and_venue

__all__ = ["find_addressee_and_venue"]
