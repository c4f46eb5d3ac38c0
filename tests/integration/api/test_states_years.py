"""GET /api/v1/states and /api/v1/years on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.api.conftest import Seed
from tests.integration.api.factories import dataset, plant


def test_states_by_code_with_counts_and_known_totals(client: TestClient, seed: Seed) -> None:
    seed(
        dataset(2023),
        dataset(2022),
        plant(2023, 3, "TX", 300.0),
        plant(2023, 4, "TX", None),
        plant(2023, 5, "TX", -20.5),
        plant(2023, 1, "DC", None),
        plant(2023, 2, "AK", 7.25),
        plant(2022, 9, "WY", 1.0),
    )

    response = client.get("/api/v1/states")

    assert response.status_code == 200
    assert response.json() == {
        "year": 2023,
        "states": [
            {"code": "AK", "name": "Alaska", "plants": 1, "net_generation_mwh": 7.25},
            {"code": "DC", "name": "District of Columbia", "plants": 1, "net_generation_mwh": 0.0},
            {"code": "TX", "name": "Texas", "plants": 3, "net_generation_mwh": 279.5},
        ],
    }
    assert client.get("/api/v1/states", params={"year": 2022}).json() == {
        "year": 2022,
        "states": [{"code": "WY", "name": "Wyoming", "plants": 1, "net_generation_mwh": 1.0}],
    }


def test_states_of_a_year_not_loaded_is_404(client: TestClient, seed: Seed) -> None:
    seed(dataset(2023), plant(2023, 1, "TX", 1.0))

    response = client.get("/api/v1/states", params={"year": 2021})

    assert response.status_code == 404
    assert response.json()["type"] == "/problems/year-not-loaded"


def test_years_newest_first_with_their_files(client: TestClient, seed: Seed) -> None:
    seed(
        dataset(2022, plants=11973, generators=25843, source="gen22.csv"),
        dataset(2023, plants=12611, generators=26601, source="s3://egrid/gen23.csv"),
    )

    assert client.get("/api/v1/years").json() == {
        "years": [
            {
                "year": 2023,
                "plants": 12611,
                "generators": 26601,
                "source": "s3://egrid/gen23.csv",
                "sha256": f"{2023:064d}",
                "loaded_at": "2025-01-15T12:30:00Z",
            },
            {
                "year": 2022,
                "plants": 11973,
                "generators": 25843,
                "source": "gen22.csv",
                "sha256": f"{2022:064d}",
                "loaded_at": "2025-01-15T12:30:00Z",
            },
        ],
        "latest": 2023,
    }


def test_years_when_nothing_is_loaded(client: TestClient) -> None:
    response = client.get("/api/v1/years")

    assert response.status_code == 200
    assert response.json() == {"years": [], "latest": None}
