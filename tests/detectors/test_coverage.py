from builders import article, claim
from storydiff.detectors.base import StoryPair
from storydiff.detectors.coverage import addition, omission
from storydiff.models import Alignment


def _pair(a_texts: list[str], b_texts: list[str], links: list[tuple[int, int]]) -> StoryPair:
    a = article("a", [claim("a", i, t) for i, t in enumerate(a_texts)])
    b = article("b", [claim("b", j, t) for j, t in enumerate(b_texts)])
    alignments = tuple(Alignment(f"al{k}", "a", "b", (i,), (j,), 0.9, "one_to_one")
                       for k, (i, j) in enumerate(links))
    return StoryPair(a, b, alignments)


def test_unmatched_claims_are_omissions_and_additions() -> None:
    p = _pair(["The mayor resigned.", "Taxes rose."], ["The mayor resigned.", "A park opened."],
              [(0, 0)])
    assert [f.a.text for f in omission(p)] == ["Taxes rose."]
    assert [f.b.text for f in addition(p)] == ["A park opened."]


def test_dropped_list_item_is_a_partial_omission() -> None:
    p = _pair(["Recruiters target minorities, as well as the poor, with cash offers."],
              ["Recruiters target minorities with cash offers."], [(0, 0)])
    assert [f.a.text for f in omission(p)] == ["the poor"]


def test_spelling_variants_are_not_omissions() -> None:
    p = _pair(["Recruiters target Kurds, Baluchs and others with cash offers."],
              ["Recruiters target Kurds, Balochs and others with cash offers."], [(0, 0)])
    assert not list(omission(p))
    assert not list(addition(p))
