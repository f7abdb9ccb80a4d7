"""The JSON API (``/api/...``): parse the request, call the library, return its records.

Responses are validated against the models in :mod:`quotetrail.web.schemas`, which is
what ``/openapi.json`` publishes.  Lists are paginated with ``page`` (from 1) and
``per_page``; bad parameters are 400 with a one-line ``detail``, unknown ids 404.
Record routes answer with ``response_model_exclude_unset``: an optional field the
library's record does not hold (``speaker_confidence`` from a store written before it
existed) is left out, not invented as null, so the JSON is the library's record.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from quotetrail.corpus import queries
from quotetrail.model import KINDS
from quotetrail.web.schemas import (
    Article,
    Cluster,
    ContractRecord,
    ErrorDetail,
    SearchPage,
    SpeakerDetail,
    SpeakerPage,
    Stats,
)

__all__ = ["MAX_PAGE", "MAX_PER_PAGE", "MAX_QUERY", "router"]

#: Longest accepted search query, in characters (a query is words, not documents).
MAX_QUERY = 500
MAX_PER_PAGE = 100
#: Search ranks a bounded number of matches, so pages beyond this would always be empty.
MAX_PAGE = 1000

router = APIRouter(prefix="/api", tags=["api"])

_BAD: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "Bad request"}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    **_BAD, 404: {"model": ErrorDetail, "description": "No such id"}}

Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Results per page.")]
#: Occurrences of a trail per page by default; at most ``queries.MAX_TRAIL_PAGE``.
TRAIL_PER_PAGE = 100
TrailPerPage = Annotated[int, Query(ge=1, le=queries.MAX_TRAIL_PAGE,
                                    description="Occurrences per page.")]


def conn(request: Request) -> Any:
    """This thread's read-only connection (called inside handlers, not as a dependency,
    so that the connection is used by the thread that owns it)."""
    return request.app.state.reader.conn()


#: The ``kind`` query parameter of the searches (an enum in the OpenAPI description).
KindFilter = Literal[KINDS]  # type: ignore[valid-type]


def search_filters(speaker: str | None, outlet: str | None, date_from: date | None,
                   date_to: date | None, kind: str | None = None) -> queries.SearchFilters:
    """The library's filters from the query parameters (blank ones ignored)."""
    return queries.SearchFilters(speaker=(speaker or "").strip() or None,
                                 outlet=(outlet or "").strip() or None,
                                 date_from=date_from, date_to=date_to, kind=kind or None)


@router.get("/search", response_model=SearchPage, responses=_BAD,
            response_model_exclude_unset=True)
def api_search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY,
                            description="Words the quote, its speaker or its article title "
                                        "hold (all of them; words in double quotation marks "
                                        "as a phrase; FTS5 syntax is searched as text). "
                                        "Matches in the quote's words rank first.")],
    speaker: Annotated[str | None, Query(max_length=200,
                                         description="Speaker id or name.")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Annotated[date | None, Query(alias="from",
                                            description="Earliest date, YYYY-MM-DD.")] = None,
    date_to: Annotated[date | None, Query(alias="to",
                                          description="Latest date, YYYY-MM-DD.")] = None,
    kind: Annotated[KindFilter | None, Query(
        description="Only attributions of this kind: direct (the speaker's words), mixed, "
                    "indirect (reported speech).")] = None,
    page: Page = 1,
    per_page: PerPage = 20,
) -> dict[str, Any]:
    """Quote clusters matching ``q``, best first, without their occurrences."""
    total, results = queries.search_page(
        conn(request), q, filters=search_filters(speaker, outlet, date_from, date_to, kind),
        limit=per_page, offset=(page - 1) * per_page)
    return {"query": q, "page": page, "per_page": per_page, "total": total, "results": results}


@router.get("/articles/{article_id:path}", response_model=Article, responses=_ERRORS,
            response_model_exclude_unset=True)
