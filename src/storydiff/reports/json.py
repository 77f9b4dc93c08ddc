"""The JSON report: schema ``storydiff.compare/1`` (see docs/report-schema.md)."""

from __future__ import annotations

import json
from typing import Any

from ..models import Alignment, AnalysedArticle, Claim, Finding, Report, Side
from . import renderer

SCHEMA = "storydiff.compare/1"


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
            "score": al.score, "shape": al.shape, "identical": al.identical}


def _side(s: Side) -> dict[str, Any]:
    return {"article": s.article, "text": s.text,
            "span": list(s.span) if s.span else None, "sentences": list(s.claims)}


def _finding(f: Finding) -> dict[str, Any]:
    return {"id": f.id, "kind": f.kind.value, "subkind": f.subkind,
            "severity": f.severity.value, "confidence": f.confidence,
            "explanation": f.explanation, "detector": f.detector, "alignment": f.alignment,
            "a": _side(f.a), "b": _side(f.b)}


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "reference": report.reference,
        "articles": [_article(a) for a in report.articles],
        "alignments": [_alignment(al) for c in report.comparisons for al in c.alignments],
        "discrepancies": [_finding(f) for c in report.comparisons for f in c.findings],
        "provenance": {"edges": []},
    }


@renderer("json")
def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
