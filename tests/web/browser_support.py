"""The real app served by uvicorn on loopback and a headless Chromium driving it (Playwright).

Tests import the fixtures by name (``from .browser_support import live_server_fixture``);
pytest knows them as ``live_server``, ``browser`` and ``watched_page``.

Chromium is Debian's (/usr/bin/chromium), never one Playwright downloads. Without it the
browser tests are skipped, unless ``CI`` or ``STORYDIFF_REQUIRE_BROWSER`` is set: there a
missing browser is a failure, not a quiet skip.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from storydiff import Corpus
from storydiff.web.auth import hash_password

from .helpers import copy_corpus, make_app

CHROMIUM = os.environ.get("STORYDIFF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: Playwright's default is 30 s; pages here answer in well under a second once warm, and
#: a story compared on first view takes a few seconds on a busy two-core machine.
TIMEOUT_MS = 20_000
#: The account the browser signs in with, added to the served corpus as ``storydiff users add`` does.
REVIEWER, REVIEWER_PASSWORD = "reviewer", "a long browser test password"

#: Runs before any page script: records every alert/confirm/prompt call and every CSP
#: violation in page globals. Init scripts are injected by the browser, not by the page,
#: so the page's own Content-Security-Policy does not block this one.
INIT_SCRIPT = """
(() => {
  window.__sdCalls = [];
  window.__sdViolations = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    window[name] = function (...args) {
      window.__sdCalls.push(name + '(' + args.map(String).join(', ') + ')');
      return original.apply(window, args);
    };
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__sdViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
  });
})();
"""


def require_chromium() -> str:
    """The Chromium binary; skip (or fail on CI) when it is missing."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = (f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium); "
               "the browser tests never download a browser")
    if os.environ.get("CI") or os.environ.get("STORYDIFF_REQUIRE_BROWSER"):
        pytest.fail(message + " (CI or STORYDIFF_REQUIRE_BROWSER is set, so this is a failure)")
    pytest.skip(message)


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread on 127.0.0.1 and a free port; yields the base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # The socket is bound here, before the thread starts: no race for the port.
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, ws="none", lifespan="on",
                            server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start; see the captured log")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@dataclass
class LiveServer:
    """The served app: its address and corpus, and JSON API calls for test set-up."""

    url: str
    db: str
    app: FastAPI
    user: str = REVIEWER
    password: str = REVIEWER_PASSWORD

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, follow_redirects=False)

    def get_json(self, path: str, **params: Any) -> Any:
        with self.client() as c:
            reply = c.get(path, params=params)
            reply.raise_for_status()
            return reply.json()

    @contextmanager
    def signed_in(self) -> Iterator[httpx.Client]:
        """A client signed in as a script signs in (docs/web.md): session, token, POST /login."""
        with self.client() as c:
            token = c.get("/api/session").json()["csrf_token"]
            reply = c.post("/login", data={"name": self.user, "password": self.password,
                                           "csrf_token": token})
            assert reply.status_code == 303, reply.text
            c.headers["x-csrf-token"] = c.get("/api/session").json()["csrf_token"]
            yield c

    def ingest(self, files: list[tuple[str, bytes]], timeout: float = 90) -> dict[str, Any]:
        """Upload through POST /api/ingest and wait for the job; its final status."""
        with self.signed_in() as c:
            reply = c.post("/api/ingest", files=[("files", (name, data, "application/octet-stream"))
                                                 for name, data in files])
            assert reply.status_code == 202, reply.text
            status_url = reply.json()["status"]
            deadline = time.monotonic() + timeout
            while True:
                status: dict[str, Any] = c.get(status_url).json()
                if status["state"] in ("done", "failed") or time.monotonic() > deadline:
                    return status
                time.sleep(0.2)

    def add_note(self, story: int, finding: str, mark: str = "follow_up", text: str = "") -> None:
        """Mark a finding as the note form does (POST /stories/ID/notes with the CSRF header)."""
        with self.signed_in() as c:
            reply = c.post(f"/stories/{story}/notes", data={"finding": finding, "mark": mark, "text": text})
            assert reply.status_code == 303, reply.text

    def story_titled(self, title: str) -> dict[str, Any]:
        """The story whose title is ``title`` (or contains it), with its JSON document."""
        stories = self.get_json("/api/stories", limit=200)["stories"]
        match = [s for s in stories if s["title"] == title] or [s for s in stories if title in s["title"]]
        assert match, f"no story titled {title!r} among {[s['title'] for s in stories]}"
        data: dict[str, Any] = self.get_json(f"/api/stories/{match[0]['id']}")
        return data


