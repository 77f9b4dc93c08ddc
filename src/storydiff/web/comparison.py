"""The comparison page's data, built from the HTML report's own pieces.

:mod:`storydiff.reports.html` decides which stretches are marked (``_marks``), how a
finding reads in context (``side_excerpt``) and how findings fold; this module turns
the same decisions into plain data for the Jinja template, which escapes every
string. On top it cuts each sentence into segments that name the findings whose
span covers them (``data-span``), so a click on a finding can light up exactly
its words in both texts.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..models import AnalysedArticle, Comparison, Finding, Kind, Report, Severity, Span
from ..reports.context import side_excerpt
from ..reports.graph_svg import derivation_svg
from ..reports.html import _claims, _fact_table, _marks
from ..reports.selection import select, with_ranks
from ..reports.summary import KIND_LABELS, kind_counts, more_line, report_letters
from .state import defuse_bidi


@dataclass
class Segment:
    text: str
    #: Ids of the findings whose span covers this stretch, space-separated.
    findings: str = ""
    #: The finding kind this stretch is marked with (the HTML report's choice), if any.
    mark: str | None = None
    title: str = ""


@dataclass
class Sentence:
    id: str
    index: int
    group: str | None
    segments: list[Segment]


@dataclass
class Column:
    role: str
    letter: str
    title: str
    outlet: str
    published: str | None
    source: str
    url: str | None
    paragraphs: list[list[Sentence]]


@dataclass
class FindingView:
    id: str
    rank: int
    kind: str
    kind_label: str
    subkind: str
    severity: str
    confidence: float
    explanation: str
    a: list[tuple[str, bool]] | None
    b: list[tuple[str, bool]] | None
    a_claims: str
    b_claims: str
    notes: list[Any] = field(default_factory=list)


@dataclass
class Group:
    """Findings the HTML report folds under one summary line."""

    summary: str
    findings: list[FindingView]


@dataclass
class PairView:
    """One comparison (the reference against one other report) ready for the template."""

    number: int
    prefix: str
    labels: tuple[str, str]
    a: Column
    b: Column
    shown: list[FindingView]
    groups: list[Group]
    counts: list[tuple[str, int]]
    aligned: int
    total: int


def _column(article: AnalysedArticle, comparison: Comparison, role: str, letter: str,
            prefix: str) -> Column:
    text = article.article.text
    own = article.article.id
    groups: dict[int, str] = {}
    for al in comparison.alignments:
        for index in (al.a if role == "a" else al.b):
            groups[index] = al.id
    spans: list[tuple[Span, Finding]] = [
        (side.span, f) for f in comparison.findings for side in (f.a, f.b)
        if side.article == own and side.span and side.span[0] < side.span[1]]
    marks = _marks(comparison.findings, article)
    paragraphs: list[list[Sentence]] = [[]]
    cursor = 0
    for claim in article.claims:
        start, end = claim.span
        if "\n\n" in text[cursor:start] and paragraphs[-1]:
            paragraphs.append([])
        cursor = end
        cuts = {start, end}
        for (s, e), _ in [*spans, *marks]:
            if s < end and e > start:
                cuts.update((max(s, start), min(e, end)))
        points = sorted(cuts)
        segments = []
        for x, y in itertools.pairwise(points):
            ids = [f.id for (s, e), f in spans if s <= x and y <= e]
            mark = next((f for (s, e), f in marks if s <= x and y <= e), None)
            segments.append(Segment(text[x:y], " ".join(dict.fromkeys(ids)),
                                    mark.kind.value if mark else None,
                                    f"{mark.id}: {mark.explanation}" if mark else ""))
        paragraphs[-1].append(Sentence(f"{prefix}{role}{claim.index}", claim.index,
                                       groups.get(claim.index), segments))
    meta = article.article
    return Column(role, letter, meta.title, meta.outlet or "outlet unknown", meta.published,
                  meta.source, meta.url, paragraphs)


def _finding(f: Finding, comparison: Comparison, notes: Mapping[str, list[Any]]) -> FindingView:
    def pieces(side: Any) -> list[tuple[str, bool]] | None:
        excerpt = side_excerpt(side, comparison)
        return excerpt.pieces() if excerpt is not None else None

    return FindingView(f.id, f.rank, f.kind.value, KIND_LABELS[f.kind], f.subkind, f.severity.value,
                       f.confidence, f.explanation, pieces(f.a), pieces(f.b),
                       " ".join(str(i) for i in f.a.claims), " ".join(str(i) for i in f.b.claims),
                       list(notes.get(f.id, ())))


def pair_views(report: Report, *, limit: int | None = 15, kinds: Sequence[str] = (),
               severities: Sequence[str] = (),
               notes: Mapping[str, list[Any]] | None = None) -> list[PairView]:
    """Every comparison of ``report``; ``kinds``/``severities`` keep only those (the no-JS filter)."""
    report = with_ranks(report)
    letters = report_letters(report)
    views = []
    for number, comparison in enumerate(report.comparisons):
        labels = (letters[comparison.reference.article.id], letters[comparison.other.article.id])
        prefix = f"p{number}-"

        def keep(f: Finding) -> bool:
            return (not kinds or f.kind.value in kinds) and (not severities or f.severity.value in severities)

        chosen = select(comparison, limit, labels, keep_conflicts=True)
        shown = [_finding(f, comparison, notes or {}) for f in chosen.shown if keep(f)]
        groups = [Group(fold.line("folded here"), [_finding(f, comparison, notes or {})
                                                  for f in fold.findings if keep(f)])
                  for fold in chosen.folds]
        if chosen.more:
            groups.append(Group(more_line(chosen.more),
                                [_finding(f, comparison, notes or {}) for f in chosen.more if keep(f)]))
        views.append(PairView(
            number, prefix, labels,
            _column(comparison.reference, comparison, "a", labels[0], prefix),
            _column(comparison.other, comparison, "b", labels[1], prefix),
            shown, [g for g in groups if g.findings],
            [(KIND_LABELS[k], n) for k, n in kind_counts(comparison.findings) if n],
            len(comparison.alignments), len(comparison.findings)))
    return views


def trusted_html(html: str) -> Markup:
    """HTML built by :mod:`storydiff.reports`, which escapes every article string itself.

    Only the report code's output comes here, never article text or user input.
    """
    return Markup(defuse_bidi(html))


def provenance_html(report: Report) -> tuple[Markup, Markup] | None:
    """The derivation graph (SVG) and fact sheet, as the HTML report draws them."""
    if not (report.provenance.edges or report.provenance.facts):
        return None
    return trusted_html(derivation_svg(report)), trusted_html(_fact_table(report))


def claims_html(report: Report, limit: int | None = 15) -> Markup | None:
    """With three or more reports, the HTML report's table of findings grouped by claim."""
    if len(report.comparisons) < 2:
        return None
    ranked = with_ranks(report)
    return trusted_html(_claims(ranked, report_letters(ranked), limit))


KINDS = [(k.value, KIND_LABELS[k]) for k in Kind]
SEVERITIES = [s.value for s in Severity]
