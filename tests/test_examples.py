"""The project's own stories: planted differences are found, clean paraphrases raise nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import STORIES, compare_story, expected, story_files
from storydiff.models import Finding

CONFLICT_KINDS = {"number_conflict", "entity_conflict", "contradiction", "attribution_changed",
                  "attribution_dropped", "certainty_changed", "framing_changed"}


def matches(f: Finding, want: dict[str, Any]) -> bool:
    if f.kind.value != want["kind"]:
        return False
    return all(want[side] in (getattr(f, side).text or "") or want[side] in f.explanation
               for side in ("a", "b") if side in want)


@pytest.mark.parametrize("story", STORIES)
def test_planted_differences_are_found(story: str) -> None:
    findings = [f for c in compare_story(story).comparisons for f in c.findings]
    missing = [w for w in expected(story)["findings"] if not any(matches(f, w) for f in findings)]
    assert not missing, f"not found: {missing}"


@pytest.mark.parametrize("story", STORIES)
def test_clean_paraphrases_raise_no_conflict(story: str) -> None:
    findings = [f for c in compare_story(story).comparisons for f in c.findings]
    for rule in expected(story)["must_not"]:
        kinds = set(rule.get("kinds", CONFLICT_KINDS | {"omission", "addition"}))
        wrong = [f for f in findings if f.kind.value in kinds and (
            rule["text"] in (f.a.text or "") or rule["text"] in (f.b.text or ""))
            and not any(matches(f, w) for w in expected(story)["findings"])]
        assert not wrong, f"{rule['text']!r} flagged: {[f.explanation for f in wrong]}"


@pytest.mark.parametrize("story", STORIES)
def test_outlets_come_from_sign_off_lines(story: str) -> None:
    report = compare_story(story)
    outlets = {Path(a.article.source).name: a.article.outlet for a in report.articles}
    assert outlets == expected(story)["outlets"]


def test_findings_point_at_exact_text() -> None:
    report = compare_story("harbour-fire")
    texts = {a.article.id: a.article.text for a in report.articles}
    for f in report.comparisons[0].findings:
        for side in (f.a, f.b):
            if side.span is not None:
                assert texts[side.article][side.span[0]:side.span[1]] == side.text


def test_identical_sentences_align_and_raise_nothing() -> None:
    report = compare_story("harbour-fire")
    comparison = report.comparisons[0]
    identical = [al for al in comparison.alignments if al.identical]
    assert identical
    flagged = {f.alignment for f in comparison.findings}
    assert not flagged & {al.id for al in identical}


def test_reference_is_the_earliest_published() -> None:
    from storydiff import Options, compare, load_article

    first, second = story_files("bridge-reopening")
    articles = [load_article(str(first), published="2024-05-03"),
                load_article(str(second), published="2024-05-02")]
    report = compare(articles, Options(load_plugins=False))
    assert report.reference == articles[1].id
