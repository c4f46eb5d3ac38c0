"""The ranking query is an index walk on both databases: no sort, the rank index read in order."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from gridlens.db.engine import get_engine
from gridlens.db.tables import Plant
from gridlens.egrid.fuels import FuelCategory
from gridlens.egrid.states import STATES
from gridlens.plants.queries import top_plants_statement, with_previous

YEARS = (2022, 2023)
PER_STATE = 50  # 52 states x 50 plants x 2 years = 5,200 rows: enough that a scan costs more


def load_plants(connection: Connection) -> None:
    rows = [
        {
            "year": year,
            "plant_id": index * 100 + number,
            "state": code,
            "name": f"Plant {code} {number}",
            # Every tenth unknown, a few negative, many ties: the shapes real data has.
            "net_generation_kwh": None if number % 10 == 0 else (number % 7 - 1) * 1_000_000,
            "nameplate_mw": 10.0,
            "generators": 1,
            "primary_fuel": "NG" if number % 3 else "SUN",
            "fuel_category": "gas" if number % 3 else "solar",
        }
        for year in YEARS
        for index, code in enumerate(sorted(STATES), start=1)
        for number in range(PER_STATE)
    ]
    connection.execute(insert(Plant), rows)
    # Statistics as after a real load, so the planner prices the index against a scan.
    connection.execute(text("ANALYZE"))


def explain_postgresql(
    connection: Connection, state: str | None, fuel: FuelCategory | None = None
) -> dict[str, Any]:
    sql = top_plants_statement(2023, state, 10, fuel).compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    raw = connection.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one()
    plan: dict[str, Any] = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    return plan


def nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(node for child in plan.get("Plans", []) for node in nodes(child))]


@pytest.mark.parametrize(
    ("state", "index"), [("TX", "ix_plants_year_state_rank"), (None, "ix_plants_year_rank")]
)
def test_postgresql_walks_the_rank_index(pg_url: str, state: str | None, index: str) -> None:
    with get_engine(pg_url).begin() as connection:
        load_plants(connection)
        plan = explain_postgresql(connection, state)

    assert plan["Node Type"] == "Limit"
    ranking = [child for child in plan["Plans"] if child["Parent Relationship"] == "Outer"]
    assert [(n["Node Type"], n.get("Index Name")) for n in ranking] == [("Index Scan", index)]
    assert "Sort" not in {node["Node Type"] for node in nodes(plan)}, plan


@pytest.mark.parametrize(
    ("state", "index"), [("TX", "ix_plants_year_state_rank"), (None, "ix_plants_year_rank")]
)
def test_sqlite_walks_the_rank_index(sqlite_url: str, state: str | None, index: str) -> None:
    sql = top_plants_statement(2023, state, 10).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    with get_engine(sqlite_url).begin() as connection:
        load_plants(connection)
        plan = [row.detail for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]

    # The first line is the ranking itself; the scalar subquery (the total) follows.
    assert plan[0].startswith(f"SEARCH plants USING INDEX {index} ("), plan
    assert not any("TEMP B-TREE" in line for line in plan), plan


@pytest.mark.parametrize(
    ("state", "index"),
    [("TX", "ix_plants_year_state_fuel_rank"), (None, "ix_plants_year_fuel_rank")],
)
def test_one_fuel_is_an_index_walk_too(db_url: str, state: str | None, index: str) -> None:
    with get_engine(db_url).begin() as connection:
        load_plants(connection)
        if connection.dialect.name == "postgresql":
            plan = explain_postgresql(connection, state, FuelCategory.SOLAR)
            ranking = [c for c in plan["Plans"] if c["Parent Relationship"] == "Outer"]
            assert [(n["Node Type"], n.get("Index Name")) for n in ranking] == [
                ("Index Scan", index)
            ]
            assert "Sort" not in {node["Node Type"] for node in nodes(plan)}, plan
            return
        sql = top_plants_statement(2023, state, 10, FuelCategory.SOLAR).compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
        )
        lines = [row.detail for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    assert lines[0].startswith(f"SEARCH plants USING INDEX {index} ("), lines
    assert not any("TEMP B-TREE" in line for line in lines), lines


@pytest.mark.parametrize("state", ["TX", None])
def test_previous_ranks_are_key_lookups(db_url: str, state: str | None) -> None:
    statement = with_previous(top_plants_statement(2023, state, 10), 2022, state, None)
    with get_engine(db_url).begin() as connection:
        load_plants(connection)
        dialect = connection.dialect
        sql = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        if dialect.name == "postgresql":
            raw = connection.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one()
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
            scans = {(n["Node Type"], n.get("Index Name")) for n in nodes(plan)}
            lines = [json.dumps(plan)]
        else:
            lines = [row.detail for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
            scans = set()
    if dialect.name == "postgresql":
        assert not {kind for kind, _ in scans} & {"Seq Scan", "Sort"}, lines
        lookups = {("Index Scan", "pk_plants"), ("Index Scan", "ix_plants_plant_year")}
        assert scans & lookups, lines
    else:
        # The ten ranked rows are sorted again after the join: ten rows, not the year.
        assert lines[1].startswith("SEARCH plants USING INDEX ix_plants_year_"), lines
        lookup = "SEARCH past USING INDEX ix_plants_plant_year (plant_id=? AND year=?) LEFT-JOIN"
        assert lookup in lines, lines
        assert not any(line.startswith("SCAN plants") for line in lines), lines
