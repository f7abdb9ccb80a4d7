"""The Python API: ``extract`` one text, ``extract_many`` / ``extract_documents`` in order.

Every command of the CLI maps onto one of these calls.  Parallelism is by processes
(``workers``), each loading the spaCy pipeline once; results always come back in
input order whatever ``workers`` is.
"""

from __future__ import annotations

import contextlib
import io
import math
import multiprocessing as mp
import os
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from quotetrail import errors
from quotetrail.engine.kinds import with_beliefs
from quotetrail.engine.pipeline import Engine, engine_name, get_engine
from quotetrail.engine.sentences import headline_text
from quotetrail.errors import UsageError
from quotetrail.model import ArticleResult, Document
from quotetrail.readers.txt import read_txt_stream
from quotetrail.settings import DEFAULT_MAX_CHARS
from quotetrail.worker_signals import quiet_worker, sigint_ignored

# Documents parsed together: big enough for efficient matrix products, small enough
# that results stream out steadily.
BATCH_SIZE = 8

__all__ = ["default_workers", "engine_identity", "extract", "extract_documents", "extract_many",
           "keep_confident_speakers"]


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _results_for(docs: list[Document], engine: Engine, max_chars: int) -> list[ArticleResult]:
    """Run the engine on a batch of documents (parsed together, which is faster).

    Documents that failed to read or are too long get their error record and no
    attributions; an engine failure on the batch is retried one document at a time,
    so one bad document never costs the others their results.
    """
    results = [_empty_result(doc, engine) for doc in docs]
    todo = []
    for doc, result in zip(docs, results, strict=True):
        if result.errors:
            continue
        if len(doc.text) > max_chars:
            result.errors.append(errors.too_large(doc.location or doc.id, len(doc.text), max_chars))
            result.text = ""
            continue
        todo.append(result)
    try:
        for result, atts in zip(todo, engine.attributions_many([r.text for r in todo]),
                                strict=True):
            result.attributions = atts
    except Exception:  # one bad document never stops a run: retry one by one
        for result in todo:
            try:
                result.attributions = engine.attributions(result.text)
            except Exception as exc:
                result.attributions = []
                result.errors.append(errors.engine_failure(
                    result.location or result.id, f"{type(exc).__name__}: {exc}"))
    return results


def _empty_result(doc: Document, engine: Engine) -> ArticleResult:
    return ArticleResult(
        id=doc.id, text=doc.text or "", location=doc.location, title=doc.title,
        outlet=doc.outlet, url=doc.url, published=doc.published, errors=list(doc.errors),
        version=_version(), model=engine.name, crawled=doc.crawled,
    )


def _version() -> str:
    from quotetrail import __version__

    return __version__


def engine_identity(spacy_model: str | None = None) -> tuple[str, str]:
    """``(model, version)``: what the results of this engine carry (and a store keeps per
    article), found without loading the spaCy pipeline when its metadata can be read."""
    return engine_name(spacy_model), _version()


