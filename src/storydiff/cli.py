"""The ``storydiff`` command: a thin skin over :mod:`storydiff.api`."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .errors import StorydiffError, UsageError
from .options import DEFAULT_MAX_BYTES, Options
from .reports.selection import DEFAULT_LIMIT

FORMATS = ("terminal", "json", "html", "md")


def args_to_options(reference: int | None, detectors: tuple[str, ...], max_bytes: int,
                    threads: int | None, min_confidence: float, nli: bool = True) -> Options:
    """Turn command-line arguments into :class:`Options`, in one place."""
    extra: dict[str, Any] = {}
    if threads is not None:
        extra["threads"] = threads
    return Options(reference=reference, detectors=detectors, max_bytes=max_bytes,
                   min_confidence=min_confidence, nli=nli, **extra)


F = TypeVar("F", bound=Callable[..., None])


def friendly_errors(command: F) -> F:
    """One line on stderr and a non-zero exit for every error; a traceback only on request."""
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except StorydiffError as exc:
            click.echo(f"storydiff: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            sys.exit(130)
        except Exception as exc:  # a bug: one line for users, the traceback on request
            if os.environ.get("STORYDIFF_DEBUG"):
                raise
            click.echo(f"storydiff: internal error: {type(exc).__name__}: {exc} "
                       "(set STORYDIFF_DEBUG=1 for the traceback and please report it)", err=True)
            sys.exit(70)
    return run  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="storydiff")
def main() -> None:
    """Compare news reports of one story claim by claim."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--reference", "-r", type=int, default=None,
              help="Index (from 0) of the reference report. Default: the earliest "
                   "published, else the first given.")
@click.option("--format", "-f", "format_", type=click.Choice(FORMATS), default="terminal",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (whole or not at all) instead of stdout.")
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True,
              help="List this many findings by rank (with three or more reports: claims) and "
                   "sum up the rest in one line. JSON always has everything.")
@click.option("--all", "show_all", is_flag=True,
              help="List every finding; with three or more reports, each report's findings too.")
@click.option("--outlet", multiple=True,
              help="Outlet of each report, in order (repeat the option); overrides detection.")
@click.option("--url", "urls", multiple=True,
              help="Address each report was published at, in order (repeat the option); "
                   "names the outlet when nothing else does. Nothing is fetched.")
@click.option("--published", multiple=True,
              help="Publication date of each report, in order (repeat the option).")
@click.option("--detector", "detectors", multiple=True,
              help="Run only this detector (repeat the option). See `storydiff detectors`.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Hide findings below this confidence.")
@click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse inputs larger than this.")
@click.option("--nli/--no-nli", default=True, show_default=True,
              help="Read aligned claims with the NLI model (untyped contradictions).")
@click.option("--threads", type=int, default=None,
              help="Threads for the sentence encoder (default: STORYDIFF_THREADS, else 2).")
@friendly_errors
def compare(sources: tuple[str, ...], reference: int | None, format_: str,
            output: str | None, limit: int, show_all: bool,
            outlet: tuple[str, ...], urls: tuple[str, ...],
            published: tuple[str, ...],
            detectors: tuple[str, ...], min_confidence: float, max_bytes: int,
            nli: bool, threads: int | None) -> None:
    """Compare SOURCES (files, http(s) URLs, or - for stdin) claim by claim.

    Example:

        storydiff compare original.txt rewrite.html --format html -o report.html

        storydiff compare reports/*.txt --limit 5
    """
    from .api import compare as run_compare
    from .readers import read_article
    from .reports import RenderOptions, render, write_atomic

    options = args_to_options(reference, detectors, max_bytes, threads, min_confidence, nli)
    if len(sources) < 2:
        raise UsageError("give at least two reports to compare (one was given)")
    for name, values in (("--outlet", outlet), ("--url", urls), ("--published", published)):
        if values and len(values) != len(sources):
            raise UsageError(f"give {name} once per report ({len(sources)} times)")
    articles = [
        read_article(source, options,
                     outlet=outlet[i] if outlet else None,
                     published=published[i] if published else None,
                     url=urls[i] if urls else None)
        for i, source in enumerate(sources)
    ]
    report = run_compare(articles, options)
    view = RenderOptions(limit=None if show_all else limit)
    if format_ == "terminal" and output is None:
        from .reports.terminal import print_report

        print_report(report, view)
        return
    text = render(report, format_, view)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(text)


@main.command("detectors")
@friendly_errors
def list_detectors() -> None:
    """List the registered detectors: name, version and what each finds.

    Example:

        storydiff detectors
    """
    from .detectors import get_detectors

    for item in get_detectors():
        click.echo(f"{item.name:<22} v{item.version}  {item.description}")


# The corpus and web commands register themselves on ``main``.
from . import cli_corpus, cli_spark, cli_web  # noqa: E402,F401
