"""Property-based tests of the served app from its OpenAPI document (schemathesis): no 5xx.

Every GET operation, pages included, and ``POST /api/compare`` get generated requests,
valid and invalid, sent over HTTP to the real server (uvicorn on loopback) by a signed-in
client. The only check is schemathesis' ``not_a_server_error``: whatever comes in, the
answer is a page, a 4xx with a message, never a crash.

The writing operations (ingest uploads, notes, sign-out) are left out: they change the
served corpus or end the session the other operations use, and tests/web/test_security.py
covers their refusals.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from .browser_support import (
    LiveServer,
    live_server_fixture,  # noqa: F401 - a fixture, used by name
)

#: Bounded so the file runs in well under a minute on a two-core machine.
GET_EXAMPLES = 25
COMPARE_EXAMPLES = 25
# derandomize: the same requests on every run, so a failure is reproducible and CI is not
# flaky; database=None: nothing is written into the checkout (.hypothesis/).
FUZZ = settings(deadline=None, database=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck))
#: The GET operations of /openapi.json, pages and API; a route added later is fuzzed too.
EXPECTED_GETS = {"/", "/stories/{story_id}", "/stories/{story_id}/compare/{a}/{b}", "/compare", "/login",
                 "/notes", "/ingest", "/ingest/{job_id}", "/api/stories", "/api/stories/{story_id}",
                 "/api/session", "/api/ingest/{job_id}"}


@pytest.fixture(scope="module")
def api_schema(live_server: LiveServer) -> Any:
    """The app's own OpenAPI document, as served."""
    return schemathesis.openapi.from_url(f"{live_server.url}/openapi.json", timeout=30)


@pytest.fixture(scope="module")
def signed_in(live_server: LiveServer) -> Iterator[requests.Session]:
    """A requests session signed in as the reviewer, with the CSRF header set."""
    with requests.Session() as session:
        token = session.get(f"{live_server.url}/api/session", timeout=30).json()["csrf_token"]
        reply = session.post(f"{live_server.url}/login", timeout=30, allow_redirects=False, data={
            "name": live_server.user, "password": live_server.password, "csrf_token": token})
        assert reply.status_code == 303, reply.text
        session.headers["x-csrf-token"] = session.get(f"{live_server.url}/api/session", timeout=30).json()[
            "csrf_token"]
        yield session


def operations(api_schema: Any, method: str, path: str | None = None) -> list[Any]:
    found = [result.ok() for result in api_schema.get_all_operations()]
    return [op for op in found if op.method.upper() == method and (path is None or op.path == path)]


#: Integers a database or a C library may not hold; random draws reach them only by luck.
EXTREME_INTEGERS = [2**63, -(2**63) - 1, 10**40, 0, -1]


def extremes(operation: Any) -> st.SearchStrategy[Any]:
    """Requests whose integer path and query parameters are all at an extreme."""
    declared = operation.schema.raw_schema["paths"][operation.path][operation.method.lower()]
    integers = [(p["in"], p["name"]) for p in declared.get("parameters", [])
                if p.get("schema", {}).get("type") == "integer" and p["in"] in ("path", "query")]
    if not integers:
        return st.nothing()

    def at(value: int) -> st.SearchStrategy[Any]:
        path = {name: value for where, name in integers if where == "path"}
        query = {name: value for where, name in integers if where == "query"}
        return operation.as_strategy(GenerationMode.POSITIVE, path_parameters=path or None,
                                     query=query or None)

    return st.sampled_from(EXTREME_INTEGERS).flatmap(at)


# News-like texts: random draws of the schema's strings are refused before any comparing
# (too short, no title, not English), so these reach the claims, alignment and detectors.
_WORDS = st.sampled_from("council fire police mayor bridge river hospital school port workers vote "
                         "homes officials residents station tram ferry storm road".split())
_SENTENCE = st.builds(
    "The {} {} {} {} on {}, {} said.".format,
    _WORDS, st.sampled_from(["injured", "closed", "approved", "rescued", "reported", "lost"]),
    st.one_of(st.integers(0, 10**6).map(str), st.sampled_from(["about 40", "$4.5 million", "12%", "-3",
                                                                "twelve", "1e308", "9" * 40])),
    _WORDS, st.sampled_from(["Monday", "Tuesday", "2026-11-03", "13 November 2026"]),
    st.sampled_from(["the fire department", "Chief Maria Lopez", "officials", "<b>the council</b>",
                     "\u202eofficials", "{{7*7}}", "O'Brien-Smith & Co."]))
_NEWS = st.builds(lambda title, sentences: " ".join(title).capitalize() + "\n\n" + " ".join(sentences),
                  st.lists(_WORDS, min_size=2, max_size=8), st.lists(_SENTENCE, min_size=1, max_size=6))


def compare_bodies(operation: Any) -> st.SearchStrategy[Any]:
    """POST /api/compare with two to four news-like texts and any reference index, in range or not."""
    bodies = st.fixed_dictionaries({"texts": st.lists(_NEWS, min_size=2, max_size=4),
                                    "reference": st.one_of(st.none(), st.integers(-3, 12))})
    return bodies.flatmap(lambda body: operation.as_strategy(GenerationMode.POSITIVE, body=body))


def fuzz(operation: Any, session: requests.Session, examples: int,
         statuses: Counter[int] | None = None, extra: st.SearchStrategy[Any] | None = None) -> str | None:
    """Send ``examples`` generated requests, valid and invalid; the first 5xx found, shrunk.

    ``statuses`` counts the answers, to show what the requests reached.
    """
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                         operation.as_strategy(GenerationMode.NEGATIVE), extremes(operation),
                         extra if extra is not None else st.nothing())

    @settings(FUZZ, max_examples=examples)
    @given(case=strategy)
    def run(case: Any) -> None:
        response = case.call(session=session, timeout=60)
        if statuses is not None:
            statuses[response.status_code] += 1
        case.validate_response(response, checks=[not_a_server_error])

    try:
        run()
    # schemathesis reports its failures as an exception group, not an Exception.
    except (Exception, BaseExceptionGroup) as exc:  # every operation is tried; all failures reported
        reproduce = re.search(r"curl [^\n]+", str(exc))
        return f"{operation.label}: {type(exc).__name__} ({reproduce.group() if reproduce else exc})"
    return None


def test_get_operations_never_answer_5xx(api_schema: Any, signed_in: requests.Session) -> None:
    gets = operations(api_schema, "GET")
    assert {op.path for op in gets} >= EXPECTED_GETS, "a GET route dropped out of /openapi.json"
    failures = [f for f in (fuzz(op, signed_in, GET_EXAMPLES) for op in gets) if f]
    assert not failures, "\n\n".join(failures)


def test_api_compare_never_answers_5xx(api_schema: Any, signed_in: requests.Session) -> None:
    (compare,) = operations(api_schema, "POST", "/api/compare")
    statuses: Counter[int] = Counter()
    failure = fuzz(compare, signed_in, COMPARE_EXAMPLES, statuses, compare_bodies(compare))
    assert failure is None, failure
    # Some requests got through to a comparison, some were refused: both paths were tried.
    assert statuses[200] >= 1 and sum(n for code, n in statuses.items() if 400 <= code < 500) >= 1, statuses
