"""The web UI in a real browser: Debian's chromium driven by Playwright.

A journalist's path through the UI -- search, open a quote's trail, see its timeline,
open an article at the quote's sentence, click an attribution -- with and without
JavaScript, and the hostile store's pages, where no script may run: ``window.__xss``
stays undefined, no dialog opens, and every page carries the Content-Security-Policy
header.  The speaker page's weekly chart is measured as drawn: no two axis labels
overlap, none is cut off, whatever the span of weeks.  The servers are real
``quotetrail serve`` processes on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from web_corpus import IMG, SCRIPT

from quotetrail.corpus import queries
from quotetrail.corpus.store import Store
from quotetrail.model import ArticleResult, Attribution, Span

pytestmark = [pytest.mark.allow_hosts(["127.0.0.1"]), pytest.mark.slow]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 420})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def test_search_trail_timeline_article_and_click(page: Any, live_server: Any) -> None:
    base = live_server().url
    page.goto(base + "/")
    page.fill(".big-search input[name=q]", "single bus route")
    page.click(".big-search button")
    page.wait_for_url("**/search?q=single+bus+route")
    rows = page.locator("table.clusters tbody tr")
    assert rows.count() >= 1
    rows.first.locator("td.quote a").click()
    page.wait_for_url("**/clusters/*")
    assert page.locator(".warning").is_visible()  # outlets disagree on the speaker
    timeline = page.locator("svg.timeline")
    assert timeline.is_visible()
    # the statement in all five outlets: in full (one credits the wrong person), truncated,
    # and as a fragment of a reported sentence
    assert timeline.locator("circle.dot").count() == 5
    assert timeline.locator("circle.first-ring").count() == 1
    # the row's article link opens the article at the quote's sentence, lit up
    page.locator('table.trail tbody tr.first a[href^="/articles/"]').click()
    page.wait_for_url("**/articles/ledger-libraries#att-1")
    assert "active" in (page.locator("#att-1").get_attribute("class") or "")
    assert "active" in (page.locator('.text .hl[data-att~="1"]').first.get_attribute("class")
                        or "")
    page.goto(page.url.split("#")[0])
    assert page.locator(".text .hl.r-content").count() >= 3
    assert page.evaluate("window.scrollY") == 0
    page.click("#item-3 a.jump")
    pieces = page.locator('.text [data-att~="3"]')
    assert pieces.count() >= 2  # content, cue and source of the third attribution
    for i in range(pieces.count()):
        assert "active" in (pieces.nth(i).get_attribute("class") or "")
    page.wait_for_function("window.scrollY > 0")  # scrolled down to it
    anchor = page.locator("#att-3")
    page.wait_for_function(
        "() => { const r = document.getElementById('att-3').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }")
    assert "active" in (anchor.get_attribute("class") or "")
    assert page.url.endswith("#att-3")


def test_everything_works_without_javascript(browser: Any, live_server: Any) -> None:
    base = live_server().url
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 1100, "height": 420})
    try:
        page = context.new_page()
        page.goto(base + "/search?q=library")
        page.locator("table.clusters td.quote a").first.click()
        page.wait_for_url("**/clusters/*")
        assert page.locator("svg.timeline circle.dot").count() >= 1
        page.goto(base + "/articles/ledger-libraries")
        page.click("#item-2 a.jump")
        assert page.url.endswith("#att-2")  # a plain anchor: the browser jumps to it
        page.goto(base + "/speakers/ruth-okafor")
        assert page.locator("svg.weekly rect.bar").count() >= 3
    finally:
        context.close()


def test_extract_page_highlights_pasted_text(page: Any, live_server: Any) -> None:
    page.goto(live_server().url + "/extract")
    page.fill("textarea[name=text]",
              f"“We will win {SCRIPT},” Mayor Ruth Okafor said on Tuesday. {IMG}")
    page.click("form.extract button")
    page.wait_for_selector(".text .hl.r-content")
    assert "Ruth Okafor" in page.locator(".att-list").inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_hostile_store_runs_no_script(page: Any, live_server: Any, stores: Any) -> None:
    server = live_server(stores.hostile)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    paths = ["/", "/search?q=never", "/articles/hostile", "/articles/hostile-link",
             "/speakers/ruth-okafor"]
    page.goto(server.url + "/search?q=never")
    paths.append(page.locator("table.clusters td.quote a").first.get_attribute("href"))
    for path in paths:
        response = page.goto(server.url + path)
        assert response is not None and response.status == 200, path
        csp = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.locator("script:not([src])").count() == 0, path
        assert page.locator("img").count() == 0, path
    assert not dialogs
    page.goto(server.url + "/articles/hostile")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text, not run


_QUOTE_CHECK = """() => {
  const quotes = [...document.querySelectorAll('main q')];
  return {
    quotes: quotes.length,
    unmarked: quotes.filter(q => {
      const mark = getComputedStyle(q, '::before').content;
      return mark !== 'open-quote' && !mark.includes('\u201c');
    }).length,
    reportedInQuote: [...document.querySelectorAll('main .reported')]
                       .filter(el => el.closest('q')).length,
    reported: document.querySelectorAll('main .reported').length,
    indirectWithQuote: [...document.querySelectorAll('.att-item')]
                         .filter(li => li.querySelector('.k-indirect') && li.querySelector('q'))
                         .length,
    directWithoutQuote: [...document.querySelectorAll('.att-item')]
                          .filter(li => li.querySelector('.k-direct') && !li.querySelector('q'))
                          .length,
  };
}"""


def test_reported_speech_is_never_shown_in_quotation_marks(page: Any, live_server: Any
                                                           ) -> None:
    base = live_server().url
    seen_reported = 0
    for path in ("/", "/search?q=library", "/articles/herald-sundays", "/articles/post-budget",
                 "/speakers/ruth-okafor"):
        page.goto(base + path)
        found = page.evaluate(_QUOTE_CHECK)
        assert found["quotes"] > 0, path
        assert found["unmarked"] == 0, (path, found)
        assert found["reportedInQuote"] == 0, (path, found)
        assert found["indirectWithQuote"] == 0 and found["directWithoutQuote"] == 0, path
        seen_reported += found["reported"]
    assert seen_reported > 0  # the pages did show reported speech, outside marks


# -- the speaker page: chart labels, other names ------------------------------------------

#: Speakers of the chart store: a distinct invented name each, and the weeks between their
#: first and last quote -- one week to six years, so that the bars run from the widest
#: the chart draws (48 px) to under half a pixel, and labels fall every 1 to 50 weeks.
CHART_SPANS = {"Ada Quillfeather": 0, "Bram Osterhout": 2, "Cleo Vantongeren": 9,
               "Dov Achterberg": 14, "Elin Marchetti": 15, "Femi Adeyemi-Cole": 20,
               "Gus Hallorann": 27, "Hana Wieczorek": 45, "Ivo Brandstetter": 71,
               "Juno Pemberton": 130, "Kasimir Oyelaran": 313}
#: A speaker credited under forms of one name: the name the store displays is among its
#: aliases (in other capitals), which the page must not repeat as another name.
SELF_NAMED = ["Nadia Brook", "NADIA BROOK", "Brook", "nadia  brook", "Mayor Nadia Brook"]


def _said(id: str, words: str, speaker: str, published: str) -> ArticleResult:
    text = f"“{words},” said {speaker}.\n"
    at = len(words) + 9
    return ArticleResult(
        id=id, text=text, url=f"https://chart.example/{id}", published=published,
        outlet="Chart Gazette", model="fake 0", version="0",
        attributions=[Attribution(
            kind="direct", content=Span.of(text, 1, 1 + len(words)),
            source=Span.of(text, at, at + len(speaker)), speaker=speaker, speakers=[speaker],
            speaker_type="person", confidence=0.9, speaker_confidence=0.9)])


@pytest.fixture(scope="module")
def chart_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A store of the speakers above (ids by name): the longest span quoted most weeks
    (up to five times a week, so the peak label has a figure of its own), the others on
    their first and last week only -- the chart draws every week between."""
    start = date(2019, 1, 7)
    articles = []
    for s, (name, weeks) in enumerate(CHART_SPANS.items()):
        days = sorted({0, weeks * 7} | ({d * 7 + d % 5 for d in range(weeks)}
                                        if weeks > 200 else set()))
        for n, day in enumerate(days):
            for k in range(1 + (n * 7) % 5 if weeks > 200 else 1):
                articles.append(_said(
                    f"s{s}-{n}-{k}", f"Statement {n}.{k} of {name} on the harbour wall, "
                    f"the ferries and the tides", name,
                    (start + timedelta(days=day)).isoformat()))
    for n, form in enumerate(SELF_NAMED):
        articles.append(_said(f"self-{n}", f"The harbour fund pays for repair number {n}",
                              form, f"2024-0{n + 1}-02"))
    db = tmp_path_factory.mktemp("chart") / "chart.db"
    with Store(db) as store:
        store.add_batch(articles)
        ids = {r["name"]: r["speaker_id"] for r in queries.speaker_list(store.conn)}
    return db, ids


