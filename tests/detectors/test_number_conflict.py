from builders import claim, pair, quantity
from storydiff.detectors.number_conflict import number_conflict
from storydiff.models import Kind


def test_fires_on_different_casualty_count() -> None:
    a = claim("a", 0, "12 people were injured.", quantities=(
        quantity("12", 12, unit="people", predicate="injure"),))
    b = claim("b", 0, "15 people were injured.", quantities=(
        quantity("15", 15, unit="people", predicate="injure"),))
    found = list(number_conflict(pair([a], [b])))
    assert [f.kind for f in found] == [Kind.NUMBER_CONFLICT]
    assert (found[0].a.text, found[0].b.text) == ("12", "15")


def test_ignores_rounding_within_approximation() -> None:
    a = claim("a", 0, "some 30 killed", quantities=(
        quantity("some 30", 30, predicate="kill", approximate=True),))
    b = claim("b", 0, "31 killed", quantities=(quantity("31", 31, predicate="kill"),))
    assert not list(number_conflict(pair([a], [b])))


def test_agreed_value_is_not_set_against_an_extra_number() -> None:
    a = claim("a", 0, "30 killed", quantities=(quantity("30", 30, predicate="kill"),))
    b = claim("b", 0, "30 killed, four of them officers", quantities=(
        quantity("30", 30, predicate="kill"), quantity("four", 4, unit="officer",
                                                       predicate="include")))
    assert not list(number_conflict(pair([a], [b])))


def test_different_units_are_not_compared() -> None:
    a = claim("a", 0, "$830", quantities=(quantity("$830", 830, "money", "USD"),))
    b = claim("b", 0, "six weeks", quantities=(quantity("six weeks", 6, "duration", "week"),))
    assert not list(number_conflict(pair([a], [b])))


def test_identical_passages_never_conflict() -> None:
    a = claim("a", 0, "12 hurt", quantities=(quantity("12", 12, predicate="hurt"),))
    b = claim("b", 0, "15 hurt", quantities=(quantity("15", 15, predicate="hurt"),))
    assert not list(number_conflict(pair([a], [b], identical=True)))


def test_the_one_age_on_each_side_is_compared_whoever_it_is_given_for() -> None:
    a = claim("a", 0, "Firefighters rescued a 7-year-old boy.",
              quantities=(quantity("7-year-old", 7, kind="age", unit="boy"),))
    b = claim("b", 0, "Firefighters rescued her 5-year-old nephew.",
              quantities=(quantity("5-year-old", 5, kind="age", unit="nephew"),))
    found = list(number_conflict(pair([a], [b])))
    assert len(found) == 1
    assert "'7-year-old'" in found[0].explanation and "'5-year-old'" in found[0].explanation


def test_two_ages_on_a_side_are_not_guessed_at() -> None:
    a = claim("a", 0, "A 30-year-old man and his 7-year-old son were hurt.",
              quantities=(quantity("30-year-old", 30, kind="age", unit="man"),
                          quantity("7-year-old", 7, kind="age", unit="son")))
    b = claim("b", 0, "Her 5-year-old nephew was hurt.",
              quantities=(quantity("5-year-old", 5, kind="age", unit="nephew"),))
    assert not list(number_conflict(pair([a], [b])))


def test_a_shared_value_of_different_things_does_not_hide_a_changed_count() -> None:
    a = claim("a", 0, "Four hikers, three of them students, were hurt.", quantities=(
        quantity("Four", 4, unit="hikers", predicate="hurt"),
        quantity("three", 3, unit="students", predicate="hurt")))
    b = claim("b", 0, "Three hikers were hurt.", quantities=(
        quantity("Three", 3, unit="hikers", predicate="hurt"),))
    found = list(number_conflict(pair([a], [b])))
    assert len(found) == 1 and "'Four'" in found[0].explanation


def test_the_same_count_of_differently_named_people_is_an_agreement() -> None:
    a = claim("a", 0, "Three men were arrested.", quantities=(
        quantity("Three", 3, unit="man", predicate="arrest"),))
    b = claim("b", 0, "Three suspects were arrested.", quantities=(
        quantity("Three", 3, unit="suspect", predicate="arrest"),))
    assert not list(number_conflict(pair([a], [b])))


def test_females_and_women_are_the_same_people() -> None:
    a = claim("a", 0, "Two women were treated at the scene.", quantities=(
        quantity("Two", 2, unit="women", predicate="treat"),))
    b = claim("b", 0, "Three females were hurt in the crash.", quantities=(
        quantity("Three", 3, unit="females", predicate="hurt"),))
    assert len(list(number_conflict(pair([a], [b])))) == 1
