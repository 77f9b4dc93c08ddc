"""Every page renders what it should, filters and pages work, unknown things are 404."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .helpers import check_page, make_app


def story_json(client: TestClient, story_id: int) -> dict[str, Any]:
    data: dict[str, Any] = client.get(f"/api/stories/{story_id}").json()
    return data


def tram_story(client: TestClient) -> int:
    stories = client.get("/api/stories", params={"q": "tram Harwick"}).json()["stories"]
    return int(stories[0]["id"])


@pytest.mark.parametrize(("url", "expected"), [
    ("/", "Council backs $410 million tram line to Harwick"),
    ("/?sort=size", "Fennick library reopens"),
    ("/compare", "Compare reports now"),
    ("/login", "Sign in"),
    ("/notes", "Notes"),
])
def test_pages_render_with_their_content(client: TestClient, url: str, expected: str) -> None:
    reply = client.get(url)
    assert reply.status_code == 200
    assert expected in reply.text
    check_page(reply.text)


def test_stories_page_lists_counts_outlets_and_time_span(client: TestClient) -> None:
    page = client.get("/?sort=size").text
    item = page.split(f'data-story-id="{tram_story(client)}"', 1)[1].split("</li>", 1)[0]
    assert "5 reports" in item and "independent" in item
    assert "Ostmere Chronicle" in item and "Harwick Local" in item
    assert "2026-11-02 22:40 → 2026-11-03 10:10" in item


def test_sort_orders_by_size_or_recency(client: TestClient) -> None:
    by_size = [s["reports"] for s in client.get("/api/stories?sort=size").json()["stories"]]
    assert by_size == sorted(by_size, reverse=True)
    recent = [s["last_published"] for s in client.get("/api/stories?sort=recent").json()["stories"]]
    assert recent == sorted(recent, reverse=True)


@pytest.mark.parametrize(("params", "present", "absent"), [
    ({"q": "tram"}, "tram line to Harwick", "Fennick library"),
    ({"outlet": "Fennick Weekly"}, "Fennick library", "tram line to Harwick"),
    ({"since": "2026-11-06"}, "Canal Street", "tram line to Harwick"),
    ({"until": "2026-11-03"}, "tram line to Harwick", "Canal Street"),
])
def test_filters_narrow_the_stories(client: TestClient, params: dict[str, str], present: str,
                                    absent: str) -> None:
    page = client.get("/", params=params).text
    assert present in page and absent not in page
    # The filter form keeps what was asked.
    for value in params.values():
        assert f'value="{value}"' in page


def test_no_match_says_so(client: TestClient) -> None:
    assert 'id="no-stories"' in client.get("/", params={"q": "zeppelin"}).text


@pytest.mark.parametrize("params", [{"since": "yesterday"}, {"sort": "best"}, {"page": "0"}])
def test_bad_filters_are_400(client: TestClient, params: dict[str, str]) -> None:
    assert client.get("/", params=params).status_code == 400
    assert client.get("/api/stories", params=params).status_code in (400, 422)


def test_pagination_links_walk_the_pages(corpus_db: str) -> None:
    with TestClient(make_app(corpus_db, page_size=3)) as c:
        first = c.get("/?sort=size").text
        assert first.count('class="story"') == 3 and 'rel="next"' in first and 'rel="prev"' not in first
        link = re.search(r'rel="next" href="([^"]+)"', first)
        assert link
        second = c.get(link.group(1).replace("&amp;", "&")).text
        assert 'rel="prev"' in second and "sort" in link.group(1)
        last = c.get("/?sort=size&page=3").text
        assert last.count('class="story"') == 1 and 'rel="next"' not in last
        api = c.get("/api/stories?sort=size&limit=2")
        assert 'rel="next"' in api.headers["link"] and len(api.json()["stories"]) == 2


def test_story_page_shows_timeline_graph_facts_and_pair_links(client: TestClient) -> None:
    story_id = tram_story(client)
    reply = client.get(f"/stories/{story_id}")
    assert reply.status_code == 200
    page = reply.text
    check_page(page, unique_ids=False)
    for part in ("Reports in time order", "Claim timeline", "How the story travelled", "Fact sheet",
                 "Council backs $410 million tram line", 'id="pairs"', 'class="pair-link"'):
        assert part in page, part
    assert "/static/report.css" in page and "/static/report.js" in page


def test_pair_page_puts_reports_side_by_side_with_ranked_findings(client: TestClient) -> None:
    story_id = tram_story(client)
    page = client.get(f"/stories/{story_id}").text
    link = re.search(r'class="pair-link" href="([^"]+)"', page)
    assert link
    reply = client.get(link.group(1))
    assert reply.status_code == 200
    html = reply.text
    check_page(html)
    for selector in ('id="report-a"', 'id="report-b"', 'id="findings"', "data-finding-id=",
                     "data-span=", 'id="finding-filters"'):
        assert selector in html, selector
    ranks = [int(r) for r in re.findall(r'<button type="button" class="show"[^>]*>#(\d+) ', html)]
    shown = ranks[:len(re.findall(r"</li>", html.split('id="findings"')[1].split("</ol>")[0]))]
    assert shown == sorted(shown)
    # A finding's words are marked in a text with its id.
    first = re.search(r'data-finding-id="(d\d+)"', html)
    assert first


def test_pair_page_filters_by_kind_and_severity_without_script(client: TestClient) -> None:
    story_id = tram_story(client)
    data = story_json(client, story_id)
    ref = data["comparison"]["reference"]
    other = next(m["id"] for m in data["members"] if m["id"] != ref)
    url = f"/stories/{story_id}/compare/{ref}/{other}"
    every = client.get(url).text
    kinds = set(re.findall(r'class="finding f \w+"[^>]*data-kind="(\w+)"', every))
    assert kinds
    kind = sorted(kinds)[0]
    only = client.get(url, params={"kind": kind}).text
    assert set(re.findall(r'class="finding f \w+"[^>]*data-kind="(\w+)"', only)) == {kind}
    high = client.get(url, params={"severity": "high"}).text
    assert set(re.findall(r'data-severity="(\w+)"', high)) <= {"high"}


def test_any_two_reports_compare_and_the_reverse_pair_redirects(client: TestClient) -> None:
    story_id = tram_story(client)
    data = story_json(client, story_id)
    ref = data["comparison"]["reference"]
    others = [m["id"] for m in data["members"] if m["id"] != ref]
    reply = client.get(f"/stories/{story_id}/compare/{others[0]}/{others[1]}")
    assert reply.status_code == 200 and 'id="report-a"' in reply.text
    assert "compared on request" in reply.text
    back = client.get(f"/stories/{story_id}/compare/{others[0]}/{ref}", follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"].endswith(f"/{ref}/{others[0]}")
    pick = client.get(f"/stories/{story_id}/compare", params={"a": ref, "b": others[0]},
                      follow_redirects=False)
    assert pick.status_code == 303


@pytest.mark.parametrize("url", ["/stories/9999", "/stories/1/compare/nope/other", "/no-such-page",
                                 "/ingest/nojob"])
def test_unknown_things_are_404(client: TestClient, url: str) -> None:
    reply = client.get(url, follow_redirects=False)
    if url.startswith("/ingest"):
        assert reply.status_code == 303  # signed out: sign in first
        return
    assert reply.status_code == 404
    check_page(reply.text)


def test_api_unknown_story_is_json_404(client: TestClient) -> None:
    reply = client.get("/api/stories/9999")
    assert reply.status_code == 404 and reply.json() == {"error": "no story 9999"}


def test_static_files_are_served(client: TestClient) -> None:
    for url, kind in (("/static/app.css", "text/css"), ("/static/app.js", "javascript"),
                      ("/static/report.css", "text/css"), ("/static/report.js", "javascript")):
        reply = client.get(url)
        assert reply.status_code == 200 and kind in reply.headers["content-type"], url
    assert "data-finding-id" in client.get("/static/app.js").text
