"""Who a source mention is, within its article."""

from quotetrail.engine.speakers.legacy import Resolution, SpeakerResolver, resolve_all

__all__ = ["Resolution", "SpeakerResolver", "resolve_all"]
