"""Counts, labels and words shared by the human-readable renderers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

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

#: How one finding of a kind reads in a sentence ("1 framing change", "2 omissions").
KIND_NOUNS = {
    Kind.NUMBER_CONFLICT: ("number conflict", "number conflicts"),
    Kind.ENTITY_CONFLICT: ("entity conflict", "entity conflicts"),
    Kind.ATTRIBUTION_CHANGED: ("attribution change", "attribution changes"),
    Kind.ATTRIBUTION_DROPPED: ("dropped attribution", "dropped attributions"),
    Kind.CERTAINTY_CHANGED: ("certainty change", "certainty changes"),
    Kind.FRAMING_CHANGED: ("framing change", "framing changes"),
    Kind.CONTRADICTION: ("contradiction", "contradictions"),
    Kind.OMISSION: ("omission", "omissions"),
    Kind.ADDITION: ("addition", "additions"),
}


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def kind_phrase(kind: Kind, count: int) -> str:
    return plural(count, *KIND_NOUNS[kind])


def article_label(article: Article) -> str:
    outlet = article.outlet or "outlet unknown"
    return f"{article.title or article.source} ({outlet})"


def report_letters(report: Report) -> dict[str, str]:
    """A short name per report: A for the reference, then B, C, … in comparison order."""
    ids = [report.reference] + [c.other.article.id for c in report.comparisons]
    return {article: (chr(ord("A") + k) if k < 26 else f"R{k + 1}")
            for k, article in enumerate(ids)}


def kind_counts(findings: Iterable[Finding]) -> list[tuple[Kind, int]]:
    counts = Counter(f.kind for f in findings)
    return [(kind, counts.get(kind, 0)) for kind in Kind]


def present_kind_counts(findings: Iterable[Finding]) -> list[tuple[Kind, int]]:
    """Kinds that occur, most frequent first (ties in the order of :class:`Kind`)."""
    counts = [(kind, n) for kind, n in kind_counts(findings) if n]
    return sorted(counts, key=lambda item: -item[1])


def more_line(findings: Iterable[Finding]) -> str:
    """"+ 23 more: 14 omissions, 8 additions, 1 framing change" (empty for none)."""
    counts = present_kind_counts(findings)
    total = sum(n for _, n in counts)
    if not total:
        return ""
    return f"+ {total} more: " + ", ".join(kind_phrase(kind, n) for kind, n in counts)


def provenance_lines(report: Report, names: dict[str, str] | None = None) -> list[str]:
    """A few lines on how the story travelled and what its key facts rest on.

    Reports are called by ``names`` (article id → name), else by outlet or title.
    """
    names = names or {a.article.id: a.article.outlet or a.article.title or a.article.source
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


#: Provenance lines a limited report shows; the rest are one "+ N more" line.
PROVENANCE_LINES = 6


def limited_provenance_lines(report: Report, limit: int | None,
                             names: dict[str, str] | None = None) -> list[str]:
    """:func:`provenance_lines`, cut to a few unless everything is asked for (``None``)."""
    lines = provenance_lines(report, names)
    if limit is None or len(lines) <= PROVENANCE_LINES:
        return lines
    return [*lines[:PROVENANCE_LINES - 1], f"+ {len(lines) - PROVENANCE_LINES + 1} more lines"]


def all_findings(report: Report) -> list[Finding]:
    return [f for c in report.comparisons for f in c.findings]
