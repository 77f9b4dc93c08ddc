"""The web commands: ``serve`` and ``users add``. A thin skin over :mod:`storydiff.web`."""

from __future__ import annotations

import sys
from typing import Any

import click

from .cli import friendly_errors, main
from .errors import UsageError

_INSTALL = "the web app needs its extra: pip install 'storydiff[web]'"


def _location(db: str | None, db_url: str | None) -> str:
    if db and db_url:
        raise UsageError("give --db or --db-url, not both")
    return db_url or db or "storydiff.db"


def _web() -> Any:
    try:
        from . import web
    except ImportError as exc:
        raise UsageError(f"{_INSTALL} ({exc.name} is missing)") from None
    return web


@main.command()
@click.option("--db", default=None, help="The corpus file (SQLite). Default: storydiff.db")
@click.option("--db-url", default=None, help="A PostgreSQL corpus: postgresql://user@host/db")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 for every interface (put TLS in front).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allow-fetch", is_flag=True,
              help="Let 'Compare now' fetch http(s) URLs (public addresses only).")
@click.option("--read-requires-login", is_flag=True,
              help="Stories and comparisons only for signed-in users (writing always needs it).")
@click.option("--secret-file", default=None, type=click.Path(dir_okay=False),
              help="Session-signing secret, created (mode 0600) if missing. "
                   "Default: the corpus file + .secret; required with --db-url.")
@click.option("--secure-cookies", is_flag=True, help="Session cookie over HTTPS only (behind TLS).")
@click.option("--threads", type=int, default=None, help="Threads for the sentence encoder.")
@friendly_errors
def serve(db: str | None, db_url: str | None, host: str, port: int, allow_fetch: bool,
          read_requires_login: bool, secret_file: str | None, secure_cookies: bool,
          threads: int | None) -> None:
    """Serve the corpus in a browser: stories, comparisons, notes, ingest uploads, a JSON API.

    Example:

        storydiff serve --db demo.db                      # then open http://127.0.0.1:8000

        storydiff serve --db-url postgresql://storydiff@db/news --secret-file /etc/storydiff.secret \\
            --host 0.0.0.0 --read-requires-login
    """
    web = _web()
    try:
        import uvicorn
    except ImportError:
        raise UsageError(_INSTALL) from None
    settings = web.Settings(location=_location(db, db_url), allow_fetch=allow_fetch,
                            read_requires_login=read_requires_login, secret_file=secret_file,
                            secure_cookies=secure_cookies, threads=threads)
    app = web.create_app(settings)
    click.echo(f"storydiff: serving {settings.location} on http://{host}:{port}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


@main.group()
def users() -> None:
    """Manage the web app's accounts (they sign in to ingest and to add notes).

    Example:

        storydiff users add alice --db demo.db
    """


@users.command("add")
@click.argument("name")
@click.option("--db", default=None, help="The corpus file (SQLite). Default: storydiff.db")
@click.option("--db-url", default=None, help="A PostgreSQL corpus: postgresql://user@host/db")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (one line).")
@friendly_errors
def users_add(name: str, db: str | None, db_url: str | None, password_stdin: bool) -> None:
    """Add an account NAME; asks for the password twice (or reads it with --password-stdin).

    Only an argon2 hash of the password is stored.

    Example:

        storydiff users add alice --db demo.db

        printf '%s\\n' "$PASSWORD" | storydiff users add bot --db-url postgresql://db/news --password-stdin
    """
    from .corpus_api import Corpus

    try:
        from .web.auth import MIN_PASSWORD, hash_password
    except ImportError as exc:
        raise UsageError(f"{_INSTALL} ({exc.name} is missing)") from None
    if not name.strip() or len(name) > 100 or any(c.isspace() or not c.isprintable() for c in name):
        raise UsageError("give a user name of 1 to 100 characters without spaces")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password is too short: give at least {MIN_PASSWORD} characters")
    with Corpus(_location(db, db_url)) as corpus:
        corpus.store.add_user(name, hash_password(password))
    click.echo(f"added user {name}", err=True)
