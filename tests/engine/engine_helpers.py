"""Shared by the engine tests: extract a text and hold every span to its offsets."""

from __future__ import annotations

import quotetrail
from quotetrail.model import Attribution


def attributions(text: str) -> list[Attribution]:
    """The attributions of ``text``, after checking ``text[start:end] == span.text``."""
    result = quotetrail.extract(text)
    assert result.errors == []
    for a in result.attributions:
        for span in (a.content, a.cue, a.source, a.addressee, a.venue, *a.fragments):
            if span is not None:
                assert text[span.start:span.end] == span.text
    return result.attributions
