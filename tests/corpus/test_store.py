"""The SQLite corpus store: schema versions, whole-batch writes, story queries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storydiff.errors import StoreError
from storydiff.models import Article, Record, Skip
from storydiff.store import Batch, StoryFilter, open_store
from storydiff.store.migrations import MIGRATIONS


def record(n: int, *, outlet: str = "Lakeside Ledger", published: str | None = "2026-11-03",
           text: str | None = None, title: str | None = None) -> Record:
    body = text or f"Report number {n} says the ferry to Quillon Island resumed service on Monday."
    article = Article(id=f"a{n}", source=f"feed.jsonl:{n}", title=title or f"Ferry report {n}",
                      text=body, outlet=outlet, published=published, url=f"https://ledger.example/{n}")
    return Record(key=f"url:https://ledger.example/{n}", article=article, raw_hash=f"raw{n}",
                  text_hash=f"text{n}", origin=f"feed.jsonl:{n}")


def test_a_new_file_gets_the_latest_schema_and_reopens_unchanged(tmp_path: Path) -> None:
    path = str(tmp_path / "c.db")
    open_store(path).close()
    open_store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_from_a_newer_version_or_another_program_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer storydiff"):
        open_store(str(newer))
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE invoices (id INTEGER)")
    db.commit()
    with pytest.raises(StoreError, match="not a storydiff corpus"):
        open_store(str(other))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError):
        open_store(str(junk))


def test_reading_a_missing_corpus_says_to_ingest_first(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="storydiff ingest"):
        open_store(str(tmp_path / "none.db"), readonly=True)


def test_a_batch_is_written_whole_and_summarised(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "c.db"))
    store.write(Batch(records=[record(1, published="2026-11-02"), record(2, outlet="Harbor Post"),
                               record(3)],
                      canonical={"a3": "a1"}, stories={"a1": 1, "a2": 1, "a3": 1},
                      skips=[Skip("feed.jsonl:9", "the article is empty")]))
    assert store.known_keys(["url:https://ledger.example/1", "url:nope"]) == {"url:https://ledger.example/1"}
    row = store.story(1)
    assert row is not None
    assert (row.reports, row.independent_reports) == (3, 2)
    assert row.title == "Ferry report 1"
    assert row.outlets == ("Lakeside Ledger", "Harbor Post")
    assert (row.first_published, row.last_published) == ("2026-11-02", "2026-11-03")
    assert store.counts() == {"articles": 3, "stories": 1, "duplicate_groups": 1, "copies": 1,
                              "skipped": 1}
    [group] = store.duplicate_groups()
    assert [m.article.id for m in group] == ["a1", "a3"]


def test_a_failing_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "c.db"))
    store.write(Batch(records=[record(1)], stories={"a1": 1}))
    with pytest.raises(sqlite3.IntegrityError):
        # The second record reuses a stored key: the whole batch must roll back.
        store.write(Batch(records=[record(2), record(1)], stories={"a2": 2, "a1": 2}))
    assert store.counts()["articles"] == 1
    assert store.story(2) is None


def test_stories_filter_by_date_outlet_and_words(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "c.db"))
    store.write(Batch(records=[
        record(1, published="2026-11-01", text="Storm closes the coastal highway near Dunmere."),
        record(2, published="2026-11-01", outlet="Harbor Post", text="Dunmere highway shut by storm."),
        record(3, published="2026-11-05", text="Council approves the new library budget in Orlick."),
    ], stories={"a1": 1, "a2": 1, "a3": 2}))

    def ids(**kwargs: object) -> list[int]:
        return [s.id for s in store.stories(StoryFilter(**kwargs))]  # type: ignore[arg-type]

    assert ids() == [1, 2]
    assert ids(sort="recent") == [2, 1]
    assert ids(since="2026-11-02") == [2]
    assert ids(until="2026-11-01") == [1]
    assert ids(outlet="harbor") == [1]
    assert ids(q="library budget") == [2]
    assert ids(q='highway" OR "x') == []
    assert ids(outlet="%") == []
    assert ids(min_reports=2) == [1]


def test_cached_comparisons_are_keyed_by_version_and_members(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "c.db"))
    store.write(Batch(records=[record(1), record(2)], stories={"a1": 1, "a2": 1}))
    store.cache_comparison(1, "0.1.0", "m1", '{"x": 1}', provenance_copies=1)
    assert store.cached_comparison(1, "0.1.0", "m1") == '{"x": 1}'
    assert store.cached_comparison(1, "0.2.0", "m1") is None
    assert store.cached_comparison(1, "0.1.0", "m2") is None
    row = store.story(1)
    assert row is not None and row.independent_reports == 1


def test_notes_are_kept_per_story_and_tallied_by_kind(tmp_path: Path) -> None:
    from storydiff.store.base import Note

    store = open_store(str(tmp_path / "c.db"))
    store.write(Batch(records=[record(1), record(2)], stories={"a1": 1, "a2": 1}))
    store.add_user("rosa", "$argon2id$stub-hash-for-test")
    with pytest.raises(StoreError, match="exists"):
        store.add_user("rosa", "x")
    user = store.user("rosa")
    assert user is not None and user.password_hash.startswith("$argon2id$")
    assert store.user("nobody") is None
    first = store.add_note(Note(story=1, finding="d3", kind="number_conflict", user="rosa",
                                mark="confirmed", text="checked with the fire service"))
    store.add_note(Note(story=1, finding="d4", kind="number_conflict", user="rosa", mark="wrong"))
    assert first.id > 0 and first.created_at
    assert [n.finding for n in store.notes(1)] == ["d3", "d4"]
    assert store.note_tally() == {"number_conflict": {"confirmed": 1, "wrong": 1}}
    with pytest.raises(StoreError):
        store.add_note(Note(story=1, finding="d5", kind="omission", user="rosa", mark="maybe"))
    with pytest.raises(StoreError):
        store.add_note(Note(story=1, finding="d5", kind="omission", user="ghost", mark="wrong"))
