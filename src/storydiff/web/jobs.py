"""Ingest jobs: uploaded files checked, saved to a private folder and read in a thread.

Uploads are never served back or executed: they get a fixed name made here (only
the extension is kept, after the content is sniffed), live in a 0700 folder and
are deleted when their job ends. One job runs at a time; the others wait.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from ..options import Options
from .settings import Settings

log = logging.getLogger("storydiff.web")

#: What may be uploaded: extension → the kind its first bytes must look like.
EXTENSIONS = {".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".warc": "warc", ".warc.gz": "warc",
              ".html": "html", ".htm": "html", ".rss": "feed", ".atom": "feed", ".xml": "feed"}
_SNIFF = 4096
#: Jobs remembered for their status page; the oldest finished ones go first.
_KEEP = 200


class UploadRejected(Exception):
    pass


def extension(name: str) -> str | None:
    lower = name.lower()
    return next((ext for ext in sorted(EXTENSIONS, key=len, reverse=True) if lower.endswith(ext)), None)


def sniff(kind: str, head: bytes) -> bool:
    """Whether the first bytes look like ``kind``: an extension alone proves nothing."""
    if b"\0" in head:
        return False
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n").lower()
    if kind == "jsonl":
        return text.startswith("{")
    if kind == "warc":
        return text.startswith("warc/")
    if kind == "html":
        return text.startswith("<") and any(t in text for t in ("<html", "<!doctype html", "<body",
                                                                 "<article", "<head", "<p", "<div"))
    return text.startswith("<") and any(t in text for t in ("<rss", "<feed", "<rdf:rdf"))


def _head(ext: str, data: bytes) -> bytes:
    if not ext.endswith(".gz"):
        return data[:_SNIFF]
    if not data.startswith(b"\x1f\x8b"):
        raise UploadRejected("is not gzip-compressed")
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            head: bytes = unzipped.read(_SNIFF)
            return head
    except (OSError, EOFError):
        # A truncated archive is read as far as it goes by the ingest itself.
        return b""


@dataclass
class Job:
    id: str
    user: str
    files: list[str]
    state: str = "queued"
    read: int = 0
    kept: int = 0
    skipped: int = 0
    copies: int = 0
    error: str | None = None
    summary: dict[str, Any] | None = None
    started: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        return {"job": self.id, "state": self.state, "files": list(self.files), "read": self.read,
                "kept": self.kept, "skipped": self.skipped, "copies": self.copies,
                "error": self.error, "summary": self.summary}


class Jobs:
    def __init__(self, settings: Settings, options: Options) -> None:
        self.settings = settings
        self.options = options
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Lock()
        self._threads: list[threading.Thread] = []

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def save(self, uploads: Iterable[tuple[str, IO[bytes]]]) -> tuple[str, list[str]]:
        """Check and store the uploads in a new private folder; (folder, shown names)."""
        folder = tempfile.mkdtemp(prefix="storydiff-ingest-", dir=self.settings.upload_dir)
        names: list[str] = []
        try:
            for k, (name, stream) in enumerate(uploads):
                shown = name[-100:] or "upload"
                ext = extension(name)
                if ext is None:
                    raise UploadRejected(f"{shown}: not a file ingest reads; give "
                                         + ", ".join(sorted(EXTENSIONS)))
                data = stream.read(self.settings.max_upload_bytes + 1)
                if len(data) > self.settings.max_upload_bytes:
                    raise UploadRejected(f"{shown}: larger than the upload cap")
                try:
                    head = _head(ext, data)
                except UploadRejected as exc:
                    raise UploadRejected(f"{shown}: {exc}") from None
                if not sniff(EXTENSIONS[ext], head):
                    raise UploadRejected(f"{shown}: the content does not look like {ext} "
                                         f"({EXTENSIONS[ext]})")
                # The stored name is ours: the client's name never reaches the file system.
                fd = os.open(os.path.join(folder, f"upload-{k:03d}{ext}"),
                             os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                names.append(shown)
            if not names:
                raise UploadRejected("choose at least one file to ingest")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return folder, names

    def start(self, user: str, folder: str, names: list[str]) -> Job:
        job = Job(secrets.token_urlsafe(12), user, names)
        with self._lock:
            self._jobs[job.id] = job
            if len(self._jobs) > _KEEP:
                done = [j for j in self._jobs.values() if j.state in ("done", "failed")]
                for old in sorted(done, key=lambda j: j.started)[:len(self._jobs) - _KEEP]:
                    del self._jobs[old.id]
        thread = threading.Thread(target=self._run, args=(job, folder), name=f"ingest-{job.id}",
                                  daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return job

    def _run(self, job: Job, folder: str) -> None:
        from ..corpus_api import Corpus
        from ..errors import StorydiffError

        def progress(p: Any) -> None:
            job.read, job.kept, job.skipped, job.copies = p.read, p.kept, p.skipped, p.copies

        try:
            with self._one_at_a_time:
                job.state = "running"
                paths = sorted(os.path.join(folder, n) for n in os.listdir(folder))
                # Its own connection: store connections belong to the thread that opened them.
                with Corpus(self.settings.location, options=self.options) as corpus:
                    summary = corpus.ingest(paths, on_progress=progress)
            job.summary = {k: summary[k] for k in ("read", "kept", "already_stored", "skipped",
                                                   "copies", "skip_reasons", "seconds", "corpus")}
            job.read, job.kept, job.skipped = summary["read"], summary["kept"], summary["skipped"]
            job.state = "done"
        except StorydiffError as exc:
            job.error, job.state = str(exc).replace(folder, "upload"), "failed"
        except Exception:  # a job must end with a state, whatever happened
            log.exception("ingest job %s failed", job.id)
            job.error, job.state = "the ingest failed; the server log has the details", "failed"
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def shutdown(self, timeout: float = 5.0) -> None:
        for thread in self._threads:
            thread.join(timeout)
