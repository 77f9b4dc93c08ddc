"""Detectors: small units registered by name, run on an aligned pair of reports.

Built-ins are imported here, explicitly, and register with the same public
decorator third-party detectors use; those load from the ``storydiff.detectors``
entry-point group on first use, never at import.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from ..errors import RegistryError, UsageError
from ..models import Finding
from . import attribution, contradiction, coverage, entity_conflict, framing, number_conflict
from .base import REGISTRY, Detector, StoryPair, detector

__all__ = ["BUILTIN", "Detector", "StoryPair", "detector", "get_detectors", "run_detectors"]

BUILTIN = (number_conflict, entity_conflict, attribution, contradiction, framing, coverage)
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


def run_detectors(pair: StoryPair, detectors: list[Detector]) -> list[Finding]:
    findings: list[Finding] = []
    for item in detectors:
        findings.extend(item(pair))
    return findings
