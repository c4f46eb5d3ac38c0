"""EIA's plant locations ingested beside eGRID's GEN23, on both databases: the README's facts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gridlens.db.migrate import upgrade
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.ingest.helpers import ingest_file, rows, scalar

HEADER = "Plant_Code,Plant_Name,Utility_Name,City,County,State,PrimSource,Total_MW,Period,Longitude,Latitude\n"  # noqa: E501


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def located(
    request: pytest.FixtureRequest,
    shared_egrid: Path,
    shared_locations: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """One database per backend holding GEN23 and the locations, ingested once for the module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('located') / 'gridlens.db'}"
    else:
        url = create_pg_database(request.getfixturevalue("pg_server"))
    upgrade(url)
    assert ingest_file(shared_egrid / "gen23.csv", url).status == "succeeded"
    yield url
    if request.param == "postgresql":
        drop_pg_database(request.getfixturevalue("pg_server"), url)


def test_the_real_file_loads_with_its_one_state_disagreement(
    located: str, shared_locations: Path
) -> None:
    outcome = ingest_file(shared_locations, located)
    assert (outcome.status, outcome.kind, outcome.year) == ("succeeded", "locations", None)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == (12_275, 12_275, 0)
    assert outcome.warnings == [
        {
            "line": 7633,
            "column": "State",
            "value": "New Mexico",
            "reason": "eGRID places plant 60696 in UT (2023); the location is kept",
        }
    ]
    assert outcome.notes == ["plant locations of 2023-11: 12,275 plants"]
    assert rows(located, "SELECT state FROM plant_locations WHERE plant_id = 60696") == [("NM",)]
    # Analysed in the same transaction, so the planner knows the table's size at once.
    if located.startswith("sqlite"):
        stat = "SELECT stat FROM sqlite_stat1 WHERE tbl = 'plant_locations'"
        assert scalar(located, stat).split()[0] == "12275"
    else:
        size = "SELECT reltuples::int FROM pg_class WHERE relname = 'plant_locations'"
        assert scalar(located, size) == 12_275
    stored = "SELECT status, warnings_count, rows_loaded FROM ingestions WHERE id = :id"
    assert rows(located, stored, id=outcome.run_id) == [("succeeded", 1, 12_275)]

    again = ingest_file(shared_locations, located)
    assert again.status == "skipped"
    assert again.notes == ["the plant locations already come from this exact file (same SHA-256)"]
    assert scalar(located, "SELECT ingestion_id FROM location_datasets") == outcome.run_id


@pytest.mark.usefixtures("loaded_locations")
def test_readme_coverage_facts(located: str) -> None:
    assert scalar(located, "SELECT COUNT(*) FROM plant_locations") == 12_275
    joined = (
        "SELECT COUNT(*) FROM plants p JOIN plant_locations l ON l.plant_id = p.plant_id "
        "WHERE p.year = 2023"
    )
    assert scalar(located, joined) == 12_219
    assert scalar(located, joined + " AND p.state = 'TX'") == 780
    assert scalar(located, "SELECT COUNT(*) FROM plants WHERE year = 2023 AND state = 'TX'") == 824
    assert rows(located, "SELECT * FROM plant_locations WHERE plant_id = 2709") == []


@pytest.mark.usefixtures("loaded_locations")
def test_readme_coordinates_and_the_stray_carriage_returns(located: str) -> None:
    where = (
        "SELECT plant_id, latitude, longitude, state, city, county, primary_source, period "
        "FROM plant_locations WHERE plant_id IN (6008, 46, 6251) ORDER BY plant_id"
    )
    assert rows(located, where) == [
        (46, 34.7042, -87.1189, "AL", "Decatur", "Limestone", "nuclear", "2023-11"),
        (6008, 33.3881, -112.8617, "AZ", "Wintersburg", "Maricopa", "nuclear", "2023-11"),
        (6251, 28.795, -96.0481, "TX", "Wadsworth", "Matagorda", "nuclear", "2023-11"),
    ]
    utilities = "SELECT utility FROM plant_locations WHERE plant_id IN (2878, 55286, 58591)"
    assert sorted(row[0] for row in rows(located, utilities)) == [
        "Oleander Holdings LLC",
        "Tillamook BioGas, LLC Digester",
        "Walleye Power, LLC",
    ]


@pytest.fixture
def loaded_locations(located: str, shared_locations: Path) -> None:
    """The real file loaded (a no-op when an earlier test of the module loaded it)."""
    assert ingest_file(shared_locations, located).status in ("succeeded", "skipped")


def _file(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + HEADER + "".join(lines)).encode())
    return path


def _row(code: int, state: str = "Texas", lat: str = "31.5") -> str:
    return f"{code},Plant {code},Utility,City,County,{state},solar,5,202311,-97.25,{lat}\n"


def test_a_new_file_replaces_every_location_at_once(db_url: str, tmp_path: Path) -> None:
    first = _file(tmp_path, "a.csv", *(_row(code) for code in range(1, 11)))
    assert ingest_file(first, db_url).status == "succeeded"
    second = _file(tmp_path, "b.csv", *(_row(code, "TX") for code in range(5, 15)))
    outcome = ingest_file(second, db_url)
    assert outcome.status == "succeeded"
    assert outcome.notes == ["plant locations of 2023-11: 10 plants, replacing 10"]
    assert [r[0] for r in rows(db_url, "SELECT plant_id FROM plant_locations ORDER BY 1")] == list(
        range(5, 15)
    )
    assert scalar(db_url, "SELECT source FROM location_datasets") == "b.csv"