# Each test module that imports a fixture gets its own copy of it, session scope or not:
# the server and the browser are kept here so that every module shares one of each.
_SHARED: dict[str, Any] = {}


def _shared(request: pytest.FixtureRequest, key: str, start: Callable[[ExitStack], Any]) -> Any:
    """The one ``key`` of this test session, started on first use and stopped at the session's end."""
    if key not in _SHARED:
        stack = ExitStack()
        try:
            _SHARED[key] = start(stack)
        except BaseException:
            stack.close()
            raise

        def stop() -> None:
            _SHARED.pop(key, None)
            stack.close()

        request.addfinalizer(stop)
    return _SHARED[key]


@pytest.fixture(scope="session", name="live_server")
def live_server_fixture(request: pytest.FixtureRequest, corpus_db: str,
                        tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    """The real app over a copy of the sample corpus, with a reviewer account, on loopback."""

    def start(stack: ExitStack) -> LiveServer:
        path = str(tmp_path_factory.mktemp("live") / "served.db")
        copy_corpus(corpus_db, path)
        with Corpus(path) as corpus:
            corpus.store.add_user(REVIEWER, hash_password(REVIEWER_PASSWORD))
        app = make_app(path)
        return LiveServer(stack.enter_context(serve(app)), path, app)

    server: LiveServer = _shared(request, "live_server", start)
    return server


@pytest.fixture(scope="session", name="browser")
def browser_fixture(request: pytest.FixtureRequest) -> Any:
    """One headless Chromium for the whole session (a new context per test)."""
    executable = require_chromium()

    def start(stack: ExitStack) -> Any:
        from playwright.sync_api import expect, sync_playwright

        # expect() waits 5 s by default: too short for a comparison on a busy machine.
        expect.set_options(timeout=TIMEOUT_MS)
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        return browser

    return _shared(request, "browser", start)


@dataclass
class PageWatch:
    """What a page did that it should not: dialogs, uncaught errors, CSP reports in the console."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}")
                if message.type in ("error", "warning") else None)

    def csp_reports(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]


@contextmanager
def open_page(browser: Any, live_server: LiveServer, viewport: dict[str, int] = DESKTOP,
              watch: PageWatch | None = None, init_script: bool = False) -> Iterator[Any]:
    """A page in a fresh context (own cookies) at ``viewport``, with ``watch`` attached."""
    context = browser.new_context(base_url=live_server.url, viewport=viewport, java_script_enabled=True)
    context.set_default_timeout(TIMEOUT_MS)
    if init_script:
        context.add_init_script(INIT_SCRIPT)
    try:
        page = context.new_page()
        if watch is not None:
            watch.attach(page)
        yield page
    finally:
        context.close()


@pytest.fixture(name="watched_page")
def watched_page_fixture(browser: Any, live_server: LiveServer) -> Iterator[tuple[Any, PageWatch]]:
    """A desktop page in a new context and what it reported; no page may throw."""
    watch = PageWatch()
    with open_page(browser, live_server, DESKTOP, watch) as page:
        yield page, watch
    assert not watch.errors, watch.errors


def sign_in(page: Any, live_server: LiveServer, next_path: str = "/") -> None:
    """Sign in through the form as a person would; lands on ``next_path``."""
    page.goto(f"/login?next={next_path}")
    page.get_by_label("Name").fill(live_server.user)
    page.get_by_label("Password").fill(live_server.password)
    page.locator("#login").get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_path}")


def overflow(page: Any) -> tuple[int, int]:
    """(document scroll width, viewport width): a horizontal scrollbar when the first is larger."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(width), int(inner)


# The outermost elements that stick out past the viewport's right edge: what to fix.
# Inside a box that clips or scrolls (an svg, overflow-x: auto) they widen nothing.
_WIDE = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (p instanceof SVGElement || getComputedStyle(p).overflowX !== 'visible') { return true; }
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > limit && !clipped(el));
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '');
  return wide.filter((el) => !wide.includes(el.parentElement)).slice(0, 5)
    .map((el) => name(el) + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
}"""


def too_wide(page: Any, what: str) -> str | None:
    """Why ``page`` scrolls sideways (its widest elements), or None when it fits its viewport."""
    width, inner = overflow(page)
    if width <= inner + 1:
        return None
    return f"{what}: the page is {width}px wide in a {inner}px viewport: {page.evaluate(_WIDE)}"


def assert_fits(page: Any, what: str) -> None:
    problem = too_wide(page, what)
    assert problem is None, problem


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()
