"""The Spark engine: the corpus stages over a whole corpus at once, written as Parquet.

Each stage is the function the local engine calls, run in ``mapPartitions``:
:func:`~storydiff.corpus.sources.iter_records` per file, :func:`extract_batch`,
:func:`dedup.signatures`, :func:`cluster.story_features`, the index's pair score and
merging (:func:`cluster.entry_score`, :func:`cluster.merge_chunk`) and
:func:`storydiff.api.compare`. What needs the whole corpus (near-duplicate groups,
story pieces) is joins: LSH bands by ``groupBy`` and connected components in plain
RDD operations (:mod:`.spark_dedup`, :mod:`.spark_stories`, :mod:`.spark_graph`).

PySpark is an optional extra; nothing here imports it at module level, and
:func:`require_spark` says how to install what is missing.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..corpus.extract import extract_batch
from ..corpus.features import encode_features
from ..corpus.sources import SourceOptions, iter_records
from ..errors import UsageError
from ..models import RawRecord, Record, Skip
from . import spark_tables as tables
from .spark_dedup import duplicate_groups, signature_rows
from .spark_stories import feature_rows, story_labels

INSTALL_HINT = ("the Spark engine needs PySpark and Java 17 or later: pip install 'storydiff[spark]' "
                "and install a JDK (e.g. apt-get install openjdk-17-jre-headless); "
                "or leave out --engine spark to use the local engine")
#: The reports a story's comparison reads, as the local corpus does (corpus_api.MAX_COMPARED).
MAX_COMPARED = 30
#: What a folder is read for, as the local engine decides by name (corpus.sources).
_EXTENSIONS = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".warc",
               ".rss", ".xml", ".atom")


def require_spark() -> None:
    """Raise :class:`UsageError` saying how to install PySpark or Java when either is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise UsageError(f"PySpark is not installed: {INSTALL_HINT}") from None
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (java_home and Path(java_home, "bin", "java").exists()):
        raise UsageError(f"no Java found (neither `java` on PATH nor JAVA_HOME): {INSTALL_HINT}")


def spark_session(master: str = "local[2]", *, partitions: int = 4, driver_memory: str = "1g") -> Any:
    """A SparkSession for the pipeline (or the one already running in this process)."""
    require_spark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder
    if master.startswith("local"):
        # Local workers must run this interpreter (the one with storydiff installed), not
        # whatever `python3` is first on PATH; on a cluster the image decides.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (builder.master(master).appName("storydiff")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(partitions))
            .config("spark.default.parallelism", str(partitions))
            .config("spark.driver.memory", driver_memory)
            # Python workers live on between tasks, so each loads the sentence encoder once.
            .config("spark.python.worker.reuse", "true")
            # A worker that dies (a native library's fault) then says where, not only that it died.
            .config("spark.python.worker.faulthandler.enabled", "true")
            .config("spark.hadoop.mapreduce.input.fileinputformat.input.dir.recursive", "true")
            .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session


def _is_hadoop_url(source: str) -> bool:
    return "://" in source and not source.lower().startswith(("http://", "https://"))


def _expand(source: str) -> list[str]:
    """The files of a local source in the local engine's reading order (folders sorted, recursive)."""
    path = Path(source)
    if not path.is_dir():
        return [source]
    found: list[str] = []
    for child in sorted(path.iterdir()):
        if child.name.startswith("."):
            continue
        suffix = Path(child.name.lower().removesuffix(".gz")).suffix
        if child.is_dir():
            found += _expand(str(child))
        elif not suffix or suffix in _EXTENSIONS:
            found.append(str(child))
    return found


def _read_local(files: Iterable[tuple[int, str]], options: SourceOptions
                ) -> Iterator[tuple[tuple[int, int], RawRecord | Skip]]:
    for rank, path in files:
        for seq, item in enumerate(iter_records([path], options)):
            yield (rank, seq), item


