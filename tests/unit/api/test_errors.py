"""Every error is application/problem+json (RFC 9457) with a detail a person can act on."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from gridlens.api.errors import invalid_param
from gridlens.api.problems import problem
from gridlens.plants.errors import UnknownState
from tests.unit.api.conftest import MakeApp


def test_problem_without_a_type_is_about_blank_titled_by_status() -> None:
    response = problem(409, "Try again later.", instance="/x")

    assert response.media_type == "application/problem+json"
    assert response.body == (
        b'{"type":"about:blank","title":"Conflict","status":409,'
        b'"detail":"Try again later.","instance":"/x"}'
    )


def test_invalid_param_uses_our_message_without_pydantics_prefix() -> None:
    error = {
        "loc": ("query", "state"),
        "msg": "Value error, Unknown state 'XX'.",
        "ctx": {"error": UnknownState("XX", ["AK", "AL"])},
    }

    assert invalid_param(error) == {
        "in": "query",
        "name": "state",
        "detail": "Unknown state 'XX'. Use a two-letter code, any case, or omit it for all "
        "states: AK, AL.",
    }


def test_unknown_path_is_a_404_problem_pointing_at_the_docs(make_app: MakeApp) -> None:
    response = TestClient(make_app()).get("/api/v1/nothing")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Nothing is at /api/v1/nothing. The API lives under /api/v1; /docs lists it.",
        "instance": "/api/v1/nothing",
    }


def test_wrong_method_is_a_405_problem_naming_the_allowed_ones(make_app: MakeApp) -> None:
    response = TestClient(make_app()).delete("/api/v1/years")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["detail"] == "DELETE is not allowed on /api/v1/years; use GET."


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/auth/api-tokens", "GET, POST"),
        ("/api/v1/auth/session", "DELETE, POST"),
        ("/api/v1/files", "GET, POST"),
        ("/api/v1/ingestions", "GET, POST"),
        ("/api/v1/users", "GET, POST"),
    ],
)
def test_a_405_names_every_method_of_a_path_with_two(
    make_app: MakeApp, path: str, allowed: str
) -> None:
    response = TestClient(make_app()).put(path)

    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["detail"] == f"PUT is not allowed on {path}; use {allowed}."


def test_every_405_allows_what_the_openapi_documents(make_app: MakeApp) -> None:
    client = TestClient(make_app())
    checked = 0
    for template, item in client.get("/openapi.json").json()["paths"].items():
        path = re.sub(r"\{[a-z_]+\}", "1", template)
        response = client.patch(path)
        assert response.status_code == 405, template
        assert response.headers["allow"] == ", ".join(sorted(m.upper() for m in item)), template
        checked += 1
    assert checked >= 17


def test_several_bad_parameters_are_each_listed(make_app: MakeApp) -> None:
    response = TestClient(make_app()).get(
        "/api/v1/plants/top", params={"n": 0, "state": "ZZ", "year": 1800}
    )

    assert response.status_code == 422
    assert [(e["in"], e["name"]) for e in response.json()["errors"]] == [
        ("query", "year"),
        ("query", "n"),
        ("query", "state"),
    ]
    assert response.json()["detail"].startswith(
        "Fix these request parameters: year (query): Input should be greater than or equal "
        "to 1900; n (query): Input should be greater than or equal to 1; state (query): "
        "Unknown state 'ZZ'."
    )


def test_a_bug_is_a_500_problem_with_the_request_id_and_no_internals(make_app: MakeApp) -> None:
    app = make_app()

    def explode() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", explode)

    response = TestClient(app).get("/boom", headers={"X-Request-ID": "abc-123"})

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "abc-123"
    assert response.json() == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "Something went wrong on our side. It is logged under request id abc-123; "
        "quote that id when you report it.",
        "request_id": "abc-123",
    }


@pytest.mark.parametrize("status", [404, 422, 503])
def test_error_responses_are_documented_as_problems(make_app: MakeApp, status: int) -> None:
    schema = TestClient(make_app()).get("/openapi.json").json()
    documented = {
        (path, str(status))
        for path, item in schema["paths"].items()
        for operation in item.values()
        if str(status) in operation["responses"]
        and "application/problem+json" in operation["responses"][str(status)]["content"]
    }

    assert documented, status
    assert "Problem" in schema["components"]["schemas"]
