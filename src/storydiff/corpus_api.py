"""The corpus entry point: :class:`Corpus` over a store, returning the JSON outputs' dicts.

The CLI and the web app are thin skins over this class, as the compare commands
are over :mod:`storydiff.api`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any

from .errors import UsageError
from .models import Article, StoryMember
from .options import Options
from .store import Store, StoryFilter, StoryRow, open_store

STORIES_SCHEMA = "storydiff.stories/1"
DUPES_SCHEMA = "storydiff.dupes/1"
INGEST_SCHEMA = "storydiff.ingest/1"
#: A story's comparison reads at most this many independent reports, the earliest
#: first: beyond that each added report costs a pairwise comparison and adds little.
MAX_COMPARED = 30


def story_dict(row: StoryRow) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "reports": row.reports,
            "independent_reports": row.independent_reports, "outlets": list(row.outlets),
            "first_published": row.first_published, "last_published": row.last_published}


def _article_dict(a: Article) -> dict[str, Any]:
    return {"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published, "url": a.url}


def comparison_version() -> str:
    """What a cached comparison was made with: the project and its detectors' versions."""
    from . import __version__
    from .detectors import get_detectors

    # Cached comparisons are recomputed when the project or any detector changes.
    detectors = ",".join(f"{d.name}:{d.version}" for d in get_detectors(load_plugins=False))
    return f"{__version__}+{hashlib.sha1(detectors.encode()).hexdigest()[:8]}"


