"""Migration 0003 on both databases: stored MWh become exact integer kWh, loaded years get their
ranks, fuel categories and state totals, and the downgrade gives the MWh back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from gridlens.db.engine import get_engine
from gridlens.db.migrate import alembic_config, upgrade
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.ingest.helpers import rows


@pytest.fixture(params=["sqlite", "postgresql"])
def at_0002(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at revision 0002 holding a year as 0002 stored it (MWh as floats)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url = create_pg_database(request.getfixturevalue("pg_server"))
    upgrade(url, "0002")
    with get_engine(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO generators (year, line, plant_id, state, plant_name, fuel, "
                "net_generation_mwh, ozone_net_generation_mwh) VALUES "
                "(2023, 3, 46, 'AL', 'Browns Ferry', 'NUC', 9747254.333, 4000000.001), "
                "(2023, 4, 46, 'AL', 'Browns Ferry', 'NUC', 21073255.666, NULL), "
                "(2023, 5, 7, 'AL', 'Gas', 'NG', -11.383, -5.5)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO plants (year, plant_id, state, name, net_generation_mwh, "
                "generators, primary_fuel) VALUES "
                "(2023, 46, 'AL', 'Browns Ferry', 30820509.999, 2, 'NUC'), "
                "(2023, 7, 'AL', 'Gas', -11.383, 1, 'NG'), "
                "(2023, 8, 'AL', 'Nothing known', NULL, 1, NULL)"
            )
        )
    yield url
    if request.param == "postgresql":
        drop_pg_database(request.getfixturevalue("pg_server"), url)


def test_upgrade_makes_kwh_and_standings_and_downgrade_gives_mwh_back(at_0002: str) -> None:
    url = at_0002
    upgrade(url)

    assert rows(
        url,
        "SELECT line, net_generation_kwh, ozone_net_generation_kwh FROM generators ORDER BY line",
    ) == [(3, 9_747_254_333, 4_000_000_001), (4, 21_073_255_666, None), (5, -11_383, -5_500)]
    assert rows(
        url,
        "SELECT plant_id, net_generation_kwh, fuel_category, rank_in_nation, rank_in_state, "
        "rank_in_state_fuel, search_name FROM plants ORDER BY plant_id",
    ) == [
        (7, -11_383, "gas", 2, 2, 1, "gas"),
        (8, None, "other", None, None, None, "nothing known"),
        (46, 30_820_509_999, "nuclear", 1, 1, 1, "browns ferry"),
    ]
    assert rows(
        url,
        "SELECT state, fuel_category, plants, net_generation_kwh FROM state_fuel_totals "
        "ORDER BY state, fuel_category",
    ) == [
        ("AL", "gas", 1, -11_383),
        ("AL", "nuclear", 1, 30_820_509_999),
        ("AL", "other", 1, 0),
        ("US", "gas", 1, -11_383),
        ("US", "nuclear", 1, 30_820_509_999),
        ("US", "other", 1, 0),
    ]

    config = alembic_config(url)
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert rows(url, "SELECT plant_id, net_generation_mwh FROM plants ORDER BY plant_id") == [
        (7, -11.383),
        (8, None),
        (46, 30820509.999),
    ]
    assert rows(url, "SELECT line, net_generation_mwh FROM generators ORDER BY line") == [
        (3, 9747254.333),
        (4, 21073255.666),
        (5, -11.383),
    ]
