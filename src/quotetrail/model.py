"""The result types of quotetrail: the output contract of DESIGN.md, and nothing else.

Every other layer produces or consumes these.  They are plain dataclasses so that
they pickle cheaply across worker processes and serialise to exactly the JSON keys
the contract names (``to_dict``).  The contract only grows: add keys, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CONTRACT_VERSION = 1

Kind = Literal["direct", "mixed", "indirect"]
#: Every kind an attribution can carry: the contract's three and ``belief`` (behind
#: ``--beliefs``, :mod:`quotetrail.engine.kinds`); what searches can be narrowed to.
KINDS: tuple[str, ...] = ("direct", "mixed", "indirect", "belief")
SpeakerType = Literal["person", "group", "organisation", "unnamed", "document"]
VenueType = Literal["tv", "radio", "social", "print", "online", "statement", "interview",
                    "podcast", "event", "other"]


@dataclass(slots=True, frozen=True)
class Span:
    """A stretch of the document text: ``text[start:end] == self.text`` always holds."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text`` between ``start`` and ``end`` (the only safe constructor)."""
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True, frozen=True)
class Venue(Span):
    """Where a statement was made ("This Morning", "a tweet"), with its medium."""

    type: str = "other"

    @classmethod
    def of_type(cls, text: str, start: int, end: int, type: str) -> Venue:
        return cls(start, end, text[start:end], type)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type}


@dataclass(slots=True)
class Attribution:
    """One attributed statement: what (content) was said by whom (source) through what (cue)."""

    kind: str
    content: Span
    fragments: list[Span] = field(default_factory=list)
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None
    speakers: list[str] = field(default_factory=list)
    speaker_type: str | None = None
    addressee: Span | None = None
    venue: Venue | None = None
    confidence: float = 0.0
    #: The calibrated probability that ``speaker`` (a name or null) is right.
    speaker_confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "content": self.content.to_dict(),
            "fragments": [f.to_dict() for f in self.fragments],
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speaker": self.speaker,
            "speakers": list(self.speakers),
            "speaker_type": self.speaker_type,
            "speaker_confidence": round(float(self.speaker_confidence), 4),
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "venue": self.venue.to_dict() if self.venue else None,
            "confidence": round(float(self.confidence), 4),
        }


@dataclass(slots=True, frozen=True)
class ErrorRecord:
    """Why a document could not be processed: a stable ``code`` and a one-line ``message``."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(slots=True)
class Document:
    """An input article: the text every offset indexes, plus what is known about it."""

    id: str
    text: str
    location: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    errors: list[ErrorRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: When a crawler fetched the page (a WARC record's date): kept apart from
    #: ``published``, which only ever comes from the article itself.
    crawled: str | None = None


@dataclass(slots=True)
class ArticleResult:
    """One output record of the contract: a document and its attributions (or its errors)."""

    id: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    location: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    version: str = ""
    model: str = ""
    crawled: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract": CONTRACT_VERSION,
            "id": self.id,
            "location": self.location,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "crawled": self.crawled,
            "quotetrail": {"version": self.version, "model": self.model},
            "text": self.text,
            "attributions": [a.to_dict() for a in self.attributions],
            "errors": [e.to_dict() for e in self.errors],
        }
