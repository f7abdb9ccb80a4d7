"""The Python API: ``extract`` one text, ``extract_many`` / ``extract_documents`` in order.

Every command of the CLI maps onto one of these calls.  Parallelism is by processes
(``workers``), each loading the spaCy pipeline once; results always come back in
input order whatever ``workers`` is.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator

from quotetrail import errors
from quotetrail.engine.pipeline import Engine, get_engine
from quotetrail.model import ArticleResult, Document
from quotetrail.settings import DEFAULT_MAX_CHARS

__all__ = ["default_workers", "extract", "extract_documents", "extract_many"]


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _result_for(doc: Document, engine: Engine, max_chars: int) -> ArticleResult:
    """Run the engine on one document; failures become error records, never exceptions."""
    result = ArticleResult(
        id=doc.id, text=doc.text, location=doc.location, title=doc.title, outlet=doc.outlet,
        url=doc.url, published=doc.published, errors=list(doc.errors),
        version=_version(), model=engine.name,
    )
    if result.errors:
        result.text = doc.text or ""
        return result
    if len(doc.text) > max_chars:
        result.errors.append(errors.too_large(doc.location or doc.id, len(doc.text), max_chars))
        result.text = ""
        return result
    try:
        result.attributions = engine.attributions(doc.text)
    except Exception as exc:  # one bad document never stops a run
        result.errors.append(errors.engine_failure(doc.location or doc.id, f"{type(exc).__name__}: {exc}"))
    return result


def _version() -> str:
    from quotetrail import __version__

    return __version__


def extract(text: str, *, id: str = "text", spacy_model: str | None = None,
            max_chars: int = DEFAULT_MAX_CHARS) -> ArticleResult:
    """Attributions of one text, as one contract record."""
    doc = Document(id=id, text=text, location=id)
    return _result_for(doc, get_engine(spacy_model), max_chars)


# -- parallel ---------------------------------------------------------------------

_worker_engine: Engine | None = None
_worker_max_chars: int = DEFAULT_MAX_CHARS


def _init_worker(spacy_model: str | None, max_chars: int) -> None:
    global _worker_engine, _worker_max_chars
    _worker_engine = get_engine(spacy_model)
    _worker_max_chars = max_chars


def _work(doc: Document) -> ArticleResult:
    assert _worker_engine is not None
    return _result_for(doc, _worker_engine, _worker_max_chars)


def extract_documents(docs: Iterable[Document], *, workers: int = 1,
                      spacy_model: str | None = None,
                      max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[ArticleResult]:
    """Extract from documents lazily, yielding results in input order.

    With ``workers > 1`` documents go to a pool of processes (each loads the model
    once); the input iterable is consumed as the pool asks for more, so a large
    corpus is never held in memory whole.
    """
    if workers <= 1:
        engine = get_engine(spacy_model)
        for doc in docs:
            yield _result_for(doc, engine, max_chars)
        return
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(spacy_model, max_chars)) as pool:
        yield from pool.imap(_work, docs, chunksize=1)


def extract_many(texts: Iterable[str], *, workers: int = 1, spacy_model: str | None = None,
                 max_chars: int = DEFAULT_MAX_CHARS) -> list[ArticleResult]:
    """Attributions of many texts, in input order; ids are ``"0"``, ``"1"``, …"""
    docs = (Document(id=str(i), text=t, location=str(i)) for i, t in enumerate(texts))
    return list(extract_documents(docs, workers=workers, spacy_model=spacy_model,
                                  max_chars=max_chars))
