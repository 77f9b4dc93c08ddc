"""Headers, rate limits, body-size caps and CSRF checks: the app's outer defences.

The middlewares are plain ASGI (no BaseHTTPMiddleware): they wrap ``send`` and
``receive`` and so add nothing to a streamed response's latency.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def security_headers() -> dict[str, str]:
    """The headers every response carries, for responses built outside the middleware."""
    return {k.decode(): v.decode() for k, v in HEADERS}


class SecurityHeaders:
    """Adds the Content-Security-Policy and its companions to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in HEADERS if k not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _reply(send: Send, status: int, text: str, json_body: bool,
                 extra: Mapping[str, str] | None = None) -> None:
    body = (json.dumps({"error": text}) if json_body else text + "\n").encode()
    headers = [(b"content-type", b"application/json" if json_body else b"text/plain; charset=utf-8"),
               (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class TokenBuckets:
    """One token bucket per (area, client address): ``rate`` requests a minute, bursts of ``rate``."""

    def __init__(self, rates: Mapping[str, int], clock: Callable[[], float] = time.monotonic) -> None:
        self.rates = dict(rates)
        self.clock = clock
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, area: str, client: str) -> float:
        """0 when allowed, else the seconds until a token is back."""
        rate = self.rates.get(area)
        if not rate:
            return 0.0
        per_second = rate / 60.0
        now = self.clock()
        with self._lock:
            if len(self._buckets) > 100_000:
                # Many addresses (a scan): forget full buckets rather than grow without end.
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
            tokens, last = self._buckets.get((area, client), (float(rate), now))
            tokens = min(float(rate), tokens + (now - last) * per_second)
            if tokens < 1.0:
                self._buckets[(area, client)] = (tokens, now)
                return (1.0 - tokens) / per_second
            self._buckets[(area, client)] = (tokens - 1.0, now)
            return 0.0


#: POST paths that cost CPU or guard passwords, and their rate area.
LIMITED = {"/compare": "compare", "/api/compare": "compare", "/ingest": "ingest",
           "/api/ingest": "ingest", "/login": "login"}


class RateLimit:
    def __init__(self, app: ASGIApp, buckets: TokenBuckets) -> None:
        self.app = app
        self.buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        area = LIMITED.get(scope.get("path", "")) if scope["type"] == "http" else None
        if area and scope.get("method") == "POST":
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self.buckets.take(area, client)
            if wait:
                await _reply(send, 429, "too many requests; wait a minute and try again",
                             scope["path"].startswith("/api/"), {"retry-after": str(int(wait) + 1)})
                return
        await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses request bodies over the cap: by Content-Length first, else while reading."""

    def __init__(self, app: ASGIApp, upload_cap: int, form_cap: int) -> None:
        self.app = app
        self.upload_cap = upload_cap
        self.form_cap = form_cap

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        cap = self.upload_cap if path in ("/ingest", "/api/ingest") else self.form_cap
        as_json = path.startswith("/api/")
        message = f"the request is larger than this server accepts ({cap // (1024 * 1024)} MB)"
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > cap:
            await _reply(send, 413, message, as_json)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            received = await receive()
            seen += len(received.get("body", b""))
            if seen > cap:
                raise _TooLarge
            return received

        async def watch(reply: Message) -> None:
            nonlocal started
            started = started or reply["type"] == "http.response.start"
            await send(reply)

        try:
            await self.app(scope, counted, watch)
        except _TooLarge:
            if not started:
                await _reply(send, 413, message, as_json)


# --- CSRF ------------------------------------------------------------------------

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it."""
    session: dict[str, Any] = request.session
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_valid(request: Request, given: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(given and isinstance(expected, str) and hmac.compare_digest(given, expected))
