"""Read articles from files, URLs, stdin or strings into :class:`Article`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..errors import EmptyArticleError, InputError
from ..models import Article
from ..options import Options
from .build import build_article
from .clean import clean_text
from .decode import check_size, decode

__all__ = ["article_from_text", "looks_like_html", "read_article"]

_URL = re.compile(r"^https?://", re.IGNORECASE)
_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:4096]))


def _html_name(name: str) -> bool:
    return name.lower().endswith((".html", ".htm", ".xhtml"))


def article_from_text(
    text: str,
    *,
    source: str = "<text>",
    outlet: str | None = None,
    published: str | None = None,
    html: bool | None = None,
    url: str | None = None,
) -> Article:
    """Build an article from a string: plain text with the title on the first line, or HTML.

    ``url`` is where the report was published; it names the outlet when nothing
    else does.
    """
    if html or (html is None and looks_like_html(text)):
        from .html import read_html

        return read_html(text, source=source, outlet=outlet, published=published, url=url)
    if not text.strip():
        raise EmptyArticleError(f"{source}: the article is empty")
    return build_article(clean_text(text), source=source, outlet=outlet, published=published,
                         url=url)


def read_article(
    source: str,
    options: Options | None = None,
    *,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Article:
    """Read a path, an http(s) URL or ``-`` (stdin) into an :class:`Article`.

    ``url`` is the address the report was published at (nothing is fetched from
    it); a fetched http(s) source is its own address.
    """
    options = options or Options()
    if _URL.match(source):
        from .fetch import fetch

        data, content_type = fetch(source, options)
        text = decode(data, source)
        html = "html" in content_type or looks_like_html(text)
        return article_from_text(text, source=source, outlet=outlet, published=published,
                                 html=html, url=url or source)
    if source == "-":
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        name = source
        try:
            if path.is_dir():
                raise InputError(f"{source}: is a folder; give an article file")
            check_size(path.stat().st_size, options.max_bytes, source)
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{source}: no such file") from None
        except PermissionError:
            raise InputError(f"{source}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    check_size(len(data), options.max_bytes, name)
    text = decode(data, name)
    return article_from_text(text, source=name, outlet=outlet, published=published,
                             html=True if _html_name(name) else None, url=url)
