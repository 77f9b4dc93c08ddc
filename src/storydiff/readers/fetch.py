"""Fetch a URL, only when the user gives one, with a timeout and a size cap."""

from __future__ import annotations

import urllib.error
import urllib.request

from ..errors import FetchError
from ..options import Options
from .decode import check_size

USER_AGENT = "storydiff/0.1 (+https://github.com/storydiff/storydiff)"


def fetch(url: str, options: Options) -> tuple[bytes, str]:
    """Return the body and content type of ``url``, refusing anything over ``max_bytes``."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=options.fetch_timeout) as response:
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
