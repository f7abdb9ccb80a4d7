"""Builders for the corpus tests: a small invented news corpus and web archives built here.

The corpus (``CORPUS``) is written for these tests and holds one statement by Mayor
Maria Gonzalez travelling through several outlets -- in full, truncated, as fragments
of a reported sentence and as a wire copy under another URL -- alongside statements by
other people that share words with it but must never join its cluster, and two
different Clintons.  Publication dates are deliberately not in file order, so a trail
that follows input order rather than publication order fails.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

GONZALEZ_FULL = ("We will rebuild every school in this district before the next winter "
                 "comes, and we will do it without raising a single tax")
GONZALEZ_HALF = "We will rebuild every school in this district before the next winter comes"
BAKER = "Taxes will rise before the next winter comes if the council does nothing at all"

WIRE = (f"“{GONZALEZ_FULL},” Mayor Maria Gonzalez said on Tuesday at a packed town hall.\n\n"
        "The district has 14 schools, most of them built in the 1960s.\n\n"
        f"“{BAKER},” said Councillor Tom Baker, who leads the opposition.\n")

#: (id, url, outlet, published, title, text) -- file order is not publication order.
CORPUS: list[dict[str, Any]] = [
    {"id": "herald-1", "url": "https://herald.example/schools", "outlet": "The Herald",
     "published": "2024-03-05", "title": "Mayor vows to rebuild schools",
     "text": WIRE},
    {"id": "gazette-1", "url": "https://gazette.example/a/17", "outlet": "The Gazette",
     "published": "2024-03-06T09:30:00Z", "title": "Schools pledge",
     "text": (f"The mayor repeated her promise. “{GONZALEZ_HALF},” Gonzalez told "
              "reporters on Wednesday.\n\nCritics were not convinced.\n")},
    {"id": "post-1", "url": "https://post.example/news/schools", "outlet": "The Post",
     "published": "2024-03-04", "title": "Gonzalez: schools first",
     "text": (f"“{GONZALEZ_FULL},” Maria Gonzalez said in an interview on Monday, a day "
              "before the town hall.\n\nShe has been mayor since 2019.\n")},
    {"id": "courier-1", "url": "https://courier.example/schools-pledge",
     "outlet": "The Courier", "published": "2024-03-07", "title": "A pledge on schools",
     "text": ("Gonzalez said the city would “rebuild every school in this district before "
              "the next winter comes” and would not raise taxes to pay for it.\n")},
    {"id": "wire-copy", "url": "https://daily.example/2024/03/05/schools",
     "outlet": "The Daily", "published": "2024-03-05", "title": "Mayor vows to rebuild",
     "text": WIRE},
    {"id": "clinton-h", "url": "https://herald.example/clinton-h", "outlet": "The Herald",
     "published": "2016-05-01", "title": "Clinton on the race",
     "text": "“I am in this race to win it and to win it for everyone,” said Hillary "
             "Clinton on Sunday.\n"},
    {"id": "clinton-b", "url": "https://post.example/clinton-b", "outlet": "The Post",
     "published": "2016-05-02", "title": "Bill Clinton campaigns",
     "text": "“She is in this race to win it, and she will,” said Bill Clinton on Monday.\n"},
]


def dump(db: Path) -> dict[str, Any]:
    """A store's canonical dump: what two runs must agree on to be the same store."""
    from quotetrail.corpus import queries
    from quotetrail.corpus.store import open_readonly

    conn = open_readonly(db)
    try:
        return queries.canonical_dump(conn)
    finally:
        conn.close()


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


# -- web archives -------------------------------------------------------------------

def article_html(title: str, paragraphs: list[str], published: str | None = None) -> bytes:
    """A news page with navigation and footer furniture around an article body."""
    meta = (f'<meta property="article:published_time" content="{published}">'
            if published else "")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}"
            f"</title>{meta}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a>"
            f"</nav><article><h1>{title}</h1>{body}</article><footer>Copyright The Herald."
            " All rights reserved.</footer></body></html>").encode()


ENGLISH_PARAGRAPHS = [
    "“We will rebuild every school in this district before the next winter comes, and "
    "we will do it without raising a single tax,” Mayor Maria Gonzalez said on Tuesday "
    "at a packed town hall meeting in the old library.",
    "The district has fourteen schools, and most of them were built in the 1960s. Their "
    "roofs leak, their heating is old, and parents have complained for years about the "
    "state of the classrooms that their children sit in every day.",
]
GERMAN_PARAGRAPHS = [
    "„Wir werden jede Schule in diesem Bezirk vor dem nächsten Winter wieder aufbauen“, "
    "sagte Bürgermeisterin Maria Gonzalez am Dienstag bei einer vollen Versammlung in "
    "der alten Bibliothek der Stadt.",
    "Der Bezirk hat vierzehn Schulen, die meisten wurden in den sechziger Jahren gebaut. "
    "Die Dächer sind undicht, die Heizungen sind alt, und Eltern beschweren sich seit "
    "Jahren über den Zustand der Klassenzimmer ihrer Kinder.",
]


