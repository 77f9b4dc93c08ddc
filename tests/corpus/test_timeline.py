"""The claim timeline: who carried a claim first, who repeated, omitted or changed it.

Most cases are reports built by hand (exact spans, no model); two run the whole
comparison on a small invented story, once in time order and once shuffled with an
undated report first, and must tell the same story.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from report_builders import added, comparison, finding, omitted, report, side, story
from storydiff import Options, compare
from storydiff.corpus.timeline import claim_timeline, published_at, time_order
from storydiff.models import AnalysedArticle, Article, Kind, Report
from storydiff.readers import article_from_text


def dated(item: AnalysedArticle, published: str | None) -> AnalysedArticle:
    return replace(item, article=replace(item.article, published=published))


def schools(published: tuple[str | None, str | None, str | None] = (
        "2024-03-04T08:00:00Z", "2024-03-04T09:00:00Z", None)) -> Report:
    """a says three schools; b, an hour later, says four and adds a shelter; c (undated)
    repeats four and the shelter, drops the pupils and drops the council as source."""
    a = dated(story("a", "Three schools closed, the council said.", "About 200 pupils went home."),
              published[0])
    b = dated(story("b", "Four schools closed, the council said.", "About 200 pupils went home.",
                    "A shelter opened at the sports hall."), published[1])
    c = dated(story("c", "Four schools closed.", "A shelter opened at the sports hall."), published[2])
    return report(
        comparison(a, b, [(0, 0), (1, 1)], [
            finding(Kind.NUMBER_CONFLICT, side(a, 0, "Three"), side(b, 0, "Four"), "count"),
            added(a, b, 2)]),
        comparison(a, c, [(0, 0)], [
            finding(Kind.NUMBER_CONFLICT, side(a, 0, "Three"), side(c, 0, "Four"), "count"),
            finding(Kind.ATTRIBUTION_DROPPED, side(a, 0, "the council"), side(c, 0),
                    "source_to_fact"),
            omitted(a, c, 1), added(a, c, 1)]))


def test_a_claim_first_carried_by_the_earliest_report_is_repeated_by_later_ones() -> None:
    first = claim_timeline(schools())[0]
    assert (first.id, first.first, first.sentences) == ("t1", "a", (0,))
    assert first.text == "Three schools closed, the council said."
    assert first.repeated_by == ("b", "c") and first.omitted_by == ()
    pupils = claim_timeline(schools())[1]
    assert pupils.repeated_by == ("b",) and pupils.omitted_by == ("c",) and not pupils.mutated


def test_a_number_changed_by_the_second_report_points_at_it_and_the_third_repeats_it() -> None:
    r = schools()
    number, source = claim_timeline(r)[0].mutations
    b_text = r.articles[1].article.text
    assert (number.kind, number.article, number.text, number.was) == (
        Kind.NUMBER_CONFLICT, "b", "Four", "Three")
    assert number.span is not None and b_text[number.span[0]:number.span[1]] == "Four"
    assert number.repeated_by == ("c",) and not number.sentence
    assert (source.kind, source.article, source.was, source.sentence) == (
        Kind.ATTRIBUTION_DROPPED, "c", "the council", True)
    assert source.text == "Four schools closed." and source.repeated_by == ()


def test_an_added_claim_first_appears_in_a_later_report() -> None:
    shelter = claim_timeline(schools())[2]
    assert not shelter.in_reference
    assert (shelter.first, shelter.sentences, shelter.repeated_by) == ("b", (2,), ("c",))
    assert shelter.text == "A shelter opened at the sports hall."
    assert shelter.mutations == ()


def test_entries_follow_where_the_claim_first_appears() -> None:
    timeline = claim_timeline(schools())
    assert [(e.first, e.sentences) for e in timeline] == [("a", (0,)), ("a", (1,)), ("b", (2,))]
    assert [e.id for e in timeline] == ["t1", "t2", "t3"]


def test_undated_reports_come_after_dated_ones_then_in_the_given_order() -> None:
    articles = [Article(id_, id_, "t", "x", published=p) for id_, p in [
        ("undated", None), ("late", "2024-03-04T09:00:00Z"), ("garbled", "last Tuesday"),
        ("early", "Mon, 04 Mar 2024 07:00:00 GMT"), ("zoned", "2024-03-04T10:00:00+02:00"),
        ("day", "2024-03-04")]]
    assert [a.id for a in time_order(articles)] == ["day", "early", "zoned", "late", "undated",
                                                    "garbled"]
    assert published_at("2024-03-04") == published_at("2024-03-04T00:00:00+00:00")


def test_the_first_carrier_is_the_earliest_even_when_the_reference_is_later() -> None:
    # b (the reference here) is the earliest; a, listed first, comes after it.
    r = schools(("2024-03-04T10:00:00Z", "2024-03-04T09:00:00Z", None))
    timeline = claim_timeline(r)
    assert [(e.first, e.repeated_by) for e in timeline][:2] == [("b", ("a", "c")), ("b", ("a",))]
    number = timeline[0].mutations[0]
    assert (number.article, number.text, number.was) == ("a", "Three", "Four")
    assert number.repeated_by == ()


def test_a_later_report_crediting_the_source_the_first_one_dropped_adds_a_source() -> None:
    a = dated(story("a", "Three schools closed, the council said."), "2024-03-04T10:00:00Z")
    c = dated(story("c", "Three schools closed."), "2024-03-04T09:00:00Z")
    r = report(comparison(a, c, [(0, 0)], [finding(
        Kind.ATTRIBUTION_DROPPED, side(a, 0, "the council"), side(c, 0), "source_to_fact")]))
    entry = claim_timeline(r)[0]
    assert (entry.first, entry.text, entry.repeated_by) == ("c", "Three schools closed.", ("a",))
    (source,) = entry.mutations
    assert (source.kind, source.subkind, source.article, source.text, source.sentence) == (
        Kind.ATTRIBUTION_CHANGED, "source_added", "a", "the council", False)
    assert source.finding == "d1"


@pytest.mark.parametrize("kind", [Kind.OMISSION, Kind.ADDITION])
def test_dropped_or_added_parts_are_not_mutations(kind: Kind) -> None:
    a = story("a", "Three schools closed on Monday.")
    b = story("b", "Three schools closed.")
    r = report(comparison(a, b, [(0, 0)], [finding(kind, side(a, 0, "on Monday"), side(b, 0))]))
    assert claim_timeline(r)[0].mutations == ()


# --- The whole comparison on an invented story ------------------------------------------

FLOOD = [
    ("Herald", "2024-03-04T08:00:00Z", """Flood closes Millbrook schools

