"""The store's schema, as numbered migrations: a store at version N runs N+1 onward.

One list per database dialect, numbered alike: migration N means the same change in
both, so a version number says the same thing whichever database holds the corpus.
Append a migration to both lists to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

#: SQLite (the schema version is the file's ``user_version``).
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

#: PostgreSQL (the schema version is the one row of ``storydiff_meta``). Text that is
#: sorted or compared by range uses the "C" collation, so ids and ISO dates order by
#: code point as in SQLite, whatever locale the database was created with.
POSTGRES_MIGRATIONS: tuple[str, ...] = (
    # 1: the first corpus schema.
    """
    CREATE TABLE storydiff_meta (version INTEGER NOT NULL);
    INSERT INTO storydiff_meta (version) VALUES (0);
    CREATE TABLE articles (
        id TEXT COLLATE "C" PRIMARY KEY,
        -- Insertion order, which SQLite's rowid gives for free.
        seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        key TEXT COLLATE "C" NOT NULL UNIQUE,
        url TEXT,
        outlet TEXT COLLATE "C",
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published TEXT COLLATE "C",
        author TEXT,
        language TEXT NOT NULL,
        raw_hash TEXT NOT NULL,
        text_hash TEXT COLLATE "C" NOT NULL,
        origin TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        signature BYTEA,
        features BYTEA,
        search tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || text)) STORED
    );
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_search ON articles USING GIN (search);
    CREATE TABLE bands (
        band BIGINT NOT NULL,
        article TEXT COLLATE "C" NOT NULL REFERENCES articles(id)
    );
    CREATE INDEX bands_band ON bands(band);
    CREATE TABLE duplicate_members (
        article TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id),
        canonical TEXT COLLATE "C" NOT NULL REFERENCES articles(id)
    );
    CREATE INDEX duplicate_members_canonical ON duplicate_members(canonical);
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        reports INTEGER NOT NULL,
        groups INTEGER NOT NULL,
        provenance_copies INTEGER NOT NULL DEFAULT 0,
        outlets TEXT NOT NULL,
        first_published TEXT COLLATE "C",
        last_published TEXT COLLATE "C",
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_reports ON stories(reports);
    CREATE INDEX stories_last ON stories(last_published);
    CREATE TABLE story_members (
        article TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id),
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
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        origin TEXT NOT NULL,
        key TEXT,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
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
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        story INTEGER NOT NULL REFERENCES stories(id),
        finding TEXT NOT NULL,
        kind TEXT COLLATE "C" NOT NULL,
        username TEXT NOT NULL REFERENCES users(name),
        mark TEXT COLLATE "C" NOT NULL CHECK (mark IN ('confirmed', 'wrong', 'follow_up')),
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX notes_story ON notes(story);
    """,
)
