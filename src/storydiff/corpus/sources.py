"""Read corpus sources (files, folders, feed URLs) into :class:`RawRecord` items.

This is the edge of corpus mode: the only place that opens files or the network.
Every problem with one input becomes a :class:`Skip` with a one-line reason and
reading goes on, so one broken file in a crawl of thousands costs one log line.
JSONL and WARC files are streamed; JSON documents, feeds, text and HTML files are read
whole, up to ``max_bytes``. Feeds and URLs are read in :mod:`.feeds`, WARC in :mod:`.warc`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, cast
from urllib.parse import urlsplit, urlunsplit

from ..errors import BinaryInputError, StorydiffError, UsageError
from ..models import RawRecord, Skip
from ..options import DEFAULT_MAX_BYTES
from ..readers import looks_like_html
from ..readers.decode import check_size, decode
from ..readers.outlets import unwrap_archive

__all__ = ["DEFAULT_FIELDS", "SourceOptions", "iter_records", "record_key"]

log = logging.getLogger("storydiff.ingest")

#: JSON field names tried, in order, for each logical field when none is mapped.
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

    #: Logical name (text, title, published, url, id, outlet) → JSON field name;
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


URL = re.compile(r"^https?://", re.IGNORECASE)
FEED = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*"
                  rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL)
HEAD = 4096
_TRACKING = re.compile(r"^(?:utm_[^=]*|fbclid|gclid)(?:=|$)", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: What a file is read as, by its name. A folder's files are read only with one of these
#: (or no extension): a README or a script beside the articles is no source, so no Skip.
_EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
               ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".warc": "warc",
               ".rss": "feed", ".xml": "feed", ".atom": "feed"}
#: Keys under which JSON APIs and dumps commonly put their list of articles.
_JSON_LISTS = ("articles", "items", "data", "results", "documents")
_JSON_ARRAY = re.compile(rb"\[\s*[{\]]")  # "[" alone is no sign: a text may open with "[Updated]"
_BLANK = b"\xef\xbb\xbf \t\r\n"
_GZIP = b"\x1f\x8b"


def record_key(url: str | None, body: str) -> str:
    """A record's identity: ``url:`` + the normalised URL, else ``sha1:`` + the body's hash.

    Web-archive addresses are unwrapped, scheme and host lowercased, default ports,
    fragments, ``utm_*``/``fbclid``/``gclid`` parameters and a trailing slash dropped,
    so the same report reached by different links gets one key.
    """
    return url_key(url) or f"sha1:{_sha1(body)}"


def url_key(url: str | None) -> str | None:
    """The ``url:`` key of :func:`record_key`, so a Skip can name its record; else ``None``."""
    try:
        parts = urlsplit(unwrap_archive(url.strip() if url else ""))
        host, port = parts.hostname, parts.port
    except ValueError:  # a malformed host or port: no usable address
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p))
    return "url:" + urlunsplit((scheme, netloc, parts.path.rstrip("/"), query, ""))


def _sha1(text: str) -> str:
    # surrogatepass: JSON may carry lone surrogates, which must hash, not crash.
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def make_record(origin: str, body: str, *, html: bool, url: str | None = None,
                title: str | None = None, published: str | None = None,
                outlet: str | None = None) -> RawRecord:
    return RawRecord(key=record_key(url, body), origin=origin, body=body, html=html,
                     raw_hash=_sha1(body), title=title or None, url=url or None,
                     published=published or None, outlet=outlet or None)


def one_line(exc: BaseException, origin: str = "") -> str:
    """The error's message on one line, without the ``origin: `` prefix the readers put first."""
    message = " ".join(str(exc).split())[:200] or type(exc).__name__
    return message.removeprefix(f"{origin}: ") if origin else message


def iter_records(sources: Sequence[str], options: SourceOptions) -> Iterator[RawRecord | Skip]:
    """Yield one :class:`RawRecord` per article found in ``sources``, or a :class:`Skip`.

    A source is a file, a folder (read recursively in sorted order, passing over hidden
    names and files with no article, feed or data extension) or, with ``options.fetch``,
    an http(s) feed or page URL. Never raises on bad input.
    """
    for source in sources:
        if not source.strip():  # Path("") is the working folder: never read it by accident
            yield Skip(source, "an empty source name; give a file, folder or URL")
        elif URL.match(source):
            from .feeds import read_url  # here, not at the top: feeds imports this module

            yield from read_url(source, options)
        else:
            found = False
            for item in _read_path(Path(source), options, seen=set()):
                found = True
                yield item
            # A folder named on purpose that gives nothing at all deserves one line saying why.
            if not found and Path(source).is_dir():
                yield Skip(source, "no article, feed or data files in this folder (.txt, .html, .json, "
                                   ".jsonl, .warc, .rss, .xml, …); name a file to read it whatever its name")


