"""Rank findings by what an editor needs to check first.

Two crawled reports of one event can differ in dozens of places, most of them
sentences one outlet simply did not carry. An editor wants the changed facts
first: the order is severity, then (at the same severity) a changed claim before
a missing or added one, then confidence, then how central the claim is — the
lead, claims with numbers and names, and claims the other reports repeat.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from .detectors.base import LEAD_SENTENCES as LEAD
from .models import Claim, Comparison, Finding, Kind, Severity

_SEVERITY = {Severity.HIGH: 2, Severity.MEDIUM: 1, Severity.LOW: 0}
_COVERAGE = frozenset({Kind.OMISSION, Kind.ADDITION})


def _stems(text: str) -> set[str]:
    # A five-letter prefix is stem enough to match "killed" with "killing".
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in STOP_WORDS}


def centrality(claim: Claim, carried_by: float, headlines: set[str]) -> float:
    """0–1: a lead sentence, one with numbers or names, one other reports repeat, one
    about what the headlines say the story is."""
    lead = 1.0 if claim.index < LEAD else LEAD / (claim.index + 1)
    facts = bool(claim.quantities) + any(m.label == "PERSON" for m in claim.mentions)
    core = min(1.0, len(_stems(claim.text) & headlines) / 3)
    return (lead + facts / 2 + carried_by + core) / 4


def _carried(comparisons: Sequence[Comparison]) -> dict[int, float]:
    """For each reference sentence, the share of the other reports that carry it."""
    counts: dict[int, int] = {}
    for comparison in comparisons:
        for index in {i for al in comparison.alignments for i in al.a}:
            counts[index] = counts.get(index, 0) + 1
    return {i: n / len(comparisons) for i, n in counts.items()} if comparisons else {}


def _claim_of(f: Finding, comparison: Comparison) -> Claim | None:
    if f.a.claims:
        return comparison.reference.claims[f.a.claims[0]]
    if f.b.claims:
        return comparison.other.claims[f.b.claims[0]]
    return None


def _facts(claims: Sequence[Claim]) -> set[str]:
    """Numbers and named people, places and organisations: what a reader checks."""
    return ({f"n:{q.value:g}" for c in claims for q in c.quantities
             if q.kind in ("count", "money", "age")}
            | {f"e:{m.key}" for c in claims for m in c.mentions
               if m.label in ("PERSON", "GPE", "ORG", "FAC")})


def novelty(claim: Claim, other_facts: set[str]) -> float:
    """Share of the claim's facts the other report never states: a missing or added
    claim that drops or brings a number or a name matters more than one that
    only words differently what is said elsewhere."""
    facts = _facts([claim])
    return len(facts - other_facts) / len(facts) if facts else 0.0


def cut_from_carried_text(claim: Claim, comparison: Comparison, on_reference: bool) -> float:
    """0–1: how far the sentences around a missing (or added) claim are carried by
    the other report. A sentence dropped from a passage the other report otherwise
    follows was cut on purpose; a run of missing sentences is a part of the story
    the other report did not cover."""
    aligned = {i for al in comparison.alignments for i in (al.a if on_reference else al.b)}
    count = len((comparison.reference if on_reference else comparison.other).claims)
    neighbours = [i for i in (claim.index - 1, claim.index + 1) if 0 <= i < count]
    return sum(i in aligned for i in neighbours) / len(neighbours) if neighbours else 0.0


@dataclasses.dataclass(frozen=True)
class _Story:
    """What ranking reads of the whole report, computed once."""

    carried: dict[int, float]
    headlines: set[str]
    #: Facts of each report, by article id.
    facts: dict[str, set[str]]


def priority(f: Finding, comparison: Comparison, story: _Story
             ) -> tuple[int, int, float, float]:
    """Sort key, highest first."""
    claim = _claim_of(f, comparison)
    weight = 0.0
    if claim is not None:
        on_reference = bool(f.a.claims)
        weight = centrality(
            claim, story.carried.get(claim.index, 0.0) if on_reference else 0.0,
            story.headlines)
        if f.kind in _COVERAGE:
            other = comparison.other if on_reference else comparison.reference
            weight += novelty(claim, story.facts[other.article.id])
            weight += cut_from_carried_text(claim, comparison, on_reference)
    return (_SEVERITY[f.severity], f.kind not in _COVERAGE, round(f.confidence, 1), weight)


def rank(comparisons: Sequence[Comparison]) -> tuple[Comparison, ...]:
    """Number every finding of the report from 1 and sort each comparison by rank."""
    articles = [c.other for c in comparisons] + [c.reference for c in comparisons[:1]]
    story = _Story(carried=_carried(comparisons),
                   headlines=set().union(*(_stems(a.article.title) for a in articles)),
                   facts={a.article.id: _facts(a.claims) for a in articles})
    keyed = [(priority(f, c, story), k, n, f) for k, c in enumerate(comparisons)
             for n, f in enumerate(c.findings)]
    keyed.sort(key=lambda item: (tuple(-x for x in item[0]), item[1], item[2]))
    ranked: dict[int, list[Finding]] = {k: [] for k in range(len(comparisons))}
    for position, (_, k, _, f) in enumerate(keyed, start=1):
        ranked[k].append(dataclasses.replace(f, rank=position))
    return tuple(dataclasses.replace(c, findings=tuple(ranked[k]))
                 for k, c in enumerate(comparisons))
