"""The reading pages: stories, one story, a comparison of two of its reports, the notes tally."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..reports import RenderOptions
from ..reports.html import _CSS, _JS
from ..reports.story import _STORY_CSS, render_story
from ..store.base import MARKS, Note
from .comparison import KINDS, SEVERITIES, pair_views, trusted_html
from .state import check_csrf, local_path, render, require_reader, require_user, state
from .stories import StoryId, cached_story, list_stories, notes_by_finding, pair_report, story_data

router = APIRouter()
Reader = Depends(require_reader)
#: Findings and timeline claims a story page lists before folding the rest.
LIMIT = 15
NOTE_CHARS = 500


@router.get("/", response_class=HTMLResponse, dependencies=[Reader])
def stories_page(request: Request, q: str = "", since: str = "", until: str = "", outlet: str = "",
                 sort: str = "recent", page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    app = state(request)
    size = app.settings.page_size
    rows, more = list_stories(app, q=q, since=since, until=until, outlet=outlet, sort=sort,
                              page=page, limit=size)
    params = {k: v for k, v in (("q", q), ("since", since), ("until", until), ("outlet", outlet),
                                ("sort", sort)) if v}
    tally = app.pool.get().store.note_tally()
    return render(request, "stories.html", {
        "stories": rows, "page": page, "more": more, "params": params,
        "filters": {"q": q, "since": since, "until": until, "outlet": outlet, "sort": sort},
        "first": (page - 1) * size + 1, "tally": tally, "marks": MARKS})


def _story_body(data: dict[str, Any]) -> str:
    """The story report's HTML body without its page wrapper, heading, style and script.

    reports/story.py renders a whole self-contained page with inline CSS and JS;
    here the CSS and JS are served as static files (CSP: no inline code) and the
    page's one h1 is the layout's.
    """
    page = render_story(data, "html", RenderOptions(limit=LIMIT))
    inner = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    inner = re.sub(r"^<header><h1>.*?</h1></header>", "", inner, count=1, flags=re.DOTALL)
    # Article text is escaped by the report code, so "<script>" here is the report's own.
    return re.sub(r"<script>.*?</script>", "", inner, flags=re.DOTALL)


@router.get("/stories/{story_id}", response_class=HTMLResponse, dependencies=[Reader])
def story_page(request: Request, story_id: StoryId) -> Response:
    app = state(request)
    entry = cached_story(app, story_id)
    data = entry.data
    if entry.body is None:
        entry.body = _story_body(data)
    comparison = data.get("comparison")
    findings = sorted(comparison["discrepancies"], key=lambda f: f["rank"] or 10**9) if comparison else []
    members = [m["id"] for m in data["members"]]
    copies = [c for m in data["members"] for c in m["copies"]]
    return render(request, "story.html", {
        "story": data["story"], "members": data["members"], "copies": copies,
        "reference": comparison["reference"] if comparison else None,
        "others": [m for m in members if comparison and m != comparison["reference"]],
        "body": trusted_html(entry.body), "findings": findings,
        "notes": [n for ns in notes_by_finding(app, story_id).values() for n in ns],
        "marks": MARKS, "note_chars": NOTE_CHARS})


@router.get("/stories/{story_id}/compare", dependencies=[Reader])
def pick_pair(story_id: StoryId, a: str, b: str) -> RedirectResponse:
    """The story page's "compare any two" form lands here (a GET form cannot build a path)."""
    if not re.fullmatch(r"[\w-]{1,64}", a) or not re.fullmatch(r"[\w-]{1,64}", b):
        raise HTTPException(404, "no such report")
    return RedirectResponse(f"/stories/{story_id}/compare/{a}/{b}", status_code=303)


@router.get("/stories/{story_id}/compare/{a}/{b}", response_class=HTMLResponse, dependencies=[Reader])
def pair_page(request: Request, story_id: StoryId, a: str, b: str,
              kind: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI reads the default
              severity: Annotated[list[str], Query()] = []) -> Response:  # noqa: B006
    app = state(request)
    data = story_data(app, story_id)
    comparison = data.get("comparison")
    if comparison and b == comparison["reference"] and a != b:
        # The story's findings are stored reference-first; show them that way round.
        return RedirectResponse(f"/stories/{story_id}/compare/{b}/{a}", status_code=303)
    pair = pair_report(app, story_id, data, a, b)
    notes = notes_by_finding(app, story_id) if pair.from_story else {}
    views = pair_views(pair.report, limit=LIMIT, kinds=kind, severities=severity, notes=notes)
    return render(request, "compare.html", {
        "title": f"Story {story_id}: {views[0].a.outlet} ↔ {views[0].b.outlet}",
        "story": data["story"], "pairs": views, "provenance": None,
        "notes_enabled": pair.from_story, "marks": MARKS, "note_chars": NOTE_CHARS,
        "kinds": KINDS, "severities": SEVERITIES, "chosen_kinds": kind, "chosen_severities": severity,
        "here": request.url.path})


@router.post("/stories/{story_id}/notes", dependencies=[Reader])
def add_note(request: Request, story_id: StoryId, finding: Annotated[str, Form(max_length=32)],
             mark: Annotated[str, Form()], user: Annotated[str, Depends(require_user)],
             text: Annotated[str, Form(max_length=NOTE_CHARS)] = "",
             csrf_token: Annotated[str, Form()] = "", back: Annotated[str, Form()] = "") -> Response:
    """Mark a finding of the story's comparison confirmed, wrong or to follow up."""
    check_csrf(request, csrf_token)
    if mark not in MARKS:
        raise HTTPException(400, f"mark: choose from {', '.join(MARKS)}")
    app = state(request)
    data = story_data(app, story_id)
    found = next((f for f in (data.get("comparison") or {}).get("discrepancies", ())
                  if f["id"] == finding), None)
    if found is None:
        raise HTTPException(400, f"story {story_id} has no finding {finding[:32]!r}")
    app.pool.get().store.add_note(Note(story=story_id, finding=finding, kind=found["kind"],
                                       user=user, mark=mark, text=text.strip()))
    target = local_path(back, f"/stories/{story_id}")
    return RedirectResponse(f"{target.split('#')[0]}#{finding}", status_code=303)


@router.get("/notes", response_class=HTMLResponse, dependencies=[Reader])
def notes_page(request: Request) -> Response:
    tally = state(request).pool.get().store.note_tally()
    return render(request, "notes.html", {"tally": tally, "marks": MARKS})


# The HTML report's CSS and script, served as files: the CSP allows no inline code.
@router.get("/static/report.css", include_in_schema=False)
def report_css() -> Response:
    return Response(_CSS + _STORY_CSS, media_type="text/css",
                    headers={"cache-control": "public, max-age=3600"})


@router.get("/static/report.js", include_in_schema=False)
def report_js() -> Response:
    return Response(_JS, media_type="text/javascript", headers={"cache-control": "public, max-age=3600"})