def _read_path(path: Path, options: SourceOptions, seen: set[Path],
               in_folder: bool = False) -> Iterator[RawRecord | Skip]:
    if not path.is_dir():
        yield from _read_file(path, options, in_folder=in_folder)
        return
    real = path.resolve()
    if real in seen:  # a symlink loop would otherwise recurse for ever
        return
    seen.add(real)
    try:
        children = sorted(path.iterdir())
    except OSError as exc:
        yield Skip(str(path), os_reason(exc))
        return
    for child in (c for c in children if not c.name.startswith(".")):
        if child.is_dir() or not _suffix(child) or _suffix(child) in _EXTENSIONS:
            yield from _read_path(child, options, seen, in_folder=True)
        else:
            log.debug("passed over %s: not an article, feed or data file by its name", child)


def _suffix(path: Path) -> str:
    return Path(path.name.lower().removesuffix(".gz")).suffix


def _open(path: Path, compressed: bool) -> BinaryIO:
    return cast(BinaryIO, gzip.open(path, "rb")) if compressed else path.open("rb")


def _read_file(path: Path, options: SourceOptions, in_folder: bool) -> Iterator[RawRecord | Skip]:
    name = str(path)
    if path.exists() and not path.is_file():  # opening a pipe would wait for ever
        yield Skip(name, "not a regular file (a pipe, socket or device)")
        return
    try:
        with path.open("rb") as stream:
            start = stream.read(HEAD * 4)
        compressed = start.startswith(_GZIP)
        # A decompressor, not gzip.open: a truncated file must still show its first bytes.
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        head = inflate.decompress(start, HEAD) if compressed else start[:HEAD]
    except (OSError, zlib.error) as exc:
        yield Skip(name, os_reason(exc))
        return
    kind = _format(path, head)
    if in_folder and kind == "text" and not _suffix(path):
        # LICENSE, Makefile and the like: only a clear signature makes a nameless file a source.
        log.debug("passed over %s: no extension and neither HTML, JSON, a feed nor a WARC", name)
        return
    if not head:
        cut = compressed and not inflate.eof
        yield Skip(name, "truncated or corrupt gzip data (it ends before any content)" if cut
                   else "empty file")
        return
    try:
        if kind == "warc":
            from .warc import read_warc  # here, not at the top: warc imports this module

            yield from read_warc(path, options)
        elif kind in ("json", "jsonl") and (binary := _binary(head, name)):
            yield binary
        elif kind in ("json", "jsonl"):
            yield from (_read_json(path, compressed, head, options) if kind == "json"
                        else _read_jsonl(path, compressed, options))
        else:
            yield from _read_whole(path, compressed, kind, options)
    except (OSError, EOFError, zlib.error) as exc:
        yield Skip(name, os_reason(exc))


def os_reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
        return f"truncated or corrupt gzip data ({one_line(exc)})"
    return f"cannot read ({getattr(exc, 'strerror', None) or one_line(exc)})"


def _format(path: Path, head: bytes) -> str:
    """text, html, json, jsonl, warc or feed: strong signatures in the bytes beat the extension."""
    if head.startswith(b"WARC/"):
        return "warc"
    if FEED.match(head.lstrip(b"\xef\xbb\xbf")):
        return "feed"
    by_name = _EXTENSIONS.get(_suffix(path))
    start = head.lstrip(_BLANK)
    if by_name == "jsonl" and start.startswith(b"["):
        return "json"  # no JSONL line is an array: this is one JSON document
    if by_name:
        return by_name
    # "{" may open JSONL or a pretty-printed document; the JSON reader tells them apart.
    if start.startswith(b"{") or _JSON_ARRAY.match(start):
        return "json"
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
            from .feeds import read_feed  # here, not at the top: feeds imports this module

            yield from read_feed(data, name, options)
            return
        text = decode(data, name)
    except StorydiffError as exc:
        yield Skip(name, one_line(exc, name))
        return
    if not text.strip():
        yield Skip(name, "empty file")
        return
    html = kind == "html" or looks_like_html(text)
    # A text file's first line is its title, by the same rule as ``storydiff compare``.
    title = None if html else next(line.strip() for line in text.splitlines() if line.strip())
    yield make_record(name, text, html=html, title=title)


