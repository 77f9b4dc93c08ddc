"""Headers, sign-in, CSRF, rate limits, size caps and error pages."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from storydiff.web.security import CSP

from .helpers import PASSWORD, USER, check_page, csrf_of, make_app, sign_in


@pytest.mark.parametrize("url", ["/", "/stories/1", "/compare", "/login", "/notes", "/api/stories",
                                 "/api/stories/1", "/static/app.css", "/openapi.json", "/stories/9999",
                                 "/api/stories/9999"])
def test_every_response_carries_the_csp_and_companions(client: TestClient, url: str) -> None:
    reply = client.get(url)
    assert reply.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"] == "no-referrer"


def test_crash_gives_a_generic_500_without_details(corpus_db: str) -> None:
    app = make_app(corpus_db)

    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    app.add_api_route("/boom", boom)
    app.add_api_route("/api/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        page = c.get("/boom")
        assert page.status_code == 500 and "secret internals" not in page.text
        assert "Traceback" not in page.text and page.headers["content-security-policy"] == CSP
        assert "Something went wrong" in page.text and "server log" in page.text
        api = c.get("/api/boom")
        assert api.status_code == 500 and "secret" not in api.text and api.json()["error"]


def test_writing_needs_sign_in(client: TestClient) -> None:
    c = TestClient(client.app)
    reply = c.get("/ingest", follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"].startswith("/login?next=%2Fingest")
    api = c.post("/api/ingest", files={"files": ("a.jsonl", b'{"text": "x"}\n')})
    assert api.status_code == 401
    note = c.post("/stories/1/notes", data={"finding": "d1", "mark": "confirmed"}, follow_redirects=False)
    assert note.status_code == 303 and note.headers["location"].startswith("/login")


def test_sign_in_sets_a_signed_http_only_cookie_and_rotates_the_token(client: TestClient) -> None:
    c = TestClient(client.app)
    before = csrf_of(c.get("/login").text)
    reply = c.post("/login", data={"name": USER, "password": PASSWORD, "csrf_token": before,
                                   "next": "/notes"}, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/notes"
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    ingest = c.get("/ingest").text
    check_page(ingest)
    assert csrf_of(ingest) != before and 'id="ingest-form"' in ingest
    assert f"Sign out {USER}" in c.get("/").text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example",
                                    "/\r\nSet-Cookie: x=1"])
def test_sign_in_never_redirects_off_site(client: TestClient, target: str) -> None:
    c = TestClient(client.app)
    token = csrf_of(c.get("/login").text)
    reply = c.post("/login", data={"name": USER, "password": PASSWORD, "csrf_token": token,
                                   "next": target}, follow_redirects=False)
    assert reply.headers["location"] == "/"


def test_wrong_password_is_refused(client: TestClient) -> None:
    c = TestClient(client.app)
    token = csrf_of(c.get("/login").text)
    for name, password in ((USER, "wrong password"), ("mallory", PASSWORD)):
        reply = c.post("/login", data={"name": name, "password": password, "csrf_token": token})
        assert reply.status_code == 401 and "wrong name or password" in reply.text
    assert "Sign out" not in c.get("/").text


def test_posts_without_the_csrf_token_are_refused(client: TestClient) -> None:
    c = TestClient(client.app)
    c.get("/login")
    for token in ("", "forged"):
        reply = c.post("/login", data={"name": USER, "password": PASSWORD, "csrf_token": token})
        assert reply.status_code == 403
    sign_in(c)
    assert c.post("/stories/1/notes", data={"finding": "d1", "mark": "wrong"}).status_code == 403
    assert c.post("/logout", data={}).status_code == 403
    upload = c.post("/api/ingest", files={"files": ("a.jsonl", b'{"text": "x"}\n')})
    assert upload.status_code == 403
    # Another browser's token is no good either.
    other = TestClient(client.app)
    foreign = csrf_of(other.get("/login").text)
    assert c.post("/logout", data={"csrf_token": foreign}).status_code == 403


def test_rate_limit_answers_429(corpus_db: str) -> None:
    with TestClient(make_app(corpus_db, rates={"compare": 3, "login": 2, "ingest": 2})) as c:
        codes = [c.post("/api/compare", json={"texts": []}).status_code for _ in range(5)]
        assert codes[:3] == [422, 422, 422] and codes[3:] == [429, 429]
        limited = c.post("/api/compare", json={"texts": []})
        assert int(limited.headers["retry-after"]) >= 1 and limited.json()["error"]
        assert c.post("/compare", data={}).status_code == 429
        logins = [c.post("/login", data={}).status_code for _ in range(3)]
        assert logins[-1] == 429
        # Reading is not limited.
        assert c.get("/").status_code == 200


def test_bodies_over_the_cap_are_413(corpus_db: str) -> None:
    with TestClient(make_app(corpus_db, max_form_bytes=10_000, max_upload_bytes=20_000)) as c:
        assert c.post("/api/compare", json={"texts": ["x" * 20_000, "y"]}).status_code == 413
        sign_in(c)
        token = c.get("/api/session").json()["csrf_token"]
        big = c.post("/api/ingest", files={"files": ("a.jsonl", io.BytesIO(b"{" + b" " * 30_000))},
                     headers={"x-csrf-token": token})
        assert big.status_code == 413


@pytest.mark.parametrize(("name", "content", "message"), [
    ("tool.exe", b"MZ\x90\x00", "not a file ingest reads"),
    ("feed.rss", b"just some words", "does not look like"),
    ("news.jsonl", b"\x00\x01binary", "does not look like"),
    ("crawl.warc.gz", b"not gzip", "not gzip"),
])
def test_uploads_are_checked_by_extension_and_content(client: TestClient, name: str, content: bytes,
                                                      message: str) -> None:
    c = TestClient(client.app)
    sign_in(c)
    token = c.get("/api/session").json()["csrf_token"]
    reply = c.post("/api/ingest", files={"files": (name, content)}, headers={"x-csrf-token": token})
    assert reply.status_code == 400 and message in reply.json()["error"]


def test_read_requires_login_closes_reading(corpus_db: str) -> None:
    with TestClient(make_app(corpus_db, read_requires_login=True)) as c:
        assert c.get("/", follow_redirects=False).status_code == 303
        assert c.get("/api/stories").status_code == 401
        assert c.get("/stories/1", follow_redirects=False).status_code == 303
        login = c.get("/login")
        assert login.status_code == 200
        check_page(login.text)
        sign_in(c)
        assert c.get("/").status_code == 200 and c.get("/api/stories").status_code == 200
