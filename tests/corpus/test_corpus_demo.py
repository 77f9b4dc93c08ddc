"""Corpus mode end to end on the project's sample corpus (examples/corpus, all invented)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from storydiff import Corpus
from storydiff.cli import main
from storydiff.reports.story import load_schema as story_schema

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
SOURCES = [str(CORPUS / "wire.jsonl"), str(CORPUS / "pages"), str(CORPUS / "feed.rss")]
EXPECTED: dict[str, Any] = json.loads((CORPUS / "gold.json").read_text())


def identity(article: dict[str, Any], origins: dict[str, str]) -> str:
    """A report's identity in gold.json: its URL, or the file name for a .txt page."""
    if article["url"]:
        return str(article["url"])
    return "pages/" + Path(origins[article["id"]]).name


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("corpus") / "demo.db")
    with Corpus(path) as corpus:
        corpus.ingest(SOURCES)
    return path


def _memberships(db: str) -> tuple[dict[str, int], dict[str, str]]:
    """identity → story id, and identity → canonical identity, read through the store."""
    with Corpus(db, readonly=True) as corpus:
        stored = [a for s in corpus.stories(limit=None)["stories"]
                  for a in corpus.store.story_articles(s["id"])]
    name = {s.article.id: identity({"id": s.article.id, "url": s.article.url},
                                   {s.article.id: s.article.source}) for s in stored}
    return ({name[s.article.id]: s.story or 0 for s in stored},
            {name[s.article.id]: name[s.canonical] for s in stored})


def test_reports_of_one_event_form_one_story_and_similar_events_stay_apart(db: str) -> None:
    story_of, _ = _memberships(db)
    gold = EXPECTED["stories"]
    for name, members in gold.items():
        assert len({story_of[m] for m in members}) == 1, f"{name} is split"
    firsts = {name: story_of[members[0]] for name, members in gold.items()}
    assert len(set(firsts.values())) == len(gold), "two gold stories were merged"
    for copy, name in EXPECTED["copy_of_story"].items():
        assert story_of[copy] == firsts[name]


def test_copies_are_grouped_under_the_earliest_report(db: str) -> None:
    _, canonical = _memberships(db)
    for original, copy in EXPECTED["near_copies"] + EXPECTED["exact_copies"]:
        assert canonical[copy] == original
        assert canonical[original] == original
    copies = {c for _, c in EXPECTED["near_copies"] + EXPECTED["exact_copies"]}
    assert sum(1 for k, v in canonical.items() if k != v) == len(copies)


def test_broken_records_are_skipped_with_their_reasons(db: str) -> None:
    with Corpus(db, readonly=True) as corpus:
        skips = corpus.store.skips()
    reasons = " | ".join(s.reason for s in skips)
    assert len(skips) == len(EXPECTED["skipped"]) == 3
    assert "JSON" in reasons and "empty" in reasons and "English" in reasons
    assert any(s.origin.endswith("wire.jsonl:10") for s in skips)


def test_ingesting_the_same_sources_again_adds_nothing(db: str) -> None:
    with Corpus(db) as corpus:
        before = corpus.store.counts()
        summary = corpus.ingest(SOURCES)
        assert summary["kept"] == 0
        assert summary["already_stored"] == before["articles"]
        assert corpus.store.counts() == {**before, "skipped": before["skipped"] + 3}


def test_independent_reports_count_a_group_of_copies_once(db: str) -> None:
    with Corpus(db, readonly=True) as corpus:
        stories = corpus.stories(limit=None)["stories"]
    jsonschema.validate({"schema": "storydiff.stories/1", "stories": stories},
                        json.loads((Path(__file__).resolve().parents[2] / "src" / "storydiff" / "reports"
                                    / "schema" / "stories.v1.json").read_text()))
    copies = len(EXPECTED["near_copies"]) + len(EXPECTED["exact_copies"])
    assert sum(s["reports"] for s in stories) - sum(s["independent_reports"] for s in stories) >= copies
    assert {s["reports"] for s in stories} >= {1, 5}


def test_cli_lists_filters_and_shows_a_story(db: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["stories", "--db", db, "--format", "json", "--q", "nurses strike"])
    assert listed.exit_code == 0, listed.output
    [strike] = json.loads(listed.output)["stories"]
    assert "Kellford Herald" in strike["outlets"]
    dated = json.loads(runner.invoke(main, ["stories", "--db", db, "--format", "json", "--all",
                                            "--since", "2026-11-07"]).output)["stories"]
    assert all(s["last_published"] >= "2026-11-07" for s in dated) and dated
    by_outlet = json.loads(runner.invoke(main, ["stories", "--db", db, "--format", "json",
                                                "--outlet", "Fennick", "--all"]).output)["stories"]
    assert [s["title"] for s in by_outlet] == [s["title"] for s in dated if "library" in s["title"].lower()]

    shown = runner.invoke(main, ["story", str(strike["id"]), "--db", db, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    jsonschema.validate(data, story_schema())
    assert data["story"]["id"] == strike["id"]
    assert [m["outlet"] for m in data["members"]].count("Kellford Herald") == 1
    herald = next(m for m in data["members"] if m["outlet"] == "Kellford Herald")
    assert len(herald["copies"]) == 1
    kinds = {f["kind"] for f in data["comparison"]["discrepancies"]}
    assert "number_conflict" in kinds
    assert data["timeline"]

    page = runner.invoke(main, ["story", str(strike["id"]), "--db", db, "--format", "html"])
    assert page.exit_code == 0 and page.output.lstrip().lower().startswith("<!doctype html")
    terminal = runner.invoke(main, ["story", str(strike["id"]), "--db", db])
    assert terminal.exit_code == 0 and "Kellford" in terminal.output


def test_cli_reports_a_missing_story_and_a_missing_corpus_in_one_line(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["story", "999", "--db", db])
    assert missing.exit_code == 2 and "no story 999" in missing.output
    none = runner.invoke(main, ["stories", "--db", str(tmp_path / "none.db")])
    assert none.exit_code != 0 and "storydiff ingest" in none.output
    assert len(none.output.strip().splitlines()) == 1


def test_dupes_lists_each_group_with_its_canonical_first(db: str) -> None:
    result = CliRunner().invoke(main, ["dupes", "--db", db, "--format", "json"])
    groups = json.loads(result.output)["groups"]
    assert len(groups) == len(EXPECTED["near_copies"]) + len(EXPECTED["exact_copies"])
    firsts = {g["members"][0]["url"] for g in groups}
    assert firsts == {pair[0] for pair in EXPECTED["near_copies"] + EXPECTED["exact_copies"]}


def test_a_later_batch_joins_the_stories_it_belongs_to(tmp_path: Path) -> None:
    """Tomorrow's batch, in a new process, joins today's stories instead of starting over."""
    path = str(tmp_path / "two-days.db")
    with Corpus(path) as corpus:
        corpus.ingest(SOURCES[:1])
        before = {s["id"]: s["reports"] for s in corpus.stories(limit=None)["stories"]}
    with Corpus(path) as corpus:
        summary = corpus.ingest(SOURCES[1:], batch_size=4)
        after = {s["id"]: s["reports"] for s in corpus.stories(limit=None)["stories"]}
    assert summary["kept"] == 11
    grown = [i for i in before if after[i] > before[i]]
    assert len(grown) == 6, "the pages and the feed report each of the six stories in the JSONL"
    assert len(after) == len(before) + 1, "only the library reopening is a new story"
    story_of, _ = _memberships(path)
    for name, members in EXPECTED["stories"].items():
        assert len({story_of[m] for m in members}) == 1, f"{name} is split across batches"
