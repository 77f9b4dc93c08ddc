"""Main text and metadata from HTML pages, with trafilatura and htmldate."""

from __future__ import annotations

import logging
import re

from ..errors import NoMainTextError
from ..models import Article
from .build import MIN_WORDS, build_article
from .clean import clean_text


def read_html(
    html: str,
    *,
    source: str,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Article:
    """Extract the main text of ``html``; ``url`` is where it was published, if known.

    Without ``url`` the page's own canonical address (``<link rel=canonical>``,
    ``og:url``) is used.
    """
    from trafilatura import bare_extraction

    # trafilatura logs parse problems of hostile pages at WARNING; the user gets
    # one clear error from us instead.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = bare_extraction(html, url=url or (source if "://" in source else None),
                              with_metadata=True, include_comments=False,
                              include_tables=False, favor_precision=True)
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise NoMainTextError(f"{source}: cannot parse the HTML ({type(exc).__name__})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise NoMainTextError(f"{source}: no main article text found in the HTML page")
    title = (getattr(doc, "title", None) or "").strip()
    date = published or getattr(doc, "date", None) or _find_date(html)
    cleaned = clean_text(text, has_title_line=False, title=title)
    if len(cleaned.body.split()) < MIN_WORDS:
        raise NoMainTextError(f"{source}: no main article text found in the HTML page")
    page_url = getattr(doc, "url", None)
    return build_article(
        cleaned,
        source=source,
        outlet=outlet,
        published=date,
        author=getattr(doc, "author", None),
        meta_outlet=getattr(doc, "sitename", None),
        url=url or (page_url if isinstance(page_url, str) and page_url else None),
    )


_PUBLISHED_META = re.compile(
    r"<meta\s[^>]*(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|"
    r"pubdate|publishdate|dc\.date\.issued)[\"'][^>]*>", re.IGNORECASE)
_CONTENT = re.compile(r"\bcontent=[\"'](\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?[^\"']*)[\"']",
                      re.IGNORECASE)


def _find_date(html: str) -> str | None:
    from htmldate import find_date

    # htmldate gives the day only; the page's own publication timestamp also has the
    # time, which orders same-day reports (who published first).
    for tag in _PUBLISHED_META.findall(html[:200_000]):
        stamp = _CONTENT.search(tag)
        if stamp:
            return stamp.group(1).strip()
    try:
        return find_date(html, original_date=True)
    except Exception:  # htmldate is best effort; no date is a valid answer
        return None