def _binary(head: bytes, name: str) -> Skip | None:
    """A Skip for a binary file, which as JSON would give one Skip per "line"."""
    try:
        decode(head, name)
    except BinaryInputError as exc:
        return Skip(name, one_line(exc, name))
    except StorydiffError:
        pass  # a head cut mid-character may not decode; the parser checks the whole
    return None


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


def _read_jsonl(path: Path, compressed: bool, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    name, number = str(path), 0
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
        yield Skip(f"{name}:{number + 1}", f"{os_reason(exc)}; "
                                           f"the {number} line(s) before it were read")


def _jsonl_record(line: bytes, origin: str, *, first: bool,
                  options: SourceOptions) -> RawRecord | Skip:
    try:
        item = json.loads(line.decode("utf-8-sig" if first else "utf-8"))
    except UnicodeDecodeError:
        return Skip(origin, "not valid UTF-8; convert the file to UTF-8")
    except ValueError as exc:
        return Skip(origin, f"not valid JSON ({one_line(exc)}); each line must be one JSON object")
    return _item_record(item, origin, options, "each line must be one JSON object")


def _read_json(path: Path, compressed: bool, head: bytes,
               options: SourceOptions) -> Iterator[RawRecord | Skip]:
    name = str(path)
    try:
        with _open(path, compressed) as stream:
            data = stream.read(options.max_bytes + 1)
        document, problem = _parse(data, options.max_bytes)
    except (EOFError, zlib.error) as exc:  # cut short: if it is JSONL, the lines before the cut count
        data, document, problem = head, None, os_reason(exc)
    if not problem:
        yield from _json_records(document, name, options)
    # Many dumps name their JSONL .json: a whole object on the first line says so.
    elif _is_object(data.lstrip(_BLANK).split(b"\n", 1)[0]):
        yield from _read_jsonl(path, compressed, options)
    else:
        yield Skip(name, problem)


def _parse(data: bytes, max_bytes: int) -> tuple[Any, str]:
    """The JSON document in ``data``, or why there is none."""
    if len(data) > max_bytes:
        return None, (f"over the {max_bytes:,}-byte limit for one JSON document; "
                      "give it as JSONL (one object per line) or pass --max-bytes")
    try:
        return json.loads(data), ""
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[…" nested too deep
        return None, f"not valid JSON ({one_line(exc)})"


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _json_records(document: Any, name: str, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    """One record per article in a JSON document; one Skip for one with none (a config, a gold file)."""
    if isinstance(document, dict) and _field(document, "text", options) is not None:
        yield _item_record(document, name, options, "")
        return
    keyed = document if isinstance(document, dict) else {}
    lists = [document] if isinstance(document, list) else [
        keyed[key] for key in _JSON_LISTS if isinstance(keyed.get(key), list)]
    for items in lists:
        if any(isinstance(item, dict) and _field(item, "text", options) is not None for item in items):
            for number, item in enumerate(items, 1):
                yield _item_record(item, f"{name}#{number}", options, "each item must be one JSON object")
            return
    yield Skip(name, f"no articles: expected a list of objects with a text field ({_tried(options)}); "
                     "pass --field text=NAME if it has another name")


def _tried(options: SourceOptions) -> str:
    return options.fields.get("text") or ", ".join(DEFAULT_FIELDS["text"])


def _item_record(item: Any, origin: str, options: SourceOptions, rule: str) -> RawRecord | Skip:
    if not isinstance(item, dict):
        return Skip(origin, f"a JSON {type(item).__name__}, not an object; {rule}")
    body = _field(item, "text", options)
    if body is None:
        return Skip(origin, f"no article text (tried {_tried(options)}); pass --field text=NAME")
    if not body.strip():
        return Skip(origin, "the article text is empty")
    fields = {name: _field(item, name, options) for name in ("url", "title", "published", "outlet")}
    return make_record(origin, body, html=looks_like_html(body), **fields)


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
