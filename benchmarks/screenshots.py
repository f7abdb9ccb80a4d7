"""Screenshots of the web UI for the docs: ``python benchmarks/screenshots.py [--out docs/img]``.

Builds a store from the invented demo corpus of the web tests (``tests/web/web_corpus.py``,
no third-party text) through the library's own ingest, runs ``quotetrail serve`` on
127.0.0.1 (a free port), and photographs each page with Debian's chromium through
Playwright -- the same browser the tests drive.  Run it again after changing a template
or the style sheet; the PNGs in docs/img are what README.md and docs/web.md show.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "web"))

from web_corpus import CORPUS, build_store  # noqa: E402

from serve_util import start_server  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASTED = ("“We will not close a single branch,” the council's finance chief, Dana Whitfield, "
          "told the Evening Star on Monday. She said the city would “find the money "
          "somewhere” and that the libraries were “not up for negotiation”.\n\n"
          "Residents were less sure. “I have heard that before,” said Omar Haddad, who "
          "runs a bookshop on Mill Street.\n\n"
          # a source the engine resolves with doubt: the page shows the uncertain-speaker mark
          "According to the council’s press office, the plan had been “costed twice”.")




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
        db = build_store(Path(tmp), "demo", CORPUS)
        proc, base = start_server(db, Path(tmp) / "serve.log")
        try:
            for path in shoot(base, args.out):
                print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
