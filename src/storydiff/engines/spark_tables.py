"""The Parquet tables the Spark pipeline writes: schemas and the rows that fill them.

docs/parquet.md documents every table and column; ``TABLES`` is the list a test
checks it against. Rows are plain tuples in schema order, built on the executors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..models import Article, Record

#: table → [(column, Spark SQL type)], in column order.
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "string"), ("key", "string"), ("url", "string"), ("title", "string"),
        ("outlet", "string"), ("published", "string"), ("author", "string"), ("language", "string"),
        ("origin", "string"), ("source", "string"), ("raw_hash", "string"), ("text_hash", "string"),
        ("text", "string"), ("canonical", "string"), ("story", "bigint"), ("ingest_order", "bigint"),
        ("signature", "binary"), ("bands", "array<bigint>"), ("features", "binary"),
    ],
    "duplicate_groups": [("member", "string"), ("canonical", "string"), ("group_size", "int")],
    "stories": [
        ("id", "bigint"), ("title", "string"), ("reports", "int"), ("independent_reports", "int"),
        ("outlets", "array<string>"), ("first_published", "string"), ("last_published", "string"),
    ],
    "story_members": [("story", "bigint"), ("article", "string"), ("canonical", "string"),
                      ("position", "int")],
    "findings": [
        ("story", "bigint"), ("finding", "string"), ("kind", "string"), ("subkind", "string"),
        ("severity", "string"), ("confidence", "double"), ("detector", "string"),
        ("explanation", "string"), ("article_a", "string"), ("text_a", "string"),
        ("article_b", "string"), ("text_b", "string"),
    ],
    "provenance_edges": [("story", "bigint"), ("source", "string"), ("target", "string"),
                         ("kind", "string"), ("score", "double")],
    "facts": [
        ("story", "bigint"), ("slot", "string"), ("value", "string"), ("label", "string"),
        ("agreement", "boolean"), ("article", "string"), ("article_value", "string"),
        ("text", "string"), ("source", "string"),
    ],
    "comparisons": [("story", "bigint"), ("compared", "array<string>"), ("report", "string"),
                    ("error", "string"), ("version", "string")],
    "skips": [("origin", "string"), ("reason", "string"), ("key", "string")],
}


def schema(table: str) -> str:
    """The table's schema as a Spark DDL string."""
    return ", ".join(f"`{name}` {kind}" for name, kind in TABLES[table])


def article_row(record: Record, order: int, canonical: str, story: int, signature: bytes,
                bands: list[int], features: bytes) -> tuple[Any, ...]:
    a = record.article
    return (a.id, record.key, a.url, a.title, a.outlet, a.published, a.author, record.language,
            record.origin, a.source, record.raw_hash, record.text_hash, a.text, canonical, story, order,
            signature, bands, features)


def record_from_row(row: Any) -> Record:
    """The :class:`Record` an ``articles`` row holds (for import-parquet)."""
    article = Article(id=row["id"], source=row["source"], title=row["title"], text=row["text"],
                      outlet=row["outlet"], published=row["published"], author=row["author"],
                      url=row["url"])
    return Record(key=row["key"], article=article, raw_hash=row["raw_hash"], text_hash=row["text_hash"],
                  origin=row["origin"], language=row["language"])


def _side(side: Any) -> tuple[str | None, str | None]:
    if not isinstance(side, dict):
        return None, None
    return side.get("article"), side.get("text")


def comparison_rows(story: int, compared: list[str], report: dict[str, Any] | None,
                    error: str | None, version: str) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of findings, provenance edges, facts and the comparison itself for one story."""
    rows: dict[str, list[tuple[Any, ...]]] = {"findings": [], "provenance_edges": [], "facts": []}
    rows["comparisons"] = [(story, compared, json.dumps(report, ensure_ascii=False) if report else None,
                            error, version)]
    if report is None:
        return rows
    for f in report.get("discrepancies", []):
        rows["findings"].append((story, f.get("id"), f.get("kind"), f.get("subkind"), f.get("severity"),
                                 f.get("confidence"), f.get("detector"), f.get("explanation"),
                                 *_side(f.get("a")), *_side(f.get("b"))))
    for e in (report.get("provenance") or {}).get("edges", []):
        rows["provenance_edges"].append((story, e.get("from"), e.get("to"), e.get("kind"), e.get("score")))
    for fact in report.get("facts", []):
        for v in fact.get("values", []):
            rows["facts"].append((story, fact.get("slot"), str(fact.get("value")), fact.get("label"),
                                  fact.get("agreement"), v.get("article"), str(v.get("value")),
                                  v.get("text"), v.get("source")))
    return rows


def story_row(story: int, members: Iterable[tuple[Record, str]]) -> tuple[Any, ...]:
    """A ``stories`` row: title of the earliest report, copies counted once as independent."""
    ordered = sorted(members, key=lambda m: report_order(m[0]))
    articles = [r.article for r, _ in ordered]
    dates = sorted(a.published for a in articles if a.published)
    heads = sum(1 for r, canonical in ordered if canonical == r.article.id)
    outlets = list(dict.fromkeys(a.outlet for a in articles if a.outlet))
    return (story, articles[0].title, len(articles), heads, outlets,
            dates[0] if dates else None, dates[-1] if dates else None)


def report_order(record: Record) -> tuple[bool, str, str]:
    """Earliest published first, undated last: the order a story lists and compares reports in."""
    published = record.article.published
    return (published is None, published or "", record.article.id)


def member_rows(story: int, members: Iterable[tuple[Record, str]]) -> Iterator[tuple[Any, ...]]:
    ordered = sorted(members, key=lambda m: report_order(m[0]))
    for position, (record, canonical) in enumerate(ordered):
        yield story, record.article.id, canonical, position
