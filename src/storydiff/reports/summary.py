"""Counts and labels shared by the human-readable renderers."""

from __future__ import annotations

from collections import Counter

from ..models import Article, Finding, Kind, Report

KIND_LABELS = {
    Kind.NUMBER_CONFLICT: "Number conflicts",
    Kind.ENTITY_CONFLICT: "Entity conflicts",
    Kind.ATTRIBUTION_CHANGED: "Attribution changed",
    Kind.ATTRIBUTION_DROPPED: "Attribution dropped",
    Kind.CERTAINTY_CHANGED: "Certainty changed",
    Kind.FRAMING_CHANGED: "Framing changed",
    Kind.CONTRADICTION: "Contradictions",
    Kind.OMISSION: "Omissions",
    Kind.ADDITION: "Additions",
}


def article_label(article: Article) -> str:
    outlet = article.outlet or "outlet unknown"
    return f"{article.title or article.source} ({outlet})"


def kind_counts(findings: tuple[Finding, ...] | list[Finding]) -> list[tuple[Kind, int]]:
    counts = Counter(f.kind for f in findings)
    return [(kind, counts.get(kind, 0)) for kind in Kind]


def all_findings(report: Report) -> list[Finding]:
    return [f for c in report.comparisons for f in c.findings]