Three schools in Millbrook were closed on Monday after the river burst its banks, the county council said.

About 200 pupils were sent home, head teacher Maria Lopez said.

Officials said the water could recede by Wednesday.
"""),
    ("Post", "2024-03-04T10:00:00Z", """Floods shut four Millbrook schools

Four schools in Millbrook were closed on Monday after the river burst its banks, the county council said.

About 200 pupils were sent home, head teacher Maria Lopez said.

Officials said the water could recede by Wednesday.

A shelter has opened at the Millbrook sports hall for families forced from their homes.
"""),
    ("Brief", None, """Millbrook schools close as river floods

Four schools in Millbrook were closed on Monday after the river burst its banks, the county council said.

About 200 pupils were sent home, head teacher Maria Lopez said.

A shelter has opened at the sports hall in Millbrook for families forced from their homes.
"""),
]


@pytest.fixture(scope="module")
def flood() -> list[Article]:
    return [article_from_text(text, source=f"{outlet.lower()}.txt", outlet=outlet, published=when)
            for outlet, when, text in FLOOD]


def _summary(r: Report) -> list[tuple[str, str, tuple[str, ...], list[tuple[Kind, str, str | None]]]]:
    outlet = {a.article.id: a.article.outlet or "" for a in r.articles}
    return [(outlet[e.first], e.text[:20], tuple(outlet[a] for a in e.repeated_by),
             [(m.kind, outlet[m.article], m.text) for m in e.mutations if not m.sentence])
            for e in claim_timeline(r)]


def test_a_compared_story_tells_who_changed_the_number(flood: list[Article]) -> None:
    r = compare(flood, Options(load_plugins=False))
    summary = _summary(r)
    assert summary[0] == ("Herald", "Three schools in Mil", ("Post", "Brief"),
                          [(Kind.NUMBER_CONFLICT, "Post", "Four")])
    assert summary[1][:3] == ("Herald", "About 200 pupils wer", ("Post", "Brief"))
    assert ("Post", "A shelter has opened", ("Brief",), []) in summary
    number = claim_timeline(r)[0].mutations[0]
    assert number.repeated_by == (flood[2].id,)


def test_the_input_order_does_not_change_the_timeline(flood: list[Article]) -> None:
    in_order = compare(flood, Options(load_plugins=False))
    # Undated first: compare then takes the undated report as its reference.
    shuffled = compare([flood[2], flood[1], flood[0]], Options(load_plugins=False))
    assert shuffled.reference == flood[2].id
    assert _summary(shuffled)[:2] == _summary(in_order)[:2]
