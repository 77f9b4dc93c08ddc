"""The Spark engine in local[2] against the local engine, on the project's sample corpus."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from storydiff.engines.spark_tables import TABLES
from storydiff.store import open_store

from .conftest import ROOT, SOURCES


def _local_partition(db: Path) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    """(duplicate groups, stories) of a stored corpus, as sets of article-id sets."""
    store = open_store(str(db), readonly=True)
    try:
        groups = {frozenset(m.article.id for m in g) for g in store.duplicate_groups()}
        stories = {frozenset(a.article.id for a in store.story_articles(row.id))
                   for row in store.stories(_all())}
    finally:
        store.close()
    return groups, stories


def _all() -> Any:
    from storydiff.store import StoryFilter

    return StoryFilter(min_reports=1)


def _spark_partition(spark: Any, out: Path) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    rows = spark.read.parquet(str(out / "articles")).select("id", "canonical", "story").collect()
    by_canonical: dict[str, set[str]] = {}
    by_story: dict[int, set[str]] = {}
    for r in rows:
        by_canonical.setdefault(r["canonical"], set()).add(r["id"])
        by_story.setdefault(r["story"], set()).add(r["id"])
    return ({frozenset(g) for g in by_canonical.values() if len(g) > 1},
            {frozenset(s) for s in by_story.values()})


def test_spark_pipeline_gives_the_local_engines_duplicate_groups_and_stories(
        spark: Any, pipeline_out: tuple[Path, dict[str, Any]], local_db: Path) -> None:
    out, summary = pipeline_out
    local_groups, local_stories = _local_partition(local_db)
    spark_groups, spark_stories = _spark_partition(spark, out)
    assert spark_groups == local_groups
    assert spark_stories == local_stories
    assert summary["articles"] == sum(len(s) for s in local_stories) == 30
    assert summary["skipped"] == 3 and summary["stories"] == 7


def test_duplicate_groups_keep_the_local_engines_canonical_member(
        spark: Any, pipeline_out: tuple[Path, dict[str, Any]], local_db: Path) -> None:
    out, _ = pipeline_out
    store = open_store(str(local_db), readonly=True)
    try:
        local = {g[0].article.id: len(g) for g in store.duplicate_groups()}
    finally:
        store.close()
    rows = spark.read.parquet(str(out / "duplicate_groups")).collect()
    assert {r["canonical"]: r["group_size"] for r in rows} == local
    assert len(rows) == sum(local.values())


def test_comparisons_fill_findings_provenance_and_facts(
        spark: Any, pipeline_out: tuple[Path, dict[str, Any]]) -> None:
    out, summary = pipeline_out
    comparisons = spark.read.parquet(str(out / "comparisons")).collect()
    assert len(comparisons) == summary["compared"] >= 4
    assert all(c["error"] is None for c in comparisons)
    report = json.loads(comparisons[0]["report"])
    assert report["schema"].startswith("storydiff.compare/")
    kinds = {r["kind"] for r in spark.read.parquet(str(out / "findings")).collect()}
    assert "number_conflict" in kinds
    assert spark.read.parquet(str(out / "facts")).count() > 0
    assert spark.read.parquet(str(out / "provenance_edges")).count() > 0


def test_import_parquet_loads_the_stories_the_cli_lists(
        spark: Any, pipeline_out: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    import storydiff.cli_spark  # noqa: F401 - registers the commands until cli.py imports it
    from storydiff.cli import main

    out, _ = pipeline_out
    db = tmp_path / "imported.db"
    runner = CliRunner()
    done = runner.invoke(main, ["import-parquet", str(out), "--db", str(db), "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["articles"] == 30
    again = runner.invoke(main, ["import-parquet", str(out), "--db", str(db), "--format", "json"])
    assert json.loads(again.output)["articles"] == 0
    listed = runner.invoke(main, ["stories", "--db", str(db), "--all", "--format", "json"])
    stories = json.loads(listed.output)["stories"]
    spark_stories = {r["id"]: r for r in spark.read.parquet(str(out / "stories")).collect()}
    assert {s["id"] for s in stories} == set(spark_stories)
    for s in stories:
        assert s["reports"] == spark_stories[s["id"]]["reports"]
    dupes = runner.invoke(main, ["dupes", "--db", str(db), "--format", "json"])
    assert len(json.loads(dupes.output)["groups"]) == 4


def test_import_parquet_caches_the_pipelines_comparisons(
        spark: Any, pipeline_out: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """A story the pipeline compared opens with that comparison, without computing it again."""
    from storydiff.corpus_api import Corpus
    from storydiff.parquet_import import import_parquet

    out, summary = pipeline_out
    made = {r["story"]: json.loads(r["report"])
            for r in spark.read.parquet(str(out / "comparisons")).collect() if r["report"]}
    with Corpus(str(tmp_path / "cached.db")) as corpus:
        done = import_parquet(spark, str(out), corpus)
        assert done["comparisons"] == len(made) == summary["compared"]
        for story, report in made.items():
            cached = corpus.cached_story(story)  # never computes: None unless the import cached it
            assert cached is not None and cached["comparison"] == report
            assert cached["timeline"], "the claim timeline is rebuilt from the imported comparison"
            assert cached["story"]["independent_reports"] <= cached["story"]["reports"]


def test_spark_ingest_logs_skipped_records(spark: Any, tmp_path: Path) -> None:
    import storydiff.cli_spark  # noqa: F401
    from storydiff.cli import main

    db, log = tmp_path / "spark.db", tmp_path / "skips.log"
    done = CliRunner().invoke(main, ["ingest", *SOURCES, "--db", str(db), "--engine", "spark",
                                     "--master", "local[1]", "--log", str(log)])
    assert done.exit_code == 0, done.output
    assert f"skipped records are listed in {log}" in done.output
    logged = log.read_text(encoding="utf-8").splitlines()
    stored = open_store(str(db), readonly=True)
    try:
        assert logged and len(logged) == len(stored.skips())
    finally:
        stored.close()


def test_ingest_offers_the_spark_engine() -> None:
    import storydiff.cli_spark  # noqa: F401
    from storydiff.cli import main

    shown = CliRunner().invoke(main, ["ingest", "--help"]).output
    assert "--engine [local|spark]" in shown and "--master" in shown


def test_connected_components_match_union_find(spark: Any) -> None:
    from storydiff.engines.spark_graph import connected_components

    edges = [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("y", "x"), ("m", "k"), ("k", "z"),
             ("q", "p"), ("p", "a")]
    found = dict(connected_components(spark.sparkContext.parallelize(edges, 3)).collect())
    assert found == {**dict.fromkeys("abcdepq", "a"), "x": "x", "y": "x", "k": "k", "m": "k", "z": "k"}


def test_every_table_and_column_is_documented() -> None:
    doc = (ROOT / "docs" / "parquet.md").read_text()
    for table, columns in TABLES.items():
        section = re.search(rf"^## `{table}`\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
        assert section, f"docs/parquet.md has no section for {table}"
        for column, _ in columns:
            assert f"`{column}`" in section.group(1), f"{table}.{column} is not documented"


def test_missing_pyspark_says_how_to_install(tmp_path: Path) -> None:
    # Hiding pyspark from a fresh interpreter is the user without the extra.
    code = ("import sys; sys.modules['pyspark'] = None\n"
            "import storydiff.cli_spark\n"
            "from storydiff.cli import main\n"
            f"main(['pipeline', {SOURCES[0]!r}, '--out', {str(tmp_path / 'out')!r}])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "pip install 'storydiff[spark]'" in done.stderr
    assert "Traceback" not in done.stderr
