"""The human reports: triage (top N, summary line, coverage), findings in context,
escaping of untrusted text, claims grouped across three or more reports, JSON rank."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from report_builders import added, comparison, finding, nothing, omitted, report, side, story
from storydiff.models import Kind, Report, Severity
from storydiff.reports import RenderOptions, render
from storydiff.reports.claims import group_by_claim, ranked_rows
from storydiff.reports.context import Excerpt, claims_excerpt, shorten
from storydiff.reports.json import SCHEMA, load_schema
from storydiff.reports.selection import with_ranks
from storydiff.reports.terminal import render_terminal

FINDING_HEAD = re.compile(r"^\s*#(\d+) ", re.M)


def fire_report(omissions: int = 5, additions: int = 3, rank: bool = True) -> Report:
    """A and B agree on every sentence; B changes a number, drops parts, adds parts."""
    n = max(omissions, additions)
    a = story("a", "A fire injured 12 people on Sunday.",
              *[f"Detail {k} was in the first report, with more words." for k in range(n)],
              outlet="Herald")
    b = story("b", "A fire injured 15 people on Sunday.",
              *[f"Detail {k} was in the report." for k in range(n)], outlet="Wire")
    found = [finding(Kind.NUMBER_CONFLICT, side(a, 0, "12"), side(b, 0, "15"), "count",
                     severity=Severity.HIGH, rank=1 if rank else 0)]
    found += [finding(Kind.OMISSION, side(a, k + 1, "the first"), side(b, k + 1),
                      rank=2 + k if rank else 0) for k in range(omissions)]
    found += [finding(Kind.ADDITION, side(a, k + 1), side(b, k + 1, "report"),
                      rank=2 + omissions + k if rank else 0) for k in range(additions)]
    return report(comparison(a, b, [(k, k) for k in range(n + 1)], found))


def test_terminal_lists_the_top_findings_and_sums_up_the_rest_by_kind() -> None:
    text = render_terminal(fire_report(), RenderOptions(limit=2))
    assert FINDING_HEAD.findall(text) == ["1", "2"]
    assert "+ 7 more: 4 omissions, 3 additions" in text
    everything = render_terminal(fire_report(), RenderOptions(limit=None))
    assert FINDING_HEAD.findall(everything) == [str(k) for k in range(1, 10)]
    assert "more:" not in everything


def test_findings_are_listed_by_rank_not_by_position() -> None:
    base = fire_report(omissions=2, additions=0)
    c = base.comparisons[0]
    # Triage put the second omission first.
    reordered = [f.__class__(**{**f.__dict__, "rank": r}) for f, r in zip(c.findings, (2, 3, 1),
                                                                         strict=True)]
    ranked = Report(base.articles, base.reference,
                    (c.__class__(c.reference, c.other, c.alignments, tuple(reordered)),))
    text = render_terminal(ranked, RenderOptions(limit=1))
    assert FINDING_HEAD.findall(text) == ["1"]
    assert "Detail 1 was in «the first» report" in text and "injured «12»" not in text


def test_unranked_findings_keep_the_given_order() -> None:
    text = render_terminal(fire_report(rank=False), RenderOptions(limit=1))
    assert "injured «12» people" in text and "«the first»" not in text
    assert [f.rank for f in with_ranks(fire_report(rank=False)).comparisons[0].findings] == list(
        range(1, 10))


def partial_report(carried: int, total: int) -> Report:
    """B carries ``carried`` of A's ``total`` sentences; the rest are whole-claim omissions."""
    a = story("a", *[f"Sentence number {k} of the long report." for k in range(total)])
    b = story("b", *[f"Sentence number {k} of the long report." for k in range(carried)],
              "B alone says the mayor resigned.")
    found = [omitted(a, b, k) for k in range(carried, total)] + [added(a, b, carried)]
    return report(comparison(a, b, [(k, k) for k in range(carried)], found))


def test_partial_coverage_is_one_line_instead_of_every_omission() -> None:
    text = render_terminal(partial_report(2, 10))
    assert "B covers 2 of A's 10 claims; 8 omissions not listed" in text
    assert FINDING_HEAD.findall(text) == ["9"]  # the addition; the omissions are ranks 1–8
    assert "B alone says the mayor resigned." in text
    markdown = render(partial_report(2, 10), "md")
    assert "B covers 2 of A's 10 claims; 8 omissions not listed." in markdown


def test_omissions_are_listed_when_most_claims_are_covered() -> None:
    text = render_terminal(partial_report(6, 10))
    assert "covers" not in text.split("╯")[-1]
    assert len(FINDING_HEAD.findall(text)) == 5


