"""Hostile articles in the real browser: nothing they carry runs, nothing breaks the page.

Three invented reports of one invented event (a quarry blast in Dunmore) are uploaded
through the JSON API: two JSONL records and one saved HTML page, full of markup,
handlers, ``javascript:`` links, CSS, a template expression, right-to-left overrides and a
20,000-character line without a space. The stories page, the story page and every
comparison are then read in Chromium, at desktop and phone widths, while two hooks
watch for code running: Playwright's dialog event and an init script that wraps
alert/confirm/prompt and records CSP violations (browser_support.INIT_SCRIPT).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from .browser_support import (
    DESKTOP,
    PHONE,
    LiveServer,
    PageWatch,
    browser_fixture,  # noqa: F401 - a fixture, used by name
    jsonl,
    live_server_fixture,  # noqa: F401 - a fixture, used by name
    open_page,
    too_wide,
)

RLO = "\u202e"
TEMPLATE = "{{7*7}}"
# Lower-case letters only: no break opportunity for the browser, and no capital letter
# for provenance/citations.py's name patterns to backtrack over (see tests/web/hostile.py).
LONG_LINE = ("dunmorequarryblast" * 1200)[:20_000]
SCRIPT, IMG = "<script>alert(1)</script>", "<img src=x onerror=alert(2)>"
LINK = '<a href="javascript:alert(3)">'
STYLE, QUOTE = "<style>body{display:none}</style>", '" onmouseover="alert(4)'

RECORDS = [
    {"id": "dunmore-1",
     "title": f"{SCRIPT} Quarry blast cracks windows across Dunmore {TEMPLATE} {RLO}gnp.exe",
     "content": (
         f"A blast at the Dunmore limestone quarry cracked windows in more than 60 homes on Tuesday "
         f"morning, the district council said. {IMG} The explosion was heard six miles away, residents "
         f"said.\n\n{LINK}Read the council statement</a> said an inspector would visit the quarry on "
         f"Wednesday. {STYLE} Quarry owner Hallam Stone said the charge had been {RLO}within limits{RLO}."
         f"\n\n{QUOTE} Councillor Ada Pryce called for blasting to stop until the inquiry ends. "
         f"{TEMPLATE}\n\n{LONG_LINE}\n\nThe quarry employs 85 people and has operated since 1972."),
     "published": "2026-11-12T09:00:00Z", "url": "javascript:alert(5)//dunmore-post",
     "outlet": f'Dunmore Post{QUOTE}'},
    {"id": "dunmore-2",
     "title": f'{QUOTE} Dunmore quarry blast damages dozens of homes {STYLE}',
     "content": (
         f"An explosion at the Dunmore limestone quarry damaged windows in about 70 homes on Tuesday, "
         f"according to the district council. Residents six miles away heard the blast. {SCRIPT}\n\n"
         f"An inspector will visit the quarry on Wednesday, the council said. Hallam Stone, which owns "
         f"the quarry, said the charge was within legal limits. {LINK}statement</a>\n\n"
         f"Councillor Ada Pryce said blasting should stop until an inquiry is finished. {TEMPLATE} "
         f"The quarry has 85 workers and opened in 1972."),
     "published": "2026-11-12T12:30:00Z", "url": "https://valley-wire.example/dunmore-quarry-blast",
     "outlet": f"Valley Wire {RLO}evil"},
]

# A saved page: real tags (which the reader drops) and the same tags as text (which it keeps).
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Dunmore homes hit by quarry blast {TEMPLATE} | Dunmore Echo</title>
<meta property="og:site_name" content="Dunmore Echo">
<meta property="article:published_time" content="2026-11-12T15:00:00Z">
<link rel="canonical" href="https://dunmore-echo.example/news/quarry-blast">
<script>alert(7)</script><style>body{{display:none}}</style>
</head><body onload="alert(8)">
<article>
<h1>Dunmore homes hit by quarry blast {TEMPLATE}</h1>
<p>A blast at the Dunmore limestone quarry cracked windows in more than 60 homes on Tuesday, the district
council said. &lt;script&gt;alert(9)&lt;/script&gt; Residents six miles away said they heard it.</p>
<script>alert(10)</script>
<p>An inspector is to visit the quarry on Wednesday. <img src=x onerror=alert(11)> Hallam Stone, the
quarry's owner, said the charge was within limits. <a href="javascript:alert(12)">Council notice</a></p>
<p>Councillor Ada Pryce said blasting must stop until the inquiry ends. &lt;img src=x onerror=alert(13)&gt;
{RLO}The quarry, which employs 85 people, opened in 1972.</p>
</article>
</body></html>
"""

#: Signs in any page of these tests must not show.
_LEAKS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) { found.push(el.tagName + ' ' + attr.name); }
      if (['href', 'src', 'action', 'formaction'].includes(attr.name)
          && /^\\s*(javascript|data|vbscript):/i.test(attr.value)) {
        found.push(el.tagName + ' ' + attr.value);
      }
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (!s.src || new URL(s.src).origin !== location.origin) { found.push('script ' + (s.src || 'inline')); }
  }
  document.querySelectorAll('style, img[src="x"], [style]').forEach((el) => found.push(el.tagName));
  const body = getComputedStyle(document.body);
  if (body.display === 'none' || body.visibility === 'hidden') { found.push('body hidden'); }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile(live_server: LiveServer) -> dict[str, Any]:
    """The story the hostile reports make, after an upload through POST /api/ingest."""
    status = live_server.ingest([("hostile.jsonl", jsonl(RECORDS)), ("dunmore-echo.html", PAGE.encode())])
    assert status["state"] == "done", status
    assert (status["read"], status["kept"]) == (3, 3), status
    found = live_server.get_json("/api/stories", q="Dunmore", limit=50)["stories"]
    stories = [s for s in found if "quarry blast" in s["title"]]
    assert len(stories) == 1, [(s["title"], s["reports"]) for s in found]
    assert stories[0]["reports"] == 3, stories[0]
    data: dict[str, Any] = live_server.get_json(f"/api/stories/{stories[0]['id']}")
    return data


