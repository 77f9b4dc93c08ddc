"""The corpus store in one SQLite file (WAL), the embedded default."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..models import Article, Skip
from .base import MARKS, Batch, Note, Store, StoredArticle, StoryFilter, StoryRow, User, story_ids
from .migrations import MIGRATIONS
from .sql import STORY_SELECT, stories_query, story_row

#: SQLite refuses more bound parameters than this in one statement on old builds.
_CHUNK = 900


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _marks(items: Sequence[Any]) -> str:
    return ",".join("?" * len(items))


class SQLiteStore(Store):
    def __init__(self, path: str, *, readonly: bool = False) -> None:
        self.path = path
        if readonly and not Path(path).exists():
            raise StoreError(f"{path}: no such corpus; run `storydiff ingest` first")
        try:
            uri = f"file:{Path(path).resolve()}?mode=ro" if readonly else path
            # isolation_level=None: transactions are explicit, one per batch.
            self.db = sqlite3.connect(uri, uri=readonly, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable across process kills in WAL mode; only power loss
                # can take back the last commits.
                self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a storydiff corpus ({exc})") from None

    def _migrate(self, readonly: bool) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path}: made by a newer storydiff (schema {version}); upgrade")
        if version == len(MIGRATIONS):
            return
        if readonly:
            raise StoreError(f"{self.path}: schema {version} is old; open it writable once to migrate")
        if version == 0 and self.db.execute(
                "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[0]:
            raise StoreError(f"{self.path}: an SQLite file that is not a storydiff corpus")
        for number in range(version, len(MIGRATIONS)):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number].split(";\n"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # --- reads used by ingest ---------------------------------------------------------

    def _many(self, sql: str, items: Sequence[Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        unique = list(dict.fromkeys(items))
        for chunk in _chunks(unique):
            rows.extend(self.db.execute(sql.format(marks=_marks(chunk)), chunk).fetchall())
        return rows

    def known_keys(self, keys: Sequence[str]) -> set[str]:
        return {r[0] for r in self._many("SELECT key FROM articles WHERE key IN ({marks})", keys)}

    def text_hash_owners(self, hashes: Sequence[str]) -> dict[str, str]:
        rows = self._many("SELECT text_hash, id FROM articles WHERE text_hash IN ({marks}) "
                          "ORDER BY published IS NULL, published, id", hashes)
        owners: dict[str, str] = {}
        for text_hash, id_ in rows:
            owners.setdefault(text_hash, id_)
        return owners

    def band_candidates(self, band_keys: Sequence[int]) -> list[tuple[str, bytes]]:
        ids = [r[0] for r in self._many("SELECT DISTINCT article FROM bands WHERE band IN ({marks})",
                                        band_keys)]
        return [(r[0], r[1]) for r in self._many(
            "SELECT id, signature FROM articles WHERE id IN ({marks}) AND signature IS NOT NULL", ids)]

    def canonical_of(self, ids: Sequence[str]) -> dict[str, str]:
        return dict(self._many(
            "SELECT article, canonical FROM duplicate_members WHERE article IN ({marks})", ids))

    def group_members(self, canonicals: Sequence[str]) -> dict[str, str]:
        return dict(self._many(
            "SELECT article, canonical FROM duplicate_members WHERE canonical IN ({marks})",
            canonicals))

    def published_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        return dict(self._many(
            "SELECT id, published FROM articles WHERE id IN ({marks})", ids))

    def story_of(self, ids: Sequence[str]) -> dict[str, int]:
        return dict(self._many(
            "SELECT article, story FROM story_members WHERE article IN ({marks})", ids))

    def features(self) -> Iterator[tuple[str, bytes, int]]:
        cursor = self.db.execute(
            "SELECT a.id, a.features, m.story FROM articles a JOIN story_members m ON m.article = a.id "
            "WHERE a.features IS NOT NULL ORDER BY a.rowid")
        for row in cursor:
            yield row[0], row[1], row[2]

    def next_story_id(self) -> int:
        value: int = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()[0]
        return value

    # --- the one write ------------------------------------------------------------------

    def write(self, batch: Batch) -> dict[int, int]:
        now = _now()
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            fresh, stories = story_ids(batch, self.next_story_id())
            db.executemany(
                "INSERT INTO articles (id, key, url, outlet, title, text, published, author, language,"
                " raw_hash, text_hash, origin, ingested_at, signature, features)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(r.article.id, r.key, r.article.url, r.article.outlet, r.article.title,
                  r.article.text, r.article.published, r.article.author, r.language, r.raw_hash,
                  r.text_hash, r.origin, now, batch.signatures.get(r.article.id),
                  batch.features.get(r.article.id)) for r in batch.records])
            ids = [r.article.id for r in batch.records]
            for chunk in _chunks(ids):
                db.execute("INSERT INTO articles_fts (rowid, title, text) SELECT rowid, title, text "
                           f"FROM articles WHERE id IN ({_marks(chunk)})", chunk)
            db.executemany("INSERT INTO bands (band, article) VALUES (?, ?)",
                           [(band, id_) for id_, keys in batch.bands.items() for band in keys])
            canonical = {id_: batch.canonical.get(id_, id_) for id_ in ids}
            canonical.update(batch.canonical)
            db.executemany("INSERT INTO duplicate_members (article, canonical) VALUES (?, ?) "
                           "ON CONFLICT(article) DO UPDATE SET canonical = excluded.canonical",
                           list(canonical.items()))
            for story in sorted(set(stories.values())):
                db.execute("INSERT OR IGNORE INTO stories (id, title, reports, groups, outlets, "
                           "updated_at) VALUES (?, '', 0, 0, '', ?)", (story, now))
            db.executemany("INSERT INTO story_members (article, story) VALUES (?, ?) "
                           "ON CONFLICT(article) DO UPDATE SET story = excluded.story",
                           list(stories.items()))
            touched = set(stories.values()) | set(self.story_of(list(canonical)).values())
            for story in sorted(touched):
                self._summarise(story, now)
            db.executemany("INSERT INTO skips (origin, key, reason, at) VALUES (?, ?, ?, ?)",
                           [(s.origin, s.key, s.reason, now) for s in batch.skips])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return fresh

    def _summarise(self, story: int, now: str) -> None:
        """Recompute a story's summary columns from its members."""
        db = self.db
        reports, groups, first, last = db.execute(
            "SELECT count(*), count(DISTINCT d.canonical), min(a.published), max(a.published) "
            "FROM story_members m JOIN articles a ON a.id = m.article "
            "JOIN duplicate_members d ON d.article = a.id WHERE m.story = ?", (story,)).fetchone()
        if not reports:
            db.execute("DELETE FROM stories WHERE id = ?", (story,))
            return
        # The title of the earliest report that is not a copy of another.
        title = db.execute(
            "SELECT a.title FROM story_members m JOIN articles a ON a.id = m.article "
            "JOIN duplicate_members d ON d.article = a.id WHERE m.story = ? "
            "ORDER BY d.canonical != a.id, a.published IS NULL, a.published, a.rowid LIMIT 1",
            (story,)).fetchone()[0]
        outlets = [r[0] for r in db.execute(
            "SELECT a.outlet FROM story_members m JOIN articles a ON a.id = m.article "
            "WHERE m.story = ? AND a.outlet IS NOT NULL GROUP BY a.outlet ORDER BY min(a.published)",
            (story,))]
        db.execute("UPDATE stories SET title = ?, reports = ?, groups = ?, outlets = ?, "
                   "first_published = ?, last_published = ?, updated_at = ? WHERE id = ?",
                   (title, reports, groups, "\n".join(outlets), first, last, now, story))

    # --- reads for people ---------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "stories": one("SELECT count(*) FROM stories").fetchone()[0],
            "duplicate_groups": one(
                "SELECT count(*) FROM (SELECT canonical FROM duplicate_members GROUP BY canonical "
                "HAVING count(*) > 1)").fetchone()[0],
            "copies": one("SELECT count(*) FROM duplicate_members WHERE article != canonical")
            .fetchone()[0],
            "skipped": one("SELECT count(*) FROM skips").fetchone()[0],
        }

    def _article(self, row: sqlite3.Row | tuple[Any, ...]) -> StoredArticle:
        (id_, key, url, outlet, title, text, published, author, origin, canonical, story) = row
        return StoredArticle(Article(id=id_, source=origin, title=title, text=text, outlet=outlet,
                                     published=published, author=author, url=url),
                             key=key, canonical=canonical, story=story)

    _ARTICLE = ("SELECT a.id, a.key, a.url, a.outlet, a.title, a.text, a.published, a.author, a.origin,"
                " d.canonical, m.story FROM articles a JOIN duplicate_members d ON d.article = a.id"
                " LEFT JOIN story_members m ON m.article = a.id")

    def duplicate_groups(self, *, limit: int | None = None) -> list[list[StoredArticle]]:
        canonicals = [r[0] for r in self.db.execute(
            "SELECT canonical FROM duplicate_members GROUP BY canonical HAVING count(*) > 1 "
            "ORDER BY count(*) DESC, canonical LIMIT ?", (-1 if limit is None else limit,))]
        groups = []
        for canonical in canonicals:
            rows = self.db.execute(self._ARTICLE + " WHERE d.canonical = ? ORDER BY a.id != d.canonical,"
                                   " a.published IS NULL, a.published, a.rowid", (canonical,))
            groups.append([self._article(r) for r in rows])
        return groups

    def stories(self, where: StoryFilter) -> list[StoryRow]:
        # FTS5 over the articles, joined back by rowid.
        sql, args = stories_query(
            where, mark="?", ilike="LIKE", text_arg=_fts_query(where.q or ""),
            text_match="a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        args += [-1 if where.limit is None else where.limit, where.offset]
        return [story_row(r) for r in self.db.execute(sql + " LIMIT ? OFFSET ?", args)]

    def story(self, story_id: int) -> StoryRow | None:
        row = self.db.execute(STORY_SELECT + " WHERE s.id = ?", (story_id,)).fetchone()
        return story_row(row) if row else None

    def story_articles(self, story_id: int) -> list[StoredArticle]:
        rows = self.db.execute(self._ARTICLE + " WHERE m.story = ? ORDER BY a.published IS NULL,"
                               " a.published, a.rowid", (story_id,))
        return [self._article(r) for r in rows]

    def cached_comparison(self, story_id: int, version: str, members: str) -> str | None:
        row = self.db.execute("SELECT data FROM comparisons WHERE story = ? AND version = ? AND members = ?",
                              (story_id, version, members)).fetchone()
        return row[0] if row else None

    def cache_comparison(self, story_id: int, version: str, members: str, data: str,
                         provenance_copies: int) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM comparisons WHERE story = ?", (story_id,))
            db.execute("INSERT INTO comparisons (story, version, members, data, created_at) "
                       "VALUES (?, ?, ?, ?, ?)", (story_id, version, members, data, _now()))
            db.execute("UPDATE stories SET provenance_copies = ? WHERE id = ?",
                       (provenance_copies, story_id))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def skips(self, *, limit: int | None = None) -> list[Skip]:
        rows = self.db.execute("SELECT origin, reason, key FROM skips ORDER BY id DESC LIMIT ?",
                               (-1 if limit is None else limit,))
        return [Skip(origin=r[0], reason=r[1], key=r[2]) for r in rows]

    def add_user(self, name: str, password_hash: str) -> None:
        try:
            self.db.execute("INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?)",
                            (name, password_hash, _now()))
        except sqlite3.IntegrityError:
            raise StoreError(f"user {name!r} exists already") from None

    def user(self, name: str) -> User | None:
        row = self.db.execute("SELECT name, password_hash, created_at FROM users WHERE name = ?",
                              (name,)).fetchone()
        return User(*row) if row else None

    def add_note(self, note: Note) -> Note:
        if note.mark not in MARKS:
            raise StoreError(f"unknown mark {note.mark!r}; choose from {', '.join(MARKS)}")
        at = _now()
        try:
            cursor = self.db.execute(
                "INSERT INTO notes (story, finding, kind, username, mark, text, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (note.story, note.finding, note.kind, note.user, note.mark, note.text, at))
        except sqlite3.IntegrityError:
            raise StoreError(f"no story {note.story} or no user {note.user!r}") from None
        return dataclasses.replace(note, id=cursor.lastrowid or 0, created_at=at)

    def notes(self, story_id: int) -> list[Note]:
        rows = self.db.execute("SELECT story, finding, kind, username, mark, text, id, created_at FROM notes "
                               "WHERE story = ? ORDER BY id", (story_id,))
        return [Note(*r) for r in rows]

    def note_tally(self) -> dict[str, dict[str, int]]:
        tally: dict[str, dict[str, int]] = {}
        for kind, mark, count in self.db.execute(
                "SELECT kind, mark, count(*) FROM notes GROUP BY kind, mark ORDER BY kind, mark"):
            tally.setdefault(kind, {})[mark] = count
        return tally

    def close(self) -> None:
        self.db.close()


def _fts_query(text: str) -> str:
    """Each word as a quoted FTS5 term, so user input cannot use the query syntax."""
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"' for w in words) or '""'
