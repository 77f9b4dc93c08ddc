"""Markdown for notes and tickets."""

from __future__ import annotations

from ..models import Report
from . import renderer
from .summary import KIND_LABELS, article_label, kind_counts, provenance_lines


def _quote(text: str | None) -> str:
    if not text:
        return "—"
    # Article text is untrusted: neutralise Markdown and HTML it might carry.
    safe = text.replace("\\", "\\\\").replace("`", "\\`").replace("<", "&lt;").replace(">", "&gt;")
    safe = safe.replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")
    return safe.replace("\n", " ")


@renderer("md")
def render_markdown(report: Report) -> str:
    lines: list[str] = ["# storydiff report", "", "## Provenance", ""]
    lines += [f"- {_quote(line)}" for line in provenance_lines(report)] + [""]
    for comparison in report.comparisons:
        ref, other = comparison.reference.article, comparison.other.article
        lines += [f"- **A** (reference): {_quote(article_label(ref))}",
                  f"- **B**: {_quote(article_label(other))}", "",
                  "| kind | count |", "|---|---:|"]
        lines += [f"| {KIND_LABELS[k]} | {n} |" for k, n in kind_counts(comparison.findings)]
        lines += [f"| Aligned claims | {len(comparison.alignments)} |", ""]
        for f in comparison.findings:
            lines += [
                f"### {f.id} · {f.kind.value} / {f.subkind} ({f.severity.value}, "
                f"{f.confidence:.2f})", "", _quote(f.explanation), "",
                f"> **A:** {_quote(f.a.text)}", ">",
                f"> **B:** {_quote(f.b.text)}", "",
            ]
    return "\n".join(lines) + "\n"