def test_all_lists_the_omissions_of_a_partial_report() -> None:
    text = render_terminal(partial_report(2, 10), RenderOptions(limit=None))
    assert "not listed" not in text and len(FINDING_HEAD.findall(text)) == 9


def test_additions_fold_the_other_way() -> None:
    a = story("a", "The mayor resigned on Monday.")
    b = story("b", "The mayor resigned on Monday.", *[f"Background line {k} here." for k in range(5)])
    r = report(comparison(a, b, [(0, 0)], [added(a, b, k) for k in range(1, 6)]))
    assert "A covers 1 of B's 6 claims; 5 additions not listed" in render_terminal(r)


def test_changed_words_are_highlighted_inside_their_sentence() -> None:
    styled = render_terminal(fire_report(), styles=True)
    assert re.search(r"injured \x1b\[1;7m12\x1b\[0m people", styled)
    assert re.search(r"injured \x1b\[1;7m15\x1b\[0m people", styled)
    plain = render_terminal(fire_report())
    assert "A A fire injured «12» people on Sunday." in plain


def test_a_side_without_text_shows_a_dash() -> None:
    text = render_terminal(partial_report(2, 4))
    assert re.search(r"^\s+B —$", text, re.M)


def test_a_whole_sentence_is_not_highlighted() -> None:
    text = render_terminal(fire_report(omissions=1, additions=0))
    assert "B Detail 0 was in the report." in text and "«Detail" not in text


def test_long_sentences_are_shortened_around_the_highlight() -> None:
    long = story("a", "Word " * 100 + "the changed words " + "tail " * 100)
    excerpt = claims_excerpt(long, [0], [side(long, 0, "changed").span or (0, 0)], max_chars=80)
    assert excerpt is not None
    assert excerpt.text.startswith("…") and excerpt.text.endswith("…") and len(excerpt.text) <= 82
    (start, end), = excerpt.marks
    assert excerpt.text[start:end] == "changed"
    assert shorten(Excerpt("short"), 80) == Excerpt("short")


HOSTILE = "The mayor <script>alert(1)</script> said **12** `rm -rf` people [x](http://e.vil) left."


def hostile_report() -> Report:
    a = story("a", HOSTILE, "Second <b>sentence</b>.")
    b = story("b", HOSTILE.replace("**12**", "**15**"), "Second <b>sentence</b>.")
    return report(comparison(a, b, [(0, 0), (1, 1)], [
        finding(Kind.NUMBER_CONFLICT, side(a, 0, "12"), side(b, 0, "15"), "count"),
        *[finding(Kind.OMISSION, side(a, 1, "<b>sentence</b>"), side(b, 1)) for _ in range(20)]]))


def test_markdown_escapes_article_text_and_bolds_after_escaping() -> None:
    text = render(hostile_report(), "md")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "said \\*\\***12**\\*\\* \\`rm -rf\\` people \\[x\\](http://e.vil)" in text
    assert "<b>" not in text and "**&lt;b&gt;sentence&lt;/b&gt;**" in text


def test_html_escapes_article_text_and_folds_the_long_tail() -> None:
    page = render(hostile_report(), "html", RenderOptions(limit=5))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "<b>sentence" not in page and "&lt;b&gt;sentence&lt;/b&gt;" in page
    main, _, folded = page.partition("<details>")
    assert folded.startswith("<summary>+ 16 more: 16 omissions</summary>")
    assert main.count('data-kind="omission"') == 4 and folded.count('data-kind="omission"') == 16
    assert 'data-kind="number_conflict"' in main
    assert "<details>" not in render(hostile_report(), "html", RenderOptions(limit=None))


def test_html_keeps_conflicts_out_of_the_fold() -> None:
    r = fire_report(omissions=6, additions=0)
    c = r.comparisons[0]
    # The number conflict ranked last: still listed, not folded.
    last = [f.__class__(**{**f.__dict__, "rank": (len(c.findings) if f.kind is Kind.NUMBER_CONFLICT
                                                   else f.rank - 1)}) for f in c.findings]
    r = Report(r.articles, r.reference, (c.__class__(c.reference, c.other, c.alignments, tuple(last)),))
    main, _, folded = render(r, "html", RenderOptions(limit=2)).partition("<details>")
    assert 'data-kind="number_conflict"' in main and 'data-kind="number_conflict"' not in folded


