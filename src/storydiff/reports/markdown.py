"""Markdown for notes and tickets.

Article text is untrusted: every piece of it is escaped (:func:`escape`), and the
bold that marks changed words is added around the escaped text, never inside it.
"""

from __future__ import annotations

from ..models import Comparison, Finding, Report
from . import RenderOptions, renderer
from .claims import Segment, group_by_claim, ranked_rows, rest_line, row_phrases, row_spans
from .context import Excerpt, claims_excerpt, side_excerpt
from .selection import coverage, select, with_ranks
from .summary import (
    KIND_LABELS,
    article_label,
    kind_counts,
    limited_provenance_lines,
    more_line,
    report_letters,
)

_HINT = "`--all` lists everything"


def escape(text: str) -> str:
    """Neutralise the Markdown and HTML that article text might carry."""
    safe = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "`*_[]|~":
        safe = safe.replace(char, "\\" + char)
    return safe.replace("\r", " ").replace("\n", " ")


def _quote(text: str | None) -> str:
    return escape(text) if text else "—"


def excerpt_markdown(excerpt: Excerpt | None) -> str:
    """The excerpt escaped, its marks in bold; "—" when there is none."""
    if excerpt is None:
        return "—"
    return "".join(f"**{escape(chunk)}**" if marked else escape(chunk)
                   for chunk, marked in excerpt.pieces())


def _segments(segments: list[Segment]) -> str:
    return "".join(escape(chunk) if untrusted else chunk for chunk, untrusted in segments)


def _finding(f: Finding, comparison: Comparison, labels: tuple[str, str]) -> list[str]:
    return [
        f"### {f.rank}. {f.id} · {f.kind.value} / {escape(f.subkind)} ({f.severity.value}, "
        f"{f.confidence:.2f})", "", escape(f.explanation), "",
        f"> **{labels[0]}:** {excerpt_markdown(side_excerpt(f.a, comparison))}", ">",
        f"> **{labels[1]}:** {excerpt_markdown(side_excerpt(f.b, comparison))}", "",
    ]


def _comparison(comparison: Comparison, letters: dict[str, str], limit: int | None,
                title: bool) -> list[str]:
    labels = (letters[comparison.reference.article.id], letters[comparison.other.article.id])
    lines = [f"## {labels[0]} ↔ {labels[1]}: {_quote(article_label(comparison.other.article))}",
             ""] if title else []
    lines += ["| kind | count |", "|---|---:|"]
    lines += [f"| {KIND_LABELS[k]} | {n} |" for k, n in kind_counts(comparison.findings) if n]
    lines += [f"| Aligned claims | {len(comparison.alignments)} |", ""]
    chosen = select(comparison, limit, labels)
    lines += [f"{fold.line()}.\n" for fold in chosen.folds]
    for f in chosen.shown:
        lines += _finding(f, comparison, labels)
    if chosen.more:
        lines += [more_line(chosen.more) + ".", ""]
    if chosen.more or chosen.folds:
        lines += [_HINT + ".", ""]
    return lines


def _claims(report: Report, letters: dict[str, str], limit: int | None) -> list[str]:
    rows = ranked_rows(group_by_claim(report))
    shown = rows if limit is None else rows[:limit]
    articles = {a.article.id: a for a in report.articles}
    lines = [f"## Claims across {len(report.articles)} reports", "",
             "Conflicts first, then by how many reports carry the claim.", ""]
    for number, row in enumerate(shown, start=1):
        excerpt = claims_excerpt(articles[row.article], row.sentences, row_spans(row))
        lines.append(f"{number}. {excerpt_markdown(excerpt)}")
        lines.append("   - " + " · ".join(_segments(p) for p in row_phrases(row, report, letters)))
    lines.append("")
    if len(shown) < len(rows):
        lines += [rest_line(rows[len(shown):]) + ".", "", _HINT + ", report by report.", ""]
    return lines


@renderer("md")
def render_markdown(report: Report, options: RenderOptions | None = None) -> str:
    limit = (options or RenderOptions()).limit
    report = with_ranks(report)
    letters = report_letters(report)
    lines: list[str] = ["# storydiff report", "", "## Reports", ""]
    reference = next(a for a in report.articles if a.article.id == report.reference)
    lines.append(f"- **{letters[report.reference]}** (reference): "
                 f"{_quote(article_label(reference.article))}")
    for c in report.comparisons:
        a_cov, _ = coverage(c)
        lines.append(f"- **{letters[c.other.article.id]}**: {_quote(article_label(c.other.article))}"
                     f" · carries {a_cov.covered} of {letters[report.reference]}'s "
                     f"{a_cov.total} claims")
    lines += ["", "## Provenance", ""]
    lines += [f"- {_quote(line)}" for line in limited_provenance_lines(report, limit, letters)] + [""]
    if len(report.comparisons) == 1:
        lines += ["## Findings", "", *_comparison(report.comparisons[0], letters, limit, False)]
    else:
        lines += _claims(report, letters, limit)
        if limit is None:
            for comparison in report.comparisons:
                lines += _comparison(comparison, letters, None, True)
    return "\n".join(lines).rstrip("\n") + "\n"
