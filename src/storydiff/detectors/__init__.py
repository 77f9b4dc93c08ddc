"""Detectors: small units registered by name, run on an aligned pair of reports.

Built-ins are imported here, explicitly, and register with the same public
decorator third-party detectors use; those load from the ``storydiff.detectors``
entry-point group on first use, never at import.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from ..errors import RegistryError, UsageError
from ..models import Finding, Kind, Side
from . import (
    attribution,
    contradiction,
    coverage,
    entity_conflict,
    framing,
    near_copy,
    number_conflict,
)
from .base import REGISTRY, Detector, StoryPair, detector

__all__ = ["BUILTIN", "Detector", "StoryPair", "detector", "get_detectors", "run_detectors"]

BUILTIN = (number_conflict, entity_conflict, attribution, contradiction, framing, coverage,
           near_copy)
_plugins_loaded = False


def ensure_plugins_loaded() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for entry in entry_points(group="storydiff.detectors"):
        try:
            entry.load()
        except Exception as exc:
            raise RegistryError(f"detector plugin {entry.name!r} failed to load: {exc}") from exc


def get_detectors(names: tuple[str, ...] = (), *, load_plugins: bool = True) -> list[Detector]:
    if load_plugins:
        ensure_plugins_loaded()
    if not names:
        return list(REGISTRY.values())
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise UsageError(
            f"unknown detector {', '.join(unknown)}; choose from {', '.join(sorted(REGISTRY))}"
        )
    return [REGISTRY[n] for n in names]


_COVERAGE = frozenset({Kind.OMISSION, Kind.ADDITION})


def _overlaps(a: Side, b: Side) -> bool:
    return (a.article == b.article and a.span is not None and b.span is not None
            and a.span[0] < b.span[1] and b.span[0] < a.span[1])


def _whole_claims(s: Side, claims: dict[tuple[str, int], tuple[int, int]]) -> bool:
    """The side spans whole sentences rather than pinpointing a phrase."""
    return s.span is None or any(claims.get((s.article, i)) == s.span for i in s.claims) or (
        len(s.claims) > 1)


def _width(s: Side) -> int:
    return s.span[1] - s.span[0] if s.span else 10**9


def _narrower(g: Finding, e: Finding) -> bool:
    """``g`` points at fewer characters than ``e`` where the two overlap: "58" within
    "58, is accused of taking $120,000"."""
    return any(_overlaps(x, y) and _width(x) < _width(y) for x, y in ((g.a, e.a), (g.b, e.b)))


def _settle_near_copy(findings: list[Finding], pair: StoryPair) -> list[Finding]:
    """A changed stretch that another detector already reports is reported once: by
    the other detector when it pinpoints the change with the same subkind or more
    narrowly, else by ``near_copy``, which read the words themselves; its fallbacks
    (a reworded stretch, a dropped or added part) always give way."""
    claims = {(c.article, c.index): c.span for article in (pair.a, pair.b)
              for c in article.claims}
    edits = [f for f in findings if f.detector == "near_copy"]
    others = [f for f in findings if f.detector != "near_copy"]
    dropped: set[int] = set()
    kept_edits = []
    for e in edits:
        fallback = e.subkind in ("reworded", "part")
        rivals = [g for g in others
                  if (g.kind == e.kind or fallback) and (_overlaps(e.a, g.a) or _overlaps(e.b, g.b))]
        as_precise = [g for g in rivals
                      if not (_whole_claims(g.a, claims) and _whole_claims(g.b, claims))
                      and (g.subkind == e.subkind or _narrower(g, e))]
        if as_precise or (rivals and fallback):
            continue
        dropped.update(id(g) for g in rivals)
        kept_edits.append(e)
    return [f for f in others if id(f) not in dropped] + kept_edits


def run_detectors(pair: StoryPair, detectors: list[Detector]) -> list[Finding]:
    """Run ``detectors``; a dropped or added part that another finding already
    explains (a changed name, number or source) is not reported twice, and the NLI
    model's untyped contradiction gives way to any typed finding on the same claims."""
    findings: list[Finding] = []
    for item in detectors:
        findings.extend(item(pair))
    findings = _settle_near_copy(findings, pair)
    specific = [f for f in findings if f.kind not in _COVERAGE]

    claims = [c for article in (pair.a, pair.b) for c in article.claims]

    def pinpoints(part: Side, other: Side) -> bool:
        """``other`` marks a phrase within a sentence, and it overlaps ``part``."""
        if other.span is None or not _overlaps(part, other):
            return False
        start, end = other.span
        return any(c.article == other.article and c.span[0] <= start and end <= c.span[1]
                   and (start, end) != c.span for c in claims)

    def explained(f: Finding) -> bool:
        part = f.a if f.kind == Kind.OMISSION else f.b
        return any(pinpoints(part, g.a) or pinpoints(part, g.b) for g in specific)

    typed = {f.alignment for f in specific
             if f.subkind not in ("nli", "reworded") and f.alignment}
    return [f for f in findings
            if (f.kind not in _COVERAGE or f.subkind != "part" or not explained(f))
            and not (f.subkind == "nli" and f.alignment in typed)]
