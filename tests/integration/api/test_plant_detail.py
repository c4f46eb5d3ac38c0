"""GET /api/v1/plants/{plant_id} on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.integration.api.conftest import Seed
from tests.integration.api.factories import dataset, generator, location, plant

NO_GENERATOR_FIELDS = {
    "status": None,
    "prime_mover": None,
    "fuel": None,
    "nameplate_mw": None,
    "capacity_factor": None,
    "net_generation_mwh": None,
    "ozone_net_generation_mwh": None,
    "year_online": None,
    "year_retired": None,
    "boilers": None,
}


@pytest.fixture
def south_texas(seed: Seed) -> None:
    seed(
        dataset(2022),
        dataset(2023),
        plant(
            2023,
            6251,
            "TX",
            21787144.0,
            name="South Texas Project",
            nameplate_mw=2708.6,
            generators=3,
            primary_fuel="NUC",
        ),
        # Inserted out of file order: the answer must follow the line.
        generator(
            2023,
            900,
            6251,
            "0002",
            status="OP",
            prime_mover="ST",
            fuel="NUC",
            nameplate_mw=1354.3,
            capacity_factor=0.91,
            net_generation_mwh=10800000.5,
            ozone_net_generation_mwh=4500000.0,
            year_online=1989,
            boilers=1,
        ),
        generator(2023, 899, 6251, "0001", net_generation_mwh=10987143.5, year_retired=2047),
        generator(2023, 901, 6251, None),
        generator(2023, 902, 77, "1"),
        location(6251, 28.795, -96.0481, city="Wadsworth", county="Matagorda"),
    )


@pytest.mark.usefixtures("south_texas")
def test_plant_with_its_generators_in_file_order(client: TestClient) -> None:
    response = client.get("/api/v1/plants/6251")

    assert response.status_code == 200
    assert response.json() == {
        "year": 2023,
        "plant_id": 6251,
        "name": "South Texas Project",
        "state": "TX",
        "net_generation_mwh": 21787144.0,
        "nameplate_mw": 2708.6,
        "generator_count": 3,
        "primary_fuel": "NUC",
        "generators": [
            NO_GENERATOR_FIELDS
            | {
                "generator_id": "0001",
                "net_generation_mwh": 10987143.5,
                "year_retired": 2047,
                "line": 899,
            },
            {
                "generator_id": "0002",
                "status": "OP",
                "prime_mover": "ST",
                "fuel": "NUC",
                "nameplate_mw": 1354.3,
                "capacity_factor": 0.91,
                "net_generation_mwh": 10800000.5,
                "ozone_net_generation_mwh": 4500000.0,
                "year_online": 1989,
                "year_retired": None,
                "boilers": 1,
                "line": 900,
            },
            NO_GENERATOR_FIELDS | {"generator_id": None, "line": 901},
        ],
        "location": {"lat": 28.795, "lon": -96.0481, "city": "Wadsworth", "county": "Matagorda"},
    }


@pytest.mark.usefixtures("south_texas")
def test_plant_missing_from_the_year_asked_names_the_years_it_is_in(client: TestClient) -> None:
    response = client.get("/api/v1/plants/6251", params={"year": 2022})

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/plant-not-found",
        "title": "Plant not found",
        "status": 404,
        "detail": "Plant 6251 is not in the 2022 data. It is in 2023: ask with ?year=.",
        "instance": "/api/v1/plants/6251?year=2022",
    }


@pytest.mark.usefixtures("south_texas")
def test_unknown_plant_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/plants/424242")

    assert response.status_code == 404
    assert response.json()["detail"] == (
        "Plant 424242 is not in the 2023 data. Check the plant ID (the ORISPL code): "
        "GET /api/v1/plants/top lists plants."
    )


@pytest.mark.usefixtures("south_texas")
@pytest.mark.parametrize("plant_id", ["0", "-1", "2147483648", "abc"])
def test_invalid_plant_id_is_422(client: TestClient, plant_id: str) -> None:
    response = client.get(f"/api/v1/plants/{plant_id}")

    assert response.status_code == 422
    assert [e["name"] for e in response.json()["errors"]] == ["plant_id"]
    assert response.json()["errors"][0]["in"] == "path"
