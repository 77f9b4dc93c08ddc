"""Signing in and out. The session is a signed cookie (HttpOnly, SameSite=Lax)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .auth import verify_password
from .state import check_csrf, local_path, render, state

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": local_path(next), "error": None})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, name: Annotated[str, Form(max_length=100)],
          password: Annotated[str, Form(max_length=1000)],
          csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    check_csrf(request, csrf_token)
    user = state(request).pool.get().store.user(name)
    if not verify_password(user.password_hash if user else None, password):
        return render(request, "login.html", {"next": local_path(next),
                                              "error": "wrong name or password"}, 401)
    # A new session on sign-in: a token planted before it (session fixation) is worthless.
    request.session.clear()
    request.session.update({"user": name, "csrf": secrets.token_urlsafe(32)})
    return RedirectResponse(local_path(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    request.session.clear()
    return RedirectResponse("/", status_code=303)