_LABEL_BOXES = """() => {
  const svg = document.querySelector('svg.weekly');
  const frame = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
  return {frame: [frame.left, frame.top, frame.right, frame.bottom],
          labels: labels.map(t => { const r = t.getBoundingClientRect();
                                    return [t.textContent, r.left, r.top, r.right, r.bottom]; })};
}"""


def _overlap(a: list[Any], b: list[Any]) -> bool:
    """Whether two label boxes ([text, left, top, right, bottom]) share any area."""
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def test_weekly_chart_labels_never_overlap_nor_spill(page: Any, live_server: Any,
                                                     chart_store: Any) -> None:
    db, ids = chart_store
    base = live_server(db).url
    seen_weeks = []
    for name, weeks in CHART_SPANS.items():
        page.goto(f"{base}/speakers/{ids[name]}")
        found = page.evaluate(_LABEL_BOXES)
        labels, (left, top, right, bottom) = found["labels"], found["frame"]
        week_labels = [b for b in labels if b[0].count("-") == 2]
        assert week_labels, name
        assert week_labels[0][0] == (date(2019, 1, 7)).isoformat(), name  # the first week
        for i, a in enumerate(labels):
            assert left <= a[1] and a[3] <= right and top <= a[2] and a[4] <= bottom, (
                name, weeks, a, found["frame"])  # drawn whole, not cut off at an edge
            for b in labels[i + 1:]:
                assert not _overlap(a, b), (name, weeks, a, b)
        seen_weeks.append(len(week_labels))
        if weeks >= 9:
            assert len(week_labels) >= 3, (name, week_labels)  # and still labelled
    assert max(seen_weeks) >= 5