def api_article(request: Request, article_id: Annotated[str, Path()]) -> dict[str, Any]:
    """A stored article with its attributions (``text`` null when the store keeps none)."""
    record = queries.article(conn(request), article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return record


@router.get("/clusters/{cluster_id}", response_model=Cluster, responses=_ERRORS,
            response_model_exclude_unset=True)
def api_cluster(request: Request, cluster_id: str, page: Page = 1,
                per_page: TrailPerPage = TRAIL_PER_PAGE) -> Any:
    """The cluster record with one page of its trail (oldest first), each occurrence's
    differences from the root wording, ``total`` occurrences and the related statements.
    The id of a cluster merged into another redirects (308) to the one it became."""
    c = conn(request)
    current = queries.current_cluster_id(c, cluster_id)
    if current is None:
        raise HTTPException(404, f"no cluster {cluster_id!r}")
    if current != cluster_id:
        query = request.url.query
        return RedirectResponse(f"/api/clusters/{current}" + (f"?{query}" if query else ""),
                                status_code=308)
    record = queries.cluster_page(c, current, limit=per_page, offset=(page - 1) * per_page)
    if record is None:
        raise HTTPException(404, f"no cluster {cluster_id!r}")
    return {**record, "page": page, "per_page": per_page}


@router.get("/speakers", response_model=SpeakerPage, responses=_BAD)
def api_speakers(request: Request, page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
    """Speakers across the corpus, most quoted first."""
    c = conn(request)
    total = queries.speaker_count(c)
    results = list(queries.speaker_list(c, limit=per_page, offset=(page - 1) * per_page))
    return {"page": page, "per_page": per_page, "total": total, "results": results}


@router.get("/speakers/{speaker_id}", response_model=SpeakerDetail, responses=_ERRORS,
            response_model_exclude_unset=True)
def api_speaker(request: Request, speaker_id: str, page: Page = 1,
                per_page: PerPage = 50) -> dict[str, Any]:
    """One speaker: aliases, counts, a page of quotes (newest first), outlets, weekly counts."""
    c = conn(request)
    record = queries.speaker(c, speaker_id)
    if record is None:
        raise HTTPException(404, f"no speaker {speaker_id!r}")
    _, quotes = queries.speaker_quotes(c, speaker_id, limit=per_page,
                                       offset=(page - 1) * per_page)
    return {**record, "page": page, "per_page": per_page, "quotes": quotes,
            "outlets": {o or "": n for o, n in queries.speaker_outlets(c, speaker_id)},
            "weeks": dict(queries.speaker_weeks(c, speaker_id))}


@router.get("/stats", response_model=Stats)
def api_stats(request: Request) -> dict[str, int]:
    """Counts of articles, attributions, clusters and speakers."""
    return queries.stats(conn(request))


_EXTRACT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ExtractRequest"}},
            "text/plain": {"schema": {"type": "string"}},
        },
    },
}


class ExtractUnavailable(BaseModel):
    """The extraction pool's refusals: every worker busy and the queue full (503,
    ``busy``, with ``Retry-After``), or the request past its time limit (504,
    ``timeout``)."""

    detail: str
    kind: Literal["busy", "timeout"]


_EXTRACT_ERRORS: dict[int | str, dict[str, Any]] = {
    **_BAD,
    413: {"model": ErrorDetail, "description": "Body too large"},
    415: {"model": ErrorDetail, "description": "Not JSON or text/plain"},
    500: {"model": ErrorDetail, "description": "The extraction failed"},
    503: {"model": ExtractUnavailable,
          "description": "Every extraction worker is busy and the queue is full",
          "headers": {"Retry-After": {"description": "Seconds to wait before trying again",
                                      "schema": {"type": "integer"}}}},
    504: {"model": ExtractUnavailable,
          "description": "The request passed its time limit; its extraction was stopped"},
}


def _text_of(content_type: str, body: bytes) -> str:
    """The text to extract from a request body (JSON ``{"text"}`` or plain UTF-8 text)."""
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json":
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise HTTPException(400, f"the body is not JSON ({exc})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise HTTPException(400, 'the body must be a JSON object {"text": "..."}')
        text: str = data["text"]
    elif media == "text/plain":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HTTPException(400, f"the body is not UTF-8 ({exc.reason})") from exc
    else:
        raise HTTPException(415, "send application/json {\"text\": ...} or text/plain")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise HTTPException(400, "the text holds unpaired surrogates") from exc
    return text


@router.post("/extract", response_model=ContractRecord, openapi_extra=_EXTRACT_BODY,
             responses=_EXTRACT_ERRORS)
async def api_extract(request: Request) -> dict[str, Any]:
    """Attributions of a text, as one contract record; nothing is stored.

    Runs in the server's extraction pool (``quotetrail serve --extract-workers``,
    ``--extract-queue``, ``--extract-timeout``): 503 when it is full, 504 past the
    time limit."""
    text = _text_of(request.headers.get("content-type", ""), await request.body())
    result: dict[str, Any] = await run_in_threadpool(request.app.state.extract, text)
    return result
