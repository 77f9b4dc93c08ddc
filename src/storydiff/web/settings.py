"""What one web app is started with: the corpus, what it may do, its limits."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

#: Requests per minute per client address, by area. Comparing costs a second or
#: more of CPU and logging in is what a password guesser repeats: both are capped.
DEFAULT_RATES = {"compare": 20, "ingest": 10, "login": 10}


@dataclass(frozen=True)
class Settings:
    """How :func:`storydiff.web.create_app` runs.

    ``location`` is an SQLite path or a ``postgresql://`` URL, passed to the store as is.
    """

    location: str = "storydiff.db"
    allow_fetch: bool = False
    read_requires_login: bool = False
    #: The session-signing secret; else read from (or created in) ``secret_file``,
    #: else from a file beside the SQLite corpus.
    secret: str | None = None
    secret_file: str | None = None
    #: Largest upload to /ingest (all files of one request together).
    max_upload_bytes: int = 64 * 1024 * 1024
    #: Largest other request body (pasted texts, forms).
    max_form_bytes: int = 8 * 1024 * 1024
    rates: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_RATES))
    #: Where uploads wait for their ingest job; default: the system's temp folder.
    upload_dir: str | None = None
    #: Send the session cookie over HTTPS only (set behind a TLS proxy).
    secure_cookies: bool = False
    threads: int | None = None
    page_size: int = 25


def _is_url(location: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", location, re.IGNORECASE))


def secret_path(settings: Settings) -> Path:
    """The secret file: ``--secret-file``, else ``<db>.secret`` beside an SQLite corpus."""
    if settings.secret_file:
        return Path(settings.secret_file)
    if _is_url(settings.location):
        raise UsageError("give --secret-file PATH with --db-url: every server process of a team "
                         "must sign sessions with the same secret")
    return Path(settings.location + ".secret")


def load_secret(settings: Settings) -> str:
    """The session secret, created (32 random bytes, mode 0600) on first start."""
    if settings.secret:
        return settings.secret
    path = secret_path(settings)
    try:
        # O_EXCL: two processes starting at once must not both write a different secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        text = path.read_text("utf-8").strip()
        if len(text) < 32:
            raise UsageError(f"{path}: the secret is too short; delete the file to make a new one") from None
        return text
    except OSError as exc:
        raise UsageError(f"{path}: cannot create the session secret ({exc.strerror or exc})") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secrets.token_urlsafe(48) + "\n")
    return path.read_text("utf-8").strip()
