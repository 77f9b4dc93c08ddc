"""contradiction: aligned claims that cannot both be true (a status, a negation)."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Alignment, Claim, Finding, Kind, Severity
from .base import StoryPair, detector, finding, side

#: Alignments weaker than this are too loosely related to call a negation a contradiction.
MIN_NEGATION_SCORE = 0.4
#: P(contradiction) from the NLI model above which matched claims are incompatible.
#: Set on the project's planted set (benchmarks/nli_eval.py prints the effect).
NLI_CONTRADICTION = 0.9



def _status(claims: list[Claim]) -> dict[str, tuple[str, Claim, tuple[int, int], str]]:
    found: dict[str, tuple[str, Claim, tuple[int, int], str]] = {}
    for c in claims:
        for cue in c.cues_of("status"):
            found.setdefault(cue.detail, (cue.target, c, cue.span, cue.text))
    return found


def _persons(claims: list[Claim]) -> set[str]:
    return {m.key for c in claims for m in c.mentions if m.label == "PERSON"}


def _negated_only_here(negated: Claim, plain: Claim) -> str | None:
    """A verb negated in one claim that the other states plainly, whatever each
    sentence's main verb is ("troopers did not sweep the barn" / "after a sweep of
    the barn, troopers found")."""
    targets = {c.target for c in negated.cues_of("negation")} - {
        c.target for c in plain.cues_of("negation")}
    for target in sorted(targets):
        # Said once, negated, in one; said in the other: "found a gun but did not find
        # the shooter" against "found a gun" is not a contradiction.
        if target and target in plain.lemmas and negated.lemmas.count(target) <= 1:
            return target
    return None


#: P(contradiction) at which a negation one claim alone has makes the pair
#: incompatible: lower than for an untyped NLI reading, since the negation is the reason.
NEGATION_NLI = 0.5


def _negation_read_as_conflict(alignment: Alignment, ca: Claim, cb: Claim) -> str | None:
    """A negated verb in one claim only, with its partner a paraphrase the NLI model
    reads as contradicted ("the rangers spotted a lost hiker" / "rangers did not
    find the hiker")."""
    negated, plain = (ca, cb) if ca.cues_of("negation") else (cb, ca)
    if not negated.cues_of("negation") or plain.cues_of("negation"):
        return None
    reading = alignment.inference(ca.index, cb.index)
    if reading is None or reading.contradiction < max(NEGATION_NLI, reading.entailment):
        return None
    return negated.cues_of("negation")[0].target or None


def _negations(pair: StoryPair, alignment: Alignment, a_claims: list[Claim],
               b_claims: list[Claim]) -> Iterator[Finding]:
    for ca in a_claims:
        for cb in b_claims:
            neg_a = {c.target for c in ca.cues_of("negation")}
            neg_b = {c.target for c in cb.cues_of("negation")}
            # The same main verb negated on one side is the surest reading.
            verb: str | None = ca.predicate
            weight = 0.65
            if not (ca.predicate == cb.predicate and verb
                    and (verb in neg_a) != (verb in neg_b)):
                verb, weight = (_negated_only_here(cb, ca) or _negated_only_here(ca, cb)
                                or _negation_read_as_conflict(alignment, ca, cb)), 0.55
            if verb:
                yield finding(
                    Kind.CONTRADICTION, "negation", Severity.HIGH,
                    weight * alignment.score ** 0.5,
                    f"{verb!r} is negated in one report only",
                    side(pair.a, [ca]), side(pair.b, [cb]),
                    detector="contradiction", alignment=alignment,
                )


def _typed(pair: StoryPair) -> Iterator[Finding]:
    for alignment, a_claims, b_claims in pair.aligned():
        if alignment.identical:
            continue
        status_a, status_b = _status(a_claims), _status(b_claims)
        for event in status_a.keys() & status_b.keys():
            stage_a, ca, span_a, text_a = status_a[event]
            stage_b, cb, span_b, text_b = status_b[event]
            if stage_a == stage_b:
                continue
            if event == "casualty" and not _persons(a_claims) & _persons(b_claims):
                continue  # "two killed, five injured" is about different people
            yield finding(
                Kind.CONTRADICTION, "status_changed", Severity.HIGH,
                0.7 * alignment.score ** 0.25,
                f"{event}: {stage_a} ({text_a!r}) in the reference, {stage_b} ({text_b!r}) "
                "in the other",
                side(pair.a, [ca], span_a), side(pair.b, [cb], span_b),
                detector="contradiction", alignment=alignment,
            )
        if alignment.score >= MIN_NEGATION_SCORE:
            yield from _negations(pair, alignment, a_claims, b_claims)


def _untyped(pair: StoryPair, explained: set[str]) -> Iterator[Finding]:
    """Matched claims the NLI model reads as incompatible, when no typed check explains it."""
    for alignment, _, _ in pair.aligned():
        if alignment.identical or alignment.id in explained:
            continue
        worst = max(alignment.inferences, key=lambda x: x.contradiction, default=None)
        if worst is None or worst.contradiction < NLI_CONTRADICTION:
            continue
        yield finding(
            Kind.CONTRADICTION, "nli", Severity.HIGH, worst.contradiction * alignment.score ** 0.25,
            f"the claims read as incompatible (NLI contradiction {worst.contradiction:.2f})",
            side(pair.a, [pair.a.claims[worst.a]]), side(pair.b, [pair.b.claims[worst.b]]),
            detector="contradiction", alignment=alignment,
        )


@detector("contradiction", version=2,
          description="Claims that cannot both be true: a changed status, a negation, or "
                      "what the NLI model reads as incompatible.",
          requires=("claim.cues", "claim.predicate", "alignments"))
def contradiction(pair: StoryPair) -> Iterator[Finding]:
    typed = list(_typed(pair))
    yield from typed
    yield from _untyped(pair, {f.alignment for f in typed if f.alignment})