def hostile_urls(data: dict[str, Any]) -> list[str]:
    story = data["story"]["id"]
    reference = data["comparison"]["reference"]
    others = [m["id"] for m in data["members"] if m["id"] != reference]
    pairs = [f"/stories/{story}/compare/{reference}/{o}" for o in others]
    # A pair without the reference is compared on request: another code path.
    on_request = f"/stories/{story}/compare/{others[0]}/{others[1]}"
    return ["/", "/?q=Dunmore", f"/stories/{story}", *pairs, on_request]


@pytest.fixture
def guarded(browser: Any, live_server: LiveServer) -> Callable[[dict[str, int]], Any]:
    """Open pages with both hooks on: (page context manager, its PageWatch) for a viewport."""

    def opener(viewport: dict[str, int]) -> Any:
        watch = PageWatch()
        return open_page(browser, live_server, viewport, watch, init_script=True), watch

    return opener


def executed(page: Any) -> dict[str, list[str]]:
    calls, violations = page.evaluate("[window.__sdCalls, window.__sdViolations]")
    return {"calls": calls, "violations": violations}


def test_hooks_catch_a_script_that_runs(guarded: Any) -> None:
    """The control: on a page without the app's CSP, the same hooks see an inline alert."""
    opened, watch = guarded(DESKTOP)
    with opened as page:
        page.set_content(f"<body>{SCRIPT}<p>x</p></body>")
        assert executed(page)["calls"] == ["alert(1)"]
    assert watch.dialogs == ["alert: 1"]


def test_the_csp_blocks_markup_that_gets_into_a_served_page(guarded: Any, hostile: dict[str, Any]) -> None:
    """If escaping ever failed, the browser would still refuse inline handlers on the app's pages."""
    opened, watch = guarded(DESKTOP)
    with opened as page:
        page.goto(f"/stories/{hostile['story']['id']}")
        page.evaluate("""() => {
          document.querySelector('#main').insertAdjacentHTML('beforeend',
            '<img src="/static/favicon.svg#csp" onload="alert(14)">'
            + '<a id="x" href="#" onclick="alert(15)">x</a>');
        }""")
        page.locator("#x").click()
        page.wait_for_timeout(300)
        seen = executed(page)
        assert seen["calls"] == [] and watch.dialogs == []
        assert any("script-src" in v for v in seen["violations"]), seen
    assert any("inline event handler" in m for m in watch.csp_reports()), watch.console


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hostile_reports_run_nothing_and_keep_the_layout(guarded: Any, hostile: dict[str, Any],
                                                         viewport: dict[str, int]) -> None:
    opened, watch = guarded(viewport)
    problems: list[str] = []
    with opened as page:
        for url in hostile_urls(hostile):
            reply = page.goto(url)
            assert reply is not None and reply.status == 200, url
            # Hover over the texts: an onmouseover that slipped through would fire.
            for target in page.locator("#main h1, #main h2, .report .text p, .finding").all()[:25]:
                target.hover()
            expect(page.locator("#main h1")).to_be_visible()
            assert page.locator("body").is_visible(), url
            seen = executed(page)
            assert seen == {"calls": [], "violations": []}, (url, seen)
            assert page.evaluate(_LEAKS) == [], url
            text = page.locator("#main").inner_text()
            assert RLO not in text, url
            # Shown as typed: a template engine evaluating it would leave "49" and no braces.
            assert TEMPLATE in text, url
            if "/stories/" in url:
                expect(page.locator("#main h1")).to_contain_text(TEMPLATE if url.count("/") == 2 else "Story")
                # Every report shows its markup as text, not as elements.
                assert "<script>alert(" in text, url
                assert "[U+202E]" in text, url
            problems.append(too_wide(page, url) or "")
    assert watch.dialogs == [] and watch.errors == [], (watch.dialogs, watch.errors)
    assert watch.csp_reports() == []
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_long_line_wraps_inside_its_report(guarded: Any, hostile: dict[str, Any]) -> None:
    story = hostile["story"]["id"]
    reference = hostile["comparison"]["reference"]
    long_one = next(m["id"] for m in hostile["members"] if "cracks windows" in m["title"])
    a, b = (reference, long_one) if long_one != reference else (long_one, hostile["members"][1]["id"])
    opened, _ = guarded(DESKTOP)
    with opened as page:
        page.goto(f"/stories/{story}/compare/{a}/{b}")
        side = "#report-a" if a == long_one else "#report-b"
        box = page.locator(side)
        expect(box).to_contain_text(LONG_LINE[:200])
        width = box.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
        assert width[0] <= width[1] + 1, f"the long line sticks out of its report: {width}"
        assert re.search(r"\bDunmore\b", page.locator("#main h1").inner_text())
