"""An invented news corpus for the web tests and the screenshots, and a hostile one.

``CORPUS`` follows one statement by Mayor Ruth Okafor through five outlets over a
week -- in full, truncated, as a fragment of a reported sentence, and once credited to
the wrong person (so the cluster page must warn that outlets disagree) -- beside other
statements, so that search, trails, speakers and weekly charts all have something to
show.  ``HOSTILE`` is one article whose title, outlet and text hold markup that would
run script if any page failed to escape it.  Both are written as JSONL and go through
the library's own ingest, as a user's files would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

OKAFOR = ("We will open every library on Sundays by the end of the year, and we will pay "
          "for it without cutting a single bus route")
OKAFOR_HALF = "We will open every library on Sundays by the end of the year"
REYES = "The budget has a hole in it the size of the old stadium"

CORPUS: list[dict[str, Any]] = [
    {"id": "ledger-libraries", "url": "https://ledger.example/libraries",
     "outlet": "The Ledger", "published": "2024-05-06", "title": "Mayor promises Sunday libraries",
     "text": (f"“{OKAFOR},” Mayor Ruth Okafor said on Monday at the central library.\n\n"
              "The city has 22 branch libraries, most closed at weekends since 2011.\n\n"
              f"“{REYES},” said Councillor Dan Reyes, who chairs the finance committee. "
              "“Someone will pay for this,” he added.\n")},
    {"id": "courier-sunday", "url": "https://courier.example/2024/05/07/sunday",
     "outlet": "The Courier", "published": "2024-05-07", "title": "Sunday opening pledge",
     "text": (f"The mayor repeated her promise on local radio. “{OKAFOR_HALF},” Okafor told "
              "listeners of Morning Call.\n\nLibrarians welcomed the plan.\n")},
    {"id": "post-budget", "url": "https://post.example/news/budget", "outlet": "The Post",
     "published": "2024-05-09", "title": "Council divided over libraries",
     "text": ("Okafor said the city would “open every library on Sundays by the end of the "
              "year” and would not cut bus routes to pay for it.\n\n"
              f"“{REYES}, and nobody at city hall will admit it,” Councillor Dan Reyes told "
              "reporters.\n")},
    {"id": "herald-sundays", "url": "https://herald.example/sundays", "outlet": "The Herald",
     "published": "2024-05-08", "title": "Libraries: the mayor's Sunday promise",
     "text": (f"“{OKAFOR},” Okafor said in an interview on Wednesday.\n\n"
              "Her office said staff would be hired over the summer.\n")},
    {"id": "wire-libraries", "url": "https://wire.example/a/4471", "outlet": "City Wire",
     "published": "2024-05-13", "title": "Libraries to open on Sundays",
     "text": (f"“{OKAFOR},” said Deputy Mayor Alan Price on Monday, speaking for the city.\n\n"
              "The plan needs the council's approval in June.\n")},
    {"id": "gazette-transit", "url": "https://gazette.example/transit", "outlet": "The Gazette",
     "published": "2024-05-21", "title": "Bus routes safe, says mayor",
     "text": ("“No bus route will be cut to pay for the libraries,” Ruth Okafor said in a "
              "statement on Tuesday.\n\n“We have done the sums twice,” she said.\n")},
    {"id": "notes/undated", "outlet": "Community Notes", "title": "Residents on the plan",
     "text": ("“I would go every Sunday with my kids,” said Maya Lin, a parent from the "
              "east side.\n")},
]

#: Two more articles for the trail's related statements (the screenshots' corpus, and the
#: related-statement tests): the mayor's pledge again beside a second promise of hers in
#: the same article, and a councillor who turns seven words of the pledge against it -- a
#: substantial part of the wording, not the same statement.
NEIGHBOURS: list[dict[str, Any]] = [
    {"id": "times-hours", "url": "https://times.example/libraries-hours", "outlet": "The Times",
     "published": "2024-05-10", "title": "Longer library hours",
     "text": (f"“{OKAFOR_HALF},” Mayor Ruth Okafor said at a school visit.\n\n"
              "“Every branch will keep its evening hours through the summer as well,” "
              "Okafor added.\n")},
    {"id": "post-reply", "url": "https://post.example/news/reply", "outlet": "The Post",
     "published": "2024-05-14", "title": "Councillor mocks Sunday pledge",
     "text": ("“Every library open on Sundays by the end of the year? The city cannot pay "
              "for that promise,” said Councillor Dan Reyes.\n")},
]

#: A statement repeated inside someone else's quotation marks: Councillor Prynne's words
#: hold the mayor's, so the store derives a re-quote (``…:q1``, the same index as his
#: attribution) that joins her statement's trail but is not listed on the article page,
#: which numbers only the engine's attributions -- one before his and one after it.
REQUOTES: list[dict[str, Any]] = [
    {"id": "river-warning", "url": "https://river.example/warning", "outlet": "River News",
     "published": "2024-07-05", "title": "Mayor tells residents to leave",
     "text": ("“Do not wait for the water to reach your front step,” Mayor Esther Quaye said "
              "on Friday as the river rose.\n")},
    {"id": "letters/shelters", "url": "https://letters.example/shelters",
     "outlet": "The Letters Page", "published": "2024-07-09", "title": "Shelters stayed shut",
     "text": ("“The shelters were open all night,” a spokeswoman for the mayor said.\n\n"
              "“Quaye told this city ‘do not wait for the water to reach your front step,’ and "
              "then she kept the shelters locked,” Councillor Hal Prynne wrote in a letter.\n\n"
              "“We will rebuild the levee before the autumn rains,” Quaye said on Monday.\n")},
]

#: Markup in every untrusted field: if any page rendered it unescaped, a script would run
#: (setting ``window.__xss``) or a dialog would open.
SCRIPT = "<script>window.__xss = 1; alert('xss')</script>"
IMG = "<img src=x onerror=\"window.__xss = 2; alert('img')\">"
HOSTILE: list[dict[str, Any]] = [
    {"id": "hostile", "url": "https://evil.example/story", "outlet": f"Evil {IMG} News",
     "published": "2024-06-01", "title": f"Breaking {SCRIPT} {IMG}",
     "text": (f"“We will never run {SCRIPT} on your page {IMG},” said Mayor Ruth Okafor.\n\n"
              f"Some plain words {SCRIPT} and {IMG} between paragraphs.\n\n"
              f"“Markup is just text to us </p><b>bold</b>,” said Ana {IMG} Ruiz.\n")},
    {"id": "hostile-link", "url": "javascript:window.__xss=3", "outlet": "Evil News",
     "published": "2024-06-02", "title": "A link that is a script",
     "text": "“Click the link above,” said Mayor Ruth Okafor.\n"},
]


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """The records as a JSONL file, the input format that carries titles and outlets."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def build_store(directory: Path, name: str, records: list[dict[str, Any]], *,
                store_text: bool = True) -> Path:
    """Ingest ``records`` through the library into ``directory/name.db``; its path."""
    from quotetrail.jobs.ingest import ingest

    source = write_jsonl(directory / f"{name}.jsonl", records)
    db = directory / f"{name}.db"
    report = ingest([str(source)], str(db), workers=1, store_text=store_text)
    assert not report.failed, report.summary()
    return db


def stub_extract(text: str) -> dict[str, Any]:
    """A contract record with one attribution over the first quoted stretch, if any.

    The page and API tests check presentation, not the engine; the engine itself runs
    behind the live server (``POST /api/extract``) and in the browser test.
    """
    from quotetrail.model import ArticleResult, Attribution, Span

    result = ArticleResult(id="extract", text=text, model="stub", version="test")
    match = re.search(r"“([^”]+)”", text)
    if match:
        said = text.find("said", match.end())
        result.attributions.append(Attribution(
            kind="direct", content=Span.of(text, *match.span(1)),
            cue=Span.of(text, said, said + 4) if said >= 0 else None, speaker="Someone",
            speakers=["Someone"], speaker_type="person", confidence=0.9))
    return result.to_dict()
