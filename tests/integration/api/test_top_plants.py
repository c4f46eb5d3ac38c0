"""GET /api/v1/plants/top on SQLite and PostgreSQL: ranking, totals, shares, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from gridlens.egrid.states import STATES
from tests.integration.api.conftest import Seed
from tests.integration.api.factories import dataset, plant

PROBLEM = "application/problem+json"


@pytest.fixture
def texas(seed: Seed) -> None:
    """TX: a tie at 300, an unknown, a battery below zero; AZ beats them all; DC knows nothing."""
    seed(
        dataset(2023),
        plant(
            2023, 10, "TX", 100.0, name="Ten", nameplate_mw=50.5, generators=2, primary_fuel="NG"
        ),
        plant(2023, 7, "TX", 300.0, name="Seven", primary_fuel="NUC"),
        plant(2023, 5, "TX", 300.0, name="Five", primary_fuel="NUC"),
        plant(2023, 3, "TX", None, name="Unknown"),
        plant(2023, 20, "TX", -50.0, name="Battery", primary_fuel="MWH"),
        plant(2023, 6008, "AZ", 1000.0, name="Palo Verde", nameplate_mw=3937.0, generators=3),
        plant(2023, 1, "DC", None, name="Nothing known"),
    )


def ranked(
    rank: int, plant_id: int, name: str, state: str, mwh: float, total: float, **kw: object
) -> dict[str, object]:
    return {
        "rank": rank,
        "plant_id": plant_id,
        "name": name,
        "state": state,
        "net_generation_mwh": mwh,
        "nameplate_mw": kw.get("nameplate_mw"),
        "generators": kw.get("generators", 1),
        "primary_fuel": kw.get("primary_fuel"),
        "share": mwh / total if total > 0 else None,
        "fuel_category": kw.get("fuel_category", "other"),
        "previous": None,
        "location": kw.get("location"),
    }


@pytest.mark.usefixtures("texas")
def test_state_ranking_breaks_ties_by_plant_id_and_puts_negatives_last(client: TestClient) -> None:
    response = client.get("/api/v1/plants/top", params={"state": "TX", "year": 2023})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "year": 2023,
        "state": "TX",
        "fuel": None,
        "previous_year": None,
        "total_net_generation_mwh": 650.0,
        "plants": [
            ranked(1, 5, "Five", "TX", 300.0, 650.0, primary_fuel="NUC", fuel_category="nuclear"),
            ranked(2, 7, "Seven", "TX", 300.0, 650.0, primary_fuel="NUC", fuel_category="nuclear"),
            ranked(
                3,
                10,
                "Ten",
                "TX",
                100.0,
                650.0,
                nameplate_mw=50.5,
                generators=2,
                primary_fuel="NG",
                fuel_category="gas",
            ),
            ranked(
                4, 20, "Battery", "TX", -50.0, 650.0, primary_fuel="MWH", fuel_category="storage"
            ),
        ],
    }


@pytest.mark.usefixtures("texas")
def test_nation_is_every_state_and_n_cuts_the_list_not_the_total(client: TestClient) -> None:
    body = client.get("/api/v1/plants/top", params={"n": 2}).json()

    assert body["state"] is None
    assert body["total_net_generation_mwh"] == 1650.0
    assert [(p["rank"], p["plant_id"]) for p in body["plants"]] == [(1, 6008), (2, 5)]
    assert body["plants"][0]["share"] == 1000.0 / 1650.0


@pytest.mark.usefixtures("texas")
@pytest.mark.parametrize("given", ["tx", "Tx", "TX"])
def test_state_in_any_case(client: TestClient, given: str) -> None:
    body = client.get("/api/v1/plants/top", params={"state": given}).json()

    assert body["state"] == "TX"
    assert [p["plant_id"] for p in body["plants"]] == [5, 7, 10, 20]


@pytest.mark.usefixtures("texas")
def test_state_where_nothing_is_known_ranks_nothing(client: TestClient) -> None:
    body = client.get("/api/v1/plants/top", params={"state": "DC"}).json()

    assert body == {
        "year": 2023,
        "state": "DC",
        "fuel": None,
        "previous_year": None,
        "total_net_generation_mwh": 0.0,
        "plants": [],
    }


@pytest.mark.usefixtures("texas")
def test_valid_state_without_plants_is_an_empty_list(client: TestClient) -> None:
    response = client.get("/api/v1/plants/top", params={"state": "vt"})

    assert response.status_code == 200
    assert response.json() == {
        "year": 2023,
        "state": "VT",
        "fuel": None,
        "previous_year": None,
        "total_net_generation_mwh": 0.0,
        "plants": [],
    }


def test_share_is_null_when_the_total_is_not_positive(client: TestClient, seed: Seed) -> None:
    seed(dataset(2023), plant(2023, 1, "PR", -5.0), plant(2023, 2, "PR", 2.0))

    body = client.get("/api/v1/plants/top", params={"state": "PR"}).json()

    assert body["total_net_generation_mwh"] == -3.0
    assert [(p["plant_id"], p["share"]) for p in body["plants"]] == [(2, None), (1, None)]


@pytest.mark.usefixtures("texas")
def test_unknown_state_is_422_listing_every_code(client: TestClient) -> None:
    response = client.get("/api/v1/plants/top", params={"state": "XX"})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    codes = ", ".join(sorted(STATES))
    assert len(STATES) == 52
    assert problem["errors"] == [
        {
            "in": "query",
            "name": "state",
            "detail": f"Unknown state 'XX'. Use a two-letter code, any case, or omit it for "
            f"all states: {codes}.",
        }
    ]
    assert problem["status"] == 422
    assert problem["title"] == "Invalid request"
    assert problem["instance"] == "/api/v1/plants/top?state=XX"
    assert problem["detail"].endswith(f"state (query): {problem['errors'][0]['detail']}")


@pytest.mark.usefixtures("texas")
@pytest.mark.parametrize(
    ("n", "detail"),
    [
        (0, "Input should be greater than or equal to 1"),
        (1001, "Input should be less than or equal to 1000"),
        ("ten", "Input should be a valid integer, unable to parse string as an integer"),
    ],
)
def test_n_out_of_bounds_is_422(client: TestClient, n: object, detail: str) -> None:
    response = client.get("/api/v1/plants/top", params={"n": n})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"] == [{"in": "query", "name": "n", "detail": detail}]


@pytest.mark.usefixtures("texas")
@pytest.mark.parametrize(("n", "count"), [(1, 1), (1000, 5)])
def test_n_at_its_bounds(client: TestClient, n: int, count: int) -> None:
    response = client.get("/api/v1/plants/top", params={"n": n})

    assert response.status_code == 200
    assert len(response.json()["plants"]) == count


def test_year_defaults_to_the_latest_loaded(client: TestClient, seed: Seed) -> None:
    seed(
        dataset(2022),
        dataset(2023),
        plant(2022, 1, "TX", 10.0, name="Old"),
        plant(2023, 1, "TX", 20.0, name="New"),
    )

    latest = client.get("/api/v1/plants/top").json()
    older = client.get("/api/v1/plants/top", params={"year": 2022}).json()

    assert (latest["year"], latest["plants"][0]["name"]) == (2023, "New")
    assert (older["year"], older["plants"][0]["name"]) == (2022, "Old")


@pytest.mark.usefixtures("texas")
def test_year_not_loaded_is_404_naming_the_loaded_years(client: TestClient) -> None:
    response = client.get("/api/v1/plants/top", params={"year": 2019})

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json() == {
        "type": "/problems/year-not-loaded",
        "title": "Year not loaded",
        "status": 404,
        "detail": "No data is loaded for 2019. Loaded years: 2023. Ask for one of those, "
        "or load the 2019 generator sheet with `gridlens ingest`.",
        "instance": "/api/v1/plants/top?year=2019",
    }


@pytest.mark.parametrize("path", ["/api/v1/plants/top", "/api/v1/states", "/api/v1/plants/1"])
@pytest.mark.parametrize("year", [None, 2023])
def test_nothing_loaded_is_404_saying_how_to_load(
    client: TestClient, path: str, year: int | None
) -> None:
    response = client.get(path, params={"year": year} if year else {})

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "/problems/no-data"
    assert problem["title"] == "No data loaded"
    assert "`gridlens ingest <file.csv>`" in problem["detail"]
