"""Who copied whom: a derivation graph from reuse, citations and publication times.

Evidence for "B derives from A", with its weight:

- B cites A's outlet ("the Arabic Asharq al-Awsat claims"): 0.6
- A was published before B: 0.25
- reuse asymmetry: a larger share of B than of A is reused text (rewrites
  shorten and borrow): up to 0.15

Wire copy is special: reports that print the same agency's story (a dateline
or byline such as "(AP)") and do not cite each other are siblings under that
agency, joined to it by ``shared_wire`` edges, not copies of each other.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from ..models import AnalysedArticle, Edge, Evidence
from .citations import Citation
from .reuse import Passage, ReuseIndex

CITATION_WEIGHT = 0.6
TIME_WEIGHT = 0.25
COVERAGE_WEIGHT = 0.15
#: Reuse shorter than this, in words, is not enough to call one report a copy.
MIN_REUSED_WORDS = 12


def _reuse_evidence(articles: list[AnalysedArticle], passages: list[Passage],
                    x: int, y: int) -> list[Evidence]:
    ax, ay = articles[x].article, articles[y].article
    evidence = []
    for p in passages:
        (sx, sy) = (p.a_span, p.b_span) if p.a == x else (p.b_span, p.a_span)
        evidence.append(Evidence(
            "reuse", f"{p.words} words shared, {p.similarity:.0%} identical", ax.id,
            ax.text[sx[0]:sx[1]], sx, ay.id, ay.text[sy[0]:sy[1]], sy))
    return evidence


def _citation_evidence(cites: list[Citation], cited: AnalysedArticle) -> list[Evidence]:
    return [Evidence("citation", f"names {cited.article.outlet} as its source ({c.kind})",
                     c.article, c.text, c.span) for c in cites]


def _wire(citations: list[Citation]) -> set[str]:
    return {c.wire for c in citations if c.wire and c.kind in (
        "dateline", "byline", "contributed", "attribution", "according_to")}


def build_edges(articles: list[AnalysedArticle], index: ReuseIndex,
                citations: dict[str, list[Citation]]) -> tuple[Edge, ...]:
    passages = index.passages()
    by_pair: dict[tuple[int, int], list[Passage]] = defaultdict(list)
    for p in passages:
        by_pair[(min(p.a, p.b), max(p.a, p.b))].append(p)
    ids = [a.article.id for a in articles]
    wires = {a.article.id: _wire(citations.get(a.article.id, [])) for a in articles}
    edges: list[Edge] = []
    for x, y in combinations(range(len(articles)), 2):
        shared = by_pair.get((x, y), [])
        x_cites_y = [c for c in citations.get(ids[x], []) if c.target == ids[y]]
        y_cites_x = [c for c in citations.get(ids[y], []) if c.target == ids[x]]
        reused = sum(p.words for p in shared)
        if not x_cites_y and not y_cites_x and reused < MIN_REUSED_WORDS:
            continue
        if (wires[ids[x]] & wires[ids[y]]) and not (x_cites_y or y_cites_x):
            continue  # siblings under one agency: shared_wire edges below
        # Positive: x → y (y derives from x).
        direction = 0.0
        evidence: list[Evidence] = []
        if y_cites_x:
            direction += CITATION_WEIGHT
            evidence += _citation_evidence(y_cites_x, articles[x])
        if x_cites_y:
            direction -= CITATION_WEIGHT
            evidence += _citation_evidence(x_cites_y, articles[y])
        px, py = articles[x].article.published, articles[y].article.published
        if px and py and px != py:
            earlier = 1 if px < py else -1
            direction += earlier * TIME_WEIGHT
            first, second = (articles[x], articles[y]) if earlier > 0 else (articles[y], articles[x])
            evidence.append(Evidence("time", f"{first.article.published} is before "
                                             f"{second.article.published}", first.article.id))
        if shared:
            cx, cy = index.coverage(x, shared), index.coverage(y, shared)
            lean = math.tanh(5 * (cy - cx)) * COVERAGE_WEIGHT
            direction += lean
            evidence.append(Evidence("coverage", f"reused text is {cx:.0%} of one report and "
                                                 f"{cy:.0%} of the other", ids[x], None, None,
                                     ids[y]))
            evidence += _reuse_evidence(articles, shared, x, y)
        source, target = (x, y) if direction >= 0 else (y, x)
        kind = "citation" if (x_cites_y or y_cites_x) else "reuse"
        reuse_strength = min(1.0, reused / 60)
        score = min(1.0, abs(direction) + 0.3 * reuse_strength) if direction else 0.3 * (
            reuse_strength)
        edges.append(Edge(ids[source], ids[target], kind, round(score, 2), tuple(evidence)))
    edges = _reduce(edges, index, ids)
    for article in articles:
        for agency in sorted(wires[article.article.id]):
            marks = [c for c in citations.get(article.article.id, []) if c.wire == agency]
            edges.append(Edge(f"wire:{agency}", article.article.id, "shared_wire", 0.8, tuple(
                Evidence("citation", f"prints {agency} copy ({c.kind})", c.article, c.text,
                         c.span) for c in marks)))
    return tuple(edges)


def _reduce(edges: list[Edge], index: ReuseIndex, ids: list[str]) -> list[Edge]:
    """Drop A → C when C's text from A came through B (A → B → C): a chain, not a fan."""
    into: dict[str, list[Edge]] = defaultdict(list)
    for e in edges:
        into[e.target].append(e)
    parents_of = {t: {e.source for e in es} for t, es in into.items()}
    kept = []
    for e in edges:
        through = [b for b in parents_of.get(e.target, set())
                   if b != e.source and e.source in parents_of.get(b, set())]
        if through and e.kind == "reuse" and _explained(e, through, into[e.target], ids):
            continue
        kept.append(e)
    return kept


def _explained(edge: Edge, through: list[str], incoming: list[Edge], ids: list[str]) -> bool:
    """Every passage the target shares with the edge's source also lies in a passage
    it shares with an intermediate report."""
    def target_spans(e: Edge) -> list[tuple[int, int]]:
        spans = []
        for ev in e.evidence:
            if ev.kind != "reuse" or ev.span is None or ev.other_span is None:
                continue
            spans.append(ev.span if ev.article == e.target else ev.other_span)
        return spans

    via = [s for e in incoming if e.source in through for s in target_spans(e)]
    mine = target_spans(edge)
    return bool(mine) and all(any(a <= s and e <= b for a, b in via)
                              or any(min(e, b) - max(s, a) > 0.5 * (e - s) for a, b in via)
                              for s, e in mine)
