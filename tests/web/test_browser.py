"""The web app in a real browser: headless Chromium (Debian's) driven by Playwright.

What a person does: read the stories, open a story and a comparison, click a finding and
see its words in both texts, compare pasted reports, sign in, mark a finding, upload news.
The stable selectors are the ones listed at the top of src/storydiff/web/static/app.js.
"""

from __future__ import annotations

import re
from pathlib import Path
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
    sign_in,
    too_wide,
    watched_page_fixture,  # noqa: F401 - a fixture, used by name
)

TRAM = "Council backs $410 million tram line to Harwick in 9-4 vote"
Watched = tuple[Any, PageWatch]

# Invented reports with planted differences: 40 or 45 rescued, Calder or Calver.
FERRY_A = """Ferry runs aground off Brenna Point, 40 passengers rescued

A passenger ferry ran aground off Brenna Point on Saturday morning and 40 passengers were rescued \
by lifeboat crews, the coastguard said.

The ferry, the Gull Star, struck rocks at about 7 a.m. in thick fog, according to harbour master \
Ines Calder.

No one was seriously hurt, and the ferry company said services would resume on Monday."""
FERRY_B = FERRY_A.replace("40 passengers", "45 passengers").replace("Calder", "Calver")

# An invented event for the upload: two outlets' reports of one reservoir closure.
UPLOAD = [
    {"id": "orrin-1", "title": "Orrin Valley reservoir drained after dam seepage found",
     "content": "Water engineers began draining the Orrin Valley reservoir on Wednesday after seepage was "
                "found at the base of its dam, the regional water board said. About 3,200 homes downstream "
                "were told to prepare for possible evacuation. The dam was completed in 1957 and was last "
                "inspected in June, board officials said.",
     "published": "2026-11-11T08:00:00Z", "url": "https://orrin-gazette.example/reservoir-drained",
     "outlet": "Orrin Gazette"},
    {"id": "orrin-2", "title": "Seepage at Orrin Valley dam: reservoir being drained",
     "content": "The Orrin Valley reservoir is being drained after seepage was found at the base of the "
                "dam on Wednesday, according to the regional water board. Some 3,200 homes downstream "
                "were told to prepare for evacuation. The dam, completed in 1957, was last inspected in "
                "June, officials said.",
     "published": "2026-11-11T11:15:00Z", "url": "https://valley-radio.example/orrin-dam",
     "outlet": "Valley Radio Orrin"},
]


def tram_story(live_server: LiveServer) -> dict[str, Any]:
    return live_server.story_titled(TRAM)


def reference_pair(live_server: LiveServer) -> tuple[int, str, str]:
    """(story id, reference report, another report) of the tram story: a pair that takes notes."""
    data = tram_story(live_server)
    reference = data["comparison"]["reference"]
    other = next(m["id"] for m in data["members"] if m["id"] != reference)
    return data["story"]["id"], reference, other


def test_stories_page_lists_the_stories(watched_page: Watched) -> None:
    page, _ = watched_page
    page.goto("/")
    expect(page).to_have_title(re.compile("Stories"))
    expect(page.locator("#main h1")).to_have_text("Stories")
    stories = page.locator("#stories .story[data-story-id]")
    # The sample corpus has seven stories; later uploads only add to them.
    assert stories.count() >= 7
    tram = stories.filter(has_text=TRAM)
    expect(tram).to_have_count(1)
    expect(tram.locator(".reports")).to_have_text("5 reports")
    expect(tram.locator(".outlets")).to_contain_text("Ostmere Chronicle")
    # The filter form works in the browser too.
    page.get_by_label("Outlet").fill("Fennick Weekly")
    page.locator("#story-filters").get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"outlet=Fennick"))
    expect(stories).to_have_count(1)
    expect(stories.first).to_contain_text("Fennick library")


def test_story_page_opens_from_the_list_and_links_each_pair(watched_page: Watched) -> None:
    page, _ = watched_page
    page.goto("/")
    page.locator("#stories .story").filter(has_text=TRAM).get_by_role("link", name=TRAM).click()
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    expect(page.locator("#main h1")).to_have_text(TRAM)
    expect(page.locator("#story-report")).to_be_visible()
    # Five reports: the reference against each of the other four.
    expect(page.locator("#pairs a.pair-link")).to_have_count(4)
    expect(page.locator("#pick-pair")).to_be_visible()
    page.locator("#pairs a.pair-link").first.click()
    page.wait_for_url(re.compile(r"/stories/\d+/compare/[^/]+/[^/]+$"))
    expect(page.locator("#report-a")).to_be_visible()
    expect(page.locator("#report-b")).to_be_visible()
    assert page.locator("#findings .finding[data-finding-id]").count() >= 1