def test_too_many_rejects_refuse_the_file_and_keep_the_old_locations(
    db_url: str, tmp_path: Path
) -> None:
    assert ingest_file(_file(tmp_path, "a.csv", _row(1), _row(2)), db_url).status == "succeeded"
    bad = _file(tmp_path, "b.csv", _row(7), _row(8, lat="north"), _row(9, "Atlantis"))
    outcome = ingest_file(bad, db_url)
    assert (outcome.status, outcome.error_code) == ("failed", "too_many_rejects")
    assert outcome.error == (
        "b.csv line 3 column Latitude: 2 of 3 rows rejected (66.7%), more than the 1.0% allowed "
        "(--max-reject-ratio); the first: not a number (Latitude='north')"
    )
    assert outcome.rejects[1] == {
        "line": 4,
        "column": "State",
        "value": "Atlantis",
        "reason": "not a state eGRID reports (a full name such as Texas, or TX)",
    }
    assert rows(db_url, "SELECT plant_id FROM plant_locations ORDER BY 1") == [(1,), (2,)]
    assert rows(db_url, "SELECT source FROM location_datasets") == [("a.csv",)]


def test_a_much_smaller_file_needs_force(db_url: str, tmp_path: Path) -> None:
    whole = _file(tmp_path, "a.csv", *(_row(code) for code in range(1, 21)))
    assert ingest_file(whole, db_url).status == "succeeded"
    half = _file(tmp_path, "b.csv", *(_row(code) for code in range(1, 11)))
    refused = ingest_file(half, db_url)
    assert refused.error_code == "shrink_refused"  # the code a client offers force on
    assert refused.error == (
        "b.csv: would replace 20 plant locations with 10 (50.0% fewer, more than 10%); "
        "if the smaller file is right, ingest it again with --force"
    )
    assert scalar(db_url, "SELECT COUNT(*) FROM plant_locations") == 20
    assert ingest_file(half, db_url, force=True).status == "succeeded"
    assert scalar(db_url, "SELECT COUNT(*) FROM plant_locations") == 10


def test_a_file_missing_a_coordinate_column_is_refused(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("Plant_Code,Plant_Name,State,Longitude\n1,A,Texas,-97\n")
    outcome = ingest_file(path, db_url)
    assert (outcome.status, outcome.error_code, outcome.error) == (
        "failed",
        "missing_columns",
        "c.csv line 1: missing required plant-location column(s): Latitude",
    )
    assert scalar(db_url, "SELECT COUNT(*) FROM location_datasets") == 0


def test_a_header_without_rows_is_refused_with_its_own_code(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("Plant_Code,Plant_Name,State,Latitude,Longitude\n\n")
    outcome = ingest_file(path, db_url)
    assert (outcome.status, outcome.kind, outcome.error_code, outcome.error) == (
        "failed",
        "locations",
        "no_location_rows",
        "h.csv: no plant-location rows found after the header",
    )
    stored = "SELECT status, error_code FROM ingestions WHERE id = :id"
    assert rows(db_url, stored, id=outcome.run_id) == [("failed", "no_location_rows")]


def test_migration_0007_goes_down_and_up_again(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from gridlens.db.engine import get_engine
    from gridlens.db.migrate import alembic_config

    def tables() -> set[str]:
        engine = get_engine(db_url)
        engine.dispose()
        return set(inspect(engine).get_table_names()) & {"plant_locations", "location_datasets"}

    assert tables() == {"plant_locations", "location_datasets"}
    config = alembic_config(db_url)
    with get_engine(db_url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert tables() == set()
    upgrade(db_url)
    assert tables() == {"plant_locations", "location_datasets"}


def test_the_upload_check_takes_a_locations_file_and_names_what_it_lacks(
    shared_locations: Path,
) -> None:
    from gridlens.ingest.uploads import SNIFF_BYTES, UploadRefused, sniff

    with shared_locations.open("rb") as stream:
        sniff(stream.read(SNIFF_BYTES), "power_plants_202311.csv")
    with pytest.raises(UploadRefused) as refused:
        sniff(b"Plant_Code,Plant_Name,State,Latitude\n1,A,Texas,31\n", "eia.csv")
    assert refused.value.status == 422
    assert str(refused.value) == (
        "not an EIA plant-locations file: eia.csv line 1: missing required plant-location "
        "column(s): Longitude"
    )


@pytest.mark.usefixtures("loaded_locations")
def test_the_api_maps_the_real_plants(located: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from gridlens.api.app import create_app
    from gridlens.settings import Settings
    from tests.unit.api.signin import signed_in

    settings = Settings(
        env="test", database_url=located, store_url=str(tmp_path), web_dist=str(tmp_path / "no")
    )
    with TestClient(signed_in(create_app(settings))) as client:
        texas = client.get("/api/v1/plants/map", params={"state": "TX", "limit": 10}).json()
        nation = client.get("/api/v1/plants/map", params={"limit": 5000}).json()
        top = client.get("/api/v1/plants/top", params={"n": 1}).json()

    assert texas["located"] == 10
    assert texas["features"][0]["geometry"] == {"type": "Point", "coordinates": [-96.0481, 28.795]}
    assert texas["features"][0]["properties"]["name"] == "South Texas Project"
    assert (len(nation["features"]), nation["located"]) == (5000, 4953)
    unlocated = [f["properties"] for f in nation["features"][:200] if f["geometry"] is None]
    assert [(p["plant_id"], p["name"], p["state"]) for p in unlocated] == [
        (2709, "H F Lee Steam Electric Plant", "NC")
    ]
    assert top["plants"][0]["location"] == {
        "lat": 33.3881,
        "lon": -112.8617,
        "city": "Wintersburg",
        "county": "Maricopa",
    }
