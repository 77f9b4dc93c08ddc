"""Which findings a human report lists: the top ones by rank, the rest summed up.

Triage (:mod:`storydiff.triage`) numbers every finding of a report from 1, most
important first. A report built without it has rank 0 everywhere; then the given
order is the order. JSON keeps every finding; the terminal and Markdown reports
list the first ``limit`` and sum up the rest in one line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Comparison, Finding, Kind, Report
from .summary import kind_phrase

#: How many findings (or claim rows) a human report lists unless told otherwise.
DEFAULT_LIMIT = 15
#: When one report carries less than this share of the other's claims, it covers
#: only part of the story: its whole-claim omissions (or the other's additions) are
#: the rest of the story, not discrepancies, and one line says how many.
PARTIAL_COVERAGE = 0.5
#: One or two omissions read faster listed than summed up.
MIN_FOLDED = 3


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in rank order; unranked ones (rank 0) after them, in the given order."""
    return sorted(findings, key=lambda f: (f.rank == 0, f.rank))


def with_ranks(report: Report) -> Report:
    """The report with every finding ranked: triage's ranks, else the given order.

    Ranks run over the whole report, as triage numbers them; each comparison's
    findings are sorted by rank.
    """
    findings = [f for c in report.comparisons for f in c.findings]
    if all(f.rank > 0 for f in findings):
        rank_at = {i: f.rank for i, f in enumerate(findings)}
    else:
        order = sorted(range(len(findings)),
                       key=lambda i: (findings[i].rank == 0, findings[i].rank, i))
        rank_at = {i: position for position, i in enumerate(order, start=1)}
    comparisons = []
    start = 0
    for c in report.comparisons:
        numbered = [f if f.rank == rank_at[start + k] else dataclasses.replace(f, rank=rank_at[start + k])
                    for k, f in enumerate(c.findings)]
        start += len(c.findings)
        comparisons.append(dataclasses.replace(c, findings=tuple(ranked(numbered))))
    return dataclasses.replace(report, comparisons=tuple(comparisons))


@dataclass(frozen=True)
class Coverage:
    """How many of one report's claims the other carries (has an aligned claim for)."""

    covered: int
    total: int

    @property
    def partial(self) -> bool:
        return self.total > 0 and self.covered / self.total < PARTIAL_COVERAGE


def coverage(comparison: Comparison) -> tuple[Coverage, Coverage]:
    """(A's claims that B carries, B's claims that A carries)."""
    a = {i for al in comparison.alignments for i in al.a}
    b = {j for al in comparison.alignments for j in al.b}
    return (Coverage(len(a), len(comparison.reference.claims)),
            Coverage(len(b), len(comparison.other.claims)))


@dataclass(frozen=True)
class Fold:
    """Whole-claim omissions (or additions) summed up in one line, not listed."""

    #: The report that covers part of the other ("B"), and the other ("A").
    covering: str
    covered: str
    coverage: Coverage
    kind: Kind
    findings: tuple[Finding, ...]

    def line(self, tail: str = "not listed") -> str:
        """"B covers 6 of A's 70 claims; 64 omissions not listed"."""
        return (f"{self.covering} covers {self.coverage.covered} of {self.covered}'s "
                f"{self.coverage.total} claims; {kind_phrase(self.kind, len(self.findings))} {tail}")


@dataclass(frozen=True)
class Selection:
    """What a human report lists of one comparison."""

    shown: tuple[Finding, ...]
    #: Beyond the limit: summed up by kind (see :func:`summary.more_line`).
    more: tuple[Finding, ...]
    folds: tuple[Fold, ...]


def _whole(f: Finding, kind: Kind) -> bool:
    return f.kind is kind and f.subkind == "claim"


def select(comparison: Comparison, limit: int | None, letters: tuple[str, str] = ("A", "B"),
           keep_conflicts: bool = False) -> Selection:
    """The first ``limit`` findings by rank (``None``: all, nothing folded).

    When B covers only part of A, A's whole claims B lacks are one :class:`Fold`
    instead of a list; the same for additions the other way. ``keep_conflicts``
    lists every finding that is not an omission or addition whatever the limit
    (the HTML report folds only the long tail of omissions and additions).
    """
    findings = ranked(comparison.findings)
    if limit is None:
        return Selection(tuple(findings), (), ())
    a_cov, b_cov = coverage(comparison)
    folds = []
    for kind, cov, covering, covered in ((Kind.OMISSION, a_cov, letters[1], letters[0]),
                                         (Kind.ADDITION, b_cov, letters[0], letters[1])):
        whole = tuple(f for f in findings if _whole(f, kind))
        if cov.partial and len(whole) >= MIN_FOLDED:
            folds.append(Fold(covering, covered, cov, kind, whole))
    folded = {id(f) for fold in folds for f in fold.findings}
    listable = [f for f in findings if id(f) not in folded]
    shown = [f for k, f in enumerate(listable) if k < limit or (
        keep_conflicts and f.kind not in (Kind.OMISSION, Kind.ADDITION))]
    kept = {id(f) for f in shown}
    return Selection(tuple(shown), tuple(f for f in listable if id(f) not in kept), tuple(folds))
