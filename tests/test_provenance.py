"""Provenance: reuse, citations, the derivation graph, claim lineage and the fact sheet."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import EXAMPLES
from storydiff import Options, compare, load_article
from storydiff.models import Report
from storydiff.provenance import fact_sheet, shared_passages

SETS = EXAMPLES / "provenance"


def _run(name: str) -> tuple[Report, dict[str, str], dict[str, Any]]:
    files = sorted((SETS / name).glob("*.txt"))
    articles = [load_article(str(p)) for p in files]
    report = compare(articles, Options(load_plugins=False))
    ids = {p.name: a.id for p, a in zip(files, articles, strict=True)}
    return report, ids, json.loads((SETS / name / "expected.json").read_text())


@pytest.fixture(scope="module")
def wire() -> tuple[Report, dict[str, str], dict[str, Any]]:
    return _run("wire-storm")


@pytest.fixture(scope="module")
def chain() -> tuple[Report, dict[str, str], dict[str, Any]]:
    return _run("rewrite-chain")


def _claim(report: Report, text: str):  # type: ignore[no-untyped-def]
    return next(c for c in report.provenance.claims if text in c.text)


def test_wire_copies_are_siblings_under_the_agency(wire) -> None:  # type: ignore[no-untyped-def]
    report, ids, want = wire
    edges = {(e.source, e.target, e.kind) for e in report.provenance.edges}
    agency = f"wire:{want['wire']}"
    assert edges == {(agency, ids[name], "shared_wire") for name in want["wire_copies"]}


def test_independent_sources_in_the_wire_set(wire) -> None:  # type: ignore[no-untyped-def]
    report, _, want = wire
    for expected in want["claims"]:
        assert _claim(report, expected["text"]).independent_sources == expected[
            "independent_sources"], expected
    for expected in want["facts"]:
        fact = next(f for f in report.provenance.facts if f.slot == expected["slot"])
        assert (fact.value, fact.agreement, fact.independent_sources) == (
            expected["value"], expected["agreement"], expected["independent_sources"])


def test_chain_of_rewrites_is_a_chain_not_a_fan(chain) -> None:  # type: ignore[no-untyped-def]
    report, ids, want = chain
    edges = {(e.source, e.target) for e in report.provenance.edges}
    assert edges == {(ids[a], ids[b]) for a, b in want["edges"]}
    for expected in want["claims"]:
        assert _claim(report, expected["text"]).independent_sources == expected[
            "independent_sources"]


def test_edges_carry_their_evidence(chain) -> None:  # type: ignore[no-untyped-def]
    report, ids, _ = chain
    texts = {a.article.id: a.article.text for a in report.articles}
    edge = next(e for e in report.provenance.edges if e.target == ids["02-valley-post.txt"])
    kinds = {ev.kind for ev in edge.evidence}
    assert {"citation", "reuse"} <= kinds
    for ev in edge.evidence:
        if ev.span is not None and ev.article in texts:
            assert texts[ev.article][ev.span[0]:ev.span[1]] == ev.text
        if ev.other_span is not None and ev.other_article in texts:
            assert texts[ev.other_article][ev.other_span[0]:ev.other_span[1]] == ev.other_text


def test_reuse_survives_light_edits() -> None:
    base = ("The council voted on Monday to close the old library on Main Street and move its "
            "collection to the new community centre by the end of the year.")
    edited = ("On Monday the council voted to close the old library on Main Street, and to move "
              "its collection to the new community centre by the end of this year.")
    unrelated = "Heavy rain is expected across the region for most of the coming week."
    passages = shared_passages([base, edited, unrelated])
    assert passages and all({p.a, p.b} == {0, 1} for p in passages)
    longest = max(passages, key=lambda p: p.words)
    assert "close the old library on Main Street" in base[longest.a_span[0]:longest.a_span[1]]


def test_seed_pair_edge_and_fact_sheet(seed_report: Report) -> None:
    original, rewrite = (a.article.id for a in seed_report.articles)
    edge = next(e for e in seed_report.provenance.edges
                if (e.source, e.target) == (original, rewrite))
    kinds = {ev.kind for ev in edge.evidence}
    assert {"citation", "reuse"} <= kinds
    assert any("830 dollars" in (ev.text or "") for ev in edge.evidence)
    killed = next(f for f in seed_report.provenance.facts if f.slot == "killed")
    by_article = {v.article: v for v in killed.values}
    assert "Fars" in (by_article[original].source or "")
    assert by_article[rewrite].source is None  # stated as fact
    assert killed.agreement and killed.independent_sources == 1
    colonel = next(f for f in seed_report.provenance.facts
                   if f.slot == "person" and "ezzatollah" in f.value)
    assert not colonel.agreement


def test_fact_sheet_reads_none_as_zero() -> None:
    from conftest import compare_story

    report = compare_story("harbour-fire")
    arrested = next(f for f in report.provenance.facts if f.slot == "arrested")
    assert sorted(v.value for v in arrested.values) == ["0", "2"]
    assert not arrested.agreement
    injured = next(f for f in report.provenance.facts if f.slot == "injured")
    assert sorted(v.value for v in injured.values) == ["12", "15"]


def test_two_people_sharing_a_first_name_in_one_report_stay_two() -> None:
    from storydiff.analysis import analyse
    from storydiff.readers import article_from_text

    texts = [
        "Sisters hurt\nPolice said Zoey Horton and her cousin Zoey Duncan were taken to "
        "Mercy Hospital after the crash on Route 9 on Friday evening.",
        "Crash on Route 9\nZoey Horton was taken to Mercy Hospital after a crash on Route 9 "
        "on Friday evening, police said, and is expected to recover.",
    ]
    articles = list(analyse([article_from_text(t, source=str(i), html=False)
                             for i, t in enumerate(texts)]))
    people = [f for f in fact_sheet(articles) if f.slot == "person"]
    names = {v.value for f in people for v in f.values}
    assert {"zoey horton", "zoey duncan"} <= names
    horton = next(f for f in people if f.value == "zoey horton")
    assert horton.agreement and len(horton.values) == 2


def test_the_derivation_graph_of_a_large_story_is_drawn_level_by_level() -> None:
    """Forty reports that each copy every earlier one: drawn at once, one row per level."""
    import re

    from storydiff.models import AnalysedArticle, Article, Edge, Provenance, Report
    from storydiff.reports.graph_svg import derivation_svg

    n = 40
    articles = tuple(AnalysedArticle(Article(id=f"r{i}", source="s", title="t", text="x",
                                             outlet=f"Outlet {i}"), ()) for i in range(n))
    edges = tuple(Edge(f"r{i}", f"r{j}", "reuse", 0.5, ()) for i in range(n) for j in range(i + 1, n))
    svg = derivation_svg(Report(articles=articles, reference="r0", comparisons=(),
                                provenance=Provenance(edges=edges)))
    heights = re.search(r'<svg width="\d+" height="(\d+)"', svg)
    assert heights and int(heights.group(1)) == n * 110 - 20
