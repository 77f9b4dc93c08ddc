"""near_copy: each changed stretch of a near-copied sentence gets its kind."""

from __future__ import annotations

import pytest

from builders import claim, cue, pair
from storydiff.detectors.near_copy import near_copy
from storydiff.models import Attribution, Claim, Finding, Kind, Mention, Severity

BASE = "Jonah Pettibone was charged Tuesday after three men were shot outside the bar, police said."


def _source(text: str, source: str, cue_: str, strength: str = "neutral") -> Attribution:
    start = text.index(source)
    cue_start = text.index(cue_)
    return Attribution(source, (start, start + len(source)), "official", f"official:{source}",
                       cue_, (cue_start, cue_start + len(cue_)), strength)


def _claim(article: str, text: str, **fields: object) -> Claim:
    return claim(article, 0, text, **fields)


def _run(a_text: str, b_text: str, **b_fields: object) -> list[Finding]:
    a = _claim("a", a_text, attributions=(_source(a_text, "police", "said"),)
               if "police said" in a_text else ())
    b = _claim("b", b_text, **b_fields)
    return list(near_copy(pair([a], [b])))


def _only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.explanation for f in findings]
    return findings[0]


@pytest.mark.parametrize(("b_text", "kind", "subkind", "b_span_text"), [
    (BASE.replace("was charged", "was not charged"), Kind.CONTRADICTION, "negation", "not"),
    (BASE.replace("three men", "four men"), Kind.NUMBER_CONFLICT, "count", "four"),
    (BASE.replace("Pettibone", "Castellano"), Kind.ENTITY_CONFLICT, "name_changed", "Castellano"),
    (BASE.replace("were shot", "were reportedly shot"), Kind.CERTAINTY_CHANGED, "hedge_added",
     "reportedly"),
    (BASE.replace("three men", "three thugs"), Kind.FRAMING_CHANGED, "loaded_added", "thugs"),
    (BASE.replace("outside the bar", "outside the noisy bar"), Kind.ADDITION, "part", "noisy"),
    (BASE.replace("charged Tuesday", "questioned Tuesday"), Kind.CONTRADICTION, "reworded",
     "questioned"),
])
def test_each_changed_stretch_gets_its_kind(b_text: str, kind: Kind, subkind: str,
                                            b_span_text: str) -> None:
    b_fields: dict[str, object] = {"attributions": (_source(b_text, "police", "said"),)}
    f = _only(_run(BASE, b_text, **b_fields))
    assert (f.kind, f.subkind, f.b.text) == (kind, subkind, b_span_text)


def test_changed_source_is_attribution_changed() -> None:
    b_text = BASE.replace("police said", "neighbors said")
    f = _only(_run(BASE, b_text, attributions=(_source(b_text, "neighbors", "said"),)))
    assert (f.kind, f.a.text, f.b.text) == (Kind.ATTRIBUTION_CHANGED, "police", "neighbors")


def test_dropped_source_is_attribution_dropped() -> None:
    f = _only(_run(BASE, BASE.replace(", police said", "")))
    assert (f.kind, f.a.text) == (Kind.ATTRIBUTION_DROPPED, "police said")


def test_a_place_mention_changed_is_place_changed() -> None:
    a_text = "The shooting happened in Milton on Sunday night, police said."
    b_text = a_text.replace("Milton", "Dayton")
    place = Mention("Dayton", (b_text.index("Dayton"), b_text.index("Dayton") + 6), "GPE",
                    "dayton")
    f = _only(_run(a_text, b_text, mentions=(place,),
                   attributions=(_source(b_text, "police", "said"),)))
    assert (f.kind, f.subkind) == (Kind.ENTITY_CONFLICT, "place_changed")


@pytest.mark.parametrize("b_text", [
    BASE.replace("police said", "police say"),                   # inflection
    BASE.replace("outside the bar", "outside a bar"),            # a function word
    "Police said Jonah Pettibone was charged Tuesday after three men were shot outside the bar.",
])
def test_small_rewordings_and_moves_are_not_changes(b_text: str) -> None:
    start = b_text.lower().index("police")
    verb = "say" if "say." in b_text else "said"
    source = Attribution("police", (start, start + 6), "official", "official:police", verb,
                         (b_text.index(verb), b_text.index(verb) + len(verb)), "neutral")
    assert _run(BASE, b_text, attributions=(source,)) == []


def test_paraphrases_are_left_to_the_other_detectors() -> None:
    b_text = "Officers say a man faces charges over a shooting that injured three people."
    assert _run(BASE, b_text) == []


def test_identical_alignment_gives_nothing() -> None:
    a, b = _claim("a", BASE), _claim("b", BASE.replace("three", "four"))
    assert list(near_copy(pair([a], [b], identical=True))) == []


def test_hedge_cue_from_analysis_counts() -> None:
    b_text = BASE.replace("were shot", "may have been shot")
    start = b_text.index("may")
    hedge = cue("may", "hedge")
    hedge = type(hedge)("may", (start, start + 3), "hedge")
    f = _only(_run(BASE, b_text, cues=(hedge,),
                   attributions=(_source(b_text, "police", "said"),)))
    assert f.kind == Kind.CERTAINTY_CHANGED


@pytest.mark.parametrize(("inserted", "severity"), [
    ("noisy ", Severity.LOW), ("Riverside ", Severity.MEDIUM), ("12 ", Severity.MEDIUM)])
def test_an_added_number_or_name_weighs_more_than_an_added_word(inserted: str,
                                                                severity: Severity) -> None:
    b_text = BASE.replace("outside the bar", f"outside the {inserted}bar")
    f = _only(_run(BASE, b_text, attributions=(_source(b_text, "police", "said"),)))
    assert (f.kind, f.severity) == (Kind.ADDITION, severity)


def test_a_run_on_text_too_long_to_diff_is_left_to_the_other_detectors() -> None:
    long_text = " ".join(["word"] * 5000) + " police said."
    assert _run(long_text, long_text.replace("word", "term", 1)) == []
