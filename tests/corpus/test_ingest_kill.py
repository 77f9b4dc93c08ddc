"""A real SIGKILL of an ingest midway, then the same command again: nothing lost, nothing twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from corpus.synthetic import write_jsonl

STORYDIFF = str(Path(sys.executable).parent / "storydiff")


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def test_killed_ingest_resumes_and_stores_every_article_once(tmp_path: Path) -> None:
    urls = write_jsonl(tmp_path / "news.jsonl", 400)
    db = tmp_path / "c.db"
    command = [STORYDIFF, "ingest", str(tmp_path / "news.jsonl"), "--db", str(db), "--quiet",
               "--batch-size", "20", "--threads", "1"]
    env = {**os.environ, "STORYDIFF_THREADS": "1"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _stored(db) < 40 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed; give it more work"
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = _stored(db)
    assert 0 < partial < len(urls)

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as conn:
        stored = [r[0] for r in conn.execute("SELECT url FROM articles")]
        members = conn.execute("SELECT count(*) FROM story_members").fetchone()[0]
        groups = conn.execute("SELECT count(*) FROM duplicate_members").fetchone()[0]
    assert sorted(stored) == sorted(urls)
    assert members == groups == len(urls)
    assert "already stored" in rerun.stdout and f"kept {len(urls) - partial}" in rerun.stdout
