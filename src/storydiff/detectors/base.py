"""The detector registry and what a detector is given: an aligned pair of reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from ..errors import RegistryError
from ..models import (
    Alignment,
    AnalysedArticle,
    Claim,
    Finding,
    Kind,
    Severity,
    Side,
    Span,
)

#: Annotations a detector may declare in ``requires``: ``claim.<field>``.
KNOWN_ANNOTATIONS = frozenset(
    f"claim.{name}" for name in ("mentions", "quantities", "attributions", "quotes", "cues",
                                 "lemmas", "predicate", "subject")
) | {"alignments"}


@dataclass(frozen=True)
class StoryPair:
    """The reference (``a``) and another report (``b``) with their alignments."""

    a: AnalysedArticle
    b: AnalysedArticle
    alignments: tuple[Alignment, ...]

    def aligned(self) -> Iterator[tuple[Alignment, list[Claim], list[Claim]]]:
        for alignment in self.alignments:
            yield (alignment, [self.a.claims[i] for i in alignment.a],
                   [self.b.claims[j] for j in alignment.b])

    def unaligned_a(self) -> list[Claim]:
        used = {i for al in self.alignments for i in al.a}
        return [c for c in self.a.claims if c.index not in used]

    def unaligned_b(self) -> list[Claim]:
        used = {j for al in self.alignments for j in al.b}
        return [c for c in self.b.claims if c.index not in used]


DetectorFunc = Callable[[StoryPair], Iterable[Finding]]
F = TypeVar("F", bound=DetectorFunc)


@dataclass(frozen=True)
class Detector:
    name: str
    version: int
    description: str
    requires: tuple[str, ...]
    func: DetectorFunc

    def __call__(self, pair: StoryPair) -> list[Finding]:
        return list(self.func(pair))


REGISTRY: dict[str, Detector] = {}


def detector(name: str, *, version: int, description: str,
             requires: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register a detector under a stable snake_case ``name``.

    Registering a different function under a taken name is an error naming
    both, so two plugins cannot silently replace each other.
    """
    unknown = [r for r in requires if r not in KNOWN_ANNOTATIONS]
    if unknown:
        raise RegistryError(
            f"detector {name!r} requires unknown annotations {unknown}; "
            f"known: {sorted(KNOWN_ANNOTATIONS)}"
        )

    def register(func: F) -> F:
        existing = REGISTRY.get(name)
        if existing is not None and existing.func is not func:
            raise RegistryError(
                f"detector {name!r} is already registered by "
                f"{existing.func.__module__}.{existing.func.__qualname__}; "
                f"{func.__module__}.{func.__qualname__} cannot take the name"
            )
        REGISTRY[name] = Detector(name, version, description, requires, func)
        return func

    return register


# Helpers shared by the built-in detectors.

#: Sentences this close to the top are the lead, which many readers stop at.
LEAD_SENTENCES = 3


def claims_span(claims: list[Claim]) -> Span:
    return (min(c.span[0] for c in claims), max(c.span[1] for c in claims))


def side(article: AnalysedArticle, claims: list[Claim], span: Span | None = None) -> Side:
    """Where a finding sits: a phrase (``span``) or the whole claims."""
    if not claims and span is None:
        return Side(article.article.id, None, None, ())
    if span is None:
        span = claims_span(claims)
    return Side(article.article.id, article.article.text[span[0]:span[1]], span,
                tuple(c.index for c in claims))


def with_inference(confidence: float, alignment: Alignment | None, a: int, b: int) -> float:
    """Confidence in a conflict, moved by what the NLI model reads in the same claims:
    down when it finds them saying the same, up when it finds them incompatible."""
    reading = alignment.inference(a, b) if alignment is not None else None
    if reading is None:
        return confidence
    if reading.entailment >= 0.9:
        return confidence * 0.6
    if reading.contradiction >= 0.5:
        return min(1.0, confidence + 0.1)
    return confidence


def overlaps(a: Side, b: Side) -> bool:
    """Two sides point at overlapping text of the same report."""
    return (a.article == b.article and a.span is not None and b.span is not None
            and a.span[0] < b.span[1] and b.span[0] < a.span[1])


def empty_side(article: AnalysedArticle) -> Side:
    return Side(article.article.id, None, None, ())


def finding(kind: Kind, subkind: str, severity: Severity, confidence: float,
            explanation: str, a: Side, b: Side, *, detector: str,
            alignment: Alignment | None = None) -> Finding:
    return Finding(id="", kind=kind, subkind=subkind, severity=severity,
                   confidence=round(max(0.0, min(1.0, confidence)), 2),
                   explanation=explanation, a=a, b=b, detector=detector,
                   alignment=alignment.id if alignment else None)
