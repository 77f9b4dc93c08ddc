"""The JSON report: schema ``storydiff.compare/1.2`` (see docs/report-schema.md)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..models import (
    Alignment,
    AnalysedArticle,
    Claim,
    ClaimLineage,
    Evidence,
    Fact,
    Finding,
    Provenance,
    Report,
    Side,
)
from . import RenderOptions, renderer
from .selection import with_ranks

SCHEMA = "storydiff.compare/1.2"
#: The JSON Schema the report validates against, in this package.
SCHEMA_FILE = "schema/compare.v1.2.json"


def load_schema() -> dict[str, Any]:
    """The report's JSON Schema (2020-12), to validate reports against."""
    data: dict[str, Any] = json.loads(
        resources.files(__package__ or "storydiff.reports").joinpath(SCHEMA_FILE).read_text("utf-8"))
    return data


def _claim(claim: Claim) -> dict[str, Any]:
    return {
        "index": claim.index,
        "text": claim.text,
        "span": list(claim.span),
        "attributions": [
            {"source": a.source, "source_kind": a.source_kind, "source_key": a.source_key,
             "cue": a.cue, "strength": a.strength, "span": list(a.span),
             "recipient": a.recipient}
            for a in claim.attributions
        ],
        "entities": [{"text": m.text, "label": m.label, "key": m.key, "title": m.title,
                      "span": list(m.span)} for m in claim.mentions],
        "quantities": [{"text": q.text, "value": q.value, "approximate": q.approximate,
                        "kind": q.kind, "unit": q.unit, "span": list(q.span)}
                       for q in claim.quantities],
        "quotes": [{"text": q.text, "speaker": q.speaker, "span": list(q.span)}
                   for q in claim.quotes],
        "cues": [{"type": c.type, "text": c.text, "span": list(c.span)} for c in claim.cues],
    }


def _article(item: AnalysedArticle) -> dict[str, Any]:
    a = item.article
    return {
        "id": a.id, "source": a.source, "outlet": a.outlet, "title": a.title,
        "published": a.published, "author": a.author, "credits": list(a.credits),
        "text": a.text, "sentences": [_claim(c) for c in item.claims],
    }


def _alignment(al: Alignment) -> dict[str, Any]:
    return {"id": al.id, "a": {"article": al.a_article, "sentences": list(al.a)},
            "b": {"article": al.b_article, "sentences": list(al.b)},
            "score": al.score, "shape": al.shape, "identical": al.identical,
            "inferences": [{"a": x.a, "b": x.b, "entailment": x.entailment, "neutral": x.neutral,
                            "contradiction": x.contradiction} for x in al.inferences]}


def _side(s: Side) -> dict[str, Any]:
    return {"article": s.article, "text": s.text,
            "span": list(s.span) if s.span else None, "sentences": list(s.claims)}


def _finding(f: Finding) -> dict[str, Any]:
    return {"id": f.id, "rank": f.rank, "kind": f.kind.value, "subkind": f.subkind,
            "severity": f.severity.value, "confidence": f.confidence,
            "explanation": f.explanation, "detector": f.detector, "alignment": f.alignment,
            "a": _side(f.a), "b": _side(f.b)}


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span is not None else None


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {"kind": ev.kind, "note": ev.note,
            "a": {"article": ev.article, "text": ev.text, "span": _span(ev.span)},
            "b": {"article": ev.other_article, "text": ev.other_text,
                  "span": _span(ev.other_span)}}


def _provenance(p: Provenance) -> dict[str, Any]:
    nodes = sorted({e.source for e in p.edges if e.source.startswith("wire:")})
    return {
        "nodes": [{"id": n, "kind": "wire", "name": n[5:]} for n in nodes],
        "edges": [{"from": e.source, "to": e.target, "kind": e.kind, "score": e.score,
                   "evidence": [_evidence(ev) for ev in e.evidence]} for e in p.edges],
    }


def _claim_lineage(c: ClaimLineage) -> dict[str, Any]:
    return {
        "id": c.id, "text": c.text,
        "sentences": {article: list(indices) for article, indices in c.sentences},
        "lineage": [{"article": t.article, "origin": t.origin,
                     "chain": [{"kind": h.kind, "name": h.name, "cue": h.cue} for h in t.hops]}
                    for t in c.lineage],
        "origins": list(c.origins), "independent_sources": c.independent_sources,
    }


def _fact(f: Fact) -> dict[str, Any]:
    return {
        "slot": f.slot, "value": f.value, "label": f.label, "agreement": f.agreement,
        "values": [{"article": v.article, "value": v.value, "text": v.text,
                    "span": list(v.span), "source": v.source, "origin": v.origin}
                   for v in f.values],
        "origins": list(f.origins), "independent_sources": f.independent_sources,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data; every finding, each with its ``rank``."""
    report = with_ranks(report)
    return {
        "schema": SCHEMA,
        "reference": report.reference,
        "articles": [_article(a) for a in report.articles],
        "alignments": [_alignment(al) for c in report.comparisons for al in c.alignments],
        "discrepancies": [_finding(f) for c in report.comparisons for f in c.findings],
        "provenance": _provenance(report.provenance),
        "claims": [_claim_lineage(c) for c in report.provenance.claims],
        "facts": [_fact(f) for f in report.provenance.facts],
    }


@renderer("json")
def render_json(report: Report, options: RenderOptions | None = None) -> str:
    """Everything, whatever the options: the limit is for people, not programs."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
