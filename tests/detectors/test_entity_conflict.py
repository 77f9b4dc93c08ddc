from builders import article, claim, pair, person
from storydiff.detectors import StoryPair
from storydiff.detectors.entity_conflict import entity_conflict
from storydiff.models import Alignment


def test_fires_on_changed_name_with_shared_part() -> None:
    a = claim("a", 0, "Col. Mostafa Ezzatollah was killed.",
              mentions=(person("Mostafa Ezzatollah", "mostafa ezzatollah", "colonel"),))
    b = claim("b", 0, "Colonel Ezzatollah Soleimani died.",
              mentions=(person("Ezzatollah Soleimani", "ezzatollah soleimani", "colonel"),))
    found = list(entity_conflict(pair([a], [b])))
    assert [f.subkind for f in found] == ["name_changed"]


def test_shortened_name_is_not_a_conflict() -> None:
    a = claim("a", 0, "Gen. Hossein Hamedani was killed.",
              mentions=(person("Hossein Hamedani", "hossein hamedani", "general"),))
    b = claim("b", 0, "Hamedani was killed.",
              mentions=(person("Hamedani", "hossein hamedani"),))
    assert not list(entity_conflict(pair([a], [b])))


def test_fires_on_changed_title() -> None:
    a = claim("a", 0, "Col. Ali Karimi spoke.",
              mentions=(person("Ali Karimi", "ali karimi", "colonel"),))
    b = claim("b", 0, "Gen. Ali Karimi spoke.",
              mentions=(person("Ali Karimi", "ali karimi", "general"),))
    assert [f.subkind for f in entity_conflict(pair([a], [b]))] == ["title_changed"]


def _two_sentence_pair(b_name: str, b_key: str) -> StoryPair:
    """B names Ellis Harrow later on, and ``b_name`` in the sentence matched to A's."""
    a0 = claim("a", 0, "The medical examiner named the victim as Ellis Harrow.",
               mentions=(person("Ellis Harrow", "ellis harrow"),))
    b0 = claim("b", 0, f"{b_name}, 27, of Brookvale was killed.",
               mentions=(person(b_name, b_key),))
    b1 = claim("b", 1, "Harrow leaves two children.", mentions=(person("Harrow", "ellis harrow"),))
    a, b = article("a", [a0]), article("b", [b0, b1])
    return StoryPair(a, b, (Alignment("al1", "a", "b", (0,), (0,), 0.8, "one_to_one"),))


def test_a_surname_changed_in_one_sentence_is_reported_though_named_elsewhere() -> None:
    found = list(entity_conflict(_two_sentence_pair("Ellis Navarro", "ellis navarro")))
    assert [f.subkind for f in found] == ["name_changed"]


def test_a_relative_sharing_the_surname_is_not_a_changed_name() -> None:
    assert not list(entity_conflict(_two_sentence_pair("Maria Harrow", "maria harrow")))
