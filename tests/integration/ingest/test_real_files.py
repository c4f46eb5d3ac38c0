"""The shared real eGRID files, ingested into both databases: the README's facts, exactly."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridlens.db.migrate import upgrade
from gridlens.egrid.numbers import to_float
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.ingest.helpers import ingest_file, rows, scalar, top_plants


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(
    request: pytest.FixtureRequest, shared_egrid: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database per backend holding GEN21, GEN22 and GEN23, ingested once for the module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'gridlens.db'}"
    else:
        url = create_pg_database(request.getfixturevalue("pg_server"))
    upgrade(url)
    for name in ("gen21_bom_excel_formatted.csv", "gen22_excel_formatted.csv", "gen23.csv"):
        outcome = ingest_file(shared_egrid / name, url)
        assert outcome.status == "succeeded", outcome.error
    yield url
    if request.param == "postgresql":
        drop_pg_database(request.getfixturevalue("pg_server"), url)


def test_gen23_counts(loaded: str) -> None:
    assert scalar(loaded, "SELECT COUNT(*) FROM generators WHERE year = 2023") == 26_601
    assert scalar(loaded, "SELECT COUNT(*) FROM plants WHERE year = 2023") == 12_611
    assert scalar(loaded, "SELECT COUNT(DISTINCT state) FROM plants WHERE year = 2023") == 52
    unknown = "SELECT COUNT(*) FROM generators WHERE year = 2023 AND net_generation_kwh IS NULL"
    assert scalar(loaded, unknown) == 705
    no_generation = "SELECT COUNT(*) FROM plants WHERE year = 2023 AND net_generation_kwh IS NULL"
    assert scalar(loaded, no_generation) == 372
    negative = "SELECT COUNT(*) FROM generators WHERE year = 2023 AND net_generation_kwh < 0"
    assert scalar(loaded, negative) == 985
    negative_plants = "SELECT COUNT(*) FROM plants WHERE year = 2023 AND net_generation_kwh < 0"
    assert scalar(loaded, negative_plants) == 276


def test_gen23_national_top5(loaded: str) -> None:
    assert top_plants(loaded, 2023, 5) == [
        (6008, "Palo Verde", 31_522_590),
        (46, "Browns Ferry", 30_820_510),
        (649, "Vogtle", 23_036_612),
        (3265, "Oconee", 22_246_735),
        (3166, "Peach Bottom", 22_197_093),
    ]


def test_gen23_texas_and_dc_top3(loaded: str) -> None:
    assert [(name, mwh) for _, name, mwh in top_plants(loaded, 2023, 3, "TX")] == [
        ("South Texas Project", 21_787_144),
        ("Comanche Peak", 18_892_726),
        ("Oak Grove", 12_011_783),
    ]
    assert [(name, mwh) for _, name, mwh in top_plants(loaded, 2023, 3, "DC")] == [
        ("Walt Bailey Bioenergy Facility", 58_267),
        ("AOC, Capitol Power Plant", 49_412),
        ("GSA Central Heating", 30_640),
    ]


def test_gen23_plant_facts(loaded: str) -> None:
    palo_verde = rows(
        loaded,
        "SELECT state, generators, primary_fuel FROM plants WHERE year = 2023 AND plant_id = 6008",
    )
    assert palo_verde == [("AZ", 3, "NUC")]
    # 30 names map to more than one ORISPL: plants are never merged by name.
    shared_names = (
        "SELECT COUNT(*) FROM (SELECT name FROM plants WHERE year = 2023 "
        "GROUP BY name HAVING COUNT(DISTINCT plant_id) > 1) t"
    )
    assert scalar(loaded, shared_names) == 30
    leading_zeros = (
        "SELECT COUNT(*) FROM generators WHERE year = 2023 AND generator_id IN ('0001', '011')"
    )
    assert int(scalar(loaded, leading_zeros)) > 0  # type: ignore[call-overload]


def test_gen22_keeps_epa_repeats_and_blank_ids(loaded: str) -> None:
    assert scalar(loaded, "SELECT COUNT(*) FROM generators WHERE year = 2022") == 25_843
    assert scalar(loaded, "SELECT COUNT(*) FROM plants WHERE year = 2022") == 11_973
    braunig = rows(
        loaded,
        "SELECT generator_id, COUNT(*) FROM generators WHERE year = 2022 AND plant_id = 3612 "
        "AND generator_id IN ('1', '2', '3') GROUP BY generator_id ORDER BY generator_id",
    )
    assert braunig == [("1", 2), ("2", 2), ("3", 2)]
    blank_ids = rows(
        loaded,
        "SELECT plant_id FROM generators WHERE year = 2022 AND generator_id IS NULL "
        "ORDER BY plant_id",
    )
    assert blank_ids == [(51,), (6061,), (10698,), (59036,)]
    run = rows(
        loaded,
        "SELECT warnings_count, rows_rejected FROM ingestions "
        "WHERE year = 2022 AND status = 'succeeded'",
    )
    # 4 blank GENIDs, 3 repeated IDs at V H Braunig, 1 at Long Ridge.
    assert run == [(8, 0)]


def test_gen22_state_totals_match_st22(loaded: str, shared_egrid: Path) -> None:
    with (shared_egrid / "st22_excel_formatted.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        header = [cell.strip().upper() for cell in next(reader)]
        state_col, total_col = header.index("PSTATABB"), header.index("STNGENAN")
        epa = {row[state_col]: to_float(row[total_col]) for row in reader if row[state_col]}
    ours = dict(
        rows(
            loaded,
            "SELECT state, SUM(net_generation_kwh) / 1000.0 FROM plants "
            "WHERE year = 2022 GROUP BY state",
        )
    )
    assert len(epa) == 52
    assert set(ours) == set(epa)
    off = {
        state: (ours[state], total)
        for state, total in epa.items()
        if abs(float(ours[state]) - float(total or 0)) > 150  # type: ignore[arg-type]
    }
    assert off == {}


def test_gen21_with_bom(loaded: str) -> None:
    assert scalar(loaded, "SELECT COUNT(*) FROM generators WHERE year = 2021") == 25_031
    assert scalar(loaded, "SELECT MIN(seq) FROM generators WHERE year = 2021") == 1
    years = rows(loaded, "SELECT year, generators FROM datasets ORDER BY year")
    assert years == [(2021, 25_031), (2022, 25_843), (2023, 26_601)]