def _read_hadoop(files: Iterable[tuple[str, bytes]], options: SourceOptions, rank: int
                 ) -> Iterator[tuple[tuple[int, str, int], RawRecord | Skip]]:
    # The readers take paths (gzip, WARC and JSON sniffing all seek); a file Spark fetched
    # from HDFS or S3 goes through a scratch copy named like the original.
    for url, data in files:
        name = url.rstrip("/").rsplit("/", 1)[-1]
        suffix = Path(name.lower().removesuffix(".gz")).suffix
        if name.startswith(".") or (suffix and suffix not in _EXTENSIONS):
            continue
        with tempfile.TemporaryDirectory(prefix="storydiff-spark-") as scratch:
            local = os.path.join(scratch, name)
            Path(local).write_bytes(data)
            for seq, item in enumerate(iter_records([local], options)):
                item = dataclasses.replace(item, origin=item.origin.replace(local, url))
                yield (rank, url, seq), item


def _extract(items: Iterable[tuple[Any, RawRecord | Skip]]) -> Iterator[tuple[Any, Record | Skip]]:
    batch = list(items)
    raws = [(order, item) for order, item in batch if isinstance(item, RawRecord)]
    for order, item in batch:
        if isinstance(item, Skip):
            yield order, item
    results = extract_batch(raw for _, raw in raws)
    yield from ((order, result) for (order, _), result in zip(raws, results, strict=True))


@contextmanager
def _stage(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - start, 3)


def _compare(story: int, records: list[tuple[Record, str]], threads: int) -> dict[str, list[tuple[Any, ...]]]:
    from ..api import compare
    from ..corpus_api import comparison_version
    from ..options import Options
    from ..reports.json import report_to_dict

    heads = [r.article for r, canonical in sorted(records, key=lambda m: tables.report_order(m[0]))
             if canonical == r.article.id][:MAX_COMPARED]
    ids = [a.id for a in heads]
    try:
        report = report_to_dict(compare(heads, Options(threads=threads, load_plugins=False)))
    except Exception as exc:  # one story's failure is a row saying why, never the job
        return tables.comparison_rows(story, ids, None, f"{type(exc).__name__}: {exc}", comparison_version())
    return tables.comparison_rows(story, ids, report, None, comparison_version())


def run_pipeline(spark: Any, sources: Sequence[str], out: str, options: SourceOptions | None = None, *,
                 compare: bool = True, threads: int = 1) -> dict[str, Any]:
    """Read ``sources``, dedup, cluster, optionally compare; write the Parquet tables under ``out``.

    Returns a summary: counts, the figures of the global joins and seconds per stage.
    Stages are forced one after the other (each result is cached and counted) so the
    per-stage times mean something; Spark would otherwise fuse them.
    """
    options = options or SourceOptions()
    if options.fetch or any(s.lower().startswith(("http://", "https://")) for s in sources):
        raise UsageError("the Spark engine reads files (local paths or hdfs://, s3a://, file:// URLs); "
                         "fetch feeds with the local engine (storydiff ingest --fetch)")
    sc = spark.sparkContext
    timings: dict[str, float] = {}
    partitions = int(sc.defaultParallelism)
    with _stage(timings, "read+extract"):
        local = [(rank, f) for rank, f in enumerate(
            f for s in sources if not _is_hadoop_url(s) for f in _expand(s))]
        read = sc.parallelize(local, max(1, min(len(local), partitions))).mapPartitions(
            lambda part: _read_local(part, options))
        for rank, url in enumerate((s for s in sources if _is_hadoop_url(s)), start=len(local)):
            remote = sc.binaryFiles(url, partitions).mapPartitions(
                lambda part, r=rank: _read_hadoop(part, options, r))
            read = read.union(remote)
        extracted = read.repartition(partitions).mapPartitions(_extract).cache()
        skips = extracted.filter(lambda r: isinstance(r[1], Skip)).values()
        # A record read twice keeps its first reading, as the local engine skips a known key.
        # A record's ingest order is its position among all items read, skips included, as
        # the local engine counts them into batches: files in order, then items in a file.
        sizes = extracted.map(lambda r: (r[0][:-1], 1)).reduceByKey(lambda a, b: a + b).collectAsMap()
        offsets: dict[Any, int] = {}
        running = 0
        for file_key in sorted(sizes):
            offsets[file_key], running = running, running + sizes[file_key]
        records = (extracted.filter(lambda r: isinstance(r[1], Record))
                   .map(lambda r: (r[1].key, r)).reduceByKey(min_order).values()
                   .map(lambda r: (offsets[r[0][:-1]] + r[0][-1], r[1]))
                   .repartition(partitions).cache())
        total = records.count()
        skipped = skips.count()
    with _stage(timings, "signatures"):
        signatures = records.mapPartitions(signature_rows).cache()
        signatures.count()
    with _stage(timings, "dedup"):
        canonical, dedup_stats = duplicate_groups(records, signatures)
        canonical = canonical.cache()
        copies = canonical.filter(lambda r: r[0] != r[1]).count()
    with _stage(timings, "features"):
        features = records.mapPartitions(lambda part: feature_rows(part, threads)).cache()
        features.count()
    with _stage(timings, "stories"):
        labels, story_stats = story_labels(features, canonical, total)
        labels = labels.cache()
        stories = labels.values().distinct().count()
    with _stage(timings, "write"):
        joined = _joined(records, canonical, labels).cache()
        by_story = (joined.map(lambda r: (r[1][3], (r[1][1], r[1][2]))).groupByKey().mapValues(list)
                    .cache())
        _write_tables(spark, out, joined, signatures, features, canonical, by_story, skips)
    summary: dict[str, Any] = {"articles": total, "skipped": skipped, "copies": copies, "stories": stories,
                               **dedup_stats, **story_stats}
    if compare:
        with _stage(timings, "compare"):
            summary["compared"] = _write_comparisons(spark, out, by_story, threads)
    summary["stage_seconds"] = timings
    for rdd in (extracted, records, signatures, canonical, features, labels, joined, by_story):
        rdd.unpersist()
    return summary


