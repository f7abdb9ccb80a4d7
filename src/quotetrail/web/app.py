"""The FastAPI application: ``create_app(db_path)`` serves one store, read-only.

Why it is built this way:

* **Read-only, one connection per thread.**  The store is opened with SQLite's URI
  ``mode=ro`` (:func:`quotetrail.corpus.store.open_readonly`), so no request can change
  it, and it can be served while ``quotetrail ingest`` writes to it (WAL: each read sees
  the last committed batch).  Handlers are plain functions that FastAPI runs in its
  thread pool; each thread keeps its own connection, so no connection is ever used by
  two requests at once.
* **Safety is in the app, not in the deployment.**  Every response carries a
  Content-Security-Policy that allows scripts only from ``/static`` (no inline script,
  no ``on…=`` handlers), request bodies over ``max_body`` bytes get 413 before they are
  read whole, and every failure is a 4xx page or JSON error with one line of detail:
  bad input is 400, never a 500.
* **Extraction is bounded.**  ``POST /api/extract`` and ``/extract`` run the engine
  in :class:`~quotetrail.web.extraction_pool.ExtractionPool` (a few worker processes,
  a short queue, a time limit per request): a full pool is 503 with ``Retry-After``, a
  request past its time limit 504 (its worker is killed and replaced), and searching
  never waits for an extraction.
* **No network at run time.**  ``/docs`` is Swagger UI from the files that the
  ``fastapi-offline`` package ships, served under ``/static/swagger-ui/``, so the CSP
  is ``'self'`` everywhere and the page works without internet.
* **Handlers only parse, call the library, and present**: queries are
  :mod:`quotetrail.corpus.queries`, extraction is :func:`quotetrail.api.extract`, and
  the HTML is Jinja2 with autoescaping plus :mod:`quotetrail.web.render`.
"""

from __future__ import annotations

import importlib.util
import logging
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotetrail import __version__
from quotetrail.corpus.store import open_readonly
from quotetrail.errors import UsageError
from quotetrail.web import render
from quotetrail.web.extraction_pool import (
    ExtractionBusy,
    ExtractionFailed,
    ExtractionPool,
    ExtractionTimeout,
)
from quotetrail.web.schemas import ExtractRequest

__all__ = ["DEFAULT_MAX_BODY", "SWAGGER_UI_PATH", "StoreReader", "create_app"]

log = logging.getLogger("quotetrail.web")

#: Request bodies larger than this many bytes are refused with 413 (``--max-body``).
DEFAULT_MAX_BODY = 1_000_000
#: Beyond the limit, at most this much of a refused body is read and dropped so that the
#: client (still sending) receives the 413 instead of a reset connection.
_DRAIN_LIMIT = 8 * 1024 * 1024

#: No inline script or handler attributes, no plugins, no framing, forms post here only.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: Where Swagger UI's files (``swagger-ui-bundle.js``, ``swagger-ui.css``) are served.
SWAGGER_UI_PATH = "/static/swagger-ui"
_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

Extractor = Callable[[str], dict[str, Any]]