def _check_min_speaker_confidence(value: float | None) -> float | None:
    """``value`` when it is a probability (0 to 1) or None; a UsageError otherwise."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"min_speaker_confidence must be a number from 0 to 1, "
                         f"not {value!r}") from None
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        raise UsageError(f"min_speaker_confidence must be from 0 to 1, not {value!r}")
    return number


def keep_confident_speakers(result: ArticleResult,
                            min_speaker_confidence: float | None) -> ArticleResult:
    """``result`` keeping only the attributions whose ``speaker_confidence`` is at least
    ``min_speaker_confidence`` (all of them when it is None).

    The record is changed in place and returned; its text, offsets and errors stay as
    they are, so the kept attributions still index ``text`` exactly.
    """
    threshold = _check_min_speaker_confidence(min_speaker_confidence)
    if threshold is not None:
        result.attributions = [a for a in result.attributions
                               if float(a.speaker_confidence) >= threshold]
    return result


def _text_document(text: object, *, id: str, what: str, max_chars: int,
                   position: int | None = None) -> Document:
    """The document of one text given to the Python API.

    A ``str`` is the text as it is.  ``bytes`` (and ``bytearray``/``memoryview``) are
    read exactly as a ``.txt`` file is, by the same reader: UTF-8, UTF-16 with a BOM,
    else cp1252; binary or undecodable bytes give the record of the same error a file
    would get.  What the reader would print as a warning (a cp1252 or UTF-16 decoding)
    is a Python :class:`UnicodeWarning` here, pointing at the caller of the public
    function (which calls this directly).  Anything else is a programming error in the
    caller, so a TypeError that says what was expected, not one from deep inside.
    """
    if isinstance(text, str):
        return Document(id=id, text=text, location=id, title=headline_text(text))
    if isinstance(text, bytes | bytearray | memoryview):
        doc = read_txt_stream(io.BytesIO(bytes(text)), id=id, location=id,
                              max_chars=max_chars)
        for message in doc.warnings:
            warnings.warn(message, UnicodeWarning, stacklevel=3)
        return doc
    raise errors.not_text(what, text, position)


def _check_id(id: object) -> str:
    """``id`` when it is a str: the contract's ``id`` is a string, and the store's key."""
    if not isinstance(id, str):
        raise TypeError(f"extract() takes id as a str; got {type(id).__name__}")
    return id


def extract(text: str | bytes, *, id: str = "text", spacy_model: str | None = None,
            max_chars: int = DEFAULT_MAX_CHARS, beliefs: bool = False,
            min_speaker_confidence: float | None = None) -> ArticleResult:
    """Attributions of one text, as one contract record.

    ``text`` is a ``str``, or ``bytes`` decoded exactly as a ``.txt`` file is (UTF-8;
    UTF-16 when it starts with a byte-order mark; otherwise cp1252, with a
    :class:`UnicodeWarning`); undecodable or binary bytes give a record with that error,
    as the file would.  Anything else is a TypeError.

    ``beliefs``: label attributions of thought, intention and evidence ``belief``
    instead of ``indirect``/``mixed`` (see :mod:`quotetrail.engine.kinds`).
    ``min_speaker_confidence``: keep only the attributions whose ``speaker_confidence``
    (the calibrated probability that ``speaker``, a name or null, is right) is at least
    this, from 0 to 1; None (the default) keeps them all.  A value outside 0 to 1 is a
    :class:`~quotetrail.errors.UsageError`.
    """
    _check_min_speaker_confidence(min_speaker_confidence)
    doc = _text_document(text, id=_check_id(id), what="extract()", max_chars=max_chars)
    result = _results_for([doc], get_engine(spacy_model), max_chars)[0]
    if beliefs:
        result = next(iter(with_beliefs([result])))
    return keep_confident_speakers(result, min_speaker_confidence)


# -- parallel ---------------------------------------------------------------------

_worker_engine: Engine | None = None
_worker_max_chars: int = DEFAULT_MAX_CHARS


def _init_worker(spacy_model: str | None, max_chars: int) -> None:
    global _worker_engine, _worker_max_chars
    quiet_worker()  # Ctrl-C is the parent's to handle; gone with the parent
    _worker_engine = get_engine(spacy_model)
    _worker_max_chars = max_chars


def _pool_context(spacy_model: str | None) -> mp.context.BaseContext:
    """How worker processes start.

    Where ``fork`` exists (Linux), the parent loads the engine first and the workers
    inherit it copy-on-write: no worker spends seconds importing spaCy and loading the
    model again, and the model's pages are shared.  The engine starts no threads, so
    forking it is safe.  Elsewhere, workers are spawned and load the model themselves.
    """
    if "fork" in mp.get_all_start_methods():
        get_engine(spacy_model)
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _work(batch: list[Document]) -> list[ArticleResult]:
    assert _worker_engine is not None
    return _results_for(batch, _worker_engine, _worker_max_chars)


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_documents(docs: Iterable[Document], *, workers: int = 1,
                      spacy_model: str | None = None,
                      max_chars: int = DEFAULT_MAX_CHARS,
                      batch_size: int = BATCH_SIZE,
                      beliefs: bool = False,
                      min_speaker_confidence: float | None = None) -> Iterator[ArticleResult]:
    """Extract from documents lazily, yielding results in input order.

    Documents go through the engine ``batch_size`` at a time (parsed together).  With
    ``workers > 1`` batches go to a pool of processes (each loads the model once);
    the input iterable is consumed as the pool asks for more, so a large corpus is
    never held in memory whole.  ``beliefs`` and ``min_speaker_confidence`` as in
    :func:`extract` (a bad threshold fails here, before any document is read).
    """
    threshold = _check_min_speaker_confidence(min_speaker_confidence)
    results = _extract_documents(_checked_documents(docs), workers, spacy_model, max_chars,
                                 batch_size)
    if beliefs:
        results = iter(with_beliefs(results))
    if threshold is None:
        return results
    return (keep_confident_speakers(r, threshold) for r in results)


def _checked_documents(docs: Iterable[Document]) -> Iterator[Document]:
    """``docs``, each checked as it is taken: a Document whose text is a str.

    Checked lazily, in this process, so the caller gets a TypeError naming the bad item
    rather than an engine error record or a failure inside a worker process.  Bytes are
    not decoded here: a Document holds decoded text (the readers, :func:`extract` and
    :func:`extract_many` decode bytes).
    """
    for i, doc in enumerate(docs):
        if not isinstance(doc, Document):
            raise TypeError(f"extract_documents() takes Document objects; item {i} is "
                            f"{type(doc).__name__}")
        if not isinstance(doc.text, str):
            hint = (" (decode it first, or give the bytes to extract() or extract_many())"
                    if isinstance(doc.text, bytes | bytearray) else "")
            raise TypeError(f"extract_documents() takes Documents whose text is a str; "
                            f"item {i} (id {doc.id!r}) has {type(doc.text).__name__}{hint}")
        yield doc


def _extract_documents(docs: Iterable[Document], workers: int, spacy_model: str | None,
                       max_chars: int, batch_size: int) -> Iterator[ArticleResult]:
    if workers <= 1:
        return _extract_here(docs, spacy_model, max_chars, batch_size)
    return PooledResults(docs, workers, spacy_model, max_chars, batch_size)


def _extract_here(docs: Iterable[Document], spacy_model: str | None, max_chars: int,
                  batch_size: int) -> Iterator[ArticleResult]:
    engine = get_engine(spacy_model)
    for batch in _batches(docs, batch_size):
        yield from _results_for(batch, engine, max_chars)


class PooledResults:
    """Results from a pool of worker processes, in input order, with bounded memory.

    The pool starts (forks) when this object is made, before the caller opens anything
    it must not share with children (a SQLite connection must not cross ``fork``).  At
    most ``IN_FLIGHT_PER_WORKER`` batches per worker are out at a time, and the input is
    read only as results are taken, so neither documents nor results pile up when the
    consumer (a store writer) is slower than the workers.
    """

    IN_FLIGHT_PER_WORKER = 2

    def __init__(self, docs: Iterable[Document], workers: int, spacy_model: str | None,
                 max_chars: int, batch_size: int) -> None:
        ctx = _pool_context(spacy_model)
        with sigint_ignored():  # the workers start out ignoring Ctrl-C (worker_signals)
            self._pool = ctx.Pool(workers, initializer=_init_worker,
                                  initargs=(spacy_model, max_chars))
        self._batches = _batches(docs, batch_size)
        self._window = workers * self.IN_FLIGHT_PER_WORKER
        self._pending: deque[Any] = deque()
        self._ready: deque[ArticleResult] = deque()
        self._started = self._closed = False

    def __iter__(self) -> PooledResults:
        return self

    def _submit(self) -> None:
        for batch in self._batches:
            self._pending.append(self._pool.apply_async(_work, (batch,)))
            if len(self._pending) >= self._window:
                return

    def __next__(self) -> ArticleResult:
        try:
            while not self._ready:
                if not self._started:
                    self._started = True
                    self._submit()
                if not self._pending:
                    self.close()
                    raise StopIteration
                self._ready.extend(self._pending.popleft().get())
                self._submit()
            return self._ready.popleft()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the workers (also when the results were not all taken)."""
        if not self._closed:
            self._closed = True
            self._pool.terminate()
            self._pool.join()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # interpreter shutdown
            self.close()


