"""Uploading files into the corpus (signed-in users only) and following the job."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .jobs import EXTENSIONS, Job, UploadRejected
from .state import check_csrf, render, require_user, state

router = APIRouter()
User = Annotated[str, Depends(require_user)]


def _start(request: Request, user: str, files: list[UploadFile]) -> Job:
    jobs = state(request).jobs
    try:
        folder, names = jobs.save((f.filename or "", f.file) for f in files if f.filename or f.size)
    except UploadRejected as exc:
        raise HTTPException(400, str(exc)) from None
    return jobs.start(user, folder, names)


def _job(request: Request, job_id: str) -> Job:
    job = state(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "no such ingest job (jobs are forgotten when the server restarts)")
    return job


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request, user: User) -> Response:
    return render(request, "ingest.html", {"extensions": sorted(EXTENSIONS),
                                           "cap": state(request).settings.max_upload_bytes})


@router.post("/ingest")
def ingest_upload(request: Request, user: User,
                  files: Annotated[list[UploadFile], File()] = [],  # noqa: B006
                  csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    job = _start(request, user, files)
    return RedirectResponse(f"/ingest/{job.id}", status_code=303)


@router.get("/ingest/{job_id}", response_class=HTMLResponse)
def ingest_status(request: Request, job_id: str, user: User) -> Response:
    return render(request, "job.html", {"job": _job(request, job_id)})


@router.post("/api/ingest", status_code=202)
def api_ingest(request: Request, user: User, files: Annotated[list[UploadFile], File()],
               csrf_token: Annotated[str, Form()] = "") -> dict[str, Any]:
    """Start an ingest of the uploaded files (send the CSRF token as X-CSRF-Token or csrf_token)."""
    check_csrf(request, csrf_token)
    job = _start(request, user, files)
    return {"job": job.id, "state": job.state, "status": f"/api/ingest/{job.id}"}


@router.get("/api/ingest/{job_id}")
def api_ingest_status(request: Request, job_id: str, user: User) -> dict[str, Any]:
    """An ingest job's progress: state (queued, running, done, failed), read, kept, skipped."""
    return _job(request, job_id).as_dict()
