"""Trends on small seeded data, SQLite and PostgreSQL: empty years, rank movement across states,
search folding accents and case, the nation's code in any case, bad codes."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from gridlens.plants.schemas import TopPlant, TopPlants
from tests.integration.api.conftest import Seed
from tests.integration.api.factories import dataset, plant


@pytest.fixture
def years(seed: Seed) -> None:
    """2022: VT has nothing. 2023: a plant moves from NH to VT, another is new, one unknown."""
    seed(
        dataset(2022),
        dataset(2023),
        plant(2022, 1, "NH", 500.0, name="Mover", primary_fuel="WAT"),
        plant(2022, 2, "NH", 900.0, name="Stayer", primary_fuel="NG"),
        plant(2023, 1, "VT", 400.0, name="Mover", primary_fuel="WAT"),
        plant(2023, 2, "NH", 800.25, name="Stayer", primary_fuel="NG"),
        plant(2023, 3, "NH", 1000.125, name="Central Peñuelas", primary_fuel="SUN"),
        plant(2023, 4, "NH", None, name="PENUELAS NORTE", primary_fuel="SUN"),
    )


@pytest.mark.usefixtures("years")
def test_a_year_without_plants_is_zero_and_empty(client: TestClient) -> None:
    body = client.get("/api/v1/states/vt/history").json()

    assert body == {
        "state": "VT",
        "fuel": None,
        "years": [
            {"year": 2022, "plants": 0, "net_generation_mwh": 0.0, "by_fuel": []},
            {
                "year": 2023,
                "plants": 1,
                "net_generation_mwh": 400.0,
                "by_fuel": [{"fuel": "hydro", "plants": 1, "net_generation_mwh": 400.0}],
            },
        ],
    }


@pytest.mark.usefixtures("years")
def test_nation_counts_unknown_plants_but_sums_known_values(client: TestClient) -> None:
    body = client.get("/api/v1/states/Us/history").json()

    assert body["state"] == "US"
    assert [(y["year"], y["plants"], y["net_generation_mwh"]) for y in body["years"]] == [
        (2022, 2, 1400.0),
        (2023, 4, 2200.375),
    ]
    assert body["years"][1]["by_fuel"] == [
        {"fuel": "solar", "plants": 2, "net_generation_mwh": 1000.125},
        {"fuel": "gas", "plants": 1, "net_generation_mwh": 800.25},
        {"fuel": "hydro", "plants": 1, "net_generation_mwh": 400.0},
    ]


@pytest.mark.usefixtures("years")
def test_previous_is_null_for_new_plants_and_plants_from_another_state(
    client: TestClient,
) -> None:
    nation = client.get("/api/v1/plants/top", params={"year": 2023}).json()
    vermont = client.get("/api/v1/plants/top", params={"year": 2023, "state": "VT"}).json()

    assert nation["previous_year"] == 2022
    assert [(p["plant_id"], p["previous"]) for p in nation["plants"]] == [
        (3, None),
        (2, {"year": 2022, "rank": 1, "net_generation_mwh": 900.0}),
        (1, {"year": 2022, "rank": 2, "net_generation_mwh": 500.0}),
    ]
    assert [(p["plant_id"], p["previous"]) for p in vermont["plants"]] == [(1, None)]


@pytest.mark.usefixtures("years")
def test_plant_history_ranks_unknown_generation_as_null(client: TestClient) -> None:
    body = client.get("/api/v1/plants/4/history").json()

    assert body["years"] == [
        {
            "year": 2023,
            "name": "PENUELAS NORTE",
            "state": "NH",
            "net_generation_mwh": None,
            "nameplate_mw": None,
            "primary_fuel": "SUN",
            "fuel_category": "solar",
            "rank_in_state": None,
            "rank_in_nation": None,
        }
    ]


@pytest.mark.usefixtures("years")
@pytest.mark.parametrize("q", ["penuelas", "PEÑUELAS", "Peñu", "  nuel "])
def test_search_ignores_case_and_accents(client: TestClient, q: str) -> None:
    body = client.get("/api/v1/plants", params={"q": q, "year": 2023}).json()

    assert [(p["plant_id"], p["name"]) for p in body["plants"]] == [
        (3, "Central Peñuelas"),
        (4, "PENUELAS NORTE"),
    ]


@pytest.mark.usefixtures("years")
def test_search_takes_like_characters_literally_and_needs_two_characters(
    client: TestClient,
) -> None:
    assert client.get("/api/v1/plants", params={"q": "%%"}).json()["plants"] == []
    assert client.get("/api/v1/plants", params={"q": "_o"}).json()["plants"] == []
    for bad in ("p", "pa\x00lo"):  # PostgreSQL takes no NUL in text
        response = client.get("/api/v1/plants", params={"q": bad})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.usefixtures("years")
def test_unknown_state_code_is_a_problem_naming_us(client: TestClient) -> None:
    response = client.get("/api/v1/states/ZZ/history")

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "or US for the nation" in response.json()["detail"]


def test_history_with_nothing_loaded_says_so(client: TestClient) -> None:
    for path in ("/api/v1/states/TX/history", "/api/v1/plants/1/history"):
        response = client.get(path)
        assert response.status_code == 404
        assert "No eGRID data is loaded yet" in response.json()["detail"]


@pytest.mark.usefixtures("years")
@pytest.mark.parametrize(
    "params",
    [
        {"year": 2023},
        {"year": 2023, "state": "nh", "n": 2},
        {"year": 2023, "fuel": "solar"},
        {"year": 2023, "state": "NH", "fuel": "gas"},
        {"year": 2022, "n": 1},
    ],
)
def test_top_json_built_from_rows_is_the_models_json(
    client: TestClient, params: dict[str, object]
) -> None:
    """The ranking's JSON is encoded straight from the rows: the documented model, exactly."""
    body = client.get("/api/v1/plants/top", params=params).content
    as_model = TopPlants.model_validate_json(body)

    assert json.loads(body) == json.loads(as_model.model_dump_json())
    assert list(json.loads(body)) == list(TopPlants.model_fields)
    assert [list(p) for p in json.loads(body)["plants"]] == [
        list(TopPlant.model_fields) for _ in as_model.plants
    ]
