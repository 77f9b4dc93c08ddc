"""URLs fetched from a local server, stdin, and more than two reports."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from conftest import story_files
from storydiff import Options, compare, load_article
from storydiff.cli import main
from storydiff.errors import FetchError, OversizedInputError

PAGE = (b"<html><head><title>Budget approved</title>"
        b'<meta property="og:site_name" content="Town Crier"></head><body><article>'
        b"<h1>Budget approved</h1><p>The council approved the new budget on Tuesday after a "
        b"long debate, officials said.</p><p>Spending on schools will rise by ten percent next "
        b"year, the mayor told reporters.</p></article></body></html>")


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/missing":
            self.send_error(404)
            return
        body = PAGE * (200 if self.path == "/big" else 1)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = Options(fetch_private=True)


def test_url_is_fetched_and_extracted(server: str) -> None:
    article = load_article(f"{server}/story", LOCAL)
    assert article.outlet == "Town Crier"
    assert "ten percent" in article.text


def test_fetch_errors_and_size_cap(server: str) -> None:
    with pytest.raises(FetchError, match="404"):
        load_article(f"{server}/missing", LOCAL)
    with pytest.raises(OversizedInputError):
        load_article(f"{server}/big", Options(max_bytes=10_000, fetch_private=True))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.0.0.8", "169.254.169.254",
                                  "[::1]", "192.168.1.1"])
def test_private_addresses_are_refused(host: str) -> None:
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        load_article(f"http://{host}/story")


def test_only_public_http_addresses_pass_the_check(server: str) -> None:
    from storydiff.readers.fetch import check_public

    with pytest.raises(FetchError, match="private"):
        check_public(f"{server}/story")
    with pytest.raises(FetchError, match="only http"):
        check_public("file:///etc/passwd")


def test_stdin_is_read() -> None:
    original, rewrite = story_files("bridge-reopening")
    result = CliRunner().invoke(main, ["compare", "-", str(rewrite), "-f", "json"],
                                input=original.read_text())
    assert result.exit_code == 0
    assert '"source": "<stdin>"' in result.stdout


def test_more_than_two_reports_are_each_compared_with_the_reference(tmp_path) -> None:  # type: ignore[no-untyped-def]
    original, rewrite = story_files("harbour-fire")
    third = tmp_path / "third.txt"
    third.write_text(original.read_text().replace("About 60 firefighters", "About 90 firefighters"))
    articles = [load_article(str(p)) for p in (original, rewrite, third)]
    report = compare(articles, Options(load_plugins=False))
    assert [c.other.article.id for c in report.comparisons] == [articles[1].id, articles[2].id]
    third_findings = report.comparisons[1].findings
    assert [(f.kind.value, f.a.text, f.b.text) for f in third_findings] == [
        ("number_conflict", "About 60", "About 90")]
