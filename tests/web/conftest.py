"""The web app on the sample corpus (examples/corpus), ingested once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from storydiff import Corpus
from storydiff.web.auth import hash_password

from .helpers import PASSWORD, SOURCES, USER, make_app


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo corpus with one user; read-only tests share it."""
    path = str(tmp_path_factory.mktemp("web") / "demo.db")
    with Corpus(path) as corpus:
        corpus.ingest(SOURCES)
        corpus.store.add_user(USER, hash_password(PASSWORD))
    return path


@pytest.fixture(scope="session")
def client(corpus_db: str) -> Iterator[TestClient]:
    with TestClient(make_app(corpus_db)) as c:
        yield c
