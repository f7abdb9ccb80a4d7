"""quotetrail: who said what, to whom, where — and how a statement travelled.

The Python API mirrors the command line::

    import quotetrail
    result = quotetrail.extract("“We did it,” she said.")
    for a in result.attributions:
        print(a.speaker, a.cue.text, a.content.text)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quotetrail.api import extract, extract_documents, extract_many
    from quotetrail.model import ArticleResult, Attribution, Document, ErrorRecord, Span, Venue

__version__ = "0.1.0"

#: Where each public name lives.  They load on first use (PEP 562), so that importing
#: a submodule -- the command line's entry point, above all -- does not first import
#: spaCy through the API: ``quotetrail --help`` stays fast, and a Ctrl-C while the
#: command starts reaches its handler instead of landing in an import.
_LAZY = {"extract": "quotetrail.api", "extract_documents": "quotetrail.api",
         "extract_many": "quotetrail.api", "ArticleResult": "quotetrail.model",
         "Attribution": "quotetrail.model", "Document": "quotetrail.model",
         "ErrorRecord": "quotetrail.model", "Span": "quotetrail.model",
         "Venue": "quotetrail.model"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'quotetrail' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "ArticleResult",
    "Attribution",
    "Document",
    "ErrorRecord",
    "Span",
    "Venue",
    "__version__",
    "extract",
    "extract_documents",
    "extract_many",
]
