"""Loading stories and their comparisons for the pages and the API."""

from __future__ import annotations

import dataclasses
import re
import time
from typing import Annotated, Any

from fastapi import HTTPException, Path

from ..models import Article, Report
from ..options import Options
from ..reports.story import report_from_dict
from ..store.base import Note, StoryRow
from .state import AppState

#: Story ids are 64-bit integers in both stores; a larger number names no story.
StoryId = Annotated[int, Path(ge=1, le=2**63 - 1)]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+Z-]*)?$")
SORTS = ("recent", "size")


def check_filters(since: str | None, until: str | None, sort: str) -> None:
    for name, value in (("since", since), ("until", until)):
        if value and not _DATE.match(value):
            raise HTTPException(400, f"{name}: give a date as YYYY-MM-DD")
    if sort not in SORTS:
        raise HTTPException(400, f"sort: choose recent or size, not {sort[:40]!r}")


def list_stories(app: AppState, *, q: str | None, since: str | None, until: str | None,
                 outlet: str | None, sort: str, page: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """One page of stories and whether another follows (one more row is read to know)."""
    check_filters(since, until, sort)
    corpus = app.pool.get()
    rows = corpus.stories(q=q or None, since=since or None, until=until or None, outlet=outlet or None,
                          sort=sort, limit=limit + 1, offset=(page - 1) * limit)["stories"]
    return rows[:limit], len(rows) > limit


#: Seconds a story's data is reused from memory while its summary row is unchanged.
#: The row (counts, dates) changes when reports join; the time bounds any other change.
STORY_TTL = 60.0


@dataclasses.dataclass
class CachedStory:
    row: StoryRow
    at: float
    data: dict[str, Any]
    #: The story report's HTML body, rendered on first view.
    body: str | None = None


def cached_story(app: AppState, story_id: int) -> CachedStory:
    """The story's data (``storydiff.story/1``), from memory when fresh; 404 when there is none.

    Hot story pages then skip reading and parsing the stored comparison (megabytes for
    a story of many reports) and rendering it again.
    """
    corpus = app.pool.get()
    row = corpus.store.story(story_id)
    if row is None:
        raise HTTPException(404, f"no story {story_id}")
    entry: CachedStory | None = app.stories.get(story_id)
    if entry is not None and entry.row == row and time.monotonic() - entry.at < STORY_TTL:
        return entry
    # A story never compared before is compared now (seconds), then cached in the corpus;
    # only that waits for the lock, so views of compared stories never queue behind it.
    data = corpus.cached_story(story_id)
    if data is None:
        with app.compute_lock:
            data = corpus.story(story_id)
    entry = CachedStory(corpus.store.story(story_id) or row, time.monotonic(), data)
    app.stories.put(story_id, entry)
    return entry


def story_data(app: AppState, story_id: int) -> dict[str, Any]:
    return cached_story(app, story_id).data


def note_dict(note: Note) -> dict[str, Any]:
    return {"id": note.id, "finding": note.finding, "kind": note.kind, "user": note.user,
            "mark": note.mark, "text": note.text, "created_at": note.created_at}


def notes_by_finding(app: AppState, story_id: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for note in app.pool.get().store.notes(story_id):
        out.setdefault(note.finding, []).append(note_dict(note))
    return out


@dataclasses.dataclass(frozen=True)
class Pair:
    report: Report
    #: True when the findings are the story's own (their ids take notes).
    from_story: bool


def _articles(app: AppState, story_id: int) -> dict[str, Article]:
    return {s.article.id: s.article for s in app.pool.get().store.story_articles(story_id)}


def pair_report(app: AppState, story_id: int, data: dict[str, Any], a: str, b: str) -> Pair:
    """The comparison of reports ``a`` (left) and ``b`` of a story.

    The story's own comparison is reused when ``a`` is its reference; any other
    pair is compared now and kept in memory (not in the corpus).
    """
    if a == b:
        raise HTTPException(404, "give two different reports of the story")
    comparison = data.get("comparison")
    if comparison and comparison["reference"] == a:
        full = report_from_dict(comparison)
        chosen = tuple(c for c in full.comparisons if c.other.article.id == b)
        if chosen:
            keep = {a, b}
            return Pair(dataclasses.replace(full, comparisons=chosen,
                                            articles=tuple(x for x in full.articles
                                                           if x.article.id in keep)), True)
    key = (story_id, a, b)
    cached: Pair | None = app.pairs.get(key)
    if cached is not None:
        return cached
    articles = _articles(app, story_id)
    if a not in articles or b not in articles:
        raise HTTPException(404, f"story {story_id} has no report {a if a not in articles else b}")
    from ..api import compare

    with app.compute_lock:
        report = compare([articles[a], articles[b]], Options(reference=0, threads=app.options.threads))
    pair = Pair(report, False)
    app.pairs.put(key, pair)
    return pair
