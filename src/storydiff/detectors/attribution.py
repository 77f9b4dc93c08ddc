"""attribution_changed, attribution_dropped and certainty_changed.

Sources are compared by their canonical key, so "the source" that refers back
to "a source close to the Revolutionary Guard" is the same source. A report
citing the other report's outlet ("Asharq al-Awsat claims ...") is quoting its
origin, not changing the source, so outlets of the compared reports are set aside.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.entities import names_compatible, normalise_name
from ..models import Attribution, Claim, Finding, Kind, Severity
from .base import StoryPair, detector, finding, side

_VAGUE_KINDS = frozenset({"reports"})


def _own_outlets(pair: StoryPair) -> set[str]:
    return {f"outlet:{normalise_name(a.article.outlet)}" for a in (pair.a, pair.b)
            if a.article.outlet}


def _name(key: str) -> str:
    return key.split(":", 1)[1] if ":" in key else key


def shares_source(keys_a: set[str], keys_b: set[str]) -> bool:
    """Some source in both: the same key, or names where one shortens the other
    ("Carmaker Vantor" / "Vantor"), whatever kind the parser guessed for each."""
    if keys_a & keys_b:
        return True
    named_a = [_name(k) for k in keys_a if ":" in k]
    named_b = [_name(k) for k in keys_b if ":" in k]
    return any(names_compatible(x, y) or names_compatible(y, x) for x in named_a for y in named_b)


def _same_person_renamed(a: Attribution, b: Attribution) -> bool:
    return a.source_kind == b.source_kind == "person" and bool(
        set(normalise_name(a.source).split()) & set(normalise_name(b.source).split()))


def _sources(claims: list[Claim], ignore: set[str]) -> list[tuple[Attribution, Claim]]:
    return [(at, c) for c in claims for at in c.attributions if at.source_key not in ignore]


#: Sources with no name: a change from "police" to "authorities" may mean nothing.
_GENERIC = frozenset({"official", "anonymous", "other"})


def _generic(attrs: list[tuple[Attribution, Claim]]) -> bool:
    return all(a.source_kind in _GENERIC for a, _ in attrs)


def _describe(attrs: list[tuple[Attribution, Claim]]) -> str:
    return ", ".join(dict.fromkeys(f"{a.source} ({a.cue})" for a, _ in attrs))


def _hedges(claims: list[Claim], ignore: set[str]) -> list[tuple[int, int, str, Claim]]:
    """Hedge words and weak reporting verbs, with their spans."""
    found = [(c_.span[0], c_.span[1], c_.text, c) for c in claims for c_ in c.cues_of("hedge")]
    found += [(a.cue_span[0], a.cue_span[1], a.cue, c) for c in claims for a in c.attributions
              if a.strength == "weak" and a.source_kind != "reports"]
    return found


def _attribution_changes(pair: StoryPair) -> Iterator[tuple[str, Finding]]:
    """Each claim of the other report against the sources of its reference claims."""
    ignore = _own_outlets(pair)
    for alignment, a_claims, b_claims in pair.aligned():
        if alignment.identical:
            continue
        src_a = _sources(a_claims, ignore)
        keys_a = {a.source_key for a, _ in src_a}
        if not src_a:
            continue
        at_a, claim_a = src_a[0]
        a_side = side(pair.a, [claim_a], at_a.span)
        for claim_b in b_claims:
            src_b = _sources([claim_b], ignore)
            keys_b = {a.source_key for a, _ in src_b}
            if shares_source(keys_a, keys_b):
                continue
            if not src_b:
                casualty = any(q.kind in ("count", "money") for q in claim_b.quantities)
                yield "attribution_dropped", finding(
                    Kind.ATTRIBUTION_DROPPED, "source_to_fact",
                    Severity.HIGH if casualty else Severity.MEDIUM,
                    0.8 * alignment.score ** 0.25,
                    f"credited to {_describe(src_a)} in the reference; stated as fact in the other",
                    a_side, side(pair.b, [claim_b]), detector="attribution_dropped",
                    alignment=alignment,
                )
                continue
            at_b, _ = src_b[0]
            if _same_person_renamed(at_a, at_b) or "unknown" in keys_b:
                continue  # entity_conflict reports a changed name; "she said" is unresolved
            vaguer = keys_b <= _VAGUE_KINDS
            # "police" → "authorities" may mean nothing; "police" → "neighbors" is
            # another kind of source, and an editor must see it.
            generic = not vaguer and _generic(src_a) and _generic(src_b) and (
                {a.source_kind for a, _ in src_a} == {b.source_kind for b, _ in src_b})
            yield "attribution_changed", finding(
                Kind.ATTRIBUTION_CHANGED, "to_unnamed_reports" if vaguer else "source_changed",
                Severity.LOW if generic else Severity.MEDIUM,
                (0.45 if generic else 0.75) * alignment.score ** 0.25,
                f"credited to {_describe(src_a)} in the reference, to {_describe(src_b)} "
                "in the other",
                a_side, side(pair.b, [claim_b], at_b.span), detector="attribution_changed",
                alignment=alignment,
            )


@detector("attribution_dropped", version=1,
          description="A claim credited to a source in the reference is stated as fact.",
          requires=("claim.attributions", "alignments"))
def attribution_dropped(pair: StoryPair) -> Iterator[Finding]:
    for name, found in _attribution_changes(pair):
        if name == "attribution_dropped":
            yield found


@detector("attribution_changed", version=1,
          description="A claim is credited to a different source (or to unnamed reports).",
          requires=("claim.attributions", "alignments"))
def attribution_changed(pair: StoryPair) -> Iterator[Finding]:
    for name, found in _attribution_changes(pair):
        if name == "attribution_changed":
            yield found
    yield from _source_added(pair)


def _source_added(pair: StoryPair) -> Iterator[Finding]:
    """A fact in the reference is credited to a named source in the other report."""
    ignore = _own_outlets(pair)
    for alignment, a_claims, b_claims in pair.aligned():
        src_a = _sources(a_claims, ignore)
        src_b = [s for s in _sources(b_claims, ignore) if s[0].source_kind not in _VAGUE_KINDS]
        if alignment.identical or src_a or not src_b or alignment.score < 0.6:
            continue
        at_b, claim_b = src_b[0]
        yield finding(
            Kind.ATTRIBUTION_CHANGED, "source_added", Severity.LOW, 0.5 * alignment.score,
            f"stated as fact in the reference; credited to {_describe(src_b)} in the other",
            side(pair.a, a_claims), side(pair.b, [claim_b], at_b.span),
            detector="attribution_changed", alignment=alignment,
        )


@detector("certainty_changed", version=1,
          description="Hedged in one report ('reportedly', 'claims'), asserted in the other.",
          requires=("claim.cues", "claim.attributions", "alignments"))
def certainty_changed(pair: StoryPair) -> Iterator[Finding]:
    ignore = _own_outlets(pair)
    for alignment, a_claims, b_claims in pair.aligned():
        if alignment.identical:
            continue
        keys_a = {a.source_key for a, _ in _sources(a_claims, ignore)}
        keys_b = {a.source_key for a, _ in _sources(b_claims, ignore)}
        if keys_a and keys_b and not shares_source(keys_a, keys_b):
            continue  # the source itself changed: attribution_changed reports it
        # A source dropped and a hedge added are two changes: "the medical examiner
        # says she died" / "she may have died" loses the source and the certainty.
        hedges_a = _hedges(a_claims, ignore)
        hedges_b = _hedges(b_claims, ignore)
        words_a = {h[2].lower() for h in hedges_a}
        words_b = {h[2].lower() for h in hedges_b}
        if bool(hedges_a) == bool(hedges_b):
            continue
        if hedges_b:
            start, end, _, claim = hedges_b[0]
            yield finding(
                Kind.CERTAINTY_CHANGED, "hedge_added", Severity.MEDIUM,
                0.75 * alignment.score ** 0.25,
                f"asserted in the reference; hedged with {', '.join(sorted(words_b))!r} "
                "in the other",
                side(pair.a, a_claims), side(pair.b, [claim], (start, end)),
                detector="certainty_changed", alignment=alignment,
            )
        else:
            start, end, _, claim = hedges_a[0]
            yield finding(
                Kind.CERTAINTY_CHANGED, "hedge_removed", Severity.MEDIUM,
                0.75 * alignment.score ** 0.25,
                f"hedged with {', '.join(sorted(words_a))!r} in the reference; asserted "
                "in the other",
                side(pair.a, [claim], (start, end)), side(pair.b, b_claims),
                detector="certainty_changed", alignment=alignment,
            )
