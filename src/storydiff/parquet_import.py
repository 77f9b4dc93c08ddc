"""Load the Spark pipeline's Parquet tables into a corpus store (SQLite or PostgreSQL).

Articles go in whole stories at a time, each chunk one :meth:`Store.write` transaction,
so the CLI and the web app read the Spark engine's duplicate groups and stories as if
``storydiff ingest`` had made them. A re-run skips the record keys already stored.
Story ids follow the Spark numbering when the store starts empty; otherwise the store
gives the next free ids (provisional ids never collide with stored ones).

Comparisons (when the pipeline made them) are cached for the stories they belong to,
when made by this version with its detectors and over the reports the corpus would
compare, so ``storydiff story`` and the web app show them at once; any other story is
compared on first view. The ``findings``/``provenance_edges``/``facts`` tables stay for
analysis in Spark, DuckDB or pandas.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from .corpus_api import Corpus, comparison_version
from .engines.spark_tables import record_from_row
from .models import Record, Skip
from .store import Batch, Store

log = logging.getLogger("storydiff.ingest")

#: Articles per transaction, at least: a story is never split over two transactions.
CHUNK = 256
#: Provisional story ids sit far below any stored id, so the store's provisional → stored
#: mapping can never confuse a new story with an existing one.
_PROVISIONAL = -(1 << 40)


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        if len(chunk) >= size and row["story"] != chunk[-1]["story"]:
            yield chunk
            chunk = []
        chunk.append(row)
    if chunk:
        yield chunk


def import_rows(store: Store, articles: Iterable[Any], skips: Iterable[Any] = (),
                chunk_size: int = CHUNK) -> tuple[dict[str, int], dict[int, int]]:
    """Write ``articles`` rows (sorted by story, then ingest order) and ``skips`` rows to ``store``.

    Returns counts (articles written, already stored, stories and skips) and the stored id
    of each Spark story. Skips are also logged, as ``storydiff ingest`` logs them.
    """
    stored: dict[int, int] = {}
    written = known = 0
    for chunk in _chunks(articles, chunk_size):
        present = store.known_keys([r["key"] for r in chunk])
        known += sum(1 for r in chunk if r["key"] in present)
        if present:
            # A story partly stored by an earlier, interrupted run keeps its stored id.
            was = store.story_of([r["id"] for r in chunk if r["key"] in present])
            by_id = {r["id"]: r["story"] for r in chunk}
            stored.update({by_id[a]: s for a, s in was.items()})
        rows = [r for r in chunk if r["key"] not in present]
        if not rows:
            continue
        records: list[Record] = [record_from_row(r) for r in rows]
        new = {r["story"] for r in rows if r["story"] not in stored}
        fresh = store.write(Batch(
            records=records,
            signatures={r["id"]: bytes(r["signature"]) for r in rows},
            bands={r["id"]: list(r["bands"]) for r in rows},
            features={r["id"]: bytes(r["features"]) for r in rows},
            canonical={r["id"]: r["canonical"] for r in rows},
            stories={r["id"]: stored.get(r["story"], _PROVISIONAL + r["story"]) for r in rows},
            new_stories=frozenset(_PROVISIONAL + s for s in new)))
        stored.update({s - _PROVISIONAL: f for s, f in fresh.items()})
        written += len(rows)
    skip_rows = [Skip(origin=r["origin"], reason=r["reason"], key=r["key"]) for r in skips]
    if skip_rows and written:
        store.write(Batch(skips=skip_rows))
        for s in skip_rows:
            log.warning("skipped %s: %s", s.origin, s.reason)
    return ({"articles": written, "already_stored": known, "stories": len(stored),
             "skips": len(skip_rows) if written else 0}, stored)


def import_comparisons(corpus: Corpus, rows: Iterable[Any], stored: dict[int, int]) -> int:
    """Cache the ``comparisons`` rows made by this version; returns how many were kept."""
    version = comparison_version()
    kept = 0
    for row in rows:
        story = stored.get(row["story"])
        if story is None or not row["report"] or row.get("version") != version:
            continue
        kept += corpus.keep_comparison(story, list(row["compared"]), json.loads(row["report"]))
    return kept


def import_parquet(spark: Any, directory: str, corpus: Corpus, chunk_size: int = CHUNK) -> dict[str, int]:
    """Read the tables under ``directory`` into ``corpus``: articles, skips and comparisons.

    Rows stream to the driver one partition at a time (``toLocalIterator``), so the
    driver holds about one partition, not the corpus.
    """
    from pyspark.errors import AnalysisException

    base = directory.rstrip("/")
    articles = spark.read.parquet(f"{base}/articles").orderBy("story", "ingest_order")
    skips = spark.read.parquet(f"{base}/skips")
    done, stored = import_rows(corpus.store, (r.asDict() for r in articles.toLocalIterator()),
                               (r.asDict() for r in skips.toLocalIterator()), chunk_size)
    try:
        comparisons = spark.read.parquet(f"{base}/comparisons")
    except AnalysisException:  # a pipeline run with --no-compare writes none
        done["comparisons"] = 0
        return done
    rows = (r.asDict() for r in comparisons.toLocalIterator())
    done["comparisons"] = import_comparisons(corpus, rows, stored)
    return done
