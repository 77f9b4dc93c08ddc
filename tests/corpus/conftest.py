"""Store fixtures: every store test runs on SQLite and on a PostgreSQL server.

The server is ``$STORYDIFF_TEST_POSTGRES`` (default: the role and database ``.ci/run``
creates). Each test gets its own schema on it, selected through the URL's
``search_path`` option, and dropped afterwards: faster than a database per test, and
tests never see each other's tables. With no server the PostgreSQL cases skip, except
under ``$CI`` or ``STORYDIFF_REQUIRE_POSTGRES=1``, where a skip would hide a broken set-up.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

import pytest

from storydiff.store import Store, open_store

DEFAULT_POSTGRES = "postgresql://storydiff:storydiff@127.0.0.1:5432/storydiff_test"


def postgres_required() -> bool:
    ci = os.environ.get("CI", "").strip().lower()
    return ci not in ("", "0", "false", "no") or os.environ.get("STORYDIFF_REQUIRE_POSTGRES") == "1"


def no_postgres(reason: str) -> NoReturn:
    if postgres_required():
        pytest.fail(f"PostgreSQL is required here (CI or STORYDIFF_REQUIRE_POSTGRES=1): {reason}",
                    pytrace=False)
    pytest.skip(f"no PostgreSQL for the store tests: {reason}; start one or set STORYDIFF_TEST_POSTGRES")


def with_schema(url: str, schema: str) -> str:
    """``url`` whose sessions create and find tables in ``schema``."""
    option = quote(f"-csearch_path={schema}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL, once it has answered; skips or fails the tests otherwise."""
    url = os.environ.get("STORYDIFF_TEST_POSTGRES") or DEFAULT_POSTGRES
    try:
        import psycopg
    except ImportError:
        no_postgres("psycopg is not installed (pip install 'storydiff[postgres]')")
    from storydiff.store.postgres import display_url

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as exc:
        no_postgres(f"{display_url(url)} does not answer ({' '.join(str(exc).split())})")
    return url


@dataclass
class Backend:
    """One fresh, empty corpus location and a way to reach its database directly."""

    name: str
    location: str
    #: What a batch that breaks a constraint raises, straight from the driver.
    integrity_error: type[Exception]
    #: Runs SQL on the database outside the store and returns the rows.
    sql: Callable[[str], list[tuple[Any, ...]]]
    opened: list[Store] = field(default_factory=list)

    def open(self, *, readonly: bool = False) -> Store:
        store = open_store(self.location, readonly=readonly)
        self.opened.append(store)
        return store

    def close_all(self) -> None:
        """Close what the test left open: psycopg warns of a connection dropped unclosed."""
        for store in self.opened:
            store.close()


@pytest.fixture
def postgres_backend(postgres_url: str) -> Iterator[Backend]:
    import psycopg

    schema = f"storydiff_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(postgres_url, autocommit=True)
    try:
        admin.execute(f"CREATE SCHEMA {schema}")
        location = with_schema(postgres_url, schema)

        def sql(statement: str) -> list[tuple[Any, ...]]:
            with psycopg.connect(location, autocommit=True) as db:
                cursor = db.execute(statement)
                return cursor.fetchall() if cursor.description else []

        backend = Backend("postgres", location, psycopg.IntegrityError, sql)
        yield backend
        backend.close_all()
    finally:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.close()


@pytest.fixture
def sqlite_backend(tmp_path: Path) -> Iterator[Backend]:
    path = tmp_path / "c.db"

    def sql(statement: str) -> list[tuple[Any, ...]]:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            return db.execute(statement).fetchall()
        finally:
            db.close()

    backend = Backend("sqlite", str(path), sqlite3.IntegrityError, sql)
    yield backend
    backend.close_all()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each store test once per backend."""
    chosen: Backend = request.getfixturevalue(f"{request.param}_backend")
    return chosen
