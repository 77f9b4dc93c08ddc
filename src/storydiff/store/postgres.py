"""The corpus store on a PostgreSQL server, shared by several editors and ingest workers.

Behaves as :class:`~storydiff.store.sqlite.SQLiteStore` does. The server lets many
processes write at once, so what SQLite gets from its single writer is made explicit:
every ``write`` holds a transaction-level advisory lock, and so do migrations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict

from ..errors import StoreError
from ..models import Article, Skip
from .base import MARKS, Batch, Note, Store, StoredArticle, StoryFilter, StoryRow, User, story_ids
from .migrations import POSTGRES_MIGRATIONS
from .sql import STORY_SELECT, stories_query, story_row

#: First key of the advisory locks; the second is the schema's name, so corpora in
#: different schemas of one database do not wait for each other.
_LOCK_SPACE = 0x5D1F
_WRITE_LOCK = f"SELECT pg_advisory_xact_lock({_LOCK_SPACE}, hashtext(current_schema()))"
_MIGRATE_LOCK = f"SELECT pg_advisory_xact_lock({_LOCK_SPACE} + 1, hashtext(current_schema()))"
#: Rows per round trip when streaming the feature vectors.
_PAGE = 2000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def display_url(url: str) -> str:
    """The URL as it may appear in a message or a log: no password, no query string."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = (f"{parts.username}@" if parts.username else "") + host
        if parts.port:
            netloc += f":{parts.port}"
    except ValueError:
        return "postgresql://…"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _one_line(exc: BaseException, url: str) -> str:
    """A driver message on one line, with the password in ``url`` (if any) taken out."""
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    try:
        # The password may be in the user part or in the query string (?password=).
        secret = conninfo_to_dict(url).get("password")
    except psycopg.Error:
        secret = None
    if secret:
        text = text.replace(str(secret), "***")
    return text or type(exc).__name__


