"""To whom and where a statement was made: addressees and venues."""

from quotetrail.engine.venues.finder import addressee_as_venue, find_addressee_and_venue

__all__ = ["addressee_as_venue", "find_addressee_and_venue"]
