"""The JSON API's documents validate against the project's schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

SCHEMAS = Path(__file__).resolve().parents[2] / "src" / "storydiff" / "reports" / "schema"
ORIGINAL = ("Fire at Halden Cross warehouse injures twelve\n"
            "A fire tore through a furniture warehouse in Halden Cross on Monday, injuring twelve "
            "workers, the fire service said. Three of the injured were taken to hospital. "
            "The cause of the fire is under investigation, according to a police spokesman.")
REWRITE = ("Warehouse blaze in Halden Cross\n"
           "A fire tore through a furniture warehouse in Halden Cross on Monday, injuring fifteen "
           "workers. Three of the injured were taken to hospital. "
           "The cause of the fire is under investigation.")


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text())
    return data


def validate(data: Any, name: str) -> None:
    jsonschema.Draft202012Validator(schema(name)).validate(data)


def test_stories_validate_against_stories_v1(client: TestClient) -> None:
    data = client.get("/api/stories", params={"limit": 100}).json()
    validate(data, "stories.v1.json")
    assert len(data["stories"]) == 7


def test_story_validates_against_story_v1_and_carries_notes(client: TestClient) -> None:
    first = client.get("/api/stories?sort=size").json()["stories"][0]
    data = client.get(f"/api/stories/{first['id']}").json()
    validate(data, "story.v1.json")
    validate(data["comparison"], "compare.v1.2.json")
    assert isinstance(data["notes"], list)


def test_compare_returns_compare_v1_2(client: TestClient) -> None:
    reply = client.post("/api/compare", json={"texts": [ORIGINAL, REWRITE]})
    assert reply.status_code == 200, reply.text
    data = reply.json()
    validate(data, "compare.v1.2.json")
    assert any(f["kind"] == "number_conflict" for f in data["discrepancies"])


@pytest.mark.parametrize(("body", "status"), [
    ({"texts": [ORIGINAL]}, 422),
    ({"texts": "not a list"}, 422),
    ({"texts": [ORIGINAL, "too short"]}, 400),
    ({"texts": [ORIGINAL, REWRITE], "reference": 5}, 400),
])
def test_compare_refuses_bad_input_with_a_message(client: TestClient, body: dict[str, Any],
                                                  status: int) -> None:
    reply = client.post("/api/compare", json=body)
    assert reply.status_code == status
    assert reply.json()["error"]


def test_openapi_describes_typed_requests(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/compare", "/api/ingest",
                 "/api/ingest/{job_id}"):
        assert path in paths, path
    body = paths["/api/compare"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/CompareRequest")
    assert "texts" in spec["components"]["schemas"]["CompareRequest"]["properties"]
    stories = spec["components"]["schemas"]["StoriesOut"]["properties"]
    assert "schema" in stories


def test_session_hands_out_the_csrf_token(client: TestClient) -> None:
    data = client.get("/api/session").json()
    assert data["user"] is None and len(data["csrf_token"]) > 20
