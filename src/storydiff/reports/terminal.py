"""The default terminal report, drawn with rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..models import Report, Severity
from . import renderer
from .summary import KIND_LABELS, article_label, kind_counts, provenance_lines

_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan"}


def build(report: Report) -> Group:
    parts: list[object] = []
    provenance = Text("\n".join(provenance_lines(report)))
    parts.append(Panel(provenance, title="provenance", expand=False))
    for comparison in report.comparisons:
        ref, other = comparison.reference.article, comparison.other.article
        header = Text()
        header.append("A  ", style="bold")
        header.append(article_label(ref) + "  [reference]\n")
        header.append("B  ", style="bold")
        header.append(article_label(other))
        parts.append(Panel(header, title="storydiff compare", expand=False))
        table = Table(show_header=True, header_style="bold", expand=False)
        table.add_column("kind")
        table.add_column("count", justify="right")
        for kind, count in kind_counts(comparison.findings):
            table.add_row(KIND_LABELS[kind], str(count))
        agreed = sum(1 for al in comparison.alignments)
        table.add_row("Aligned claims (agreements)", str(agreed), style="green")
        parts.append(table)
        for f in comparison.findings:
            body = Text()
            body.append(f"{f.id} ", style="bold")
            body.append(f"{f.kind.value}", style=_STYLE[f.severity])
            body.append(f" / {f.subkind}  {f.severity.value}, confidence {f.confidence:.2f}\n")
            body.append(f.explanation + "\n")
            body.append("  A: ", style="bold")
            body.append((f.a.text or "—") + "\n")
            body.append("  B: ", style="bold")
            body.append(f.b.text or "—")
            parts.append(body)
    return Group(*parts)  # type: ignore[arg-type]


@renderer("terminal")
def render_terminal(report: Report, width: int = 100) -> str:
    console = Console(record=True, width=width, force_terminal=False, color_system=None)
    with console.capture():
        console.print(build(report))
    return console.export_text()


def print_report(report: Report) -> None:
    """Print with colour when the output is a terminal."""
    Console().print(build(report))


__all__ = ["build", "print_report", "render_terminal"]