class StoreReader:
    """Read-only connections to one store, one per thread, opened on first use."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        open_readonly(self.path).close()  # fail now, with the library's message, not per request
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []

    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = open_readonly(self.path)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def _swagger_ui_files() -> Path | None:
    """The directory of Swagger UI's files in the ``fastapi-offline`` package (found
    without importing it), or None when it is not installed."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).with_name("static")
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_body`` bytes with 413; add the security headers.

    A declared ``Content-Length`` over the limit is answered at once (after draining a
    bounded amount, so the client reads the answer rather than a reset); a streamed body
    is counted as it arrives and the request fails with 413 when it passes the limit.
    The server process is untouched either way.
    """

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        csp = CSP.encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"content-security-policy"]
                message["headers"] = [*headers, (b"content-security-policy", csp),
                                      *_SECURITY_HEADERS]
            await send(message)

        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _drain(receive, min(declared, _DRAIN_LIMIT))
            response = _error(path, 413, f"request body over {self.max_body:,} bytes")
            await response(scope, receive, send_with_headers)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise HTTPException(413, f"request body over {self.max_body:,} bytes")
            return message

        await self.app(scope, counting_receive, send_with_headers)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _drain(receive: Receive, limit: int) -> None:
    read = 0
    while read < limit:
        message = await receive()
        if message["type"] != "http.request":
            return
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


_KINDS = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
          415: "unsupported_media_type", 503: "busy", 504: "timeout"}
_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed",
           413: "Request too large", 415: "Unsupported media type", 500: "Server error",
           503: "Busy", 504: "Timed out"}


def _wants_json(path: str) -> bool:
    return path.startswith("/api/") or path in ("/api", "/openapi.json")


_templates: Jinja2Templates | None = None


def templates() -> Jinja2Templates:
    """The Jinja2 templates, autoescaping everything and failing on undefined names."""
    global _templates
    if _templates is None:
        env = Environment(loader=PackageLoader("quotetrail.web", "templates"),
                          autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
        env.filters["url_id"] = render.url_id
        env.filters["http_url"] = render.http_url
        env.globals["speaker_links"] = render.speaker_links
        env.globals["uncertain_mark"] = render.uncertain_mark
        env.globals["content_html"] = render.content_html
        env.globals["cluster_quote"] = render.cluster_quote
        env.globals["any_uncertain"] = render.any_uncertain
        env.globals["other_names"] = render.other_names
        env.globals["uncertain_below"] = render.UNCERTAIN_SPEAKER_BELOW
        env.globals["version"] = __version__
        _templates = Jinja2Templates(env=env)
    return _templates


def _error(path: str, status: int, detail: str) -> Response:
    """The error response of a status: JSON under /api, a small HTML page elsewhere."""
    detail = " ".join(str(detail).split())[:500]
    if _wants_json(path):
        return JSONResponse({"detail": detail, "kind": _KINDS.get(status, "error")},
                            status_code=status)
    html = templates().get_template("error.html").render(
        status=status, title=_TITLES.get(status, "Error"), detail=detail)
    return HTMLResponse(html, status_code=status)


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg")))
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = _error(request.url.path, exc.status_code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request.url.path, 400, _validation_detail(exc))

    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError) -> Response:
        return _error(request.url.path, 400, str(exc))

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> Response:
        # a JSON body nested a thousand deep exhausts the parser's recursion: the
        # body's fault, not the server's
        return _error(request.url.path, 400, "the request body is nested too deeply")

    @app.exception_handler(ExtractionBusy)
    async def busy(request: Request, exc: ExtractionBusy) -> Response:
        response = _error(request.url.path, 503, str(exc))
        response.headers["retry-after"] = str(exc.retry_after)
        return response

    @app.exception_handler(ExtractionTimeout)
    async def timed_out(request: Request, exc: ExtractionTimeout) -> Response:
        return _error(request.url.path, 504, str(exc))

    @app.exception_handler(ExtractionFailed)
    async def failed(request: Request, exc: ExtractionFailed) -> Response:
        log.error("extraction failed on %s: %s", request.url.path, exc)
        return _error(request.url.path, 500, str(exc))

    @app.exception_handler(sqlite3.OperationalError)
    async def query_error(request: Request, exc: sqlite3.OperationalError) -> Response:
        # The library escapes every query, so this is a backstop: whatever FTS5 still
        # rejects is the query's fault (400); anything else is the server's (500).
        message = str(exc)
        if "fts5" in message or "syntax" in message or "unterminated" in message:
            return _error(request.url.path, 400, f"malformed query ({message})")
        log.error("database error on %s: %s", request.url.path, message)
        return _error(request.url.path, 500, "the store could not answer this request")


def _openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The OpenAPI document, saying what the API really answers: 400 (not 422) on bad input."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        error_ref = {"$ref": "#/components/schemas/ErrorDetail"}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                responses = operation.get("responses", {})
                if responses.pop("422", None) is not None and "400" not in responses:
                    responses["400"] = {"description": "Bad request",
                                        "content": {"application/json": {"schema": error_ref}}}
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        # POST /api/extract reads its body itself (JSON or text/plain), so FastAPI does
        # not see the JSON model it documents: add it here.
        components["ExtractRequest"] = ExtractRequest.model_json_schema()
        app.openapi_schema = schema
        return schema

    return build


def create_app(db_path: str | Path, *, max_body: int = DEFAULT_MAX_BODY,
               extractor: Extractor | None = None) -> FastAPI:
    """The web application serving the store at ``db_path`` (which must exist).

    ``extractor`` turns pasted text into a contract record, blocking (it is called in
    a thread).  The default is an :class:`ExtractionPool` with its default bounds;
    ``quotetrail serve`` passes one built from its options, tests may pass a stub.
    Whatever it is, the app closes it (if it has ``close``) when it shuts down, so
    that no worker outlives the server.
    """
    from quotetrail.web import api_routes, page_routes

    reader = StoreReader(db_path)
    extract = extractor or ExtractionPool()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        reopen = getattr(extract, "open", None)
        if callable(reopen):
            reopen()
        try:
            yield
        finally:
            close = getattr(extract, "close", None)
            if callable(close):
                close()
            reader.close()

    app = FastAPI(
        title="quotetrail", version=__version__, lifespan=lifespan,
        description=("Who said what, to whom, where, and how a statement travelled: search "
                     "quote clusters, follow their trails across outlets, read attributions."),
        docs_url=None, redoc_url=None,
    )
    # Starlette answers "/static" (and any path that only lacks a slash) with a redirect
    # to an absolute URL built from the request's Host header: an open redirect for
    # whoever sends the Host.  Paths are exact here; those get a 404.
    app.router.redirect_slashes = False
    app.state.reader = reader
    app.state.extract = extract
    app.state.max_body = max_body
    _install_error_handlers(app)
    app.include_router(api_routes.router)
    app.include_router(page_routes.router)
    swagger_ui = _swagger_ui_files()
    if swagger_ui is None:
        log.warning("fastapi-offline is not installed: /docs cannot show Swagger UI")
    else:  # before /static, which would otherwise take these paths (and answer 404)
        app.mount(SWAGGER_UI_PATH, StaticFiles(directory=swagger_ui), name="swagger-ui")
    static = Path(__file__).with_name("static")
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimitMiddleware, max_body=max_body)
    return app
