"""The corpus store on SQLite and PostgreSQL: schema versions, whole-batch writes, story queries.

Tests taking ``backend`` run once per backend (see conftest.py); the schema-version
tests speak each database's own dialect.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from corpus.conftest import Backend
from storydiff.errors import StoreError
from storydiff.models import Article, Record, Skip
from storydiff.store import Batch, StoryFilter, open_store
from storydiff.store.base import Note
from storydiff.store.migrations import MIGRATIONS, POSTGRES_MIGRATIONS


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


def test_a_batch_is_written_whole_and_summarised(backend: Backend) -> None:
    store = backend.open()
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


def test_new_stories_of_two_workers_never_share_an_id(backend: Backend) -> None:
    store = backend.open()
    # Both workers saw story 1 as the next free id before either wrote.
    first = store.write(Batch(records=[record(1)], stories={"a1": 1}, new_stories=frozenset({1})))
    second = store.write(Batch(records=[record(2)], stories={"a2": 1}, new_stories=frozenset({1})))
    assert first == {1: 1} and second == {1: 2}
    assert store.story_of(["a1", "a2"]) == {"a1": 1, "a2": 2}
    # A batch joining a stored story keeps its id.
    assert store.write(Batch(records=[record(3)], stories={"a3": 2})) == {}
    assert store.story_of(["a3"]) == {"a3": 2}


def test_a_failing_batch_leaves_nothing_behind(backend: Backend) -> None:
    store = backend.open()
    store.write(Batch(records=[record(1)], stories={"a1": 1}))
    with pytest.raises(backend.integrity_error):
        # The second record reuses a stored key: the whole batch must roll back.
        store.write(Batch(records=[record(2), record(1)], stories={"a2": 2, "a1": 2}))
    assert store.counts()["articles"] == 1
    assert store.story(2) is None


def test_stories_filter_by_date_outlet_and_words(backend: Backend) -> None:
    store = backend.open()
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


def test_cached_comparisons_are_keyed_by_version_and_members(backend: Backend) -> None:
    store = backend.open()
    store.write(Batch(records=[record(1), record(2)], stories={"a1": 1, "a2": 1}))
    store.cache_comparison(1, "0.1.0", "m1", '{"x": 1}', provenance_copies=1)
    assert store.cached_comparison(1, "0.1.0", "m1") == '{"x": 1}'
    assert store.cached_comparison(1, "0.2.0", "m1") is None
    assert store.cached_comparison(1, "0.1.0", "m2") is None
    row = store.story(1)
    assert row is not None and row.independent_reports == 1


def test_notes_are_kept_per_story_and_tallied_by_kind(backend: Backend) -> None:
    store = backend.open()
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


# --- PostgreSQL only ----------------------------------------------------------------------


def test_a_new_postgres_schema_gets_the_latest_version_and_reopens_unchanged(
        postgres_backend: Backend) -> None:
    from storydiff.store.postgres import PostgresStore

    store = postgres_backend.open()
    assert isinstance(store, PostgresStore)
    store.close()
    postgres_backend.open().close()
    assert postgres_backend.sql("SELECT version FROM storydiff_meta") == [(len(POSTGRES_MIGRATIONS),)]
    assert len(POSTGRES_MIGRATIONS) == len(MIGRATIONS)
    # postgres:// is libpq's other spelling of the scheme.
    postgres_backend.location = postgres_backend.location.replace("postgresql://", "postgres://", 1)
    store = postgres_backend.open(readonly=True)
    assert isinstance(store, PostgresStore) and store.counts()["articles"] == 0
    store.close()


def test_a_postgres_schema_from_a_newer_version_or_another_program_is_refused(
        postgres_backend: Backend) -> None:
    postgres_backend.sql(f"CREATE TABLE storydiff_meta (version INTEGER NOT NULL);"
                         f" INSERT INTO storydiff_meta VALUES ({len(POSTGRES_MIGRATIONS) + 1})")
    with pytest.raises(StoreError, match="newer storydiff"):
        postgres_backend.open()
    postgres_backend.sql("DROP TABLE storydiff_meta; CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a storydiff corpus"):
        postgres_backend.open()
    assert postgres_backend.sql("SELECT count(*) FROM invoices") == [(0,)]


def test_reading_an_empty_postgres_schema_says_to_ingest_first(postgres_backend: Backend) -> None:
    with pytest.raises(StoreError, match="storydiff ingest"):
        postgres_backend.open(readonly=True)
    # Reading must not have created anything.
    assert postgres_backend.sql("SELECT count(*) FROM information_schema.tables"
                                " WHERE table_schema = current_schema()") == [(0,)]


def test_a_readonly_postgres_store_cannot_write(postgres_backend: Backend) -> None:
    postgres_backend.open().close()
    store = postgres_backend.open(readonly=True)
    with pytest.raises(Exception, match="read-only"):
        store.write(Batch(records=[record(1)], stories={"a1": 1}))
    store.close()


def assert_said_without_password(url: str, password: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert password not in message and "\n" not in message
    assert "cannot connect" in message


def test_a_server_that_does_not_answer_is_named_without_the_password() -> None:
    pytest.importorskip("psycopg")
    assert_said_without_password("postgresql://editor:Wr0ng-s3cret-pw@127.0.0.1:1/corpus", "Wr0ng-s3cret-pw")
    assert_said_without_password("postgresql://127.0.0.1:1/corpus?user=editor&password=Wr0ng-s3cret-pw",
                                 "Wr0ng-s3cret-pw")


def test_a_refused_login_is_reported_without_the_password(postgres_url: str) -> None:
    password = urlsplit(postgres_url).password
    wrong = postgres_url.replace(f":{password}@", ":Wr0ng-s3cret-pw@", 1)
    assert_said_without_password(wrong, "Wr0ng-s3cret-pw")


def test_without_psycopg_a_postgres_url_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "storydiff.store.postgres", None)
    with pytest.raises(StoreError, match=r"pip install 'storydiff\[postgres\]'"):
        open_store("postgresql://storydiff@127.0.0.1/corpus")


def test_two_workers_writing_at_once_leave_consistent_stories(
        postgres_backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    from storydiff.store.postgres import PostgresStore

    summarise = PostgresStore._summarise

    def slow_summarise(self: PostgresStore, *args: Any) -> None:
        summarise(self, *args)
        # Widens the gap between summing a story up and committing, where an unserialised
        # second writer would sum up without the first one's members.
        time.sleep(0.01)

    monkeypatch.setattr(PostgresStore, "_summarise", slow_summarise)
    postgres_backend.open().close()
    workers, batches, size = 2, 12, 20
    # A timeout, so that one worker failing cannot leave the other waiting for ever.
    start = threading.Barrier(workers, timeout=60)
    failures: list[BaseException] = []

    def work(worker: int) -> None:
        store = postgres_backend.open()
        try:
            for b in range(batches):
                # Batch for batch side by side, so every write overlaps one of the other worker.
                start.wait()
                first = 100_000 * (worker + 1) + 100 * b
                records = [record(n) for n in range(first, first + size)]
                # Every batch of both workers adds to story 1, and copies to a story of its own:
                # each summary must count what both wrote, not what one saw.
                stories = {r.article.id: 1 for r in records[:-1]} | {records[-1].article.id: 2 + worker}
                store.write(Batch(records=records, canonical={records[-1].article.id: records[0].article.id},
                                  stories=stories))
        except BaseException as exc:
            failures.append(exc)
            start.abort()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    store = postgres_backend.open()
    shared = store.story(1)
    assert shared is not None and shared.reports == workers * batches * (size - 1)
    assert len(store.story_articles(1)) == shared.reports
    for worker in range(workers):
        own = store.story(2 + worker)
        assert own is not None and own.reports == batches
    assert store.counts()["articles"] == workers * batches * size
