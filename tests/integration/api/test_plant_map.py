"""GET /api/v1/plants/map and plants' locations on SQLite and PostgreSQL."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient

from gridlens.db.engine import session_scope
from gridlens.egrid.fuels import fuel_category
from gridlens.plants.geojson import PlantMap
from gridlens.plants.plant_map import CHUNK
from gridlens.plants.version import data_version
from tests.integration.api.conftest import Seed
from tests.integration.api.factories import dataset, location, locations_dataset, plant

PROBLEM = "application/problem+json"


@pytest.fixture
def texas(seed: Seed) -> None:
    """Three ranked TX plants (the second without a location), one unknown, AZ on top."""
    seed(
        dataset(2023),
        locations_dataset(),
        plant(2023, 6251, "TX", 300.0, name="South Texas Project", primary_fuel="NUC"),
        plant(2023, 6145, "TX", 200.0, name="Comanche Peak", primary_fuel="NUC"),
        plant(2023, 3470, "TX", 100.0, name="W A Parish", primary_fuel="NG"),
        plant(2023, 3, "TX", None, name="Unknown"),
        plant(2023, 6008, "AZ", 1000.0, name="Palo Verde", primary_fuel="NUC"),
        location(6251, 28.795, -96.0481, city="Wadsworth", county="Matagorda"),
        location(3470, 29.4828, -95.6311, city="Thompsons", county="Fort Bend"),
        location(6008, 33.3881, -112.8617, state="AZ", city="Wintersburg", county="Maricopa"),
        location(3, 30.0, -97.0),
    )


def feature(
    rank: int, plant_id: int, name: str, state: str, fuel: str, mwh: float, where: object
) -> dict[str, object]:
    lat, lon, city, county = where if isinstance(where, tuple) else (None, None, None, None)
    return {
        "type": "Feature",
        "id": plant_id,
        "geometry": None if lat is None else {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "rank": rank,
            "plant_id": plant_id,
            "name": name,
            "state": state,
            "fuel": fuel,
            "fuel_category": CATEGORIES[fuel],
            "net_generation_mwh": mwh,
            "city": city,
            "county": county,
        },
    }


CATEGORIES = {"NUC": "nuclear", "NG": "gas"}
SOUTH_TEXAS = (28.795, -96.0481, "Wadsworth", "Matagorda")
PARISH = (29.4828, -95.6311, "Thompsons", "Fort Bend")


@pytest.mark.usefixtures("texas")
def test_state_map_is_geojson_ranked_as_the_table_with_null_geometry_where_unknown(
    client: TestClient,
) -> None:
    response = client.get("/api/v1/plants/map", params={"state": "tx"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "type": "FeatureCollection",
        "year": 2023,
        "state": "TX",
        "fuel": None,
        "located": 2,
        "features": [
            feature(1, 6251, "South Texas Project", "TX", "NUC", 300.0, SOUTH_TEXAS),
            feature(2, 6145, "Comanche Peak", "TX", "NUC", 200.0, None),
            feature(3, 3470, "W A Parish", "TX", "NG", 100.0, PARISH),
        ],
    }
    # The body is encoded without models (for speed): it must still be exactly the documented shape.
    assert PlantMap.model_validate(response.json()).model_dump(mode="json") == response.json()


@pytest.mark.usefixtures("texas")
def test_nation_largest_first_cut_at_limit(client: TestClient) -> None:
    response = client.get("/api/v1/plants/map", params={"limit": 2, "year": 2023})

    assert response.status_code == 200
    body = response.json()
    assert [f["id"] for f in body["features"]] == [6008, 6251]
    assert (body["state"], body["located"]) == (None, 2)
    assert body["features"][0]["geometry"] == {"type": "Point", "coordinates": [-112.8617, 33.3881]}


@pytest.mark.usefixtures("texas")
def test_fuel_ranks_one_category_as_top_does(client: TestClient) -> None:
    response = client.get("/api/v1/plants/map", params={"state": "TX", "fuel": "nuclear"})

    assert response.status_code == 200
    assert response.json() == {
        "type": "FeatureCollection",
        "year": 2023,
        "state": "TX",
        "fuel": "nuclear",
        "located": 1,
        "features": [
            feature(1, 6251, "South Texas Project", "TX", "NUC", 300.0, SOUTH_TEXAS),
            feature(2, 6145, "Comanche Peak", "TX", "NUC", 200.0, None),
        ],
    }
    gas = client.get("/api/v1/plants/map", params={"state": "TX", "fuel": "gas"}).json()
    assert [(f["id"], f["properties"]["rank"]) for f in gas["features"]] == [(3470, 1)]
    # The same plants, in the same order, as the table of the same scope.
    top = client.get("/api/v1/plants/top", params={"fuel": "nuclear", "n": 10}).json()
    nation = client.get("/api/v1/plants/map", params={"fuel": "nuclear"}).json()
    assert [f["id"] for f in nation["features"]] == [p["plant_id"] for p in top["plants"]]
    assert [f["id"] for f in nation["features"]] == [6008, 6251, 6145]


@pytest.mark.usefixtures("texas")
def test_unknown_fuel_is_the_same_422_problem_as_top(client: TestClient) -> None:
    response = client.get("/api/v1/plants/map", params={"fuel": "uranium"})
    top = client.get("/api/v1/plants/top", params={"fuel": "uranium"})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["detail"] == top.json()["detail"]
    assert "'nuclear'" in response.json()["detail"]


@pytest.mark.usefixtures("texas")
def test_search_results_carry_their_location_or_null(client: TestClient) -> None:
    one_letter = client.get("/api/v1/plants", params={"q": "t", "year": 2023})
    short = client.get("/api/v1/plants", params={"q": "texas", "year": 2023})
    by_id = client.get("/api/v1/plants", params={"q": "6145", "year": 2023})

    assert one_letter.status_code == 422  # one character is too few: nothing searched
    assert short.json()["plants"] == [
        {
            "plant_id": 6251,
            "name": "South Texas Project",
            "state": "TX",
            "net_generation_mwh": 300.0,
            "location": {
                "lat": 28.795,
                "lon": -96.0481,
                "city": "Wadsworth",
                "county": "Matagorda",
            },
        }
    ]
    assert by_id.json()["plants"] == [
        {
            "plant_id": 6145,
            "name": "Comanche Peak",
            "state": "TX",
            "net_generation_mwh": 200.0,
            "location": None,
        }
    ]


@pytest.mark.usefixtures("texas")
def test_ranked_with_previous_year_still_carry_their_location(
    client: TestClient, seed: Seed
) -> None:
    # With 2022 loaded the ranking joins last year's ranks as well as the locations.
    seed(dataset(2022), plant(2022, 6251, "TX", 250.0, name="South Texas Project"))
    plants = client.get("/api/v1/plants/top", params={"state": "TX", "n": 2}).json()["plants"]

    assert [(p["plant_id"], p["previous"], p["location"]) for p in plants] == [
        (
            6251,
            {"year": 2022, "rank": 1, "net_generation_mwh": 250.0},
            {"lat": 28.795, "lon": -96.0481, "city": "Wadsworth", "county": "Matagorda"},
        ),
        (6145, None, None),
    ]


@pytest.mark.usefixtures("texas")
@pytest.mark.parametrize("limit", [0, 5001])
def test_limit_out_of_bounds_is_a_422_problem(client: TestClient, limit: int) -> None:
    response = client.get("/api/v1/plants/map", params={"limit": limit})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


def test_nothing_loaded_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/plants/map")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.usefixtures("texas")
def test_map_answers_304_to_its_etag(client: TestClient) -> None:
    first = client.get("/api/v1/plants/map", params={"state": "TX"})
    again = client.get(
        "/api/v1/plants/map",
        params={"state": "TX"},
        headers={"If-None-Match": first.headers["etag"]},
    )

    assert again.status_code == 304
    assert again.headers["etag"] == first.headers["etag"]


@pytest.mark.usefixtures("texas")
def test_top_plants_carry_their_location_or_null(client: TestClient) -> None:
    response = client.get("/api/v1/plants/top", params={"state": "TX", "n": 2})

    assert [p["location"] for p in response.json()["plants"]] == [
        {"lat": 28.795, "lon": -96.0481, "city": "Wadsworth", "county": "Matagorda"},
        None,
    ]


def test_loading_locations_changes_the_data_version(db_url: str, seed: Seed) -> None:
    seed(dataset(2023))
    with session_scope(db_url) as session:
        before = data_version(session)
    seed(locations_dataset(ingestion_id=7))
    with session_scope(db_url) as session:
        after = data_version(session)

    assert before.locations is None
    assert after.locations is not None
    assert after.locations[0] == 7
    assert after.tag != before.tag


def test_many_features_are_the_documented_json_byte_for_byte(
    client: TestClient, seed: Seed
) -> None:
    # More plants than the map encodes at a time, with names that need escaping, whole and
    # negative megawatt-hours, plants without a location or a fuel: the body must be exactly
    # orjson's encoding of the documented shape, features in rank order.
    count = CHUNK * 2 + 1
    names = ['Quote "Q" Plant', "Back\\slash", "Peñasco Ñ", "Tab\tand\nnewline", "Plain"]
    fuels = ["NUC", "NG", "SUN", None]
    plants = [
        plant(
            2023,
            1000 + i,
            "TX",
            2000.0 - i * 7.5 if i != count - 1 else -12.25,
            name=f"{names[i % len(names)]} {i}",
            primary_fuel=fuels[i % len(fuels)],
        )
        for i in range(count)
    ]
    located = {1000 + i: (26.0 + i / 997, -97.0 - i / 991) for i in range(count) if i % 3}
    seed(
        dataset(2023),
        locations_dataset(),
        *plants,
        plant(2023, 999, "TX", None, name="Unknown generation"),
        *(location(pid, lat, lon, city=f"City {pid}") for pid, (lat, lon) in located.items()),
    )

    response = client.get("/api/v1/plants/map", params={"state": "TX", "limit": 5000})

    expected = {
        "type": "FeatureCollection",
        "year": 2023,
        "state": "TX",
        "fuel": None,
        "located": len(located),
        "features": [
            {
                "type": "Feature",
                "id": row.plant_id,
                "geometry": None
                if row.plant_id not in located
                else {
                    "type": "Point",
                    "coordinates": [located[row.plant_id][1], located[row.plant_id][0]],
                },
                "properties": {
                    "rank": rank,
                    "plant_id": row.plant_id,
                    "name": row.name,
                    "state": "TX",
                    "fuel": row.primary_fuel,
                    "fuel_category": fuel_category(row.primary_fuel).value,
                    "net_generation_mwh": row.net_generation_kwh / 1000,
                    "city": f"City {row.plant_id}" if row.plant_id in located else None,
                    "county": None,
                },
            }
            for rank, row in enumerate(plants, start=1)
        ],
    }
    assert response.status_code == 200
    assert response.content == orjson.dumps(expected)
    assert len(response.json()["features"]) == count
