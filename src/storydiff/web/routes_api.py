"""The JSON API: the same documents as ``storydiff stories/story --format json``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from .security import csrf_token
from .state import current_user, require_reader, state
from .stories import StoryId, list_stories, note_dict, story_data

router = APIRouter(prefix="/api")


class StoryOut(BaseModel):
    id: int
    title: str
    reports: int
    independent_reports: int
    outlets: list[str]
    first_published: str | None
    last_published: str | None


class StoriesOut(BaseModel):
    """``storydiff.stories/1``; the next and previous pages are in the Link header."""

    model_config = ConfigDict(populate_by_name=True)
    # "schema" would shadow a BaseModel attribute: the field is aliased.
    schema_: str = Field(alias="schema", serialization_alias="schema")
    stories: list[StoryOut]


class SessionOut(BaseModel):
    user: str | None
    csrf_token: str


@router.get("/stories", response_model=StoriesOut, response_model_by_alias=True,
            dependencies=[Depends(require_reader)])
def api_stories(request: Request, response: Response, q: str = "", since: str = "", until: str = "",
                outlet: str = "", sort: str = "recent",
                page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                limit: Annotated[int, Query(ge=1, le=200)] = 25) -> dict[str, Any]:
    """Stories, newest (``sort=recent``) or largest (``sort=size``) first, filtered as on the page."""
    app = state(request)
    rows, more = list_stories(app, q=q, since=since, until=until, outlet=outlet, sort=sort,
                              page=page, limit=limit)
    links = []
    base = request.url.remove_query_params("page")
    if more:
        links.append(f'<{base.include_query_params(page=page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{base.include_query_params(page=page - 1)}>; rel="prev"')
    if links:
        response.headers["link"] = ", ".join(links)
    return {"schema": "storydiff.stories/1", "stories": rows}


@router.get("/stories/{story_id}", dependencies=[Depends(require_reader)],
            responses={404: {"description": "no such story"}})
def api_story(request: Request, story_id: StoryId) -> dict[str, Any]:
    """``storydiff.story/1`` plus ``notes``: people's marks on its findings, oldest first."""
    app = state(request)
    data = dict(story_data(app, story_id))
    data["notes"] = [note_dict(n) for n in app.pool.get().store.notes(story_id)]
    return data


@router.get("/session", response_model=SessionOut)
def api_session(request: Request) -> dict[str, Any]:
    """Who is signed in, and the CSRF token to send as X-CSRF-Token with POST requests."""
    return {"user": current_user(request), "csrf_token": csrf_token(request)}