class PostgresStore(Store):
    def __init__(self, url: str, *, readonly: bool = False) -> None:
        self.url = url
        self.where = display_url(url)
        try:
            # autocommit: transactions are explicit, one per batch, as in SQLiteStore.
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=15,
                                      application_name="storydiff")
        except psycopg.Error as exc:
            raise StoreError(f"{self.where}: cannot connect ({_one_line(exc, url)})") from None
        try:
            self._migrate(readonly)
            if readonly:
                self.db.execute("SET default_transaction_read_only = on")
        except BaseException:
            self.db.close()
            raise

    # --- schema ---------------------------------------------------------------------------

    def _schema_state(self) -> tuple[int, int]:
        """(schema version, 0 when none; number of other tables in the current schema)."""
        row = self.db.execute(
            "SELECT count(*) FILTER (WHERE table_name = 'storydiff_meta'),"
            " count(*) FILTER (WHERE table_name != 'storydiff_meta')"
            " FROM information_schema.tables WHERE table_schema = current_schema()").fetchone()
        has_meta, others = row if row else (0, 0)
        if not has_meta:
            return 0, others
        version = self.db.execute("SELECT max(version) FROM storydiff_meta").fetchone()
        return (version[0] or 0) if version else 0, others

    def _check(self, version: int, others: int, readonly: bool) -> bool:
        """Whether migrations are due; raises for a store this program must not touch."""
        if version > len(POSTGRES_MIGRATIONS):
            raise StoreError(f"{self.where}: made by a newer storydiff (schema {version}); upgrade")
        if version == 0 and others:
            raise StoreError(f"{self.where}: a PostgreSQL database that is not a storydiff corpus")
        if version == len(POSTGRES_MIGRATIONS):
            return False
        if readonly and version == 0:
            raise StoreError(f"{self.where}: no such corpus; run `storydiff ingest` first")
        if readonly:
            raise StoreError(f"{self.where}: schema {version} is old; open it writable once to migrate")
        return True

    def _migrate(self, readonly: bool) -> None:
        try:
            if not self._check(*self._schema_state(), readonly):
                return
            with self.db.transaction():
                self.db.execute(_MIGRATE_LOCK)
                # Another process may have migrated while this one waited for the lock.
                version, others = self._schema_state()
                if not self._check(version, others, readonly):
                    return
                for number in range(version, len(POSTGRES_MIGRATIONS)):
                    self.db.execute(POSTGRES_MIGRATIONS[number])
                self.db.execute("UPDATE storydiff_meta SET version = %s", (len(POSTGRES_MIGRATIONS),))
        except psycopg.Error as exc:
            raise StoreError(f"{self.where}: cannot open the corpus ({_one_line(exc, self.url)})") from None

    # --- reads used by ingest -------------------------------------------------------------

    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, args).fetchall()

    def _value(self, sql: str, args: Sequence[Any] = ()) -> Any:
        row = self.db.execute(sql, args).fetchone()
        return row[0] if row else None

    def known_keys(self, keys: Sequence[str]) -> set[str]:
        return {r[0] for r in self._all("SELECT key FROM articles WHERE key = ANY(%s)", (list(keys),))}

    def text_hash_owners(self, hashes: Sequence[str]) -> dict[str, str]:
        rows = self._all("SELECT text_hash, id FROM articles WHERE text_hash = ANY(%s) "
                         "ORDER BY published IS NULL, published, id", (list(hashes),))
        owners: dict[str, str] = {}
        for text_hash, id_ in rows:
            owners.setdefault(text_hash, id_)
        return owners

    def band_candidates(self, band_keys: Sequence[int]) -> list[tuple[str, bytes]]:
        rows = self._all("SELECT id, signature FROM articles WHERE signature IS NOT NULL AND id IN"
                         " (SELECT article FROM bands WHERE band = ANY(%s::bigint[]))", (list(band_keys),))
        return [(r[0], r[1]) for r in rows]

    def canonical_of(self, ids: Sequence[str]) -> dict[str, str]:
        return dict(self._all("SELECT article, canonical FROM duplicate_members WHERE article = ANY(%s)",
                              (list(ids),)))

    def group_members(self, canonicals: Sequence[str]) -> dict[str, str]:
        return dict(self._all("SELECT article, canonical FROM duplicate_members WHERE canonical = ANY(%s)",
                              (list(canonicals),)))

    def published_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        return dict(self._all("SELECT id, published FROM articles WHERE id = ANY(%s)", (list(ids),)))

    def story_of(self, ids: Sequence[str]) -> dict[str, int]:
        return dict(self._all("SELECT article, story FROM story_members WHERE article = ANY(%s)",
                              (list(ids),)))

    def features(self) -> Iterator[tuple[str, bytes, int]]:
        # Pages by insertion order rather than one server-side cursor: a cursor would
        # need a transaction held open for as long as the caller takes to read it.
        after = 0
        while True:
            rows = self._all(
                "SELECT a.seq, a.id, a.features, m.story FROM articles a JOIN story_members m"
                " ON m.article = a.id WHERE a.features IS NOT NULL AND a.seq > %s ORDER BY a.seq LIMIT %s",
                (after, _PAGE))
            for seq, id_, blob, story in rows:
                after = seq
                yield id_, bytes(blob), story
            if len(rows) < _PAGE:
                return

    def next_story_id(self) -> int:
        value: int = self._value("SELECT coalesce(max(id), 0) + 1 FROM stories")
        return value

    # --- the one write --------------------------------------------------------------------

    def write(self, batch: Batch) -> dict[int, int]:
        now = _now()
        db = self.db
        with db.transaction(), db.cursor() as cur:
            # Story summaries are recomputed from what is committed; two workers summarising
            # the same story at once would each miss the other's members. The lock makes
            # batches take turns, and READ COMMITTED lets each see the one before it.
            cur.execute(_WRITE_LOCK)
            row = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()
            fresh, stories = story_ids(batch, int(row[0]) if row else 1)
            cur.executemany(
                "INSERT INTO articles (id, key, url, outlet, title, text, published, author, language,"
                " raw_hash, text_hash, origin, ingested_at, signature, features)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                [(r.article.id, r.key, r.article.url, r.article.outlet, r.article.title,
                  r.article.text, r.article.published, r.article.author, r.language, r.raw_hash,
                  r.text_hash, r.origin, now, batch.signatures.get(r.article.id),
                  batch.features.get(r.article.id)) for r in batch.records])
            cur.executemany("INSERT INTO bands (band, article) VALUES (%s, %s)",
                            [(band, id_) for id_, keys in batch.bands.items() for band in keys])
            ids = [r.article.id for r in batch.records]
            canonical = {id_: batch.canonical.get(id_, id_) for id_ in ids}
            canonical.update(batch.canonical)
            cur.executemany("INSERT INTO duplicate_members (article, canonical) VALUES (%s, %s) "
                            "ON CONFLICT (article) DO UPDATE SET canonical = excluded.canonical",
                            list(canonical.items()))
            cur.executemany("INSERT INTO stories (id, title, reports, groups, outlets, updated_at)"
                            " VALUES (%s, '', 0, 0, '', %s) ON CONFLICT (id) DO NOTHING",
                            [(story, now) for story in sorted(set(stories.values()))])
            cur.executemany("INSERT INTO story_members (article, story) VALUES (%s, %s) "
                            "ON CONFLICT (article) DO UPDATE SET story = excluded.story",
                            list(stories.items()))
            touched = set(stories.values()) | set(self.story_of(list(canonical)).values())
            for story in sorted(touched):
                self._summarise(cur, story, now)
            cur.executemany("INSERT INTO skips (origin, key, reason, at) VALUES (%s, %s, %s, %s)",
                            [(s.origin, s.key, s.reason, now) for s in batch.skips])
        return fresh

    def _summarise(self, cur: psycopg.Cursor[Any], story: int, now: str) -> None:
        """Recompute a story's summary columns from its members."""
        row = cur.execute(
            "SELECT count(*), count(DISTINCT d.canonical), min(a.published), max(a.published) "
            "FROM story_members m JOIN articles a ON a.id = m.article "
            "JOIN duplicate_members d ON d.article = a.id WHERE m.story = %s", (story,)).fetchone()
        assert row is not None
        reports, groups, first, last = row
        if not reports:
            cur.execute("DELETE FROM stories WHERE id = %s", (story,))
            return
        # The title of the earliest report that is not a copy of another.
        title_row = cur.execute(
            "SELECT a.title FROM story_members m JOIN articles a ON a.id = m.article "
            "JOIN duplicate_members d ON d.article = a.id WHERE m.story = %s "
            "ORDER BY d.canonical != a.id, a.published IS NULL, a.published, a.seq LIMIT 1",
            (story,)).fetchone()
        assert title_row is not None
        # NULLS FIRST: SQLite sorts NULL lowest, PostgreSQL highest.
        outlets = [r[0] for r in cur.execute(
            "SELECT a.outlet FROM story_members m JOIN articles a ON a.id = m.article "
            "WHERE m.story = %s AND a.outlet IS NOT NULL GROUP BY a.outlet "
            "ORDER BY min(a.published) NULLS FIRST, a.outlet", (story,))]
        cur.execute("UPDATE stories SET title = %s, reports = %s, groups = %s, outlets = %s, "
                    "first_published = %s, last_published = %s, updated_at = %s WHERE id = %s",
                    (title_row[0], reports, groups, "\n".join(outlets), first, last, now, story))

    # --- reads for people -----------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        one = self._value
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "stories": one("SELECT count(*) FROM stories"),
            "duplicate_groups": one(
                "SELECT count(*) FROM (SELECT canonical FROM duplicate_members GROUP BY canonical "
                "HAVING count(*) > 1) g"),
            "copies": one("SELECT count(*) FROM duplicate_members WHERE article != canonical"),
            "skipped": one("SELECT count(*) FROM skips"),
        }

    def _article(self, row: tuple[Any, ...]) -> StoredArticle:
        (id_, key, url, outlet, title, text, published, author, origin, canonical, story) = row
        return StoredArticle(Article(id=id_, source=origin, title=title, text=text, outlet=outlet,
                                     published=published, author=author, url=url),
                             key=key, canonical=canonical, story=story)

    _ARTICLE = ("SELECT a.id, a.key, a.url, a.outlet, a.title, a.text, a.published, a.author, a.origin,"
                " d.canonical, m.story FROM articles a JOIN duplicate_members d ON d.article = a.id"
                " LEFT JOIN story_members m ON m.article = a.id")

    def duplicate_groups(self, *, limit: int | None = None) -> list[list[StoredArticle]]:
        # LIMIT NULL is PostgreSQL's "no limit", as -1 is SQLite's.
        canonicals = [r[0] for r in self._all(
            "SELECT canonical FROM duplicate_members GROUP BY canonical HAVING count(*) > 1 "
            "ORDER BY count(*) DESC, canonical LIMIT %s", (limit,))]
        return [[self._article(r) for r in self._all(
            self._ARTICLE + " WHERE d.canonical = %s ORDER BY a.id != d.canonical,"
            " a.published IS NULL, a.published, a.seq", (canonical,))] for canonical in canonicals]

    def stories(self, where: StoryFilter) -> list[StoryRow]:
        # plainto_tsquery takes the words as words, never as query syntax: all must occur.
        # NULLS LAST: SQLite puts NULL last in a descending sort, PostgreSQL first.
        sql, args = stories_query(
            where, mark="%s", ilike="ILIKE", text_arg=where.q or "", nulls_last=" NULLS LAST",
            text_match="a.search @@ plainto_tsquery('english', %s)")
        args += [where.limit, where.offset]
        return [story_row(r) for r in self._all(sql + " LIMIT %s OFFSET %s", args)]

    def story(self, story_id: int) -> StoryRow | None:
        rows = self._all(STORY_SELECT + " WHERE s.id = %s", (story_id,))
        return story_row(rows[0]) if rows else None

    def story_articles(self, story_id: int) -> list[StoredArticle]:
        rows = self._all(self._ARTICLE + " WHERE m.story = %s ORDER BY a.published IS NULL,"
                         " a.published, a.seq", (story_id,))
        return [self._article(r) for r in rows]

    def cached_comparison(self, story_id: int, version: str, members: str) -> str | None:
        value: str | None = self._value(
            "SELECT data FROM comparisons WHERE story = %s AND version = %s AND members = %s",
            (story_id, version, members))
        return value

    def cache_comparison(self, story_id: int, version: str, members: str, data: str,
                         provenance_copies: int) -> None:
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("DELETE FROM comparisons WHERE story = %s", (story_id,))
            cur.execute("INSERT INTO comparisons (story, version, members, data, created_at) "
                        "VALUES (%s, %s, %s, %s, %s)", (story_id, version, members, data, _now()))
            cur.execute("UPDATE stories SET provenance_copies = %s WHERE id = %s",
                        (provenance_copies, story_id))

    def skips(self, *, limit: int | None = None) -> list[Skip]:
        rows = self._all("SELECT origin, reason, key FROM skips ORDER BY id DESC LIMIT %s", (limit,))
        return [Skip(origin=r[0], reason=r[1], key=r[2]) for r in rows]

    def add_user(self, name: str, password_hash: str) -> None:
        try:
            self.db.execute("INSERT INTO users (name, password_hash, created_at) VALUES (%s, %s, %s)",
                            (name, password_hash, _now()))
        except pg_errors.UniqueViolation:
            raise StoreError(f"user {name!r} exists already") from None

    def user(self, name: str) -> User | None:
        rows = self._all("SELECT name, password_hash, created_at FROM users WHERE name = %s", (name,))
        return User(*rows[0]) if rows else None

    def add_note(self, note: Note) -> Note:
        if note.mark not in MARKS:
            raise StoreError(f"unknown mark {note.mark!r}; choose from {', '.join(MARKS)}")
        at = _now()
        try:
            id_ = self._value(
                "INSERT INTO notes (story, finding, kind, username, mark, text, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (note.story, note.finding, note.kind, note.user, note.mark, note.text, at))
        except pg_errors.IntegrityError:
            raise StoreError(f"no story {note.story} or no user {note.user!r}") from None
        return dataclasses.replace(note, id=id_ or 0, created_at=at)

    def notes(self, story_id: int) -> list[Note]:
        rows = self._all("SELECT story, finding, kind, username, mark, text, id, created_at FROM notes "
                         "WHERE story = %s ORDER BY id", (story_id,))
        return [Note(*r) for r in rows]

    def note_tally(self) -> dict[str, dict[str, int]]:
        tally: dict[str, dict[str, int]] = {}
        for kind, mark, count in self._all(
                "SELECT kind, mark, count(*) FROM notes GROUP BY kind, mark ORDER BY kind, mark"):
            tally.setdefault(kind, {})[mark] = count
        return tally

    def close(self) -> None:
        self.db.close()


