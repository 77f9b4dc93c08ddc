"""Read the HTML pages of a WARC crawl. Part of :mod:`.sources`.

A crawl holds far more than pages: requests, metadata, images, scripts, redirects and
errors. Those are no articles, so they are passed over with a debug line, not reported
as Skips; only a page that cannot be used (undecodable, oversized, cut short) is one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import StorydiffError
from ..models import RawRecord, Skip
from ..readers.decode import check_size, decode
from .sources import HEAD, SourceOptions, make_record, one_line, url_key

__all__ = ["read_warc"]

log = logging.getLogger("storydiff.ingest")


def read_warc(path: Path, options: SourceOptions) -> Iterator[RawRecord | Skip]:
    """One record per HTML page (a ``response`` with status 200 and an HTML type), at ``path@offset``."""
    from warcio.archiveiterator import ArchiveIterator

    name = str(path)
    end, pages, others = 0, 0, 0
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        while True:
            try:
                record = next(records)
                item = _page(record, records, name, options)
                end = records.get_record_offset() + records.get_record_length()
                # A record cut short keeps bytes owed: its Content-Length promised more.
                cut = getattr(record.raw_stream, "limit", 0) > 0
            except StopIteration:
                break
            except Exception as exc:  # warcio and zlib raise many types on a broken archive
                yield _broken(f"{name}@{end}", one_line(exc), pages)
                return
            if cut:
                yield _broken(f"{name}@{end}", "the last record is cut short", pages)
                return
            if item is None:
                others += 1
            else:
                pages += 1
                yield item
        # warcio ends quietly at a gzip member it cannot read; bytes left over mean a broken tail.
        stream.seek(end)
        tail = stream.read(HEAD)
    if tail.strip(b"\r\n\t \x00"):
        yield _broken(f"{name}@{end}", "unreadable data after the last whole record", pages)
    elif not pages:
        yield Skip(name, f"no HTML pages in this WARC file (its {others} record(s) are requests, "
                         "metadata, other files or responses without status 200)")


def _broken(origin: str, problem: str, pages: int) -> Skip:
    return Skip(origin, f"truncated or corrupt WARC ({problem}); "
                        f"the {pages} page(s) before it were read")


def _page(record: Any, records: Any, name: str, options: SourceOptions) -> RawRecord | Skip | None:
    """The record for an HTML page, a Skip for an unusable one, ``None`` for anything else."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    headers = record.http_headers
    if record.rec_type != "response":
        other = f"a {record.rec_type} record"
    elif headers is None:
        other = "a response without HTTP headers"
    elif (status := headers.get_statuscode()) != "200":
        other = f"HTTP status {status}"
    elif "html" not in (content_type := headers.get_header("Content-Type") or "").lower():
        other = content_type or "no content type"
    else:
        other = ""
    if other:
        log.debug("passed over %s in %s: %s", url or "a record", name, other)
        return None
    data = record.content_stream().read(options.max_bytes + 1)
    # Only known once the payload is read: asking earlier makes warcio skip it.
    origin = f"{name}@{records.get_record_offset()}"
    try:
        check_size(len(data), options.max_bytes, origin)
        text = decode(data, origin)
    except StorydiffError as exc:
        return Skip(origin, one_line(exc, origin), key=url_key(url))
    if not text.strip():
        return Skip(origin, "empty page", key=url_key(url))
    return make_record(origin, text, html=True, url=url,
                       published=record.rec_headers.get_header("WARC-Date"))
