"""The default terminal report, drawn with rich.

Two reports: the findings in rank order, each in its sentence from both reports
with the changed words highlighted, the top ``limit`` listed and the rest summed
up in one line. Three or more: one line per claim across all reports (see
:mod:`.claims`); ``--all`` adds the full pairwise detail.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..models import Comparison, Finding, Report, Severity
from . import RenderOptions, renderer
from .claims import ClaimRow, Segment, group_by_claim, ranked_rows, rest_line, row_phrases, row_spans
from .context import Excerpt, claims_excerpt, side_excerpt
from .selection import coverage, select, with_ranks
from .summary import (
    KIND_NOUNS,
    article_label,
    kind_counts,
    kind_phrase,
    limited_provenance_lines,
    more_line,
    plural,
    report_letters,
)

_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan"}
#: The changed words inside a sentence.
HIGHLIGHT = "bold reverse"
_HINT = "--all lists everything"


def excerpt_text(excerpt: Excerpt | None, plain: bool = False) -> Text:
    """The excerpt as rich text with its marks highlighted; "—" when there is none.

    ``plain`` output has no styles (a pipe, NO_COLOR), so marks are set in «».
    """
    if excerpt is None:
        return Text("—", style="dim")
    text = Text()
    for chunk, marked in excerpt.pieces():
        if marked and plain:
            chunk = f"«{chunk}»"
        text.append(chunk, style=HIGHLIGHT if marked else "")
    return text


def _segments(segments: list[Segment]) -> Text:
    text = Text()
    for chunk, untrusted in segments:
        text.append(chunk, style="italic" if untrusted else "")
    return text


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="bold", no_wrap=True)
    grid.add_column()
    return grid


def _header(report: Report, letters: dict[str, str]) -> Panel:
    body = Text()
    reference = next(a for a in report.articles if a.article.id == report.reference)
    body.append(f"{letters[report.reference]}  ", style="bold")
    body.append(article_label(reference.article) + "  [reference]")
    for c in report.comparisons:
        a_cov, _ = coverage(c)
        body.append(f"\n{letters[c.other.article.id]}  ", style="bold")
        body.append(article_label(c.other.article))
        body.append(f"  · carries {a_cov.covered} of {letters[report.reference]}'s "
                    f"{a_cov.total} claims", style="dim")
    return Panel(body, title="storydiff compare", expand=False)


def _finding_rows(grid: Table, f: Finding, comparison: Comparison, labels: tuple[str, str],
                  plain: bool) -> None:
    head = Text()
    head.append(KIND_NOUNS[f.kind][0], style=_STYLE[f.severity])
    head.append(f" · {f.subkind} · {f.severity.value}, confidence {f.confidence:.2f}  ")
    head.append(f.id, style="dim")
    grid.add_row(f"#{f.rank}", head)
    grid.add_row("", Text(f.explanation, style="dim"))
    grid.add_row(labels[0], excerpt_text(side_excerpt(f.a, comparison), plain))
    grid.add_row(labels[1], excerpt_text(side_excerpt(f.b, comparison), plain))
    grid.add_row("", "")


def counts_line(findings: tuple[Finding, ...], aligned: int) -> Text:
    """"12 findings: 1 number conflict, … · 8 claims aligned" in the order of kinds."""
    kinds = [kind_phrase(kind, n) for kind, n in kind_counts(findings) if n]
    text = Text(plural(len(findings), "finding") + (": " + ", ".join(kinds) if kinds else ""))
    text.append(f" · {plural(aligned, 'claim')} aligned (agreements)", style="green")
    return text


def _comparison(comparison: Comparison, letters: dict[str, str], limit: int | None,
                title: bool, plain: bool) -> list[RenderableType]:
    la, lb = letters[comparison.reference.article.id], letters[comparison.other.article.id]
    parts: list[RenderableType] = []
    if title:
        parts.append(Text(f"\n{la} ↔ {lb}  {article_label(comparison.other.article)}", style="bold"))
    parts.append(counts_line(comparison.findings, len(comparison.alignments)))
    chosen = select(comparison, limit, (la, lb))
    parts += [Text(fold.line()) for fold in chosen.folds]
    if chosen.shown:
        parts.append(Text(""))
        grid = _grid()
        for f in chosen.shown:
            _finding_rows(grid, f, comparison, (la, lb), plain)
        parts.append(grid)
    if chosen.more:
        parts.append(Text(more_line(chosen.more)))
    if chosen.more or chosen.folds:
        parts.append(Text(_HINT, style="dim"))
    return parts


def _row_excerpt(row: ClaimRow, report: Report, plain: bool) -> Text:
    article = next(a for a in report.articles if a.article.id == row.article)
    return excerpt_text(claims_excerpt(article, row.sentences, row_spans(row)), plain)


def _claims(report: Report, letters: dict[str, str], limit: int | None,
            plain: bool) -> list[RenderableType]:
    rows = ranked_rows(group_by_claim(report))
    shown = rows if limit is None else rows[:limit]
    parts: list[RenderableType] = [Text(
        f"Claims across {len(report.articles)} reports (conflicts first, then by how many "
        "reports carry them)", style="bold")]
    grid = _grid()
    for number, row in enumerate(shown, start=1):
        line = Text(" · ").join(_segments(p) for p in row_phrases(row, report, letters))
        grid.add_row(str(number), _row_excerpt(row, report, plain))
        grid.add_row("", line)
        grid.add_row("", "")
    parts.append(grid)
    if len(shown) < len(rows):
        parts += [Text(rest_line(rows[len(shown):])), Text(_HINT + ", report by report", style="dim")]
    return parts


def build(report: Report, options: RenderOptions | None = None, plain: bool = False) -> Group:
    """The report as rich renderables; ``plain`` marks highlights for output without styles."""
    limit = (options or RenderOptions()).limit
    report = with_ranks(report)
    letters = report_letters(report)
    parts: list[RenderableType] = [
        _header(report, letters),
        Panel(Text("\n".join(limited_provenance_lines(report, limit, letters))), title="provenance",
              expand=False),
    ]
    if len(report.comparisons) == 1:
        parts += _comparison(report.comparisons[0], letters, limit, False, plain)
    else:
        parts += _claims(report, letters, limit, plain)
        if limit is None:
            for comparison in report.comparisons:
                parts += _comparison(comparison, letters, None, True, plain)
    return Group(*parts)


@renderer("terminal")
def render_terminal(report: Report, options: RenderOptions | None = None, width: int = 100,
                    styles: bool = False) -> str:
    """The report as plain text (``styles``: with ANSI codes for bold, colour, highlight)."""
    console = Console(file=io.StringIO(), record=True, width=width, force_terminal=False,
                      color_system="standard" if styles else None)
    console.print(build(report, options, plain=not styles))
    text = console.export_text(styles=styles)
    return text if styles else "".join(line.rstrip() + "\n" for line in text.splitlines())


def print_report(report: Report, options: RenderOptions | None = None) -> None:
    """Print with colour when the output is a terminal, else as plain text."""
    console = Console()
    if console.is_terminal and console.color_system is not None:
        console.print(build(report, options))
    else:
        console.file.write(render_terminal(report, options, width=console.width))


__all__ = ["HIGHLIGHT", "build", "excerpt_text", "print_report", "render_terminal"]
