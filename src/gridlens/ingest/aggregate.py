"""A year's plants from its staged rows: the same sums, first row and fuel ranking on both
databases, the ranking's last step in each database's own best form.

A plant's sums are in line order (the staged table is in line order); its state and name come
from its first row (flagged as it was staged); its primary fuel is its only one or, for the plants
that may have more (listed in the fuels table as they were staged), the fuel with the largest
positive generation, else the largest nameplate capacity, ties alphabetical.
"""

from __future__ import annotations

from gridlens.ingest.scratch import FUELS

COLUMNS = "year, plant_id, state, name, net_generation_kwh, nameplate_mw, generators, primary_fuel"

_PER_PLANT = """
    SELECT plant_id, SUM(net_generation_kwh) AS generation, SUM(nameplate_mw) AS capacity,
           COUNT(*) AS generators,
           MIN(state) FILTER (WHERE first_row) AS state,
           MIN(plant_name) FILTER (WHERE first_row) AS name,
           MIN(fuel) AS fuel
    FROM {table} GROUP BY plant_id
"""
_PER_FUEL = f"""
    SELECT plant_id, fuel, SUM(net_generation_kwh) AS generation, SUM(nameplate_mw) AS capacity
    FROM {{table}}
    WHERE fuel IS NOT NULL AND plant_id IN (SELECT plant_id FROM {FUELS})
    GROUP BY plant_id, fuel
"""
_FUEL_ORDER = (
    "CASE WHEN generation > 0 THEN generation ELSE 0 END DESC, COALESCE(capacity, 0) DESC, fuel"
)

# PostgreSQL ranks in the statement that inserts the plants: DISTINCT ON is one sort. Ranking into
# the fuels table first (UPDATE ... FROM) made 100x GEN23 ingestion 7x slower (docs/ingestion.md).
_POSTGRES = f"""
    WITH per_plant AS ({_PER_PLANT}), ranked AS (
        SELECT DISTINCT ON (plant_id) plant_id, fuel FROM ({_PER_FUEL}) per_fuel
        ORDER BY plant_id, {_FUEL_ORDER}
    )
    SELECT :year, p.plant_id, p.state, p.name, p.generation, p.capacity, p.generators,
           COALESCE(u.fuel, p.fuel)
    FROM per_plant p LEFT JOIN ranked u ON u.plant_id = p.plant_id
"""
# SQLite has no DISTINCT ON, and its planner runs a windowed subquery once per plant when it is
# joined directly: the ranked fuels are written into the fuels table first (RANK_FUELS).
_SQLITE = f"""
    WITH per_plant AS ({_PER_PLANT})
    SELECT :year, p.plant_id, p.state, p.name, p.generation, p.capacity, p.generators,
           COALESCE(u.fuel, p.fuel)
    FROM per_plant p LEFT JOIN {FUELS} u ON u.plant_id = p.plant_id
"""
RANK_FUELS = f"""
    INSERT OR REPLACE INTO {FUELS} (plant_id, fuel)
    SELECT plant_id, fuel FROM (
        SELECT plant_id, fuel,
               ROW_NUMBER() OVER (PARTITION BY plant_id ORDER BY {_FUEL_ORDER}) AS rn
        FROM ({_PER_FUEL}) per_fuel
    ) ranked WHERE rn = 1
"""


def plant_rows(dialect: str, table: str) -> str:
    """SELECT of the year's plants (COLUMNS, :year bound) from the staged table; on SQLite after
    RANK_FUELS."""
    return (_POSTGRES if dialect == "postgresql" else _SQLITE).format(table=table)
