"""Spark fixtures: one local[2] session and one pipeline run on examples/corpus for all tests.

Spark tests skip only when PySpark or Java is missing and neither ``$CI`` nor
``STORYDIFF_REQUIRE_SPARK=1`` is set; there a skip would hide a broken set-up, so they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
SOURCES = [str(CORPUS / "wire.jsonl"), str(CORPUS / "pages"), str(CORPUS / "feed.rss")]


def _required() -> bool:
    ci = os.environ.get("CI", "").lower()
    return ci not in ("", "0", "false", "no") or os.environ.get("STORYDIFF_REQUIRE_SPARK") == "1"


def _missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "PySpark is not installed (pip install 'storydiff[spark]')"
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        return "no Java (java on PATH or JAVA_HOME)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if _required():
            pytest.fail(f"Spark is required here (CI or STORYDIFF_REQUIRE_SPARK=1): {reason}")
        pytest.skip(reason)
    from storydiff.engines.spark import spark_session

    session = spark_session("local[2]", partitions=4, driver_memory="1g")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def pipeline_out(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The Spark pipeline (with comparisons) on the sample corpus: (output folder, summary)."""
    from storydiff.engines.spark import run_pipeline

    out = tmp_path_factory.mktemp("spark") / "out"
    summary = run_pipeline(spark, SOURCES, str(out), compare=True)
    return out, summary


@pytest.fixture(scope="session")
def local_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The local engine's corpus of the same sources."""
    from storydiff.corpus_api import Corpus

    db = tmp_path_factory.mktemp("local") / "local.db"
    with Corpus(str(db)) as corpus:
        corpus.ingest(SOURCES)
    return db
