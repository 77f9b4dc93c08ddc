"""Write screenshots of the web app's main pages to docs/screenshots/, at desktop and phone widths.

    .venv/bin/python docs/make_screenshots.py            # demo.db if present, else the sample corpus

The corpus is copied (demo.db) or built (examples/corpus) into a temporary folder, served
by uvicorn on 127.0.0.1 and a free port, and read by Debian's Chromium (/usr/bin/chromium,
or $STORYDIFF_CHROMIUM) through Playwright; no browser is downloaded. The comparison is
shot with its top finding shown in both texts.
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
SOURCES = [str(CORPUS / "wire.jsonl"), str(CORPUS / "pages"), str(CORPUS / "feed.rss")]
CHROMIUM = os.environ.get("STORYDIFF_CHROMIUM", "/usr/bin/chromium")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: The sample corpus's largest story: five reports, findings of most kinds.
STORY = "Council backs $410 million tram line to Harwick in 9-4 vote"
MAX_BYTES = 400_000


def prepare_corpus(folder: Path, demo: Path) -> str:
    """A corpus to serve: a copy of ``demo`` when it holds stories, else the sample ingested."""
    from storydiff import Corpus

    target = folder / "screens.db"
    if demo.exists():
        try:
            with sqlite3.connect(demo) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
            src.close()
            dst.close()
            with Corpus(str(target)) as corpus:
                if corpus.stories(limit=1)["stories"]:
                    return str(target)
        except sqlite3.Error as exc:
            print(f"make_screenshots: {demo} unusable ({exc}); building the sample corpus", file=sys.stderr)
        target.unlink(missing_ok=True)
    with Corpus(str(target)) as corpus:
        corpus.ingest(SOURCES)
    return str(target)


@contextmanager
def serve(location: str) -> Iterator[str]:
    """The app over ``location`` in a uvicorn thread on loopback; yields its base URL."""
    import uvicorn

    from storydiff.web import Settings, create_app

    # A fixed throwaway secret: nothing is written beside the corpus.
    app = create_app(Settings(location=location, secret="screenshots-" + "s" * 40))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, ws="none"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise SystemExit("make_screenshots: the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


def pages(base: str) -> dict[str, str]:
    """name -> path of the pages to shoot: the stories, the tram story, its first comparison."""
    import httpx

    stories = httpx.get(f"{base}/api/stories", params={"limit": 200}, timeout=60).json()["stories"]
    largest = max(stories, key=lambda s: s["reports"])
    story = next((s for s in stories if s["title"] == STORY), largest)
    data = httpx.get(f"{base}/api/stories/{story['id']}", timeout=120).json()
    reference = data["comparison"]["reference"]
    other = next(m["id"] for m in data["members"] if m["id"] != reference)
    return {"stories": "/", "story": f"/stories/{story['id']}",
            "comparison": f"/stories/{story['id']}/compare/{reference}/{other}"}


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"make_screenshots: {CHROMIUM} is missing; install Debian's chromium package")
    written = []
    targets = pages(base)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        for size, viewport in VIEWPORTS.items():
            context = browser.new_context(base_url=base, viewport=viewport)
            page = context.new_page()
            for name, path in targets.items():
                page.goto(path)
                page.wait_for_load_state("networkidle")
                if name == "comparison":
                    show_top_finding(page)
                target = out / f"{name}-{size}.png"
                # The first screen only (full_page=False): what a reader sees, and a small file.
                page.screenshot(path=str(target), full_page=False, animations="disabled")
                written.append(target)
            context.close()
        browser.close()
    return written


def show_top_finding(page: Any) -> None:
    """Click the first finding, then bring the texts with their highlights to the top of the screen."""
    finding = page.locator("#findings .finding").first
    if finding.count():
        finding.locator("button.show").click()
        page.locator("#report-a").scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, document.querySelector('.pair').getBoundingClientRect().top"
                      " + window.scrollY - 8)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, default=ROOT / "demo.db", help="corpus to copy if present")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="storydiff-screens-") as folder:
        location = prepare_corpus(Path(folder), args.demo)
        with serve(location) as base:
            written = shoot(base, args.out)
    too_big = [p for p in written if p.stat().st_size > MAX_BYTES]
    for path in written:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}  {path.stat().st_size // 1024} KB")
    if too_big:
        print(f"make_screenshots: over {MAX_BYTES // 1000} KB: {', '.join(map(str, too_big))}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
