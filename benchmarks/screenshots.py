"""Screenshots of the web UI for the docs: ``python benchmarks/screenshots.py [--out docs/img]``.

Builds a store from the invented demo corpus of the web tests (``tests/web/web_corpus.py``,
no third-party text, with its ``NEIGHBOURS`` so that a trail has related statements)
through the library's own ingest, and a second store holding one invented statement
carried 240 times (cut short, reworded, credited to someone else) written through the
library's ``Store`` (no engine needed), so that a trail has pages.  Runs ``quotetrail
serve`` on 127.0.0.1 (a free port) for each, and photographs the pages with Debian's
chromium through Playwright -- the same browser the tests drive.  Run it again after
changing a template or the style sheet; the PNGs in docs/img are what README.md and
docs/web.md show.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "web"))

from web_corpus import CORPUS, NEIGHBOURS, build_store  # noqa: E402

from serve_util import start_server  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASTED = ("“We will not close a single branch,” the council's finance chief, Dana Whitfield, "
          "told the Evening Star on Monday. She said the city would “find the money "
          "somewhere” and that the libraries were “not up for negotiation”.\n\n"
          "Residents were less sure. “I have heard that before,” said Omar Haddad, who "
          "runs a bookshop on Mill Street.\n\n"
          # a body the article never names: no name, rather than the outlet told before
          "According to the council’s press office, the plan had been “costed twice”.")




LONG = ("The new bridge will carry trams, bicycles and people on foot from the spring, and "
        "it will be paid for without a single toll")
LONG_CUTS = [LONG, "The new bridge will carry trams, bicycles and people on foot from the spring",
             "The new bridge will carry trams, bicycles and people on foot from next spring, and "
             "it will be paid for without a single toll",
             "it will be paid for without a single toll"]


def build_long_trail(directory: Path) -> tuple[Path, str]:
    """One statement in 240 articles of 24 outlets over a month: the store and its id."""
    from quotetrail.corpus.store import Store
    from quotetrail.model import ArticleResult, Attribution, Span

    results = []
    for i in range(240):
        quote = LONG_CUTS[i % 7 % len(LONG_CUTS)]
        speaker = "Deputy Mayor Alan Price" if i % 37 == 5 else "Mayor Ruth Okafor"
        text = f"“{quote},” said {speaker}.\n"
        results.append(ArticleResult(
            id=f"bridge-{i:03d}", text=text, url=f"https://outlet{i % 24}.example/bridge/{i}",
            outlet=f"Outlet {i % 24:02d}", title=f"Bridge story {i}",
            published=f"2024-06-{1 + i % 28:02d}T{6 + i % 14:02d}:00:00Z", model="demo",
            version="0",
            attributions=[Attribution(kind="direct", content=Span.of(text, 1, 1 + len(quote)),
                                      speaker=speaker, speakers=[speaker],
                                      speaker_type="person", confidence=0.9,
                                      speaker_confidence=0.9)]))
    db = directory / "bridge.db"
    with Store(db) as store:
        store.add_batch(results)
        cid = store.conn.execute("SELECT cluster_id FROM clusters ORDER BY n_occurrences DESC"
                                 ).fetchone()[0]
    return db, str(cid)


def shoot_long_trail(base: str, cluster_id: str, out: Path) -> list[Path]:
    """The second page of a long trail: pager, rows with their differences."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        page.goto(f"{base}/clusters/{cluster_id}?page=2")
        page.locator("nav.pager").first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -60)")
        path = out / "cluster-pages.png"
        page.screenshot(path=str(path))
        browser.close()
    return [path]


def shoot(base: str, out: Path) -> list[Path]:
    """Photograph each page; returns the files written."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, device_scale_factor=1)

        def save(name: str, full: bool = True) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full)
            written.append(path)

        page.goto(base + "/")
        save("home")
        page.goto(base + "/search?q=library")
        save("search")
        page.goto(base + "/search?q=single+bus+route")
        page.locator("table.clusters td.quote a").first.click()
        page.wait_for_url("**/clusters/*")
        save("cluster")
        page.goto(base + "/articles/ledger-libraries")
        page.click("#item-2 a.jump")
        page.wait_for_timeout(600)  # the smooth scroll
        save("article", full=False)
        page.goto(base + "/speakers/ruth-okafor")
        save("speaker")
        page.goto(base + "/extract")
        page.fill("textarea[name=text]", PASTED)
        page.click("form.extract button")
        page.wait_for_selector(".text .hl")
        save("extract")
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = build_store(Path(tmp), "demo", CORPUS + NEIGHBOURS)
        long_db, long_id = build_long_trail(Path(tmp))
        written: list[Path] = []
        for store, take in ((db, lambda base: shoot(base, args.out)),
                            (long_db, lambda base: shoot_long_trail(base, long_id, args.out))):
            proc, base = start_server(store, Path(tmp) / f"serve-{store.stem}.log")
            try:
                written += take(base)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
        for path in written:
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
