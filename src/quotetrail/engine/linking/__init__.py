"""Linking on a parse: quotation ↔ cue ↔ source, and reported speech without marks."""

from quotetrail.engine.linking.linker import MIN_CUELESS_WORDS, ChunkLinker, is_speech_verb

__all__ = ["MIN_CUELESS_WORDS", "ChunkLinker", "is_speech_verb"]