def test_speaker_page_never_names_the_speaker_as_another_name(page: Any, live_server: Any,
                                                               chart_store: Any) -> None:
    db, ids = chart_store
    base = live_server(db).url
    (speaker_id,) = {ids[n] for n in ids if "brook" in n.lower()}
    record = page.request.get(f"{base}/api/speakers/{speaker_id}").json()
    name = record["name"]
    # the store does give the name among the aliases, in some capitals or spacing
    assert [a for a in record["aliases"] if " ".join(a.split()).casefold() == name.casefold()]
    page.goto(f"{base}/speakers/{speaker_id}")
    assert page.locator("h1").inner_text() == name
    shown = page.locator(".aliases .alias").all_inner_texts()
    assert shown, "the other forms (Brook, Mayor Nadia Brook) are listed"
    assert not [a for a in shown if " ".join(a.split()).casefold() == name.casefold()], shown
    assert {"Brook", "Mayor Nadia Brook"} <= set(shown)


def test_docs_renders_swagger_ui_with_the_network_off(page: Any, live_server: Any) -> None:
    """/docs draws the API's operations from this server's own Swagger UI files: every
    request to any other host is aborted, as it would fail offline."""
    base = live_server().url
    elsewhere: list[str] = []

    def only_local(route: Any) -> None:
        url = route.request.url
        if url.startswith(base):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(base + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".swagger-ui .opblock").count() >= 6  # one per operation
    assert "could not be loaded" not in page.inner_text("#swagger-ui")
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("quotetrail")
    assert elsewhere == []  # it did not even try the network
