"""SQL both stores share: the story summary row and the story filter.

The dialects differ in placeholders, case-insensitive LIKE, full-text search and
where NULL sorts; the caller passes those, the rest is written once.
"""

from __future__ import annotations

from typing import Any

from .base import StoryFilter, StoryRow

STORY_SELECT = ("SELECT s.id, s.title, s.reports, s.groups, s.provenance_copies, s.outlets,"
                " s.first_published, s.last_published FROM stories s")


def story_row(row: tuple[Any, ...]) -> StoryRow:
    id_, title, reports, groups, copies, outlets, first, last = row
    return StoryRow(id=id_, title=title, reports=reports,
                    independent_reports=max(1, groups - copies),
                    outlets=tuple(o for o in outlets.split("\n") if o),
                    first_published=first, last_published=last)


def like_pattern(text: str) -> str:
    """``text`` anywhere, with LIKE's wildcards taken literally (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def stories_query(where: StoryFilter, *, mark: str, ilike: str, text_match: str, text_arg: str,
                  nulls_last: str = "") -> tuple[str, list[Any]]:
    """The story list query without its LIMIT/OFFSET, and its arguments.

    ``text_match`` is a condition on ``a`` (an article) with one placeholder for
    ``text_arg``, the dialect's full-text form of ``where.q``.
    """
    clauses = [f"s.reports >= {mark}"]
    args: list[Any] = [where.min_reports]
    if where.since:
        clauses.append(f"s.last_published >= {mark}")
        args.append(where.since)
    if where.until:
        # A date alone means the whole day.
        clauses.append(f"s.first_published <= {mark}")
        args.append(where.until + ("T99" if len(where.until) == 10 else ""))
    if where.outlet:
        # The story row keeps its outlets: no scan of every story's articles.
        clauses.append(f"s.outlets {ilike} {mark} ESCAPE '\\'")
        args.append(like_pattern(where.outlet))
    if where.q:
        clauses.append("s.id IN (SELECT m.story FROM articles a JOIN story_members m"
                       f" ON m.article = a.id WHERE {text_match})")
        args.append(text_arg)
    order = ("s.last_published IS NULL, s.last_published DESC, s.id DESC" if where.sort == "recent"
             else f"s.reports DESC, s.last_published DESC{nulls_last}, s.id")
    return f"{STORY_SELECT} WHERE {' AND '.join(clauses)} ORDER BY {order}", args