def chunked(body: bytes, size: int = 100) -> bytes:
    """HTTP/1.1 chunked transfer encoding of ``body``."""
    out = io.BytesIO()
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        out.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
    out.write(b"0\r\n\r\n")
    return out.getvalue()


class WarcBuilder:
    """Writes WARC records with warcio and remembers each record's byte range."""

    def __init__(self, gzipped: bool = True) -> None:
        from warcio.warcwriter import WARCWriter

        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gzipped)
        self.ranges: list[tuple[int, int]] = []

    def _write(self, record: Any) -> None:
        start = self.buffer.tell()
        self.writer.write_record(record)
        self.ranges.append((start, self.buffer.tell()))

    def response(self, url: str, body: bytes, *, date: str = "2024-03-08T12:00:00Z",
                 content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                 chunk: bool = False) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        headers = [("Content-Type", content_type)]
        payload = body
        if chunk:
            headers.append(("Transfer-Encoding", "chunked"))
            payload = chunked(body)
        else:
            headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=http,
            warc_headers_dict={"WARC-Date": date})
        self._write(record)

    def revisit(self, url: str) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = self.writer.create_revisit_record(
            url, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", refers_to_uri=url,
            refers_to_date="2024-03-01T00:00:00Z", http_headers=http)
        self._write(record)

    def request(self, url: str) -> None:
        record = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        self._write(record)

    def bytes(self) -> bytes:
        return self.buffer.getvalue()


def gz_member(data: bytes) -> bytes:
    return gzip.compress(data)


# -- results without the engine (for store, cluster and speaker tests) ----------------------

def fake_result(id: str, quotes: list[tuple[str, str | None]], *, url: str | None = None,
                outlet: str | None = None, published: str | None = None,
                title: str | None = None, kind: str = "direct",
                mixed: list[tuple[str, list[str], str | None]] | None = None,
                speaker_type: str = "person", sources: list[str] | None = None,
                speaker_confidence: float = 0.0) -> Any:
    """A contract record as the engine would give it: each quote ``“…,” said SOURCE.``

    The source mention is the speaker's name unless ``sources`` gives one per quote
    ("Mrs. Clinton", "she").  ``mixed`` adds reported sentences whose quoted
    ``fragments`` appear inside them.
    """
    from quotetrail.model import ArticleResult, Attribution, Span

    text = ""
    atts = []
    for n, (quote, speaker) in enumerate(quotes):
        start = len(text) + 1
        mention = sources[n] if sources else (speaker or "someone")
        text += f"“{quote},” said "
        at = len(text)
        text += f"{mention}. "
        atts.append(Attribution(
            kind=kind, content=Span.of(text, start, start + len(quote)),
            source=Span.of(text, at, at + len(mention)), speaker=speaker,
            speakers=[speaker] if speaker else [],
            speaker_type=speaker_type if speaker else "unnamed", confidence=0.9,
            speaker_confidence=speaker_confidence))
    for sentence, fragments, speaker in mixed or []:
        start = len(text)
        text += sentence + " "
        frs = []
        for fragment in fragments:
            at = text.index(fragment, start)
            frs.append(Span.of(text, at, at + len(fragment)))
        atts.append(Attribution(
            kind="mixed", content=Span.of(text, start, start + len(sentence)), fragments=frs,
            speaker=speaker, speakers=[speaker] if speaker else [],
            speaker_type="person" if speaker else "unnamed", confidence=0.8))
    # distinct test articles may share a text: give each its own (invented) URL, as a
    # crawl would, unless the test says otherwise (url="")
    url = f"https://news.example/{id}" if url is None else (url or None)
    return ArticleResult(id=id, text=text, attributions=atts, url=url, outlet=outlet,
                         published=published, title=title, location=id, model="fake 0",
                         version="0")


def downgrade(conn: Any, version: int) -> None:
    """Undo the schema migrations after ``version`` (what an older quotetrail wrote):
    drop what they created, newest first, and set ``user_version``."""
    import re

    from quotetrail.corpus.schema import MIGRATIONS
    from quotetrail.corpus.store import _statements

    for script in reversed(MIGRATIONS[version:]):
        statements = [re.sub(r"^(?:--[^\n]*\n\s*)+", "", st) for st in _statements(script)]
        for kind in ("TRIGGER", "INDEX", "TABLE", "COLUMN"):
            for statement in reversed(statements):
                if kind == "COLUMN":
                    m = re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", statement)
                    if m:
                        conn.execute(f"ALTER TABLE {m[1]} DROP COLUMN {m[2]}")
                    continue
                m = re.match(rf"CREATE (?:VIRTUAL )?{kind} (\w+)", statement)
                if m:
                    conn.execute(f"DROP {kind} IF EXISTS {m[1]}")
    conn.execute(f"PRAGMA user_version = {version}")


def corpus_rounds(n: int = 4) -> list[dict[str, Any]]:
    """The test corpus ``n`` times over (7 articles a round), each round a little
    different (own ids, URLs and a closing line): enough batches to interrupt or resume."""
    return [{**r, "id": f"{r['id']}-{i}", "url": f"{r['url']}?round={i}",
             "text": r["text"] + f"\nRound {i} of the coverage.\n"}
            for i in range(n) for r in CORPUS]