class Corpus:
    """A corpus of news in a store: ingest sources, list stories, compare a story's reports.

    >>> with Corpus("news.db") as corpus:          # doctest: +SKIP
    ...     corpus.ingest(["feeds/", "crawl.warc.gz"])
    ...     top = corpus.stories(limit=10)["stories"]
    ...     story = corpus.story(top[0]["id"])
    """

    def __init__(self, location: str = "storydiff.db", *, readonly: bool = False,
                 options: Options | None = None) -> None:
        self.options = options or Options()
        self.store: Store = open_store(location, readonly=readonly)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def ingest(self, sources: Sequence[str], *, fields: Mapping[str, str] | None = None,
               fetch: bool = False, on_progress: Callable[[Any], None] | None = None,
               batch_size: int | None = None) -> dict[str, Any]:
        """Read ``sources`` (files, folders, with ``fetch`` feed URLs) into the corpus."""
        from .corpus.sources import SourceOptions
        from .engines.local import BATCH_SIZE, LocalEngine

        options = SourceOptions(fields=dict(fields or {}), fetch=fetch,
                                max_bytes=self.options.max_bytes,
                                fetch_private=self.options.fetch_private,
                                fetch_timeout=self.options.fetch_timeout)
        engine = LocalEngine(self.store, threads=self.options.threads)
        done = engine.ingest(sources, options, on_progress, batch_size or BATCH_SIZE)
        return {"schema": INGEST_SCHEMA, "read": done.read, "kept": done.kept, "already_stored": done.known,
                "skipped": done.skipped, "copies": done.copies, "skip_reasons": done.reasons,
                "seconds": round(done.elapsed, 2),
                "stage_seconds": {k: round(v, 2) for k, v in done.stages.items()},
                "corpus": self.store.counts()}

    def dupes(self, *, limit: int | None = None) -> dict[str, Any]:
        """Groups of exact and near-duplicate copies, the canonical (earliest) member first."""
        groups = self.store.duplicate_groups(limit=limit)
        return {"schema": DUPES_SCHEMA, "groups": [
            {"canonical": g[0].article.id, "story": g[0].story,
             "members": [_article_dict(m.article) for m in g]} for g in groups]}

    def stories(self, *, since: str | None = None, until: str | None = None,
                outlet: str | None = None, q: str | None = None, sort: str = "size",
                limit: int | None = None, offset: int = 0) -> dict[str, Any]:
        """The corpus's stories, largest or most recent first, filtered like the CLI."""
        if sort not in ("size", "recent"):
            raise UsageError(f"unknown sort {sort!r}; choose size or recent")
        rows = self.store.stories(StoryFilter(since=since, until=until, outlet=outlet, q=q,
                                              sort=sort, limit=limit, offset=offset))
        return {"schema": STORIES_SCHEMA, "stories": [story_dict(r) for r in rows]}

    def _members(self, story_id: int, reference: int | None
                 ) -> tuple[StoryRow, list[StoryMember], list[Article], str]:
        """A story's row, its reports with copies folded, those compared, and the cache key."""
        # Story ids are 64-bit in both stores; anything else names no story.
        row = self.store.story(story_id) if 0 < story_id < 2**63 else None
        if row is None:
            raise UsageError(f"no story {story_id}; see `storydiff stories`")
        stored = self.store.story_articles(story_id)
        ids = {s.article.id for s in stored}
        copies: dict[str, list[Article]] = {}
        heads: list[Article] = []
        for s in stored:
            # A copy whose canonical member is in another story heads its own entry.
            if s.canonical != s.article.id and s.canonical in ids:
                copies.setdefault(s.canonical, []).append(s.article)
            else:
                heads.append(s.article)
        members = [StoryMember(h, tuple(copies.get(h.id, ()))) for h in heads]
        compared = heads[:MAX_COMPARED]
        key = hashlib.sha1("\n".join([*(a.id for a in compared), str(reference)]).encode()).hexdigest()
        return row, members, compared, key

    def cached_story(self, story_id: int, *, reference: int | None = None) -> dict[str, Any] | None:
        """:meth:`story` when its comparison is cached for this version, else None (never computes)."""
        row, _, _, key = self._members(story_id, reference)
        return self._cached(story_id, row, key)

    def _cached(self, story_id: int, row: StoryRow, key: str) -> dict[str, Any] | None:
        cached = self.store.cached_comparison(story_id, comparison_version(), key)
        if cached is None:
            return None
        data: dict[str, Any] = json.loads(cached)
        data["story"] = story_dict(row)
        return data

    def story(self, story_id: int, *, reference: int | None = None) -> dict[str, Any]:
        """One story: its reports in time order, copies folded, the comparison and claim timeline."""
        from .reports.story import story_to_dict

        row, members, compared, key = self._members(story_id, reference)
        cached = self._cached(story_id, row, key)
        if cached is not None:
            return cached
        report = None
        if len(compared) >= 2:
            from .api import compare

            options = Options(reference=reference, threads=self.options.threads)
            report = compare(compared, options)
        data = story_to_dict(story_dict(row), members, report)
        return self._keep(story_id, row, key, data)

    def keep_comparison(self, story_id: int, compared: Sequence[str], comparison: Mapping[str, Any]) -> bool:
        """Cache a comparison made elsewhere (the Spark pipeline's ``comparisons`` table) as
        :meth:`story` would have made it; False, caching nothing, when this corpus would
        compare other reports for the story."""
        from .reports.story import report_from_dict, story_to_dict

        row, members, heads, key = self._members(story_id, None)
        if [a.id for a in heads] != list(compared) or len(heads) < 2:
            return False
        data = story_to_dict(story_dict(row), members, report_from_dict(comparison))
        # The comparison as it was made, not as rebuilt for the claim timeline.
        data["comparison"] = dict(comparison)
        self._keep(story_id, row, key, data)
        return True

    def _keep(self, story_id: int, row: StoryRow, key: str, data: dict[str, Any]) -> dict[str, Any]:
        # A report derived from another in the set (reused text or a citation) is not independent.
        edges = (data["comparison"] or {}).get("provenance", {}).get("edges", [])
        copied = len({e["to"] for e in edges if not e["from"].startswith("wire:")})
        self.store.cache_comparison(story_id, comparison_version(), key, json.dumps(data), copied)
        refreshed = self.store.story(story_id)
        data["story"] = story_dict(refreshed or row)
        return data
