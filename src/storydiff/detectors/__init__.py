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
from .base import REGISTRY, Detector, StoryPair, detector, overlaps

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


def run_detectors(pair: StoryPair, detectors: list[Detector]) -> list[Finding]:
    """Run ``detectors``; a dropped or added part that another finding already
    explains (a changed name, number or source) is not reported twice, and the NLI
    model's untyped contradiction gives way to any typed finding on the same claims."""
    findings: list[Finding] = []
    for item in detectors:
        findings.extend(item(pair))
    findings = near_copy.settle(findings, pair)
    specific = [f for f in findings if f.kind not in _COVERAGE]

    claims = [c for article in (pair.a, pair.b) for c in article.claims]

    def pinpoints(part: Side, other: Side) -> bool:
        """``other`` marks a phrase within a sentence, and it overlaps ``part``."""
        if other.span is None or not overlaps(part, other):
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
