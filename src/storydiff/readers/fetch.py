"""Fetch a URL, only when the user gives one: a timeout, a size cap, a few
redirects, and never an address inside the user's own network.

A report's URL is untrusted input. Fetching it from a newsroom's server must not
let a crafted link (or a redirect) reach the server's loopback, private or
link-local addresses, so every hop's host is resolved and checked first.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from http.client import HTTPMessage
from typing import IO
from urllib.parse import urlsplit

from ..errors import FetchError
from ..options import Options
from .decode import check_size

USER_AGENT = "storydiff/0.1 (+https://github.com/storydiff/storydiff)"
MAX_REDIRECTS = 3


def check_public(url: str) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http(s) addresses with a host name can be fetched")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 0, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve {parts.hostname} ({exc})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise FetchError(f"{url}: refusing to fetch from a private, loopback or "
                             f"link-local address ({address})")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, private: bool) -> None:
        self.private = private

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int,
                         msg: str, headers: HTTPMessage, newurl: str
                         ) -> urllib.request.Request | None:
        if not self.private:
            check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, options: Options) -> tuple[bytes, str]:
    """Return the body and content type of ``url``, refusing anything over ``max_bytes``."""
    if not options.fetch_private:
        check_public(url)
    opener = urllib.request.build_opener(_CheckedRedirects(options.fetch_private))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=options.fetch_timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit():
                check_size(int(length), options.max_bytes, url)
            data = response.read(options.max_bytes + 1)
            content_type = response.headers.get_content_type() or ""
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: cannot fetch ({reason})") from None
    check_size(len(data), options.max_bytes, url)
    return data, content_type
