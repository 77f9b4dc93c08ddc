"""The Python API."""

from __future__ import annotations

import storydiff
from conftest import story_files


def test_public_names_are_pinned() -> None:
    assert sorted(storydiff.__all__) == [
        "Alignment", "AnalysedArticle", "Article", "Attribution", "Claim", "Comparison", "Corpus",
        "Finding", "Kind", "Mention", "Options", "Quantity", "Report", "Severity",
        "StorydiffError", "article_from_text", "cluster_texts", "compare", "compare_texts",
        "load_article", "nli",
    ]


def test_compare_texts_returns_the_json_dict() -> None:
    texts = [p.read_text() for p in story_files("harbour-fire")]
    result = storydiff.compare_texts(texts)
    assert result["schema"] == "storydiff.compare/1.2"
    kinds = {d["kind"] for d in result["discrepancies"]}
    assert {"number_conflict", "entity_conflict", "contradiction"} <= kinds
    for d in result["discrepancies"]:
        if d["kind"] == "omission" and d["subkind"] == "claim":
            assert d["b"]["text"] is None
        if d["kind"] == "addition" and d["subkind"] == "claim":
            assert d["a"]["text"] is None


def test_reference_argument_swaps_sides() -> None:
    texts = [p.read_text() for p in story_files("harbour-fire")]
    result = storydiff.compare_texts(texts, reference=1)
    assert result["reference"] == result["articles"][1]["id"]
