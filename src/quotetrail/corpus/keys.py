"""How an article is keyed in the store: by what it is, never by how its path was typed."""

from __future__ import annotations

import hashlib

__all__ = ["article_key", "text_hash"]


def article_key(url: str | None, outlet: str | None) -> str:
    """What names an article apart from its text: its URL, else its outlet, else nothing.

    Never the reader's id, which depends on how a path was typed, the walk root and the
    order of the inputs (a clash renames the second ``a`` to ``a-2``).
    """
    if url and url.strip():
        return url.strip()
    if outlet and outlet.strip():
        return "outlet:" + " ".join(outlet.split()).casefold()
    return "text:"


def text_hash(text: str) -> str:
    """SHA-256 of an article's text (surrogates kept as they are)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
