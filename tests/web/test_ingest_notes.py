"""Uploading news through the web, a hostile report kept harmless, notes on findings."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .helpers import check_page, copy_corpus, csrf_of, make_app, sign_in
from .hostile import LONG, RLO, jsonl


def wait(c: TestClient, job: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        data: dict[str, Any] = c.get(f"/api/ingest/{job}").json()
        if data["state"] in ("done", "failed") or time.monotonic() > deadline:
            return data
        time.sleep(0.1)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, corpus_db: str) -> Iterator[TestClient]:
    """A copy of the corpus with the hostile report and a new story uploaded through /ingest."""
    path = tmp_path_factory.mktemp("ingest") / "copy.db"
    copy_corpus(corpus_db, str(path))
    with TestClient(make_app(str(path))) as c:
        sign_in(c)
        token = csrf_of(c.get("/ingest").text)
        reply = c.post("/ingest", data={"csrf_token": token},
                       files={"files": ("export.jsonl", jsonl(), "application/octet-stream")},
                       follow_redirects=False)
        assert reply.status_code == 303
        job = reply.headers["location"].rsplit("/", 1)[1]
        status = wait(c, job)
        assert status["state"] == "done", status
        c.cookies.set("job", job)
        yield c


def test_upload_job_completes_and_new_reports_join_stories(ingested: TestClient) -> None:
    job = ingested.cookies["job"]
    status = ingested.get(f"/api/ingest/{job}").json()
    assert (status["read"], status["kept"], status["skipped"]) == (3, 3, 0)
    page = ingested.get(f"/ingest/{job}").text
    check_page(page)
    assert 'data-job-state="done"' in page and 'id="job-kept">3<' in page
    stories = {s["title"]: s for s in ingested.get("/api/stories?limit=100").json()["stories"]}
    assert stories["Kessel bridge closed after cracks found in main span"]["reports"] == 2
    tram = stories["Council backs $410 million tram line to Harwick in 9-4 vote"]
    assert tram["reports"] == 6


def test_job_page_polls_without_inline_script(ingested: TestClient) -> None:
    job = ingested.cookies["job"]
    page = ingested.get(f"/ingest/{job}").text
    assert f'data-job-url="/api/ingest/{job}"' in page


def hostile_pages(c: TestClient) -> list[tuple[str, str]]:
    tram = next(s for s in c.get("/api/stories?q=Harwick").json()["stories"] if s["reports"] == 6)
    data = c.get(f"/api/stories/{tram['id']}").json()
    hostile = next(m["id"] for m in data["members"] if "alert" in m["title"])
    ref = data["comparison"]["reference"]
    other = next(m["id"] for m in data["members"] if m["id"] not in (ref, hostile))
    urls = ["/", "/?q=Harwick", "/?outlet=Evil", f"/stories/{tram['id']}",
            f"/stories/{tram['id']}/compare/{ref}/{hostile}",
            f"/stories/{tram['id']}/compare/{hostile}/{other}"]
    return [(u, c.get(u).text) for u in urls]


def test_hostile_report_is_escaped_everywhere(ingested: TestClient) -> None:
    for url, page in hostile_pages(ingested):
        check_page(page, unique_ids="/compare/" in url)
        assert "<script>alert" not in page and "<img" not in page and "<b onmouseover" not in page, url
        assert "&lt;b onmouseover=alert(4)&gt;Evil Gazette&lt;/b&gt;" in page, url
        if "/stories/" in url:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
        assert RLO not in page, url
        assert 'href="javascript:' not in page.lower(), url
        if "/stories/" in url:
            assert "[U+202E]" in page, url
        if "/compare/" in url:
            assert "&lt;img src=x onerror=alert(1)&gt;" in page, url
            assert LONG in " ".join(re.sub(r"<[^>]+>", "", page).split()), url


def test_notes_on_findings_show_on_pages_api_and_tally(ingested: TestClient) -> None:
    story = ingested.get("/api/stories?q=Harwick").json()["stories"][0]["id"]
    data = ingested.get(f"/api/stories/{story}").json()
    finding = min(data["comparison"]["discrepancies"], key=lambda f: f["rank"])
    other = finding["b"]["article"]
    pair = f"/stories/{story}/compare/{data['comparison']['reference']}/{other}"
    page = ingested.get(pair).text
    assert 'class="note-form' in page
    token = csrf_of(page)
    hostile_note = "<script>alert(5)</script> checked with the council"
    reply = ingested.post(f"/stories/{story}/notes", follow_redirects=False, data={
        "csrf_token": token, "finding": finding["id"], "mark": "follow_up", "text": hostile_note,
        "back": pair})
    assert reply.status_code == 303 and reply.headers["location"] == f"{pair}#{finding['id']}"
    for url in (pair, f"/stories/{story}"):
        shown = ingested.get(url).text
        assert "&lt;script&gt;alert(5)&lt;/script&gt; checked with the council" in shown, url
        assert "<script>alert(5)" not in shown
    notes = ingested.get(f"/api/stories/{story}").json()["notes"]
    assert notes[-1]["finding"] == finding["id"] and notes[-1]["mark"] == "follow_up"
    assert notes[-1]["user"] == "alice" and notes[-1]["kind"] == finding["kind"]
    tally = ingested.get("/notes").text
    assert re.search(rf'data-kind="{finding["kind"]}"', tally)
    assert 'class="tally' in ingested.get("/").text


@pytest.mark.parametrize(("finding", "mark"), [("d99999", "confirmed"), ("d1", "great")])
def test_notes_refuse_unknown_findings_and_marks(ingested: TestClient, finding: str, mark: str) -> None:
    story = ingested.get("/api/stories?q=Harwick").json()["stories"][0]["id"]
    token = csrf_of(ingested.get(f"/stories/{story}").text)
    reply = ingested.post(f"/stories/{story}/notes",
                          data={"csrf_token": token, "finding": finding, "mark": mark})
    assert reply.status_code == 400
