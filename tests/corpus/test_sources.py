"""Corpus sources and the extract stage, on files each test writes itself."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from storydiff.corpus.extract import extract, extract_batch, normalise_date, text_hash
from storydiff.corpus.sources import SourceOptions, iter_records, record_key
from storydiff.errors import UsageError
from storydiff.models import RawRecord, Record, Skip

# Invented reports: names, places and numbers exist nowhere else.
FERRY = (
    "The Harwick Sound ferry service will run two extra crossings each day from next month, "
    "the Orla Bay transport board said on Monday. Board chair Tamsin Quell said the change "
    "followed a rise of 40 percent in passengers since the new pier at Lune Point opened."
)
LIBRARY = (
    "A fire damaged the reading room of the Castlebrook public library on Sunday night, and "
    "the building will stay closed for at least three weeks. Fire officer Amos Derring said "
    "the blaze started in a storage cupboard and was put out within an hour by two crews."
)
ORCHARD = (
    "Growers in the Pellin Valley expect their smallest apple harvest in a decade after a late "
    "frost in April, the valley growers' cooperative said. Its manager, Ines Varrow, said "
    "about 1,200 tonnes would be picked this autumn, down from nearly 3,000 last year."
)


def page(title: str, text: str, *, date: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
            f"<nav>Home | World | Sport</nav><article><h1>{title}</h1><p>{text}</p></article>"
            "<footer>Contact us</footer></body></html>")


def read(*sources: str | Path, **options: object) -> list[RawRecord | Skip]:
    return list(iter_records([str(s) for s in sources], SourceOptions(**options)))  # type: ignore[arg-type]


def kept(items: list[RawRecord | Skip]) -> list[RawRecord]:
    return [i for i in items if isinstance(i, RawRecord)]


def skipped(items: list[RawRecord | Skip]) -> list[Skip]:
    return [i for i in items if isinstance(i, Skip)]


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


# ---------------------------------------------------------------- readers


def test_text_file_is_one_record_with_its_title_line(tmp_path: Path) -> None:
    path = tmp_path / "ferry.txt"
    body = f"Ferry adds crossings\n\n{FERRY}\n"
    path.write_text(body)
    [raw] = read(path)
    assert isinstance(raw, RawRecord)
    assert (raw.origin, raw.html, raw.url, raw.title) == (str(path), False, None, "Ferry adds crossings")
    assert raw.key == f"sha1:{sha1(body)}" and raw.raw_hash == sha1(body)
    record = extract(raw)
    assert isinstance(record, Record)
    assert record.article.title == "Ferry adds crossings"
    assert record.article.text.startswith("The Harwick Sound ferry")
    assert record.language == "en" and record.origin == str(path)


def test_text_in_a_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(f"Café reopens\n{FERRY} The café at the pier reopens.".encode("cp1252"))
    [raw] = read(path)
    assert isinstance(raw, RawRecord) and "The café at the pier" in raw.body


def test_html_page_is_read_as_html_and_keeps_its_own_date(tmp_path: Path) -> None:
    path = tmp_path / "library.html"
    path.write_text(page("Library fire closes reading room", LIBRARY, date="2025-02-09"))
    [raw] = read(path)
    assert isinstance(raw, RawRecord) and raw.html
    record = extract(raw)
    assert isinstance(record, Record)
    assert "Castlebrook" in record.article.text and "Contact us" not in record.article.text
    assert record.article.published == "2025-02-09"


def test_jsonl_reads_each_line_with_default_field_names(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    lines = [
        {"title": "Ferry adds crossings", "content": FERRY, "url": "https://harwick-news.example/ferry",
         "date": "Mon, 03 Mar 2025 09:30:00 +0000", "outlet": "Harwick News"},
        {"headline": "Library fire", "maintext": f"<p>{LIBRARY}</p>", "link": "https://cb.example/fire"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n")
    first, second = read(path)
    assert isinstance(first, RawRecord) and isinstance(second, RawRecord)
    assert (first.origin, second.origin) == (f"{path}:1", f"{path}:2")
    assert first.key == "url:https://harwick-news.example/ferry" and not first.html
    assert (first.title, first.outlet) == ("Ferry adds crossings", "Harwick News")
    assert second.html and second.title == "Library fire"
    record = extract(first)
    assert isinstance(record, Record)
    assert record.article.title == "Ferry adds crossings"
    assert record.article.text.startswith("The Harwick Sound")
    assert record.article.published == "2025-03-03T09:30:00+00:00"
    assert record.article.outlet == "Harwick News"


def test_jsonl_gz_with_a_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    item = {"story": {"body": ORCHARD}, "heading": "Frost cuts harvest", "address": "http://pv.example/x",
            "when": "2024-10-01T08:00:00Z"}
    with gzip.open(path, "wt") as stream:
        stream.write(json.dumps(item) + "\n")
    fields = {"text": "story.body", "title": "heading", "url": "address", "published": "when"}
    [raw] = read(path, fields=fields)
    assert isinstance(raw, RawRecord)
    assert (raw.body, raw.title, raw.url) == (ORCHARD, "Frost cuts harvest", "http://pv.example/x")
    record = extract(raw)
    assert isinstance(record, Record) and record.article.published == "2024-10-01T08:00:00+00:00"


ARTICLES = [
    {"title": "Ferry adds crossings", "text": FERRY, "url": "https://harwick-news.example/ferry"},
    {"headline": "Library fire", "body": f"<p>{LIBRARY}</p>", "date": "2025-02-09"},
    {"title": "Frost cuts harvest", "content": ORCHARD, "outlet": "Pellin Valley Post"},
]


def test_json_array_gives_one_record_per_article(tmp_path: Path) -> None:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(ARTICLES, indent=2))  # pretty-printed: one document, not lines
    items = read(path)
    assert not skipped(items)
    first, second, third = kept(items)
    assert [r.origin for r in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert first.key == "url:https://harwick-news.example/ferry" and first.title == "Ferry adds crossings"
    assert second.html and (second.title, second.published) == ("Library fire", "2025-02-09")
    assert third.body == ORCHARD and third.outlet == "Pellin Valley Post"


@pytest.mark.parametrize("key", ["articles", "items", "data", "results", "documents"])
def test_json_object_with_a_list_of_articles(tmp_path: Path, key: str) -> None:
    path = tmp_path / "api.json.gz"
    document = {"status": "ok", "total": 3, "meta": [{"page": 1}], key: ARTICLES}
    path.write_bytes(gzip.compress(json.dumps(document, indent=1).encode()))
    items = read(path)
    assert [type(i) for i in items] == [RawRecord] * 3
    assert [i.origin for i in items] == [f"{path}#{n}" for n in (1, 2, 3)]


def test_json_object_that_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "ferry.json"
    path.write_text(json.dumps({"story": {"body": FERRY}, "title": "Ferry adds crossings"}, indent=4))
    [raw] = read(path, fields={"text": "story.body"})
    assert isinstance(raw, RawRecord) and raw.origin == str(path) and raw.body == FERRY


@pytest.mark.parametrize("document", [
    {"version": 2, "pairs": [{"a": "ferry-1", "b": "ferry-2", "label": "same story"}],
     "thresholds": {"near_copy": 0.8}},
    [{"id": "ferry-1", "story": 4}, {"id": "library-1", "story": 7}],
    {"items": [1, 2, 3], "data": []},
])
def test_json_without_articles_is_one_skip(tmp_path: Path, document: object) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(document, indent=2))
    [skip] = read(path)
    assert isinstance(skip, Skip) and skip.origin == str(path)
    assert skip.reason.startswith("no articles: expected a list of objects with a text field (content, ")


def test_json_list_items_without_text_are_skipped_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([{"text": FERRY}, {"title": "no text"}, "a string", {"text": LIBRARY}]))
    items = read(path)
    assert [i.origin for i in kept(items)] == [f"{path}#1", f"{path}#4"]
    reasons = [s.reason for s in skipped(items)]
    assert reasons[0].startswith("no article text (tried content, text")
    assert reasons[1] == "a JSON str, not an object; each item must be one JSON object"


def test_oversized_json_document_is_one_skip_suggesting_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(ARTICLES, indent=2))
    [skip] = read(path, max_bytes=500)
    assert isinstance(skip, Skip)
    assert skip.reason.startswith("over the 500-byte limit for one JSON document; give it as JSONL")


@pytest.mark.parametrize("max_bytes", [100_000, 700])
def test_jsonl_named_json_is_still_read_line_by_line(tmp_path: Path, max_bytes: int) -> None:
    path = tmp_path / "dump.json"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    items = read(path, max_bytes=max_bytes)
    assert [i.origin for i in kept(items)] == [f"{path}:1", f"{path}:2", f"{path}:3"]


def test_json_is_sniffed_in_files_without_a_json_extension(tmp_path: Path) -> None:
    bare, lines, note = tmp_path / "export", tmp_path / "array.jsonl", tmp_path / "note"
    bare.write_text("\n  " + json.dumps(ARTICLES[:2], indent=2))
    lines.write_text(json.dumps(ARTICLES[2:]))  # an array is never JSONL, whatever the name says
    note.write_text(f"[Updated] Ferry adds crossings\n{FERRY}")  # "[" alone is no JSON
    items = read(bare, lines, note)
    assert [i.origin for i in kept(items)] == [f"{bare}#1", f"{bare}#2", f"{lines}#1", str(note)]
    assert kept(items)[-1].title == "[Updated] Ferry adds crossings"


def test_unknown_field_name_is_refused_with_the_valid_names() -> None:
    with pytest.raises(UsageError, match="valid names: text, title"):
        SourceOptions(fields={"body": "x"})


Response = tuple[str, str, str, bytes]  # URL, status line, content type, payload

CRAWL: list[Response] = [
    ("https://orla.example/ferry?utm_source=x", "200 OK", "text/html; charset=utf-8",
     page("Ferry adds crossings", FERRY).encode()),
    ("https://orla.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 50),
    ("https://orla.example/gone", "404 Not Found", "text/html", b"<html>Not found</html>"),
    ("https://orla.example/library", "200 OK", "text/html", page("Library fire", LIBRARY).encode()),
]


def write_warc(path: Path, responses: list[Response] = CRAWL, *, truncate: bool = False,
               compress: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
    request = b"GET /ferry HTTP/1.1\r\n\r\n"
    writer.write_record(writer.create_warc_record("https://orla.example/ferry", "request",
                                                  payload=io.BytesIO(request), length=len(request)))
    metadata = b"outlinks: https://orla.example/library\r\n"
    writer.write_record(writer.create_warc_record("https://orla.example/ferry", "metadata",
                                                  payload=io.BytesIO(metadata), length=len(metadata)))
    for url, status, content_type, payload in responses:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2025-03-04T12:00:00Z"}))
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - 300] if truncate else data)


def test_warc_keeps_html_pages_and_passes_over_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    items = read(path)
    assert not skipped(items)  # the image and the 404 are no articles, so no Skips either
    good = kept(items)
    assert [r.url for r in good] == ["https://orla.example/ferry?utm_source=x", "https://orla.example/library"]
    assert good[0].key == "url:https://orla.example/ferry"
    assert good[0].published == "2025-03-04T12:00:00Z" and good[0].html
    assert all(r.origin.startswith(f"{path}@") for r in items)
    record = extract(good[0])
    # The page has no date of its own, so the crawl date stands in.
    assert isinstance(record, Record) and record.article.published == "2025-03-04T12:00:00+00:00"


def test_warc_passes_over_assets_errors_and_redirects_silently(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "site.warc"
    write_warc(path, [
        ("https://cb.example/logo.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff" + b"1" * 40),
        ("https://cb.example/site.css", "200 OK", "text/css", b"body { color: #333 }"),
        ("https://cb.example/app.js", "200 OK", "application/javascript", b"let x = 1;"),
        ("https://cb.example/report.pdf", "200 OK", "application/pdf", b"%PDF-1.4 ..."),
        ("https://cb.example/old", "301 Moved Permanently", "text/html", b"<html>moved</html>"),
        ("https://cb.example/missing", "404 Not Found", "text/html", b"<html>Not found</html>"),
        ("https://cb.example/fire", "200 OK", "application/xhtml+xml",
         page("Library fire", LIBRARY).encode()),
    ], compress=False)
    with caplog.at_level("DEBUG", logger="storydiff.ingest"):
        items = read(path)
    [raw] = items
    assert isinstance(raw, RawRecord) and raw.url == "https://cb.example/fire"
    passed = caplog.text
    assert "https://cb.example/site.css" in passed and "HTTP status 404" in passed
    assert "a request record" in passed and "a metadata record" in passed


def test_warc_without_html_pages_is_one_skip(tmp_path: Path) -> None:
    path = tmp_path / "assets.warc.gz"
    write_warc(path, [("https://cb.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
                      ("https://cb.example/fire", "500 Server Error", "text/html", b"<html>oops</html>")])
    [skip] = read(path)
    assert isinstance(skip, Skip) and skip.origin == str(path)
    assert skip.reason.startswith("no HTML pages in this WARC file (its 5 record(s) are requests")


@pytest.mark.parametrize(("name", "problem"), [
    ("cut.warc.gz", "unreadable data after the last whole record"),
    ("cut.warc", "the last record is cut short"),
])
def test_truncated_warc_keeps_the_records_before_the_break(tmp_path: Path, name: str, problem: str) -> None:
    path = tmp_path / name
    write_warc(path, truncate=True, compress=name.endswith(".gz"))
    items = read(path)
    assert [r.url for r in kept(items)] == ["https://orla.example/ferry?utm_source=x"]
    [skip] = skipped(items)
    assert skip.reason == f"truncated or corrupt WARC ({problem}); the 1 page(s) before it were read"


def test_oversized_warc_payload_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    items = read(path, max_bytes=300)
    assert not kept(items)
    assert sum("over the 300-byte limit" in s.reason for s in skipped(items)) == 2


def test_a_file_named_warc_that_is_not_one_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text(f"Ferry\n{FERRY}")
    [skip] = read(path)
    assert isinstance(skip, Skip) and skip.reason.startswith("truncated or corrupt WARC (")


RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Orla Bay Courier</title><link>https://courier.example/</link>
<item><title>Ferry adds crossings</title><link>https://courier.example/ferry#top</link>
<pubDate>Tue, 04 Mar 2025 07:15:00 GMT</pubDate><description>&lt;p&gt;{FERRY}&lt;/p&gt;</description></item>
<item><title>Empty one</title><link>https://courier.example/empty</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Pellin Valley Post</title>
<entry><title>Frost cuts harvest</title><link href="https://pvpost.example/harvest"/>
<id>tag:pvpost.example,2024:1</id><updated>2024-10-02T10:00:00+02:00</updated>
<content type="html">&lt;p&gt;{ORCHARD}&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries_become_records_with_the_feed_as_outlet(tmp_path: Path) -> None:
    path = tmp_path / "courier.rss"
    path.write_text(RSS)
    items = read(path)
    [raw] = kept(items)
    assert (raw.origin, raw.url, raw.outlet, raw.html) == (
        f"{path}#1", "https://courier.example/ferry#top", "Orla Bay Courier", True)
    assert raw.key == "url:https://courier.example/ferry"
    [skip] = skipped(items)
    assert skip.reason == "the feed entry has no text; pass --fetch to fetch the page it links to"
    record = extract(raw)
    assert isinstance(record, Record)
    assert (record.article.title, record.article.outlet) == ("Ferry adds crossings", "Orla Bay Courier")
    assert record.article.published == "2025-03-04T07:15:00+00:00"


def test_atom_feed_sniffed_without_a_feed_extension(tmp_path: Path) -> None:
    path = tmp_path / "pvpost"
    path.write_text(ATOM)
    [raw] = read(path)
    assert isinstance(raw, RawRecord) and raw.url == "https://pvpost.example/harvest"
    record = extract(raw)
    assert isinstance(record, Record) and record.article.published == "2024-10-02T10:00:00+02:00"
    assert "Pellin Valley" in record.article.text


def test_folders_are_read_recursively_in_order_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "two.txt").write_text(f"Library fire\n{LIBRARY}")
    (tmp_path / "a.txt").write_text(f"Ferry\n{FERRY}")
    (tmp_path / ".secret.txt").write_text(f"Orchard\n{ORCHARD}")
    (tmp_path / ".cache" / "c.txt").write_text(f"Orchard\n{ORCHARD}")
    single = tmp_path.parent / f"{tmp_path.name}-single.txt"
    single.write_text(f"Orchard\n{ORCHARD}")
    items = read(tmp_path, single)
    expected = [tmp_path / "a.txt", tmp_path / "b" / "two.txt", single]
    assert [i.origin for i in items] == [str(p) for p in expected]


def test_folders_pass_over_files_that_are_no_news_sources(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "README.md").write_text(f"# Crawl notes\n\n{FERRY}\n")
    (tmp_path / "notes.py").write_text("print('collect the ferry reports')\n")
    (tmp_path / "urls.csv").write_text("url\nhttps://orla.example/ferry\n")
    (tmp_path / "LICENSE").write_text(f"Permission is granted to anyone.\n{LIBRARY}")
    (tmp_path / "ferry.json").write_text(json.dumps([{"text": FERRY}], indent=2))
    (tmp_path / "library").write_text(page("Library fire", LIBRARY))  # no extension, plainly HTML
    with caplog.at_level("DEBUG", logger="storydiff.ingest"):
        items = read(tmp_path)
    assert [i.origin for i in items] == [str(tmp_path / "ferry.json#1"), str(tmp_path / "library")]
    assert all(isinstance(i, RawRecord) for i in items)
    assert "README.md" in caplog.text and "notes.py" in caplog.text and "LICENSE" in caplog.text


def test_a_file_named_on_the_command_line_is_read_whatever_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    path.write_text(f"Ferry adds crossings\n\n{FERRY}\n")
    [raw] = read(path)
    assert isinstance(raw, RawRecord) and raw.title == "Ferry adds crossings"


def test_a_folder_without_any_source_file_is_one_skip(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("Nothing to see.\n")
    [skip] = read(tmp_path)
    assert isinstance(skip, Skip) and skip.origin == str(tmp_path)
    assert skip.reason.startswith("no article, feed or data files in this folder")


@pytest.mark.parametrize(("url", "key"), [
    ("HTTPS://News.Example.COM:443/a/b/?utm_source=x&id=7&fbclid=abc#frag",
     "url:https://news.example.com/a/b?id=7"),
    ("https://news.example.com/a/b?id=7", "url:https://news.example.com/a/b?id=7"),
    ("https://web.archive.org/web/20250101000000/https://news.example.com/a/b/",
     "url:https://news.example.com/a/b"),
    ("http://news.example.com:8080/", "url:http://news.example.com:8080"),
])
def test_record_key_normalises_urls(url: str, key: str) -> None:
    assert record_key(url, "body") == key


@pytest.mark.parametrize("url", [None, "", "not a url", "ftp://files.example/x", "http://[::1"])
def test_record_key_without_a_usable_url_hashes_the_body(url: str | None) -> None:
    assert record_key(url, "same body") == f"sha1:{sha1('same body')}"


# ---------------------------------------------------------------- bad input


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


GOOD = json.dumps({"text": FERRY}).encode() + b"\n"


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "this is a PNG image, not an article"),
    ("nulls.html", b"abc\x00\x01\x02" * 100, "binary data, not an article"),
    ("image.json", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "this is a PNG image, not an article"),
    ("broken.json", b'{\n  "articles": [\n    {"text": "unterminated', "not valid JSON ("),
    ("deep.json", b"[" * 100_000, "not valid JSON ("),
    ("scalar.json", b'"just a string"', "no articles: expected a list of objects with a text field"),
    ("feed.xml", b"<?xml version='1.0'?><rss><channel><title>x</title></channel></rss>",
     "the feed has no entries"),
    ("broken.rss", b"<?xml version='1.0'?><rss><channel><title>A & B</title>",
     "not a readable RSS or Atom feed"),
    ("cut.txt.gz", gz(FERRY.encode())[:30], "truncated or corrupt gzip data"),
    ("cut.json.gz", gz(json.dumps(ARTICLES, indent=2).encode())[:200], "truncated or corrupt gzip data"),
])
def test_bad_files_are_skipped_with_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [skip] = read(path)
    assert isinstance(skip, Skip) and skip.origin == str(path)
    assert reason in skip.reason and "\n" not in skip.reason


def test_missing_and_unreadable_sources_are_skipped(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(FERRY)
    locked.chmod(0)
    try:
        items = read(tmp_path / "nowhere.jsonl", locked)
    finally:
        locked.chmod(0o644)
    assert isinstance(items[0], Skip) and items[0].reason == "no such file or folder"
    if isinstance(items[1], Skip):  # root reads anything
        assert items[1].reason == "permission denied"


def test_an_empty_source_name_is_not_the_working_folder() -> None:
    [skip] = read("")
    assert isinstance(skip, Skip) and skip.reason.startswith("an empty source name")


def test_oversized_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(f"Title\n{FERRY}")
    [skip] = read(path, max_bytes=100)
    assert isinstance(skip, Skip) and "over the 100-byte limit; pass --max-bytes" in skip.reason


def test_bad_jsonl_lines_are_skipped_and_good_lines_kept(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"".join([
        GOOD,
        b'{"text": "unterminated\n',
        b'["a list"]\n',
        b'{"title": "no text here"}\n',
        b'{"text": "caf\xe9 latin-1"}\n',
        b'{"text": "   "}\n',
        json.dumps({"text": LIBRARY * 3}).encode() + b"\n",
        json.dumps({"text": LIBRARY, "url": "https://cb.example/fire"}).encode() + b"\n",
    ]))
    items = read(path, max_bytes=700)
    assert [r.origin for r in kept(items)] == [f"{path}:1", f"{path}:8"]
    reasons = {s.origin.rsplit(":", 1)[1]: s.reason for s in skipped(items)}
    assert reasons["2"].startswith("not valid JSON (")
    assert reasons["3"] == "a JSON list, not an object; each line must be one JSON object"
    assert reasons["4"].startswith("no article text (tried content, text, body")
    assert reasons["4"].endswith("pass --field text=NAME")
    assert reasons["5"] == "not valid UTF-8; convert the file to UTF-8"
    assert reasons["6"] == "the article text is empty"
    assert reasons["7"].startswith("line is over the 700-byte limit")


@pytest.mark.parametrize("name", ["cut.jsonl.gz", "cut.json.gz"])
def test_truncated_jsonl_gz_keeps_the_lines_before_the_break(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    lines = b"".join(json.dumps({"text": f"{FERRY} Item {n}."}).encode() + b"\n" for n in range(200))
    data = gzip.compress(lines)
    path.write_bytes(data[: len(data) * 2 // 3])
    items = read(path)
    assert 0 < len(kept(items)) < 200
    [skip] = skipped(items)
    assert skip.origin == f"{path}:{len(kept(items)) + 1}"
    assert skip.reason.startswith("truncated or corrupt gzip data")
    assert skip.reason.endswith(f"the {len(kept(items))} line(s) before it were read")


def test_url_source_without_fetch_is_skipped() -> None:
    [skip] = read("https://courier.example/feed.xml")
    assert isinstance(skip, Skip) and skip.reason == "a URL; pass --fetch to fetch URLs"


# ---------------------------------------------------------------- extract


def raw(body: str, *, html: bool = False, title: str | None = None, key: str = "sha1:x",
        published: str | None = None) -> RawRecord:
    return RawRecord(key=key, origin="mem:1", body=body, html=html, raw_hash=sha1(body), title=title,
                     published=published)


def test_extract_puts_a_missing_title_first_and_derives_a_stable_id() -> None:
    first, again, other = extract_batch([raw(FERRY, title="Ferry adds crossings"),
                                         raw(FERRY, title="Ferry adds crossings"),
                                         raw(FERRY, title="Ferry adds crossings", key="sha1:y")])
    assert isinstance(first, Record) and isinstance(again, Record) and isinstance(other, Record)
    assert first.article.title == "Ferry adds crossings"
    assert first.article.id == again.article.id == hashlib.sha1(b"sha1:x").hexdigest()[:12]
    assert other.article.id != first.article.id
    assert first.text_hash == text_hash(first.article.text.upper().replace(" ", "  \n"))


def test_extract_keeps_the_first_paragraph_of_an_untitled_text() -> None:
    record = extract(raw(f"{FERRY}\n\n{LIBRARY}"))
    assert isinstance(record, Record)
    assert record.article.title == "The Harwick Sound ferry service will run two extra crossings each day…"
    assert record.article.text.startswith("The Harwick Sound ferry service")
    headline = extract(raw(f"Ferry adds crossings\n{FERRY}"))
    assert isinstance(headline, Record) and headline.article.title == "Ferry adds crossings"


@pytest.mark.parametrize(("record", "reason"), [
    (raw("Short\nToo few words here."), "no article text left once noise is removed"),
    (raw("Titel\n" + "Der Stadtrat von Harwick hat am Montag beschlossen, dass die Fähre "
         "zweimal mehr am Tag fahren wird, und die Fahrgäste sind sehr froh darüber."),
     "does not look like English"),
    (raw("<html><body><div>" * 400 + "</div>", html=True), "no main article text"),
    (raw("<p>\x00\x01<<<>>>&#xffffff;</p>" * 10, html=True), ""),
])
def test_extract_turns_refusals_into_skips(record: RawRecord, reason: str) -> None:
    skip = extract(record)
    assert isinstance(skip, Skip) and skip.key == "sha1:x" and skip.origin == "mem:1"
    assert reason in skip.reason and not skip.reason.startswith("mem:1") and "\n" not in skip.reason


@pytest.mark.parametrize(("value", "iso"), [
    ("2025-03-04", "2025-03-04"),
    ("2025-03-04T07:15:00Z", "2025-03-04T07:15:00+00:00"),
    ("2025-03-04 07:15:00", "2025-03-04T07:15:00"),
    ("Tue, 04 Mar 2025 07:15:00 -0500", "2025-03-04T07:15:00-05:00"),
    ("March 4, 2025", "2025-03-04"),
    ("4 Mar 2025", "2025-03-04"),
    ("20250304071500", "2025-03-04T07:15:00"),
    ("yesterday", None),
    ("0001-01-01", None),
    ("", None),
    (None, None),
])
def test_normalise_date(value: str | None, iso: str | None) -> None:
    assert normalise_date(value) == iso


# ---------------------------------------------------------------- fetch


class _Site(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[str, bytes]]] = {}

    def do_GET(self) -> None:
        content_type, body = self.pages.get(self.path, ("text/html", b""))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Site.pages = {
        "/feed.xml": ("application/rss+xml", f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>Castlebrook Herald</title>
<item><title>Library fire</title><link>{base}/fire.html</link><description>Teaser only.</description></item>
<item><title>Ferry adds crossings</title><link>{base}/gone.html</link>
<description>{FERRY}</description></item>
<item><title>Short one</title><link>{base}/gone2.html</link><description>Teaser.</description></item>
<item><title>Local</title><link>file:///etc/hostname</link><description>{ORCHARD}</description></item>
</channel></rss>""".encode()),
        "/fire.html": ("text/html", page("Library fire", LIBRARY, date="2025-02-10").encode()),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_fetch_reads_the_feed_and_the_pages_it_links_to(site: str) -> None:
    items = read(f"{site}/feed.xml", fetch=True, fetch_private=True, fetch_timeout=5.0)
    good, bad = kept(items), skipped(items)
    # The file:// link is never opened; the entry's own text is the record.
    assert [r.origin for r in good] == [f"{site}/fire.html", f"{site}/feed.xml#2", f"{site}/feed.xml#4"]
    assert good[2].body == ORCHARD
    assert good[0].html and "Castlebrook" in good[0].body and good[0].outlet == "Castlebrook Herald"
    assert good[1].body == FERRY and good[1].url == f"{site}/gone.html"
    assert [s.origin for s in bad] == [f"{site}/gone.html", f"{site}/gone2.html"]
    assert all("the server answered 404" in s.reason for s in bad)
    record = extract(good[0])
    assert isinstance(record, Record) and record.article.published == "2025-02-10"


def test_fetch_reads_a_page_url_and_skips_a_missing_one(site: str) -> None:
    page_record, missing = read(f"{site}/fire.html", f"{site}/nothing", fetch=True, fetch_private=True)
    assert isinstance(page_record, RawRecord) and page_record.html
    assert page_record.key == f"url:{site}/fire.html" and page_record.origin == f"{site}/fire.html"
    assert isinstance(missing, Skip) and "the server answered 404" in missing.reason


def test_a_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    [skip] = read(tmp_path)
    assert isinstance(skip, Skip) and skip.reason.startswith("not a regular file")


def test_fetch_refuses_loopback_addresses_unless_allowed(site: str) -> None:
    [skip] = read(f"{site}/feed.xml", fetch=True)
    assert isinstance(skip, Skip) and "refusing to fetch from a private, loopback" in skip.reason
