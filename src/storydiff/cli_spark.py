"""The Spark commands: ``pipeline``, ``import-parquet`` and ``ingest --engine spark``.

A thin skin over :mod:`storydiff.engines.spark` and :mod:`storydiff.parquet_import`.
PySpark is imported only when a command runs with Spark, so ``storydiff --help`` and
the local engine need neither Java nor PySpark.
"""

from __future__ import annotations

import json
import sys
import tempfile
from typing import Any

import click

from .cli import friendly_errors, main
from .cli_corpus import DB_HELP, MASTER_HELP, parse_fields
from .errors import UsageError


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _print_summary(summary: dict[str, Any]) -> None:
    click.echo(f"{summary['articles']:,} articles ({summary['copies']:,} copies, "
               f"{summary['skipped']:,} skipped) in {summary['stories']:,} stories")
    if "compared" in summary:
        click.echo(f"{summary['compared']:,} stories compared")
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in summary["stage_seconds"].items())
    click.echo(f"stages: {stages}")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "out", required=True,
              help="Folder (or hdfs://, s3a:// URL) for the Parquet tables; replaced if present.")
@click.option("--master", default="local[2]", show_default=True, help=MASTER_HELP)
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="JSONL field for text, title, published, url, id or outlet (repeat).")
@click.option("--compare/--no-compare", default=True, show_default=True,
              help="Compare each story's independent reports (findings, provenance edges, facts).")
@click.option("--partitions", type=click.IntRange(min=1), default=4, show_default=True,
              help="Shuffle partitions; on a cluster about 2-3 per executor core.")
@click.option("--driver-memory", default="2g", show_default=True)
@click.option("--threads", type=click.IntRange(min=1), default=1, show_default=True,
              help="Threads per task for the sentence encoder.")
@click.option("--format", "-f", "format_", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True, help="Summary format.")
@friendly_errors
def pipeline(sources: tuple[str, ...], out: str, master: str, fields: tuple[str, ...], compare: bool,
             partitions: int, driver_memory: str, threads: int, format_: str) -> None:
    """Run the whole corpus pipeline on Spark: read, extract, dedup, cluster, compare; write Parquet.

    SOURCES are files or folders (.txt, .html, JSONL(.gz), WARC(.gz), RSS) or any URL
    Spark's Hadoop filesystems read (hdfs://, s3a://, file://). The tables (articles,
    duplicate_groups, stories, story_members, findings, provenance_edges, facts,
    comparisons, skips) are documented in docs/parquet.md. Needs `pip install 'storydiff[spark]'`
    and Java 17+.

    Example:

        storydiff pipeline crawl/ exports/news.jsonl.gz --out out/ --master local[2]

        storydiff import-parquet out/ --db news.db && storydiff stories --db news.db
    """
    from .corpus.sources import SourceOptions
    from .engines.spark import run_pipeline, spark_session

    options = SourceOptions(fields=parse_fields(fields))
    spark = spark_session(master, partitions=partitions, driver_memory=driver_memory)
    summary = run_pipeline(spark, sources, out, options, compare=compare, threads=threads)
    _emit(summary) if format_ == "json" else _print_summary(summary)


@main.command(name="import-parquet")
@click.argument("directory")
@click.option("--db", default="storydiff.db", show_default=True, help=DB_HELP)
@click.option("--master", default="local[1]", show_default=True, help=MASTER_HELP)
@click.option("--format", "-f", "format_", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True, help="Summary format.")
@friendly_errors
def import_parquet(directory: str, db: str, master: str, format_: str) -> None:
    """Load the Parquet tables of `storydiff pipeline` into a corpus, for `stories`, `story` and the web app.

    Stories keep the Spark engine's ids when the corpus is empty; a re-run adds nothing.

    Example:

        storydiff import-parquet out/ --db news.db

        storydiff import-parquet out/ --db postgresql://user@host/news
    """
    from .corpus_api import Corpus
    from .engines.spark import spark_session
    from .parquet_import import import_parquet as load

    spark = spark_session(master)
    with Corpus(db) as corpus:
        done = load(spark, directory, corpus)
    if format_ == "json":
        _emit(done)
    else:
        click.echo(f"imported {done['articles']:,} articles in {done['stories']:,} stories into {db} "
                   f"({done['already_stored']:,} already stored, {done['skips']:,} skips, "
                   f"{done['comparisons']:,} comparisons)")


def spark_ingest(sources: tuple[str, ...], db: str, fields: tuple[str, ...], fetch: bool,
                 threads: int | None, format_: str, master: str, log_path: str) -> None:
    """``ingest --engine spark``: the pipeline without comparisons into a scratch folder, then import.

    Skipped records reach the log (``log_path``, set up by the caller) on import."""
    from .corpus.sources import SourceOptions
    from .corpus_api import Corpus
    from .engines.spark import require_spark, run_pipeline, spark_session
    from .parquet_import import import_parquet as load

    if fetch:
        raise UsageError("--fetch works with the local engine only; leave out --engine spark")
    require_spark()
    with Corpus(db) as corpus:
        if corpus.store.counts().get("articles"):
            raise UsageError(f"{db} already holds articles: --engine spark builds a corpus in one pass "
                             "and cannot dedup or cluster against stored ones; use a new --db, or the "
                             "local engine to add to this one")
        spark = spark_session(master)
        with tempfile.TemporaryDirectory(prefix="storydiff-spark-") as scratch:
            summary = run_pipeline(spark, sources, scratch, SourceOptions(fields=parse_fields(fields)),
                                   compare=False, threads=threads or 1)
            summary["imported"] = load(spark, scratch, corpus)
    if format_ == "json":
        _emit(summary)
        return
    _print_summary(summary)
    if summary["skipped"]:
        click.echo(f"skipped records are listed in {log_path}")
