"""The OpenAPI document: versioned paths, readable operation IDs, the schemas the UI generates."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from gridlens.egrid.states import STATES
from tests.unit.api.conftest import MakeApp


def test_operations_are_named_after_their_endpoints(make_app: MakeApp) -> None:
    schema = TestClient(make_app()).get("/openapi.json").json()

    operations = {
        (method.upper(), path): operation["operationId"]
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }
    assert (
        operations.items()
        >= {
            ("GET", "/api/v1/plants/top"): "top_plants",
            ("GET", "/api/v1/plants/map"): "get_plant_map",
            ("GET", "/api/v1/plants/{plant_id}"): "get_plant",
            ("GET", "/api/v1/states"): "list_states",
            ("GET", "/api/v1/years"): "list_years",
            ("GET", "/api/v1/ingestions"): "list_ingestions",
            ("GET", "/api/v1/ingestions/{ingestion_id}"): "get_ingestion",
            ("GET", "/healthz"): "healthz",
            ("GET", "/readyz"): "readyz",
            ("GET", "/metrics"): "prometheus_metrics",
        }.items()
    )


def test_response_schemas_keep_the_names_the_ui_client_uses(make_app: MakeApp) -> None:
    schemas = TestClient(make_app()).get("/openapi.json").json()["components"]["schemas"]

    assert {
        "TopPlants",
        "TopPlant",
        "PlantDetail",
        "Generator",
        "States",
        "StateTotal",
        "Years",
        "LoadedYear",
        "Problem",
        "PlantMap",
        "MapFeature",
        "Location",
    } <= set(schemas)
    assert schemas["TopPlant"]["required"] == [
        "rank",
        "plant_id",
        "name",
        "state",
        "net_generation_mwh",
        "nameplate_mw",
        "generators",
        "primary_fuel",
        "share",
        "location",
    ]


def test_every_422_is_documented_as_a_problem(make_app: MakeApp) -> None:
    schema = TestClient(make_app()).get("/openapi.json").json()

    invalid = [
        operation["responses"]["422"]["content"]
        for item in schema["paths"].values()
        for operation in item.values()
        if "422" in operation["responses"]
    ]
    assert invalid
    assert all(
        content
        == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for content in invalid
    )
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_docs_page(make_app: MakeApp) -> None:
    response = TestClient(make_app()).get("/docs")

    assert response.status_code == 200
    assert "/openapi.json" in response.text


@pytest.mark.parametrize("body", ["Body_issue_token", "Body_open_session"])
def test_the_password_form_documents_that_empty_fields_are_refused(
    make_app: MakeApp, body: str
) -> None:
    form = TestClient(make_app()).get("/openapi.json").json()["components"]["schemas"][body]

    assert form["required"] == ["username", "password"]
    assert form["properties"]["username"] == {"type": "string", "minLength": 1, "title": "Username"}
    assert form["properties"]["password"] == {
        "type": "string",
        "minLength": 1,
        "format": "password",
        "title": "Password",
    }


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/auth/session"])
@pytest.mark.parametrize("field", ["username", "password"])
def test_an_empty_username_or_password_is_refused_as_documented(
    make_app: MakeApp, path: str, field: str
) -> None:
    form = {"username": "ada", "password": "correct horse"} | {field: ""}

    response = TestClient(make_app()).post(path, data=form)

    assert response.status_code == 422
    assert response.json()["errors"] == [{"in": "body", "name": field, "detail": "Field required"}]


def test_state_is_documented_as_the_codes_egrid_reports(make_app: MakeApp) -> None:
    operation = make_app().openapi()["paths"]["/api/v1/plants/top"]["get"]
    (state,) = [p for p in operation["parameters"] if p["name"] == "state"]
    codes = state["schema"]["anyOf"][0]
    assert codes == {"type": "string", "enum": sorted(STATES)}
    assert len(codes["enum"]) == 52  # the 50 states, DC and Puerto Rico
    assert state["schema"]["anyOf"][1] == {"type": "null"}
