"""Read corpus sources (files, folders, feed URLs) into :class:`RawRecord` items.

This is the edge of corpus mode: the only place that opens files or the network.
Every problem with one input becomes a :class:`Skip` with a one-line reason and
reading goes on, so one broken file in a crawl of thousands costs one log line.
JSONL and WARC files are streamed; feeds, text and HTML files are small and read
whole, up to ``max_bytes``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, cast
from urllib.parse import urlsplit, urlunsplit

from ..errors import BinaryInputError, StorydiffError, UsageError
from ..models import RawRecord, Skip
from ..options import DEFAULT_MAX_BYTES, Options
from ..readers import looks_like_html
from ..readers.build import MIN_WORDS
from ..readers.decode import check_size, decode
from ..readers.outlets import unwrap_archive

__all__ = ["DEFAULT_FIELDS", "SourceOptions", "iter_records", "record_key"]

#: JSONL field names tried, in order, for each logical field when none is mapped.
DEFAULT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "text": ("content", "text", "body", "maintext", "article", "full_text"),
    "title": ("title", "headline"),
    "published": ("published", "date", "dct", "pubDate", "date_publish", "published_at",
                  "publishedAt"),
    "url": ("url", "uri", "link"),
    "id": ("id",),
    "outlet": ("outlet", "source_domain", "site_name", "sitename", "publisher", "source.name"),
}


@dataclass(frozen=True)
class SourceOptions:
    """How sources are read; built once by the caller and passed down."""

    #: Logical name (text, title, published, url, id, outlet) → JSONL field name;
    #: a dotted name reaches into nested objects ("source.name"). Unmapped names
    #: fall back to :data:`DEFAULT_FIELDS`.
    fields: Mapping[str, str] = field(default_factory=dict, hash=False)
    #: Fetch feed URLs given as sources and the page each feed entry links to.
    fetch: bool = False
    #: Largest record accepted, in bytes.
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Allow fetching from loopback and private addresses (tests, an intranet).
    fetch_private: bool = False
    fetch_timeout: float = 15.0

    def __post_init__(self) -> None:
        unknown = sorted(set(self.fields) - set(DEFAULT_FIELDS))
        if unknown:
            raise UsageError(f"unknown field name(s) {', '.join(unknown)}; "
                             f"valid names: {', '.join(DEFAULT_FIELDS)}")


_URL = re.compile(r"^https?://", re.IGNORECASE)
_TRACKING = re.compile(r"^(?:utm_[^=]*|fbclid|gclid)(?:=|$)", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_FEED = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*"
                   rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL)
_EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
               ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".warc": "warc",
               ".rss": "feed", ".xml": "feed", ".atom": "feed"}
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                         "application/xml", "text/xml"})
_GZIP = b"\x1f\x8b"
_HEAD = 4096


def record_key(url: str | None, body: str) -> str:
    """A record's identity: ``url:`` + the normalised URL, else ``sha1:`` + the body's hash.

    Web-archive addresses are unwrapped, scheme and host lowercased, default ports,
    fragments, ``utm_*``/``fbclid``/``gclid`` parameters and a trailing slash dropped,
    so the same report reached by different links gets one key.
    """
    normal = _normalise_url(url) if url else None
    return f"url:{normal}" if normal else f"sha1:{_sha1(body)}"


def _normalise_url(url: str) -> str | None:
    try:
        parts = urlsplit(unwrap_archive(url.strip()))
        host, port = parts.hostname, parts.port
    except ValueError:  # a malformed host or port: no usable address
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p))
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), query, ""))


def _sha1(text: str) -> str:
    # surrogatepass: JSON may carry lone surrogates, which must hash, not crash.
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _record(origin: str, body: str, *, html: bool, url: str | None = None,
            title: str | None = None, published: str | None = None,
            outlet: str | None = None) -> RawRecord:
    return RawRecord(key=record_key(url, body), origin=origin, body=body, html=html,
                     raw_hash=_sha1(body), title=title or None, url=url or None,
                     published=published or None, outlet=outlet or None)


def iter_records(sources: Sequence[str], options: SourceOptions) -> Iterator[RawRecord | Skip]:
    """Yield one :class:`RawRecord` per article found in ``sources``, or a :class:`Skip`.

    A source is a file, a folder (read recursively in sorted order, hidden names
    skipped) or, with ``options.fetch``, an http(s) feed or page URL. Never raises
    on bad input.
    """
    for source in sources:
        if not source.strip():  # Path("") is the working folder: never read it by accident
            yield Skip(source, "an empty source name; give a file, folder or URL")
        elif _URL.match(source):
            yield from _read_url(source, options)
        else:
            yield from _read_path(Path(source), options, seen=set())


def _read_path(path: Path, options: SourceOptions, seen: set[Path]) -> Iterator[RawRecord | Skip]:
    if not path.is_dir():
        yield from _read_file(path, options)
        return
    real = path.resolve()
    if real in seen:  # a symlink loop would otherwise recurse for ever
        return
    seen.add(real)
    try:
        children = sorted(path.iterdir())
    except OSError as exc:
        yield Skip(str(path), _os_reason(exc))
        return
    for child in children:
        if not child.name.startswith("."):
            yield from _read_path(child, options, seen)


def _open(path: Path, compressed: bool) -> BinaryIO:
    return cast(BinaryIO, gzip.open(path, "rb")) if compressed else path.open("rb")


def _read_file(path: Path, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    name = str(path)
    if path.exists() and not path.is_file():  # opening a pipe would wait for ever
        yield Skip(name, "not a regular file (a pipe, socket or device)")
        return
    compressed = False
    try:
        with path.open("rb") as stream:
            start = stream.read(_HEAD * 4)
        compressed = start.startswith(_GZIP)
        # A decompressor, not gzip.open: a truncated file must still show its first bytes.
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        head = inflate.decompress(start, _HEAD) if compressed else start[:_HEAD]
    except (OSError, zlib.error) as exc:
        yield Skip(name, _os_reason(exc))
        return
    if not head:
        cut = compressed and not inflate.eof
        yield Skip(name, "truncated or corrupt gzip data (it ends before any content)" if cut
                   else "empty file")
        return
    kind = _format(path, head)
    try:
        if kind == "warc":
            yield from _read_warc(path, options)
        elif kind == "jsonl":
            yield from _read_jsonl(path, compressed, head, options)
        else:
            yield from _read_whole(path, compressed, kind, options)
    except (OSError, EOFError, zlib.error) as exc:
        yield Skip(name, _os_reason(exc))


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
        return f"truncated or corrupt gzip data ({_one_line(exc)})"
    return f"cannot read ({getattr(exc, 'strerror', None) or _one_line(exc)})"


def _one_line(exc: BaseException, origin: str = "") -> str:
    """The error's message on one line, without the ``origin: `` prefix the readers put first."""
    message = " ".join(str(exc).split())[:200] or type(exc).__name__
    return message.removeprefix(f"{origin}: ") if origin else message


