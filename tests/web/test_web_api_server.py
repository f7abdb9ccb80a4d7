"""The HTTP API against a real ``quotetrail serve`` on 127.0.0.1 (Uvicorn, a subprocess).

Sockets are allowed for loopback only (``allow_hosts``); the server binds 127.0.0.1
by default, which one test checks from the outside.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_corpus import OKAFOR

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


@pytest.fixture(scope="module")
def api(live_server: Any) -> Any:
    server = live_server()
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def test_binds_loopback_only(live_server: Any) -> None:
    server = live_server()
    assert server.url.startswith("http://127.0.0.1:")
    log = server.log_path.read_text()
    assert "0.0.0.0" not in log and "warning:" not in log


def test_stats_speakers_and_search(api: httpx.Client) -> None:
    stats = api.get("/api/stats").json()
    assert stats["articles"] == 7 and stats["clusters"] > 0
    speakers = api.get("/api/speakers", params={"per_page": 1}).json()
    assert speakers["results"][0]["speaker_id"] == "ruth-okafor"
    assert speakers["total"] == stats["speakers"] and speakers["per_page"] == 1
    found = api.get("/api/search", params={"q": "single bus route"}).json()
    assert found["total"] >= 1 and found["page"] == 1
    top = found["results"][0]
    assert top["text"] == OKAFOR and top["speaker_disagreement"] is True
    assert "occurrences" not in top


def test_cluster_article_and_speaker_records(api: httpx.Client) -> None:
    cid = api.get("/api/search", params={"q": "single bus route"}).json()["results"][0][
        "cluster_id"]
    cluster = api.get(f"/api/clusters/{cid}").json()
    dates = [o["published"] for o in cluster["occurrences"]]
    assert dates == sorted(dates) and cluster["first_seen"] == dates[0]
    first = cluster["occurrences"][0]
    article = api.get(f"/api/articles/{first['article_id']}").json()
    assert article["text"][first["content"]["start"]:first["content"]["end"]] == \
        first["content"]["text"]
    assert any(a["cluster_id"] == cid for a in article["attributions"])
    slashed = api.get("/api/articles/notes/undated")
    assert slashed.status_code == 200 and slashed.json()["id"] == "notes/undated"
    speaker = api.get("/api/speakers/ruth-okafor", params={"per_page": 2}).json()
    assert len(speaker["quotes"]) == 2 and speaker["quotes"][0]["published"] == "2024-05-21"


def test_pagination_pages_do_not_overlap(api: httpx.Client) -> None:
    seen: list[str] = []
    page = 1
    while True:
        body = api.get("/api/search", params={"q": "the", "per_page": 2, "page": page}).json()
        if not body["results"]:
            break
        seen += [r["cluster_id"] for r in body["results"]]
        page += 1
    assert len(seen) == len(set(seen)) == body["total"] and page > 2


def test_errors(api: httpx.Client) -> None:
    assert api.get("/api/clusters/nope").status_code == 404
    assert api.get("/articles/nope").status_code == 404
    assert api.get("/api/search", params={"q": 'NEAR("a" b) OR title:*'}).status_code == 200
    assert api.get("/api/search", params={"q": "a", "from": "yesterday"}).status_code == 400
    assert api.get("/api/search", params={"q": "  "}).status_code == 400
    assert api.delete("/api/stats").status_code == 405


def test_extract_runs_the_engine(api: httpx.Client) -> None:
    text = "“We will rebuild every school,” Mayor Ruth Okafor said on Tuesday."
    record = api.post("/api/extract", json={"text": text}).json()
    assert record["contract"] == 1 and record["text"] == text
    (att,) = record["attributions"]
    assert att["speaker"] == "Ruth Okafor" and att["content"]["text"].startswith("We will")
    plain = api.post("/api/extract", content=text.encode(),
                     headers={"content-type": "text/plain"}).json()
    assert plain["attributions"] == record["attributions"]
    assert api.get("/api/stats").json()["articles"] == 7  # nothing stored


def test_oversized_body_is_413_and_the_server_stays_up(live_server: Any) -> None:
    server = live_server()
    with httpx.Client(base_url=server.url, timeout=60) as client:
        big = client.post("/api/extract", content=b"x" * 1_000_001,
                          headers={"content-type": "text/plain"})
        assert big.status_code == 413 and big.json()["kind"] == "too_large"
        page = client.post("/extract", data={"text": "y" * 1_100_000})
        assert page.status_code == 413
        assert client.get("/api/stats").status_code == 200
    assert server.alive()


def test_max_body_option(live_server: Any) -> None:
    server = live_server(None, "--max-body", "50")
    with httpx.Client(base_url=server.url, timeout=60) as client:
        assert client.post("/api/extract", json={"text": "x" * 60}).status_code == 413
        assert client.get("/api/stats").status_code == 200


def test_serve_refuses_what_is_not_a_store(tmp_path: Path) -> None:
    run = [sys.executable, "-c", "from quotetrail.cli import main; main()", "serve", "--db"]
    missing = subprocess.run([*run, str(tmp_path / "none.db")], capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 2 and missing.stderr.startswith("error: ")
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite")
    bad = subprocess.run([*run, str(junk)], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1