def extract_many(texts: Iterable[str | bytes], *, workers: int = 1,
                 spacy_model: str | None = None, max_chars: int = DEFAULT_MAX_CHARS,
                 min_speaker_confidence: float | None = None) -> list[ArticleResult]:
    """Attributions of many texts, in input order; ids are ``"0"``, ``"1"``, …

    Each text is a ``str`` or ``bytes``, as for :func:`extract`; anything else is a
    TypeError naming its position.  The texts are all checked (and bytes decoded) before
    any is parsed -- the result is a list holding every text anyway -- so a bad item
    fails at once rather than after minutes of work.  ``min_speaker_confidence`` as in
    :func:`extract`.
    """
    if isinstance(texts, str | bytes | bytearray | memoryview):  # one text, not many
        raise TypeError(f"extract_many() takes an iterable of texts; got one "
                        f"{type(texts).__name__} (use extract() for one text)")
    try:
        items = iter(texts)
    except TypeError:
        raise TypeError(f"extract_many() takes an iterable of texts; "
                        f"got {type(texts).__name__}") from None
    docs = []
    for i, t in enumerate(items):  # a plain loop: warnings point at the caller (stacklevel)
        docs.append(_text_document(t, id=str(i), what="extract_many()", max_chars=max_chars,
                                   position=i))
    return list(extract_documents(docs, workers=workers, spacy_model=spacy_model,
                                  max_chars=max_chars,
                                  min_speaker_confidence=min_speaker_confidence))
