"""What the web tests share: building the app, signing in, checking a page's HTML."""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from storydiff.web import Settings, create_app

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
SOURCES = [str(CORPUS / "wire.jsonl"), str(CORPUS / "pages"), str(CORPUS / "feed.rss")]
USER, PASSWORD = "alice", "correct horse battery"
SECRET = "test-secret-" + "x" * 40


def copy_corpus(source: str, target: str) -> None:
    """A consistent copy of an SQLite corpus that other connections may be writing (WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def make_app(location: str, **settings: Any) -> FastAPI:
    # Every test client comes from one address: limits high unless a test sets them.
    settings.setdefault("rates", {"compare": 10_000, "login": 10_000, "ingest": 10_000})
    return create_app(Settings(location=location, secret=SECRET, **settings))


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(c: TestClient, name: str = USER, password: str = PASSWORD) -> None:
    token = csrf_of(c.get("/login").text)
    reply = c.post("/login", data={"name": name, "password": password, "csrf_token": token},
                   follow_redirects=False)
    assert reply.status_code == 303, reply.text


class PageCheck(HTMLParser):
    """Collects what a strict CSP would block and what untrusted text must never become."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.h1 = 0
        self.ids: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if names.get("id"):
            self.ids.append(names["id"] or "")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            if not names.get("src"):
                self.problems.append("inline <script>")
            self._in_script = True
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value and not re.match(
                    r"^(https?://|/|#|\?)", value.strip(), re.IGNORECASE):
                self.problems.append(f"{name}={value[:40]!r} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("script content")


def check_page(html: str, unique_ids: bool = True) -> PageCheck:
    """Parse ``html`` and fail on inline code, handlers, odd links, not one h1, duplicate ids.

    The story page embeds reports/html.py's comparison, which repeats the reference's
    sentence ids once per pair: ``unique_ids=False`` there.
    """
    parser = PageCheck()
    parser.feed(html)
    parser.close()
    assert not parser.problems, parser.problems[:5]
    assert parser.h1 == 1, f"{parser.h1} h1 elements"
    duplicates = unique_ids and {i for i in parser.ids if parser.ids.count(i) > 1}
    assert not duplicates, sorted(duplicates)[:5]
    assert '<html lang="en">' in html and 'name="viewport"' in html
    return parser