def _format(path: Path, head: bytes) -> str:
    """text, html, jsonl, warc or feed: strong signatures in the bytes beat the extension."""
    if head.startswith(b"WARC/"):
        return "warc"
    if _FEED.match(head.lstrip(b"\xef\xbb\xbf")):
        return "feed"
    name = path.name.lower().removesuffix(".gz")
    by_name = _EXTENSIONS.get(Path(name).suffix)
    if by_name:
        return by_name
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "jsonl"
    return "html" if looks_like_html(head.decode("utf-8", "replace")) else "text"


def _read_whole(path: Path, compressed: bool, kind: str,
                options: SourceOptions) -> Iterator[RawRecord | Skip]:
    name = str(path)
    try:
        if not compressed:
            check_size(path.stat().st_size, options.max_bytes, name)
        with _open(path, compressed) as stream:
            # Read one byte past the cap so a gzip bomb is refused, not inflated.
            data = stream.read(options.max_bytes + 1)
        check_size(len(data), options.max_bytes, name)
        if kind == "feed":
            yield from _read_feed(data, name, options)
            return
        text = decode(data, name)
    except StorydiffError as exc:
        yield Skip(name, _one_line(exc, name))
        return
    if not text.strip():
        yield Skip(name, "empty file")
        return
    html = kind == "html" or looks_like_html(text)
    # A text file's first line is its title, by the same rule as ``storydiff compare``.
    title = None if html else next(line.strip() for line in text.splitlines() if line.strip())
    yield _record(name, text, html=html, title=title)


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Number and bytes of each line; ``None`` for a line over ``limit``, never held whole."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _read_jsonl(path: Path, compressed: bool, head: bytes,
                options: SourceOptions) -> Iterator[RawRecord | Skip]:
    name = str(path)
    try:
        decode(head, name)
    except BinaryInputError as exc:
        # A binary file named .jsonl would otherwise give one Skip per "line".
        yield Skip(name, _one_line(exc, name))
        return
    except StorydiffError:
        pass  # a head cut mid-character may not decode; each line is checked below
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        yield Skip(name, "a JSON array, not JSONL; give one JSON object per line")
        return
    number = 0
    try:
        with _open(path, compressed) as stream:
            for number, line in _lines(stream, options.max_bytes):
                origin = f"{name}:{number}"
                if line is None:
                    yield Skip(origin, f"line is over the {options.max_bytes:,}-byte limit; "
                                       "pass --max-bytes to raise it")
                elif line.strip():
                    yield _jsonl_record(line, origin, first=number == 1, options=options)
    except (OSError, EOFError, zlib.error) as exc:
        yield Skip(f"{name}:{number + 1}", f"{_os_reason(exc)}; "
                                           f"the {number} line(s) before it were read")


