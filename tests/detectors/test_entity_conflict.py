from builders import claim, pair, person
from storydiff.detectors.entity_conflict import entity_conflict


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