# Findings whose words are marked in both texts, the deepest first: clicking one of those
# must scroll each text's own box to it.
_BOTH_SIDES = """() => {
  const ids = [];
  for (const f of document.querySelectorAll('#findings .finding[data-finding-id]')) {
    const id = f.dataset.findingId;
    const depth = ['a', 'b'].map((role) => {
      const box = document.getElementById('report-' + role);
      const hit = [...box.querySelectorAll('[data-span]')].find(
        (el) => el.dataset.span.split(' ').includes(id));
      return hit ? hit.getBoundingClientRect().top - box.getBoundingClientRect().top : null;
    });
    if (depth[0] !== null && depth[1] !== null) { ids.push([Math.min(...depth), id]); }
  }
  return ids.sort((x, y) => y[0] - x[0]).map((x) => x[1]);
}"""

_IN_BOX = """(el) => {
  const box = el.closest('.report').getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.bottom > box.top && r.top < box.bottom && r.height > 0;
}"""


def test_clicking_a_finding_highlights_its_words_in_both_texts(watched_page: Watched,
                                                              live_server: LiveServer) -> None:
    page, _ = watched_page
    story, reference, other = reference_pair(live_server)
    page.goto(f"/stories/{story}/compare/{reference}/{other}")
    candidates = page.evaluate(_BOTH_SIDES)
    assert candidates, "no finding of this pair marks words in both texts"
    finding_id = candidates[0]
    expect(page.locator("#report-a .is-hl, #report-b .is-hl")).to_have_count(0)
    finding = page.locator(f'#findings .finding[data-finding-id="{finding_id}"]')
    finding.locator(".explanation").click()
    expect(finding).to_have_class(re.compile(r"\bis-active\b"))
    for role in ("a", "b"):
        marked = page.locator(f"#report-{role} .is-hl")
        assert marked.count() >= 1, f"nothing highlighted in report {role}"
        first = marked.first
        expect(first).to_be_visible()
        assert finding_id in (first.get_attribute("data-span") or "").split(), role
        # Scrolled into view inside the text's own scrolling box.
        assert first.evaluate(_IN_BOX), f"the highlight in report {role} is scrolled out of its box"
    # Another finding's button moves the highlight: only its words stay marked.
    if len(candidates) > 1:
        second = candidates[-1]
        page.locator(f'#findings .finding[data-finding-id="{second}"] button.show').click()
        for role in ("a", "b"):
            spans = page.locator(f"#report-{role} .is-hl").evaluate_all(
                "(els) => els.map((el) => el.dataset.span || '')")
            assert spans and all(second in s.split() for s in spans), (role, spans)
        expect(finding).not_to_have_class(re.compile(r"\bis-active\b"))


def test_finding_filters_hide_findings_of_unchecked_kinds(watched_page: Watched,
                                                          live_server: LiveServer) -> None:
    page, _ = watched_page
    story, reference, other = reference_pair(live_server)
    page.goto(f"/stories/{story}/compare/{reference}/{other}")
    first = page.locator("#findings .finding").first
    kind = first.get_attribute("data-kind")
    page.locator(f'#finding-filters input[name=kind][value="{kind}"]').uncheck()
    expect(page.locator(f'#findings .finding[data-kind="{kind}"]').first).to_be_hidden()
    page.locator(f'#finding-filters input[name=kind][value="{kind}"]').check()
    expect(first).to_be_visible()


def test_compare_form_with_two_pasted_reports_shows_findings(watched_page: Watched) -> None:
    page, _ = watched_page
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Compare now").click()
    expect(page.locator("#main h1")).to_have_text("Compare reports now")
    page.get_by_label("Report 1").fill(FERRY_A)
    page.get_by_label("Report 2", exact=True).fill(FERRY_B)
    # The result comes back at the same address (POST /compare): wait for its heading.
    page.locator("#compare-form").get_by_role("button", name="Compare").click()
    expect(page.locator("#main h1")).to_have_text("Comparison")
    expect(page.locator("#report-a")).to_contain_text("Gull Star")
    expect(page.locator("#report-b")).to_contain_text("45 passengers")
    conflict = page.locator('#findings .finding[data-kind="number_conflict"]')
    expect(conflict.first).to_be_visible()
    expect(conflict.first).to_contain_text("40")
    expect(conflict.first).to_contain_text("45")


def test_sign_in_with_the_form_and_a_wrong_password_is_refused(watched_page: Watched,
                                                               live_server: LiveServer) -> None:
    page, _ = watched_page
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Name").fill(live_server.user)
    page.get_by_label("Password").fill("not the password at all")
    page.locator("#login").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("wrong name or password")
    # The refused form comes back empty (the name is not kept): fill both again.
    page.get_by_label("Name").fill(live_server.user)
    page.get_by_label("Password").fill(live_server.password)
    page.locator("#login").get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("button", name=f"Sign out {live_server.user}")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Ingest")).to_be_visible()


