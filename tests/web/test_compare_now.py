"""Compare now: pasted texts and uploaded files give the comparison page; URLs only with --allow-fetch."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .helpers import check_page, csrf_of, make_app
from .test_api import ORIGINAL, REWRITE


def test_pasted_texts_give_the_comparison_page(client: TestClient) -> None:
    token = csrf_of(client.get("/compare").text)
    reply = client.post("/compare", data={"csrf_token": token, "texts": [ORIGINAL, REWRITE, ""]})
    assert reply.status_code == 200, reply.text
    page = reply.text
    check_page(page)
    for selector in ('id="report-a"', 'id="report-b"', 'id="findings"', 'data-kind="number_conflict"'):
        assert selector in page, selector
    # The changed number is a highlight target on both sides.
    finding = re.search(r'data-finding-id="(d\d+)" data-kind="number_conflict"', page)
    assert finding
    spans = re.findall(rf'data-span="[^"]*\b{finding.group(1)}\b[^"]*"[^>]*>([^<]+)<', page)
    assert "twelve" in spans and "fifteen" in spans
    assert "notes attach" not in page and "note-form" not in page


def test_three_texts_add_the_claims_table_and_a_pair_each(client: TestClient) -> None:
    token = csrf_of(client.get("/compare").text)
    third = REWRITE.replace("fifteen", "twenty").replace("Warehouse blaze", "Blaze")
    reply = client.post("/compare", data={"csrf_token": token, "texts": [ORIGINAL, REWRITE, third]})
    assert reply.status_code == 200, reply.text
    check_page(reply.text)
    assert "Claims across 3 reports" in reply.text
    assert reply.text.count('class="pair"') == 2 and 'class="report report-b"' in reply.text


def test_uploaded_files_are_compared(client: TestClient) -> None:
    token = csrf_of(client.get("/compare").text)
    html = f"<html><body><article><h1>Warehouse fire</h1><p>{REWRITE.split(chr(10), 1)[1]}</p>" \
           "</article></body></html>"
    reply = client.post("/compare", data={"csrf_token": token}, files=[
        ("files", ("a.txt", ORIGINAL.encode(), "text/plain")),
        ("files", ("b.html", html.encode(), "text/html"))])
    assert reply.status_code == 200, reply.text
    assert 'id="report-b"' in reply.text and "b.html" in reply.text


def test_one_text_is_not_enough(client: TestClient) -> None:
    token = csrf_of(client.get("/compare").text)
    reply = client.post("/compare", data={"csrf_token": token, "texts": [ORIGINAL]})
    assert reply.status_code == 400 and "at least two" in reply.text
    check_page(reply.text)


def test_endless_words_are_refused_before_comparing(client: TestClient) -> None:
    reply = client.post("/api/compare", json={"texts": [ORIGINAL, REWRITE + " " + "Z" * 20_000]})
    assert reply.status_code == 400 and "over 300 characters" in reply.json()["error"]


def test_urls_are_refused_without_allow_fetch(client: TestClient) -> None:
    token = csrf_of(client.get("/compare").text)
    reply = client.post("/compare", data={"csrf_token": token, "texts": [ORIGINAL],
                                          "urls": "https://example.org/story"})
    assert reply.status_code == 400 and "--allow-fetch" in reply.text


def test_allow_fetch_still_refuses_private_addresses(corpus_db: str) -> None:
    with TestClient(make_app(corpus_db, allow_fetch=True)) as c:
        token = csrf_of(c.get("/compare").text)
        for url in ("http://127.0.0.1:9/admin", "file:///etc/passwd"):
            reply = c.post("/compare", data={"csrf_token": token, "texts": [ORIGINAL], "urls": url})
            assert reply.status_code == 400, url
            assert "private" in reply.text or "not a web address" in reply.text
