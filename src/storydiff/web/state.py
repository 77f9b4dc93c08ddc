"""What the routes share: the app's state, templates, the signed-in user, access checks."""

from __future__ import annotations

import contextlib
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..corpus_api import Corpus
from ..options import Options
from .security import csrf_token, csrf_valid
from .settings import Settings

HERE = Path(__file__).resolve().parent

#: Bidirectional-text controls: article text holding U+202E could reverse what the
#: page around it shows. They are shown as visible tags instead.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def defuse_bidi(text: str) -> str:
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def _finalize(value: Any) -> Any:
    # Every {{ expression }} passes here; Markup from the report code is defused by
    # its producer (see pages.trusted_html), plain strings here.
    if isinstance(value, str) and not isinstance(value, Markup):
        return defuse_bidi(value)
    return value


def _http_only(url: str | None) -> str | None:
    """Only web addresses become links: a ``javascript:`` URL from a feed stays text."""
    return url if url and re.match(r"^https?://[^\s]+$", url, re.IGNORECASE) else None


def make_templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      finalize=_finalize, trim_blocks=True, lstrip_blocks=True)
    env.filters["http_only"] = _http_only
    env.filters["when"] = when
    return env


def when(value: str | None) -> str:
    """An ISO time as "2026-11-03 18:00", a date as is, nothing as "undated"."""
    if not value:
        return "undated"
    text = value.replace("T", " ")
    return text[:16] if len(text) > 10 else text


class LoginRequired(Exception):
    """Raised by :func:`require_user`; answered with a redirect to /login (or 401 in the API)."""


class CorpusPool:
    """One :class:`Corpus` per worker thread.

    SQLite connections belong to the thread that opened them, and FastAPI runs
    plain ``def`` routes in a thread pool; one connection per thread also lets
    readers run side by side (WAL) instead of queueing on one connection.
    """

    def __init__(self, location: str, options: Options) -> None:
        self.location = location
        self.options = options
        self._local = threading.local()
        # Weak: the thread pool retires idle threads, and a retired thread's corpus must
        # be freed (its connection closed) with it, not kept here for ever.
        self._opened: weakref.WeakSet[Corpus] = weakref.WeakSet()
        self._lock = threading.Lock()

    def get(self) -> Corpus:
        corpus: Corpus | None = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = Corpus(self.location, options=self.options)
            self._local.corpus = corpus
            with self._lock:
                self._opened.add(corpus)
        return corpus

    def close(self) -> None:
        with self._lock:
            opened, self._opened = list(self._opened), weakref.WeakSet()
        for corpus in opened:
            # A connection opened by another thread may refuse to close here; the process ends anyway.
            with contextlib.suppress(Exception):
                corpus.close()


class LRU:
    """A small least-recently-used cache (pairwise comparisons are seconds of CPU)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class AppState:
    def __init__(self, settings: Settings) -> None:
        from .jobs import Jobs

        self.settings = settings
        options = Options(threads=settings.threads) if settings.threads else Options()
        self.options = options
        self.pool = CorpusPool(settings.location, options)
        self.templates = make_templates()
        #: The models are shared by every request; comparing is CPU-bound anyway, and
        #: one at a time keeps the lazily loaded models from being built twice.
        self.compute_lock = threading.Lock()
        self.pairs = LRU(64)
        self.stories = LRU(256)
        self.jobs = Jobs(settings, options)


def state(request: Request) -> AppState:
    value: AppState = request.app.state.storydiff
    return value


def current_user(request: Request) -> str | None:
    if "session" not in request.scope:
        return None  # the 500 page is rendered outside the session middleware
    user = request.session.get("user")
    return user if isinstance(user, str) else None


async def require_user(request: Request) -> str:
    """The signed-in user's name; writing (ingest, notes) always needs one."""
    user = current_user(request)
    if user is None:
        raise LoginRequired
    return user


async def require_reader(request: Request) -> None:
    """Reading is open unless the server was started with --read-requires-login."""
    if state(request).settings.read_requires_login and current_user(request) is None:
        raise LoginRequired


def check_csrf(request: Request, given: str | None) -> None:
    if not csrf_valid(request, given or request.headers.get("x-csrf-token")):
        raise HTTPException(403, "the form's security token is missing or stale; reload the page "
                                 "and send it again")


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site, else ``default``: no open redirects."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not any(ord(c) < 32 or ord(c) == 127 for c in target)):
        return target
    return default


def login_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(here, safe="")


def render(request: Request, template: str, context: Mapping[str, Any] | None = None,
           status: int = 200) -> HTMLResponse:
    """A page: the template with what every page needs (user, CSRF token, settings)."""
    app_state = state(request)
    page = app_state.templates.get_template(template).render(
        request=request, user=current_user(request),
        csrf=csrf_token(request) if "session" in request.scope else "",
        settings=app_state.settings, **(context or {}))
    return HTMLResponse(page, status_code=status, headers={"cache-control": "no-store"})
