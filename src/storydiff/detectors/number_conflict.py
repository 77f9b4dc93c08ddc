"""number_conflict: counts, amounts, ages, durations or days that differ for the same thing."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.numbers import is_vague, same_value
from ..models import Claim, Finding, Kind, Quantity, Severity
from .base import StoryPair, detector, finding, side, with_inference

_CASUALTY = frozenset("kill die injure wound hurt arrest detain shoot dead".split())


#: Nouns reports use for the same people ("two females" / "two women").
_SAME_PEOPLE = {"female": "woman", "females": "woman", "women": "woman", "male": "man",
                "males": "man", "men": "man", "persons": "people", "person": "people",
                "individuals": "people", "individual": "people", "kids": "child",
                "children": "child", "teens": "teenager", "teen": "teenager",
                "teenagers": "teenager", "juveniles": "juvenile"}


def _unit(q: Quantity) -> str:
    return _SAME_PEOPLE.get(q.unit.lower(), q.unit.lower())


def _comparable(a: Quantity, b: Quantity) -> float:
    """How sure we are that ``a`` and ``b`` measure the same thing (0: not comparable)."""
    if a.kind != b.kind:
        return 0.0
    same_unit = bool(a.unit) and _unit(a) == _unit(b)
    same_predicate = bool(a.predicate) and a.predicate == b.predicate
    if a.kind in ("money", "duration", "percent", "age", "date") and not same_unit:
        return 0.0  # an age belongs to someone; a date to a month
    if a.kind in ("weekday", "year", "date", "time"):
        return 0.75 if same_predicate else 0.0  # days of different events may differ
    if a.kind == "count":
        if same_unit and same_predicate:
            return 0.85
        if same_predicate and a.predicate in _CASUALTY and not (a.unit and b.unit):
            return 0.75
        return 0.6 if same_unit else 0.0
    return 0.8 if same_predicate else 0.65


def _has_rival(q: Quantity, others: list[tuple[Quantity, Claim]]) -> bool:
    """Another count of the same thing, with another value, on the other side."""
    return any(not same_value(q, o) and _comparable(q, o) >= 0.75 for o, _ in others)


def _usable(q: Quantity) -> bool:
    return not is_vague(q)


def _pairs(a_claims: list[Claim], b_claims: list[Claim]) -> Iterator[
        tuple[Quantity, Claim, Quantity, Claim, float]]:
    a_qs = [(q, c) for c in a_claims for q in c.quantities if _usable(q)]
    b_qs = [(q, c) for c in b_claims for q in c.quantities if _usable(q)]
    # Values both reports share are agreements: take them out first, so a
    # further number in one report is not set against an agreed one. Counts of
    # the same thing agree first; a shared value of different things ("three of
    # them students" / "three hikers were hurt") agrees only when neither side
    # has a count of the same thing to set it against ("four hikers were hurt").
    for comparable_only in (True, False):
        for qa, ca in list(a_qs):
            for qb, cb in list(b_qs):
                if qa.kind != qb.kind or not same_value(qa, qb):
                    continue
                if comparable_only and not _comparable(qa, qb):
                    continue
                if not comparable_only and (_has_rival(qa, b_qs) or _has_rival(qb, a_qs)):
                    continue
                a_qs.remove((qa, ca))
                b_qs.remove((qb, cb))
                break
    used: set[int] = set()
    paired: set[int] = set()
    for n, (qa, ca) in enumerate(a_qs):
        best = max(((k, _comparable(qa, qb)) for k, (qb, _) in enumerate(b_qs) if k not in used),
                   key=lambda item: item[1], default=(None, 0.0))
        k, score = best
        if k is not None and score > 0:
            used.add(k)
            paired.add(n)
            yield qa, ca, b_qs[k][0], b_qs[k][1], score
    # One age left on each side of matched claims is one person's age, however each
    # report names them ("a 7-year-old boy" / "her 5-year-old nephew").
    ages_a = [q for n, q in enumerate(a_qs) if n not in paired and q[0].kind == "age"]
    ages_b = [q for k, q in enumerate(b_qs) if k not in used and q[0].kind == "age"]
    all_ages_a = [q for q, _ in a_qs if q.kind == "age"]
    all_ages_b = [q for q, _ in b_qs if q.kind == "age"]
    if len(ages_a) == len(ages_b) == len(all_ages_a) == len(all_ages_b) == 1:
        yield ages_a[0][0], ages_a[0][1], ages_b[0][0], ages_b[0][1], 0.55


@detector("number_conflict", version=1,
          description="Counts, amounts, ages, durations and days that differ for the same thing.",
          requires=("claim.quantities", "alignments"))
def number_conflict(pair: StoryPair) -> Iterator[Finding]:
    for alignment, a_claims, b_claims in pair.aligned():
        if alignment.identical:
            continue
        for qa, ca, qb, cb, score in _pairs(a_claims, b_claims):
            casualty = qa.predicate in _CASUALTY or qb.predicate in _CASUALTY
            severity = Severity.HIGH if casualty or qa.kind == "money" else Severity.MEDIUM
            what = qa.unit or qa.predicate or qa.kind
            confidence = with_inference(score * alignment.score ** 0.25, alignment, ca.index,
                                        cb.index)
            yield finding(
                Kind.NUMBER_CONFLICT, qa.kind, severity, confidence,
                f"{what}: {qa.text!r} in the reference, {qb.text!r} in the other report",
                side(pair.a, [ca], qa.span), side(pair.b, [cb], qb.span),
                detector="number_conflict", alignment=alignment,
            )