def min_order(a: tuple[Any, Record], b: tuple[Any, Record]) -> tuple[Any, Record]:
    return a if a[0] <= b[0] else b


def _joined(records: Any, canonical: Any, labels: Any) -> Any:
    """(id, (order, Record, canonical, story)) for every article."""
    return (records.map(lambda r: (r[1].article.id, r)).leftOuterJoin(canonical).join(labels)
            .mapValues(lambda v: (v[0][0][0], v[0][0][1], v[0][1] or v[0][0][1].article.id, v[1])))


def _write(spark: Any, out: str, table: str, rows: Any) -> None:
    frame = spark.createDataFrame(rows, tables.schema(table))
    frame.write.mode("overwrite").parquet(f"{out.rstrip('/')}/{table}")


def _write_tables(spark: Any, out: str, joined: Any, signatures: Any, features: Any, canonical: Any,
                  by_story: Any, skips: Any) -> None:
    rows = joined.join(signatures).join(features.mapValues(lambda v: v[1]))
    _write(spark, out, "articles", rows.map(lambda r: tables.article_row(
        r[1][0][0][1], r[1][0][0][0], r[1][0][0][2], r[1][0][0][3], r[1][0][1][0], r[1][0][1][1],
        encode_features(r[1][1]))))
    sizes = canonical.map(lambda r: (r[1], 1)).reduceByKey(lambda a, b: a + b)
    _write(spark, out, "duplicate_groups", canonical.map(lambda r: (r[1], r[0])).join(sizes)
           .map(lambda r: (r[1][0], r[0], r[1][1])))
    _write(spark, out, "stories", by_story.map(lambda s: tables.story_row(s[0], s[1])))
    _write(spark, out, "story_members", by_story.flatMap(lambda s: tables.member_rows(s[0], s[1])))
    _write(spark, out, "skips", skips.map(lambda s: (s.origin, s.reason, s.key)))


def _write_comparisons(spark: Any, out: str, by_story: Any, threads: int) -> int:
    stories = by_story.filter(
        lambda s: sum(1 for r, c in s[1] if c == r.article.id) >= 2)
    # Comparisons are the costliest stage by far: spread the stories over all tasks.
    stories = stories.repartition(max(1, int(spark.sparkContext.defaultParallelism)))
    rows = stories.map(lambda s: _compare(s[0], s[1], threads)).cache()
    for table in ("findings", "provenance_edges", "facts", "comparisons"):
        _write(spark, out, table, rows.flatMap(lambda r, t=table: r[t]))
    compared = int(rows.count())
    rows.unpersist()
    return compared

