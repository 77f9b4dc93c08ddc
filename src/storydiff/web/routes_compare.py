"""Compare now: pasted texts, uploaded files or (with --allow-fetch) URLs; nothing is stored."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from ..errors import StorydiffError
from ..models import Article, Report
from ..options import Options
from ..readers import article_from_text
from ..readers.decode import decode
from .comparison import KINDS, SEVERITIES, claims_html, pair_views, provenance_html
from .state import AppState, check_csrf, render, require_reader, state

router = APIRouter()
#: More reports make a page nobody reads and a request that holds a CPU for long.
MAX_REPORTS = 10
_URL = re.compile(r"^https?://", re.IGNORECASE)
#: No word in a news report is this long; such a run costs the citation patterns of
#: provenance/citations.py time that grows with its square (seconds at 20,000 characters).
_WORD_RUN = re.compile(r"[\w'’.&-]+")
_LONGEST_WORD = 300
#: Characters of one report compared now: news reports are far shorter, and the
#: citation patterns' cost grows with the longest runs of letters (see above).
MAX_CHARS = 300_000


def _compare(app: AppState, articles: list[Article]) -> Report:
    from ..api import compare

    if len(articles) < 2:
        raise HTTPException(400, "give at least two reports to compare (paste texts or upload files)")
    if len(articles) > MAX_REPORTS:
        raise HTTPException(400, f"give at most {MAX_REPORTS} reports at once")
    with app.compute_lock:
        return compare(articles, Options(threads=app.options.threads))


def _fetch(app: AppState, url: str) -> Article:
    if not app.settings.allow_fetch:
        raise HTTPException(400, "this server does not fetch URLs: paste the article text or upload "
                                 "the saved page instead (an administrator can start it with --allow-fetch)")
    if not _URL.match(url):
        raise HTTPException(400, f"not a web address: {url[:80]!r}; give http:// or https:// URLs")
    from ..readers import read_article

    # read_article's fetch refuses loopback, private and link-local addresses,
    # after every redirect too, with a timeout and a size cap.
    return _checked(read_article(url, app.options), url[:80])


def _article(text: str, source: str, html: bool | None = None) -> Article:
    try:
        article = article_from_text(text, source=source, html=html)
    except StorydiffError as exc:
        raise HTTPException(400, str(exc)) from None
    return _checked(article, source)


def _checked(article: Article, source: str) -> Article:
    # Checked on the extracted text: a saved page's markup may be long and dense.
    if len(article.text) > MAX_CHARS:
        raise HTTPException(400, f"{source}: longer than {MAX_CHARS:,} characters; give one news report")
    # finditer over whole runs is linear; a bounded {300} search would rescan each run.
    if any(m.end() - m.start() > _LONGEST_WORD for m in _WORD_RUN.finditer(article.text)):
        raise HTTPException(400, f"{source}: has a 'word' over {_LONGEST_WORD} characters; "
                                 "give the text of a news report")
    return article


@router.get("/compare", response_class=HTMLResponse, dependencies=[Depends(require_reader)])
def compare_form(request: Request) -> Response:
    return render(request, "compare_form.html", {"max_reports": MAX_REPORTS})


@router.post("/compare", response_class=HTMLResponse, dependencies=[Depends(require_reader)])
def compare_page(request: Request, texts: Annotated[list[str], Form()] = [],  # noqa: B006
                 files: Annotated[list[UploadFile], File()] = [],  # noqa: B006
                 urls: Annotated[str, Form(max_length=20_000)] = "",
                 csrf_token: Annotated[str, Form()] = "") -> Response:
    """Compare the given reports and show the comparison page (the first given is the reference
    unless all are dated)."""
    check_csrf(request, csrf_token)
    app = state(request)
    articles = [_article(t, f"text {k + 1}") for k, t in enumerate(texts) if t.strip()]
    for upload in files:
        if not upload.filename and upload.size == 0:
            continue  # an empty file input
        name = re.sub(r"[^\w.-]", "_", upload.filename or "upload")[:80]
        data = upload.file.read(app.options.max_bytes + 1)
        if len(data) > app.options.max_bytes:
            raise HTTPException(400, f"{name}: larger than {app.options.max_bytes // 1_000_000} MB")
        try:
            text = decode(data, name)
        except StorydiffError as exc:
            raise HTTPException(400, str(exc)) from None
        articles.append(_article(text, name, True if name.lower().endswith((".html", ".htm")) else None))
    articles += [_fetch(app, u.strip()) for u in urls.splitlines() if u.strip()]
    report = _compare(app, articles)
    views = pair_views(report)
    return render(request, "compare.html", {
        "title": "Comparison", "story": None, "pairs": views, "provenance": provenance_html(report),
        "claims": claims_html(report),
        "notes_enabled": False, "kinds": KINDS, "severities": SEVERITIES, "chosen_kinds": [],
        "chosen_severities": [], "here": None})


class CompareRequest(BaseModel):
    """Reports to compare: plain text with the title on the first line, or HTML."""

    texts: list[Annotated[str, Field(max_length=5_000_000)]] = Field(min_length=2, max_length=MAX_REPORTS)
    #: Index of the reference report; default: the earliest published, else the first.
    reference: int | None = None


@router.post("/api/compare", dependencies=[Depends(require_reader)],
             responses={400: {"description": "unusable input, with a message"}})
def api_compare(request: Request, body: CompareRequest) -> dict[str, Any]:
    """Compare two or more texts; returns ``storydiff.compare/1.2``."""
    from ..api import compare
    from ..reports.json import report_to_dict

    app = state(request)
    articles = [_article(t, f"<text {k}>") for k, t in enumerate(body.texts)]
    with app.compute_lock:
        report = compare(articles, Options(reference=body.reference, threads=app.options.threads))
    return report_to_dict(report)
