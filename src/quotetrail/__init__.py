"""quotetrail: who said what, to whom, where — and how a statement travelled.

The Python API mirrors the command line::

    import quotetrail
    result = quotetrail.extract("“We did it,” she said.")
    for a in result.attributions:
        print(a.speaker, a.cue.text, a.content.text)
"""

from quotetrail.api import extract, extract_documents, extract_many
from quotetrail.model import ArticleResult, Attribution, Document, ErrorRecord, Span, Venue

__version__ = "0.1.0"

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
