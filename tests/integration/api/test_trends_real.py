"""The trend endpoints on GEN21, GEN22 and GEN23 ingested into both databases: the shared
README's multi-year facts, exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gridlens.api.app import create_app
from gridlens.db.migrate import upgrade
from gridlens.egrid.fuels import FUELS, FuelCategory
from gridlens.settings import Settings
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.ingest.helpers import ingest_file
from tests.unit.api.signin import signed_in

pytestmark = pytest.mark.shared_data

# year -> (plants, MWh) for the nation, TX and CA (../shared/data/egrid/README.md)
US = {2021: (11_394, 4120594476.0), 2022: (11_973, 4240141166.0), 2023: (12_611, 4188971343.358)}
TX = {2021: (684, 481398471.0), 2022: (754, 521881122.0), 2023: (824, 542598584.008)}
CA = {2021: (1_617, 196943841.0), 2022: (1_678, 203256490.0), 2023: (1_726, 216080235.825)}
CA_TOP_2023 = [6099, 260, 286, 55656, 55333]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api(
    request: pytest.FixtureRequest, shared_egrid: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """An app on one database per backend holding the three years, ingested once."""
    folder = tmp_path_factory.mktemp("trends")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'gridlens.db'}"
    else:
        url = create_pg_database(request.getfixturevalue("pg_server"))
    upgrade(url)
    for name in ("gen21_bom_excel_formatted.csv", "gen22_excel_formatted.csv", "gen23.csv"):
        outcome = ingest_file(shared_egrid / name, url)
        assert outcome.status == "succeeded", outcome.error
    settings = Settings(
        env="test", database_url=url, store_url=str(folder / "store"), web_dist=str(folder / "ui")
    )
    with TestClient(signed_in(create_app(settings))) as client:
        yield client
    if request.param == "postgresql":
        drop_pg_database(request.getfixturevalue("pg_server"), url)


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(f"/api/v1{path}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("code", "facts"), [("us", US), ("TX", TX), ("ca", CA)])
def test_state_history_is_the_year_table(
    api: TestClient, code: str, facts: dict[int, tuple[int, float]]
) -> None:
    body = get(api, f"/states/{code}/history")

    assert body["state"] == code.upper()
    assert [(y["year"], y["plants"], y["net_generation_mwh"]) for y in body["years"]] == [
        (year, plants, mwh) for year, (plants, mwh) in facts.items()
    ]
    for year in body["years"]:  # the breakdown adds up, exactly (integer kWh underneath)
        by_fuel = year["by_fuel"]
        assert sum(f["plants"] for f in by_fuel) == year["plants"]
        assert round(sum(f["net_generation_mwh"] * 1000 for f in by_fuel)) == round(
            year["net_generation_mwh"] * 1000
        )
        assert [f["net_generation_mwh"] for f in by_fuel] == sorted(
            (f["net_generation_mwh"] for f in by_fuel), reverse=True
        )


def test_state_history_agrees_with_states(api: TestClient) -> None:
    states = get(api, "/states", year=2023)["states"]
    texas = next(s for s in states if s["code"] == "TX")

    assert (texas["plants"], texas["net_generation_mwh"]) == TX[2023]


def test_palo_verde_leads_nation_and_arizona_every_year(api: TestClient) -> None:
    body = get(api, "/plants/6008/history")

    assert body["plant_id"] == 6008
    assert [
        (
            y["year"],
            y["state"],
            round(y["net_generation_mwh"]),
            y["rank_in_state"],
            y["rank_in_nation"],
        )
        for y in body["years"]
    ] == [
        (2021, "AZ", 31_629_861, 1, 1),
        (2022, "AZ", 31_942_794, 1, 1),
        (2023, "AZ", 31_522_590, 1, 1),
    ]
    assert {y["fuel_category"] for y in body["years"]} == {"nuclear"}


def test_browns_ferry_2023_is_exact(api: TestClient) -> None:
    history = api.get("/api/v1/plants/46/history")
    top = api.get("/api/v1/plants/top", params={"year": 2023, "n": 2})

    assert history.json()["years"][-1]["net_generation_mwh"] == 30820509.999
    assert '"net_generation_mwh":30820509.999,' in history.text
    assert top.json()["plants"][1]["net_generation_mwh"] == 30820509.999
    assert get(api, "/plants/46", year=2023)["net_generation_mwh"] == 30820509.999


def test_california_top_five_with_their_ranks_the_years_before(api: TestClient) -> None:
    top23 = get(api, "/plants/top", state="CA", year=2023, n=5)
    # Pastoria was 11th in 2022: the 2022 top 11 holds all five, each with its 2021 rank.
    top22 = get(api, "/plants/top", state="CA", year=2022, n=11)

    assert [p["plant_id"] for p in top23["plants"]] == CA_TOP_2023
    assert top23["previous_year"] == 2022
    assert [(p["previous"]["year"], p["previous"]["rank"]) for p in top23["plants"]] == [
        (2022, 1),
        (2022, 2),
        (2022, 3),
        (2022, 11),
        (2022, 5),
    ]
    ranks22 = {p["plant_id"]: p for p in top22["plants"]}
    assert top22["previous_year"] == 2021
    assert [ranks22[plant]["rank"] for plant in CA_TOP_2023] == [1, 2, 3, 11, 5]
    assert [ranks22[plant]["previous"]["rank"] for plant in CA_TOP_2023] == [1, 2, 3, 5, 4]
    assert [p["previous"]["net_generation_mwh"] for p in top23["plants"]] == [
        ranks22[plant]["net_generation_mwh"] for plant in CA_TOP_2023
    ]
    assert get(api, "/plants/top", state="CA", year=2021, n=1)["previous_year"] is None


def test_diablo_canyon_national_ranks(api: TestClient) -> None:
    years = get(api, "/plants/6099/history")["years"]

    assert [(y["year"], y["rank_in_nation"], y["rank_in_state"]) for y in years] == [
        (2021, 26, 1),
        (2022, 22, 1),
        (2023, 22, 1),
    ]


def test_moss_landing_keeps_its_code_through_a_name_change(api: TestClient) -> None:
    body = get(api, "/plants/260/history")

    assert body["name"] == "Moss Landing Power Plant"
    assert [(y["year"], y["name"]) for y in body["years"]] == [
        (2021, "Dynegy Moss Landing Power Plant Hybrid"),
        (2022, "Dynegy Moss Landing Power Plant Hybrid"),
        (2023, "Moss Landing Power Plant"),
    ]


def test_fuel_filter_ranks_only_that_fuel(api: TestClient) -> None:
    solar = get(api, "/plants/top", state="CA", year=2023, fuel="solar", n=20)
    history = get(api, "/states/CA/history", fuel="solar")
    every = get(api, "/states/CA/history")

    assert solar["fuel"] == "solar"
    assert len(solar["plants"]) == 20
    assert {(p["primary_fuel"], p["fuel_category"]) for p in solar["plants"]} == {("SUN", "solar")}
    assert [p["rank"] for p in solar["plants"]] == list(range(1, 21))
    solar23 = next(f for f in every["years"][-1]["by_fuel"] if f["fuel"] == "solar")
    assert solar["total_net_generation_mwh"] == solar23["net_generation_mwh"]
    assert history["fuel"] == "solar"
    assert history["years"][-1] == {
        "year": 2023,
        "plants": solar23["plants"],
        "net_generation_mwh": solar23["net_generation_mwh"],
        "by_fuel": [solar23],
    }
    nuclear = get(api, "/plants/top", state="CA", year=2023, fuel="nuclear")
    assert [(p["plant_id"], p["previous"]["rank"]) for p in nuclear["plants"]] == [(6099, 1)]


def test_unknown_fuel_is_a_problem_listing_the_categories(api: TestClient) -> None:
    response = api.get("/api/v1/plants/top", params={"fuel": "uranium"})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert "fuel" in detail
    assert all(f"'{category.value}'" in detail for category in FuelCategory)
    assert api.get("/api/v1/states/TX/history", params={"fuel": "x"}).status_code == 422


def test_search_finds_palo_verde(api: TestClient) -> None:
    body = get(api, "/plants", q="palo", year=2023)

    assert body["year"] == 2023
    assert body["plants"][0] == {
        "plant_id": 6008,
        "name": "Palo Verde",
        "state": "AZ",
        "net_generation_mwh": 31522590.0,
        "location": None,  # no plant locations loaded here
    }
    assert all("palo" in p["name"].lower() for p in body["plants"])
    generation = [p["net_generation_mwh"] for p in body["plants"] if p["net_generation_mwh"]]
    assert generation == sorted(generation, reverse=True)
    assert [p["plant_id"] for p in get(api, "/plants", q="6008", limit=1)["plants"]] == [6008]


def test_history_of_an_unknown_plant_is_404(api: TestClient) -> None:
    response = api.get("/api/v1/plants/999999/history")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "Plant 999999 is in no loaded year" in response.json()["detail"]


def test_fuels_name_every_code_in_the_files(api: TestClient) -> None:
    body = get(api, "/fuels")

    assert [c["category"] for c in body["categories"]] == [c.value for c in FuelCategory]
    codes = {c["code"]: (c["label"], c["category"]) for c in body["codes"]}
    assert codes["NUC"] == ("Nuclear", "nuclear")
    assert codes["SUN"] == ("Solar", "solar")
    assert codes["MWH"] == ("Battery storage", "storage")
    assert codes.keys() == FUELS.keys()
