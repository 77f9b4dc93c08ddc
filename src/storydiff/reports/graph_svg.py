"""A self-contained SVG drawing of the derivation graph: sources above, copies below."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from ..models import Report

_WIDTH, _ROW, _BOX_W, _BOX_H = 760, 110, 200, 40


def _label(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def derivation_svg(report: Report) -> str:
    names = {a.article.id: a.article.outlet or a.article.title or a.article.source
             for a in report.articles}
    edges = report.provenance.edges
    for e in edges:
        if e.source.startswith("wire:"):
            names.setdefault(e.source, e.source[5:] + " (wire)")
    parents: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        parents[e.target].add(e.source)

    # Longest path from a source, each node worked out once: trying every path is
    # exponential in a story of dozens of reports that copy each other. An edge back
    # to a node still being worked out closes a loop and is ignored.
    depths: dict[str, int] = {}
    open_nodes: set[str] = set()

    def depth(node: str) -> int:
        if node in depths:
            return depths[node]
        open_nodes.add(node)
        ups = [p for p in sorted(parents.get(node, ())) if p not in open_nodes]
        depths[node] = 1 + max(depth(p) for p in ups) if ups else 0
        open_nodes.discard(node)
        return depths[node]

    rows: dict[int, list[str]] = defaultdict(list)
    for node in names:
        rows[depth(node)].append(node)
    position = {}
    widest = max(len(nodes) for nodes in rows.values())
    box_w = min(_BOX_W, _WIDTH / (widest + 1) - 12)
    for level, nodes in rows.items():
        step = _WIDTH / (len(nodes) + 1)
        for k, node in enumerate(nodes, start=1):
            position[node] = (step * k, 30 + level * _ROW)
    height = (max(rows) + 1) * _ROW - 20
    parts = [f'<svg width="{_WIDTH}" height="{height}" '
             'role="img" aria-label="derivation graph">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/>'
             "</marker></defs>"]
    for e in edges:
        (x1, y1), (x2, y2) = position[e.source], position[e.target]
        dash = ' stroke-dasharray="5,4"' if e.kind == "shared_wire" else ""
        parts.append(f'<line x1="{x1:.0f}" y1="{y1 + _BOX_H / 2:.0f}" x2="{x2:.0f}" '
                     f'y2="{y2 - _BOX_H / 2:.0f}" stroke="#555" stroke-width="1.5"{dash} '
                     'marker-end="url(#arrow)"/>')
        # Labels sit near the arrow's head, so fanned-out edges keep them apart.
        lx, ly = x1 + 0.7 * (x2 - x1), y1 + 0.7 * (y2 - y1)
        parts.append(f'<text x="{lx + 4:.0f}" y="{ly:.0f}" font-size="11" fill="#333">'
                     f"{escape(e.kind)} {e.score:.2f}</text>")
    for node, (x, y) in position.items():
        wire = node.startswith("wire:")
        fill = "#fff3e0" if wire else ("#e3f2fd" if node == report.reference else "#fff")
        parts.append(f'<rect x="{x - box_w / 2:.0f}" y="{y - _BOX_H / 2:.0f}" '
                     f'width="{box_w:.0f}" height="{_BOX_H}" rx="6" fill="{fill}" '
                     'stroke="#90a4ae"/>')
        parts.append(f'<text x="{x:.0f}" y="{y + 4:.0f}" font-size="12" text-anchor="middle">'
                     f"{escape(_label(names[node], int(box_w / 7)))}</text>")
    parts.append("</svg>")
    return "".join(parts)
