"""Triage: findings ranked by what an editor should check first."""

from __future__ import annotations

from dataclasses import replace

from report_builders import comparison, finding, omitted, side, story
from storydiff.models import Kind, Severity
from storydiff.triage import rank

REF = story("a", "Two men were shot on Main Street on Sunday.", "Police arrested a suspect.",
            "The bar opened in 1998.", "It serves pizza.", "Its owner is Jo Reed.",
            "Neighbours heard shouting.")
OTHER = story("b", "Three men were shot on Main Street on Sunday.", "Police arrested a suspect.",
              "The bar opened in 1998.")


def _ranked(findings: list) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    ranked = rank([comparison(REF, OTHER, [(0, 0), (1, 1), (2, 2)], findings)])
    return [(f.explanation, f.rank) for f in ranked[0].findings]


def test_severity_comes_first_then_a_changed_claim_before_a_missing_one() -> None:
    conflict = finding(Kind.NUMBER_CONFLICT, side(REF, 0, "Two"), side(OTHER, 0, "Three"),
                       "count", severity=Severity.HIGH, confidence=0.5, explanation="number")
    framing = finding(Kind.FRAMING_CHANGED, side(REF, 1), side(OTHER, 1), "loaded_added",
                      severity=Severity.LOW, confidence=0.6, explanation="framing")
    missing = replace(omitted(REF, OTHER, 5), severity=Severity.LOW, explanation="omission")
    assert _ranked([missing, framing, conflict]) == [("number", 1), ("framing", 2),
                                                      ("omission", 3)]


def test_at_equal_severity_and_confidence_the_central_claim_comes_first() -> None:
    far = finding(Kind.OMISSION, side(REF, 5), side(OTHER, 2), "claim", severity=Severity.LOW,
                  explanation="far down")
    lead = finding(Kind.OMISSION, side(REF, 1), side(OTHER, 2), "claim", severity=Severity.LOW,
                   explanation="in the lead")
    assert [e for e, _ in _ranked([far, lead])] == ["in the lead", "far down"]


def test_ranks_run_across_all_comparisons_of_the_report() -> None:
    third = story("c", "Two men were shot on Main Street on Sunday.")
    first = comparison(REF, OTHER, [(0, 0)], [omitted(REF, OTHER, 3)])
    second = comparison(REF, third, [(0, 0)], [finding(
        Kind.NUMBER_CONFLICT, side(REF, 0, "Two"), side(third, 0, "Two"), "count",
        severity=Severity.HIGH)])
    ranked = rank([first, second])
    assert [f.rank for f in ranked[1].findings] == [1]
    assert [f.rank for f in ranked[0].findings] == [2]


def test_a_missing_claim_with_a_number_the_other_never_states_comes_first() -> None:
    from builders import article, claim, quantity

    two = (quantity("Two", 2, predicate="shoot"),)
    ref = article("a", [claim("a", 0, "Two men were shot.", quantities=two),
                        claim("a", 1, "It rained."), claim("a", 2, "Police came."),
                        claim("a", 3, "Two men were taken to hospital.", quantities=two),
                        claim("a", 4, "Five shots were fired.",
                              quantities=(quantity("Five", 5, predicate="fire"),))])
    other = article("b", [claim("b", 0, "Two men were shot.", quantities=two)])
    restated = omitted(ref, other, 3)
    new_number = omitted(ref, other, 4)
    ranked = rank([comparison(ref, other, [(0, 0)], [restated, new_number])])
    assert [f.a.claims for f in ranked[0].findings] == [(4,), (3,)]


def test_a_sentence_cut_from_a_carried_passage_comes_before_an_uncovered_run() -> None:
    ref = story("a", *(f"Sentence {n}." for n in range(8)))
    other = story("b", "Sentence 0.", "Sentence 4.", "Sentence 6.")
    in_run, cut = omitted(ref, other, 2), omitted(ref, other, 5)
    ranked = rank([comparison(ref, other, [(0, 0), (4, 1), (6, 2)], [in_run, cut])])
    assert [f.a.claims for f in ranked[0].findings] == [(5,), (2,)]
