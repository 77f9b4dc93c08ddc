"""Read RSS and Atom feeds and, with ``--fetch``, URLs and the pages feed entries link to.

Part of :mod:`.sources`, split out to keep each reader small; every problem is a :class:`Skip`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import StorydiffError
from ..models import RawRecord, Skip
from ..options import Options
from ..readers import looks_like_html
from ..readers.build import MIN_WORDS
from ..readers.decode import decode
from .sources import FEED, HEAD, URL, SourceOptions, make_record, one_line, url_key

__all__ = ["read_feed", "read_url"]

_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                         "application/xml", "text/xml"})


def read_url(url: str, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    """The entries of the feed at ``url``, or the page there as one record."""
    if not options.fetch:
        yield Skip(url, "a URL; pass --fetch to fetch URLs", key=url_key(url))
        return
    fetched = _fetch(url, options)
    if isinstance(fetched, Skip):
        yield fetched
        return
    data, content_type = fetched
    if content_type in _FEED_TYPES or FEED.match(data[:HEAD].lstrip(b"\xef\xbb\xbf")):
        yield from read_feed(data, url, options)
        return
    page = _page(url, data, content_type)
    yield page if isinstance(page, Skip) else make_record(url, page, html=True, url=url)


def read_feed(data: bytes, origin: str, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    """One record per entry of an RSS or Atom feed (``origin#N``), the feed's title as outlet."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        yield Skip(origin, f"not a readable RSS or Atom feed ({one_line(problem)})" if problem
                   else "the feed has no entries")
        return
    outlet = (parsed.get("feed") or {}).get("title")
    for number, entry in enumerate(entries, 1):
        yield from _feed_entry(entry, f"{origin}#{number}", outlet, options)


def _feed_entry(entry: Mapping[str, Any], origin: str, outlet: str | None,
                options: SourceOptions) -> Iterator[RawRecord | Skip]:
    link = entry.get("link") or None
    title = entry.get("title") or None
    published = entry.get("published") or entry.get("updated") or None
    body, html = _entry_text(entry)
    # Only http(s): with fetch_private on, urllib would read a hostile feed's file:// link.
    if options.fetch and link and URL.match(link):
        fetched = _fetch(link, options)
        page = fetched if isinstance(fetched, Skip) else _page(link, *fetched)
        if isinstance(page, str):
            yield make_record(link, page, html=True, url=link, title=title, published=published,
                              outlet=outlet)
            return
        yield page
        # The entry's own text stands in for the page only when it is a report, not a teaser.
        if len(re.findall(r"\w+", re.sub(r"<[^>]*>", " ", body))) < MIN_WORDS:
            return
    elif not body.strip():
        hint = "; pass --fetch to fetch the page it links to" if link else ""
        yield Skip(origin, f"the feed entry has no text{hint}", key=url_key(link))
        return
    yield make_record(origin, body, html=html, url=link, title=title, published=published,
                      outlet=outlet)


def _entry_text(entry: Mapping[str, Any]) -> tuple[str, bool]:
    """The entry's longest text (full content beats a summary) and whether it is HTML."""
    candidates = [*(entry.get("content") or []), entry.get("summary_detail") or {}]
    best = max(candidates, key=lambda c: len(c.get("value") or ""))
    value = best.get("value") or ""
    return value, "html" in (best.get("type") or "") and "<" in value


def _fetch(url: str, options: SourceOptions) -> tuple[bytes, str] | Skip:
    """The body and content type at ``url``, or why it could not be fetched."""
    from ..readers.fetch import fetch

    try:
        return fetch(url, Options(max_bytes=options.max_bytes, fetch_timeout=options.fetch_timeout,
                                  fetch_private=options.fetch_private, load_plugins=False, nli=False))
    except StorydiffError as exc:
        return Skip(url, one_line(exc, url), key=url_key(url))


def _page(url: str, data: bytes, content_type: str) -> str | Skip:
    try:
        text = decode(data, url)
    except StorydiffError as exc:
        return Skip(url, one_line(exc, url), key=url_key(url))
    if "html" not in content_type and not looks_like_html(text):
        return Skip(url, f"not an HTML page ({content_type or 'no content type'})", key=url_key(url))
    return text
