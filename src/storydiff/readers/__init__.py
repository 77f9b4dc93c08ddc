"""Read articles from files, URLs, stdin or strings into :class:`Article`."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from ..errors import EmptyArticleError, InputError, UnsupportedLanguageError
from ..models import Article
from ..options import Options
from .clean import CleanText, clean_text
from .decode import check_size, decode

__all__ = ["article_from_text", "looks_like_html", "read_article"]

_URL = re.compile(r"^https?://", re.IGNORECASE)
_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div)\b", re.IGNORECASE)
#: Fewer words than this cannot be compared claim by claim.
MIN_WORDS = 12


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:4096]))


def _html_name(name: str) -> bool:
    return name.lower().endswith((".html", ".htm", ".xhtml"))


def _article_id(source: str, body: str) -> str:
    return hashlib.sha1(f"{source}\n{body}".encode()).hexdigest()[:10]


def _check_language(body: str, name: str) -> None:
    """Refuse text that is clearly not English: too few English function words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+", body.lower())
    if len(words) < MIN_WORDS:
        return
    latin = sum(1 for w in words if w.isascii())
    share = sum(1 for w in words if w in STOP_WORDS) / len(words)
    if latin / len(words) < 0.5 or share < 0.15:
        raise UnsupportedLanguageError(
            f"{name}: the article does not look like English; "
            "only English reports are supported yet"
        )


def _build(
    cleaned: CleanText,
    *,
    source: str,
    name: str,
    outlet: str | None,
    published: str | None,
    author: str | None = None,
    meta_outlet: str | None = None,
) -> Article:
    body = cleaned.body.strip()
    if len(re.findall(r"\w+", body)) < MIN_WORDS:
        raise EmptyArticleError(
            f"{name}: no article text left once noise is removed "
            f"(need at least {MIN_WORDS} words)"
        )
    _check_language(body, name)
    return Article(
        id=_article_id(source, body),
        source=source,
        title=cleaned.title,
        text=body,
        outlet=outlet or meta_outlet or cleaned.signoff,
        published=published,
        author=author,
        credits=cleaned.credits,
        removed=cleaned.removed,
    )


def article_from_text(
    text: str,
    *,
    source: str = "<text>",
    outlet: str | None = None,
    published: str | None = None,
    html: bool | None = None,
) -> Article:
    """Build an article from a string: plain text with the title on the first line, or HTML."""
    if html or (html is None and looks_like_html(text)):
        from .html import read_html

        return read_html(text, source=source, outlet=outlet, published=published)
    if not text.strip():
        raise EmptyArticleError(f"{source}: the article is empty")
    return _build(
        clean_text(text), source=source, name=source, outlet=outlet, published=published
    )


def read_article(
    source: str,
    options: Options | None = None,
    *,
    outlet: str | None = None,
    published: str | None = None,
) -> Article:
    """Read a path, an http(s) URL or ``-`` (stdin) into an :class:`Article`."""
    options = options or Options()
    if _URL.match(source):
        from .fetch import fetch

        data, content_type = fetch(source, options)
        text = decode(data, source)
        html = "html" in content_type or looks_like_html(text)
        return article_from_text(text, source=source, outlet=outlet, published=published,
                                 html=html)
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
                             html=True if _html_name(name) else None)