def _jsonl_record(line: bytes, origin: str, *, first: bool,
                  options: SourceOptions) -> RawRecord | Skip:
    try:
        text = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        return Skip(origin, "not valid UTF-8; convert the file to UTF-8")
    try:
        item = json.loads(text)
    except ValueError as exc:
        return Skip(origin, f"not valid JSON ({_one_line(exc)}); each line must be one JSON object")
    if not isinstance(item, dict):
        return Skip(origin, f"a JSON {type(item).__name__}, not an object; "
                            "each line must be one JSON object")
    body = _field(item, "text", options)
    if body is None:
        tried = options.fields.get("text") or ", ".join(DEFAULT_FIELDS["text"])
        return Skip(origin, f"no article text (tried {tried}); pass --field text=NAME")
    if not body.strip():
        return Skip(origin, "the article text is empty")
    url = _field(item, "url", options)
    return _record(origin, body, html=looks_like_html(body), url=url,
                   title=_field(item, "title", options),
                   published=_field(item, "published", options),
                   outlet=_field(item, "outlet", options))


def _field(item: Mapping[str, Any], logical: str, options: SourceOptions) -> str | None:
    mapped = options.fields.get(logical)
    for name in (mapped,) if mapped else DEFAULT_FIELDS[logical]:
        value: Any = item
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            # Lone surrogates from JSON escapes would break every later stage.
            return value.encode("utf-8", "replace").decode("utf-8")
    return None


