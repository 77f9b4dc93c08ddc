"""The corpus commands: ingest, dupes, stories, story. A thin skin over :class:`Corpus`."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import click

from .cli import friendly_errors, main
from .errors import UsageError

DB_HELP = ("The corpus: an SQLite file, created on first ingest, or a postgresql:// URL "
           "(pip install 'storydiff[postgres]').")


MASTER_HELP = ("Spark master: local[2] runs on this machine with 2 cores; spark://host:7077, yarn or "
               "k8s://… run on a cluster (storydiff must be installed on the executors).")


def _is_url(db: str) -> bool:
    return "://" in db


def _default_log(db: str) -> str:
    # A server URL has no folder to put the log beside; the working folder does.
    return "storydiff-ingest.log" if _is_url(db) else db + ".log"


def _shown(db: str) -> str:
    """The corpus as printed: a URL without its password."""
    if not _is_url(db):
        return db
    from .store.postgres import display_url

    return display_url(db)


def parse_fields(pairs: tuple[str, ...]) -> dict[str, str]:
    fields = {}
    for pair in pairs:
        name, sep, field = pair.partition("=")
        if not sep or not name or not field:
            raise UsageError(f"--field {pair!r}: give NAME=FIELD, e.g. text=content")
        if name not in ("text", "title", "published", "url", "id", "outlet"):
            raise UsageError(f"--field {name}: choose from text, title, published, url, id, outlet")
        fields[name] = field
    return fields


def _skip_log(path: str) -> None:
    """Skipped records go to a log file beside the corpus, one line each."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger = logging.getLogger("storydiff.ingest")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", default="storydiff.db", show_default=True, help=DB_HELP)
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="JSONL field for text, title, published, url, id or outlet (repeat), "
                   "e.g. --field text=content --field published=dct.")
@click.option("--fetch", is_flag=True,
              help="Fetch feed URLs and the pages feeds link to (public addresses only).")
@click.option("--log", "log_path", default=None,
              help="Where skipped records are logged. Default: the corpus file + .log "
                   "(storydiff-ingest.log for a server URL).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--format", "-f", "format_", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True, help="Summary format.")
@click.option("--threads", type=int, default=None,
              help="Threads for the sentence encoder (default: STORYDIFF_THREADS, else 2).")
@click.option("--batch-size", type=click.IntRange(min=1), default=256, show_default=True,
              help="Records per transaction: a killed run loses at most one batch.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: batch by batch, no Java needed. spark: the whole pipeline on Spark "
                   "into an empty corpus (pip install 'storydiff[spark]').")
@click.option("--master", default="local[2]", show_default=True, help="With --engine spark: " + MASTER_HELP)
@friendly_errors
def ingest(sources: tuple[str, ...], db: str, fields: tuple[str, ...], fetch: bool,
           log_path: str | None, quiet: bool, format_: str, threads: int | None,
           batch_size: int, engine: str, master: str) -> None:
    """Read SOURCES (files or folders: .txt, .html, JSONL(.gz), WARC(.gz), RSS/Atom) into a corpus,
    set copies aside and group the reports into stories.

    Re-running the same command adds nothing new; after a kill it finishes the job.

    Example:

        storydiff ingest crawl.warc.gz exports/news.jsonl.gz pages/ --db news.db

        storydiff ingest api.jsonl --field text=body --field published=date_publish
    """
    from .corpus_api import Corpus
    from .options import Options
    from .reports.stories import IngestBar, print_ingest

    log_path = log_path or _default_log(db)
    _skip_log(log_path)
    if engine == "spark":
        from .cli_spark import spark_ingest

        spark_ingest(sources, db, fields, fetch, threads, format_, master, log_path)
        return
    mapping = parse_fields(fields)
    options = Options(threads=threads) if threads else Options()
    with Corpus(db, options=options) as corpus:
        if quiet:
            summary = corpus.ingest(sources, fields=mapping, fetch=fetch, batch_size=batch_size)
        else:
            with IngestBar() as bar:
                summary = corpus.ingest(sources, fields=mapping, fetch=fetch, on_progress=bar.update,
                                        batch_size=batch_size)
    if format_ == "json":
        _emit(summary)
    else:
        print_ingest(summary, _shown(db), log_path)


@main.command()
@click.option("--db", default="storydiff.db", show_default=True, help=DB_HELP)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show this many groups.")
@click.option("--format", "-f", "format_", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True)
@friendly_errors
def dupes(db: str, limit: int | None, format_: str) -> None:
    """List groups of exact and near-duplicate copies (re-posts, syndicated wire copy).

    The canonical member, the earliest published, comes first; a story counts a group once.

    Example:

        storydiff dupes --db news.db --limit 20
    """
    from .corpus_api import Corpus
    from .reports.stories import print_dupes

    with Corpus(db, readonly=True) as corpus:
        data = corpus.dupes(limit=limit)
    _emit(data) if format_ == "json" else print_dupes(data)


@main.command()
@click.option("--db", default="storydiff.db", show_default=True, help=DB_HELP)
@click.option("--since", default=None, help="Stories with a report on or after this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Stories with a report on or before this date.")
@click.option("--outlet", default=None, help="Stories an outlet reported (part of its name).")
@click.option("--q", "q", default=None, help="Stories whose reports contain all these words.")
@click.option("--sort", type=click.Choice(["size", "recent"]), default="size", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Every story, single reports included.")
@click.option("--format", "-f", "format_", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True)
@friendly_errors
def stories(db: str, since: str | None, until: str | None, outlet: str | None, q: str | None,
            sort: str, limit: int, show_all: bool, format_: str) -> None:
    """List the corpus's stories: reports, independent reports, outlets, first and last published.

    Example:

        storydiff stories --db news.db --since 2026-11-01 --outlet Courier --sort recent
    """
    from .corpus_api import Corpus
    from .reports.stories import print_stories

    with Corpus(db, readonly=True) as corpus:
        data = corpus.stories(since=since, until=until, outlet=outlet, q=q, sort=sort,
                              limit=None if show_all else limit)
    _emit(data) if format_ == "json" else print_stories(data)


@main.command()
@click.argument("story_id", type=int)
@click.option("--db", default="storydiff.db", show_default=True, help=DB_HELP)
@click.option("--reference", "-r", type=int, default=None,
              help="Index (from 0, in time order) of the report to compare against. "
                   "Default: the earliest.")
@click.option("--format", "-f", "format_", type=click.Choice(["terminal", "json", "html", "md"]),
              default="terminal", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (whole or not at all) instead of stdout.")
@click.option("--limit", type=click.IntRange(min=1), default=15, show_default=True,
              help="List this many findings and timeline claims; JSON has everything.")
@click.option("--all", "show_all", is_flag=True, help="List everything.")
@friendly_errors
def story(story_id: int, db: str, reference: int | None, format_: str, output: str | None,
          limit: int, show_all: bool) -> None:
    """Show one story: its reports in time order, their comparison, provenance, fact sheet and
    claim timeline (where each claim first appears and where it changed).

    Example:

        storydiff story 12 --db news.db --format html -o story-12.html
    """
    from .corpus_api import Corpus
    from .reports import RenderOptions, write_atomic
    from .reports.story import render_story

    with Corpus(db) as corpus:
        data = corpus.story(story_id, reference=reference)
    text = render_story(data, format_, RenderOptions(limit=None if show_all else limit))
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(text)