def test_signed_in_reviewer_adds_a_note_to_a_finding(watched_page: Watched, live_server: LiveServer) -> None:
    page, _ = watched_page
    story, reference, other = reference_pair(live_server)
    pair = f"/stories/{story}/compare/{reference}/{other}"
    sign_in(page, live_server, pair)
    finding = page.locator("#findings .finding[data-finding-id]").first
    finding_id = finding.get_attribute("data-finding-id")
    text = "checked against the council minutes (browser test)"
    finding.get_by_text("Mark this finding").click()
    form = finding.locator("form.note-form")
    form.get_by_label("confirmed").check()
    form.get_by_label("Note (optional)").fill(text)
    form.get_by_role("button", name="Add note").click()
    page.wait_for_url(f"**{pair}#{finding_id}")
    note = page.locator(f'.finding[data-finding-id="{finding_id}"] .note').filter(has_text=text)
    expect(note).to_be_visible()
    expect(note).to_contain_text(f"confirmed by {live_server.user}")
    page.goto(f"/stories/{story}")
    listed = page.locator(f'#notes .note[data-finding="{finding_id}"]').filter(has_text=text)
    expect(listed).to_be_visible()
    page.goto("/notes")
    expect(page.locator(".tally-table")).to_be_visible()


def test_ingest_upload_runs_a_job_and_the_new_reports_form_a_story(watched_page: Watched,
                                                                   live_server: LiveServer,
                                                                   tmp_path: Path) -> None:
    page, _ = watched_page
    upload = tmp_path / "orrin.jsonl"
    upload.write_bytes(jsonl(UPLOAD))
    sign_in(page, live_server, "/ingest")
    expect(page.locator("#main h1")).to_have_text("Add news to the corpus")
    page.get_by_label("Files").set_input_files(str(upload))
    page.locator("#ingest-form").get_by_role("button", name="Ingest").click()
    page.wait_for_url(re.compile(r"/ingest/[\w-]+$"))
    # app.js polls the job's JSON and updates the page in place until it is done.
    expect(page.locator('#job-status[data-job-state="done"]')).to_be_attached(timeout=90_000)
    expect(page.locator("#job-state")).to_have_text("done")
    expect(page.locator("#job-read")).to_have_text("2")
    expect(page.locator("#job-kept")).to_have_text("2")
    expect(page.locator("#job-done")).to_be_visible()
    page.get_by_role("link", name="See the stories").click()
    story = page.locator("#stories .story").filter(has_text="Orrin Valley")
    expect(story).to_have_count(1)
    expect(story.locator(".reports")).to_have_text("2 reports")
    story.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    expect(page.locator("#pairs a.pair-link")).to_have_count(1)
    expect(page.locator("#pairs")).to_contain_text("Orrin Gazette")
    expect(page.locator("#pairs")).to_contain_text("Valley Radio Orrin")


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(watched_page: Watched) -> None:
    page, _ = watched_page
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    expect(skip).to_have_attribute("href", "#main")
    # Off-screen until focused, then on screen where a sighted keyboard user sees it.
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, box
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main")


# Visible form controls without a visible, non-empty <label> (wrapping or for=) of their own.
_UNLABELLED = """() => [...document.querySelectorAll('#main input, #main select, #main textarea')]
  .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
  .filter((el) => ![...(el.labels || [])].some((l) => l.offsetParent !== null && l.innerText.trim()))
  .map((el) => el.outerHTML.slice(0, 80))"""


def test_main_controls_have_visible_labels(watched_page: Watched, live_server: LiveServer) -> None:
    page, _ = watched_page
    story, reference, other = reference_pair(live_server)
    sign_in(page, live_server, "/")
    pair = f"/stories/{story}/compare/{reference}/{other}"
    for url in ("/", "/compare", "/ingest", f"/stories/{story}", pair):
        page.goto(url)
        for details in page.locator("#main details").all():
            details.evaluate("(d) => { d.open = true; }")
        assert page.evaluate(_UNLABELLED) == [], url
        unnamed = page.locator("#main button").evaluate_all(
            "(bs) => bs.filter((b) => b.offsetParent !== null && !b.innerText.trim()).length")
        assert unnamed == 0, url
    page.context.clear_cookies()
    page.goto("/login")
    assert page.evaluate(_UNLABELLED) == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_main_pages_have_no_horizontal_scrollbar(browser: Any, live_server: LiveServer,
                                                 viewport: dict[str, int]) -> None:
    story, reference, other = reference_pair(live_server)
    # A note on every kind of finding of the story: the stories page then shows the tally too.
    findings = tram_story(live_server)["comparison"]["discrepancies"]
    for finding in {f["kind"]: f for f in findings}.values():
        live_server.add_note(story, finding["id"], "follow_up")
    watch = PageWatch()
    problems: list[str | None] = []
    with open_page(browser, live_server, viewport, watch) as page:
        for url in ("/", f"/stories/{story}", f"/stories/{story}/compare/{reference}/{other}", "/compare",
                    "/login", "/notes"):
            page.goto(url)
            expect(page.locator("#main h1")).to_be_visible()
            problems.append(too_wide(page, url))
    assert not watch.errors, watch.errors
    found = [p for p in problems if p]
    assert not found, "\n".join(found)