def _read_warc(path: Path, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    from warcio.archiveiterator import ArchiveIterator

    name = str(path)
    end, count = 0, 0
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        while True:
            item: RawRecord | Skip | None = None
            try:
                record = next(records)
                if record.rec_type == "response":  # requests, metadata, warcinfo: never articles
                    item = _warc_record(record, records, name, options)
                end = records.get_record_offset() + records.get_record_length()
                # A record cut short keeps bytes owed: its Content-Length promised more.
                cut = getattr(record.raw_stream, "limit", 0) > 0
            except StopIteration:
                break
            except Exception as exc:  # warcio and zlib raise many types on a broken archive
                yield _broken_warc(f"{name}@{end}", _one_line(exc), count)
                return
            if cut:
                yield _broken_warc(f"{name}@{end}", "the last record is cut short", count)
                return
            if item is not None:
                count += 1
                yield item
        # warcio ends quietly at a gzip member it cannot read; bytes left over mean a broken tail.
        stream.seek(end)
        tail = stream.read(_HEAD)
    if tail.strip(b"\r\n\t \x00"):
        yield _broken_warc(f"{name}@{end}", "unreadable data after the last whole record", count)
    elif not count:
        yield Skip(name, "no HTTP responses in this WARC file")


def _broken_warc(origin: str, problem: str, count: int) -> Skip:
    return Skip(origin, f"truncated or corrupt WARC ({problem}); "
                        f"the {count} response(s) before it were read")


def _warc_record(record: Any, records: Any, name: str, options: SourceOptions) -> RawRecord | Skip:
    url = record.rec_headers.get_header("WARC-Target-URI")
    headers = record.http_headers
    problem = None
    if headers is None:
        problem = "a WARC response without HTTP headers"
    elif (status := headers.get_statuscode()) != "200":
        problem = f"HTTP status {status}, not a page"
    elif "html" not in (content_type := headers.get_header("Content-Type") or "").lower():
        problem = f"not an HTML page ({content_type or 'no content type'})"
    else:
        data = record.content_stream().read(options.max_bytes + 1)
    # Only known once the payload is read: asking earlier makes warcio skip it.
    origin = f"{name}@{records.get_record_offset()}"
    if problem:
        return Skip(origin, problem, key=_url_key(url))
    try:
        check_size(len(data), options.max_bytes, origin)
        text = decode(data, origin)
    except StorydiffError as exc:
        return Skip(origin, _one_line(exc, origin), key=_url_key(url))
    if not text.strip():
        return Skip(origin, "empty page", key=_url_key(url))
    return _record(origin, text, html=True, url=url,
                   published=record.rec_headers.get_header("WARC-Date"))


def _url_key(url: str | None) -> str | None:
    normal = _normalise_url(url) if url else None
    return f"url:{normal}" if normal else None


def _read_url(url: str, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    if not options.fetch:
        yield Skip(url, "a URL; pass --fetch to fetch URLs", key=_url_key(url))
        return
    fetched = _fetch(url, options)
    if isinstance(fetched, Skip):
        yield fetched
        return
    data, content_type = fetched
    if content_type in _FEED_TYPES or _FEED.match(data[:_HEAD].lstrip(b"\xef\xbb\xbf")):
        yield from _read_feed(data, url, options)
        return
    page = _page(url, data, content_type)
    yield page if isinstance(page, Skip) else _record(url, page, html=True, url=url)


def _read_feed(data: bytes, origin: str, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        yield Skip(origin, f"not a readable RSS or Atom feed ({_one_line(problem)})" if problem
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
    if options.fetch and link and _URL.match(link):
        fetched = _fetch(link, options)
        page = fetched if isinstance(fetched, Skip) else _page(link, *fetched)
        if isinstance(page, str):
            yield _record(link, page, html=True, url=link, title=title, published=published,
                          outlet=outlet)
            return
        yield page
        # The entry's own text stands in for the page only when it is a report, not a teaser.
        if len(re.findall(r"\w+", re.sub(r"<[^>]*>", " ", body))) < MIN_WORDS:
            return
    elif not body.strip():
        hint = "; pass --fetch to fetch the page it links to" if link else ""
        yield Skip(origin, f"the feed entry has no text{hint}", key=_url_key(link))
        return
    yield _record(origin, body, html=html, url=link, title=title, published=published,
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
        return Skip(url, _one_line(exc, url), key=_url_key(url))


def _page(url: str, data: bytes, content_type: str) -> str | Skip:
    try:
        text = decode(data, url)
    except StorydiffError as exc:
        return Skip(url, _one_line(exc, url), key=_url_key(url))
    if "html" not in content_type and not looks_like_html(text):
        return Skip(url, f"not an HTML page ({content_type or 'no content type'})", key=_url_key(url))
    return text
