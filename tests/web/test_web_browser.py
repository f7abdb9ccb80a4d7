"""The web UI in a real browser: Debian's chromium driven by Playwright.

A journalist's path through the UI -- search, open a quote's trail, see its timeline,
open an article, click an attribution -- with and without JavaScript, and the hostile
store's pages, where no script may run: ``window.__xss`` stays undefined, no dialog
opens, and every page carries the Content-Security-Policy header.  The servers are
real ``quotetrail serve`` processes on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from web_corpus import IMG, SCRIPT

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
    page.locator('table.trail tbody tr.first a[href^="/articles/"]').click()
    page.wait_for_url("**/articles/ledger-libraries")
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
