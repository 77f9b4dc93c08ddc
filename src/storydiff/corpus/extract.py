"""Turn raw corpus records into articles: a pure stage, no I/O and no state.

Both engines call :func:`extract_batch` on batches of :class:`RawRecord`; every
record comes back as a :class:`Record` or a :class:`Skip` with a one-line
reason, whatever the page holds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from ..errors import StorydiffError
from ..models import RawRecord, Record, Skip
from ..readers import article_from_text
from ..readers.outlets import trusted_outlet

__all__ = ["extract", "extract_batch", "normalise_date", "text_hash"]

# Only a full page carries its own publication date (meta tags, JSON-LD); in a
# fragment, such as a feed entry's HTML, a date found is one the story mentions.
_FULL_PAGE = re.compile(r"<(?:head|meta)\b", re.IGNORECASE)
_DOCUMENT = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y%m%d%H%M%S", "%Y%m%d")
# A headline is short and does not end like a sentence; a lede does both the other way.
_HEADLINE_WORDS = 24
_SENTENCE_ENDS = (".", "!", "?")
_CLOSING_QUOTES = "\"'”’"
# Years outside this range are typos or epoch zero, never a news report's date.
_YEARS = range(1900, 2101)


def extract(raw: RawRecord) -> Record | Skip:
    """Build the record's article, or say in one line why it cannot be used.

    The record's date is used unless it is a full HTML page with a date of its
    own: a WARC's date is when it was crawled, not published.
    """
    given = normalise_date(raw.published)
    body = raw.body if raw.html else _with_title(raw.body, raw.title)
    head = raw.body[:65536]
    page_dates = raw.html and bool(_FULL_PAGE.search(head))
    if raw.html and not _DOCUMENT.search(head):
        # trafilatura finds no main text in a bare fragment ("<p>…</p>" from a feed
        # or a dataset) until it sits in a document body.
        body = f"<html><body>{body}</body></html>"
    try:
        article = article_from_text(
            body, source=raw.origin, outlet=trusted_outlet(raw.outlet),
            published=None if page_dates else given, html=raw.html, url=raw.url)
    except StorydiffError as exc:
        return Skip(raw.origin, _one_line(exc, raw.origin), key=raw.key)
    except Exception as exc:  # a hostile page must cost a log line, never the batch
        return Skip(raw.origin, f"cannot read the article ({type(exc).__name__}: "
                                f"{_one_line(exc, raw.origin)})", key=raw.key)
    article = replace(
        article,
        id=hashlib.sha1(raw.key.encode("utf-8", "surrogatepass")).hexdigest()[:12],
        title=article.title or (raw.title or "").strip(),
        published=normalise_date(article.published) or given,
    )
    return Record(key=raw.key, article=article, raw_hash=raw.raw_hash,
                  text_hash=text_hash(article.text), origin=raw.origin, language="en")


def extract_batch(raws: Iterable[RawRecord]) -> list[Record | Skip]:
    """:func:`extract` over a batch, in order."""
    return [extract(raw) for raw in raws]


def text_hash(text: str) -> str:
    """sha1 of ``text`` lowercased with whitespace collapsed: equal for exact copies."""
    normal = " ".join(text.lower().split())
    return hashlib.sha1(normal.encode("utf-8", "surrogatepass")).hexdigest()


def normalise_date(value: str | None) -> str | None:
    """An ISO 8601 date or datetime for ``value``, or ``None`` when it does not parse.

    Accepts ISO 8601, RFC 822 (feeds, HTTP) and a few common written forms. The
    time zone stays as given: converting would move some reports to another day.
    """
    text = (value or "").strip()
    if not text:
        return None
    parsed = _parse(text)
    if parsed is None or parsed.year not in _YEARS:
        return None
    return parsed.isoformat()


def _parse(text: str) -> date | datetime | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    for form in _FORMATS:
        try:
            parsed = datetime.strptime(text, form)
        except ValueError:
            continue
        return parsed if "%H" in form else parsed.date()
    return None


def _with_title(body: str, title: str | None) -> str:
    """Plain text reads its first line as the title: make that the record's title.

    Without a title, a first line that reads like a headline is one; a first
    paragraph is not, so its opening words stand in rather than losing it.
    """
    first = next((line for line in body.splitlines() if line.strip()), "")
    if not title or not title.strip():
        words = first.split()
        ends = first.rstrip().rstrip(_CLOSING_QUOTES)
        if len(words) <= _HEADLINE_WORDS and not ends.endswith(_SENTENCE_ENDS):
            return body
        title = " ".join(words[:_HEADLINE_WORDS // 2]) + "…"
    elif " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return body
    return f"{title.strip()}\n\n{body}"


def _one_line(exc: BaseException, origin: str) -> str:
    message = " ".join(str(exc).split())[:300] or type(exc).__name__
    return message.removeprefix(f"{origin}: ")
