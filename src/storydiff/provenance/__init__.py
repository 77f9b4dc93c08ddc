"""Provenance: who copied whom, the lineage of each claim, and the fact sheet.

reuse.py finds shared passages with an n-gram index; citations.py finds reports
naming other outlets; graph.py turns both, with publication times, into a
derivation graph; lineage.py traces each claim to its origins; facts.py builds
the fact sheet.
"""

from __future__ import annotations

from ..models import AnalysedArticle, Comparison, Provenance
from .citations import Citation, find_citations
from .facts import SLOTS, fact_sheet
from .graph import build_edges
from .lineage import LineageTracer, trace_claims
from .reuse import Passage, ReuseIndex, shared_passages

__all__ = ["SLOTS", "Citation", "Passage", "ReuseIndex", "build_provenance", "fact_sheet",
           "find_citations", "shared_passages"]


def build_provenance(articles: tuple[AnalysedArticle, ...], reference: AnalysedArticle,
                     comparisons: tuple[Comparison, ...]) -> Provenance:
    items = list(articles)
    index = ReuseIndex([a.article.text for a in items])
    citations = {a.article.id: find_citations(a, items) for a in items}
    edges = build_edges(items, index, citations)
    tracer = LineageTracer(articles, edges)
    claims = trace_claims(tracer, articles, reference, comparisons)
    groups = {(article, i): dict(c.sentences) for c in claims
              for article, indices in c.sentences for i in indices}

    def origin(article: str, sentence: int) -> str:
        """The origin of one sentence: its own source, else its report's line."""
        members = dict(groups.get((article, sentence), {article: (sentence,)}))
        members[article] = (sentence,)
        return tracer.trace(members, article)[1]

    return Provenance(edges=edges, claims=claims, facts=fact_sheet(items, origin))
