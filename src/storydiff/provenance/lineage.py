"""Claim lineage: for each claim, the chain from each report back to its origin,
and how many independent origins remain once copies and shared sources collapse.

A report's version of a claim has as origin:

- the origin of the report it derives from, if that report has the claim too: a
  copy adds no independence, whatever source it names;
- else the source it names (a named person, organisation, outlet or state media
  is one origin wherever it is cited; a compared report it names is followed to
  its origin; an unnamed source is known only through the line of reports citing
  it, so it counts as that line's origin);
- else the wire agency it prints;
- else the report itself (its own reporting).
"""

from __future__ import annotations

from collections import defaultdict

from ..models import AnalysedArticle, Attribution, ClaimLineage, Comparison, Edge, Hop, Trace
from .citations import same_outlet

#: Source keys that name no one: "officials said", "a source said".
_UNNAMED = frozenset({"anonymous", "official", "unknown"})
_NOT_AN_ORIGIN = frozenset({"reports", "unknown"})


def _outlet_name(article: AnalysedArticle) -> str:
    return article.article.outlet or article.article.source


class LineageTracer:
    def __init__(self, articles: tuple[AnalysedArticle, ...], edges: tuple[Edge, ...]) -> None:
        self.articles = {a.article.id: a for a in articles}
        self.parents: dict[str, list[Edge]] = defaultdict(list)
        for e in sorted(edges, key=lambda e: -e.score):
            self.parents[e.target].append(e)

    def root(self, article: str, seen: frozenset[str] = frozenset()) -> str:
        """The top of ``article``'s line of derivation (a report or a wire agency)."""
        for edge in self.parents.get(article, []):
            if edge.source not in seen:
                if edge.source.startswith("wire:"):
                    return edge.source
                return self.root(edge.source, seen | {article})
        return article

    def _named(self, article: str, sentences: tuple[int, ...]) -> list[Attribution]:
        item = self.articles[article]
        own = item.article.outlet
        found = []
        for i in sentences:
            for at in item.claims[i].attributions:
                if at.source_kind in _NOT_AN_ORIGIN:
                    continue
                if own and at.source_kind == "outlet" and at.source.lower().endswith(
                        own.lower()):
                    continue
                found.append(at)
        return found

    def trace(self, members: dict[str, tuple[int, ...]], article: str,
              seen: frozenset[str] = frozenset()) -> tuple[tuple[Hop, ...], str]:
        """The hops from ``article`` back to the origin of its version of the claim.

        A copy adds no independence: when the report derives from one that has the
        claim too, the origin is that report's, whatever source the copy names.
        """
        item = self.articles[article]
        hops = [Hop("outlet", _outlet_name(item))]
        named = self._named(article, members[article])
        hops += [Hop("source", at.source, at.cue) for at in named]
        for edge in self.parents.get(article, []):
            if edge.source in members and edge.source not in seen:
                parent_hops, origin = self.trace(members, edge.source, seen | {article})
                via = Hop("report", parent_hops[0].name, edge.kind)
                return (*hops, via, *parent_hops[1:]), origin
        if named:
            # The innermost source is the origin: "X claims a source told them".
            deepest = named[-1]
            cited = self._report_of(deepest, members, seen | {article})
            if cited is not None:
                parent_hops, origin = self.trace(members, cited, seen | {article})
                return (*hops, *parent_hops[1:]), origin
            if deepest.source_key in _UNNAMED or deepest.source_kind in ("anonymous", "other"):
                # An unnamed source is known only through the line of reports citing it.
                return tuple(hops), self._line(article)
            return tuple(hops), deepest.source_key
        for edge in self.parents.get(article, []):
            if edge.source.startswith("wire:"):
                return (*hops, Hop("wire", edge.source[5:])), edge.source
        return tuple(hops), f"report:{article}"

    def _line(self, article: str) -> str:
        root = self.root(article)
        return root if root.startswith("wire:") else f"report:{root}"

    def _report_of(self, source: Attribution, members: dict[str, tuple[int, ...]],
                   seen: frozenset[str]) -> str | None:
        """The compared report a named outlet is, if it is one ("according to the Valley Post")."""
        if source.source_kind != "outlet":
            return None
        for other in members:
            outlet = self.articles[other].article.outlet
            if other not in seen and outlet and same_outlet(source.source, outlet):
                return other
        return None


def claim_groups(reference: AnalysedArticle, comparisons: tuple[Comparison, ...]
                 ) -> list[dict[str, tuple[int, ...]]]:
    """Claims as groups of aligned sentences: article id → sentence indices."""
    ref = reference.article.id
    groups: list[dict[str, tuple[int, ...]]] = []
    for claim in reference.claims:
        group: dict[str, tuple[int, ...]] = {ref: (claim.index,)}
        for comparison in comparisons:
            other = comparison.other.article.id
            indices = sorted({j for al in comparison.alignments if claim.index in al.a
                              for j in al.b})
            if indices:
                group[other] = tuple(indices)
        groups.append(group)
    for comparison in comparisons:
        used = {j for al in comparison.alignments for j in al.b}
        for claim in comparison.other.claims:
            if claim.index not in used:
                groups.append({comparison.other.article.id: (claim.index,)})
    return groups


def trace_claims(tracer: LineageTracer, articles: tuple[AnalysedArticle, ...],
                 reference: AnalysedArticle, comparisons: tuple[Comparison, ...]
                 ) -> tuple[ClaimLineage, ...]:
    order = {a.article.id: k for k, a in enumerate(articles)}
    result = []
    for number, members in enumerate(claim_groups(reference, comparisons), start=1):
        lineage = []
        for article in sorted(members, key=order.__getitem__):
            hops, origin = tracer.trace(members, article)
            lineage.append(Trace(article, hops, origin))
        first = min(members, key=order.__getitem__)
        text = " ".join(tracer.articles[first].claims[i].text for i in members[first])
        result.append(ClaimLineage(
            id=f"c{number}", text=text,
            sentences=tuple(sorted(members.items(), key=lambda kv: order[kv[0]])),
            lineage=tuple(lineage), origins=tuple(sorted({t.origin for t in lineage})),
        ))
    return tuple(result)