def storm() -> Report:
    """Four reports: D says four dead where the others say three; C and D omit a claim;
    B and C add the same claim in other words; D adds one of its own."""
    a = story("a", "The storm killed three people on Tuesday.", "Power was cut to 20,000 homes.",
              "Roads were closed.", outlet="Gulf Times")
    b = story("b", "The storm killed three people on Tuesday.", "Power was cut to 20,000 homes.",
              "Roads were closed.", "Schools in three counties will stay closed on Wednesday.")
    c = story("c", "The storm killed three people on Tuesday.", "Roads were closed.",
              "Schools in three counties will stay closed Wednesday, officials said.")
    d = story("d", "The storm killed four people on Tuesday.", "Roads were closed.",
              "A bait shop owner said the river rose fast.")
    return report(
        comparison(a, b, [(0, 0), (1, 1), (2, 2)], [added(a, b, 3)]),
        comparison(a, c, [(0, 0), (2, 1)], [omitted(a, c, 1), added(a, c, 2)]),
        comparison(a, d, [(0, 0), (2, 1)], [
            finding(Kind.NUMBER_CONFLICT, side(a, 0, "three"), side(d, 0, "four"), "count",
                    severity=Severity.HIGH),
            omitted(a, d, 1), added(a, d, 2)]))


def test_claims_are_grouped_across_reports() -> None:
    rows = group_by_claim(storm())
    assert [(r.carried, r.omitted, r.agreed) for r in rows] == [
        (("a", "b", "c", "d"), (), ("a", "b", "c")),
        (("a", "b"), ("c", "d"), ("a", "b")),
        (("a", "b", "c", "d"), (), ("a", "b", "c", "d")),
        (("b", "c"), (), ("b", "c")),  # one claim in other words
        (("d",), (), ("d",)),
    ]
    assert [f.kind for f in rows[0].conflicts] == [Kind.NUMBER_CONFLICT]
    assert not rows[3].in_reference and len(rows[3].findings) == 2


def test_unrelated_additions_stay_apart() -> None:
    rows = group_by_claim(storm())
    assert not any({"c", "d"} <= set(r.carried) for r in rows if not r.in_reference)


def test_claim_rows_rank_conflicts_first_then_by_reports_carrying() -> None:
    rows = ranked_rows(group_by_claim(storm()))
    assert [r.text for r in rows][:3] == ["The storm killed three people on Tuesday.",
                                          "Roads were closed.", "Power was cut to 20,000 homes."]


def test_three_reports_show_one_line_per_claim_with_counts() -> None:
    text = render_terminal(storm())
    assert "Claims across 4 reports" in text
    assert "3 of 4 agree (A, B, C) · D says “four” instead of “three”" in text
    assert "2 omit it (C, D)" in text and "all 4 agree" in text
    assert "added by B, C (2 of 4 reports)" in text and "added by D (1 of 4 reports)" in text
    assert "The storm killed «three» people" in text
    assert not FINDING_HEAD.search(text), "pairwise detail only with --all"
    limited = render_terminal(storm(), RenderOptions(limit=2))
    assert "+ 3 more claims: 2 added by some, 1 omitted by some" in limited
    everything = render_terminal(storm(), RenderOptions(limit=None))
    assert "A ↔ D" in everything and len(FINDING_HEAD.findall(everything)) == 6


def test_markdown_and_html_show_the_claim_rows() -> None:
    markdown = render(storm(), "md")
    assert "## Claims across 4 reports" in markdown
    assert "1. The storm killed **three** people on Tuesday." in markdown
    assert "   - 3 of 4 agree (A, B, C) · D says “four” instead of “three”" in markdown
    page = render(storm(), "html", RenderOptions(limit=2))
    assert "<h2>Claims across 4 reports</h2>" in page
    assert '<details class="claims-more"><summary>+ 3 more claims' in page


def test_json_gives_every_finding_a_rank_and_validates() -> None:
    data = json.loads(render(fire_report(rank=False), "json", RenderOptions(limit=1)))
    assert data["schema"] == SCHEMA == "storydiff.compare/1.2"
    assert [d["rank"] for d in data["discrepancies"]] == list(range(1, 10))
    jsonschema.validate(data, load_schema())
    three = json.loads(render(storm(), "json"))
    assert sorted(d["rank"] for d in three["discrepancies"]) == list(range(1, 7))
    jsonschema.validate(three, load_schema())


def test_schema_rejects_a_discrepancy_without_rank() -> None:
    data = json.loads(render(fire_report(), "json"))
    del data["discrepancies"][0]["rank"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema())


def test_triage_ranks_are_kept() -> None:
    r = fire_report()
    data = json.loads(render(r, "json"))
    assert [d["rank"] for d in data["discrepancies"]] == [f.rank for f in r.comparisons[0].findings]


def test_omission_side_of_nothing_is_a_dash_in_markdown() -> None:
    a = story("a", "One.", "Two.")
    b = story("b", "One.")
    text = render(report(comparison(a, b, [(0, 0)], [
        finding(Kind.OMISSION, side(a, 1), nothing(b), "claim")])), "md")
    assert "> **B:** —" in text
