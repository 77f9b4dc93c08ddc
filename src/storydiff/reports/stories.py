"""Terminal views of a corpus: the ingest progress bar and summary, duplicate groups, stories.

Titles and outlets come from crawled pages: they are printed as plain text,
never as rich markup.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

_err = Console(stderr=True)


class IngestBar:
    """Records read, kept and skipped, and the rate, on stderr while ingest runs."""

    def __init__(self) -> None:
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=_err, transient=True)
        self.task = self.progress.add_task("reading…")

    def __enter__(self) -> IngestBar:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.progress.stop()

    def update(self, done: Any) -> None:
        self.progress.update(self.task, description=(
            f"read {done.read:,} · kept {done.kept:,} · already stored {done.known:,} · "
            f"skipped {done.skipped:,} · {done.rate:,.0f} records/s"))


def print_ingest(summary: dict[str, Any], db: str, log: str) -> None:
    out = Console()
    corpus = summary["corpus"]
    out.print(f"read {summary['read']:,} records in {summary['seconds']:.1f} s: "
              f"kept {summary['kept']:,} ({summary['copies']:,} copies of others), "
              f"{summary['already_stored']:,} already stored, skipped {summary['skipped']:,}",
              highlight=False)
    for reason, count in sorted(summary["skip_reasons"].items(), key=lambda kv: -kv[1]):
        out.print(f"  skipped {count:,}: {escape(reason)}", highlight=False)
    if summary["skipped"]:
        out.print(f"  each skipped record is listed in {escape(log)}", highlight=False)
    out.print(f"{escape(db)}: {corpus['articles']:,} articles, {corpus['stories']:,} stories, "
              f"{corpus['duplicate_groups']:,} groups of copies", highlight=False)


def _day(value: str | None) -> str:
    return (value or "?")[:10]


def print_stories(data: dict[str, Any]) -> None:
    out = Console()
    stories = data["stories"]
    if not stories:
        out.print("no stories match")
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for name, justify in (("id", "right"), ("reports", "right"), ("indep.", "right"),
                          ("title", "left"), ("outlets", "left"), ("dates", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in stories:
        more = len(s["outlets"]) - 3
        outlets = ", ".join(s["outlets"][:3]) + (f" +{more}" if more > 0 else "")
        span = _day(s["first_published"])
        if _day(s["last_published"]) != span:
            span += f" – {_day(s['last_published'])}"
        table.add_row(str(s["id"]), str(s["reports"]), str(s["independent_reports"]),
                      escape(s["title"]), escape(outlets), span)
    out.print(table)


def print_dupes(data: dict[str, Any]) -> None:
    out = Console()
    if not data["groups"]:
        out.print("no copies found")
        return
    for g in data["groups"]:
        first, *rest = g["members"]
        out.print(f"[bold]{len(g['members'])} copies[/] · story {g['story']} · "
                  f"{escape(first['title'])}", highlight=False)
        for m in [first, *rest]:
            mark = "canonical" if m is first else "copy     "
            out.print(f"  {mark} {_day(m['published'])}  {escape(m['outlet'] or '?')}  "
                      f"{escape(m['url'] or m['id'])}", highlight=False)
