"""The HTML pages: the same library calls as the API, rendered with Jinja2 templates.

Pages never need JavaScript: search is a GET form, pagination and filters are links,
the article's side list jumps with ``#att-N`` anchors, charts are SVG drawn here, and
``/extract`` is a plain form post.  ``static/app.js`` only adds conveniences on top
(smooth scrolling and highlighting every piece of a clicked attribution).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.exceptions import HTTPException

from quotetrail.corpus import queries
from quotetrail.web import render
from quotetrail.web.api_routes import (
    MAX_PAGE,
    MAX_QUERY,
    TRAIL_PER_PAGE,
    KindFilter,
    conn,
    search_filters,
)
from quotetrail.web.app import SWAGGER_UI_PATH, templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

#: Longest text /extract accepts from the form, in characters.
MAX_EXTRACT_CHARS = 200_000
PER_PAGE = 20
SPEAKER_QUOTES_PER_PAGE = 50
#: Occurrences a cluster page lists (its timeline shows them all, grouped): a quote carried
#: tens of thousands of times is paged, never one page of tens of megabytes.
TRAIL_ROWS = TRAIL_PER_PAGE


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the request and ``context``."""
    response: HTMLResponse = templates().TemplateResponse(
        request, name, context, status_code=status)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """Search box, corpus figures, most-quoted speakers, recent clusters."""
    c = conn(request)
    return page(request, "index.html", stats=queries.stats(c),
                speakers=list(queries.speaker_list(c, limit=10)),
                recent=queries.recent_clusters(c, limit=10, sentence_links=True))


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    speaker: Annotated[str, Query(max_length=200)] = "",
    outlet: Annotated[str, Query(max_length=200)] = "",
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    kind: Annotated[KindFilter | Literal[""], Query()] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    """Matching quote clusters with speaker, first-seen date and outlets; filters; pages."""
    form = {"q": q, "speaker": speaker, "outlet": outlet,
            "from": date_from.isoformat() if date_from else "",
            "to": date_to.isoformat() if date_to else "", "kind": kind}
    total, results = 0, []
    if q.strip():
        total, results = queries.search_page(
            conn(request), q, filters=search_filters(speaker, outlet, date_from, date_to, kind),
            limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE, sentence_links=True)
    kept = {k: v for k, v in form.items() if v}

    def page_url(n: int) -> str:
        return "/search?" + urlencode({**kept, "page": n})

    pages = max(1, -(-total // PER_PAGE))
    return page(request, "search.html", form=form, total=total, results=results,
                page_no=page_no, pages=pages,
                prev_url=page_url(page_no - 1) if page_no > 1 else None,
                next_url=page_url(page_no + 1) if page_no < pages else None,
                filtered=any(form[k] for k in ("speaker", "outlet", "from", "to", "kind")))


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    """The article with its attributions highlighted and listed (quotes alone without text)."""
    record = queries.article(conn(request), article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    atts = record["attributions"]
    text = record["text"]
    marked = render.highlight(text, atts) if text is not None else None
    colours = marked.colours if marked else [
        render.speaker_colours(atts)[render.speaker_key(a)] for a in atts]
    return page(request, "article.html", article=record, attributions=atts,
                highlighted=marked.html if marked else None, colours=colours)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker(request: Request, speaker_id: str,
            page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1) -> HTMLResponse:
    """Aliases, quotes by date, outlets that quoted them, quotes per week."""
    c = conn(request)
    record = queries.speaker(c, speaker_id)
    if record is None:
        raise HTTPException(404, f"no speaker {speaker_id!r}")
    total, quotes = queries.speaker_quotes(c, speaker_id, limit=SPEAKER_QUOTES_PER_PAGE,
                                           offset=(page_no - 1) * SPEAKER_QUOTES_PER_PAGE,
                                           sentence_links=True)
    pages = max(1, -(-total // SPEAKER_QUOTES_PER_PAGE))
    base = f"/speakers/{render.url_id(speaker_id)}?page="
    return page(request, "speaker.html", speaker=record, quotes=quotes, total=total,
                outlets=queries.speaker_outlets(c, speaker_id),
                chart=render.weekly_chart_svg(queries.speaker_weeks(c, speaker_id)),
                page_no=page_no, pages=pages,
                prev_url=f"{base}{page_no - 1}" if page_no > 1 else None,
                next_url=f"{base}{page_no + 1}" if page_no < pages else None)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster(request: Request, cluster_id: str,
            page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1) -> HTMLResponse:
    """The quote's trail: SVG timeline, first appearance, a page of occurrences with their
    differences from the root wording, wording variants, speaker warning, related
    statements.  The id of a cluster merged into another redirects to the one it became."""
    c = conn(request)
    current = queries.current_cluster_id(c, cluster_id)
    if current is not None and current != cluster_id:
        suffix = f"?page={page_no}" if page_no > 1 else ""
        return RedirectResponse(f"/clusters/{current}{suffix}",  # type: ignore[return-value]
                                status_code=301)
    record = queries.cluster_page(c, cluster_id, limit=TRAIL_ROWS,
                                  offset=(page_no - 1) * TRAIL_ROWS,
                                  sentence_links=True) if current else None
    if record is None:
        raise HTTPException(404, f"no cluster {cluster_id!r}")
    occurrences = record["occurrences"]
    summary = queries.trail_summary(c, cluster_id)
    colours = render.speaker_colours(summary)
    variants = [(v, render.variant_diff(record["text"], v)) for v in record["variants"]
                if v != record["text"]]
    pages = max(1, -(-record["total"] // TRAIL_ROWS))
    base = f"/clusters/{render.url_id(cluster_id)}?page="
    return page(request, "cluster.html", cluster=record, occurrences=occurrences,
                first_row=(page_no - 1) * TRAIL_ROWS,
                wordings=[render.occurrence_wording(o) for o in occurrences],
                notes=[render.diff_note(o.get("differences"), o.get("kind")) for o in occurrences],
                timeline=render.timeline_svg(summary, colours), variants=variants,
                credited=render.distinct_speakers(summary), related=record["related"],
                colours=[colours.get(render.speaker_key(o), 0) for o in occurrences],
                page_no=page_no, pages=pages,
                prev_url=f"{base}{page_no - 1}" if page_no > 1 else None,
                next_url=f"{base}{page_no + 1}" if page_no < pages else None)


@router.get("/extract", response_class=HTMLResponse)
def extract_form(request: Request) -> HTMLResponse:
    """A form to paste text into."""
    return page(request, "extract.html", text="", result=None, highlighted=None, colours=[],
                max_chars=MAX_EXTRACT_CHARS)


@router.post("/extract", response_class=HTMLResponse)
async def extract_post(request: Request,
                       text: Annotated[str, Form(max_length=MAX_EXTRACT_CHARS)] = ""
                       ) -> HTMLResponse:
    """The pasted text with its attributions highlighted; nothing is stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise HTTPException(400, "the text holds unpaired surrogates") from exc
    result: dict[str, Any] | None = None
    marked = None
    if text.strip():
        result = await run_in_threadpool(request.app.state.extract, text)
        marked = render.highlight(result["text"], result["attributions"])
    return page(request, "extract.html", text=text, result=result,
                highlighted=marked.html if marked else None,
                colours=marked.colours if marked else [], max_chars=MAX_EXTRACT_CHARS)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI for /openapi.json, from this server's own files (no CDN: it works
    offline), started by a static script (no inline JavaScript)."""
    return page(request, "docs.html", swagger_ui=SWAGGER_UI_PATH)
