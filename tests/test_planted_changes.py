"""One change planted into a copy of an article the project wrote: compare must
report it with its kind, pointing at the planted words, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from storydiff import Options, compare
from storydiff.cli import main
from storydiff.models import Kind, Report
from storydiff.readers import article_from_text

ARTICLE = (Path(__file__).parent / "data" / "bar-shooting.txt").read_text()
CONFLICTS = set(Kind) - {Kind.OMISSION, Kind.ADDITION}


def _compare(changed: str) -> Report:
    a = article_from_text(ARTICLE, source="original.txt")
    b = article_from_text(changed, source="rewrite.txt")
    return compare([a, b], Options(reference=0, load_plugins=False))


@pytest.mark.parametrize(("old", "new", "kinds", "planted"), [
    ("Jonah Pettibone was", "Jonah Castellano was", {Kind.ENTITY_CONFLICT}, "Castellano"),
    ("was charged Tuesday", "was not charged Tuesday", {Kind.CONTRADICTION}, "not"),
    ("wounded, police say", "wounded, neighbors say", {Kind.ATTRIBUTION_CHANGED}, "neighbors"),
    ("Three men were detained", "Four men were detained", {Kind.NUMBER_CONFLICT}, "Four"),
    ("before shots were fired", "before shots were reportedly fired",
     {Kind.CERTAINTY_CHANGED}, "reportedly"),
    ("an argument inside", "a drunken brawl inside", {Kind.FRAMING_CHANGED, Kind.CONTRADICTION},
     "brawl"),
    ("Witnesses told investigators", "Witnesses admitted to investigators",
     {Kind.FRAMING_CHANGED}, "admitted"),
    (", according to the Milton Police Department", "",
     {Kind.ATTRIBUTION_DROPPED}, None),
    ("on $500,000 bail", "on $50,000 bail", {Kind.NUMBER_CONFLICT}, "50,000"),
])
def test_a_planted_change_is_reported_at_its_place(old: str, new: str, kinds: set[Kind],
                                                   planted: str | None) -> None:
    assert old in ARTICLE
    report = _compare(ARTICLE.replace(old, new, 1))
    findings = report.comparisons[0].findings
    text_b = report.articles[1].article.text
    hits = [f for f in findings if f.kind in kinds]
    assert hits, [f"{f.kind}: {f.explanation}" for f in findings]
    if planted is not None:
        start = text_b.index(planted)
        assert any(f.b.span and f.b.span[0] <= start < f.b.span[1] for f in hits)
    assert hits[0].rank == 1
    spurious = [f for f in findings if f.kind in CONFLICTS and f not in hits]
    assert not spurious, [f.explanation for f in spurious]


def test_swapped_paragraphs_give_no_finding() -> None:
    title, *paragraphs = ARTICLE.strip().split("\n\n")
    paragraphs[1], paragraphs[2] = paragraphs[2], paragraphs[1]
    report = _compare("\n\n".join([title, *paragraphs]))
    assert report.comparisons[0].findings == ()


def test_an_added_clause_is_an_addition_part() -> None:
    report = _compare(ARTICLE.replace(
        "were detained for questioning", "were detained for questioning, including the bar's "
        "owner,", 1))
    parts = [f for f in report.comparisons[0].findings
             if f.kind == Kind.ADDITION and f.subkind == "part"]
    assert parts and "owner" in (parts[0].b.text or "")


def test_one_article_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "at least two" in result.output


def test_a_detector_that_pinpoints_inside_a_changed_stretch_keeps_its_finding() -> None:
    report = _compare(ARTICLE.replace("A 27-year-old man was", "A 29-year-old woman was", 1))
    numbers = [f for f in report.comparisons[0].findings if f.kind == Kind.NUMBER_CONFLICT]
    assert [(f.a.text, f.b.text) for f in numbers] == [("27-year-old", "29-year-old")]


def test_the_url_names_the_outlet_when_nothing_else_does(tmp_path: Path) -> None:
    import json

    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Three men", "Four men"))
    result = CliRunner().invoke(main, [
        "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "json",
        "--url", "https://www.startribune.com/news/1",
        "--url", "http://web.archive.org/web/2017/http://valley-ledger-example.com/news/2"])
    assert result.exit_code == 0, result.output
    outlets = [a["outlet"] for a in json.loads(result.stdout)["articles"]]
    assert outlets == ["Star Tribune", "valley-ledger-example.com"]


FIRE = ("Kitchen fire destroys home\n"
        "Fire Chief Edward Gilmore said the fire started at noon in the kitchen of the house "
        "on Elm Street. Gilmore said no one was hurt in the fire, which destroyed the home.")
FIRE_BODY = "The fire started at noon in the kitchen of the house on Elm Street"
REST = " Gilmore said no one was hurt in the fire, which destroyed the home."


@pytest.mark.parametrize(("ending", "expected"), [
    (", Fire Chief Edward Gilmore said.", []),
    (", Fire Chief Edward Hollis said.", [(Kind.ENTITY_CONFLICT, "Edward Hollis")]),
    (", neighbors said.", [(Kind.ATTRIBUTION_CHANGED, "neighbors")]),
    (".", [(Kind.ATTRIBUTION_DROPPED, None)]),
])
def test_a_source_moved_to_the_end_of_its_sentence_is_one_change_or_none(
        ending: str, expected: list[tuple[Kind, str | None]]) -> None:
    a = article_from_text(FIRE, source="a.txt")
    b = article_from_text("Kitchen fire destroys home\n" + FIRE_BODY + ending + REST,
                          source="b.txt")
    findings = compare([a, b], Options(reference=0, load_plugins=False)).comparisons[0].findings
    got = [(f.kind, f.b.text if expected and expected[0][1] else None) for f in findings]
    assert got == expected
