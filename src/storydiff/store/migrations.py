"""The store's schema, as numbered migrations: a file at version N runs N+1 onward.

Append a migration to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the first corpus schema.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        url TEXT,
        outlet TEXT,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published TEXT,
        author TEXT,
        language TEXT NOT NULL,
        raw_hash TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        origin TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        signature BLOB,
        features BLOB
    );
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE bands (
        band INTEGER NOT NULL,
        article TEXT NOT NULL REFERENCES articles(id)
    );
    CREATE INDEX bands_band ON bands(band);
    -- Every article is in exactly one group; a lone article is its own canonical.
    CREATE TABLE duplicate_members (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        canonical TEXT NOT NULL REFERENCES articles(id)
    );
    CREATE INDEX duplicate_members_canonical ON duplicate_members(canonical);
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        reports INTEGER NOT NULL,
        groups INTEGER NOT NULL,
        provenance_copies INTEGER NOT NULL DEFAULT 0,
        outlets TEXT NOT NULL,
        first_published TEXT,
        last_published TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_reports ON stories(reports);
    CREATE INDEX stories_last ON stories(last_published);
    CREATE TABLE story_members (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        story INTEGER NOT NULL REFERENCES stories(id)
    );
    CREATE INDEX story_members_story ON story_members(story);
    CREATE TABLE comparisons (
        story INTEGER NOT NULL REFERENCES stories(id),
        version TEXT NOT NULL,
        members TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (story, version, members)
    );
    CREATE TABLE skips (
        id INTEGER PRIMARY KEY,
        origin TEXT NOT NULL,
        key TEXT,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid'
    );
    """,
    # 2: people and their marks on findings (storydiff serve).
    """
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        story INTEGER NOT NULL REFERENCES stories(id),
        finding TEXT NOT NULL,
        kind TEXT NOT NULL,
        username TEXT NOT NULL REFERENCES users(name),
        mark TEXT NOT NULL CHECK (mark IN ('confirmed', 'wrong', 'follow_up')),
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX notes_story ON notes(story);
    """,
)
