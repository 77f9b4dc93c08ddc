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


def provenance_lines(report: Report) -> list[str]:
    """A few lines on how the story travelled and what its key facts rest on."""
    names = {a.article.id: a.article.outlet or a.article.title or a.article.source
             for a in report.articles}
    lines = []
    for e in report.provenance.edges:
        source = names.get(e.source, e.source.removeprefix("wire:") + " (wire)")
        lines.append(f"{source} → {names.get(e.target, e.target)}: {e.kind}, score {e.score:.2f}")
    if not report.provenance.edges:
        lines.append("no report derives from another (no shared passages or citations)")
    for fact in report.provenance.facts:
        if fact.slot in ("killed", "injured", "arrested", "amount"):
            values = "; ".join(f"{names[v.article]}: {v.text} "
                               f"({'attributed to ' + v.source if v.source else 'stated as fact'})"
                               for v in fact.values)
            status = "agree" if fact.agreement else "DIFFER"
            lines.append(f"{fact.slot}: {status}, {fact.independent_sources} independent "
                         f"source(s) — {values}")
    return lines


def all_findings(report: Report) -> list[Finding]:
    return [f for c in report.comparisons for f in c.findings]
