"""The FastAPI app: pages and a JSON API over :class:`storydiff.Corpus` and :mod:`storydiff.api`.

>>> app = create_app(Settings(location="news.db"))   # doctest: +SKIP
>>> uvicorn.run(app)                                  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from ..errors import StorydiffError
from .security import BodyLimit, RateLimit, SecurityHeaders, TokenBuckets, security_headers
from .settings import Settings, load_secret
from .state import HERE, AppState, LoginRequired, login_url, render

log = logging.getLogger("storydiff.web")

SESSION_COOKIE = "storydiff_session"
#: Sessions last two weeks; signing in again rotates the cookie.
SESSION_SECONDS = 14 * 24 * 3600
WORKER_THREADS = 8


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    try:
        return render(request, "error.html", {"status": status, "message": message}, status)
    except Exception:  # the error page itself failed: plain text, still no details
        log.exception("error page failed")
        return HTMLResponse("storydiff: something went wrong", status_code=status,
                            headers=security_headers())


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": "sign in first (POST /login)"}, status_code=401)
        return RedirectResponse(login_url(request), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Our own details are messages for people; Starlette's defaults are bare phrases.
        plain = not isinstance(exc.detail, str) or exc.detail == HTTPStatus(exc.status_code).phrase
        messages = {404: "nothing here: no such page or story", 405: "that method is not allowed here"}
        message = messages.get(exc.status_code, "the request could not be served") if plain \
            else str(exc.detail)
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            # Field locations and messages only: the input itself is not echoed back.
            errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
            return JSONResponse({"error": "invalid request", "detail": errors}, status_code=422)
        fields = ", ".join(str(e.get("loc", ("?",))[-1]) for e in exc.errors())
        return _error(request, 400, f"the request is missing or has invalid values: {fields}")

    @app.exception_handler(StorydiffError)
    async def storydiff_error(request: Request, exc: StorydiffError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        # The traceback goes to the server log, never to the client.
        log.exception("internal error on %s %s", request.method, request.url.path)
        response = _error(request, 500, "internal error; the server log has the details")
        response.headers.update(security_headers())
        return response


def create_app(settings: Settings) -> FastAPI:
    """The web app over the corpus at ``settings.location`` (opened per worker thread)."""
    from . import routes_api, routes_auth, routes_compare, routes_ingest, routes_pages

    app_state = AppState(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        # Routes are short CPU work under the GIL: a few threads finish them sooner than
        # forty threads taking turns (measured with benchmarks/web_load.py).
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        yield
        app_state.jobs.shutdown()
        app_state.pool.close()

    app = FastAPI(title="storydiff", summary="Compare news reports claim by claim",
                  version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.storydiff = app_state
    # Order: the last added runs first. Headers wrap everything, so a 413 or 429 carries them too.
    app.add_middleware(SessionMiddleware, secret_key=load_secret(settings), session_cookie=SESSION_COOKIE,
                       max_age=SESSION_SECONDS, same_site="lax", https_only=settings.secure_cookies)
    app.add_middleware(BodyLimit, upload_cap=settings.max_upload_bytes, form_cap=settings.max_form_bytes)
    app.add_middleware(RateLimit, buckets=TokenBuckets(settings.rates))
    app.add_middleware(SecurityHeaders)
    _install_errors(app)
    for module in (routes_pages, routes_compare, routes_auth, routes_ingest, routes_api):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _version() -> str:
    from .. import __version__

    return __version__


__all__ = ["Settings", "create_app"]
